import { assertNever, type Decider, type IsoDate, type IsoInstant, type Money } from '@collections/shared-kernel';
import { addBusinessDays, addCalendarDays, addYears, daysBetween, utcDateOf } from '../calendar/business-days';
import { articleOf, LegalRuleViolation, type LegalRuleCode } from '../legal-rule-code';
import { policyForSegment, type EscalationPolicy } from '../policy/escalation-policy';
import type {
  CheckListingAge,
  CheckRemovalSla,
  EscalationCommand,
  EvaluateEscalation,
  HandOffToLawsuit,
  ObserveDebtFact,
  RecordBureauCallFailed,
  RecordBureauListed,
  RecordNoticeFailed,
  RecordNoticeSent,
  RecordProtestCancelled,
  RecordProtestFiled,
  RecordProtestNotified,
  RecordRemovalConfirmed,
  RecordTitleProtested,
  RequestListing,
  RequestProtest,
} from './escalation.commands';
import type { Bureau, EscalationEvent, EscalationStep, EscalationStepRefused, HoldKind, NoticeDelivery } from './escalation.events';

/** STJ Súmula 548: the creditor has 5 business days from full payment to have the listing removed. */
export const REMOVAL_SLA_BUSINESS_DAYS = 5;
/** Lei 9.492/97 art. 12: the debtor has 3 business days after the notary's notice to pay. */
export const PROTEST_PAYMENT_BUSINESS_DAYS = 3;
/** CDC art. 43 §1 and §5: no negative record about a debt more than 5 years past due. */
export const MAX_LISTING_AGE_YEARS = 5;

/** What the debtors context last said of the debt. */
export interface DebtStatus {
  readonly debtorId: string | undefined;
  /** The earliest unpaid due date while the debt is overdue. */
  readonly overdueSince: IsoDate | undefined;
  readonly inAgreement: boolean;
  readonly disputed: boolean;
  readonly settled: boolean;
  readonly settledOn: IsoDate | undefined;
  readonly writtenOff: boolean;
  /** The debt's segment (its policy override), as registered. */
  readonly segment: string | undefined;
  /** The contacts context's holds on the debt: while any is placed, nothing escalates. */
  readonly holds: readonly { readonly holdId: string; readonly kind: HoldKind }[];
}

export type NoticeState =
  | { readonly status: 'none' }
  | { readonly status: 'requested'; readonly noticeId: string; readonly requestedAt: IsoInstant; readonly noticePeriodDays: number; readonly amount: Money; readonly dueDate: IsoDate }
  | {
      readonly status: 'sent';
      readonly noticeId: string;
      readonly requestedAt: IsoInstant;
      readonly sentAt: IsoInstant;
      readonly listingNotBefore: IsoDate;
      readonly deliveries: readonly NoticeDelivery[];
    }
  | { readonly status: 'failed'; readonly noticeId: string; readonly reason: string; readonly failedAt: IsoInstant };

export type BureauStatus = 'requested' | 'listed' | 'failed' | 'removal-requested' | 'removed';

export interface BureauRecord {
  readonly status: BureauStatus;
  readonly protocol: string | undefined;
  readonly removalProtocol: string | undefined;
}

export interface RemovalState {
  readonly reason: 'settled' | 'agreement' | 'expired';
  readonly since: IsoDate;
  readonly slaDueOn: IsoDate;
  readonly requestedAt: IsoInstant;
  readonly breached: boolean;
}

export type ProtestState =
  | { readonly status: 'none' }
  | { readonly status: 'requested'; readonly protestId: string }
  | { readonly status: 'filed'; readonly protestId: string; readonly protocol: string }
  | { readonly status: 'notified'; readonly protestId: string; readonly protocol: string | undefined; readonly notifiedOn: IsoDate; readonly payableUntil: IsoDate }
  | { readonly status: 'protested'; readonly protestId: string; readonly protocol: string }
  | { readonly status: 'cancellation-requested'; readonly protestId: string; readonly protocol: string | undefined }
  | { readonly status: 'cancelled'; readonly protestId: string };

