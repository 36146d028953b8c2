import { alpha, blank, num, record, zeros } from './fixed-width-record';

/**
 * CNAB 400 collection returns written by hand from the banks' manuals:
 *  - Itaú (341), "Cobrança - CNAB 400 - layout de arquivos", arquivo retorno;
 *  - Bradesco (237), "Cobrança Bradesco - layout CNAB 400", arquivo retorno.
 * Each: a header, two details (one settled with interest, one written off), a trailer.
 */

// ------------------------------------------------------------------ Itaú (341)

export const ITAU_HEADER = record(400, [
  ['001-001', '0'], // tipo de registro: 0 header
  ['002-002', '2'], // código de retorno: 2
  ['003-009', 'RETORNO'], // literal de retorno
  ['010-011', '01'], // código do serviço: 01 cobrança
  ['012-026', alpha('COBRANCA', 15)], // literal de serviço
  ['027-030', '0057'], // agência mantenedora da conta
  ['031-032', '00'], // complemento de registro: zeros
  ['033-037', '12345'], // número da conta corrente da empresa
  ['038-038', '7'], // DAC da agência/conta
  ['039-046', blank(8)], // complemento do registro: brancos
  ['047-076', alpha('CREDORA EXEMPLO LTDA', 30)], // nome por extenso da empresa mãe
  ['077-079', '341'], // número do banco na câmara de compensação
  ['080-094', alpha('BANCO ITAU SA', 15)], // nome por extenso do banco cobrador
  ['095-100', '281126'], // data de geração do arquivo DDMMAA
  ['101-105', '01600'], // unidade de densidade
  ['106-108', 'BPI'], // densidade de gravação do arquivo
  ['109-113', '00007'], // número sequencial do arquivo retorno
  ['114-119', '301126'], // data de crédito dos lançamentos DDMMAA
  ['120-394', blank(275)], // complemento do registro: brancos
  ['395-400', '000001'], // número sequencial do registro no arquivo
]);

function itauDetail(d: {
  nossoNumero: string;
  occurrence: string;
  occurredOn: string;
  document: string;
  dueDate: string;
  face: number;
  tariff: number;
  discount: number;
  paid: number;
  interest: number;
  creditedOn: string;
  payer: string;
  sequence: number;
}): string {
  return record(400, [
    ['001-001', '1'], // tipo de registro: 1 transação
    ['002-003', '02'], // código de inscrição: 02 CNPJ
    ['004-017', '12345678000195'], // número de inscrição da empresa
    ['018-021', '0057'], // agência mantenedora da conta
    ['022-023', '00'], // zeros
    ['024-028', '12345'], // conta corrente
    ['029-029', '7'], // DAC
    ['030-037', blank(8)], // brancos
    ['038-062', alpha(`DEBT-${d.nossoNumero}`, 25)], // uso da empresa
    ['063-070', d.nossoNumero], // nosso número (identificação do título no banco)
    ['071-082', blank(12)], // brancos
    ['083-085', '109'], // número da carteira
    ['086-093', d.nossoNumero], // nosso número
    ['094-094', '3'], // DAC do nosso número
    ['095-107', blank(13)], // brancos
    ['108-108', 'I'], // código da carteira
    ['109-110', d.occurrence], // código de ocorrência (nota 17)
    ['111-116', d.occurredOn], // data de ocorrência no banco DDMMAA
    ['117-126', alpha(d.document, 10)], // nº do documento de cobrança (seu número)
    ['127-134', d.nossoNumero], // confirmação do nosso número
    ['135-146', blank(12)], // brancos
    ['147-152', d.dueDate], // data de vencimento do título DDMMAA
    ['153-165', num(d.face, 13)], // valor nominal do título
    ['166-168', '341'], // número do banco na câmara de compensação
    ['169-172', '1500'], // agência cobradora
    ['173-173', '4'], // DAC da agência cobradora
    ['174-175', '01'], // espécie do título
    ['176-188', num(d.tariff, 13)], // valor da despesa de cobrança (tarifa)
    ['189-214', blank(26)], // brancos
    ['215-227', zeros(13)], // valor do IOF
    ['228-240', zeros(13)], // valor do abatimento concedido
    ['241-253', num(d.discount, 13)], // valor do desconto concedido
    ['254-266', num(d.paid, 13)], // valor principal (valor lançado em conta corrente)
    ['267-279', num(d.interest, 13)], // juros de mora/multa
    ['280-292', zeros(13)], // outros créditos
    ['293-293', ' '], // indicador de boleto DDA
    ['294-295', blank(2)], // brancos
    ['296-301', d.creditedOn], // data de crédito DDMMAA
    ['302-305', blank(4)], // código da instrução cancelada
    ['306-311', blank(6)], // brancos
    ['312-324', zeros(13)], // zeros
    ['325-354', alpha(d.payer, 30)], // nome do pagador
    ['355-377', blank(23)], // brancos
    ['378-385', blank(8)], // erros/mensagem informativa
    ['386-392', blank(7)], // brancos
    ['393-394', 'AA'], // código de liquidação (meio de pagamento)
    ['395-400', num(d.sequence, 6)], // número sequencial do registro no arquivo
  ]);
}

