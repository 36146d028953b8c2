export * from './debtors.service';
export * from './debtors.use-cases';
export type { DebtorView } from './debtors/debtor.view';
export type { DebtView, BalanceView } from './debts/debt.view';
export { parseRegisterDebtorRequest } from './debtors/register-debtor/register-debtor.request';
export { parseRegisterDebtRequest } from './debts/register-debt/register-debt.request';
export { parseListDebtsQuery } from './debts/list-debts/list-debts.query';
export type { Outcome } from './shared/outcome';
export * from './import/import-portfolio/import-portfolio';