export interface EscalationState {
  readonly debtId: string | undefined;
  readonly debt: DebtStatus;
  readonly notice: NoticeState;
  readonly bureaus: Readonly<Partial<Record<Bureau, BureauRecord>>>;
  readonly removal: RemovalState | undefined;
  readonly protest: ProtestState;
  readonly lawsuit: { readonly lawFirm: string; readonly handedOffAt: IsoInstant } | undefined;
  /** The last automatic refusal per step: a tick that meets the same rule again records nothing new. */
  readonly lastAutomaticRefusal: Readonly<Partial<Record<EscalationStep, LegalRuleCode | undefined>>>;
}

const initialState = (): EscalationState => ({
  debtId: undefined,
  debt: { debtorId: undefined, overdueSince: undefined, inAgreement: false, disputed: false, settled: false, settledOn: undefined, writtenOff: false, segment: undefined, holds: [] },
  notice: { status: 'none' },
  bureaus: {},
  removal: undefined,
  protest: { status: 'none' },
  lawsuit: undefined,
  lastAutomaticRefusal: {},
});

/** The bureaus where the debt is, or may be about to be, listed: a removal must reach them. */
export const bureausHolding = (state: EscalationState): Bureau[] =>
  (Object.entries(state.bureaus) as [Bureau, BureauRecord][]).filter(([, r]) => r.status === 'requested' || r.status === 'listed').map(([b]) => b);

/** The bureaus whose removal is requested and not yet confirmed. */
export const bureausAwaitingRemoval = (state: EscalationState): Bureau[] =>
  (Object.entries(state.bureaus) as [Bureau, BureauRecord][]).filter(([, r]) => r.status === 'removal-requested').map(([b]) => b);

/**
 * Why the debt may not be escalated now (notice, listing, protest), in the order an auditor
 * expects the answer: a closed debt first, then the debt's condition, then its age.
 */
export function blockingRule(debt: DebtStatus, today: IsoDate): { rule: LegalRuleCode; detail: string } | undefined {
  if (debt.writtenOff) return { rule: 'LEGAL_DEBT_WRITTEN_OFF', detail: 'the debt was written off' };
  if (debt.settled) return { rule: 'LEGAL_DEBT_SETTLED', detail: `the debt was settled on ${debt.settledOn ?? 'an earlier day'}` };
  if (debt.disputed) return { rule: 'LEGAL_DEBT_IN_DISPUTE', detail: 'the debt is in dispute' };
  if (debt.inAgreement) return { rule: 'LEGAL_DEBT_IN_AGREEMENT', detail: 'the debt is in an agreement' };
  if (debt.holds.length > 0) return { rule: 'LEGAL_DEBT_ON_HOLD', detail: `the debt is on hold (${debt.holds.map((h) => `${h.kind} ${h.holdId}`).join(', ')})` };
  if (!debt.overdueSince) return { rule: 'LEGAL_DEBT_NOT_OVERDUE', detail: 'the debt is not overdue' };
  const limit = addYears(debt.overdueSince, MAX_LISTING_AGE_YEARS);
  if (today >= limit) {
    return { rule: 'LEGAL_DEBT_OLDER_THAN_FIVE_YEARS', detail: `past due since ${debt.overdueSince}: more than ${MAX_LISTING_AGE_YEARS} years on ${today} (limit ${limit})` };
  }
  return undefined;
}

function refusal(state: EscalationState, step: EscalationStep, rule: LegalRuleCode, detail: string, byHand: boolean, actor: string, now: IsoInstant): EscalationStepRefused {
  return {
    type: 'EscalationStepRefused',
    data: { debtId: state.debtId ?? '', step, rule, article: articleOf(rule), detail, byHand, actor, refusedAt: now },
  };
}