/** Settled (06) on 27/11/2026: face 200,00, paid 204,10 with 4,10 interest, tariff 1,80, credited 30/11. */
export const ITAU_SETTLED = itauDetail({
  nossoNumero: '00012345',
  occurrence: '06',
  occurredOn: '271126',
  document: 'CTR-0001',
  dueDate: '251126',
  face: 20000,
  tariff: 180,
  discount: 0,
  paid: 20410,
  interest: 410,
  creditedOn: '301126',
  payer: 'ANTÔNIO GONÇALVES',
  sequence: 2,
});

/** Written off (09, baixa simples) on 26/11/2026: face 75,50, nothing paid, no credit date. */
export const ITAU_WRITTEN_OFF = itauDetail({
  nossoNumero: '00012346',
  occurrence: '09',
  occurredOn: '261126',
  document: 'CTR-0002',
  dueDate: '101126',
  face: 7550,
  tariff: 0,
  discount: 0,
  paid: 0,
  interest: 0,
  creditedOn: '000000',
  payer: 'MARIA DAS GRAÇAS',
  sequence: 3,
});

export function itauTrailer(details: number, totalCentavos: number, sequence = 4): string {
  return record(400, [
    ['001-001', '9'], // tipo de registro: 9 trailer
    ['002-002', '2'], // código de retorno
    ['003-004', '01'], // código de serviço
    ['005-007', '341'], // código do banco
    ['008-017', blank(10)], // brancos
    ['018-025', num(details, 8)], // quantidade de títulos em cobrança simples
    ['026-039', num(totalCentavos, 14)], // valor total dos títulos em cobrança simples
    ['040-047', blank(8)], // referência do aviso bancário
    ['048-057', blank(10)], // brancos
    ['058-065', zeros(8)], // quantidade de títulos em cobrança vinculada
    ['066-079', zeros(14)], // valor total em cobrança vinculada
    ['080-087', blank(8)], // referência do aviso bancário
    ['088-177', blank(90)], // brancos
    ['178-185', zeros(8)], // quantidade de títulos em cobrança direta/escritural
    ['186-199', zeros(14)], // valor total em cobrança direta/escritural
    ['200-207', blank(8)], // referência do aviso bancário
    ['208-212', '00007'], // controle do arquivo: número sequencial do arquivo retorno
    ['213-220', num(details, 8)], // quantidade de detalhes
    ['221-234', num(totalCentavos, 14)], // valor total informado
    ['235-394', blank(160)], // brancos
    ['395-400', num(sequence, 6)], // número sequencial do registro no arquivo
  ]);
}

export const ITAU_RETURN_LINES: readonly string[] = [ITAU_HEADER, ITAU_SETTLED, ITAU_WRITTEN_OFF, itauTrailer(2, 20000 + 7550)];

// -------------------------------------------------------------- Bradesco (237)

export const BRADESCO_HEADER = record(400, [
  ['001-001', '0'], // identificação do registro: 0
  ['002-002', '2'], // identificação do arquivo-retorno: 2
  ['003-009', 'RETORNO'], // literal retorno
  ['010-011', '01'], // código do serviço: 01
  ['012-026', alpha('COBRANCA', 15)], // literal serviço
  ['027-046', num('4567890', 20)], // código da empresa no banco
  ['047-076', alpha('CREDORA EXEMPLO LTDA', 30)], // nome da empresa por extenso
  ['077-079', '237'], // número do Bradesco na câmara de compensação
  ['080-094', alpha('BRADESCO', 15)], // nome do banco por extenso
  ['095-100', '281126'], // data da gravação do arquivo DDMMAA
  ['101-108', '01600000'], // densidade de gravação
  ['109-113', '00031'], // número do aviso bancário (sequencial do arquivo)
  ['114-379', blank(266)], // brancos
  ['380-385', '301126'], // data do crédito DDMMAA
  ['386-394', blank(9)], // brancos
  ['395-400', '000001'], // número sequencial do registro
]);

