import { fold, type Money } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { LegalRuleViolation } from '../legal-rule-code';
import { DEFAULT_POLICY_TERMS, type EscalationPolicy } from '../policy/escalation-policy';
import type {
  CheckRemovalSla,
  DebtId,
  EvaluateEscalation,
  ObserveDebtFact,
  RecordBureauListed,
  RecordNoticeSent,
  RequestListing,
  RequestProtest,
} from './escalation.commands';
import { escalationDecider } from './escalation.decider';
import type { DebtFact, EscalationEvent, EscalationStepRefused } from './escalation.events';

const spec = DeciderSpecification.for(escalationDecider);
const DEBT = '0192f6a0-0000-7000-8000-0000000000d1' as DebtId;
const DEBTOR = '0192f6a0-0000-7000-8000-0000000000b1';
const NOTICE = '0192f6a0-0000-7000-8000-0000000000e1';
const BALANCE: Money = { amount: 150_000, currency: 'BRL' };
const POLICY: EscalationPolicy = { version: 1, ...DEFAULT_POLICY_TERMS, setAt: '2026-01-01T00:00:00.000Z', setBy: 'admin@a' };
const at = (date: string): string => `${date}T12:00:00.000Z`;

const fact = (f: DebtFact, date = '2026-03-02'): EscalationEvent => ({ type: 'EscalationDebtFactObserved', data: { debtId: DEBT, fact: f, observedAt: at(date) } });
const overdueSince = (due: string): EscalationEvent => fact({ kind: 'overdue', earliestUnpaidDueDate: due, daysPastDue: 1, asOf: due });
const noticeRequested = (date: string): EscalationEvent => ({
  type: 'EscalationNoticeRequested',
  data: { debtId: DEBT, noticeId: NOTICE, debtorId: DEBTOR, amount: BALANCE, dueDate: '2026-01-01', listingNotBefore: '2026-03-13', noticePeriodDays: 10, policyVersion: 1, requestedAt: at(date) },
});
const noticeSent = (sentAt: string, listingNotBefore: string): EscalationEvent => ({
  type: 'EscalationNoticeSent',
  data: { debtId: DEBT, noticeId: NOTICE, sentAt, deliveries: [{ channel: 'letter', messageId: 'm-1', contactPointId: 'cp-1' }], listingNotBefore, recordedAt: sentAt },
});
const listingRequested = (date: string): EscalationEvent => ({
  type: 'EscalationListingRequested',
  data: { debtId: DEBT, debtorId: DEBTOR, bureaus: ['serasa', 'spc'], amount: BALANCE, dueDate: '2026-01-01', noticeId: NOTICE, byHand: false, actor: 'legal-process', policyVersion: 1, requestedAt: at(date) },
});
const listed = (bureau: 'serasa' | 'spc', date: string): EscalationEvent => ({ type: 'EscalationBureauListed', data: { debtId: DEBT, bureau, protocol: `${bureau}-p`, listedAt: at(date) } });

const evaluate = (today: string): EvaluateEscalation => ({ type: 'EvaluateEscalation', debtId: DEBT, now: at(today), today, policy: POLICY, noticeId: NOTICE, debt: { debtorId: DEBTOR, balance: BALANCE } });
const observe = (f: DebtFact, today: string, policy: EscalationPolicy = POLICY): ObserveDebtFact => ({ type: 'ObserveDebtFact', debtId: DEBT, now: at(today), fact: f, policy });
const sent = (sentAt: string): RecordNoticeSent => ({ type: 'RecordNoticeSent', debtId: DEBT, now: sentAt, noticeId: NOTICE, sentAt, deliveries: [{ channel: 'letter', messageId: 'm-1', contactPointId: 'cp-1' }] });
const list = (today: string, byHand = false): RequestListing => ({
  type: 'RequestListing',
  debtId: DEBT,
  now: at(today),
  today,
  policy: POLICY,
  bureaus: ['serasa', 'spc'],
  debt: { debtorId: DEBTOR, balance: BALANCE },
  byHand,
  actor: byHand ? 'agent@a' : 'legal-process',
});
const refused = (step: EscalationStepRefused['data']['step'], rule: EscalationStepRefused['data']['rule'], today: string, byHand = false) => (events: readonly EscalationEvent[]) => {
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ type: 'EscalationStepRefused', data: { debtId: DEBT, step, rule, byHand, refusedAt: at(today) } });
  expect((events[0] as EscalationStepRefused).data.article).not.toBe('');
};