/** An automatic refusal is evidence once per rule met; asked by hand, every refusal is. */
function refuseStep(state: EscalationState, step: EscalationStep, rule: LegalRuleCode, detail: string, byHand: boolean, actor: string, now: IsoInstant): readonly EscalationEvent[] {
  if (!byHand && state.lastAutomaticRefusal[step] === rule) return [];
  return [refusal(state, step, rule, detail, byHand, actor, now)];
}

function decide(command: EscalationCommand, state: EscalationState): readonly EscalationEvent[] {
  switch (command.type) {
    case 'ObserveDebtFact':
      return observe(command, state);
    case 'EvaluateEscalation':
      return evaluate(command, state);
    case 'RecordNoticeSent':
      return noticeSent(command, state);
    case 'RecordNoticeFailed':
      return noticeFailed(command, state);
    case 'RequestListing':
      return requestListing(command, state);
    case 'RecordBureauListed':
      return bureauListed(command, state);
    case 'RecordBureauCallFailed':
      return bureauCallFailed(command, state);
    case 'RecordRemovalConfirmed':
      return removalConfirmed(command, state);
    case 'CheckRemovalSla':
      return checkRemovalSla(command, state);
    case 'CheckListingAge':
      return checkListingAge(command, state);
    case 'RequestProtest':
      return requestProtest(command, state);
    case 'RecordProtestFiled':
      return protestFiled(command, state);
    case 'RecordProtestNotified':
      return protestNotified(command, state);
    case 'RecordTitleProtested':
      return titleProtested(command, state);
    case 'RecordProtestCancelled':
      return protestCancelled(command, state);
    case 'HandOffToLawsuit':
      return handOff(command, state);
    default:
      return assertNever(command, 'escalation command');
  }
}

function observe(command: ObserveDebtFact, state: EscalationState): readonly EscalationEvent[] {
  const { fact, now } = command;
  const segment = fact.kind === 'registered' ? fact.segment : state.debt.segment;
  const policy = command.policy ? policyForSegment(command.policy, segment) : undefined;
  const events: EscalationEvent[] = [{ type: 'EscalationDebtFactObserved', data: { debtId: command.debtId, fact, observedAt: now } }];
  const calendar = policy?.calendarState ?? 'SP';
  // STJ Súmula 548: removal is requested at once on full payment (or on an agreement, when
  // the tenant's policy says so), with 5 business days to have it done.
  const removalSince =
    fact.kind === 'settled' ? { reason: 'settled' as const, since: fact.settledOn } : fact.kind === 'agreement-entered' && policy?.removeOn === 'payment-or-agreement' ? { reason: 'agreement' as const, since: fact.on } : undefined;
  if (removalSince) {
    const holding = bureausHolding(state);
    if (holding.length > 0) {
      events.push({
        type: 'EscalationRemovalRequested',
        data: {
          debtId: command.debtId,
          bureaus: holding,
          reason: removalSince.reason,
          since: removalSince.since,
          slaDueOn: addBusinessDays(removalSince.since, REMOVAL_SLA_BUSINESS_DAYS, calendar),
          requestedAt: now,
        },
      });
    }
  }
  // Lei 9.492/97 art. 26: a paid title's protest is cancelled (before it is drawn, the request is withdrawn).
  if (fact.kind === 'settled' && (state.protest.status === 'requested' || state.protest.status === 'filed' || state.protest.status === 'notified' || state.protest.status === 'protested')) {
    events.push({ type: 'EscalationProtestCancellationRequested', data: { debtId: command.debtId, protestId: state.protest.protestId, since: fact.settledOn, requestedAt: now } });
  }
  return events;
}

/**
 * The first day a listing may happen: the period counts as the Código Civil counts a term
 * (art. 132: the day it starts is excluded, the last day included), so a notice sent on the
 * 3rd with 10 days runs the 4th to the 13th, and the listing may happen from the 14th: never
 * before `sentAt` + the period, whatever the hour of sending.
 */
export const listingDay = (sentOn: IsoDate, periodDays: number): IsoDate => addCalendarDays(sentOn, periodDays + 1);

