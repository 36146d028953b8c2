import { ValidationError, assertNever, type Decider, type IsoInstant } from '@collections/shared-kernel';
import { ContactsRuleViolation } from '../contacts-rule-code';
import { DISCLOSING_STEP_KINDS, RIGHT_PARTY_OUTCOMES, type ServedCallScript } from '../call-script/call-script';
import type { CallTaskCommand, CompleteCallTask } from './call-task.commands';
import type { CallOutcome, CallTaskEvent, CallTaskReason } from './call-task.events';

/** A call placed through the dialer, as its reports tell it. */
export interface DialerCall {
  readonly callId: string;
  readonly agent: string;
  readonly dialedAt: IsoInstant;
  readonly startedAt: IsoInstant | null;
  readonly endedAt: IsoInstant | null;
  readonly durationSeconds: number | null;
  readonly recordingRef: string | null;
}

/** What a completed call recorded (the notes as their PII token). */
export interface CallTaskCompletion {
  readonly outcome: CallOutcome;
  readonly notes: string | null;
  readonly completedAt: IsoInstant;
  readonly stepsDone: readonly string[] | null;
  readonly scriptVersion: number | null;
  readonly recordingRef: string | null;
}

export type CallTaskState =
  | { readonly status: 'none' }
  | {
      readonly status: 'queued' | 'held' | 'completed';
      readonly taskId: string;
      readonly debtId: string;
      readonly queue: string;
      readonly priority: number;
      readonly reason: CallTaskReason;
      readonly dueAt: IsoInstant;
      /** The one agent who may work it (while held; kept after completion: who completed it). */
      readonly holder: string | null;
      readonly leaseUntil: IsoInstant | null;
      /** Every agent who took or was given it (who may read it back). */
      readonly agents: readonly string[];
      /** The script served to the current (or last) holder; null before any take. */
      readonly script: ServedCallScript | null;
      readonly completion: CallTaskCompletion | null;
      /** The calls dialled for it through the dialer, in order. */
      readonly calls: readonly DialerCall[];
    };

type Existing = Exclude<CallTaskState, { readonly status: 'none' }>;

function existing(state: CallTaskState, taskId: string): Existing {
  if (state.status === 'none') throw new ContactsRuleViolation('CALL_TASK_NOT_FOUND', `call task ${taskId} does not exist`);
  return state;
}

function open(state: CallTaskState, taskId: string): Existing {
  const task = existing(state, taskId);
  if (task.status === 'completed') throw new ContactsRuleViolation('CALL_TASK_COMPLETED', `call task ${taskId} is already completed`);
  return task;
}

/** Instants compare as ISO strings only in one format: compare the times. */
const expired = (leaseUntil: IsoInstant | null, now: IsoInstant): boolean => leaseUntil !== null && Date.parse(leaseUntil) <= Date.parse(now);

