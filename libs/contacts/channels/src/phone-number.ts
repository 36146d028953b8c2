import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { ValidationError } from '@collections/shared-kernel';
import { ChannelError } from './channel-adapter.port';

export interface PhoneNumberOptions {
  /** Region assumed for numbers written without a country code (default BR). */
  readonly defaultRegion?: CountryCode;
  /** SMS and WhatsApp reach mobiles only: refuse landlines, toll-free, premium numbers. */
  readonly requireMobile?: boolean;
}

/**
 * The one place a phone number becomes E.164 (+5511987654321). Uses the `max` metadata
 * of libphonenumber-js, the only one that tells a mobile from a landline.
 */
export function normalisePhoneNumber(value: unknown, field = 'to', options: PhoneNumberOptions = {}): string {
  if (typeof value !== 'string' || value.trim() === '') throw ValidationError.of(field, 'must be a phone number');
  const phone = parsePhoneNumberFromString(value, { defaultCountry: options.defaultRegion ?? 'BR' });
  if (!phone || !phone.isValid()) throw ValidationError.of(field, 'is not a valid phone number');
  if (options.requireMobile) {
    const type = phone.getType();
    if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
      const kind = type === undefined ? 'of unknown type' : `a ${type.toLowerCase().replace(/_/g, ' ')} number`;
      throw ValidationError.of(field, `is ${kind}, not a mobile: SMS and WhatsApp reach mobile numbers only`);
    }
  }
  return phone.number;
}

/** The recipient of an SMS or WhatsApp message: a number that is not a mobile fails the send for good. */
export function mobileRecipient(value: string, channel: 'sms' | 'whatsapp'): string {
  try {
    return normalisePhoneNumber(value, 'to', { requireMobile: true });
  } catch (error) {
    if (error instanceof ValidationError) throw new ChannelError(channel, false, error.message);
    throw error;
  }
}
