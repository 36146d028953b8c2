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
  /**
   * Overrides per segment of the debt (the debtors context's `segment`, as registered): a debt
   * of a listed segment escalates under the tenant's terms with these replaced; any other
   * debt, or one without a segment, under the tenant's terms. Absent in versions set before
   * segments existed (they fold as "no override").
   */
  readonly segments?: Readonly<Record<string, SegmentTerms>> | undefined;
  readonly setAt: IsoInstant;
  readonly setBy: string;
}

/**
 * The terms a segment may override. The legal minimum notice and the holiday calendar stay
 * the tenant's: they are the counsel's and the law's, not a segment's choice.
 */
export interface SegmentTerms {
  readonly triggerDaysPastDue?: number | undefined;
  /** Never below the tenant's `legalMinimumNoticeDays`. */
  readonly noticePeriodDays?: number | undefined;
  readonly removeOn?: RemovalTrigger | undefined;
  readonly protest?: boolean | undefined;
}

/** How many segments one policy may override. */
export const MAX_POLICY_SEGMENTS = 50;
/** A segment's name as a policy key: letters, digits, space, `.`, `_` or `-`, 1 to 50 characters, starting with a letter or digit. */
export const SEGMENT_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,49}$/u;

/**
 * The policy a debt of `segment` escalates under: the tenant's terms with its segment's
 * overrides (same version: the version is the policy's, overrides included).
 */
export function policyForSegment(policy: EscalationPolicy, segment: string | undefined): EscalationPolicy {
  const segments = policy.segments;
  if (segment === undefined || !segments || !Object.hasOwn(segments, segment)) return policy;
  const o = segments[segment] ?? {};
  return {
    ...policy,
    triggerDaysPastDue: o.triggerDaysPastDue ?? policy.triggerDaysPastDue,
    noticePeriodDays: o.noticePeriodDays ?? policy.noticePeriodDays,
    removeOn: o.removeOn ?? policy.removeOn,
    protest: o.protest ?? policy.protest,
  };
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

/** The overrides as canonical text (segments and their terms in key order, empty ones dropped), to compare two versions. */
const segmentsKey = (segments: EscalationPolicy['segments']): string =>
  JSON.stringify(
    Object.keys(segments ?? {})
      .sort()
      .map((name) => {
        const o = segments?.[name] ?? {};
        return [name, o.triggerDaysPastDue ?? null, o.noticePeriodDays ?? null, o.removeOn ?? null, o.protest ?? null];
      }),
  );

const sameTerms = (a: EscalationPolicy, b: SetEscalationPolicy['terms']): boolean =>
  segmentsKey(a.segments) === segmentsKey(b.segments) &&
  a.triggerDaysPastDue === b.triggerDaysPastDue &&
  a.noticePeriodDays === b.noticePeriodDays &&
  a.legalMinimumNoticeDays === b.legalMinimumNoticeDays &&
  a.removeOn === b.removeOn &&
  a.protest === b.protest &&
  a.calendarState === b.calendarState;

/** A policy's segment overrides: at most MAX_POLICY_SEGMENTS, well-named, none below the legal minimum notice. */
function checkSegments(terms: SetEscalationPolicy['terms']): void {
  const names = Object.keys(terms.segments ?? {});
  if (names.length > MAX_POLICY_SEGMENTS) {
    throw new LegalRuleViolation('LEGAL_POLICY_SEGMENT_INVALID', `${names.length} segments: a policy overrides at most ${MAX_POLICY_SEGMENTS}`);
  }
  for (const name of names) {
    if (!SEGMENT_NAME.test(name)) throw new LegalRuleViolation('LEGAL_POLICY_SEGMENT_INVALID', `segment name ${JSON.stringify(name.slice(0, 60))} is not a segment name`);
    const period = terms.segments?.[name]?.noticePeriodDays;
    if (period !== undefined && period < terms.legalMinimumNoticeDays) {
      throw new LegalRuleViolation(
        'LEGAL_NOTICE_PERIOD_BELOW_MINIMUM',
        `segment ${name}: a notice period of ${period} days is below the legal minimum of ${terms.legalMinimumNoticeDays} days (CDC art. 43 §2)`,
      );
    }
  }
}

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
      checkSegments(terms);
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
