import type { IsoInstant } from '@collections/shared-kernel';
import type { RuleReference } from '../channel';
import type { CallOutcome, CallTaskReason } from './call-task.events';
import type { CallScriptStep, ServedCallScript } from '../call-script/call-script';

export interface CreateCallTask {
  readonly type: 'CreateCallTask';
  readonly taskId: string;
  readonly debtId: string;
  readonly debtorId: string | null;
  readonly queue: string;
  readonly priority: number;
  readonly reason: CallTaskReason;
  readonly dueAt: IsoInstant;
  readonly now: IsoInstant;
  readonly actor: string;
}
/** An agent takes the task (from the queue, or one whose holder's lease ran out) until `leaseUntil`. */
export interface TakeCallTask {
  readonly type: 'TakeCallTask';
  readonly taskId: string;
  readonly agent: string;
  readonly leaseUntil: IsoInstant;
  readonly now: IsoInstant;
  /** The call script served with it (its debt's segment, the version current now). */
  readonly script: ServedCallScript;
}
export interface ReleaseCallTask {
  readonly type: 'ReleaseCallTask';
  readonly taskId: string;
  readonly agent: string;
  readonly now: IsoInstant;
}
export interface CompleteCallTask {
  readonly type: 'CompleteCallTask';
  readonly taskId: string;
  readonly agent: string;
  readonly outcome: CallOutcome;
  /** The agent's notes as a PII token under the debtor's key (the service encrypts them before deciding); null without notes. */
  readonly notes: string | null;
  readonly now: IsoInstant;
  /** The ids of the steps of the served script the agent did. */
  readonly stepsDone: readonly string[];
  /** The script the agent was served (the service reads its version's steps): what `stepsDone` names. */
  readonly script: { readonly version: number; readonly steps: readonly Pick<CallScriptStep, 'id' | 'kind'>[] };
  /** The agent's reference to the recording; null: the dialer's, if it reported one. */
  readonly recordingRef: string | null;
}
export interface ReassignCallTask {
  readonly type: 'ReassignCallTask';
  readonly taskId: string;
  readonly to: string;
  readonly leaseUntil: IsoInstant;
  readonly supervisor: string;
  readonly now: IsoInstant;
  readonly script: ServedCallScript;
}

/**
 * The contact rules (hours, holidays, caps in the debtor's place) forbid calling now: the
 * task is not offered until `until`, with the rule as evidence. Only a task in the queue.
 */
export interface DeferCallTask {
  readonly type: 'DeferCallTask';
  readonly taskId: string;
  readonly until: IsoInstant;
  readonly rule: RuleReference;
  readonly now: IsoInstant;
}

/** The holder's click-to-call went to the dialer, which answered its call id. */
export interface RecordCallDialed {
  readonly type: 'RecordCallDialed';
  readonly taskId: string;
  readonly agent: string;
  readonly callId: string;
  readonly contactPointId: string;
  readonly now: IsoInstant;
}
/** The dialer's report of a call of this task (a repeated report changes nothing). */
export interface RecordCallReport {
  readonly type: 'RecordCallReport';
  readonly taskId: string;
  readonly report:
    | { readonly event: 'call.started'; readonly callId: string; readonly at: IsoInstant }
    | { readonly event: 'call.ended'; readonly callId: string; readonly at: IsoInstant; readonly durationSeconds: number; readonly recordingRef: string | null };
}

export type CallTaskCommand = CreateCallTask | TakeCallTask | ReleaseCallTask | CompleteCallTask | ReassignCallTask | DeferCallTask | RecordCallDialed | RecordCallReport;