const noticeSentHistory = [overdueSince('2026-01-01'), noticeRequested('2026-03-02'), noticeSent('2026-03-02T15:00:00.000Z', '2026-03-13')];
const listedHistory = [...noticeSentHistory, listingRequested('2026-03-12'), listed('serasa', '2026-03-12'), listed('spc', '2026-03-12')];

describe('Escalation: the prior notice (CDC art. 43 §2)', () => {
  it('is requested once the debt is as many days past due as the policy says (60), with the balance and the earliest unpaid due date', () => {
    spec.given([overdueSince('2026-01-01')]).when(evaluate('2026-03-02')).then([
      {
        type: 'EscalationNoticeRequested',
        data: { debtId: DEBT, noticeId: NOTICE, debtorId: DEBTOR, amount: BALANCE, dueDate: '2026-01-01', listingNotBefore: '2026-03-13', noticePeriodDays: 10, policyVersion: 1, requestedAt: at('2026-03-02') },
      },
    ]);
  });

  it('is not requested a day before the trigger, nor twice', () => {
    spec.given([overdueSince('2026-01-01')]).when(evaluate('2026-03-01')).thenNothingHappens();
    spec.given([overdueSince('2026-01-01'), noticeRequested('2026-03-02')]).when(evaluate('2026-03-05')).thenNothingHappens();
  });

  it.each([
    ['in dispute', { kind: 'dispute-opened' } as DebtFact, 'LEGAL_DEBT_IN_DISPUTE'],
    ['in agreement', { kind: 'agreement-entered', agreementId: 'ag-1', on: '2026-02-01' } as DebtFact, 'LEGAL_DEBT_IN_AGREEMENT'],
    ['settled', { kind: 'settled', settledOn: '2026-02-01' } as DebtFact, 'LEGAL_DEBT_SETTLED'],
    ['written off', { kind: 'written-off' } as DebtFact, 'LEGAL_DEBT_WRITTEN_OFF'],
  ] as const)('is refused for a debt %s, as evidence recorded once (a later tick adds nothing)', (_name, blocking, rule) => {
    const history = [overdueSince('2026-01-01'), fact(blocking)];
    spec.given(history).when(evaluate('2026-03-02')).then(refused('notice', rule, '2026-03-02'));
    const evidence = escalationDecider.decide(evaluate('2026-03-02'), fold(escalationDecider, history));
    spec.given([...history, ...evidence]).when(evaluate('2026-03-03')).thenNothingHappens();
  });

  it('is refused for a debt more than 5 years past due (CDC art. 43 §1 and §5)', () => {
    spec.given([overdueSince('2021-03-02')]).when(evaluate('2026-03-02')).then(refused('notice', 'LEGAL_DEBT_OLDER_THAN_FIVE_YEARS', '2026-03-02'));
  });

  it('counts the notice period from the proof of sending, not from the request, the day of sending excluded (CC art. 132)', () => {
    spec.given([overdueSince('2026-01-01'), noticeRequested('2026-03-02')]).when(sent('2026-03-05T15:00:00.000Z')).then([
      {
        type: 'EscalationNoticeSent',
        data: { debtId: DEBT, noticeId: NOTICE, sentAt: '2026-03-05T15:00:00.000Z', deliveries: [{ channel: 'letter', messageId: 'm-1', contactPointId: 'cp-1' }], listingNotBefore: '2026-03-16', recordedAt: '2026-03-05T15:00:00.000Z' },
      },
    ]);
  });

  it('refuses a proof for a notice it never requested; a redelivered proof adds nothing', () => {
    expect(spec.given([overdueSince('2026-01-01')]).when(sent('2026-03-05T15:00:00.000Z')).thenThrows(LegalRuleViolation).code).toBe('LEGAL_NOTICE_UNKNOWN');
    spec.given(noticeSentHistory).when(sent('2026-03-02T15:00:00.000Z')).thenNothingHappens();
  });

  it('a failed notice may be requested again on the next tick', () => {
    const failed: EscalationEvent = { type: 'EscalationNoticeFailed', data: { debtId: DEBT, noticeId: NOTICE, reason: 'no address', failedAt: at('2026-03-03'), recordedAt: at('2026-03-03') } };
    spec.given([overdueSince('2026-01-01'), noticeRequested('2026-03-02'), failed]).when({ ...evaluate('2026-03-04'), noticeId: 'n-2' }).then((events) => {
      expect(events).toMatchObject([{ type: 'EscalationNoticeRequested', data: { noticeId: 'n-2' } }]);
    });
  });
});

