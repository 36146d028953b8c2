import { assertNever, type Decider, type IsoInstant } from '@collections/shared-kernel';
import type { BrazilianState } from '../calendar/business-days';
import { LegalRuleViolation } from '../legal-rule-code';

/** When a listing is removed: after full payment only, or also when the debt enters an agreement. */
export type RemovalTrigger = 'payment' | 'payment-or-agreement';

/**
 * A tenant's escalation policy, as one version of it. Every escalation step records the
 * version it ran under, so a change applies to what is decided after it, never to a
 * notice already sent (its listing date was fixed when it was sent).
 */
export interface EscalationPolicy {
  readonly version: number;
  /** Days past due (from the earliest unpaid due date) at which the prior notice is requested. Default 60. */
  readonly triggerDaysPastDue: number;
  /** Calendar days between the notice being sent and the listing. Default 10. */
  readonly noticePeriodDays: number;
  /** The legal minimum notice period the tenant's counsel set; the period is never below it. Default 10. */
  readonly legalMinimumNoticeDays: number;
  readonly removeOn: RemovalTrigger;
  /** Protest at a notary (Lei 9.492/97) enabled for this tenant. */
  readonly protest: boolean;
  /** The UF whose state holidays count in business-day deadlines (removal SLA, protest). */
  readonly calendarState: BrazilianState;
  readonly setAt: IsoInstant;
  readonly setBy: string;
}

export const DEFAULT_POLICY_TERMS = {
  triggerDaysPastDue: 60,
  noticePeriodDays: 10,
  legalMinimumNoticeDays: 10,
  removeOn: 'payment',
  protest: false,
  calendarState: 'SP',
} as const satisfies Omit<EscalationPolicy, 'version' | 'setAt' | 'setBy'>;

/** Sets the tenant's policy (a new version each time the terms change). */
export interface SetEscalationPolicy {
  readonly type: 'SetEscalationPolicy';
  readonly terms: Omit<EscalationPolicy, 'version' | 'setAt' | 'setBy'>;
  readonly now: IsoInstant;
  readonly actor: string;
}

export interface EscalationPolicySet {
  readonly type: 'EscalationPolicySet';
  readonly data: EscalationPolicy;
}

export type EscalationPolicyCommand = SetEscalationPolicy;
export type EscalationPolicyEvent = EscalationPolicySet;
export type EscalationPolicyState = { readonly status: 'unset' } | { readonly status: 'set'; readonly policy: EscalationPolicy };

const sameTerms = (a: EscalationPolicy, b: SetEscalationPolicy['terms']): boolean =>
  a.triggerDaysPastDue === b.triggerDaysPastDue &&
  a.noticePeriodDays === b.noticePeriodDays &&
  a.legalMinimumNoticeDays === b.legalMinimumNoticeDays &&
  a.removeOn === b.removeOn &&
  a.protest === b.protest &&
  a.calendarState === b.calendarState;

function decide(command: EscalationPolicyCommand, state: EscalationPolicyState): readonly EscalationPolicyEvent[] {
  switch (command.type) {
    case 'SetEscalationPolicy': {
      const { terms } = command;
      // CDC art. 43 §2: the notice must come before the listing with time to pay; the tenant's
      // counsel fixes the minimum, and no policy version may go below it.
      if (terms.noticePeriodDays < terms.legalMinimumNoticeDays) {
        throw new LegalRuleViolation(
          'LEGAL_NOTICE_PERIOD_BELOW_MINIMUM',
          `a notice period of ${terms.noticePeriodDays} days is below the legal minimum of ${terms.legalMinimumNoticeDays} days (CDC art. 43 §2)`,
        );
      }
      if (state.status === 'set' && sameTerms(state.policy, terms)) return [];
      const version = state.status === 'set' ? state.policy.version + 1 : 1;
      return [{ type: 'EscalationPolicySet', data: { version, ...terms, setAt: command.now, setBy: command.actor } }];
    }
    default:
      return assertNever(command.type, 'escalation policy command');
  }
}

function evolve(_state: EscalationPolicyState, event: EscalationPolicyEvent): EscalationPolicyState {
  switch (event.type) {
    case 'EscalationPolicySet':
      return { status: 'set', policy: event.data };
    default:
      return assertNever(event.type, 'escalation policy event');
  }
}

/** A tenant's escalation policy: one stream per tenant, each change a new version. */
export const escalationPolicyDecider: Decider<EscalationPolicyState, EscalationPolicyCommand, EscalationPolicyEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unset' }),
};
