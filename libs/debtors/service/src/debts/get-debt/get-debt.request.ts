import { knownDebtId, type DebtId } from '../../shared/ids';
import { parseBalanceDate } from '../debt.view';

/** A debt with its balance as of a date (default: today in Brazil). */
export interface GetDebtRequest {
  readonly debtId: DebtId;
  readonly balanceAsOf: string | undefined;
}

export function parseGetDebtRequest(debtId: string, balanceAsOf: string | undefined): GetDebtRequest {
  const id = knownDebtId(debtId);
  return { debtId: id, balanceAsOf: balanceAsOf === undefined ? undefined : parseBalanceDate(balanceAsOf) };
}
