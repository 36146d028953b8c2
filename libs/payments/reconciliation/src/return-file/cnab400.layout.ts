import type { FieldSpec, RecordLayout } from '../fixed-width/layout';

function layout<const F extends readonly FieldSpec[]>(source: string, fields: F): RecordLayout<F> {
  return { source, length: 400, fields };
}

// ---------------------------------------------------------------------------------
// Itaú (341): "Cobrança - CNAB 400 - Layout de arquivos", arquivo retorno.
// ---------------------------------------------------------------------------------
const ITAU = 'Itaú Cobrança CNAB 400, arquivo retorno';

export const ITAU_400_HEADER = layout(`${ITAU}, registro header (0)`, [
  { name: 'recordType', start: 1, end: 1, type: 'numeric', constant: '0' },
  { name: 'fileCode', start: 2, end: 2, type: 'numeric', constant: '2' },
  { name: 'fileLiteral', start: 3, end: 9, type: 'alpha', constant: 'RETORNO' },
  { name: 'serviceCode', start: 10, end: 11, type: 'numeric', constant: '01' },
  { name: 'serviceLiteral', start: 12, end: 26, type: 'alpha' },
  { name: 'agency', start: 27, end: 30, type: 'numeric' },
  { name: 'zeros1', start: 31, end: 32, type: 'numeric' },
  { name: 'account', start: 33, end: 37, type: 'numeric' },
  { name: 'accountDigit', start: 38, end: 38, type: 'numeric' },
  { name: 'filler1', start: 39, end: 46, type: 'alpha' },
  { name: 'companyName', start: 47, end: 76, type: 'alpha' },
  { name: 'bank', start: 77, end: 79, type: 'numeric', constant: '341' },
  { name: 'bankName', start: 80, end: 94, type: 'alpha' },
  { name: 'generatedOn', start: 95, end: 100, type: 'date-ddmmaa' },
  { name: 'density', start: 101, end: 105, type: 'alpha' },
  { name: 'densityUnit', start: 106, end: 108, type: 'alpha' },
  { name: 'fileSequence', start: 109, end: 113, type: 'integer' },
  { name: 'creditedOn', start: 114, end: 119, type: 'date-ddmmaa', optional: true },
  { name: 'filler2', start: 120, end: 394, type: 'alpha' },
  { name: 'sequence', start: 395, end: 400, type: 'integer' },
] as const);

export const ITAU_400_DETAIL = layout(`${ITAU}, registro de transação (1)`, [
  { name: 'recordType', start: 1, end: 1, type: 'numeric', constant: '1' },
  { name: 'companyTaxIdType', start: 2, end: 3, type: 'numeric' },
  { name: 'companyTaxId', start: 4, end: 17, type: 'numeric' },
  { name: 'agency', start: 18, end: 21, type: 'numeric' },
  { name: 'zeros1', start: 22, end: 23, type: 'numeric' },
  { name: 'account', start: 24, end: 28, type: 'numeric' },
  { name: 'accountDigit', start: 29, end: 29, type: 'numeric' },
  { name: 'filler1', start: 30, end: 37, type: 'alpha' },
  { name: 'companyReference', start: 38, end: 62, type: 'alpha' },
  { name: 'nossoNumero', start: 63, end: 70, type: 'numeric' },
  { name: 'filler2', start: 71, end: 82, type: 'alpha' },
  { name: 'wallet', start: 83, end: 85, type: 'numeric' },
  { name: 'nossoNumero2', start: 86, end: 93, type: 'numeric' },
  { name: 'nossoNumeroDigit', start: 94, end: 94, type: 'alpha' },
  { name: 'filler3', start: 95, end: 107, type: 'alpha' },
  { name: 'walletCode', start: 108, end: 108, type: 'alpha' },
  { name: 'occurrenceCode', start: 109, end: 110, type: 'numeric' },
  { name: 'occurredOn', start: 111, end: 116, type: 'date-ddmmaa' },
  { name: 'documentNumber', start: 117, end: 126, type: 'alpha' },
  { name: 'nossoNumero3', start: 127, end: 134, type: 'alpha' },
  { name: 'filler4', start: 135, end: 146, type: 'alpha' },
  { name: 'dueDate', start: 147, end: 152, type: 'date-ddmmaa', optional: true },
  { name: 'faceValue', start: 153, end: 165, type: 'amount' },
  { name: 'collectingBank', start: 166, end: 168, type: 'numeric' },
  { name: 'collectingAgency', start: 169, end: 172, type: 'numeric' },
  { name: 'collectingAgencyDigit', start: 173, end: 173, type: 'alpha' },
  { name: 'kind', start: 174, end: 175, type: 'alpha' },
  { name: 'tariff', start: 176, end: 188, type: 'amount' },
  { name: 'filler5', start: 189, end: 214, type: 'alpha' },
  { name: 'iof', start: 215, end: 227, type: 'amount' },
  { name: 'rebate', start: 228, end: 240, type: 'amount' },
  { name: 'discount', start: 241, end: 253, type: 'amount' },
  // "valor principal": what the payer paid, interest included (nota 12 of the manual)
  { name: 'amountPaid', start: 254, end: 266, type: 'amount' },
  { name: 'interestPaid', start: 267, end: 279, type: 'amount' },
  { name: 'otherCredits', start: 280, end: 292, type: 'amount' },
  { name: 'ddaBoleto', start: 293, end: 293, type: 'alpha' },
  { name: 'filler6', start: 294, end: 295, type: 'alpha' },
  { name: 'creditedOn', start: 296, end: 301, type: 'date-ddmmaa', optional: true },
  { name: 'cancelledInstruction', start: 302, end: 305, type: 'alpha' },
  { name: 'filler7', start: 306, end: 311, type: 'alpha' },
  { name: 'zeros2', start: 312, end: 324, type: 'alpha' },
  { name: 'payerName', start: 325, end: 354, type: 'alpha' },
  { name: 'filler8', start: 355, end: 377, type: 'alpha' },
  { name: 'errors', start: 378, end: 385, type: 'alpha' },
  { name: 'filler9', start: 386, end: 392, type: 'alpha' },
  { name: 'settlementChannel', start: 393, end: 394, type: 'alpha' },
  { name: 'sequence', start: 395, end: 400, type: 'integer' },
] as const);