function decide(command: CallTaskCommand, state: CallTaskState): readonly CallTaskEvent[] {
  switch (command.type) {
    case 'CreateCallTask': {
      if (state.status !== 'none') throw new ContactsRuleViolation('CALL_TASK_ALREADY_QUEUED', `call task ${command.taskId} already exists`);
      const { taskId, debtId, debtorId, queue, priority, reason, dueAt } = command;
      return [{ type: 'CallTaskQueued', data: { taskId, debtId, debtorId, queue, priority, reason, dueAt, queuedAt: command.now, queuedBy: command.actor } }];
    }
    case 'TakeCallTask': {
      const task = open(state, command.taskId);
      if (task.status === 'queued') return [taken(command)];
      // held: by this agent, the lease is renewed; by another, only once its lease ran out
      if (task.holder === command.agent) return [taken(command)];
      if (!expired(task.leaseUntil, command.now)) {
        throw new ContactsRuleViolation('CALL_TASK_HELD', `call task ${command.taskId} is held by another agent until ${task.leaseUntil ?? '?'}`);
      }
      return [
        { type: 'CallTaskLeaseExpired', data: { taskId: task.taskId, agent: task.holder ?? '', leaseUntil: task.leaseUntil ?? command.now, notedAt: command.now } },
        taken(command),
      ];
    }
    case 'ReleaseCallTask': {
      const task = open(state, command.taskId);
      holderOnly(task, command.agent, 'release');
      return [{ type: 'CallTaskReleased', data: { taskId: task.taskId, agent: command.agent, releasedAt: command.now } }];
    }
    case 'CompleteCallTask': {
      const task = open(state, command.taskId);
      // a lease that ran out with nobody else taking the task still leaves its holder the one who may complete it
      holderOnly(task, command.agent, 'complete');
      checkStepsDone(command);
      return [
        {
          type: 'CallTaskCompleted',
          data: {
            taskId: task.taskId,
            debtId: task.debtId,
            agent: command.agent,
            outcome: command.outcome,
            notes: command.notes,
            completedAt: command.now,
            stepsDone: command.stepsDone,
            scriptVersion: command.script.version,
            // the agent's reference, else the dialer's recording of the last call that has one
            recordingRef: command.recordingRef ?? [...task.calls].reverse().find((c) => c.recordingRef !== null)?.recordingRef ?? null,
          },
        },
      ];
    }
    case 'ReassignCallTask': {
      const task = open(state, command.taskId);
      return [
        {
          type: 'CallTaskReassigned',
          data: {
            taskId: task.taskId,
            from: task.status === 'held' ? task.holder : null,
            to: command.to,
            leaseUntil: command.leaseUntil,
            supervisor: command.supervisor,
            reassignedAt: command.now,
            script: command.script,
          },
        },
      ];
    }
    case 'DeferCallTask': {
      const task = open(state, command.taskId);
      // a task an agent holds is the agent's: the rules were applied when it was offered
      if (task.status !== 'queued') return [];
      return [{ type: 'CallTaskDeferred', data: { taskId: task.taskId, debtId: task.debtId, until: command.until, rule: command.rule, deferredAt: command.now } }];
    }
    case 'RecordCallDialed': {
      const task = open(state, command.taskId);
      holderOnly(task, command.agent, 'dial');
      return [{ type: 'CallDialed', data: { taskId: task.taskId, callId: command.callId, agent: command.agent, contactPointId: command.contactPointId, dialedAt: command.now } }];
    }
    case 'RecordCallReport': {
      // a report may come after the completion (the recording is ready later): completed tasks take it too
      const task = existing(state, command.taskId);
      const { report } = command;
      const call = task.calls.find((c) => c.callId === report.callId);
      if (!call) throw new ContactsRuleViolation('CALL_NOT_FOUND', `call ${report.callId} was not dialled for call task ${task.taskId}`);
      if (report.event === 'call.started') return call.startedAt === null && call.endedAt === null ? [{ type: 'CallStarted', data: { taskId: task.taskId, callId: call.callId, startedAt: report.at } }] : [];
      if (call.endedAt !== null) return [];
      return [{ type: 'CallEnded', data: { taskId: task.taskId, callId: call.callId, endedAt: report.at, durationSeconds: report.durationSeconds, recordingRef: report.recordingRef } }];
    }
    default:
      return assertNever(command, 'call task command');
  }
}

function taken(command: { readonly taskId: string; readonly agent: string; readonly leaseUntil: IsoInstant; readonly now: IsoInstant; readonly script: ServedCallScript }): CallTaskEvent {
  return { type: 'CallTaskTaken', data: { taskId: command.taskId, agent: command.agent, leaseUntil: command.leaseUntil, takenAt: command.now, script: command.script } };
}

/**
 * The steps done are the served script's, and the debt was spoken of only to the right
 * party: no disclosing step (the creditor, the debt, the offer) without the identification
 * done, and no right-party outcome (a contact, a promise) without it either (CDC art. 42 and
 * 71: a debt is not disclosed to third parties).
 */
