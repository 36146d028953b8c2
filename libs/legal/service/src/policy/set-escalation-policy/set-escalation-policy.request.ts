import { z } from 'zod';
import { ValidationError, parseOneOf, type FieldViolation } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { BRAZILIAN_STATES, DEFAULT_POLICY_TERMS, MAX_POLICY_SEGMENTS, SEGMENT_NAME, type BrazilianState, type EscalationPolicy, type RemovalTrigger, type SegmentTerms } from '@collections/legal-domain';

const days = (max: number) => z.number().int().min(1).max(max);
const removeOn = z.enum(['payment', 'payment-or-agreement']);

/** A segment's overrides: each term optional (absent: the tenant's), at least one. */
const segmentTermsBody = z
  .object({
    triggerDaysPastDue: days(1825).optional(),
    noticePeriodDays: days(365).optional(),
    removeOn: removeOn.optional(),
    protest: z.boolean().optional(),
  })
  .strict()
  .refine((terms) => Object.keys(terms).length > 0, 'a segment override names at least one term');

/** Every term is optional: an absent one takes the platform's default (60 days past due, 10 days of notice...). */
export const setEscalationPolicyBody = z
  .object({
    triggerDaysPastDue: days(1825).optional(),
    noticePeriodDays: days(365).optional(),
    legalMinimumNoticeDays: days(365).optional(),
    removeOn: removeOn.optional(),
    protest: z.boolean().optional(),
    calendarState: z.string().optional(),
    /** Overrides per debt segment (the debtors context's `segment`), e.g. `{"cartao": {"triggerDaysPastDue": 30}}`. */
    segments: z.record(z.string(), segmentTermsBody).optional(),
  })
  .strict();

export type SetEscalationPolicyRequest = Omit<EscalationPolicy, 'version' | 'setAt' | 'setBy'>;

/** The segments' names and count, before their terms are read (a hostile key is named as `segments`). */
function checkSegmentNames(segments: unknown): void {
  if (segments === null || typeof segments !== 'object' || Array.isArray(segments)) return;
  const names = Object.keys(segments);
  if (names.length > MAX_POLICY_SEGMENTS) throw ValidationError.of('segments', `${names.length} segments: a policy overrides at most ${MAX_POLICY_SEGMENTS}`);
  const bad = names.find((name) => !SEGMENT_NAME.test(name));
  if (bad !== undefined) throw ValidationError.of('segments', `${JSON.stringify(bad.slice(0, 60))} is not a segment name (1 to 50 letters, digits, space, '.', '_' or '-', starting with a letter or digit)`);
}

/** The only validation edge of the use case (REST and gRPC). The legal-minimum rule is checked here and again by the decider, for one answer with every problem. */
export function parseSetEscalationPolicyRequest(input: unknown): SetEscalationPolicyRequest {
  if (input !== null && typeof input === 'object' && 'segments' in input) checkSegmentNames(input.segments);
  const body = parseInput(setEscalationPolicyBody, input);
  const calendarState: BrazilianState = body.calendarState === undefined ? DEFAULT_POLICY_TERMS.calendarState : parseOneOf(body.calendarState, 'calendarState', BRAZILIAN_STATES);
  const segmentEntries = Object.entries(body.segments ?? {}).map(([name, terms]): [string, SegmentTerms] => [
    name,
    {
      ...(terms.triggerDaysPastDue === undefined ? {} : { triggerDaysPastDue: terms.triggerDaysPastDue }),
      ...(terms.noticePeriodDays === undefined ? {} : { noticePeriodDays: terms.noticePeriodDays }),
      ...(terms.removeOn === undefined ? {} : { removeOn: terms.removeOn as RemovalTrigger }),
      ...(terms.protest === undefined ? {} : { protest: terms.protest }),
    },
  ]);
  const request = {
    triggerDaysPastDue: body.triggerDaysPastDue ?? DEFAULT_POLICY_TERMS.triggerDaysPastDue,
    noticePeriodDays: body.noticePeriodDays ?? DEFAULT_POLICY_TERMS.noticePeriodDays,
    legalMinimumNoticeDays: body.legalMinimumNoticeDays ?? DEFAULT_POLICY_TERMS.legalMinimumNoticeDays,
    removeOn: (body.removeOn ?? DEFAULT_POLICY_TERMS.removeOn) as RemovalTrigger,
    protest: body.protest ?? DEFAULT_POLICY_TERMS.protest,
    calendarState,
    // no overrides: no key, as versions set before segments existed
    ...(segmentEntries.length > 0 ? { segments: Object.fromEntries(segmentEntries) } : {}),
  };
  const belowMinimum: FieldViolation[] = [];
  const minimum = `below the legal minimum of ${request.legalMinimumNoticeDays} days the tenant configured (CDC art. 43 §2)`;
  if (request.noticePeriodDays < request.legalMinimumNoticeDays) belowMinimum.push({ field: 'noticePeriodDays', message: `${request.noticePeriodDays} days is ${minimum}` });
  for (const [name, terms] of segmentEntries) {
    if (terms.noticePeriodDays !== undefined && terms.noticePeriodDays < request.legalMinimumNoticeDays) {
      belowMinimum.push({ field: `segments.${name}.noticePeriodDays`, message: `${terms.noticePeriodDays} days is ${minimum}` });
    }
  }
  if (belowMinimum.length > 0) throw new ValidationError(belowMinimum);
  return request;
}