const noticeOpen = (notice: NoticeState): boolean => notice.status === 'requested' || notice.status === 'sent';

function evaluate(command: EvaluateEscalation, state: EscalationState): readonly EscalationEvent[] {
  const { today, now, debt } = command;
  const policy = policyForSegment(command.policy, state.debt.segment);
  const overdueSince = state.debt.overdueSince;
  if (noticeOpen(state.notice) || !overdueSince) return [];
  if (daysBetween(overdueSince, today) < policy.triggerDaysPastDue) return [];
  const blocked = blockingRule(state.debt, today);
  if (blocked) return refuseStep(state, 'notice', blocked.rule, blocked.detail, false, 'legal-process', now);
  if (debt.balance.amount <= 0) return [];
  return [
    {
      type: 'EscalationNoticeRequested',
      data: {
        debtId: command.debtId,
        noticeId: command.noticeId,
        debtorId: debt.debtorId,
        amount: debt.balance,
        dueDate: overdueSince,
        listingNotBefore: listingDay(utcDateOf(now), policy.noticePeriodDays),
        noticePeriodDays: policy.noticePeriodDays,
        policyVersion: policy.version,
        requestedAt: now,
      },
    },
  ];
}

function noticeSent(command: RecordNoticeSent, state: EscalationState): readonly EscalationEvent[] {
  const { notice } = state;
  if (notice.status === 'sent' && notice.noticeId === command.noticeId) return []; // a redelivery
  if (notice.status !== 'requested' || notice.noticeId !== command.noticeId) {
    throw new LegalRuleViolation('LEGAL_NOTICE_UNKNOWN', `notice ${command.noticeId} is not the one awaiting its proof for debt ${command.debtId}`);
  }
  // CDC art. 43 §2: the period counts from the sending (its UTC date, never earlier than the
  // date in Brazil), with the period fixed when the notice was requested.
  return [
    {
      type: 'EscalationNoticeSent',
      data: {
        debtId: command.debtId,
        noticeId: command.noticeId,
        sentAt: command.sentAt,
        deliveries: command.deliveries,
        listingNotBefore: listingDay(utcDateOf(command.sentAt), notice.noticePeriodDays),
        recordedAt: command.now,
      },
    },
  ];
}

function noticeFailed(command: RecordNoticeFailed, state: EscalationState): readonly EscalationEvent[] {
  const { notice } = state;
  if (notice.status === 'failed' && notice.noticeId === command.noticeId) return [];
  if (notice.status !== 'requested' || notice.noticeId !== command.noticeId) {
    throw new LegalRuleViolation('LEGAL_NOTICE_UNKNOWN', `notice ${command.noticeId} is not the one awaiting its proof for debt ${command.debtId}`);
  }
  return [{ type: 'EscalationNoticeFailed', data: { debtId: command.debtId, noticeId: command.noticeId, reason: command.reason, failedAt: command.failedAt, recordedAt: command.now } }];
}

function requestListing(command: RequestListing, state: EscalationState): readonly EscalationEvent[] {
  const { today, now, byHand, actor } = command;
  if (bureausHolding(state).length > 0) throw new LegalRuleViolation('LEGAL_ALREADY_LISTED', `debt ${command.debtId} is already listed or being listed`);
  const blocked = blockingRule(state.debt, today);
  if (blocked) return refuseStep(state, 'listing', blocked.rule, blocked.detail, byHand, actor, now);
  const { notice } = state;
  // CDC art. 43 §2: no listing without the proof that the written notice was sent, ever.
  if (notice.status !== 'sent') {
    return refuseStep(state, 'listing', 'LEGAL_NOTICE_MISSING', `no prior notice was sent for this debt (notice ${notice.status})`, byHand, actor, now);
  }
  if (today < notice.listingNotBefore) {
    return refuseStep(state, 'listing', 'LEGAL_NOTICE_PERIOD_RUNNING', `the notice sent at ${notice.sentAt} allows a listing from ${notice.listingNotBefore}, not on ${today}`, byHand, actor, now);
  }
  if (command.debt.balance.amount <= 0) {
    return refuseStep(state, 'listing', 'LEGAL_DEBT_SETTLED', 'the debtors API answers a balance of zero', byHand, actor, now);
  }
  return [
    {
      type: 'EscalationListingRequested',
      data: {
        debtId: command.debtId,
        debtorId: command.debt.debtorId,
        bureaus: command.bureaus,
        amount: command.debt.balance,
        dueDate: state.debt.overdueSince ?? today,
        noticeId: notice.noticeId,
        byHand,
        actor,
        policyVersion: command.policy.version,
        requestedAt: now,
      },
    },
  ];
}

