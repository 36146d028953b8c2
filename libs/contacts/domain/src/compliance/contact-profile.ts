import { getTimezoneByState } from '@brazilian-utils/brazilian-utils';
import { ValidationError } from '@collections/shared-kernel';

/**
 * The 26 states and the Federal District. The UF decides the contact-hour law and the
 * state holidays, so it is validated, never trusted as free text.
 */
export const BRAZILIAN_STATES = [
  'AC', 'AL', 'AM', 'AP', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MG', 'MS', 'MT', 'PA',
  'PB', 'PE', 'PI', 'PR', 'RJ', 'RN', 'RO', 'RR', 'RS', 'SC', 'SE', 'SP', 'TO',
] as const;
export type BrazilianState = (typeof BRAZILIAN_STATES)[number];

/**
 * Brazil's 16 IANA zones (tzdata zone1970.tab, BR rows). A Brazilian debtor may carry one
 * of these instead of the UF's default: Fernando de Noronha (PE) is on America/Noronha,
 * western Amazonas on America/Eirunepe, western Pará on America/Santarem.
 */
export const BRAZILIAN_TIME_ZONES = [
  'America/Noronha', 'America/Belem', 'America/Fortaleza', 'America/Recife', 'America/Araguaina',
  'America/Maceio', 'America/Bahia', 'America/Sao_Paulo', 'America/Campo_Grande', 'America/Cuiaba',
  'America/Santarem', 'America/Porto_Velho', 'America/Boa_Vista', 'America/Manaus', 'America/Eirunepe',
  'America/Rio_Branco',
] as const;

/** The jurisdiction a contact is judged under, as an integrator sends it. */
export type ContactProfileInput =
  | { readonly country: 'BR'; readonly state: string; readonly timeZone?: string }
  | { readonly country: 'US'; readonly timeZone: string };

/** A validated profile: the zone is always resolved (the UF's own, unless one was given). */
export type ContactProfile =
  | { readonly country: 'BR'; readonly state: BrazilianState; readonly timeZone: string }
  | { readonly country: 'US'; readonly timeZone: string };

const knownZones = new Set<string>();

/** True when Node's Intl knows the zone (it throws a RangeError for an unknown one). */
function isKnownTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  knownZones.add(zone);
  return true;
}

function parseState(value: unknown, field: string): BrazilianState {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!(BRAZILIAN_STATES as readonly string[]).includes(code)) {
    throw ValidationError.of(field, 'must be one of the 27 Brazilian federative units (UF), e.g. SP');
  }
  return code as BrazilianState;
}

/** Builds the profile a contact is judged under; an unknown UF or zone names its field. */
export function parseContactProfile(input: ContactProfileInput, field = 'profile'): ContactProfile {
  if (typeof input !== 'object' || input === null) throw ValidationError.of(field, 'must be a contact profile object');
  switch (input.country) {
    case 'BR': {
      const state = parseState(input.state, `${field}.state`);
      if (input.timeZone === undefined) {
        const zone = getTimezoneByState(state);
        if (zone === null) throw ValidationError.of(`${field}.state`, 'has no time zone');
        return { country: 'BR', state, timeZone: zone };
      }
      // A zone outside Brazil for a Brazilian debtor is a data error, not a jurisdiction choice.
      if (!(BRAZILIAN_TIME_ZONES as readonly string[]).includes(input.timeZone)) {
        throw ValidationError.of(`${field}.timeZone`, 'must be one of the Brazilian IANA zones, e.g. America/Noronha');
      }
      return { country: 'BR', state, timeZone: input.timeZone };
    }
    case 'US': {
      if (typeof input.timeZone !== 'string' || !input.timeZone.includes('/') || !isKnownTimeZone(input.timeZone)) {
        throw ValidationError.of(`${field}.timeZone`, 'must be an IANA time zone, e.g. America/New_York');
      }
      return { country: 'US', timeZone: input.timeZone };
    }
    default:
      throw ValidationError.of(`${field}.country`, 'must be BR or US');
  }
}
