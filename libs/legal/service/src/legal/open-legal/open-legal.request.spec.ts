import { ValidationError } from '@collections/shared-kernel';
import { parseOpenLegalRequest } from './open-legal.request';

describe('the request to open a Legal', () => {
  it('keeps the title trimmed', () => {
    expect(parseOpenLegalRequest({ title: '  First  ' })).toEqual({ title: 'First' });
  });

  it.each(['', '   ', 'x'.repeat(201)])('refuses the title %j, naming the field', (title) => {
    expect(() => parseOpenLegalRequest({ title })).toThrow(ValidationError);
    expect(() => parseOpenLegalRequest({ title })).toThrow(/title: must have 1-200 characters/);
  });

  it('names a field of the wrong type', () => {
    expect(() => parseOpenLegalRequest({ title: 7 })).toThrow(/title/);
  });
});
