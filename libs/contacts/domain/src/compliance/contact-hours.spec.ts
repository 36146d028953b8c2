import { contactHoursAt, nextAllowedInstant } from './contact-hours';
import { startOfLocalDay } from './local-time';
import { parseContactProfile } from './contact-profile';

const SP = parseContactProfile({ country: 'BR', state: 'SP' });
const CE = parseContactProfile({ country: 'BR', state: 'CE' });
const DF = parseContactProfile({ country: 'BR', state: 'DF' });
const NORONHA = parseContactProfile({ country: 'BR', state: 'PE', timeZone: 'America/Noronha' });
const WEST_AM = parseContactProfile({ country: 'BR', state: 'AM', timeZone: 'America/Eirunepe' });
const NEW_YORK = parseContactProfile({ country: 'US', timeZone: 'America/New_York' });

describe('contactHoursAt', () => {
  // São Paulo is UTC-3 all year (no DST since 2019): local = UTC - 3 h.
  it.each([
    ['2026-03-02T11:00:00.000Z', 'Monday 08:00, the window opens'],
    ['2026-03-02T22:59:59.999Z', 'Monday 19:59:59.999, the last instant'],
    ['2026-03-07T16:59:00.000Z', 'Saturday 13:59'],
    ['2026-02-17T15:00:00.000Z', 'Carnival Tuesday: a ponto facultativo, not a holiday in law'],
  ])('allows a São Paulo debtor at %s (%s)', (instant) => {
    expect(contactHoursAt(SP, instant)).toEqual({ kind: 'allowed' });
  });

  it.each([
    ['2026-03-02T10:59:59.999Z', 'OUTSIDE_CONTACT_HOURS', 'Monday 07:59:59.999'],
    ['2026-03-02T23:00:00.000Z', 'OUTSIDE_CONTACT_HOURS', 'Monday 20:00:00: the end of a window is outside it'],
    ['2026-03-07T17:00:00.000Z', 'OUTSIDE_CONTACT_HOURS', 'Saturday 14:00'],
    ['2026-03-08T15:00:00.000Z', 'SUNDAY', 'Sunday noon'],
    ['2026-07-09T15:00:00.000Z', 'HOLIDAY', 'Thursday 9 July, the Revolução Constitucionalista (SP state holiday)'],
    ['2026-11-20T15:00:00.000Z', 'HOLIDAY', 'Friday 20 November, Consciência Negra (national since 2024)'],
  ])('refuses a São Paulo debtor at %s with %s (%s)', (instant, code) => {
    const answer = contactHoursAt(SP, instant);
    expect(answer).toMatchObject({ kind: 'forbidden', rule: { code, article: 'Lei estadual SP 15.426/2014' } });
  });

  it('names the holiday and the local time in the rule, for the auditor', () => {
    expect(contactHoursAt(SP, '2026-12-25T15:00:00.000Z')).toEqual({
      kind: 'forbidden',
      rule: { code: 'HOLIDAY', article: 'Lei estadual SP 15.426/2014', detail: 'Fri 2026-12-25 12:00:00 in America/Sao_Paulo: Natal (national holiday in SP)' },
    });
  });

  it('applies a state holiday only in its own state', () => {
    expect(contactHoursAt(SP, '2026-03-25T15:00:00.000Z')).toEqual({ kind: 'allowed' });
    expect(contactHoursAt(CE, '2026-03-25T15:00:00.000Z')).toMatchObject({ kind: 'forbidden', rule: { code: 'HOLIDAY' } });
  });

  it('holds a Ceará debtor to Monday-Friday 08:00-18:00 under its own law', () => {
    expect(contactHoursAt(CE, '2026-03-02T20:59:00.000Z')).toEqual({ kind: 'allowed' });
    expect(contactHoursAt(CE, '2026-03-02T21:00:00.000Z')).toMatchObject({ rule: { code: 'OUTSIDE_CONTACT_HOURS', article: 'Lei estadual CE 16.836/2019, art. 2º' } });
    expect(contactHoursAt(CE, '2026-03-07T13:00:00.000Z')).toMatchObject({ rule: { code: 'OUTSIDE_CONTACT_HOURS' } });
  });

  it('reads the hour on the debtor’s own clock: Fernando de Noronha (UTC-2), western Amazonas (UTC-5)', () => {
    expect(contactHoursAt(NORONHA, '2026-03-02T10:00:00.000Z')).toEqual({ kind: 'allowed' });
    expect(contactHoursAt(SP, '2026-03-02T10:00:00.000Z')).toMatchObject({ kind: 'forbidden' });
    expect(contactHoursAt(WEST_AM, '2026-03-02T12:59:00.000Z')).toMatchObject({ kind: 'forbidden' });
    expect(contactHoursAt(WEST_AM, '2026-03-02T13:00:00.000Z')).toEqual({ kind: 'allowed' });
  });

  it('allows a US debtor 08:00-21:00 local every day, Sundays and holidays included', () => {
    expect(contactHoursAt(NEW_YORK, '2026-03-01T13:00:00.000Z')).toEqual({ kind: 'allowed' }); // Sunday 08:00 EST
    expect(contactHoursAt(NEW_YORK, '2026-12-25T20:00:00.000Z')).toEqual({ kind: 'allowed' });
    expect(contactHoursAt(NEW_YORK, '2026-03-03T02:00:00.000Z')).toMatchObject({ rule: { code: 'OUTSIDE_CONTACT_HOURS', article: '12 CFR 1006.6(b)(1)(i) (FDCPA §805(a)(1))' } }); // 21:00 EST
  });
});