function bureauListed(command: RecordBureauListed, state: EscalationState): readonly EscalationEvent[] {
  const record = state.bureaus[command.bureau];
  if (!record) throw new LegalRuleViolation('LEGAL_BUREAU_NOT_REQUESTED', `no listing of debt ${command.debtId} was requested at ${command.bureau}`);
  if (record.status !== 'requested') return []; // a redelivered answer
  return [{ type: 'EscalationBureauListed', data: { debtId: command.debtId, bureau: command.bureau, protocol: command.protocol, listedAt: command.now } }];
}

function bureauCallFailed(command: RecordBureauCallFailed, state: EscalationState): readonly EscalationEvent[] {
  const record = state.bureaus[command.bureau];
  if (!record) throw new LegalRuleViolation('LEGAL_BUREAU_NOT_REQUESTED', `debt ${command.debtId} has nothing at ${command.bureau}`);
  const expected: BureauStatus = command.operation === 'list' ? 'requested' : 'removal-requested';
  if (record.status !== expected) return [];
  return [
    {
      type: 'EscalationBureauCallFailed',
      data: {
        debtId: command.debtId,
        bureau: command.bureau,
        operation: command.operation,
        reason: command.reason,
        ...(command.rule ? { rule: command.rule } : command.garbage ? { rule: 'LEGAL_BUREAU_ANSWER_INVALID' as const } : {}),
        attempts: command.attempts,
        failedAt: command.now,
      },
    },
  ];
}

function removalConfirmed(command: RecordRemovalConfirmed, state: EscalationState): readonly EscalationEvent[] {
  const record = state.bureaus[command.bureau];
  if (!record) throw new LegalRuleViolation('LEGAL_BUREAU_NOT_REQUESTED', `debt ${command.debtId} has nothing at ${command.bureau}`);
  if (record.status !== 'removal-requested') return [];
  return [{ type: 'EscalationBureauRemovalConfirmed', data: { debtId: command.debtId, bureau: command.bureau, protocol: command.protocol, confirmedAt: command.now } }];
}

function checkRemovalSla(command: CheckRemovalSla, state: EscalationState): readonly EscalationEvent[] {
  const { removal } = state;
  if (!removal || removal.breached) return [];
  const pending = bureausAwaitingRemoval(state);
  // the SLA day itself still counts as in time: breached from the day after
  if (pending.length === 0 || command.today <= removal.slaDueOn) return [];
  return [{ type: 'EscalationRemovalSlaBreached', data: { debtId: command.debtId, bureausPending: pending, slaDueOn: removal.slaDueOn, detectedAt: command.now } }];
}

/** How long before the 5-year mark a listing's removal is asked: its 5-business-day SLA then ends before the mark. */
export const EXPIRY_REMOVAL_LEAD_DAYS = 10;

/** The day a listing's removal is asked for its age: 10 days before the debt is 5 years past due. */
export const expiryRemovalDay = (overdueSince: IsoDate): IsoDate => addCalendarDays(addYears(overdueSince, MAX_LISTING_AGE_YEARS), -EXPIRY_REMOVAL_LEAD_DAYS);

