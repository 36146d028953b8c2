import type { FieldSpec, RecordLayout } from '../fixed-width/layout';

/**
 * FEBRABAN "Layout Padrão de Arquivos CNAB 240", version 10.11 (the common part all
 * banks follow), for the collection return (cobrança, arquivo retorno). Positions are
 * the manual's, 1-based and inclusive. Banks fill some reserved fields their own way;
 * those are read as text and not interpreted.
 */
const SOURCE = 'FEBRABAN CNAB 240 v10.11';

function layout<const F extends readonly FieldSpec[]>(record: string, fields: F): RecordLayout<F> {
  return { source: `${SOURCE}, ${record}`, length: 240, fields };
}

/** Control fields shared by every record: bank, batch (lote), record type. */
const CONTROL = [
  { name: 'bank', start: 1, end: 3, type: 'numeric' },
  { name: 'batch', start: 4, end: 7, type: 'numeric' },
  { name: 'recordType', start: 8, end: 8, type: 'numeric' },
] as const;

export const CNAB240_FILE_HEADER = layout('header de arquivo (registro 0)', [
  ...CONTROL,
  { name: 'filler1', start: 9, end: 17, type: 'alpha' },
  { name: 'companyTaxIdType', start: 18, end: 18, type: 'numeric' },
  { name: 'companyTaxId', start: 19, end: 32, type: 'numeric' },
  { name: 'agreement', start: 33, end: 52, type: 'alpha' },
  { name: 'agency', start: 53, end: 57, type: 'numeric' },
  { name: 'agencyDigit', start: 58, end: 58, type: 'alpha' },
  { name: 'account', start: 59, end: 70, type: 'numeric' },
  { name: 'accountDigit', start: 71, end: 71, type: 'alpha' },
  { name: 'agencyAccountDigit', start: 72, end: 72, type: 'alpha' },
  { name: 'companyName', start: 73, end: 102, type: 'alpha' },
  { name: 'bankName', start: 103, end: 132, type: 'alpha' },
  { name: 'filler2', start: 133, end: 142, type: 'alpha' },
  // 1 = remessa, 2 = retorno
  { name: 'fileCode', start: 143, end: 143, type: 'numeric', constant: '2' },
  { name: 'generatedOn', start: 144, end: 151, type: 'date-ddmmaaaa' },
  { name: 'generatedAt', start: 152, end: 157, type: 'numeric' },
  { name: 'fileSequence', start: 158, end: 163, type: 'integer' },
  { name: 'layoutVersion', start: 164, end: 166, type: 'numeric' },
  { name: 'density', start: 167, end: 171, type: 'alpha' },
  { name: 'bankReserved', start: 172, end: 191, type: 'alpha' },
  { name: 'companyReserved', start: 192, end: 211, type: 'alpha' },
  { name: 'filler3', start: 212, end: 240, type: 'alpha' },
] as const);

export const CNAB240_BATCH_HEADER = layout('header de lote de cobrança (registro 1)', [
  ...CONTROL,
  // T = arquivo retorno
  { name: 'operation', start: 9, end: 9, type: 'alpha', constant: 'T' },
  // 01 = cobrança
  { name: 'service', start: 10, end: 11, type: 'numeric' },
  { name: 'filler1', start: 12, end: 13, type: 'alpha' },
  { name: 'batchLayoutVersion', start: 14, end: 16, type: 'numeric' },
  { name: 'filler2', start: 17, end: 17, type: 'alpha' },
  { name: 'companyTaxIdType', start: 18, end: 18, type: 'numeric' },
  { name: 'companyTaxId', start: 19, end: 33, type: 'numeric' },
  { name: 'agreement', start: 34, end: 53, type: 'alpha' },
  { name: 'agency', start: 54, end: 58, type: 'numeric' },
  { name: 'agencyDigit', start: 59, end: 59, type: 'alpha' },
  { name: 'account', start: 60, end: 71, type: 'numeric' },
  { name: 'accountDigit', start: 72, end: 72, type: 'alpha' },
  { name: 'agencyAccountDigit', start: 73, end: 73, type: 'alpha' },
  { name: 'companyName', start: 74, end: 103, type: 'alpha' },
  { name: 'message1', start: 104, end: 143, type: 'alpha' },
  { name: 'message2', start: 144, end: 183, type: 'alpha' },
  { name: 'returnNumber', start: 184, end: 191, type: 'numeric' },
  { name: 'recordedOn', start: 192, end: 199, type: 'date-ddmmaaaa' },
  { name: 'creditedOn', start: 200, end: 207, type: 'date-ddmmaaaa', optional: true },
  { name: 'filler3', start: 208, end: 240, type: 'alpha' },
] as const);

/** The first fields of every detail record (registro 3): enough to tell the segment. */
const DETAIL = [
  ...CONTROL,
  { name: 'sequence', start: 9, end: 13, type: 'integer' },
  { name: 'segment', start: 14, end: 14, type: 'alpha' },
  { name: 'filler1', start: 15, end: 15, type: 'alpha' },
  { name: 'movementCode', start: 16, end: 17, type: 'numeric' },
] as const;

