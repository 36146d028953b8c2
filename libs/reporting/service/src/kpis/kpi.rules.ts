/**
 * The KPIs' rules that are not SQL: which call outcomes are right-party contacts, how a
 * listing removal stands against its SLA, what a channel's attempts cost. Pure functions,
 * dates as YYYY-MM-DD (compared as text, which orders them).
 */

/** Rounded to 4 decimals, null when the denominator is 0. */
export const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000);

/** The outcomes the contacts context records for a call (libs/contacts/domain, CALL_OUTCOMES). */
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

/**
 * A right-party contact: the call reached the debtor. `right-party-contact` and
 * `promise-to-pay` say so; `refused` (the debtor refused to pay or to talk),
 * `dispute-raised` (the debtor disputes the debt) and `callback-requested` (the debtor asked
 * to be called back) can only come from the debtor. Not: `wrong-party`, `no-answer`, `busy`,
 * `voicemail`, and `deceased-reported` / `bankruptcy-reported` (news about the debtor,
 * mostly from someone else). An outcome outside the list is not one either.
 */
export const RIGHT_PARTY_OUTCOMES = ['right-party-contact', 'promise-to-pay', 'refused', 'dispute-raised', 'callback-requested'] as const;

export function isRightPartyContact(outcome: string): boolean {
  return (RIGHT_PARTY_OUTCOMES as readonly string[]).includes(outcome);
}

export interface CallCounts {
  /** Calls completed (CallOutcomeRecorded) dated in the period. */
  readonly completed: number;
  readonly rightPartyContacts: number;
  /** rightPartyContacts / completed. */
  readonly rightPartyContactRate: number | null;
  /** Every known outcome (0 when none), then any other outcome received, by name. */
  readonly byOutcome: Readonly<Record<string, number>>;
}

/** The calls of one agent (or of the tenant) from their count per outcome. */
export function callCounts(counts: readonly { readonly outcome: string; readonly count: number }[]): CallCounts {
  const byOutcome: Record<string, number> = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0]));
  for (const { outcome, count } of counts) byOutcome[outcome] = (byOutcome[outcome] ?? 0) + count;
  const completed = counts.reduce((sum, c) => sum + c.count, 0);
  const rightPartyContacts = counts.filter((c) => isRightPartyContact(c.outcome)).reduce((sum, c) => sum + c.count, 0);
  return { completed, rightPartyContacts, rightPartyContactRate: rate(rightPartyContacts, completed), byOutcome };
}

/** One listing removal (one ListingRemovalRequested): its dates as the read model holds them. */
export interface RemovalDates {
  readonly requestedOn: string;
  /** The SLA day legal computed (5 business days). */
  readonly slaDueOn: string;
  /** The day its last bureau confirmed (every bureau it named confirmed), or null while one has not. */
  readonly confirmedOn: string | null;
}

export interface LegalSla {
  readonly from: string;
  readonly to: string;
  /** Removals requested in the period. */
  readonly requested: number;
  /** Removals whose last bureau confirmed in the period, on or before the SLA day. */
  readonly confirmedWithinSla: number;
  /** Removals whose last bureau confirmed in the period, after the SLA day. */
  readonly confirmedLate: number;
  /** As of `to`: requested by `to`, not confirmed by every bureau by `to`, SLA day not passed (slaDueOn >= to). */
  readonly pendingDue: number;
  /** As of `to`: requested by `to`, not confirmed by every bureau by `to`, SLA day passed (slaDueOn < to). */
  readonly pendingOverdue: number;
  /** ListingRemovalSlaBreached events dated (detectedAt) in the period. */
  readonly breaches: number;
  /** confirmedWithinSla / (confirmedWithinSla + confirmedLate). */
  readonly withinSlaRate: number | null;
}

/** How removals stand against their SLA for the period `from`..`to` (see LegalSla). */
export function legalSla(period: { readonly from: string; readonly to: string }, removals: readonly RemovalDates[], breaches: number): LegalSla {
  const { from, to } = period;
  let requested = 0;
  let confirmedWithinSla = 0;
  let confirmedLate = 0;
  let pendingDue = 0;
  let pendingOverdue = 0;
  for (const removal of removals) {
    if (removal.requestedOn > to) continue;
    if (removal.requestedOn >= from) requested++;
    const confirmedOn = removal.confirmedOn;
    if (confirmedOn !== null && confirmedOn >= from && confirmedOn <= to) {
      if (confirmedOn <= removal.slaDueOn) confirmedWithinSla++;
      else confirmedLate++;
    }
    if (confirmedOn === null || confirmedOn > to) {
      if (removal.slaDueOn >= to) pendingDue++;
      else pendingOverdue++;
    }
  }
  return { from, to, requested, confirmedWithinSla, confirmedLate, pendingDue, pendingOverdue, breaches, withinSlaRate: rate(confirmedWithinSla, confirmedWithinSla + confirmedLate) };
}

/** The most a contact attempt may be configured to cost: R$ 10,000.00. */
export const MAX_CENTAVOS_PER_ATTEMPT = 1_000_000;

export interface ChannelCost {
  readonly channel: string;
  readonly centavosPerAttempt: number;
  /** Billable attempts in the period: contacts sent (ContactSent); for voice, calls completed (CallOutcomeRecorded). */
  readonly attempts: number;
  /** attempts x centavosPerAttempt. */
  readonly cost: number;
  /** Recovered attributed to the channel in the period (the recovery KPI's rule), centavos. */
  readonly recovered: number;
  /** cost (centavos) / recovered (reais): centavos spent per real recovered; null when nothing was recovered. */
  readonly costPerRecoveredReal: number | null;
}

export function channelCost(channel: string, centavosPerAttempt: number, attempts: number, recovered: number): ChannelCost {
  const cost = attempts * centavosPerAttempt;
  return { channel, centavosPerAttempt, attempts, cost, recovered, costPerRecoveredReal: recovered > 0 ? rate(cost, recovered / 100) : null };
}