export const ITAU_400_TRAILER = layout(`${ITAU}, registro trailer (9)`, [
  { name: 'recordType', start: 1, end: 1, type: 'numeric', constant: '9' },
  { name: 'fileCode', start: 2, end: 2, type: 'numeric' },
  { name: 'serviceCode', start: 3, end: 4, type: 'numeric' },
  { name: 'bank', start: 5, end: 7, type: 'numeric' },
  { name: 'filler1', start: 8, end: 17, type: 'alpha' },
  { name: 'simpleCount', start: 18, end: 25, type: 'integer' },
  { name: 'simpleTotal', start: 26, end: 39, type: 'amount' },
  { name: 'simpleNotice', start: 40, end: 47, type: 'alpha' },
  { name: 'filler2', start: 48, end: 57, type: 'alpha' },
  { name: 'linkedCount', start: 58, end: 65, type: 'integer' },
  { name: 'linkedTotal', start: 66, end: 79, type: 'amount' },
  { name: 'linkedNotice', start: 80, end: 87, type: 'alpha' },
  { name: 'filler3', start: 88, end: 177, type: 'alpha' },
  { name: 'directCount', start: 178, end: 185, type: 'integer' },
  { name: 'directTotal', start: 186, end: 199, type: 'amount' },
  { name: 'directNotice', start: 200, end: 207, type: 'alpha' },
  { name: 'fileControl', start: 208, end: 212, type: 'numeric' },
  // quantity and total value of the detail records (registros tipo 1) of the file
  { name: 'detailCount', start: 213, end: 220, type: 'integer' },
  { name: 'detailTotal', start: 221, end: 234, type: 'amount' },
  { name: 'filler4', start: 235, end: 394, type: 'alpha' },
  { name: 'sequence', start: 395, end: 400, type: 'integer' },
] as const);

// ---------------------------------------------------------------------------------
// Bradesco (237): "Cobrança Bradesco - Layout CNAB 400 - arquivo retorno".
// ---------------------------------------------------------------------------------
const BRADESCO = 'Bradesco Cobrança CNAB 400, arquivo retorno';

export const BRADESCO_400_HEADER = layout(`${BRADESCO}, registro header label (0)`, [
  { name: 'recordType', start: 1, end: 1, type: 'numeric', constant: '0' },
  { name: 'fileCode', start: 2, end: 2, type: 'numeric', constant: '2' },
  { name: 'fileLiteral', start: 3, end: 9, type: 'alpha', constant: 'RETORNO' },
  { name: 'serviceCode', start: 10, end: 11, type: 'numeric', constant: '01' },
  { name: 'serviceLiteral', start: 12, end: 26, type: 'alpha' },
  { name: 'companyCode', start: 27, end: 46, type: 'numeric' },
  { name: 'companyName', start: 47, end: 76, type: 'alpha' },
  { name: 'bank', start: 77, end: 79, type: 'numeric', constant: '237' },
  { name: 'bankName', start: 80, end: 94, type: 'alpha' },
  { name: 'generatedOn', start: 95, end: 100, type: 'date-ddmmaa' },
  { name: 'density', start: 101, end: 108, type: 'alpha' },
  { name: 'fileSequence', start: 109, end: 113, type: 'integer' },
  { name: 'filler1', start: 114, end: 379, type: 'alpha' },
  { name: 'creditedOn', start: 380, end: 385, type: 'date-ddmmaa', optional: true },
  { name: 'filler2', start: 386, end: 394, type: 'alpha' },
  { name: 'sequence', start: 395, end: 400, type: 'integer' },
] as const);