export const CNAB240_SEGMENT_T = layout('segmento T (registro 3, retorno de cobrança)', [
  ...DETAIL,
  { name: 'agency', start: 18, end: 22, type: 'numeric' },
  { name: 'agencyDigit', start: 23, end: 23, type: 'alpha' },
  { name: 'account', start: 24, end: 35, type: 'numeric' },
  { name: 'accountDigit', start: 36, end: 36, type: 'alpha' },
  { name: 'agencyAccountDigit', start: 37, end: 37, type: 'alpha' },
  { name: 'nossoNumero', start: 38, end: 57, type: 'alpha' },
  { name: 'wallet', start: 58, end: 58, type: 'alpha' },
  { name: 'documentNumber', start: 59, end: 73, type: 'alpha' },
  { name: 'dueDate', start: 74, end: 81, type: 'date-ddmmaaaa', optional: true },
  { name: 'faceValue', start: 82, end: 96, type: 'amount' },
  { name: 'collectingBank', start: 97, end: 99, type: 'numeric' },
  { name: 'collectingAgency', start: 100, end: 104, type: 'numeric' },
  { name: 'collectingAgencyDigit', start: 105, end: 105, type: 'alpha' },
  { name: 'companyReference', start: 106, end: 130, type: 'alpha' },
  { name: 'currency', start: 131, end: 132, type: 'numeric' },
  { name: 'payerTaxIdType', start: 133, end: 133, type: 'numeric' },
  { name: 'payerTaxId', start: 134, end: 148, type: 'numeric' },
  { name: 'payerName', start: 149, end: 188, type: 'alpha' },
  { name: 'contract', start: 189, end: 198, type: 'alpha' },
  { name: 'tariff', start: 199, end: 213, type: 'amount' },
  { name: 'reasons', start: 214, end: 223, type: 'alpha' },
  { name: 'filler2', start: 224, end: 240, type: 'alpha' },
] as const);

export const CNAB240_SEGMENT_U = layout('segmento U (registro 3, retorno de cobrança)', [
  ...DETAIL,
  { name: 'interestPaid', start: 18, end: 32, type: 'amount' },
  { name: 'discount', start: 33, end: 47, type: 'amount' },
  { name: 'rebate', start: 48, end: 62, type: 'amount' },
  { name: 'iof', start: 63, end: 77, type: 'amount' },
  { name: 'amountPaid', start: 78, end: 92, type: 'amount' },
  { name: 'netCredited', start: 93, end: 107, type: 'amount' },
  { name: 'otherExpenses', start: 108, end: 122, type: 'amount' },
  { name: 'otherCredits', start: 123, end: 137, type: 'amount' },
  { name: 'occurredOn', start: 138, end: 145, type: 'date-ddmmaaaa' },
  { name: 'creditedOn', start: 146, end: 153, type: 'date-ddmmaaaa', optional: true },
  { name: 'payerOccurrenceCode', start: 154, end: 157, type: 'alpha' },
  { name: 'payerOccurrenceDate', start: 158, end: 165, type: 'date-ddmmaaaa', optional: true },
  { name: 'payerOccurrenceValue', start: 166, end: 180, type: 'amount' },
  { name: 'payerOccurrenceText', start: 181, end: 210, type: 'alpha' },
  { name: 'correspondentBank', start: 211, end: 213, type: 'alpha' },
  { name: 'correspondentNossoNumero', start: 214, end: 233, type: 'alpha' },
  { name: 'filler2', start: 234, end: 240, type: 'alpha' },
] as const);

export const CNAB240_BATCH_TRAILER = layout('trailer de lote de cobrança (registro 5)', [
  ...CONTROL,
  { name: 'filler1', start: 9, end: 17, type: 'alpha' },
  // header, details and trailer of the batch
  { name: 'recordCount', start: 18, end: 23, type: 'integer' },
  { name: 'simpleCount', start: 24, end: 29, type: 'integer' },
  { name: 'simpleTotal', start: 30, end: 46, type: 'amount' },
  { name: 'linkedCount', start: 47, end: 52, type: 'integer' },
  { name: 'linkedTotal', start: 53, end: 69, type: 'amount' },
  { name: 'securedCount', start: 70, end: 75, type: 'integer' },
  { name: 'securedTotal', start: 76, end: 92, type: 'amount' },
  { name: 'discountedCount', start: 93, end: 98, type: 'integer' },
  { name: 'discountedTotal', start: 99, end: 115, type: 'amount' },
  { name: 'noticeNumber', start: 116, end: 123, type: 'alpha' },
  { name: 'filler2', start: 124, end: 240, type: 'alpha' },
] as const);

export const CNAB240_FILE_TRAILER = layout('trailer de arquivo (registro 9)', [
  ...CONTROL,
  { name: 'filler1', start: 9, end: 17, type: 'alpha' },
  { name: 'batchCount', start: 18, end: 23, type: 'integer' },
  // every record of the file, headers and trailers included
  { name: 'recordCount', start: 24, end: 29, type: 'integer' },
  { name: 'accountCount', start: 30, end: 35, type: 'alpha' },
  { name: 'filler2', start: 36, end: 240, type: 'alpha' },
] as const);

export const CNAB240_LAYOUTS = [CNAB240_FILE_HEADER, CNAB240_BATCH_HEADER, CNAB240_SEGMENT_T, CNAB240_SEGMENT_U, CNAB240_BATCH_TRAILER, CNAB240_FILE_TRAILER] as const;
