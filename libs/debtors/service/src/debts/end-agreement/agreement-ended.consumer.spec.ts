import { agreementEndReason, leaveAgreementCommand } from './agreement-ended.consumer';
import type { DebtId } from '@collections/debtors-domain';

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

describe('the command an ended agreement gives each of its debts', () => {
  const scope = { agreementId: '0193a0e0-0000-7000-8000-00000000000a', debtorId: 'd', debtIds: ['x'] };
  const debtId = '0193a0e0-0000-7000-8000-00000000000b' as DebtId;

  it('settles the debt on the business date in Brazil a completed agreement ended (01:30 UTC is still the day before there)', () => {
    expect(leaveAgreementCommand({ ...scope, reason: 'completed', endedAt: '2026-03-21T01:30:00.000Z' }, debtId)).toMatchObject({ type: 'LeaveAgreement', fulfilledOn: '2026-03-20' });
  });

  it('only takes the debt out of a broken or cancelled agreement', () => {
    expect(leaveAgreementCommand({ ...scope, reason: 'broken', unpaidInstallment: 2, endedAt: '2026-03-21T12:00:00.000Z' }, debtId)).not.toHaveProperty('fulfilledOn');
    expect(leaveAgreementCommand({ ...scope, reason: 'cancelled', cancelledBy: 'debtor', endedAt: '2026-03-21T12:00:00.000Z' }, debtId)).not.toHaveProperty('fulfilledOn');
  });
});
