import { ValidationError } from '@collections/shared-kernel';
import { parseContactProfile } from './contact-profile';
import { evaluateContact, type ContactRequest } from './evaluate-contact';
import { DEFAULT_FREQUENCY_CAPS, type ContactAttempt } from './frequency-caps';

const SP = parseContactProfile({ country: 'BR', state: 'SP' });
const NEW_YORK = parseContactProfile({ country: 'US', timeZone: 'America/New_York' });
const DEBT = 'debt-1';
// Wednesday 4 March 2026, 10:00 in São Paulo (UTC-3); 08:00 in New York is 13:00 UTC (EST).
const WEDNESDAY_10H_SP = '2026-03-04T13:00:00.000Z';

const request = (overrides: Partial<ContactRequest> = {}): ContactRequest => ({
  at: WEDNESDAY_10H_SP,
  profile: SP,
  channel: 'sms',
  debtId: DEBT,
  history: [],
  contactPoint: { optedOut: false, consent: 'granted' },
  ...overrides,
});

const attempt = (at: string, channel: ContactAttempt['channel'] = 'sms', extra: Partial<ContactAttempt> = {}): ContactAttempt => ({ at, channel, debtId: DEBT, conversation: false, ...extra });

describe('evaluateContact', () => {
  describe('given a debtor who can be reached', () => {
    it('allows a message inside contact hours with nothing sent this week', () => {
      expect(evaluateContact(request())).toEqual({ kind: 'allowed' });
    });

    it('defers a message outside contact hours to the next window, citing the law', () => {
      expect(evaluateContact(request({ at: '2026-03-04T23:30:00.000Z' }))).toEqual({
        kind: 'deferred',
        until: '2026-03-05T11:00:00.000Z',
        rule: { code: 'OUTSIDE_CONTACT_HOURS', article: 'Lei estadual SP 15.426/2014', detail: expect.stringContaining('Wed 2026-03-04 20:30:00 in America/Sao_Paulo') },
      });
    });

    it('applies contact hours to e-mail and letters too (the conservative reading)', () => {
      for (const channel of ['email', 'letter'] as const) {
        expect(evaluateContact(request({ channel, at: '2026-03-08T15:00:00.000Z' }))).toMatchObject({ kind: 'deferred', until: '2026-03-09T11:00:00.000Z', rule: { code: 'SUNDAY' } });
      }
    });
  });

  describe('given a debtor who opted out or never consented', () => {
    it('blocks, with no deferral, when the debtor opted out of the channel', () => {
      expect(evaluateContact(request({ contactPoint: { optedOut: true, consent: 'granted' } }))).toEqual({
        kind: 'blocked',
        rule: { code: 'OPTED_OUT', article: 'LGPD art. 18 §2 (oposição)', detail: 'the debtor opted out of sms' },
      });
    });

    it('blocks without consent on the contact point, even inside contact hours', () => {
      expect(evaluateContact(request({ contactPoint: { optedOut: false, consent: 'not_granted' } }))).toMatchObject({ kind: 'blocked', rule: { code: 'NO_CONSENT', article: 'LGPD art. 7' } });
    });

    it('blocks an opted-out debtor even at an hour that would only defer', () => {
      expect(evaluateContact(request({ at: '2026-03-08T15:00:00.000Z', contactPoint: { optedOut: true, consent: 'granted' } }))).toMatchObject({ kind: 'blocked', rule: { code: 'OPTED_OUT' } });
    });
  });

  describe('given the attempts of the last seven days', () => {
    const threeSms = [attempt('2026-02-26T14:00:00.000Z'), attempt('2026-03-02T12:00:00.000Z'), attempt('2026-03-03T12:00:00.000Z')];

    it('defers the fourth SMS of a week until the oldest leaves the window (default cap: 3 per channel)', () => {
      expect(DEFAULT_FREQUENCY_CAPS.perChannel.sms).toBe(3);
      expect(evaluateContact(request({ history: threeSms }))).toMatchObject({
        kind: 'deferred',
        until: '2026-03-05T14:00:00.000Z',
        rule: { code: 'FREQUENCY_CAP', article: 'CDC art. 42 (frequency set by creditor policy)' },
      });
    });

    it('counts each channel on its own: three SMS do not hold back an e-mail', () => {
      expect(evaluateContact(request({ channel: 'email', history: threeSms }))).toEqual({ kind: 'allowed' });
    });

    it('moves a cap deferral that ends at night into the next window (hours and caps together)', () => {
      const lateOldest = [attempt('2026-02-26T22:30:00.000Z'), ...threeSms.slice(1)];
      // the oldest leaves at Thursday 19:30 São Paulo: still inside; one at 20:30 would not be
      expect(evaluateContact(request({ history: lateOldest }))).toMatchObject({ kind: 'deferred', until: '2026-03-05T22:30:00.000Z' });
      const tooLate = [attempt('2026-02-26T23:30:00.000Z'), ...threeSms.slice(1)];
      expect(evaluateContact(request({ history: tooLate }))).toMatchObject({ kind: 'deferred', until: '2026-03-06T11:00:00.000Z', rule: { code: 'FREQUENCY_CAP' } });
    });

    it('names the hours rule first when both hours and a cap forbid, and waits for both', () => {
      const decision = evaluateContact(request({ at: '2026-03-04T23:30:00.000Z', history: [...threeSms.slice(1), attempt('2026-02-26T14:00:00.000Z')] }));
      expect(decision).toMatchObject({ kind: 'deferred', until: '2026-03-05T14:00:00.000Z', rule: { code: 'OUTSIDE_CONTACT_HOURS' } });
    });

    it('takes the creditor’s own caps, and refuses a cap that is not a positive whole number', () => {
      const caps = { windowDays: 7, perChannel: { ...DEFAULT_FREQUENCY_CAPS.perChannel, sms: 5 } };
      expect(evaluateContact(request({ history: threeSms, caps }))).toEqual({ kind: 'allowed' });
      const broken = { windowDays: 7, perChannel: { ...DEFAULT_FREQUENCY_CAPS.perChannel, sms: 0 } };
      expect(() => evaluateContact(request({ caps: broken }))).toThrow(ValidationError);
      expect(() => evaluateContact(request({ caps: broken }))).toThrow('caps.perChannel.sms:');
    });

    it('ignores attempts recorded after the instant asked about', () => {
      expect(evaluateContact(request({ history: [...threeSms.slice(0, 2), attempt('2026-03-05T12:00:00.000Z')] }))).toEqual({ kind: 'allowed' });
    });
  });

  describe('given a US debtor and Regulation F', () => {
    const us = (overrides: Partial<ContactRequest>): ContactRequest =>
      request({ profile: NEW_YORK, channel: 'voice', caps: { windowDays: 7, perChannel: { ...DEFAULT_FREQUENCY_CAPS.perChannel, voice: 20 } }, ...overrides });
    // seven calls, one a day at 10:00 EST (15:00 UTC), 25 Feb to 3 Mar 2026
    const sevenCalls = Array.from({ length: 7 }, (_, i) => attempt(new Date(Date.UTC(2026, 1, 25 + i, 15)).toISOString(), 'voice'));

    it('defers the eighth call about a debt in seven days until the oldest is seven days old', () => {
      expect(evaluateContact(us({ at: '2026-03-03T20:00:00.000Z', history: sevenCalls }))).toMatchObject({
        kind: 'deferred',
        until: '2026-03-04T15:00:00.000Z',
        rule: { code: 'REG_F_CALL_CAP', article: '12 CFR 1006.14(b)(2)(i)(A)' },
      });
    });

    it('counts calls per debt: seven calls about one debt do not hold back a call about another', () => {
      expect(evaluateContact(us({ at: '2026-03-03T20:00:00.000Z', debtId: 'debt-2', history: sevenCalls }))).toEqual({ kind: 'allowed' });
    });

    it('allows no call for seven days after a telephone conversation about the debt', () => {
      const talked = [attempt('2026-03-02T15:00:00.000Z', 'voice', { conversation: true })];
      expect(evaluateContact(us({ at: '2026-03-04T15:00:00.000Z', history: talked }))).toMatchObject({
        kind: 'deferred',
        until: '2026-03-09T15:00:00.000Z',
        rule: { code: 'REG_F_AFTER_CONVERSATION', article: '12 CFR 1006.14(b)(2)(i)(B)' },
      });
      expect(evaluateContact(us({ at: '2026-03-04T15:00:00.000Z', history: talked, channel: 'email' }))).toEqual({ kind: 'allowed' });
    });

    it('does not apply Regulation F to a Brazilian debtor: eight calls a week only meet the creditor’s cap', () => {
      const caps = { windowDays: 7, perChannel: { ...DEFAULT_FREQUENCY_CAPS.perChannel, voice: 20 } };
      expect(evaluateContact(request({ channel: 'voice', caps, at: '2026-03-03T20:00:00.000Z', history: sevenCalls }))).toEqual({ kind: 'allowed' });
    });

    it('defers a call after a conversation to the morning of the eighth local day, across a DST change', () => {
      // conversation Saturday 31 Oct 2026 00:30 EDT (the date is day one); clocks fall back on 1 Nov
      const talked = [attempt('2026-10-31T04:30:00.000Z', 'voice', { conversation: true })];
      expect(evaluateContact(us({ at: '2026-11-06T23:00:00.000Z', history: talked }))).toMatchObject({
        kind: 'deferred',
        until: '2026-11-07T13:00:00.000Z',
        rule: { code: 'REG_F_AFTER_CONVERSATION' },
      });
    });
  });

  it('refuses an attempt whose instant is not one, naming it', () => {
    expect(() => evaluateContact(request({ history: [attempt('yesterday')] }))).toThrow('history[0].at:');
  });
});
