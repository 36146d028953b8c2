import type { Occurrence, OccurrenceKind, ReturnLayout } from './return-entry';

type Table = Readonly<Record<string, readonly [OccurrenceKind, string]>>;

/** FEBRABAN CNAB 240 v10.11, "Código de Movimento Retorno" (nota G044 / C044). */
const CNAB240: Table = {
  '02': ['entry-confirmed', 'Entrada confirmada'],
  '03': ['entry-rejected', 'Entrada rejeitada'],
  '04': ['other', 'Transferência de carteira/entrada'],
  '05': ['other', 'Transferência de carteira/baixa'],
  '06': ['settled', 'Liquidação'],
  '09': ['written-off', 'Baixa'],
  '11': ['other', 'Títulos em carteira (em ser)'],
  '12': ['other', 'Confirmação recebimento instrução de abatimento'],
  '13': ['other', 'Confirmação recebimento instrução de cancelamento abatimento'],
  '14': ['other', 'Confirmação recebimento instrução alteração de vencimento'],
  '17': ['settled', 'Liquidação após baixa ou liquidação título não registrado'],
  '19': ['protest', 'Confirmação recebimento instrução de protesto'],
  '20': ['other', 'Confirmação recebimento instrução de sustação/cancelamento de protesto'],
  '23': ['protest', 'Remessa a cartório (aponte em cartório)'],
  '24': ['protest', 'Retirada de cartório e manutenção em carteira'],
  '25': ['written-off', 'Protestado e baixado (baixa por ter sido protestado)'],
  '26': ['other', 'Instrução rejeitada'],
  '27': ['other', 'Confirmação do pedido de alteração de outros dados'],
  '28': ['fee', 'Débito de tarifas/custas'],
  '30': ['other', 'Alteração de dados rejeitada'],
};

/** Itaú, "Cobrança CNAB 400 - arquivo retorno", nota 17 (códigos de ocorrência). */
const ITAU_400: Table = {
  '02': ['entry-confirmed', 'Entrada confirmada'],
  '03': ['entry-rejected', 'Entrada rejeitada'],
  '04': ['other', 'Alteração de dados - nova entrada ou alteração/exclusão de dados acatada'],
  '05': ['other', 'Alteração de dados - baixa'],
  '06': ['settled', 'Liquidação normal'],
  '07': ['settled', 'Liquidação parcial - cobrança inteligente'],
  '08': ['settled', 'Liquidação em cartório'],
  '09': ['written-off', 'Baixa simples'],
  '10': ['written-off', 'Baixa por ter sido liquidado'],
  '14': ['other', 'Vencimento alterado'],
  '15': ['other', 'Baixas rejeitadas'],
  '19': ['protest', 'Confirma recebimento de instrução de protesto'],
  '28': ['fee', 'Débito de tarifas/custas'],
  '32': ['written-off', 'Baixa por ter sido protestado'],
};

/** Bradesco, "Cobrança Bradesco - CNAB 400 - arquivo retorno", identificação de ocorrência (109-110). */
const BRADESCO_400: Table = {
  '02': ['entry-confirmed', 'Entrada confirmada'],
  '03': ['entry-rejected', 'Entrada rejeitada'],
  '06': ['settled', 'Liquidação normal'],
  '09': ['written-off', 'Baixado automaticamente via arquivo'],
  '10': ['written-off', 'Baixado conforme instruções da agência'],
  '11': ['other', 'Em ser - arquivo de títulos pendentes'],
  '12': ['other', 'Abatimento concedido'],
  '14': ['other', 'Vencimento alterado'],
  '15': ['settled', 'Liquidação em cartório'],
  '16': ['settled', 'Título pago em cheque - vinculado'],
  '17': ['settled', 'Liquidação após baixa ou título não registrado'],
  '19': ['protest', 'Confirmação recebimento instrução de protesto'],
  '23': ['protest', 'Entrada do título em cartório'],
  '28': ['fee', 'Débito de tarifas/custas'],
};

const TABLES: Record<ReturnLayout, Table> = { cnab240: CNAB240, 'cnab400-itau': ITAU_400, 'cnab400-bradesco': BRADESCO_400 };

// One frozen value per layout and code: a return file repeats a handful of codes 100,000 times.
const CACHE = new Map<string, Occurrence>();

/** The bank's code with its normalised kind; an unlisted code is kept as `other`, never dropped. */
export function occurrenceOf(layout: ReturnLayout, code: string): Occurrence {
  const cacheKey = `${layout}:${code}`;
  let occurrence = CACHE.get(cacheKey);
  if (!occurrence) {
    const known = TABLES[layout][code];
    occurrence = Object.freeze(known ? { code, kind: known[0], description: known[1] } : { code, kind: 'other' as const, description: 'Ocorrência não catalogada' });
    CACHE.set(cacheKey, occurrence);
  }
  return occurrence;
}
