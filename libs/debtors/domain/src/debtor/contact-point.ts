import { ValidationError, assertNever, type FieldViolation } from '@collections/shared-kernel';
import { parseIsoInstant, parseOneOf, parseReference, parseText, throwIfAny, validateAll, type IsoInstant } from '@collections/shared-kernel';
import { parseBrazilianState, type BrazilianState } from './brazilian-state';

export const CONTACT_KINDS = ['phone', 'email', 'whatsapp', 'postal_address'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const CONTACT_CONSENTS = ['granted', 'not_granted'] as const;
export type ContactConsent = (typeof CONTACT_CONSENTS)[number];

export interface PostalAddress {
  readonly street: string;
  readonly number: string;
  readonly complement: string | null;
  readonly district: string;
  readonly city: string;
  readonly state: BrazilianState;
  /** CEP, 8 digits without the hyphen. */
  readonly postalCode: string;
}

interface ContactPointCommon {
  readonly id: string;
  readonly consent: ContactConsent;
  readonly optedOut: boolean;
  readonly optedOutAt: IsoInstant | null;
  /** The debtor's own words, kept verbatim: an opt-out may be said in any words, not only "STOP". */
  readonly optOutReason: string | null;
}

/** The channel itself: its kind and the address on it. */
export type ContactChannel =
  | { readonly kind: 'phone' | 'whatsapp' | 'email'; readonly value: string }
  | { readonly kind: 'postal_address'; readonly value: PostalAddress };

/** A validated, normalised contact point, as it lives in events and state. */
export type ContactPoint = ContactPointCommon & ContactChannel;

export interface PostalAddressInput {
  readonly street: string;
  readonly number: string;
  readonly complement?: string;
  readonly district: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
}

/** A contact point as an integrator sends it (validated and normalised by the decider). */
export type ContactPointInput = {
  readonly id: string;
  readonly consent: ContactConsent;
  readonly optedOut?: boolean;
  readonly optedOutAt?: string;
  readonly optOutReason?: string;
} & (
  | { readonly kind: 'phone' | 'whatsapp' | 'email'; readonly value: string }
  | { readonly kind: 'postal_address'; readonly value: PostalAddressInput }
);

const MAX_CONTACT_POINTS = 50;
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
  const input = value as Partial<Record<keyof PostalAddressInput, unknown>>;
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

function parseOptOut(input: ContactPointInput, field: string): Pick<ContactPoint, 'optedOut' | 'optedOutAt' | 'optOutReason'> {
  if (input.optedOut === undefined || input.optedOut === false) return { optedOut: false, optedOutAt: null, optOutReason: null };
  if (input.optedOut !== true) throw ValidationError.of(`${field}.optedOut`, 'must be a boolean');
  return validateAll({
    optedOut: () => true,
    optedOutAt: () => parseIsoInstant(input.optedOutAt, `${field}.optedOutAt`),
    optOutReason: () => (input.optOutReason === undefined ? null : parseFreeText(input.optOutReason, `${field}.optOutReason`)),
  });
}

function parseChannel(input: ContactPointInput, field: string): ContactChannel {
  const kind = parseOneOf(input.kind, `${field}.kind`, CONTACT_KINDS);
  switch (kind) {
    case 'phone':
    case 'whatsapp':
      return { kind, value: parsePhone(input.value, `${field}.value`) };
    case 'email':
      return { kind, value: parseEmail(input.value, `${field}.value`) };
    case 'postal_address':
      return { kind, value: parsePostalAddress(input.value, `${field}.value`) };
    default:
      return assertNever(kind, 'contact kind');
  }
}

export function parseContactPoint(input: ContactPointInput, field: string): ContactPoint {
  if (typeof input !== 'object' || input === null) throw ValidationError.of(field, 'must be a contact point object');
  const { id, consent, optOut, channel } = validateAll({
    id: () => parseReference(input.id, `${field}.id`),
    consent: () => parseOneOf(input.consent, `${field}.consent`, CONTACT_CONSENTS),
    optOut: () => parseOptOut(input, field),
    channel: () => parseChannel(input, field),
  });
  return { id, ...channel, consent, ...optOut };
}

/** Parses the whole set, reporting every bad item and every duplicated id at once. */
export function parseContactPoints(inputs: unknown, field = 'contactPoints'): ContactPoint[] {
  if (!Array.isArray(inputs)) throw ValidationError.of(field, 'must be a list of contact points');
  if (inputs.length > MAX_CONTACT_POINTS) throw ValidationError.of(field, `must have at most ${MAX_CONTACT_POINTS} contact points`);
  const violations: FieldViolation[] = [];
  const parsed: ContactPoint[] = [];
  const firstIndexById = new Map<string, number>();
  inputs.forEach((input: ContactPointInput, index) => {
    try {
      const point = parseContactPoint(input, `${field}[${index}]`);
      const first = firstIndexById.get(point.id);
      if (first !== undefined) {
        violations.push({ field: `${field}[${index}].id`, message: `duplicates the id of ${field}[${first}]` });
      } else {
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

/** The channel itself (kind and value), whatever id an integrator gives it. */
export function channelKey(point: ContactPoint): string {
  return JSON.stringify(
    point.kind === 'postal_address'
      ? [point.kind, point.value.street, point.value.number, point.value.complement, point.value.district, point.value.city, point.value.state, point.value.postalCode]
      : [point.kind, point.value],
  );
}

/**
 * Order- and key-order-independent equality of two sets of contact points. Built
 * field by field because events read back from jsonb do not keep key order.
 */
export function sameContactPoints(a: readonly ContactPoint[], b: readonly ContactPoint[]): boolean {
  const canonical = (points: readonly ContactPoint[]): string =>
    JSON.stringify(
      points
        .map((p) => [p.id, channelKey(p), p.consent, p.optedOut, p.optedOutAt, p.optOutReason])
        .sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : String(x[0]) > String(y[0]) ? 1 : 0)),
    );
  return canonical(a) === canonical(b);
}
