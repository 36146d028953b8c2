import { assertNever, fold } from '@collections/shared-kernel';
import { reportingDecider, type ReportingState } from '@collections/reporting-domain';
import type { ReportingDeps } from '../shared/reporting-deps';
import { reportingEventCodec } from '../shared/reporting-writer';
import { reportingStream, type ReportingId } from '../shared/ids';

/** A Reporting as both transports answer it. */
export interface ReportingView {
  readonly reportingId: string;
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly version: number;
}

/** The view of a state folded from the stream at `version`; none before it was opened. */
export function reportingViewOf(state: ReportingState, version: number): ReportingView | undefined {
  switch (state.status) {
    case 'none':
      return undefined;
    case 'open':
      return { reportingId: state.reportingId, title: state.title, status: 'open', openedAt: state.openedAt, version };
    case 'closed':
      return { reportingId: state.reportingId, title: state.title, status: 'closed', openedAt: state.openedAt, closedAt: state.closedAt, version };
    default:
      return assertNever(state, 'reporting state');
  }
}

/** A Reporting folded from its stream (this tenant's only): always consistent with the caller's own writes. */
export async function readReporting(deps: Pick<ReportingDeps, 'store'>, tenantId: string, reportingId: ReportingId): Promise<ReportingView | undefined> {
  const { events, currentVersion } = await deps.store.readStream(reportingStream(reportingId), { tenantId });
  const decoded = await Promise.all(events.map((event) => reportingEventCodec.decode(event)));
  return reportingViewOf(fold(reportingDecider, decoded), currentVersion);
}

/** The proto message of a view: proto3 has no absent string, so "" while open. */
export const reportingOut = (view: ReportingView) => ({ ...view, closedAt: view.closedAt ?? '' });
