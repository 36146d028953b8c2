import { Money } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { PaymentsRuleViolation } from '../payments-rule-code';
import type { IssueCharge } from './charge.commands';
import { chargeDecider } from './charge.decider';
import type { ChargeEvent } from './charge.events';

const spec = DeciderSpecification.for(chargeDecider);
const brl = (centavos: number) => Money.of(centavos);
const CHARGE = '01900000-0000-7000-8000-00000000c001';
const AGREEMENT = '01900000-0000-7000-8000-00000000e001';
const DEBTOR = '01900000-0000-7000-8000-00000000a001';
const DEBTS = ['01900000-0000-7000-8000-00000000d001', '01900000-0000-7000-8000-00000000d002'];

const issueCommand: IssueCharge = {
  type: 'IssueCharge',
  chargeId: CHARGE,
  debtorId: DEBTOR,
  debtIds: DEBTS,
  agreementId: AGREEMENT,
  installment: 2,
  amount: brl(10_000),
  dueDate: '2026-04-10',
  txid: '0190000000007000800000000000c001',
  pixCopyPaste: '000201...',
  boleto: null,
  now: '2026-03-01T12:00:00.000Z',
  actor: 'system:negotiation',
};
const issued: ChargeEvent = {
  type: 'ChargeIssued',
  data: { chargeId: CHARGE, debtorId: DEBTOR, debtIds: DEBTS, agreementId: AGREEMENT, installment: 2, amount: brl(10_000), dueDate: '2026-04-10', txid: issueCommand.txid, pixCopyPaste: '000201...', boleto: null, issuedAt: issueCommand.now, issuedBy: 'system:negotiation' },
};
const paid = (paymentId: string, amount: number, paidInFull: boolean): ChargeEvent => ({
  type: 'ChargePaid',
  data: { chargeId: CHARGE, paymentId, amount: brl(amount), paidOn: '2026-04-05', paidInFull, paidAt: '2026-04-05T15:00:00.000Z' },
});
const pay = (paymentId: string, amount: number) => ({ type: 'RecordChargePayment' as const, chargeId: CHARGE, paymentId, amount: brl(amount), paidOn: '2026-04-05', now: '2026-04-05T15:00:00.000Z' });

describe('charge decider', () => {
  it('issues a charge for an agreement installment with its PIX', () => {
    spec.given([]).when(issueCommand).then([issued]);
  });

  it('treats the same charge requested again as nothing new (a redelivered installment request)', () => {
    spec.given([issued]).when(issueCommand).thenNothingHappens();
  });

  it('refuses the same charge id with other terms', () => {
    spec.given([issued]).when({ ...issueCommand, amount: brl(10_001) }).thenThrows(PaymentsRuleViolation, /CHARGE_ALREADY_ISSUED/);
  });

  it('records a partial payment, then the one that pays it in full', () => {
    spec.given([issued]).when(pay('pix-1', 4_000)).then([paid('pix-1', 4_000, false)]);
    spec.given([issued, paid('pix-1', 4_000, false)]).when(pay('pix-2', 6_000)).then([paid('pix-2', 6_000, true)]);
  });

  it('records the same payment once', () => {
    spec.given([issued, paid('pix-1', 10_000, true)]).when(pay('pix-1', 10_000)).thenNothingHappens();
  });

  it('records a payment on a cancelled charge: the money arrived and is allocated anyway', () => {
    const cancelled: ChargeEvent = { type: 'ChargeCancelled', data: { chargeId: CHARGE, debtorId: DEBTOR, agreementId: AGREEMENT, installment: 2, reason: 'agreement_broken', cancelledAt: '2026-04-01T00:00:00.000Z', cancelledBy: 'system:negotiation' } };
    spec.given([issued, cancelled]).when(pay('pix-1', 10_000)).then([paid('pix-1', 10_000, true)]);
  });

  it('refuses to cancel a paid charge', () => {
    spec.given([issued, paid('pix-1', 10_000, true)]).when({ type: 'CancelCharge', chargeId: CHARGE, reason: 'requested', now: '2026-04-06T00:00:00.000Z', actor: 'u' }).thenThrows(PaymentsRuleViolation, /CHARGE_ALREADY_PAID/);
  });

  it('cancels an open charge once, saying why', () => {
    const cancel = { type: 'CancelCharge' as const, chargeId: CHARGE, reason: 'agreement_cancelled' as const, now: '2026-04-06T00:00:00.000Z', actor: 'system:negotiation' };
    const cancelled: ChargeEvent = { type: 'ChargeCancelled', data: { chargeId: CHARGE, debtorId: DEBTOR, agreementId: AGREEMENT, installment: 2, reason: 'agreement_cancelled', cancelledAt: cancel.now, cancelledBy: 'system:negotiation' } };
    spec.given([issued]).when(cancel).then([cancelled]);
    spec.given([issued, cancelled]).when(cancel).thenNothingHappens();
  });

  it('reopens a paid charge when its payment is reversed', () => {
    const history = [issued, paid('pix-1', 10_000, true)];
    spec.given(history).when({ type: 'ReverseChargePayment', chargeId: CHARGE, paymentId: 'pix-1', now: '2026-04-07T00:00:00.000Z' }).then([
      { type: 'ChargePaymentReversed', data: { chargeId: CHARGE, paymentId: 'pix-1', amount: brl(10_000), reversedAt: '2026-04-07T00:00:00.000Z' } },
    ]);
    const reversed: ChargeEvent = { type: 'ChargePaymentReversed', data: { chargeId: CHARGE, paymentId: 'pix-1', amount: brl(10_000), reversedAt: '2026-04-07T00:00:00.000Z' } };
    expect([...history, reversed].reduce(chargeDecider.evolve, chargeDecider.initialState()).status).toBe('open');
  });

  it('expires an open charge only once its due date and grace days have passed in Brazil', () => {
    const expire = (today: string, now: string) => ({ type: 'ExpireCharge' as const, chargeId: CHARGE, today, graceDays: 5, now });
    // 2026-04-16 01:00 UTC is still the 15th in São Paulo: the last day of grace
    spec.given([issued]).when(expire('2026-04-15', '2026-04-16T01:00:00.000Z')).thenThrows(PaymentsRuleViolation, /CHARGE_NOT_DUE/);
    spec.given([issued]).when(expire('2026-04-16', '2026-04-16T03:00:00.000Z')).then([
      { type: 'ChargeExpired', data: { chargeId: CHARGE, dueDate: '2026-04-10', expiredAt: '2026-04-16T03:00:00.000Z' } },
    ]);
    spec.given([issued, paid('pix-1', 10_000, true)]).when(expire('2026-05-01', '2026-05-01T12:00:00.000Z')).thenNothingHappens();
  });

  it('knows no payment on a charge never issued', () => {
    spec.given([]).when(pay('pix-1', 1)).thenThrows(PaymentsRuleViolation, /CHARGE_NOT_FOUND/);
  });
});
