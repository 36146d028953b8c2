import { z } from 'zod';
import {
  ValidationError,
  assertNever,
  parseIsoInstant,
  parseOneOf,
  parseReference,
  parseText,
  throwIfAny,
  validateAll,
  type FieldViolation,
} from '@collections/shared-kernel';
import {
  CONTACT_CONSENTS,
  CONTACT_KINDS,
  parseBrazilianState,
  type ContactChannel,
  type ContactPoint,
  type PostalAddress,
} from '@collections/debtors-domain';

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

/** A contact point as the schema gives it (the import builds the same shape). */
export type ContactPointBody = z.output<typeof contactPointSchema>;

/** A contact point validated and normalised; its id is the client's, or undefined until one is minted. */
export type ContactPointRequest = Omit<ContactPoint, 'id' | 'kind' | 'value'> & ContactChannel & { readonly id: string | undefined };

/** The debtor's points with an id each: the one given, or a new one. */
export function withIds(points: readonly ContactPointRequest[], newId: () => string): ContactPoint[] {
  return points.map(({ id, ...point }) => ({ ...point, id: id ?? newId() }));
}

const MAX_FREE_TEXT = 2000;

/** Free text from the debtor is kept exactly as said; only blank or oversized text is refused. */
export function parseFreeText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw ValidationError.of(field, 'must not be blank');
  if (value.length > MAX_FREE_TEXT) throw ValidationError.of(field, `must have at most ${MAX_FREE_TEXT} characters`);
  return value;
}

// Brazilian numbers: +55, a two-digit area code, then 8 (landline) or 9 (mobile) digits.
const BR_PHONE = /^\+55\d{10,11}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

function parsePhone(value: unknown, field: string): string {
  const normalised = typeof value === 'string' ? value.replace(/[\s().-]/g, '') : '';
  if (!BR_PHONE.test(normalised)) {
    throw ValidationError.of(field, 'must be a Brazilian number in E.164 form: +55, area code and 8 or 9 digits');
  }
  return normalised;
}

function parseEmail(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length > 254 || !EMAIL.test(text)) throw ValidationError.of(field, 'must be an e-mail address such as name@example.com');
  // The domain part is case-insensitive; the local part may not be, so it is kept.
  const at = text.lastIndexOf('@');
  return `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
}

function parsePostalAddress(value: unknown, field: string): PostalAddress {
  if (typeof value !== 'object' || value === null) throw ValidationError.of(field, 'must be a postal address object');
  const input = value as Partial<Record<keyof PostalAddress, unknown>>;
  return validateAll({
    street: () => parseText(input.street, `${field}.street`, { max: 200 }),
    number: () => parseText(input.number, `${field}.number`, { max: 20 }),
    complement: () => (input.complement === undefined ? null : parseText(input.complement, `${field}.complement`, { max: 100 })),
    district: () => parseText(input.district, `${field}.district`, { max: 100 }),
    city: () => parseText(input.city, `${field}.city`, { max: 100 }),
    state: () => parseBrazilianState(input.state, `${field}.state`),
    postalCode: () => {
      const digits = typeof input.postalCode === 'string' ? input.postalCode.replace(/[\s.-]/g, '') : '';
      if (!/^\d{8}$/.test(digits)) throw ValidationError.of(`${field}.postalCode`, 'must be a CEP of 8 digits');
      return digits;
    },
  });
}

type OptOut = Pick<ContactPoint, 'optedOut' | 'optedOutAt' | 'optOutReason'>;

/** A point sent as opted out needs the instant (the schema has no field for it: such a point is refused). */
function parseOptOut(input: Record<string, unknown>, field: string): OptOut {
  if (input['optedOut'] === undefined || input['optedOut'] === false) return { optedOut: false, optedOutAt: null, optOutReason: null };
  if (input['optedOut'] !== true) throw ValidationError.of(`${field}.optedOut`, 'must be a boolean');
  return validateAll({
    optedOut: () => true,
    optedOutAt: () => parseIsoInstant(input['optedOutAt'], `${field}.optedOutAt`),
    optOutReason: () => (input['optOutReason'] === undefined ? null : parseFreeText(input['optOutReason'], `${field}.optOutReason`)),
  });
}

function parseChannel(input: Record<string, unknown>, field: string): ContactChannel {
  const kind = parseOneOf(input['kind'], `${field}.kind`, CONTACT_KINDS);
  switch (kind) {
    case 'phone':
    case 'whatsapp':
      return { kind, value: parsePhone(input['value'], `${field}.value`) };
    case 'email':
      return { kind, value: parseEmail(input['value'], `${field}.value`) };
    case 'postal_address':
      return { kind, value: parsePostalAddress(input['value'], `${field}.value`) };
    default:
      return assertNever(kind, 'contact kind');
  }
}

function parseContactPoint(input: unknown, field: string): ContactPointRequest {
  if (typeof input !== 'object' || input === null) throw ValidationError.of(field, 'must be a contact point object');
  const point = input as Record<string, unknown>;
  const { id, consent, optOut, channel } = validateAll({
    id: () => (point['id'] === undefined ? undefined : parseReference(point['id'], `${field}.id`)),
    consent: () => parseOneOf(point['consent'], `${field}.consent`, CONTACT_CONSENTS),
    optOut: () => parseOptOut(point, field),
    channel: () => parseChannel(point, field),
  });
  return { id, ...channel, consent, ...optOut };
}

/**
 * The whole set, as the schema gave it (or an import row built it): each point's format
 * and normalisation (E.164 phones, e-mail domains in lower case, CEP digits, UF), and
 * each id given once (the debtor's invariant, checked here too so that every problem is
 * in one answer). Every bad item is reported at once.
 */
export function parseContactPoints(inputs: readonly unknown[], field = 'contactPoints'): ContactPointRequest[] {
  const violations: FieldViolation[] = [];
  const parsed: ContactPointRequest[] = [];
  const firstIndexById = new Map<string, number>();
  inputs.forEach((input, index) => {
    try {
      const point = parseContactPoint(input, `${field}[${index}]`);
      const first = point.id === undefined ? undefined : firstIndexById.get(point.id);
      if (first !== undefined) {
        // the debtor's invariant (checkContactPoints), in the same words, on the ids given
        violations.push({ field: `${field}[${index}].id`, message: `duplicates the id of ${field}[${first}]` });
      } else if (point.id !== undefined) {
        firstIndexById.set(point.id, index);
      }
      parsed.push(point);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      violations.push(...error.violations);
    }
  });
  throwIfAny(violations);
  return parsed;
}
