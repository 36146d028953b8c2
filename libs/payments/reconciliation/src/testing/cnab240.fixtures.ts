import { alpha, blank, num, record, zeros } from './fixed-width-record';

/**
 * A CNAB 240 collection return written by hand from FEBRABAN's "Layout Padrão CNAB 240"
 * v10.11 (arquivo retorno de cobrança), as Banco do Brasil (001) sends it: one batch
 * with two títulos, one settled with interest, one whose entry was confirmed.
 */

// G001 banco, G002 lote, G003 tipo de registro
const BANK = '001';

export const CNAB240_FILE_HEADER_LINE = record(240, [
  ['001-003', BANK], // G001 código do banco na compensação
  ['004-007', '0000'], // G002 lote de serviço (0000 no header de arquivo)
  ['008-008', '0'], // G003 tipo de registro: 0 header de arquivo
  ['009-017', blank(9)], // G004 uso exclusivo FEBRABAN/CNAB
  ['018-018', '2'], // G005 tipo de inscrição da empresa: 2 CNPJ
  ['019-032', '12345678000195'], // G006 número de inscrição da empresa
  ['033-052', alpha('0012345670014', 20)], // G007 código do convênio no banco
  ['053-057', '01234'], // G008 agência mantenedora da conta
  ['058-058', '5'], // G009 dígito verificador da agência
  ['059-070', num(98765, 12)], // G010 número da conta corrente
  ['071-071', '0'], // G011 dígito verificador da conta
  ['072-072', ' '], // G012 dígito verificador da agência/conta
  ['073-102', alpha('CREDORA EXEMPLO LTDA', 30)], // G013 nome da empresa
  ['103-132', alpha('BANCO DO BRASIL S.A.', 30)], // G014 nome do banco
  ['133-142', blank(10)], // G004 uso exclusivo FEBRABAN/CNAB
  ['143-143', '2'], // G015 código remessa/retorno: 2 retorno
  ['144-151', '28112026'], // G016 data de geração do arquivo DDMMAAAA
  ['152-157', '063015'], // G017 hora de geração HHMMSS
  ['158-163', '000042'], // G018 número sequencial do arquivo (NSA)
  ['164-166', '103'], // G019 número da versão do layout do arquivo
  ['167-171', '01600'], // G020 densidade de gravação
  ['172-191', blank(20)], // G021 para uso reservado do banco
  ['192-211', blank(20)], // G022 para uso reservado da empresa
  ['212-240', blank(29)], // G004 uso exclusivo FEBRABAN/CNAB
]);

export const CNAB240_BATCH_HEADER_LINE = record(240, [
  ['001-003', BANK], // G001
  ['004-007', '0001'], // G002 lote de serviço
  ['008-008', '1'], // G003 tipo de registro: 1 header de lote
  ['009-009', 'T'], // G028 tipo de operação: T arquivo retorno
  ['010-011', '01'], // G025 tipo de serviço: 01 cobrança
  ['012-013', blank(2)], // G004 uso exclusivo
  ['014-016', '060'], // G030 versão do layout do lote
  ['017-017', ' '], // G004 uso exclusivo
  ['018-018', '2'], // G005 tipo de inscrição
  ['019-033', '012345678000195'], // G006 número de inscrição (15 no lote)
  ['034-053', alpha('0012345670014', 20)], // G007 convênio
  ['054-058', '01234'], // G008 agência
  ['059-059', '5'], // G009 DV agência
  ['060-071', num(98765, 12)], // G010 conta
  ['072-072', '0'], // G011 DV conta
  ['073-073', ' '], // G012 DV agência/conta
  ['074-103', alpha('CREDORA EXEMPLO LTDA', 30)], // G013 nome da empresa
  ['104-143', blank(40)], // C073 mensagem 1
  ['144-183', blank(40)], // C073 mensagem 2
  ['184-191', '00000042'], // G079 número remessa/retorno
  ['192-199', '28112026'], // G068 data de gravação remessa/retorno
  ['200-207', '30112026'], // C003 data do crédito
  ['208-240', blank(33)], // G004 uso exclusivo
]);