describe('Escalation: the bureau listing', () => {
  it('is requested at the bureaus once the notice period has run', () => {
    spec.given(noticeSentHistory).when(list('2026-03-13')).then([listingRequested('2026-03-13')]);
  });

  it('is refused with no notice sent, ever (CDC art. 43 §2), by hand as well as automatically', () => {
    spec.given([overdueSince('2026-01-01')]).when(list('2026-06-01', true)).then(refused('listing', 'LEGAL_NOTICE_MISSING', '2026-06-01', true));
    spec.given([overdueSince('2026-01-01'), noticeRequested('2026-03-02')]).when(list('2026-06-01')).then(refused('listing', 'LEGAL_NOTICE_MISSING', '2026-06-01'));
  });

  it('is refused the day before the notice period ends', () => {
    spec.given(noticeSentHistory).when(list('2026-03-12', true)).then(refused('listing', 'LEGAL_NOTICE_PERIOD_RUNNING', '2026-03-12', true));
  });

  it('is refused for a debt that became more than 5 years past due after its notice', () => {
    const history = [overdueSince('2021-03-10'), noticeRequested('2026-03-02'), noticeSent('2026-03-02T15:00:00.000Z', '2026-03-13')];
    spec.given(history).when(list('2026-03-13')).then(refused('listing', 'LEGAL_DEBT_OLDER_THAN_FIVE_YEARS', '2026-03-13'));
  });

  it.each([
    ['a payment settling the debt', { kind: 'settled', settledOn: '2026-03-08' } as DebtFact, 'LEGAL_DEBT_SETTLED'],
    ['an agreement', { kind: 'agreement-entered', agreementId: 'ag-1', on: '2026-03-08' } as DebtFact, 'LEGAL_DEBT_IN_AGREEMENT'],
    ['a dispute', { kind: 'dispute-opened' } as DebtFact, 'LEGAL_DEBT_IN_DISPUTE'],
  ] as const)('race: %s arriving between the notice and the listing prevents the listing', (_name, arriving, rule) => {
    spec.given([...noticeSentHistory, fact(arriving, '2026-03-08')]).when(list('2026-03-13')).then(refused('listing', rule, '2026-03-13'));
  });

  it('a listing call kept from being made by an agreement recorded after the request is a failed call with that rule', () => {
    spec
      .given([...noticeSentHistory, listingRequested('2026-03-13'), fact({ kind: 'agreement-entered', agreementId: 'ag-1', on: '2026-03-13' })])
      .when({ type: 'RecordBureauCallFailed', debtId: DEBT, now: at('2026-03-13'), bureau: 'serasa', operation: 'list', reason: 'not sent: the debt is in an agreement', garbage: false, attempts: 0, rule: 'LEGAL_DEBT_IN_AGREEMENT' })
      .then([{ type: 'EscalationBureauCallFailed', data: { debtId: DEBT, bureau: 'serasa', operation: 'list', reason: 'not sent: the debt is in an agreement', rule: 'LEGAL_DEBT_IN_AGREEMENT', attempts: 0, failedAt: at('2026-03-13') } }]);
  });

  it('lists again once an agreement is left (broken) and a dispute rejected', () => {
    const history = [...noticeSentHistory, fact({ kind: 'agreement-entered', agreementId: 'ag-1', on: '2026-03-05' }), fact({ kind: 'agreement-left', agreementId: 'ag-1' }), fact({ kind: 'dispute-opened' }), fact({ kind: 'dispute-resolved', outcome: 'rejected' })];
    spec.given(history).when(list('2026-03-20')).then((events) => expect(events.map((e) => e.type)).toEqual(['EscalationListingRequested']));
  });

  it('a dispute upheld keeps the debt off the bureaus', () => {
    spec.given([...noticeSentHistory, fact({ kind: 'dispute-opened' }), fact({ kind: 'dispute-resolved', outcome: 'upheld' })]).when(list('2026-03-20')).then(refused('listing', 'LEGAL_DEBT_IN_DISPUTE', '2026-03-20'));
  });

  it('refuses a second listing while one is held', () => {
    expect(spec.given(listedHistory).when(list('2026-03-20', true)).thenThrows(LegalRuleViolation).code).toBe('LEGAL_ALREADY_LISTED');
  });

  it("records a bureau's protocol once; a garbage answer is a failed call with its rule, nothing listed", () => {
    const answer: RecordBureauListed = { type: 'RecordBureauListed', debtId: DEBT, now: at('2026-03-12'), bureau: 'serasa', protocol: 'serasa-p' };
    spec.given([...noticeSentHistory, listingRequested('2026-03-12')]).when(answer).then([listed('serasa', '2026-03-12')]);
    spec.given([...noticeSentHistory, listingRequested('2026-03-12'), listed('serasa', '2026-03-12')]).when(answer).thenNothingHappens();
    spec
      .given([...noticeSentHistory, listingRequested('2026-03-12')])
      .when({ type: 'RecordBureauCallFailed', debtId: DEBT, now: at('2026-03-12'), bureau: 'spc', operation: 'list', reason: 'not JSON', garbage: true, attempts: 1 })
      .then([{ type: 'EscalationBureauCallFailed', data: { debtId: DEBT, bureau: 'spc', operation: 'list', reason: 'not JSON', rule: 'LEGAL_BUREAU_ANSWER_INVALID', attempts: 1, failedAt: at('2026-03-12') } }]);
  });
});