function checkListingAge(command: CheckListingAge, state: EscalationState): readonly EscalationEvent[] {
  const since = state.debt.overdueSince;
  const holding = bureausHolding(state);
  if (!since || state.removal || holding.length === 0 || command.today < expiryRemovalDay(since)) return [];
  // CDC art. 43 §1: no negative record about a debt more than 5 years past due; asked ahead so
  // the removal is confirmed before the mark (the day before it, at the latest)
  const limit = addYears(since, MAX_LISTING_AGE_YEARS);
  return [
    {
      type: 'EscalationRemovalRequested',
      data: { debtId: command.debtId, bureaus: holding, reason: 'expired', since: command.today, slaDueOn: addCalendarDays(limit, -1), requestedAt: command.now },
    },
  ];
}

function requestProtest(command: RequestProtest, state: EscalationState): readonly EscalationEvent[] {
  if (!policyForSegment(command.policy, state.debt.segment).protest) throw new LegalRuleViolation('LEGAL_PROTEST_DISABLED', "protest is off in the tenant's escalation policy");
  if (state.protest.status !== 'none' && state.protest.status !== 'cancelled') return [];
  const blocked = blockingRule(state.debt, command.today);
  if (blocked) return refuseStep(state, 'protest', blocked.rule, blocked.detail, command.byHand, command.actor, command.now);
  return [
    {
      type: 'EscalationProtestRequested',
      data: { debtId: command.debtId, protestId: command.protestId, amount: command.debt.balance, dueDate: state.debt.overdueSince ?? command.today, actor: command.actor, requestedAt: command.now },
    },
  ];
}

function protestFiled(command: RecordProtestFiled, state: EscalationState): readonly EscalationEvent[] {
  const { protest } = state;
  if (protest.status !== 'requested') return []; // a redelivered answer, or the protest moved on
  return [{ type: 'EscalationProtestFiled', data: { debtId: command.debtId, protestId: protest.protestId, protocol: command.protocol, filedAt: command.now } }];
}

function protestNotified(command: RecordProtestNotified, state: EscalationState): readonly EscalationEvent[] {
  const { protest } = state;
  if (protest.status === 'notified') return [];
  if (protest.status !== 'requested' && protest.status !== 'filed') throw new LegalRuleViolation('LEGAL_PROTEST_NOT_REQUESTED', `no protest of debt ${command.debtId} awaits the notary's notice`);
  return [
    {
      type: 'EscalationProtestNoticeServed',
      data: {
        debtId: command.debtId,
        protestId: protest.protestId,
        notifiedOn: command.notifiedOn,
        payableUntil: addBusinessDays(command.notifiedOn, PROTEST_PAYMENT_BUSINESS_DAYS, command.policy.calendarState),
        recordedAt: command.now,
      },
    },
  ];
}

function titleProtested(command: RecordTitleProtested, state: EscalationState): readonly EscalationEvent[] {
  const { protest } = state;
  if (protest.status === 'protested') return [];
  if (protest.status !== 'notified') throw new LegalRuleViolation('LEGAL_PROTEST_NOT_REQUESTED', `no protest of debt ${command.debtId} was notified`);
  if (command.today <= protest.payableUntil) {
    throw new LegalRuleViolation('LEGAL_PROTEST_PERIOD_RUNNING', `the debtor may pay until ${protest.payableUntil} (Lei 9.492/97 art. 12)`);
  }
  return [{ type: 'EscalationTitleProtested', data: { debtId: command.debtId, protestId: protest.protestId, protocol: command.protocol, protestedAt: command.now } }];
}

function protestCancelled(command: RecordProtestCancelled, state: EscalationState): readonly EscalationEvent[] {
  const { protest } = state;
  if (protest.status === 'cancelled') return [];
  if (protest.status !== 'cancellation-requested') throw new LegalRuleViolation('LEGAL_PROTEST_NOT_REQUESTED', `no cancellation of a protest of debt ${command.debtId} was requested`);
  return [{ type: 'EscalationProtestCancelled', data: { debtId: command.debtId, protestId: protest.protestId, cancelledAt: command.now } }];
}

