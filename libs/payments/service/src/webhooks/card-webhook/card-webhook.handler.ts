import { loadAggregate } from '@collections/shared-event-store';
import { done } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { chargeStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { chargeAggregate } from '../../shared/payments-writer';
import { refusalOf } from '../../shared/refusals';
import { receivePayment, reversePayment } from '../../payments/payment-intake';
import type { CardGatewayEvent } from './card-webhook.request';

export interface CardEventResult {
  readonly eventId: string;
  readonly paymentId: string;
  readonly status: 'allocated' | 'parked' | 'reversed' | 'repeated';
}

/**
 * A capture is a payment `card-<gateway id>` on the charge the gateway names (parked when
 * no such charge is this tenant's); a refund or chargeback reverses it, exactly as a
 * reversal by API does. A repeated event changes nothing.
 */
export class CardWebhookHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  async execute(tenantId: string, event: CardGatewayEvent): Promise<Outcome<CardEventResult>> {
    const actor = 'system:card-webhook';
    try {
      if (event.kind === 'captured') {
        const known = event.chargeId ? (await loadAggregate(this.deps.store, chargeAggregate.decider, chargeAggregate.codec, chargeStream(event.chargeId), { tenantId })).state.status !== 'none' : false;
        const { state, repeated } = await receivePayment(
          this.deps,
          tenantId,
          { paymentId: event.paymentId, amount: event.amount, paidOn: event.on, method: 'card', reference: event.gatewayPaymentId, chargeId: known ? event.chargeId : null },
          actor,
          { actor, causationId: event.eventId },
        );
        return done({ eventId: event.eventId, paymentId: event.paymentId, status: repeated ? 'repeated' : state.status === 'parked' ? 'parked' : 'allocated' });
      }
      const kind = event.kind === 'chargeback' ? 'chargeback' : 'reversal';
      const { repeated } = await reversePayment(this.deps, tenantId, { paymentId: event.paymentId, kind, reversedOn: event.on, reason: event.reason ?? `card ${event.kind}` }, actor, { actor, causationId: event.eventId });
      return done({ eventId: event.eventId, paymentId: event.paymentId, status: repeated ? 'repeated' : 'reversed' });
    } catch (error) {
      return refusalOf(error);
    }
  }
}