describe('Escalation: removal after payment (STJ Súmula 548)', () => {
  it('is requested at once on settlement, due 5 business days after the payment day', () => {
    // Fri 2026-04-17 + 5 business days, Tiradentes (Tue 21/04) skipped: Mon 27/04
    spec.given(listedHistory).when(observe({ kind: 'settled', settledOn: '2026-04-17' }, '2026-04-17')).then([
      fact({ kind: 'settled', settledOn: '2026-04-17' }, '2026-04-17'),
      { type: 'EscalationRemovalRequested', data: { debtId: DEBT, bureaus: ['serasa', 'spc'], reason: 'settled', since: '2026-04-17', slaDueOn: '2026-04-27', requestedAt: at('2026-04-17') } },
    ]);
  });

  it("counts the tenant's state holidays (SP: 9 July)", () => {
    spec.given(listedHistory).when(observe({ kind: 'settled', settledOn: '2026-07-08' }, '2026-07-08')).then((events) => {
      expect(events[1]).toMatchObject({ type: 'EscalationRemovalRequested', data: { slaDueOn: '2026-07-16' } });
    });
  });

  it('on an agreement only when the policy says so', () => {
    const agreement: DebtFact = { kind: 'agreement-entered', agreementId: 'ag-1', on: '2026-03-20' };
    spec.given(listedHistory).when(observe(agreement, '2026-03-20')).then((events) => expect(events.map((e) => e.type)).toEqual(['EscalationDebtFactObserved']));
    spec.given(listedHistory).when(observe(agreement, '2026-03-20', { ...POLICY, removeOn: 'payment-or-agreement' })).then((events) => {
      expect(events[1]).toMatchObject({ type: 'EscalationRemovalRequested', data: { reason: 'agreement', since: '2026-03-20', slaDueOn: '2026-03-27' } });
    });
  });

  it('reaches a bureau whose listing answer was still in flight when the payment came', () => {
    const settled = escalationDecider.decide(observe({ kind: 'settled', settledOn: '2026-03-12' }, '2026-03-12'), fold(escalationDecider, [...noticeSentHistory, listingRequested('2026-03-12')]));
    const state = fold(escalationDecider, [...noticeSentHistory, listingRequested('2026-03-12'), ...settled, listed('serasa', '2026-03-13')]);
    expect(state.bureaus.serasa?.status).toBe('removal-requested');
  });

  const removalHistory = [
    ...listedHistory,
    fact({ kind: 'settled', settledOn: '2026-04-17' }, '2026-04-17'),
    { type: 'EscalationRemovalRequested', data: { debtId: DEBT, bureaus: ['serasa', 'spc'], reason: 'settled', since: '2026-04-17', slaDueOn: '2026-04-27', requestedAt: at('2026-04-17') } } as EscalationEvent,
  ];
  const check = (today: string): CheckRemovalSla => ({ type: 'CheckRemovalSla', debtId: DEBT, now: at(today), today });

  it('an unconfirmed removal raises the SLA breach the day after its SLA day, once', () => {
    spec.given(removalHistory).when(check('2026-04-27')).thenNothingHappens();
    spec.given(removalHistory).when(check('2026-04-28')).then([
      { type: 'EscalationRemovalSlaBreached', data: { debtId: DEBT, bureausPending: ['serasa', 'spc'], slaDueOn: '2026-04-27', detectedAt: at('2026-04-28') } },
    ]);
    const breached = escalationDecider.decide(check('2026-04-28'), fold(escalationDecider, removalHistory));
    spec.given([...removalHistory, ...breached]).when(check('2026-04-29')).thenNothingHappens();
  });

  it('confirmed removals at every bureau raise no breach', () => {
    const confirmed = (bureau: 'serasa' | 'spc'): EscalationEvent => ({ type: 'EscalationBureauRemovalConfirmed', data: { debtId: DEBT, bureau, protocol: 'r', confirmedAt: at('2026-04-20') } });
    spec.given([...removalHistory, confirmed('serasa'), confirmed('spc')]).when(check('2026-05-10')).thenNothingHappens();
    spec.given([...removalHistory, confirmed('serasa')]).when(check('2026-05-10')).then((events) => expect(events).toMatchObject([{ data: { bureausPending: ['spc'] } }]));
  });
});

