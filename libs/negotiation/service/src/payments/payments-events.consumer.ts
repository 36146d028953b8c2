import { DomainRuleViolation, Money, ValidationError, nameBasedUuid, type Clock } from '@collections/shared-kernel';
import type { SqlEventStore } from '@collections/shared-event-store';
import { StreamTenantMismatchError } from '@collections/shared-event-store';
import { payloadOf, type IntegrationEventContract, type IntegrationEventHandler } from '@collections/shared-messaging';
import { agreementAggregate, type NegotiationWriter } from '../shared/negotiation-writer';
import { agreementStream } from '../shared/ids';
import { scheduleAgreement } from '../deadlines/negotiation-deadlines';
import { chargeIssuedContractV1, paymentReceivedContractV1 } from './payments-events';

export interface PaymentsEventsDeps {
  readonly store: SqlEventStore;
  readonly writer: NegotiationWriter;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

const SYSTEM = 'system:payments';

/** Every payments event the negotiation context reacts to, with what it does (in the inbox's transaction). */
export function paymentsEventReactions(deps: PaymentsEventsDeps): readonly { readonly contract: IntegrationEventContract; readonly handle: IntegrationEventHandler }[] {
  return [
    {
      // the installment's PIX copia-e-cola and boleto line, shown with the agreement
      contract: chargeIssuedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(chargeIssuedContractV1, event);
        if (d.agreementId === undefined || d.installment === undefined) return;
        await tx.query(
          `INSERT INTO negotiation_installment_charges (tenant_id, agreement_id, installment, charge_id, txid, pix_copy_paste, boleto_line, amount, due_date, issued_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (tenant_id, agreement_id, installment) DO UPDATE SET charge_id = EXCLUDED.charge_id, txid = EXCLUDED.txid, pix_copy_paste = EXCLUDED.pix_copy_paste,
             boleto_line = EXCLUDED.boleto_line, amount = EXCLUDED.amount, due_date = EXCLUDED.due_date, issued_at = EXCLUDED.issued_at
           WHERE negotiation_installment_charges.issued_at <= EXCLUDED.issued_at`,
          [event.tenantId, d.agreementId, d.installment, d.chargeId, d.txid, d.pixCopyPaste, d.boletoLine ?? null, d.amount.amount, d.dueDate, d.issuedAt],
        );
      },
    },
    {
      // a payment for an agreement, applied through the agreement decider (idempotent by paymentId)
      contract: paymentReceivedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(paymentReceivedContractV1, event);
        if (d.agreementId === undefined) return;
        let index = 0;
        try {
          const written = await deps.writer.apply(
            agreementAggregate,
            agreementStream(d.agreementId),
            { type: 'RecordAgreementPayment', agreementId: d.agreementId, paymentId: d.paymentId, amount: Money.parse(d.amount, 'amount'), paidOn: d.paidOn, now: deps.clock.now().toISOString(), actor: SYSTEM },
            {
              tenantId: event.tenantId,
              transaction: tx,
              metadata: { actor: SYSTEM, correlationId: event.correlationId, causationId: event.eventId, ...(event.traceparent ? { traceparent: event.traceparent } : {}) },
              // a redelivery past the inbox appends the same ids, which the store answers as already applied
              nextEventId: () => nameBasedUuid('negotiation.payment', event.eventId, String(index++)),
            },
          );
          await scheduleAgreement(tx, event.tenantId, d.agreementId, written.state);
        } catch (error) {
          // an agreement this tenant does not have, a payment dated after today: logged and left, never retried forever
          if (!(error instanceof DomainRuleViolation) && !(error instanceof StreamTenantMismatchError) && !(error instanceof ValidationError)) throw error;
          deps.log(`negotiation: PaymentReceived ${event.eventId} not applied to agreement ${d.agreementId}: ${(error as Error).message}`);
        }
      },
    },
  ];
}