function handOff(command: HandOffToLawsuit, state: EscalationState): readonly EscalationEvent[] {
  if (state.lawsuit) throw new LegalRuleViolation('LEGAL_ALREADY_HANDED_OFF', `debt ${command.debtId} went to ${state.lawsuit.lawFirm} at ${state.lawsuit.handedOffAt}`);
  const { debt } = state;
  if (debt.settled) return [refusal(state, 'lawsuit', 'LEGAL_DEBT_SETTLED', 'a settled debt is not sued', true, command.actor, command.now)];
  if (debt.inAgreement) return [refusal(state, 'lawsuit', 'LEGAL_DEBT_IN_AGREEMENT', 'the debt is in an agreement', true, command.actor, command.now)];
  if (debt.writtenOff) return [refusal(state, 'lawsuit', 'LEGAL_DEBT_WRITTEN_OFF', 'the debt was written off', true, command.actor, command.now)];
  return [{ type: 'EscalationLawsuitHandedOff', data: { debtId: command.debtId, lawFirm: command.lawFirm, actor: command.actor, handedOffAt: command.now } }];
}

function evolveDebt(debt: DebtStatus, event: EscalationEvent & { type: 'EscalationDebtFactObserved' }): DebtStatus {
  const { fact } = event.data;
  switch (fact.kind) {
    case 'registered':
      return { ...debt, debtorId: fact.debtorId, segment: fact.segment };
    case 'overdue':
      return { ...debt, overdueSince: fact.earliestUnpaidDueDate };
    case 'settled':
      return { ...debt, settled: true, settledOn: fact.settledOn };
    case 'reopened':
      return { ...debt, settled: false, settledOn: undefined };
    case 'agreement-entered':
      return { ...debt, inAgreement: true };
    case 'agreement-left':
      return { ...debt, inAgreement: false };
    case 'dispute-opened':
      return { ...debt, disputed: true };
    case 'dispute-resolved':
      // upheld: the debtor was right, the debt is not collected as it stood; rejected: collection resumes
      return fact.outcome === 'rejected' ? { ...debt, disputed: false } : debt;
    case 'written-off':
      return { ...debt, writtenOff: true };
    case 'hold-placed':
      return debt.holds.some((h) => h.holdId === fact.holdId) ? debt : { ...debt, holds: [...debt.holds, { holdId: fact.holdId, kind: fact.holdKind }] };
    case 'hold-released':
      return { ...debt, holds: debt.holds.filter((h) => h.holdId !== fact.holdId) };
    default:
      return assertNever(fact, 'debt fact');
  }
}

const setBureau = (state: EscalationState, bureau: Bureau, change: Partial<BureauRecord>): EscalationState => {
  const current: BureauRecord = state.bureaus[bureau] ?? { status: 'requested', protocol: undefined, removalProtocol: undefined };
  return { ...state, bureaus: { ...state.bureaus, [bureau]: { ...current, ...change } } };
};