describe('Escalation: a listing does not outlive 5 years past due (CDC art. 43 §1)', () => {
  const old = [overdueSince('2021-06-01'), noticeRequested('2026-03-02'), noticeSent('2026-03-02T15:00:00.000Z', '2026-03-13'), listingRequested('2026-03-13'), listed('serasa', '2026-03-13'), listed('spc', '2026-03-13')];
  const check = (today: string) => ({ type: 'CheckListingAge', debtId: DEBT, now: at(today), today, policy: POLICY }) as const;

  it('asks the removal 10 days before the 5-year mark, due the day before it', () => {
    spec.given(old).when(check('2026-05-21')).thenNothingHappens();
    spec.given(old).when(check('2026-05-22')).then([
      { type: 'EscalationRemovalRequested', data: { debtId: DEBT, bureaus: ['serasa', 'spc'], reason: 'expired', since: '2026-05-22', slaDueOn: '2026-05-31', requestedAt: at('2026-05-22') } },
    ]);
  });

  it('asks nothing when a removal is already under way, or nothing is listed', () => {
    const removal: EscalationEvent = { type: 'EscalationRemovalRequested', data: { debtId: DEBT, bureaus: ['serasa', 'spc'], reason: 'settled', since: '2026-04-01', slaDueOn: '2026-04-08', requestedAt: at('2026-04-01') } };
    spec.given([...old, removal]).when(check('2026-05-25')).thenNothingHappens();
    spec.given(old.slice(0, 3)).when(check('2026-05-25')).thenNothingHappens();
  });
});