describe('nextAllowedInstant', () => {
  it.each([
    ['an instant inside the window is its own answer', SP, '2026-03-02T15:00:00.000Z', '2026-03-02T15:00:00.000Z'],
    ['before 08:00: the same morning at 08:00', SP, '2026-03-02T05:00:00.000Z', '2026-03-02T11:00:00.000Z'],
    ['Friday 20:00: Saturday 08:00', SP, '2026-03-06T23:00:00.000Z', '2026-03-07T11:00:00.000Z'],
    ['Saturday 14:00: past Sunday to Monday 08:00', SP, '2026-03-07T17:00:00.000Z', '2026-03-09T11:00:00.000Z'],
    ['Thursday night before Consciência Negra (Friday): Saturday 08:00', SP, '2026-11-19T23:30:00.000Z', '2026-11-21T11:00:00.000Z'],
    ['New Year’s Eve 20:00: past 1 January to Saturday 2', SP, '2026-12-31T23:00:00.000Z', '2027-01-02T11:00:00.000Z'],
    ['Ceará, Thursday 18:00 before Good Friday: Good Friday, a closed Saturday and Sunday, then Monday', CE, '2026-04-02T21:00:00.000Z', '2026-04-06T11:00:00.000Z'],
    ['DF, Monday 20:00 before Tiradentes and Brasília’s founding day', DF, '2026-04-20T23:00:00.000Z', '2026-04-22T11:00:00.000Z'],
    ['Carnival Tuesday opens as a working day (brazilian-utils types it optional)', SP, '2026-02-16T23:00:00.000Z', '2026-02-17T11:00:00.000Z'],
    ['Fernando de Noronha opens at 10:00 UTC', NORONHA, '2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
    ['New York, the night clocks spring forward: 08:00 EDT is 12:00 UTC', NEW_YORK, '2026-03-08T02:30:00.000Z', '2026-03-08T12:00:00.000Z'],
    ['New York, the night clocks fall back: 08:00 EST is 13:00 UTC', NEW_YORK, '2026-11-01T02:00:00.000Z', '2026-11-01T13:00:00.000Z'],
    ['New York, 21:00 sharp is outside: the next morning', NEW_YORK, '2026-03-03T02:00:00.000Z', '2026-03-03T13:00:00.000Z'],
  ])('%s', (_behaviour, profile, instant, expected) => {
    expect(nextAllowedInstant(profile, instant)).toBe(expected);
  });

  it('refuses an instant that is not one, naming the field', () => {
    expect(() => nextAllowedInstant(SP, 'tomorrow')).toThrow('instant:');
  });
});

describe('the first instant of a local day', () => {
  it('is local midnight in the zone, across a DST change and west of UTC', () => {
    expect(startOfLocalDay('2026-03-10', 'America/Sao_Paulo')).toBe('2026-03-10T03:00:00.000Z');
    expect(startOfLocalDay('2026-03-10', 'America/Rio_Branco')).toBe('2026-03-10T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
  });
});
