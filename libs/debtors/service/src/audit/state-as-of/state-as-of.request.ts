import { ValidationError } from '@collections/shared-kernel';
import { auditTarget, parseAuditKind, type AuditTarget } from '../audit-target';

/** The debtor or debt as it stood at a past instant. */
export interface StateAsOfRequest {
  readonly target: AuditTarget;
  readonly at: Date;
}

export function parseStateAsOfRequest(kind: string, id: string, instant: string | undefined): StateAsOfRequest {
  const auditKind = parseAuditKind(kind);
  const at = new Date(instant ?? '');
  if (Number.isNaN(at.getTime())) throw ValidationError.of('at', 'must be an ISO 8601 instant');
  return { target: auditTarget(auditKind, id), at };
}