function bradescoDetail(d: {
  nossoNumero: string;
  occurrence: string;
  occurredOn: string;
  document: string;
  dueDate: string;
  face: number;
  tariff: number;
  paid: number;
  interest: number;
  creditedOn: string;
  sequence: number;
}): string {
  return record(400, [
    ['001-001', '1'], // identificação do registro: 1
    ['002-003', '02'], // tipo de inscrição da empresa: 02 CNPJ
    ['004-017', '12345678000195'], // número de inscrição da empresa
    ['018-020', '000'], // zeros
    ['021-037', '00090123400456789'], // identificação da empresa no banco: zero, carteira, agência, conta, dígito
    ['038-062', alpha(`DEBT-${d.nossoNumero}`, 25)], // nº controle do participante
    ['063-070', zeros(8)], // zeros
    ['071-081', d.nossoNumero], // identificação do título no banco (nosso número)
    ['082-082', 'P'], // dígito do nosso número
    ['083-092', zeros(10)], // uso do banco
    ['093-104', zeros(12)], // uso do banco
    ['105-105', ' '], // indicador de rateio de crédito
    ['106-107', '00'], // pagamento parcial
    ['108-108', '9'], // carteira
    ['109-110', d.occurrence], // identificação de ocorrência
    ['111-116', d.occurredOn], // data da ocorrência no banco DDMMAA
    ['117-126', alpha(d.document, 10)], // número do documento
    ['127-146', alpha(d.nossoNumero, 20)], // identificação do título no banco
    ['147-152', d.dueDate], // data de vencimento do título DDMMAA
    ['153-165', num(d.face, 13)], // valor do título
    ['166-168', '237'], // banco cobrador
    ['169-173', '01234'], // agência cobradora
    ['174-175', blank(2)], // espécie do título: brancos
    ['176-188', num(d.tariff, 13)], // despesas de cobrança (tarifa)
    ['189-201', zeros(13)], // outras despesas/custas de protesto
    ['202-214', zeros(13)], // juros operação em atraso
    ['215-227', zeros(13)], // IOF devido
    ['228-240', zeros(13)], // abatimento concedido
    ['241-253', zeros(13)], // desconto concedido
    ['254-266', num(d.paid, 13)], // valor pago
    ['267-279', num(d.interest, 13)], // juros de mora
    ['280-292', zeros(13)], // outros créditos
    ['293-294', blank(2)], // brancos
    ['295-295', 'A'], // motivo do código de ocorrência: A aceito
    ['296-301', d.creditedOn], // data do crédito DDMMAA
    ['302-304', '001'], // origem do pagamento
    ['305-314', blank(10)], // brancos
    ['315-318', blank(4)], // quando cheque Bradesco: informe 0237
    ['319-328', zeros(10)], // motivos das rejeições
    ['329-368', blank(40)], // brancos
    ['369-370', blank(2)], // número do cartório
    ['371-380', blank(10)], // número do protocolo
    ['381-394', blank(14)], // brancos
    ['395-400', num(d.sequence, 6)], // número sequencial do registro
  ]);
}

/** Settled (06) on 26/11/2026: face 310,00, paid 316,20 with 6,20 interest, tariff 2,95, credited 27/11. */
export const BRADESCO_SETTLED = bradescoDetail({
  nossoNumero: '00000004242',
  occurrence: '06',
  occurredOn: '261126',
  document: 'CTR-0042',
  dueDate: '201126',
  face: 31000,
  tariff: 295,
  paid: 31620,
  interest: 620,
  creditedOn: '271126',
  sequence: 2,
});

/** Written off (10, baixado conforme instruções da agência) on 27/11/2026: face 45,00. */
export const BRADESCO_WRITTEN_OFF = bradescoDetail({
  nossoNumero: '00000004243',
  occurrence: '10',
  occurredOn: '271126',
  document: 'CTR-0043',
  dueDate: '151126',
  face: 4500,
  tariff: 0,
  paid: 0,
  interest: 0,
  creditedOn: '000000',
  sequence: 3,
});

export function bradescoTrailer(details: number, totalCentavos: number, sequence = 4): string {
  return record(400, [
    ['001-001', '9'], // identificação do registro: 9
    ['002-002', '2'], // identificação do retorno: 2
    ['003-004', '01'], // identificação do tipo de registro: 01
    ['005-007', '237'], // código do banco
    ['008-017', blank(10)], // brancos
    ['018-025', num(details, 8)], // quantidade de títulos em cobrança
    ['026-039', num(totalCentavos, 14)], // valor total em cobrança
    ['040-047', num(31, 8)], // nº do aviso bancário
    ['048-057', blank(10)], // brancos
    ['058-394', alpha(zeros(97), 337)], // quantidades e valores por ocorrência (02, 06, 09/10, 13, 14, 12, 19), rateios
    ['395-400', num(sequence, 6)], // número sequencial do registro
  ]);
}

export const BRADESCO_RETURN_LINES: readonly string[] = [BRADESCO_HEADER, BRADESCO_SETTLED, BRADESCO_WRITTEN_OFF, bradescoTrailer(2, 31000 + 4500)];
