import { ValidationError } from '@collections/shared-kernel';
import { parseOpenReportingRequest } from './open-reporting.request';

describe('the request to open a Reporting', () => {
  it('keeps the title trimmed', () => {
    expect(parseOpenReportingRequest({ title: '  First  ' })).toEqual({ title: 'First' });
  });

  it.each(['', '   ', 'x'.repeat(201)])('refuses the title %j, naming the field', (title) => {
    expect(() => parseOpenReportingRequest({ title })).toThrow(ValidationError);
    expect(() => parseOpenReportingRequest({ title })).toThrow(/title: must have 1-200 characters/);
  });

  it('names a field of the wrong type', () => {
    expect(() => parseOpenReportingRequest({ title: 7 })).toThrow(/title/);
  });
});
