import { ValidationError } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { DEFAULT_CALL_SCRIPT_STEPS } from '../call-script/call-script';
import { ContactsRuleViolation } from '../contacts-rule-code';
import { ACTOR, DEBT_ID, DEBTOR_ID, at } from '../testing.fixtures';
import type { CreateCallTask } from './call-task.commands';
import { callTaskDecider } from './call-task.decider';
import type { CallTaskEvent } from './call-task.events';

const spec = DeciderSpecification.for(callTaskDecider);
const TASK_ID = '7e57a5c0-0000-4000-8000-00000000ca11';
const create: CreateCallTask = {
  type: 'CreateCallTask',
  taskId: TASK_ID,
  debtId: DEBT_ID,
  debtorId: DEBTOR_ID,
  queue: 'default',
  priority: 5,
  reason: 'cadence',
  dueAt: at('2026-03-02', '09:00:00'),
  now: at('2026-03-02', '08:00:00'),
  actor: ACTOR,
};
const queued: CallTaskEvent = {
  type: 'CallTaskQueued',
  data: { taskId: TASK_ID, debtId: DEBT_ID, debtorId: DEBTOR_ID, queue: 'default', priority: 5, reason: 'cadence', dueAt: at('2026-03-02', '09:00:00'), queuedAt: at('2026-03-02', '08:00:00'), queuedBy: ACTOR },
};
const takenBy = (agent: string, until = at('2026-03-02', '10:15:00'), when = at('2026-03-02', '10:00:00')): CallTaskEvent => ({
  type: 'CallTaskTaken',
  data: { taskId: TASK_ID, agent, leaseUntil: until, takenAt: when, script: SCRIPT },
});
const SCRIPT = { segment: 'default', version: 0 } as const;
const take = (agent: string, now = at('2026-03-02', '10:05:00'), leaseUntil = at('2026-03-02', '10:20:00')) => ({ type: 'TakeCallTask', taskId: TASK_ID, agent, leaseUntil, now, script: SCRIPT }) as const;
const served = { version: 0, steps: DEFAULT_CALL_SCRIPT_STEPS };
const complete = (agent: string, now = at('2026-03-02', '10:10:00'), more: { outcome?: 'promise-to-pay' | 'wrong-party' | 'right-party-contact'; stepsDone?: string[] } = {}) =>
  ({ type: 'CompleteCallTask', taskId: TASK_ID, agent, outcome: more.outcome ?? 'promise-to-pay', notes: null, now, stepsDone: more.stepsDone ?? ['identificar', 'credor'], script: served, recordingRef: null }) as const;
const completedEvent = (extra: Record<string, unknown> = {}) =>
  ({
    type: 'CallTaskCompleted',
    data: { taskId: TASK_ID, debtId: DEBT_ID, agent: 'agent:bia', outcome: 'promise-to-pay', notes: null, completedAt: at('2026-03-02', '10:10:00'), stepsDone: ['identificar', 'credor'], scriptVersion: 0, recordingRef: null, ...extra },
  }) as CallTaskEvent;