function checkStepsDone(command: CompleteCallTask): void {
  const kinds = new Map(command.script.steps.map((s) => [s.id, s.kind]));
  const unknown = command.stepsDone.filter((id) => !kinds.has(id));
  if (unknown.length > 0) {
    throw ValidationError.of('stepsDone', `${unknown.slice(0, 5).map((id) => JSON.stringify(id.slice(0, 40))).join(', ')} is not a step of the script served (version ${command.script.version}: ${[...kinds.keys()].join(', ')})`);
  }
  const done = command.stepsDone.map((id) => kinds.get(id));
  if (done.includes('identify-right-party')) return;
  if (RIGHT_PARTY_OUTCOMES.has(command.outcome)) {
    throw new ContactsRuleViolation('DISCLOSURE_BEFORE_IDENTIFICATION', `the outcome ${command.outcome} needs the right party identified first (the script's identify-right-party step in stepsDone)`);
  }
  if (done.some((kind) => kind !== undefined && DISCLOSING_STEP_KINDS.has(kind))) {
    throw new ContactsRuleViolation('DISCLOSURE_BEFORE_IDENTIFICATION', 'the creditor, the debt or an offer was told to a person not identified as the debtor');
  }
}

function holderOnly(task: Existing, agent: string, what: string): void {
  if (task.status !== 'held' || task.holder !== agent) {
    throw new ContactsRuleViolation('CALL_TASK_NOT_HOLDER', `only the agent holding call task ${task.taskId} may ${what} it`);
  }
}

const withAgent = (agents: readonly string[], agent: string): readonly string[] => (agents.includes(agent) ? agents : [...agents, agent]);

function evolve(state: CallTaskState, event: CallTaskEvent): CallTaskState {
  if (event.type === 'CallTaskQueued') {
    const d = event.data;
    return { status: 'queued', taskId: d.taskId, debtId: d.debtId, queue: d.queue, priority: d.priority, reason: d.reason, dueAt: d.dueAt, holder: null, leaseUntil: null, agents: [], script: null, completion: null, calls: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CallTaskTaken':
      return { ...state, status: 'held', holder: event.data.agent, leaseUntil: event.data.leaseUntil, agents: withAgent(state.agents, event.data.agent), script: event.data.script ?? null };
    case 'CallTaskReassigned':
      return { ...state, status: 'held', holder: event.data.to, leaseUntil: event.data.leaseUntil, agents: withAgent(state.agents, event.data.to), script: event.data.script ?? null };
    case 'CallTaskLeaseExpired':
    case 'CallTaskReleased':
      return { ...state, status: 'queued', holder: null, leaseUntil: null };
    case 'CallTaskCompleted': {
      const d = event.data;
      const completion: CallTaskCompletion = {
        outcome: d.outcome,
        notes: d.notes,
        completedAt: d.completedAt,
        stepsDone: d.stepsDone ?? null,
        scriptVersion: d.scriptVersion ?? null,
        recordingRef: d.recordingRef ?? null,
      };
      return { ...state, status: 'completed', holder: d.agent, leaseUntil: null, completion };
    }
    case 'CallTaskDeferred':
      return { ...state, dueAt: event.data.until };
    case 'CallDialed': {
      const d = event.data;
      return { ...state, calls: [...state.calls, { callId: d.callId, agent: d.agent, dialedAt: d.dialedAt, startedAt: null, endedAt: null, durationSeconds: null, recordingRef: null }] };
    }
    case 'CallStarted':
      return { ...state, calls: state.calls.map((c) => (c.callId === event.data.callId ? { ...c, startedAt: event.data.startedAt } : c)) };
    case 'CallEnded': {
      const d = event.data;
      return { ...state, calls: state.calls.map((c) => (c.callId === d.callId ? { ...c, endedAt: d.endedAt, durationSeconds: d.durationSeconds, recordingRef: d.recordingRef } : c)) };
    }
    default:
      return assertNever(event, 'call task event');
  }
}

/**
 * One call for an agent to make (stream `calltask-<taskId>`): queued, held by one agent
 * at a time under a lease, completed once by its holder. A lease that runs out lets
 * another agent take the task (so a closed browser does not strand a call), and records
 * that it ran out; the queue table of the service only indexes what this stream decides.
 */
export const callTaskDecider: Decider<CallTaskState, CallTaskCommand, CallTaskEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
