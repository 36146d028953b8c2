import { isValidEmail, isValidMobilePhone } from '@brazilian-utils/brazilian-utils';
import { Cnpj, Cpf, ValidationError } from '@collections/shared-kernel';

export type PixKeyKind = 'cpf' | 'cnpj' | 'email' | 'phone' | 'evp';

/** A Pix key (chave Pix) in the canonical form the DICT registers and the BR Code carries. */
export interface PixKey {
  readonly kind: PixKeyKind;
  readonly value: string;
}

// DICT limit for an e-mail key, which is also what fits in object 26-01 beside the GUI.
const EMAIL_MAX = 77;
// The DICT registers mobile numbers only, in E.164: +55, a DDD, 9 and 8 digits; the DDD
// must exist (brazilian-utils keeps Anatel's list, as it keeps the e-mail rule we share).
const PHONE = /^\+55[1-9]{2}9\d{8}$/;
// The DICT issues version-4 UUIDs, but the manual's own example key has version 1: the
// pattern only, as the BR Code manual registers it.
const EVP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Recognises a Pix key by the way it is written: `+55...` is a phone, a value with `@` an
 * e-mail, 8-4-4-4-12 hex a random key (EVP), 11 digits (mask allowed) a CPF and 14 a CNPJ,
 * each checked (CPF/CNPJ check digits by the kernel). A bare 11-digit value is always a
 * CPF: a phone key must be written with its +55, which removes the ambiguity the DICT has.
 */
export function parsePixKey(value: unknown, field = 'key'): PixKey {
  if (typeof value !== 'string' || value.trim() === '') throw ValidationError.of(field, 'must be a Pix key: CPF, CNPJ, e-mail, +55 mobile phone or random key (EVP)');
  const text = value.trim();
  if (text.startsWith('+')) {
    const phone = text.replace(/[\s()-]/g, '');
    if (!PHONE.test(phone) || !isValidMobilePhone(phone)) throw ValidationError.of(field, 'a phone key must be a Brazilian mobile number in E.164, +55 DDD 9XXXXXXXX');
    return { kind: 'phone', value: phone };
  }
  if (text.includes('@')) {
    const email = text.toLowerCase();
    if (email.length > EMAIL_MAX || !isValidEmail(email)) throw ValidationError.of(field, `an e-mail key must be a valid address of at most ${EMAIL_MAX} characters`);
    return { kind: 'email', value: email };
  }
  if (EVP.test(text.toLowerCase())) return { kind: 'evp', value: text.toLowerCase() };
  const digits = text.replace(/[.\-/\s]/g, '');
  if (/^\d{11}$/.test(digits)) return { kind: 'cpf', value: Cpf.parse(digits, field) };
  if (/^\d{14}$/.test(digits)) return { kind: 'cnpj', value: Cnpj.parse(digits, field) };
  throw ValidationError.of(field, 'must be a Pix key: CPF, CNPJ, e-mail, +55 mobile phone or random key (EVP)');
}
