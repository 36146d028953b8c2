import { ValidationError, throwIfAny, type FieldViolation, type IsoInstant } from '@collections/shared-kernel';
import type { BrazilianState } from './brazilian-state';

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

const MAX_CONTACT_POINTS = 50;

/**
 * The invariants of a debtor's set of contact points: at most 50, and each id once
 * (consent and opt-outs are recorded against the id). The request parsers check them
 * too, with the same words, on the ids a client gave.
 */
export function checkContactPoints(points: readonly ContactPoint[], field = 'contactPoints'): readonly ContactPoint[] {
  if (points.length > MAX_CONTACT_POINTS) throw ValidationError.of(field, `must have at most ${MAX_CONTACT_POINTS} contact points`);
  throwIfAny(duplicateIds(points.map((p) => p.id), field));
  return points;
}

/** A violation for every id given a second time. */
function duplicateIds(ids: readonly string[], field: string): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const firstIndexById = new Map<string, number>();
  ids.forEach((id, index) => {
    const first = firstIndexById.get(id);
    if (first !== undefined) violations.push({ field: `${field}[${index}].id`, message: `duplicates the id of ${field}[${first}]` });
    else firstIndexById.set(id, index);
  });
  return violations;
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
