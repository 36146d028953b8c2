declare const debtorIdBrand: unique symbol;
declare const debtIdBrand: unique symbol;

/** A debtor's id: a UUID, lower case, checked once where it enters (a request, a contract, an import row). */
export type DebtorId = string & { readonly [debtorIdBrand]: true };
/** A debt's id: a UUID, lower case, checked once where it enters (a request, a contract, an import row). */
export type DebtId = string & { readonly [debtIdBrand]: true };
