import { z } from 'zod';
import { CONTACT_CONSENTS, type ContactPointInput } from '@collections/debtors-domain';

const common = {
  id: z.string().optional(),
  consent: z.enum(CONTACT_CONSENTS).default('not_granted'),
  optedOut: z.boolean().optional(),
  optOutReason: z.string().optional(),
};
const postalAddress = z.object({
  street: z.string(),
  number: z.string(),
  complement: z.string().optional(),
  district: z.string(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
});

/** A contact point as a client sends it; its id is optional (a new one is minted). */
export const contactPointSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.enum(['phone', 'whatsapp', 'email']), value: z.string() }),
  z.object({ ...common, kind: z.literal('postal_address'), value: postalAddress }),
]);
export const contactPointsSchema = z.array(contactPointSchema).max(50);

export type ContactPointRequest = z.output<typeof contactPointSchema>;

/** The decider's input for a requested contact point, with the id given or a new one. */
export function contactPointInput(point: ContactPointRequest, newId: () => string): ContactPointInput {
  const base = {
    id: point.id ?? newId(),
    consent: point.consent,
    ...(point.optedOut !== undefined ? { optedOut: point.optedOut } : {}),
    ...(point.optOutReason !== undefined ? { optOutReason: point.optOutReason } : {}),
  };
  if (point.kind === 'postal_address') {
    const { complement, ...address } = point.value;
    return { ...base, kind: point.kind, value: { ...address, ...(complement !== undefined ? { complement } : {}) } };
  }
  return { ...base, kind: point.kind, value: point.value };
}