export const BRADESCO_400_DETAIL = layout(`${BRADESCO}, registro de transação (1)`, [
  { name: 'recordType', start: 1, end: 1, type: 'numeric', constant: '1' },
  { name: 'companyTaxIdType', start: 2, end: 3, type: 'numeric' },
  { name: 'companyTaxId', start: 4, end: 17, type: 'numeric' },
  { name: 'zeros1', start: 18, end: 20, type: 'numeric' },
  // zero, carteira (3), agência (5), conta (7), dígito (1)
  { name: 'companyAtBank', start: 21, end: 37, type: 'alpha' },
  { name: 'companyReference', start: 38, end: 62, type: 'alpha' },
  { name: 'zeros2', start: 63, end: 70, type: 'numeric' },
  // 11 digits and the check digit (which may be "P")
  { name: 'nossoNumero', start: 71, end: 81, type: 'numeric' },
  { name: 'nossoNumeroDigit', start: 82, end: 82, type: 'alpha' },
  { name: 'bankUse1', start: 83, end: 92, type: 'alpha' },
  { name: 'bankUse2', start: 93, end: 104, type: 'alpha' },
  { name: 'apportionment', start: 105, end: 105, type: 'alpha' },
  { name: 'partialPayment', start: 106, end: 107, type: 'alpha' },
  { name: 'wallet', start: 108, end: 108, type: 'alpha' },
  { name: 'occurrenceCode', start: 109, end: 110, type: 'numeric' },
  { name: 'occurredOn', start: 111, end: 116, type: 'date-ddmmaa' },
  { name: 'documentNumber', start: 117, end: 126, type: 'alpha' },
  { name: 'titleAtBank', start: 127, end: 146, type: 'alpha' },
  { name: 'dueDate', start: 147, end: 152, type: 'date-ddmmaa', optional: true },
  { name: 'faceValue', start: 153, end: 165, type: 'amount' },
  { name: 'collectingBank', start: 166, end: 168, type: 'numeric' },
  { name: 'collectingAgency', start: 169, end: 173, type: 'numeric' },
  { name: 'kind', start: 174, end: 175, type: 'alpha' },
  { name: 'tariff', start: 176, end: 188, type: 'amount' },
  { name: 'otherExpenses', start: 189, end: 201, type: 'amount' },
  { name: 'lateInterestOperation', start: 202, end: 214, type: 'amount' },
  { name: 'iof', start: 215, end: 227, type: 'amount' },
  { name: 'rebate', start: 228, end: 240, type: 'amount' },
  { name: 'discount', start: 241, end: 253, type: 'amount' },
  { name: 'amountPaid', start: 254, end: 266, type: 'amount' },
  { name: 'interestPaid', start: 267, end: 279, type: 'amount' },
  { name: 'otherCredits', start: 280, end: 292, type: 'amount' },
  { name: 'filler1', start: 293, end: 294, type: 'alpha' },
  { name: 'occurrenceReason', start: 295, end: 295, type: 'alpha' },
  { name: 'creditedOn', start: 296, end: 301, type: 'date-ddmmaa', optional: true },
  { name: 'paymentOrigin', start: 302, end: 304, type: 'alpha' },
  { name: 'filler2', start: 305, end: 314, type: 'alpha' },
  { name: 'chequeBradesco', start: 315, end: 318, type: 'alpha' },
  { name: 'rejectionReasons', start: 319, end: 328, type: 'alpha' },
  { name: 'filler3', start: 329, end: 368, type: 'alpha' },
  { name: 'notaryOffice', start: 369, end: 370, type: 'alpha' },
  { name: 'protocol', start: 371, end: 380, type: 'alpha' },
  { name: 'filler4', start: 381, end: 394, type: 'alpha' },
  { name: 'sequence', start: 395, end: 400, type: 'integer' },
] as const);

export const BRADESCO_400_TRAILER = layout(`${BRADESCO}, registro trailer (9)`, [
  { name: 'recordType', start: 1, end: 1, type: 'numeric', constant: '9' },
  { name: 'fileCode', start: 2, end: 2, type: 'numeric' },
  { name: 'serviceCode', start: 3, end: 4, type: 'numeric' },
  { name: 'bank', start: 5, end: 7, type: 'numeric' },
  { name: 'filler1', start: 8, end: 17, type: 'alpha' },
  // títulos em cobrança: quantity and value of the detail records of the file
  { name: 'detailCount', start: 18, end: 25, type: 'integer' },
  { name: 'detailTotal', start: 26, end: 39, type: 'amount' },
  { name: 'noticeNumber', start: 40, end: 47, type: 'alpha' },
  { name: 'filler2', start: 48, end: 57, type: 'alpha' },
  { name: 'occurrenceTotals', start: 58, end: 394, type: 'alpha' },
  { name: 'sequence', start: 395, end: 400, type: 'integer' },
] as const);

export const CNAB400_LAYOUTS = [ITAU_400_HEADER, ITAU_400_DETAIL, ITAU_400_TRAILER, BRADESCO_400_HEADER, BRADESCO_400_DETAIL, BRADESCO_400_TRAILER] as const;
