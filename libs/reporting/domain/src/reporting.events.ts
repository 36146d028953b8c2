import type { IsoInstant } from '@collections/shared-kernel';

// Domain events: facts in the past tense, stored in the reporting streams. What other contexts
// see is the integration events of @collections/reporting-contracts, never these.

export interface ReportingOpened {
  readonly type: 'ReportingOpened';
  readonly data: { readonly reportingId: string; readonly title: string; readonly openedAt: IsoInstant; readonly openedBy: string };
}

export interface ReportingClosed {
  readonly type: 'ReportingClosed';
  readonly data: { readonly reportingId: string; readonly reason: string; readonly closedAt: IsoInstant; readonly closedBy: string };
}

export type ReportingEvent = ReportingOpened | ReportingClosed;