describe('Escalation: protest (Lei 9.492/97)', () => {
  const protest = (policy: EscalationPolicy): RequestProtest => ({
    type: 'RequestProtest',
    debtId: DEBT,
    now: at('2026-03-20'),
    today: '2026-03-20',
    policy,
    protestId: 'pr-1',
    debt: { debtorId: DEBTOR, balance: BALANCE },
    byHand: true,
    actor: 'agent@a',
  });
  const on = { ...POLICY, protest: true };
  const requested: EscalationEvent = { type: 'EscalationProtestRequested', data: { debtId: DEBT, protestId: 'pr-1', amount: BALANCE, dueDate: '2026-01-01', actor: 'agent@a', requestedAt: at('2026-03-20') } };
  const served: EscalationEvent = { type: 'EscalationProtestNoticeServed', data: { debtId: DEBT, protestId: 'pr-1', notifiedOn: '2026-04-16', payableUntil: '2026-04-22', recordedAt: at('2026-04-16') } };

  it('is requested only when the policy enables it, and never for a debt in dispute', () => {
    expect(spec.given([overdueSince('2026-01-01')]).when(protest(POLICY)).thenThrows(LegalRuleViolation).code).toBe('LEGAL_PROTEST_DISABLED');
    spec.given([overdueSince('2026-01-01')]).when(protest(on)).then([requested]);
    spec.given([overdueSince('2026-01-01'), fact({ kind: 'dispute-opened' })]).when(protest(on)).then(refused('protest', 'LEGAL_DEBT_IN_DISPUTE', '2026-03-20', true));
  });

  it("gives the debtor 3 business days after the notary's notice (Thu 16/04 + 3, Tiradentes skipped: Wed 22/04), and the title is not protested before", () => {
    spec.given([overdueSince('2026-01-01'), requested]).when({ type: 'RecordProtestNotified', debtId: DEBT, now: at('2026-04-16'), notifiedOn: '2026-04-16', policy: on }).then([served]);
    const early = spec.given([overdueSince('2026-01-01'), requested, served]).when({ type: 'RecordTitleProtested', debtId: DEBT, now: at('2026-04-22'), today: '2026-04-22', protocol: 'c-1' }).thenThrows(LegalRuleViolation);
    expect(early.code).toBe('LEGAL_PROTEST_PERIOD_RUNNING');
    spec.given([overdueSince('2026-01-01'), requested, served]).when({ type: 'RecordTitleProtested', debtId: DEBT, now: at('2026-04-23'), today: '2026-04-23', protocol: 'c-1' }).then([
      { type: 'EscalationTitleProtested', data: { debtId: DEBT, protestId: 'pr-1', protocol: 'c-1', protestedAt: at('2026-04-23') } },
    ]);
  });

  it("records the notary's protocol once, and the notice may follow it", () => {
    const filed: EscalationEvent = { type: 'EscalationProtestFiled', data: { debtId: DEBT, protestId: 'pr-1', protocol: 'CART-1', filedAt: at('2026-03-21') } };
    spec.given([overdueSince('2026-01-01'), requested]).when({ type: 'RecordProtestFiled', debtId: DEBT, now: at('2026-03-21'), protocol: 'CART-1' }).then([filed]);
    spec.given([overdueSince('2026-01-01'), requested, filed]).when({ type: 'RecordProtestFiled', debtId: DEBT, now: at('2026-03-22'), protocol: 'CART-1' }).thenNothingHappens();
    spec.given([overdueSince('2026-01-01'), requested, filed]).when({ type: 'RecordProtestNotified', debtId: DEBT, now: at('2026-04-16'), notifiedOn: '2026-04-16', policy: on }).then([served]);
    const state = fold(escalationDecider, [overdueSince('2026-01-01'), requested, filed, served, fact({ kind: 'settled', settledOn: '2026-04-20' }), { type: 'EscalationProtestCancellationRequested', data: { debtId: DEBT, protestId: 'pr-1', since: '2026-04-20', requestedAt: at('2026-04-20') } }]);
    expect(state.protest).toEqual({ status: 'cancellation-requested', protestId: 'pr-1', protocol: 'CART-1' });
  });

  it('a payment asks the notary to cancel the protest', () => {
    spec.given([overdueSince('2026-01-01'), requested, served]).when(observe({ kind: 'settled', settledOn: '2026-04-20' }, '2026-04-20')).then((events) => {
      expect(events[1]).toEqual({ type: 'EscalationProtestCancellationRequested', data: { debtId: DEBT, protestId: 'pr-1', since: '2026-04-20', requestedAt: at('2026-04-20') } });
    });
  });
});