/** Título 1: settled (06) on 27/11/2026, face 150,00, paid 153,45 with 3,45 interest, tariff 2,50. */
export const CNAB240_T_SETTLED = record(240, [
  ['001-003', BANK], // G001
  ['004-007', '0001'], // G002
  ['008-008', '3'], // G003 tipo de registro: 3 detalhe
  ['009-013', '00001'], // G038 número sequencial do registro no lote
  ['014-014', 'T'], // G039 código de segmento
  ['015-015', ' '], // G004 uso exclusivo
  ['016-017', '06'], // C044 código de movimento retorno: 06 liquidação
  ['018-022', '01234'], // G008 agência
  ['023-023', '5'], // G009
  ['024-035', num(98765, 12)], // G010 conta
  ['036-036', '0'], // G011
  ['037-037', ' '], // G012
  ['038-057', alpha('12345670000000001', 20)], // G069 nosso número
  ['058-058', '1'], // C006 carteira
  ['059-073', alpha('CONTRATO-0001', 15)], // C011 número do documento de cobrança (seu número)
  ['074-081', '25112026'], // C012 data de vencimento do título
  ['082-096', num(15000, 15)], // G070 valor nominal do título (13,2)
  ['097-099', '001'], // C045 número do banco cobrador/recebedor
  ['100-104', '03210'], // C086 agência cobradora/recebedora
  ['105-105', '9'], // G009 DV
  ['106-130', alpha('DEBT-7f3a', 25)], // G072 identificação do título na empresa
  ['131-132', '09'], // G065 código da moeda: 09 real
  ['133-133', '1'], // G005 tipo de inscrição do pagador: 1 CPF
  ['134-148', num('52998224725', 15)], // G006 número de inscrição do pagador
  ['149-188', alpha('JOSÉ DA CONCEIÇÃO', 40)], // G013 nome do pagador
  ['189-198', zeros(10)], // C030 número do contrato da operação de crédito
  ['199-213', num(250, 15)], // G076 valor da tarifa/custas
  ['214-223', blank(10)], // C047 identificação para rejeições, tarifas, custas, liquidação e baixas
  ['224-240', blank(17)], // G004 uso exclusivo
]);

export const CNAB240_U_SETTLED = record(240, [
  ['001-003', BANK], // G001
  ['004-007', '0001'], // G002
  ['008-008', '3'], // G003
  ['009-013', '00002'], // G038
  ['014-014', 'U'], // G039
  ['015-015', ' '], // G004
  ['016-017', '06'], // C044
  ['018-032', num(345, 15)], // C048 juros/multa/encargos
  ['033-047', zeros(15)], // C049 valor do desconto concedido
  ['048-062', zeros(15)], // C050 valor do abatimento concedido/cancelado
  ['063-077', zeros(15)], // C051 valor do IOF recolhido
  ['078-092', num(15345, 15)], // C052 valor pago pelo pagador
  ['093-107', num(15095, 15)], // C053 valor líquido a ser creditado
  ['108-122', zeros(15)], // C054 valor de outras despesas
  ['123-137', zeros(15)], // C055 valor de outros créditos
  ['138-145', '27112026'], // C056 data da ocorrência
  ['146-153', '30112026'], // C057 data da efetivação do crédito
  ['154-157', blank(4)], // C058 código da ocorrência do pagador
  ['158-165', zeros(8)], // C059 data da ocorrência do pagador
  ['166-180', zeros(15)], // C060 valor da ocorrência do pagador
  ['181-210', blank(30)], // C061 complemento da ocorrência do pagador
  ['211-213', zeros(3)], // C031 código do banco correspondente na compensação
  ['214-233', blank(20)], // C032 nosso número do banco correspondente
  ['234-240', blank(7)], // G004
]);

