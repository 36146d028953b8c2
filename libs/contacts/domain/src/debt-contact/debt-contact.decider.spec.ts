import { ValidationError, fold } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { ContactsRuleViolation } from '../contacts-rule-code';
import { ACTOR, CADENCE_ID, DEBT_ID, DEBTOR_ID, at, brl, sent, started, step, tracked } from '../testing.fixtures';
import type { RecordStepOutcome, StepOutcome } from './debt-contact.commands';
import { debtContactDecider, nextStep, openBalance, planNextStep, stepDueDate, type TrackedDebt } from './debt-contact.decider';
import type { DebtContactEvent } from './debt-contact.events';

const spec = DeciderSpecification.for(debtContactDecider);
const stateAfter = (history: readonly DebtContactEvent[]): TrackedDebt => {
  const state = fold(debtContactDecider, history);
  if (state.status === 'untracked') throw new Error('expected a tracked debt');
  return state;
};
const d1 = step('d1-email', 1);
const outcome = (result: StepOutcome, s = d1): RecordStepOutcome => ({ type: 'RecordStepOutcome', debtId: DEBT_ID, step: s, cadenceVersion: 1, outcome: result, now: at('2026-03-11'), actor: 'system:scheduler' });
const stop = (reason: 'settled' | 'written_off' = 'settled') => ({ type: 'StopCadence', debtId: DEBT_ID, reason, now: at('2026-03-12'), actor: 'system:debtors' }) as const;
const hold = (holdId = 'dispute', kind: 'dispute' | 'deceased' = 'dispute') =>
  ({ type: 'PlaceHold', debtId: DEBT_ID, holdId, kind, reason: 'opened by the debtor', now: at('2026-03-12'), actor: ACTOR }) as const;
const paused: DebtContactEvent = { type: 'CadencePaused', data: { debtId: DEBT_ID, holdId: 'dispute', kind: 'dispute', reason: 'opened by the debtor', pausedAt: at('2026-03-12'), pausedBy: ACTOR } };
const stopped: DebtContactEvent = { type: 'CadenceStopped', data: { debtId: DEBT_ID, reason: 'settled', stoppedAt: at('2026-03-12') } };
const rule = { code: 'OUTSIDE_CONTACT_HOURS', article: 'Lei estadual SP 15.426/2014', detail: 'Sunday' };

