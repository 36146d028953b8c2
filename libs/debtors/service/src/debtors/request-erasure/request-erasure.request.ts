import { knownDebtorId, type DebtorId } from '../../shared/ids';

/** LGPD art. 18: the data subject's right to erasure. No body. */
export interface RequestErasureRequest {
  readonly debtorId: DebtorId;
}

export function parseRequestErasureRequest(debtorId: string): RequestErasureRequest {
  return { debtorId: knownDebtorId(debtorId) };
}
