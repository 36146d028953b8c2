import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';
import type { ReportingId } from '@collections/reporting-domain';

export type { ReportingId };

/** Its stream; the category (before the first dash) is `reporting`. */
export const reportingStream = (reportingId: ReportingId): string => `reporting-${reportingId}`;

/** An id from a path or a message: anything that is not a UUID cannot name one, so it is answered 404, not 400. */
export function knownReportingId(value: string, field = 'reportingId'): ReportingId {
  if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value} is not a known id`);
  return value.toLowerCase() as ReportingId;
}

/** A new id from the attempt's id generator (a UUIDv7 derived from the idempotency key), branded. */
export const newReportingId = (next: () => string): ReportingId => next() as ReportingId;