describe('Escalation: lawsuit hand-off', () => {
  it('hands an unpaid debt to the lawyers once; a settled one is refused as evidence', () => {
    const handOff = { type: 'HandOffToLawsuit', debtId: DEBT, now: at('2026-06-01'), lawFirm: 'Silva Advogados', actor: 'supervisor@a' } as const;
    spec.given(listedHistory).when(handOff).then([{ type: 'EscalationLawsuitHandedOff', data: { debtId: DEBT, lawFirm: 'Silva Advogados', actor: 'supervisor@a', handedOffAt: at('2026-06-01') } }]);
    spec.given([...listedHistory, fact({ kind: 'settled', settledOn: '2026-05-01' })]).when(handOff).then(refused('lawsuit', 'LEGAL_DEBT_SETTLED', '2026-06-01', true));
  });
});

describe('Escalation: the policy of the debt\'s segment', () => {
  const SEGMENTED: EscalationPolicy = { ...POLICY, version: 2, segments: { cartao: { triggerDaysPastDue: 30, noticePeriodDays: 20, removeOn: 'payment-or-agreement', protest: true } } };
  const registered = (segment?: string): EscalationEvent => fact({ kind: 'registered', debtorId: DEBTOR, dueDate: '2026-01-01', ...(segment === undefined ? {} : { segment }) });
  const evaluateUnder = (today: string, policy: EscalationPolicy): EvaluateEscalation => ({ ...evaluate(today), policy });

  it("requests the notice at the segment's trigger (30 days) with the segment's notice period (20 days), under the policy's version", () => {
    spec.given([registered('cartao'), overdueSince('2026-01-01')]).when(evaluateUnder('2026-01-31', SEGMENTED)).then([
      {
        type: 'EscalationNoticeRequested',
        data: { debtId: DEBT, noticeId: NOTICE, debtorId: DEBTOR, amount: BALANCE, dueDate: '2026-01-01', listingNotBefore: '2026-02-21', noticePeriodDays: 20, policyVersion: 2, requestedAt: at('2026-01-31') },
      },
    ]);
  });

  it("a debt of another segment, or registered without one (as before segments existed), waits for the tenant's 60 days", () => {
    spec.given([registered('veiculo'), overdueSince('2026-01-01')]).when(evaluateUnder('2026-01-31', SEGMENTED)).thenNothingHappens();
    spec.given([registered(), overdueSince('2026-01-01')]).when(evaluateUnder('2026-01-31', SEGMENTED)).thenNothingHappens();
    spec.given([registered(), overdueSince('2026-01-01')]).when(evaluateUnder('2026-03-02', SEGMENTED)).then((events) => expect(events[0]).toMatchObject({ type: 'EscalationNoticeRequested', data: { noticePeriodDays: 10 } }));
  });

  it("removes a listing on an agreement when the segment's override says so, though the tenant's default is payment only", () => {
    const agreement: DebtFact = { kind: 'agreement-entered', agreementId: 'ag-1', on: '2026-03-16' };
    spec.given([registered('cartao'), ...listedHistory]).when(observe(agreement, '2026-03-16', SEGMENTED)).then((events) => expect(events.map((e) => e.type)).toEqual(['EscalationDebtFactObserved', 'EscalationRemovalRequested']));
    spec.given([registered('veiculo'), ...listedHistory]).when(observe(agreement, '2026-03-16', SEGMENTED)).then((events) => expect(events.map((e) => e.type)).toEqual(['EscalationDebtFactObserved']));
  });

  it("allows a protest for the segment whose override enables it, and refuses it for another (protest off for the tenant)", () => {
    const protest = (): RequestProtest => ({ type: 'RequestProtest', debtId: DEBT, now: at('2026-03-20'), today: '2026-03-20', policy: SEGMENTED, protestId: 'p-1', debt: { debtorId: DEBTOR, balance: BALANCE }, byHand: true, actor: 'supervisor@a' });
    spec.given([registered('cartao'), ...listedHistory]).when(protest()).then((events) => expect(events[0]?.type).toBe('EscalationProtestRequested'));
    expect(spec.given([registered('veiculo'), ...listedHistory]).when(protest()).thenThrows(LegalRuleViolation, /protest is off/).code).toBe('LEGAL_PROTEST_DISABLED');
  });
});

