import type { IsoInstant } from '@collections/shared-kernel';

// Commands are typed: every field was parsed where it entered the service (the request
// parser, a consumer), so the decider checks only invariants, never input format. Time
// and the actor arrive inside the command: the decider reads no clock and no session.

declare const reportingIdBrand: unique symbol;
/** A Reporting's id: a UUID, lower case, checked once where it enters the service. */
export type ReportingId = string & { readonly [reportingIdBrand]: true };

/** Opens a Reporting. */
export interface OpenReporting {
  readonly type: 'OpenReporting';
  readonly reportingId: ReportingId;
  /** Trimmed, 1-200 characters. */
  readonly title: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

/** Closes an open Reporting, saying why. */
export interface CloseReporting {
  readonly type: 'CloseReporting';
  readonly reportingId: ReportingId;
  /** Trimmed, 1-500 characters. */
  readonly reason: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

export type ReportingCommand = OpenReporting | CloseReporting;