describe('a call task in an agent queue', () => {
  it('is queued with its debt, queue, priority, reason and due instant', () => {
    spec.given([]).when(create).then([queued]);
  });

  it('is deferred with the rule that forbids calling now, and its due instant moves to when it allows', () => {
    const rule = { code: 'OUTSIDE_CONTACT_HOURS', article: 'Lei estadual SP 15.426/2014', detail: 'after 20:00' };
    const deferred: CallTaskEvent = { type: 'CallTaskDeferred', data: { taskId: TASK_ID, debtId: DEBT_ID, until: at('2026-03-03', '11:00:00'), rule, deferredAt: at('2026-03-02', '23:30:00') } };
    const defer = { type: 'DeferCallTask', taskId: TASK_ID, until: at('2026-03-03', '11:00:00'), rule, now: at('2026-03-02', '23:30:00') } as const;
    spec.given([queued]).when(defer).then([deferred]);
    const state = [queued, deferred].reduce(callTaskDecider.evolve, callTaskDecider.initialState());
    expect(state).toMatchObject({ status: 'queued', dueAt: at('2026-03-03', '11:00:00') });
    // a task an agent holds is not deferred under them
    spec.given([queued, takenBy('agent:bia')]).when(defer).thenNothingHappens();
  });

  it('is queued once', () => {
    spec.given([queued]).when(create).thenThrows(ContactsRuleViolation, /already exists/);
  });

  it('is taken by an agent under a lease', () => {
    spec.given([queued]).when(take('agent:bia')).then([takenBy('agent:bia', at('2026-03-02', '10:20:00'), at('2026-03-02', '10:05:00'))]);
  });

  it('is held by at most one agent: another agent cannot take it while the lease runs', () => {
    spec.given([queued, takenBy('agent:bia')]).when(take('agent:caio')).thenThrows(ContactsRuleViolation, /held by another agent/);
  });

  it('lets another agent take it once the lease ran out, recording that it ran out', () => {
    spec
      .given([queued, takenBy('agent:bia')])
      .when(take('agent:caio', at('2026-03-02', '10:15:00'), at('2026-03-02', '10:30:00')))
      .then([
        { type: 'CallTaskLeaseExpired', data: { taskId: TASK_ID, agent: 'agent:bia', leaseUntil: at('2026-03-02', '10:15:00'), notedAt: at('2026-03-02', '10:15:00') } },
        takenBy('agent:caio', at('2026-03-02', '10:30:00'), at('2026-03-02', '10:15:00')),
      ]);
  });

  it('is completed by its holder with an outcome from the closed list', () => {
    spec
      .given([queued, takenBy('agent:bia')])
      .when(complete('agent:bia'))
      .then([completedEvent()]);
  });

  it('records the steps of the served script the agent did, with its version', () => {
    const state = [queued, takenBy('agent:bia'), completedEvent({ recordingRef: 'rec-1' })].reduce(callTaskDecider.evolve, callTaskDecider.initialState());
    expect(state).toMatchObject({ status: 'completed', agents: ['agent:bia'], script: SCRIPT, completion: { outcome: 'promise-to-pay', stepsDone: ['identificar', 'credor'], scriptVersion: 0, recordingRef: 'rec-1' } });
  });

  it('refuses steps that are not in the served script, naming stepsDone', () => {
    spec.given([queued, takenBy('agent:bia')]).when(complete('agent:bia', undefined, { stepsDone: ['identificar', 'dancar'] })).thenThrows(ValidationError, /stepsDone: "dancar" is not a step of the script served/);
  });

  it('refuses a right-party contact or a promise without the right party identified (no disclosure before identification)', () => {
    for (const outcome of ['promise-to-pay', 'right-party-contact'] as const) {
      spec.given([queued, takenBy('agent:bia')]).when(complete('agent:bia', undefined, { outcome, stepsDone: ['credor', 'debito'] })).thenThrows(ContactsRuleViolation, /identified first/);
      spec.given([queued, takenBy('agent:bia')]).when(complete('agent:bia', undefined, { outcome, stepsDone: [] })).thenThrows(ContactsRuleViolation, /identified first/);
    }
  });

  it('refuses a wrong party told about the debt; a wrong party told nothing is fine', () => {
    spec.given([queued, takenBy('agent:bia')]).when(complete('agent:bia', undefined, { outcome: 'wrong-party', stepsDone: ['debito'] })).thenThrows(ContactsRuleViolation, /not identified as the debtor/);
    spec.given([queued, takenBy('agent:bia')]).when(complete('agent:bia', undefined, { outcome: 'wrong-party', stepsDone: [] })).then(([event]) => expect(event?.type).toBe('CallTaskCompleted'));
  });

  it('is completed by its holder after the lease ran out when nobody else took it', () => {
    spec.given([queued, takenBy('agent:bia')]).when(complete('agent:bia', at('2026-03-02', '11:00:00'))).then(([event]) => expect(event?.type).toBe('CallTaskCompleted'));
  });

  it('refuses completion by an agent who does not hold it', () => {
    spec.given([queued, takenBy('agent:bia')]).when(complete('agent:caio')).thenThrows(ContactsRuleViolation, /only the agent holding/);
  });

  it('refuses completion of a task nobody took', () => {
    spec.given([queued]).when(complete('agent:bia')).thenThrows(ContactsRuleViolation, /only the agent holding/);
  });

  it('refuses completion by the former holder after another agent took the expired lease', () => {
    const expiredThenTaken: CallTaskEvent[] = [
      queued,
      takenBy('agent:bia'),
      { type: 'CallTaskLeaseExpired', data: { taskId: TASK_ID, agent: 'agent:bia', leaseUntil: at('2026-03-02', '10:15:00'), notedAt: at('2026-03-02', '10:16:00') } },
      takenBy('agent:caio', at('2026-03-02', '10:31:00'), at('2026-03-02', '10:16:00')),
    ];
    spec.given(expiredThenTaken).when(complete('agent:bia')).thenThrows(ContactsRuleViolation, /only the agent holding/);
  });

  it('refuses completing twice', () => {
    const completed = completedEvent({ outcome: 'no-answer' });
    spec.given([queued, takenBy('agent:bia'), completed]).when(complete('agent:bia')).thenThrows(ContactsRuleViolation, /already completed/);
    spec.given([queued, takenBy('agent:bia'), completed]).when(take('agent:caio')).thenThrows(ContactsRuleViolation, /already completed/);
  });

  it('goes back to the queue when its holder releases it, and only its holder may', () => {
    spec.given([queued, takenBy('agent:bia')]).when({ type: 'ReleaseCallTask', taskId: TASK_ID, agent: 'agent:caio', now: at('2026-03-02', '10:06:00') }).thenThrows(ContactsRuleViolation, /only the agent holding/);
    spec
      .given([queued, takenBy('agent:bia'), { type: 'CallTaskReleased', data: { taskId: TASK_ID, agent: 'agent:bia', releasedAt: at('2026-03-02', '10:06:00') } }])
      .when(take('agent:caio'))
      .then([takenBy('agent:caio', at('2026-03-02', '10:20:00'), at('2026-03-02', '10:05:00'))]);
  });

  it('is reassigned by a supervisor to another agent, who then is its only holder', () => {
    const reassigned: CallTaskEvent = {
      type: 'CallTaskReassigned',
      data: { taskId: TASK_ID, from: 'agent:bia', to: 'agent:caio', leaseUntil: at('2026-03-02', '10:40:00'), supervisor: 'user:sup', reassignedAt: at('2026-03-02', '10:05:00'), script: SCRIPT },
    };
    spec
      .given([queued, takenBy('agent:bia')])
      .when({ type: 'ReassignCallTask', taskId: TASK_ID, to: 'agent:caio', leaseUntil: at('2026-03-02', '10:40:00'), supervisor: 'user:sup', now: at('2026-03-02', '10:05:00'), script: SCRIPT })
      .then([reassigned]);
    spec.given([queued, takenBy('agent:bia'), reassigned]).when(complete('agent:bia')).thenThrows(ContactsRuleViolation, /only the agent holding/);
    spec.given([queued, takenBy('agent:bia'), reassigned]).when(complete('agent:caio')).then(([event]) => expect(event?.type).toBe('CallTaskCompleted'));
  });

  describe('through the dialer', () => {
    const dialed: CallTaskEvent = { type: 'CallDialed', data: { taskId: TASK_ID, callId: 'call-1', agent: 'agent:bia', contactPointId: 'phone-1', dialedAt: at('2026-03-02', '10:06:00') } };
    const dial = (agent: string) => ({ type: 'RecordCallDialed', taskId: TASK_ID, agent, callId: 'call-1', contactPointId: 'phone-1', now: at('2026-03-02', '10:06:00') }) as const;
    const started = { type: 'RecordCallReport', taskId: TASK_ID, report: { event: 'call.started', callId: 'call-1', at: at('2026-03-02', '10:06:10') } } as const;
    const ended = (callId = 'call-1') => ({ type: 'RecordCallReport', taskId: TASK_ID, report: { event: 'call.ended', callId, at: at('2026-03-02', '10:09:10'), durationSeconds: 180, recordingRef: 'rec-1' } }) as const;
    const endedEvent: CallTaskEvent = { type: 'CallEnded', data: { taskId: TASK_ID, callId: 'call-1', endedAt: at('2026-03-02', '10:09:10'), durationSeconds: 180, recordingRef: 'rec-1' } };

    it('is dialled by its holder only', () => {
      spec.given([queued, takenBy('agent:bia')]).when(dial('agent:bia')).then([dialed]);
      spec.given([queued, takenBy('agent:bia')]).when(dial('agent:caio')).thenThrows(ContactsRuleViolation, /only the agent holding/);
    });

    it("records the dialer's start and end of a call once each; a call it did not dial is refused", () => {
      spec.given([queued, takenBy('agent:bia'), dialed]).when(started).then([{ type: 'CallStarted', data: { taskId: TASK_ID, callId: 'call-1', startedAt: at('2026-03-02', '10:06:10') } }]);
      spec.given([queued, takenBy('agent:bia'), dialed]).when(ended()).then([endedEvent]);
      spec.given([queued, takenBy('agent:bia'), dialed, endedEvent]).when(ended()).thenNothingHappens();
      spec.given([queued, takenBy('agent:bia'), dialed, endedEvent]).when(started).thenNothingHappens();
      spec.given([queued, takenBy('agent:bia'), dialed]).when(ended('call-9')).thenThrows(ContactsRuleViolation, /was not dialled/);
    });

    it("completes with the dialer's recording when the agent gives none, with the agent's when given", () => {
      spec.given([queued, takenBy('agent:bia'), dialed, endedEvent]).when(complete('agent:bia')).then([completedEvent({ recordingRef: 'rec-1' })]);
      spec.given([queued, takenBy('agent:bia'), dialed, endedEvent]).when({ ...complete('agent:bia'), recordingRef: 'mine' }).then([completedEvent({ recordingRef: 'mine' })]);
    });
  });

  it('does not exist before it is queued', () => {
    spec.given([]).when(take('agent:bia')).thenThrows(ContactsRuleViolation, /does not exist/);
  });
});
