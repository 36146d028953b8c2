import { z } from 'zod';
import { AGING_BUCKETS, CHANNELS, type CadenceStep } from '@collections/contacts-domain';
import { moneySchema } from '../shared/money.schema';

const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 lower-case letters, digits, "-" or "_"');

export const cadenceStepSchema = z
  .object({
    stepId: slug,
    /** Days from the due date: -60 (a reminder two months before) to 730 (two years after). */
    offsetDays: z.number().int().min(-60).max(730),
    channel: z.enum(CHANNELS),
    /** Required for a message; absent for a voice step (a call task). */
    templateId: z
      .uuid()
      .transform((id) => id.toLowerCase())
      .optional(),
    conditions: z
      .object({
        agingBuckets: z.array(z.enum(AGING_BUCKETS)).min(1).max(AGING_BUCKETS.length).optional(),
        minBalance: moneySchema.optional(),
        debtorKinds: z.array(z.enum(['person', 'company'])).min(1).max(2).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((step, ctx) => {
    if (step.channel === 'voice' && step.templateId !== undefined) ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'a voice step is a call task: it has no template' });
    if (step.channel !== 'voice' && step.templateId === undefined) ctx.addIssue({ code: 'custom', path: ['templateId'], message: `a ${step.channel} step needs a template` });
  });

export const cadenceStepsSchema = z.array(cadenceStepSchema).min(1).max(50);
export const segmentSchema = slug;

/** The parsed steps, as the domain takes them (absent conditions left out). */
export function toSteps(steps: z.output<typeof cadenceStepsSchema>): CadenceStep[] {
  return steps.map((s) => ({
    stepId: s.stepId,
    offsetDays: s.offsetDays,
    channel: s.channel,
    templateId: s.templateId ?? null,
    conditions: {
      ...(s.conditions.agingBuckets ? { agingBuckets: s.conditions.agingBuckets } : {}),
      ...(s.conditions.minBalance ? { minBalance: s.conditions.minBalance } : {}),
      ...(s.conditions.debtorKinds ? { debtorKinds: s.conditions.debtorKinds } : {}),
    },
  }));
}
