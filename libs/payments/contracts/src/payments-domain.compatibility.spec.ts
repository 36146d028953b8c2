import { ContractRegistry } from '@collections/shared-contracts';
import { Money, fold } from '@collections/shared-kernel';
import { chargeDecider, paymentDecider, type ChargeCommand, type ChargeEvent, type PaymentCommand, type PaymentEvent, type PaymentTarget } from '@collections/payments-domain';
import { PAYMENTS_INTEGRATION_EVENTS } from './payments.integration-events';

// The payments domain events, as the deciders produce them, must map onto v1 payloads that
// parse: what debtors and negotiation consume is checked against what payments writes.
const registry = new ContractRegistry(PAYMENTS_INTEGRATION_EVENTS);
const NOW = '2026-04-05T15:00:00.000Z';
const uuid = (n: number) => `0192f6a0-0000-7000-8000-${String(n).padStart(12, '0')}`;
const brl = (amount: number) => Money.of(amount);

function published(events: readonly (ChargeEvent | PaymentEvent)[]) {
  return events.flatMap((event) =>
    registry.forDomainEvent(event.type).map((contract) => {
      const payload = contract.toPayload({ ...event, streamId: 'x-1', tenantId: 'banco-azul' });
      return { type: contract.type, payload: registry.validate(contract.type, contract.schemaVersion, payload) };
    }),
  );
}
const runCharge = (...commands: ChargeCommand[]) => commands.reduce<ChargeEvent[]>((events, c) => [...events, ...chargeDecider.decide(c, fold(chargeDecider, events))], []);
const runPayment = (...commands: PaymentCommand[]) => commands.reduce<PaymentEvent[]>((events, c) => [...events, ...paymentDecider.decide(c, fold(paymentDecider, events))], []);

describe('payments domain events published as v1', () => {
  it.each([
    ['a single debt (no agreement, no boleto)', { agreementId: null, installment: null, boleto: null }],
    ['an agreement installment with a boleto', { agreementId: uuid(9), installment: 3, boleto: { bankCode: '001', nossoNumero: '12345670000000001', barcode: '0'.repeat(44), line: '1'.repeat(47) } }],
  ])('a charge for %s issued then cancelled', (_label, scope) => {
    const events = runCharge(
      { type: 'IssueCharge', chargeId: uuid(1), debtorId: uuid(2), debtIds: [uuid(3)], ...scope, amount: brl(10_000), dueDate: '2026-04-10', txid: '0192f6a0000070008000000000000001', pixCopyPaste: '00020101021226...', now: NOW, actor: 'a' },
      { type: 'CancelCharge', chargeId: uuid(1), reason: 'agreement_broken', now: NOW, actor: 'a' },
    );
    const out = published(events);
    expect(out.map((p) => p.type)).toEqual(['ChargeIssued', 'ChargeCancelled']);
    expect(out[0]?.payload).toMatchObject(scope.boleto ? { boletoLine: scope.boleto.line, agreementId: uuid(9), installment: 3 } : {});
    expect(out[0]?.payload).not.toHaveProperty(scope.boleto ? 'nothing' : 'boletoLine');
  });

  it('a payment on an agreement installment received, allocated to two debts with a credit, then reversed', () => {
    const target: PaymentTarget = {
      chargeId: uuid(1),
      debtorId: uuid(2),
      agreementId: uuid(9),
      installment: 1,
      debts: [
        { debtId: uuid(3), dueDate: '2026-01-10', owed: brl(3_000) },
        { debtId: uuid(4), dueDate: '2026-02-10', owed: brl(3_000) },
      ],
    };
    const out = published(
      runPayment(
        { type: 'ReceivePayment', paymentId: 'pix-E0000000020260405150000abcdef', amount: brl(7_000), paidOn: '2026-04-05', method: 'pix', reference: 't', target, now: NOW, actor: 'a' },
        { type: 'ReversePayment', paymentId: 'pix-E0000000020260405150000abcdef', kind: 'chargeback', reversedOn: '2026-04-05', reason: 'MED', now: NOW, actor: 'a' },
      ),
    );
    expect(out.map((p) => p.type)).toEqual(['PaymentReceived', 'PaymentAllocated', 'PaymentAllocated', 'CreditCreated', 'PaymentReversed']);
    expect(out[1]?.payload).toEqual({ paymentId: 'pix-E0000000020260405150000abcdef', debtId: uuid(3), amount: brl(3_000), paidOn: '2026-04-05', allocatedAt: NOW, agreementId: uuid(9), installment: 1 });
  });

  it('a parked payment publishes nothing; matched to an agreement installment, it publishes PaymentReceived with the agreement, then its allocation', () => {
    const parked = runPayment({ type: 'ReceivePayment', paymentId: 'ted-1', amount: brl(500), paidOn: '2026-04-05', method: 'ted', reference: null, target: null, now: NOW, actor: 'a' });
    expect(published(parked)).toEqual([]);
    const later = '2026-04-06T12:00:00.000Z';
    const target: PaymentTarget = { chargeId: uuid(1), debtorId: uuid(2), agreementId: uuid(9), installment: 2, debts: [{ debtId: uuid(3), dueDate: '2026-01-10', owed: brl(10_000) }] };
    const matched = [...parked, ...paymentDecider.decide({ type: 'MatchPayment', paymentId: 'ted-1', target, now: later, actor: 'clerk' }, fold(paymentDecider, parked))];
    expect(published(matched)).toEqual([
      { type: 'PaymentReceived', payload: { paymentId: 'ted-1', chargeId: uuid(1), debtorId: uuid(2), agreementId: uuid(9), installment: 2, amount: brl(500), paidOn: '2026-04-05', method: 'ted', receivedAt: NOW } },
      { type: 'PaymentAllocated', payload: { paymentId: 'ted-1', debtId: uuid(3), amount: brl(500), paidOn: '2026-04-05', allocatedAt: later, agreementId: uuid(9), installment: 2 } },
    ]);
  });
});
