import { ValidationError, invalidInstant } from '@collections/shared-kernel';
import { auditTarget, parseAuditKind, type AuditTarget } from '../audit-target';

/** The debtor or debt as it stood at a past instant. */
export interface StateAsOfRequest {
  readonly target: AuditTarget;
  readonly at: Date;
}

export function parseStateAsOfRequest(kind: string, id: string, instant: string | undefined): StateAsOfRequest {
  const auditKind = parseAuditKind(kind);
  // years 0001-9999 only: the database's timestamps and JavaScript's ISO strings part ways outside them
  const problem = invalidInstant(instant ?? '');
  if (problem) throw ValidationError.of('at', problem);
  return { target: auditTarget(auditKind, id), at: new Date(instant!) };
}