function evolve(state: EscalationState, event: EscalationEvent): EscalationState {
  const base = state.debtId ? state : { ...state, debtId: event.data.debtId };
  switch (event.type) {
    case 'EscalationDebtFactObserved':
      return { ...base, debt: evolveDebt(base.debt, event) };
    case 'EscalationNoticeRequested':
      return {
        ...base,
        debt: { ...base.debt, debtorId: event.data.debtorId },
        notice: { status: 'requested', noticeId: event.data.noticeId, requestedAt: event.data.requestedAt, noticePeriodDays: event.data.noticePeriodDays, amount: event.data.amount, dueDate: event.data.dueDate },
        lastAutomaticRefusal: { ...base.lastAutomaticRefusal, notice: undefined },
      };
    case 'EscalationNoticeSent': {
      const requestedAt = base.notice.status === 'requested' ? base.notice.requestedAt : event.data.sentAt;
      return {
        ...base,
        notice: { status: 'sent', noticeId: event.data.noticeId, requestedAt, sentAt: event.data.sentAt, listingNotBefore: event.data.listingNotBefore, deliveries: event.data.deliveries },
      };
    }
    case 'EscalationNoticeFailed':
      return { ...base, notice: { status: 'failed', noticeId: event.data.noticeId, reason: event.data.reason, failedAt: event.data.failedAt } };
    case 'EscalationStepRefused':
      return event.data.byHand ? base : { ...base, lastAutomaticRefusal: { ...base.lastAutomaticRefusal, [event.data.step]: event.data.rule } };
    case 'EscalationListingRequested': {
      let next: EscalationState = { ...base, lastAutomaticRefusal: { ...base.lastAutomaticRefusal, listing: undefined } };
      for (const bureau of event.data.bureaus) next = setBureau(next, bureau, { status: 'requested', protocol: undefined, removalProtocol: undefined });
      return next;
    }
    case 'EscalationBureauListed': {
      // a removal asked while the listing was in flight applies as soon as the protocol arrives
      const status: BureauStatus = base.removal ? 'removal-requested' : 'listed';
      return setBureau(base, event.data.bureau, { status, protocol: event.data.protocol });
    }
    case 'EscalationBureauCallFailed':
      return event.data.operation === 'list' ? setBureau(base, event.data.bureau, { status: 'failed' }) : base;
    case 'EscalationRemovalRequested': {
      let next: EscalationState = {
        ...base,
        removal: { reason: event.data.reason, since: event.data.since, slaDueOn: event.data.slaDueOn, requestedAt: event.data.requestedAt, breached: false },
      };
      for (const bureau of event.data.bureaus) {
        // a bureau still answering the listing keeps `requested`: its protocol moves it straight to removal
        if (next.bureaus[bureau]?.status === 'listed') next = setBureau(next, bureau, { status: 'removal-requested' });
      }
      return next;
    }
    case 'EscalationBureauRemovalConfirmed':
      return setBureau(base, event.data.bureau, { status: 'removed', removalProtocol: event.data.protocol });
    case 'EscalationRemovalSlaBreached':
      return base.removal ? { ...base, removal: { ...base.removal, breached: true } } : base;
    case 'EscalationProtestRequested':
      return { ...base, protest: { status: 'requested', protestId: event.data.protestId } };
    case 'EscalationProtestFiled':
      return { ...base, protest: { status: 'filed', protestId: event.data.protestId, protocol: event.data.protocol } };
    case 'EscalationProtestNoticeServed': {
      const protocol = base.protest.status === 'filed' ? base.protest.protocol : undefined;
      return { ...base, protest: { status: 'notified', protestId: event.data.protestId, protocol, notifiedOn: event.data.notifiedOn, payableUntil: event.data.payableUntil } };
    }
    case 'EscalationTitleProtested':
      return { ...base, protest: { status: 'protested', protestId: event.data.protestId, protocol: event.data.protocol } };
    case 'EscalationProtestCancellationRequested': {
      const p = base.protest;
      const protocol = p.status === 'filed' || p.status === 'protested' ? p.protocol : p.status === 'notified' ? p.protocol : undefined;
      return { ...base, protest: { status: 'cancellation-requested', protestId: event.data.protestId, protocol } };
    }
    case 'EscalationProtestCancelled':
      return { ...base, protest: { status: 'cancelled', protestId: event.data.protestId } };
    case 'EscalationLawsuitHandedOff':
      return { ...base, lawsuit: { lawFirm: event.data.lawFirm, handedOffAt: event.data.handedOffAt } };
    default:
      return assertNever(event, 'escalation event');
  }
}

/**
 * A debt's escalation, as a process manager: it folds what the debtors and contacts contexts
 * said of the debt and what the bureaus and the notary answered, and decides the next legal
 * step or the rule that stops it (as evidence). Pure: time, ids and the debt's balance come in
 * the command.
 */
export const escalationDecider: Decider<EscalationState, EscalationCommand, EscalationEvent> = { decide, evolve, initialState };

export type { EscalationPolicy };