/** Título 2: entry confirmed (02) on 25/11/2026, face 89,90, nothing paid, tariff 1,00, no credit date. */
export const CNAB240_T_CONFIRMED = record(240, [
  ['001-003', BANK],
  ['004-007', '0001'],
  ['008-008', '3'],
  ['009-013', '00003'],
  ['014-014', 'T'],
  ['015-015', ' '],
  ['016-017', '02'], // C044: 02 entrada confirmada
  ['018-022', '01234'],
  ['023-023', '5'],
  ['024-035', num(98765, 12)],
  ['036-036', '0'],
  ['037-037', ' '],
  ['038-057', alpha('12345670000000002', 20)],
  ['058-058', '1'],
  ['059-073', alpha('CONTRATO-0002', 15)],
  ['074-081', '10122026'],
  ['082-096', num(8990, 15)],
  ['097-099', '001'],
  ['100-104', '03210'],
  ['105-105', '9'],
  ['106-130', alpha('DEBT-91bc', 25)],
  ['131-132', '09'],
  ['133-133', '2'],
  ['134-148', num('11222333000181', 15)],
  ['149-188', alpha('MERCEARIA SÃO JOÃO LTDA', 40)],
  ['189-198', zeros(10)],
  ['199-213', num(100, 15)],
  ['214-223', blank(10)],
  ['224-240', blank(17)],
]);

export const CNAB240_U_CONFIRMED = record(240, [
  ['001-003', BANK],
  ['004-007', '0001'],
  ['008-008', '3'],
  ['009-013', '00004'],
  ['014-014', 'U'],
  ['015-015', ' '],
  ['016-017', '02'],
  ['018-032', zeros(15)],
  ['033-047', zeros(15)],
  ['048-062', zeros(15)],
  ['063-077', zeros(15)],
  ['078-092', zeros(15)],
  ['093-107', zeros(15)],
  ['108-122', zeros(15)],
  ['123-137', zeros(15)],
  ['138-145', '25112026'],
  ['146-153', zeros(8)], // no credit for an entry confirmation
  ['154-157', blank(4)],
  ['158-165', zeros(8)],
  ['166-180', zeros(15)],
  ['181-210', blank(30)],
  ['211-213', zeros(3)],
  ['214-233', blank(20)],
  ['234-240', blank(7)],
]);

export function cnab240BatchTrailer(recordCount: number, titles: number, totalCentavos: number): string {
  return record(240, [
    ['001-003', BANK], // G001
    ['004-007', '0001'], // G002
    ['008-008', '5'], // G003 tipo de registro: 5 trailer de lote
    ['009-017', blank(9)], // G004
    ['018-023', num(recordCount, 6)], // G057 quantidade de registros no lote
    ['024-029', num(titles, 6)], // C070 quantidade de títulos em cobrança simples
    ['030-046', num(totalCentavos, 17)], // C071 valor total dos títulos em carteiras simples
    ['047-052', zeros(6)], // C070 cobrança vinculada
    ['053-069', zeros(17)], // C071
    ['070-075', zeros(6)], // C070 cobrança caucionada
    ['076-092', zeros(17)], // C071
    ['093-098', zeros(6)], // C070 cobrança descontada
    ['099-115', zeros(17)], // C071
    ['116-123', blank(8)], // C072 número do aviso de lançamento
    ['124-240', blank(117)], // G004
  ]);
}

export function cnab240FileTrailer(batches: number, records: number): string {
  return record(240, [
    ['001-003', BANK], // G001
    ['004-007', '9999'], // G002 lote: 9999 no trailer de arquivo
    ['008-008', '9'], // G003 tipo de registro: 9 trailer de arquivo
    ['009-017', blank(9)], // G004
    ['018-023', num(batches, 6)], // G049 quantidade de lotes do arquivo
    ['024-029', num(records, 6)], // G056 quantidade de registros do arquivo
    ['030-035', zeros(6)], // G037 quantidade de contas para conciliação
    ['036-240', blank(205)], // G004
  ]);
}

/** The whole file: 8 lines, one batch of 6 records, 2 títulos worth 239,90. */
export const CNAB240_RETURN_LINES: readonly string[] = [
  CNAB240_FILE_HEADER_LINE,
  CNAB240_BATCH_HEADER_LINE,
  CNAB240_T_SETTLED,
  CNAB240_U_SETTLED,
  CNAB240_T_CONFIRMED,
  CNAB240_U_CONFIRMED,
  cnab240BatchTrailer(6, 2, 15000 + 8990),
  cnab240FileTrailer(1, 8),
];

/** Replaces the characters at 1-based positions `start`.. with `value` (for the bad-input specs). */
export function overwrite(line: string, start: number, value: string): string {
  return line.slice(0, start - 1) + value + line.slice(start - 1 + value.length);
}
