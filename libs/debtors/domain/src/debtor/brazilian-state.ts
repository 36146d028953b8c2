import { ValidationError } from '@collections/shared-kernel';

/**
 * The 26 states and the Federal District. The debtor's state decides which contact-hour
 * law applies (São Paulo Lei 15.426/2014 by default, Ceará stricter), so it is validated
 * here rather than trusted as free text.
 */
export const BRAZILIAN_STATES = [
  'AC', 'AL', 'AM', 'AP', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MG', 'MS', 'MT', 'PA',
  'PB', 'PE', 'PI', 'PR', 'RJ', 'RN', 'RO', 'RR', 'RS', 'SC', 'SE', 'SP', 'TO',
] as const;

export type BrazilianState = (typeof BRAZILIAN_STATES)[number];

export function parseBrazilianState(value: unknown, field: string): BrazilianState {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!(BRAZILIAN_STATES as readonly string[]).includes(code)) {
    throw ValidationError.of(field, 'must be one of the 27 Brazilian federative units (UF), e.g. SP');
  }
  return code as BrazilianState;
}