describe("Escalation: the contacts context's holds (death, bankruptcy...)", () => {
  const hold = (holdId: string, holdKind: 'deceased' | 'bankruptcy' | 'manual' = 'deceased'): EscalationEvent => fact({ kind: 'hold-placed', holdId, holdKind });
  const release = (holdId: string): EscalationEvent => fact({ kind: 'hold-released', holdId });

  it('a debt on hold gets no notice: refused once with the rule, as evidence', () => {
    const history = [overdueSince('2026-01-01'), hold('h-1')];
    spec.given(history).when(evaluate('2026-03-02')).then(refused('notice', 'LEGAL_DEBT_ON_HOLD', '2026-03-02'));
    const evidence = escalationDecider.decide(evaluate('2026-03-02'), fold(escalationDecider, history));
    expect((evidence[0] as EscalationStepRefused).data.detail).toContain('deceased h-1');
    spec.given([...history, ...evidence]).when(evaluate('2026-03-03')).thenNothingHappens();
  });

  it('a hold placed after the notice was sent keeps the listing from happening, automatic or by hand', () => {
    spec.given([...noticeSentHistory, hold('h-1', 'bankruptcy')]).when(list('2026-03-14')).then(refused('listing', 'LEGAL_DEBT_ON_HOLD', '2026-03-14'));
    spec.given([...noticeSentHistory, hold('h-1', 'bankruptcy')]).when(list('2026-03-14', true)).then(refused('listing', 'LEGAL_DEBT_ON_HOLD', '2026-03-14', true));
  });

  it('escalation resumes only when every hold is released', () => {
    spec.given([...noticeSentHistory, hold('h-1'), hold('h-2', 'manual'), release('h-1')]).when(list('2026-03-14')).then(refused('listing', 'LEGAL_DEBT_ON_HOLD', '2026-03-14'));
    spec.given([...noticeSentHistory, hold('h-1'), hold('h-2', 'manual'), release('h-1'), release('h-2')]).when(list('2026-03-14')).then((events) => expect(events[0]?.type).toBe('EscalationListingRequested'));
  });

  it('a hold placed twice (a redelivery) is released once', () => {
    spec.given([overdueSince('2026-01-01'), hold('h-1'), hold('h-1'), release('h-1')]).when(evaluate('2026-03-02')).then((events) => expect(events[0]?.type).toBe('EscalationNoticeRequested'));
  });
});

