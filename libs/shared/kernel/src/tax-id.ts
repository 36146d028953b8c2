import { formatCnpj, formatCpf, isValidCnpj, isValidCpf } from '@brazilian-utils/brazilian-utils';
import { ValidationError } from './validation-error';

declare const cpfBrand: unique symbol;
declare const cnpjBrand: unique symbol;
/** Brazilian individual taxpayer number, 11 digits, check digits verified. */
export type Cpf = string & { readonly [cpfBrand]: true };
/** Brazilian company taxpayer number, 14 digits, check digits verified. */
export type Cnpj = string & { readonly [cnpjBrand]: true };

const digitsOnly = (value: string): string => value.replace(/[.\-/\s]/g, '');

// Check digits come from @brazilian-utils/brazilian-utils (maintained, zero
// dependencies) rather than a routine of our own.
export const Cpf = {
  parse(value: unknown, field = 'cpf'): Cpf {
    if (typeof value !== 'string') throw ValidationError.of(field, 'must be a string of 11 digits');
    const digits = digitsOnly(value);
    if (!/^\d{11}$/.test(digits)) throw ValidationError.of(field, 'must have 11 digits');
    if (!isValidCpf(digits)) throw ValidationError.of(field, 'is not a valid CPF (check digits do not match)');
    return digits as Cpf;
  },
  format(value: Cpf): string {
    return formatCpf(value);
  },
};

export const Cnpj = {
  parse(value: unknown, field = 'cnpj'): Cnpj {
    if (typeof value !== 'string') throw ValidationError.of(field, 'must be a string of 14 digits');
    const digits = digitsOnly(value);
    if (!/^\d{14}$/.test(digits)) throw ValidationError.of(field, 'must have 14 digits');
    if (!isValidCnpj(digits)) throw ValidationError.of(field, 'is not a valid CNPJ (check digits do not match)');
    return digits as Cnpj;
  },
  format(value: Cnpj): string {
    return formatCnpj(value);
  },
};

/** A debtor is a person (CPF) or a company (CNPJ). */
export type TaxId = { readonly kind: 'cpf'; readonly value: Cpf } | { readonly kind: 'cnpj'; readonly value: Cnpj };

export const TaxId = {
  parse(value: unknown, field = 'taxId'): TaxId {
    if (typeof value !== 'string') throw ValidationError.of(field, 'must be a CPF (11 digits) or a CNPJ (14 digits)');
    const digits = digitsOnly(value);
    if (digits.length === 11) return { kind: 'cpf', value: Cpf.parse(digits, field) };
    if (digits.length === 14) return { kind: 'cnpj', value: Cnpj.parse(digits, field) };
    throw ValidationError.of(field, 'must be a CPF (11 digits) or a CNPJ (14 digits)');
  },
};
