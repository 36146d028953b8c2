import fc from 'fast-check';
import { CNAB240_SEGMENT_U } from '../return-file/cnab240.layout';
import { ITAU_400_DETAIL } from '../return-file/cnab400.layout';
import { calendarDate, formatRecord, readRecord } from './layout';

describe('calendarDate', () => {
  it.each([
    ['27112026', false, '2026-11-27'],
    ['29022028', false, '2028-02-29'],
    ['271126', true, '2026-11-27'],
    ['010185', true, '1985-01-01'],
    ['311279', true, '2079-12-31'],
  ])('reads %s as %s', (raw, short, date) => {
    expect(calendarDate(raw, short as boolean)).toBe(date);
  });

  it.each([['31022026'], ['29022026'], ['00112026'], ['27132026'], ['2711202A'], ['2026112']])('refuses %s', (raw) => {
    expect(calendarDate(raw, false)).toBeUndefined();
  });
});

describe('formatRecord', () => {
  const dates = fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2079-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const amount = fc.integer({ min: 0, max: 999_999_999_999 });

  it('writes lines that readRecord reads back to the same values (segment U, dates DDMMAAAA)', () => {
    fc.assert(
      fc.property(amount, amount, dates, fc.option(dates, { nil: undefined }), fc.string({ maxLength: 30 }).map((s) => s.trimEnd()), (interestPaid, amountPaid, occurredOn, creditedOn, text) => {
        const line = formatRecord(CNAB240_SEGMENT_U, { bank: '001', batch: '0001', recordType: '3', sequence: 2, segment: 'U', movementCode: '06', interestPaid, amountPaid, occurredOn, creditedOn, payerOccurrenceText: text });
        const read = readRecord(CNAB240_SEGMENT_U, line);
        expect(read.ok && read.record).toMatchObject({ interestPaid, amountPaid, occurredOn, creditedOn, payerOccurrenceText: text });
      }),
    );
  });

  it('writes two-digit years the way readRecord reads them back (Itaú detail, DDMMAA)', () => {
    fc.assert(
      fc.property(dates, amount, (occurredOn, amountPaid) => {
        const line = formatRecord(ITAU_400_DETAIL, { occurrenceCode: '06', occurredOn, amountPaid, nossoNumero: '12345', sequence: 2 });
        const read = readRecord(ITAU_400_DETAIL, line);
        expect(read.ok && read.record).toMatchObject({ occurredOn, amountPaid, nossoNumero: '00012345' });
      }),
    );
  });

  it('refuses a value that does not fit its field', () => {
    expect(() => formatRecord(CNAB240_SEGMENT_U, { sequence: 123456 })).toThrow(RangeError);
    expect(() => formatRecord(CNAB240_SEGMENT_U, { amountPaid: -1 })).toThrow(RangeError);
  });
});
