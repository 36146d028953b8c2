import { callCounts, channelCost, isRightPartyContact, legalSla, rate } from './kpi.rules';

describe('the KPI rules', () => {
  it.each([
    ['right-party-contact', true],
    ['promise-to-pay', true],
    ['refused', true],
    ['dispute-raised', true],
    ['callback-requested', true],
    ['wrong-party', false],
    ['no-answer', false],
    ['busy', false],
    ['voicemail', false],
    ['deceased-reported', false],
    ['bankruptcy-reported', false],
    ['something-new', false],
  ])('counts a call with outcome %s as a right-party contact: %s', (outcome, expected) => {
    expect(isRightPartyContact(outcome)).toBe(expected);
  });

  it('counts calls by outcome, every known outcome present, and the right-party contact rate', () => {
    const counts = callCounts([
      { outcome: 'promise-to-pay', count: 1 },
      { outcome: 'no-answer', count: 2 },
      { outcome: 'refused', count: 1 },
      { outcome: 'odd', count: 1 },
    ]);
    expect(counts).toMatchObject({ completed: 5, rightPartyContacts: 2, rightPartyContactRate: 0.4 });
    expect(counts.byOutcome).toMatchObject({ 'promise-to-pay': 1, 'no-answer': 2, refused: 1, odd: 1, busy: 0, 'right-party-contact': 0 });
    expect(callCounts([])).toMatchObject({ completed: 0, rightPartyContacts: 0, rightPartyContactRate: null });
  });

  describe('the legal removal SLA', () => {
    const period = { from: '2026-03-01', to: '2026-03-31' };
    it('classifies removals: requested, confirmed in time or late in the period, pending due or overdue as of the end', () => {
      const sla = legalSla(
        period,
        [
          // confirmed on its SLA day: within
          { requestedOn: '2026-03-02', slaDueOn: '2026-03-09', confirmedOn: '2026-03-09' },
          // confirmed the day after: late
          { requestedOn: '2026-03-02', slaDueOn: '2026-03-09', confirmedOn: '2026-03-10' },
          // requested before the period, confirmed in it in time: not requested in the period, within
          { requestedOn: '2026-02-25', slaDueOn: '2026-03-04', confirmedOn: '2026-03-03' },
          // not confirmed, SLA day is the end of the period: due
          { requestedOn: '2026-03-24', slaDueOn: '2026-03-31', confirmedOn: null },
          // confirmed after the end of the period: pending as of the end, SLA passed: overdue
          { requestedOn: '2026-03-16', slaDueOn: '2026-03-23', confirmedOn: '2026-04-02' },
          // requested after the period: nothing
          { requestedOn: '2026-04-01', slaDueOn: '2026-04-08', confirmedOn: null },
          // confirmed before the period: nothing
          { requestedOn: '2026-02-01', slaDueOn: '2026-02-06', confirmedOn: '2026-02-05' },
        ],
        1,
      );
      expect(sla).toEqual({ from: '2026-03-01', to: '2026-03-31', requested: 4, confirmedWithinSla: 2, confirmedLate: 1, pendingDue: 1, pendingOverdue: 1, breaches: 1, withinSlaRate: 0.6667 });
    });
    it('has no rate when nothing was confirmed in the period', () => {
      expect(legalSla(period, [], 0).withinSlaRate).toBeNull();
    });
  });

  it("costs a channel's attempts and the centavos spent per real recovered", () => {
    expect(channelCost('sms', 15, 4, 100_000)).toEqual({ channel: 'sms', centavosPerAttempt: 15, attempts: 4, cost: 60, recovered: 100_000, costPerRecoveredReal: 0.06 });
    expect(channelCost('email', 5, 3, 0).costPerRecoveredReal).toBeNull();
    expect(channelCost('email', 5, 3, -100).costPerRecoveredReal).toBeNull();
  });

  it('rounds rates to 4 decimals and has none over 0', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(1, 0)).toBeNull();
  });
});
