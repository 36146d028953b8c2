import { z } from 'zod';
import { ValidationError, parseOneOf } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { BRAZILIAN_STATES, DEFAULT_POLICY_TERMS, type BrazilianState, type EscalationPolicy, type RemovalTrigger } from '@collections/legal-domain';

const days = (max: number) => z.number().int().min(1).max(max);

/** Every term is optional: an absent one takes the platform's default (60 days past due, 10 days of notice...). */
export const setEscalationPolicyBody = z
  .object({
    triggerDaysPastDue: days(1825).optional(),
    noticePeriodDays: days(365).optional(),
    legalMinimumNoticeDays: days(365).optional(),
    removeOn: z.enum(['payment', 'payment-or-agreement']).optional(),
    protest: z.boolean().optional(),
    calendarState: z.string().optional(),
  })
  .strict();

export type SetEscalationPolicyRequest = Omit<EscalationPolicy, 'version' | 'setAt' | 'setBy'>;

/** The only validation edge of the use case (REST and gRPC). The legal-minimum rule is checked here and again by the decider, for one answer with every problem. */
export function parseSetEscalationPolicyRequest(input: unknown): SetEscalationPolicyRequest {
  const body = parseInput(setEscalationPolicyBody, input);
  const calendarState: BrazilianState = body.calendarState === undefined ? DEFAULT_POLICY_TERMS.calendarState : parseOneOf(body.calendarState, 'calendarState', BRAZILIAN_STATES);
  const request = {
    triggerDaysPastDue: body.triggerDaysPastDue ?? DEFAULT_POLICY_TERMS.triggerDaysPastDue,
    noticePeriodDays: body.noticePeriodDays ?? DEFAULT_POLICY_TERMS.noticePeriodDays,
    legalMinimumNoticeDays: body.legalMinimumNoticeDays ?? DEFAULT_POLICY_TERMS.legalMinimumNoticeDays,
    removeOn: (body.removeOn ?? DEFAULT_POLICY_TERMS.removeOn) as RemovalTrigger,
    protest: body.protest ?? DEFAULT_POLICY_TERMS.protest,
    calendarState,
  };
  if (request.noticePeriodDays < request.legalMinimumNoticeDays) {
    throw ValidationError.of('noticePeriodDays', `${request.noticePeriodDays} days is below the legal minimum of ${request.legalMinimumNoticeDays} days the tenant configured (CDC art. 43 §2)`);
  }
  return request;
}
