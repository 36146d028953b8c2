import { knownReportingId, type ReportingId } from '../../shared/ids';

/** A Reporting by its id (a path parameter in REST, a field over gRPC). */
export interface GetReportingRequest {
  readonly reportingId: ReportingId;
}

export function parseGetReportingRequest(reportingId: string): GetReportingRequest {
  return { reportingId: knownReportingId(reportingId) };
}
