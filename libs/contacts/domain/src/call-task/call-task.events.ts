import type { IsoInstant } from '@collections/shared-kernel';
import type { RuleReference } from '../channel';
import type { ServedCallScript } from '../call-script/call-script';

/** Why a call is in a queue: a cadence's voice step, a supervisor, a debtor's callback request, a promise broken, an earlier call's follow-up. */
export const CALL_TASK_REASONS = ['cadence', 'manual', 'callback', 'broken-promise', 'follow-up'] as const;

/**
 * When an outcome calls for another call, by default (minutes after the call; none: no
 * follow-up). A tenant sets its own table; a promise, a callback and the holds have their
 * own follow-up (the promise's check, the callback's instant, the hold's release).
 */
export const DEFAULT_FOLLOW_UP_MINUTES: Readonly<Record<CallOutcome, number | null>> = {
  'right-party-contact': null,
  'wrong-party': null,
  'no-answer': 240,
  busy: 60,
  voicemail: 1_440,
  refused: 4_320,
  'callback-requested': null,
  'dispute-raised': null,
  'deceased-reported': null,
  'bankruptcy-reported': null,
  'promise-to-pay': null,
};
export type CallTaskReason = (typeof CALL_TASK_REASONS)[number];

/** What a call came to: a closed list, so that reports and the contact rules can count them. */
export const CALL_OUTCOMES = [
  'right-party-contact',
  'wrong-party',
  'no-answer',
  'busy',
  'voicemail',
  'refused',
  'callback-requested',
  'dispute-raised',
  'deceased-reported',
  'bankruptcy-reported',
  'promise-to-pay',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

// Type names are unique across the platform (`CallTaskCreated` is the dunning stream's
// fact that a voice step asked for a call; these are the call's own life in its queue).

export interface CallTaskQueued {
  readonly type: 'CallTaskQueued';
  readonly data: {
    readonly taskId: string;
    readonly debtId: string;
    readonly debtorId: string | null;
    readonly queue: string;
    /** Higher first. */
    readonly priority: number;
    readonly reason: CallTaskReason;
    readonly dueAt: IsoInstant;
    readonly queuedAt: IsoInstant;
    readonly queuedBy: string;
  };
}
export interface CallTaskTaken {
  readonly type: 'CallTaskTaken';
  readonly data: {
    readonly taskId: string;
    readonly agent: string;
    readonly leaseUntil: IsoInstant;
    readonly takenAt: IsoInstant;
    /** The call script served with the task (absent in events recorded before scripts existed). */
    readonly script?: ServedCallScript;
  };
}
/** Evidence: the holder's lease ran out before the call was completed; the task went back to the queue. */
export interface CallTaskLeaseExpired {
  readonly type: 'CallTaskLeaseExpired';
  readonly data: { readonly taskId: string; readonly agent: string; readonly leaseUntil: IsoInstant; readonly notedAt: IsoInstant };
}
export interface CallTaskReleased {
  readonly type: 'CallTaskReleased';
  readonly data: { readonly taskId: string; readonly agent: string; readonly releasedAt: IsoInstant };
}
export interface CallTaskCompleted {
  readonly type: 'CallTaskCompleted';
  readonly data: {
    readonly taskId: string;
    readonly debtId: string;
    readonly agent: string;
    readonly outcome: CallOutcome;
    /** Personal data: a PII token under the debtor's key, unreadable once the debtor is erased; null without notes. */
    readonly notes: string | null;
    readonly completedAt: IsoInstant;
    /** The ids of the served script's steps the agent did, and that script's version (absent in events recorded before scripts existed). */
    readonly stepsDone?: readonly string[];
    readonly scriptVersion?: number;
    /** Where the dialer (or the agent) keeps the call's recording: a URL or an id; null: none. */
    readonly recordingRef?: string | null;
  };
}
export interface CallTaskReassigned {
  readonly type: 'CallTaskReassigned';
  readonly data: {
    readonly taskId: string;
    readonly from: string | null;
    readonly to: string;
    readonly leaseUntil: IsoInstant;
    readonly supervisor: string;
    readonly reassignedAt: IsoInstant;
    readonly script?: ServedCallScript;
  };
}

/** Evidence: the task was not offered to an agent because a contact rule forbade calling the debtor now. */
export interface CallTaskDeferred {
  readonly type: 'CallTaskDeferred';
  readonly data: { readonly taskId: string; readonly debtId: string; readonly until: IsoInstant; readonly rule: RuleReference; readonly deferredAt: IsoInstant };
}

/** The holder dialled the debtor through the dialer (click-to-call); the dialer's call id names the call in its reports. */
export interface CallDialed {
  readonly type: 'CallDialed';
  readonly data: { readonly taskId: string; readonly callId: string; readonly agent: string; readonly contactPointId: string; readonly dialedAt: IsoInstant };
}
/** The dialer reported the call answered (bridged). */
export interface CallStarted {
  readonly type: 'CallStarted';
  readonly data: { readonly taskId: string; readonly callId: string; readonly startedAt: IsoInstant };
}
/** The dialer reported the call over: how long it lasted, where its recording is kept. */
export interface CallEnded {
  readonly type: 'CallEnded';
  readonly data: { readonly taskId: string; readonly callId: string; readonly endedAt: IsoInstant; readonly durationSeconds: number; readonly recordingRef: string | null };
}

export type CallTaskEvent = CallTaskQueued | CallTaskTaken | CallTaskLeaseExpired | CallTaskReleased | CallTaskCompleted | CallTaskReassigned | CallTaskDeferred | CallDialed | CallStarted | CallEnded;
