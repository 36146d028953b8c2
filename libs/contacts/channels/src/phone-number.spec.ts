import { ValidationError } from '@collections/shared-kernel';
import { normalisePhoneNumber } from './phone-number';

describe('normalisePhoneNumber', () => {
  it.each([
    ['(11) 98765-4321', '+5511987654321'],
    ['11 98765 4321', '+5511987654321'],
    ['+55 21 99876-5432', '+5521998765432'],
    ['+55 (11) 98765-4321', '+5511987654321'],
  ])('reads %s as %s (Brazil by default)', (input, expected) => {
    expect(normalisePhoneNumber(input, 'to', { requireMobile: true })).toBe(expected);
  });

  it('keeps a landline when a mobile is not required', () => {
    expect(normalisePhoneNumber('(11) 3456-7890')).toBe('+551134567890');
  });

  it('refuses a landline for SMS and WhatsApp, saying why', () => {
    expect(() => normalisePhoneNumber('(11) 3456-7890', 'phone', { requireMobile: true })).toThrow(
      new ValidationError([{ field: 'phone', message: 'is a fixed line number, not a mobile: SMS and WhatsApp reach mobile numbers only' }]),
    );
  });

  it.each([[''], ['abc'], ['123'], [42]])('refuses %p', (input) => {
    expect(() => normalisePhoneNumber(input)).toThrow(ValidationError);
  });
});
