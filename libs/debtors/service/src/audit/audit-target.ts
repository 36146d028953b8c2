import { NotFoundProblem } from '@collections/shared-nest';
import { debtStream, debtorStream, knownDebtId, knownDebtorId, type DebtId, type DebtorId } from '../shared/ids';

export type AuditKind = 'debtor' | 'debt';

/** The resource an auditor asks about: a debtor's or a debt's stream. */
export type AuditTarget =
  | { readonly kind: 'debtor'; readonly id: DebtorId; readonly streamId: string }
  | { readonly kind: 'debt'; readonly id: DebtId; readonly streamId: string };

/** `/audit/debtors/...` and `/audit/debts/...`; anything else is not a resource here. */
export function parseAuditKind(segment: string): AuditKind {
  if (segment === 'debtors') return 'debtor';
  if (segment === 'debts') return 'debt';
  throw new NotFoundProblem(`no audit resource ${segment}`);
}

export function auditTarget(kind: AuditKind, id: string): AuditTarget {
  if (kind === 'debtor') {
    const debtorId = knownDebtorId(id);
    return { kind, id: debtorId, streamId: debtorStream(debtorId) };
  }
  const debtId = knownDebtId(id);
  return { kind, id: debtId, streamId: debtStream(debtId) };
}

export const parseAuditTarget = (segment: string, id: string): AuditTarget => auditTarget(parseAuditKind(segment), id);