describe('the contact process of a debt', () => {
  it('tracks a registered debt once, whatever the number of deliveries', () => {
    spec
      .given([])
      .when({ type: 'TrackDebt', debtId: DEBT_ID, debtorId: DEBTOR_ID, dueDate: '2026-03-10', originalAmount: brl(50_000), now: at('2026-03-01'), actor: 'system:debtors' })
      .then([tracked]);
    spec
      .given([tracked])
      .when({ type: 'TrackDebt', debtId: DEBT_ID, debtorId: DEBTOR_ID, dueDate: '2026-03-10', originalAmount: brl(50_000), now: at('2026-03-01'), actor: 'system:debtors' })
      .thenNothingHappens();
  });

  it('starts the cadence of its segment when the debt becomes overdue, once', () => {
    spec.given([tracked]).when({ type: 'StartCadence', debtId: DEBT_ID, cadenceId: CADENCE_ID, version: 1, now: at('2026-03-11'), actor: 'system:debtors' }).then([started()]);
    spec.given([tracked, started()]).when({ type: 'StartCadence', debtId: DEBT_ID, cadenceId: CADENCE_ID, version: 2, now: at('2026-03-11'), actor: 'system:debtors' }).thenNothingHappens();
  });

  it('does not start a cadence for a debt settled before it became overdue', () => {
    spec.given([tracked, stopped]).when({ type: 'StartCadence', debtId: DEBT_ID, cadenceId: CADENCE_ID, version: 1, now: at('2026-03-11'), actor: 'system:debtors' }).thenNothingHappens();
  });

  it('records a sent step with the message and contact point, and never sends that step again', () => {
    const result = { kind: 'sent', messageId: 'msg-d1-email', contactPointId: 'email-1', providerMessageId: 'smtp-d1-email' } as const;
    spec.given([tracked, started()]).when(outcome(result)).then([sent('d1-email', 1)]);
    spec.given([tracked, started(), sent('d1-email', 1)]).when(outcome(result)).thenThrows(ContactsRuleViolation, /already done/);
  });

  it('records a deferral with the rule that caused it, leaving the step to be tried again', () => {
    spec
      .given([tracked, started()])
      .when(outcome({ kind: 'deferred', until: at('2026-03-12', '11:00:00'), rule }))
      .then([{ type: 'ContactDeferred', data: { debtId: DEBT_ID, stepId: 'd1-email', offsetDays: 1, cadenceVersion: 1, channel: 'email', at: at('2026-03-11'), until: at('2026-03-12', '11:00:00'), rule } }]);
    const afterDeferral = stateAfter([tracked, started(), { type: 'ContactDeferred', data: { debtId: DEBT_ID, stepId: 'd1-email', offsetDays: 1, cadenceVersion: 1, channel: 'email', at: at('2026-03-11'), until: at('2026-03-12'), rule } }]);
    expect(nextStep(afterDeferral, [d1])).toEqual(d1);
  });

  it('sends nothing for a settled debt: a step that comes due after the stop is refused', () => {
    spec
      .given([tracked, started(), stopped])
      .when(outcome({ kind: 'sent', messageId: 'm', contactPointId: 'email-1', providerMessageId: 'p' }))
      .thenThrows(ContactsRuleViolation, /stopped \(settled\)/);
  });

  it('sends nothing while a hold pauses the cadence, and resumes where it left off when the hold is released', () => {
    spec.given([tracked, started()]).when(hold()).then([paused]);
    spec
      .given([tracked, started(), paused])
      .when(outcome({ kind: 'sent', messageId: 'm', contactPointId: 'email-1', providerMessageId: 'p' }))
      .thenThrows(ContactsRuleViolation, /on hold \(dispute\)/);
    const resumed: DebtContactEvent = { type: 'CadenceResumed', data: { debtId: DEBT_ID, holdId: 'dispute', resumedAt: at('2026-03-20'), resumedBy: ACTOR } };
    spec.given([tracked, started(), sent('d1-email', 1), paused]).when({ type: 'ReleaseHold', debtId: DEBT_ID, holdId: 'dispute', now: at('2026-03-20'), actor: ACTOR }).then([resumed]);
    const steps = [d1, step('d5-sms', 5, 'sms')];
    expect(nextStep(stateAfter([tracked, started(), sent('d1-email', 1), paused, resumed]), steps)?.stepId).toBe('d5-sms');
  });

  it('keeps the cadence paused while any of two holds remains', () => {
    const deceased: DebtContactEvent = { type: 'CadencePaused', data: { debtId: DEBT_ID, holdId: 'deceased', kind: 'deceased', reason: 'reported by an agent', pausedAt: at('2026-03-13'), pausedBy: ACTOR } };
    const releaseDispute: DebtContactEvent = { type: 'CadenceResumed', data: { debtId: DEBT_ID, holdId: 'dispute', resumedAt: at('2026-03-20'), resumedBy: ACTOR } };
    expect(stateAfter([tracked, started(), paused, deceased, releaseDispute]).holds.map((h) => h.kind)).toEqual(['deceased']);
  });

  it('refuses to release a hold the debt does not have', () => {
    spec.given([tracked, started()]).when({ type: 'ReleaseHold', debtId: DEBT_ID, holdId: 'dispute', now: at('2026-03-20'), actor: ACTOR }).thenThrows(ContactsRuleViolation, /no hold dispute/);
  });

  it('stops once: a second settlement notice changes nothing', () => {
    spec.given([tracked, started()]).when(stop()).then([stopped]);
    spec.given([tracked, started(), stopped]).when(stop('written_off')).thenNothingHappens();
  });

  it('continues on a revised cadence from its next step: a step inserted before the last one sent is not sent late', () => {
    const debt = stateAfter([tracked, started(), sent('d1-email', 1), sent('d5-sms', 5)]);
    const revised = [d1, step('d3-whatsapp', 3, 'whatsapp'), step('d5-sms', 5, 'sms'), step('d7-email', 7), step('d10-letter', 10, 'letter')];
    expect(nextStep(debt, revised)?.stepId).toBe('d7-email');
  });

  it('does not send again a step kept under its id by a revision, even with a new offset', () => {
    const debt = stateAfter([tracked, started(), sent('d1-email', 1)]);
    expect(nextStep(debt, [step('d1-email', 2), step('d9', 9)])?.stepId).toBe('d9');
  });

  it('has no next step once every step is done', () => {
    expect(nextStep(stateAfter([tracked, started(), sent('d1-email', 1)]), [d1])).toBeUndefined();
  });

  it('leaves a step open after a retryable failure and closes it after a permanent one', () => {
    const failed = (retryable: boolean): DebtContactEvent => ({
      type: 'ContactFailed',
      data: { debtId: DEBT_ID, stepId: 'd1-email', offsetDays: 1, cadenceVersion: 1, channel: 'email', at: at('2026-03-11'), messageId: 'm1', retryable, reason: 'smtp 451' },
    });
    expect(nextStep(stateAfter([tracked, started(), failed(true)]), [d1])?.stepId).toBe('d1-email');
    expect(stateAfter([tracked, started(), failed(true)]).failedAttempts).toBe(1);
    expect(nextStep(stateAfter([tracked, started(), failed(false)]), [d1])).toBeUndefined();
  });

  it('notes each payment once and lowers the open balance', () => {
    const pay = { type: 'NotePayment', debtId: DEBT_ID, paymentId: 'pix-1', amount: brl(20_000), paidOn: '2026-03-15', now: at('2026-03-15'), actor: 'system:debtors' } as const;
    const noted: DebtContactEvent = { type: 'DebtPaymentNoted', data: { debtId: DEBT_ID, paymentId: 'pix-1', amount: brl(20_000), paidOn: '2026-03-15' } };
    spec.given([tracked, started()]).when(pay).then([noted]);
    spec.given([tracked, started(), noted]).when(pay).thenNothingHappens();
    expect(openBalance(stateAfter([tracked, started(), noted]))).toBe(30_000);
  });

  it('takes a reversed payment back out of what was paid, once, and ignores a reversal of a payment it never noted', () => {
    const noted: DebtContactEvent = { type: 'DebtPaymentNoted', data: { debtId: DEBT_ID, paymentId: 'pix-1', amount: brl(20_000), paidOn: '2026-03-15' } };
    const reverse = (paymentId: string) => ({ type: 'NotePaymentReversal', debtId: DEBT_ID, paymentId, reversedOn: '2026-03-18', now: at('2026-03-18'), actor: 'system:debtors' }) as const;
    const reversed: DebtContactEvent = { type: 'DebtPaymentReversalNoted', data: { debtId: DEBT_ID, paymentId: 'pix-1', amount: brl(20_000), reversedOn: '2026-03-18' } };
    spec.given([tracked, started(), noted]).when(reverse('pix-1')).then([reversed]);
    spec.given([tracked, started(), noted, reversed]).when(reverse('pix-1')).thenNothingHappens();
    spec.given([tracked, started(), noted]).when(reverse('pix-9')).thenNothingHappens();
    expect(openBalance(stateAfter([tracked, started(), noted, reversed]))).toBe(50_000);
  });

  describe('promises to pay', () => {
    const promise = (overrides: Partial<{ promiseId: string; madeOn: string; dueOn: string }> = {}) =>
      ({ type: 'RecordPromise', debtId: DEBT_ID, promiseId: 'prm-1', taskId: 'task-1', amount: brl(30_000), madeOn: '2026-03-12', dueOn: '2026-03-20', now: at('2026-03-12'), actor: 'agent-7', ...overrides }) as const;
    const made: DebtContactEvent = { type: 'PromiseToPayMade', data: { debtId: DEBT_ID, promiseId: 'prm-1', taskId: 'task-1', amount: brl(30_000), madeOn: '2026-03-12', dueOn: '2026-03-20', madeBy: 'agent-7', madeAt: at('2026-03-12') } };
    const payment = (paymentId: string, amount: number, paidOn: string) => ({ type: 'NotePayment', debtId: DEBT_ID, paymentId, amount: brl(amount), paidOn, now: at(paidOn), actor: 'system:debtors' }) as const;
    const noted = (paymentId: string, amount: number, paidOn: string): DebtContactEvent => ({ type: 'DebtPaymentNoted', data: { debtId: DEBT_ID, paymentId, amount: brl(amount), paidOn } });
    const overdueNoted: DebtContactEvent = { type: 'DebtOverdueNoted', data: { debtId: DEBT_ID, asOf: '2026-03-11' } };
    const check = (asOf: string, promiseId = 'prm-1') => ({ type: 'CheckPromise', debtId: DEBT_ID, promiseId, asOf, now: at(asOf), actor: 'system:promises' }) as const;

    it('records a promise once, and the cadence waits for it', () => {
      spec.given([tracked, started()]).when(promise()).then([made]);
      spec.given([tracked, started(), made]).when(promise()).thenNothingHappens();
      expect(planNextStep(stateAfter([tracked, started(), made]), [d1])).toEqual({ kind: 'none', reason: 'paused' });
    });

    it('is kept when payments dated within it reach its amount, and the cadence goes on', () => {
      const history = [tracked, overdueNoted, started(), made, noted('pix-1', 10_000, '2026-03-15')];
      const kept: DebtContactEvent = { type: 'PromiseToPayKept', data: { debtId: DEBT_ID, promiseId: 'prm-1', paid: brl(30_000), keptOn: '2026-03-20' } };
      spec.given(history).when(payment('pix-2', 20_000, '2026-03-20')).then([noted('pix-2', 20_000, '2026-03-20'), kept]);
      expect(planNextStep(stateAfter([...history, noted('pix-2', 20_000, '2026-03-20'), kept]), [d1]).kind).toBe('due');
      spec.given([...history, noted('pix-2', 20_000, '2026-03-20'), kept]).when(check('2026-03-22')).thenNothingHappens();
    });

    it('does not count a payment dated after its day, and is broken on the check after its day with what was paid', () => {
      const history = [tracked, overdueNoted, started(), made, noted('pix-1', 10_000, '2026-03-15')];
      spec.given(history).when(payment('pix-2', 20_000, '2026-03-21')).then([noted('pix-2', 20_000, '2026-03-21')]);
      spec.given(history).when(check('2026-03-20')).thenNothingHappens();
      const broken: DebtContactEvent = { type: 'PromiseToPayBroken', data: { debtId: DEBT_ID, promiseId: 'prm-1', amount: brl(30_000), paid: brl(10_000), dueOn: '2026-03-20', asOf: '2026-03-22', brokenAt: at('2026-03-22') } };
      spec.given(history).when(check('2026-03-22')).then([broken]);
      spec.given([...history, broken]).when(check('2026-03-23')).thenNothingHappens();
      expect(planNextStep(stateAfter([...history, broken]), [d1]).kind).toBe('due');
    });

    it('refuses a second promise while one is open, one for a settled debt, and one due before the day it is made', () => {
      spec.given([tracked, started(), made]).when(promise({ promiseId: 'prm-2' })).thenThrows(ContactsRuleViolation, /PROMISE_ALREADY_OPEN/);
      spec.given([tracked, started(), stopped]).when(promise()).thenThrows(ContactsRuleViolation, /CADENCE_STOPPED/);
      spec.given([tracked, started()]).when(promise({ dueOn: '2026-03-11' })).thenThrows(ValidationError, /promise.dueOn: must not be before the day it is made, 2026-03-12/);
    });
  });

  describe('a settled debt reopened (the payment that settled it was reversed)', () => {
    const reopen = { type: 'ReopenCadence', debtId: DEBT_ID, reopenedOn: '2026-03-20', now: at('2026-03-20'), actor: 'system:debtors' } as const;
    const reopened: DebtContactEvent = { type: 'CadenceReopened', data: { debtId: DEBT_ID, reopenedOn: '2026-03-20', reopenedAt: at('2026-03-20') } };

    it('runs its cadence again from where it stopped: steps done stay done', () => {
      const history = [tracked, started(), sent('d1-email', 1, 'm-1'), stopped];
      spec.given(history).when(reopen).then([reopened]);
      const state = stateAfter([...history, reopened]);
      expect(state).toMatchObject({ status: 'running', stopReason: null });
      expect(nextStep(state, [d1, step('d5-sms', 5)])).toEqual(step('d5-sms', 5));
    });

    it('goes back to waiting for its cadence when none had started', () => {
      spec.given([tracked, stopped]).when(reopen).then([reopened]);
      expect(stateAfter([tracked, stopped, reopened]).status).toBe('tracking');
    });

    it('changes nothing for a cadence running, or stopped for good by a write-off', () => {
      spec.given([tracked, started()]).when(reopen).thenNothingHappens();
      spec.given([tracked, started(), { type: 'CadenceStopped', data: { debtId: DEBT_ID, reason: 'written_off', stoppedAt: at('2026-03-12') } }]).when(reopen).thenNothingHappens();
    });
  });

  it('records a delivery receipt for a message it sent, once per status, and refuses an unknown message', () => {
    const delivery = (messageId: string) => ({ type: 'RecordDelivery', debtId: DEBT_ID, messageId, status: 'delivered', reason: null, now: at('2026-03-11', '12:01:00'), actor: 'system:webhook' }) as const;
    const delivered: DebtContactEvent = { type: 'ContactDeliveryUpdated', data: { debtId: DEBT_ID, messageId: 'msg-d1-email', status: 'delivered', reason: null, at: at('2026-03-11', '12:01:00') } };
    spec.given([tracked, started(), sent('d1-email', 1)]).when(delivery('msg-d1-email')).then([delivered]);
    spec.given([tracked, started(), sent('d1-email', 1), delivered]).when(delivery('msg-d1-email')).thenNothingHappens();
    spec.given([tracked, started(), sent('d1-email', 1)]).when(delivery('msg-other')).thenThrows(ContactsRuleViolation, /no message msg-other/);
  });

  it('puts a step on its calendar day: the due date plus the offset, across months', () => {
    expect(stepDueDate({ dueDate: '2026-03-10' }, { offsetDays: -3 })).toBe('2026-03-07');
    expect(stepDueDate({ dueDate: '2026-01-31' }, { offsetDays: 30 })).toBe('2026-03-02');
  });

  it('refuses every command but tracking for a debt it does not know', () => {
    spec.given([]).when(stop()).thenThrows(ContactsRuleViolation, /not known/);
  });

  describe('planning the next step', () => {
    const overdue: DebtContactEvent = { type: 'DebtOverdueNoted', data: { debtId: DEBT_ID, asOf: '2026-03-11' } };
    const steps = [step('d-3', -3), d1];

    it('puts a reminder before the due date on its day, the debt not being overdue', () => {
      expect(planNextStep(stateAfter([tracked, started()]), steps)).toEqual({ kind: 'due', step: step('d-3', -3), on: '2026-03-07' });
    });

    it('holds a step after the due date until the debtors context finds the debt past due', () => {
      const history = [tracked, started(), sent('d-3', -3)];
      expect(planNextStep(stateAfter(history), steps)).toEqual({ kind: 'waiting-for-overdue', step: d1 });
      expect(planNextStep(stateAfter([...history, overdue]), steps)).toEqual({ kind: 'due', step: d1, on: '2026-03-11' });
    });

    it('notes the debt overdue once', () => {
      spec.given([tracked, started()]).when({ type: 'NoteOverdue', debtId: DEBT_ID, asOf: '2026-03-11', now: at('2026-03-11'), actor: 'system:debtors' }).then([overdue]);
      spec.given([tracked, started(), overdue]).when({ type: 'NoteOverdue', debtId: DEBT_ID, asOf: '2026-03-12', now: at('2026-03-12'), actor: 'system:debtors' }).thenNothingHappens();
    });

    it('plans nothing for a stopped, paused or finished cadence, nor before one starts', () => {
      expect(planNextStep(stateAfter([tracked]), steps)).toEqual({ kind: 'none', reason: 'not-running' });
      expect(planNextStep(stateAfter([tracked, started(), stopped]), steps)).toEqual({ kind: 'none', reason: 'stopped' });
      expect(planNextStep(stateAfter([tracked, started(), paused]), steps)).toEqual({ kind: 'none', reason: 'paused' });
      expect(planNextStep(stateAfter([tracked, started(), overdue, sent('d-3', -3), sent('d1-email', 1)]), steps)).toEqual({ kind: 'none', reason: 'finished' });
    });
  });

  it('records an opt-out in the debtor\'s words once per contact point', () => {
    const optOut = { type: 'NoteOptOut', debtId: DEBT_ID, contactPointId: 'phone-1', channel: 'sms', phrase: 'pare', now: at('2026-03-12'), actor: 'system:inbound' } as const;
    const optedOut: DebtContactEvent = { type: 'ContactPointOptedOut', data: { debtId: DEBT_ID, contactPointId: 'phone-1', channel: 'sms', phrase: 'pare', at: at('2026-03-12') } };
    spec.given([tracked, started()]).when(optOut).then([optedOut]);
    spec.given([tracked, started(), optedOut]).when(optOut).thenNothingHappens();
    expect(stateAfter([tracked, started(), optedOut]).optedOutContactPoints).toEqual(['phone-1']);
  });
});
