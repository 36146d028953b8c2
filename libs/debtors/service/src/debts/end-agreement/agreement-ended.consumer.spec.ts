import { agreementEndReason } from './agreement-ended.consumer';

describe('the reason an agreement ended, as kept on the debt', () => {
  const scope = { agreementId: 'a', debtorId: 'd', debtIds: ['x'], endedAt: '2026-03-01T12:00:00.000Z' };

  it.each([
    [{ ...scope, reason: 'broken' as const, unpaidInstallment: 4 }, 'broken: installment 4 unpaid past tolerance'],
    [{ ...scope, reason: 'completed' as const }, 'completed: every installment paid'],
    [{ ...scope, reason: 'cancelled' as const, cancelledBy: 'creditor' as const }, 'cancelled by the creditor'],
  ])('%o -> %s', (ended, reason) => {
    expect(agreementEndReason(ended)).toBe(reason);
  });
});
