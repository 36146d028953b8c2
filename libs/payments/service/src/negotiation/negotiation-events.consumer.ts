import { Money, ValidationError, nameBasedUuid, parseIsoDate, type Clock } from '@collections/shared-kernel';
import type { EventMetadata, SqlEventStore } from '@collections/shared-event-store';
import { payloadOf, type IntegrationEvent, type IntegrationEventContract, type IntegrationEventHandler } from '@collections/shared-messaging';
import { PaymentsRuleViolation } from '@collections/payments-domain';
import type { PaymentsWriter } from '../shared/payments-writer';
import { openChargesOfAgreement } from '../charges/charge-index';
import { issueChargeNow } from '../charges/issue-charge/charge-issuing';
import { cancelChargeNow } from '../charges/cancel-charge/charge-cancelling';
import { agreementEndedContractV1, installmentChargeRequestedContractV1 } from './negotiation-events';

export interface NegotiationEventsDeps {
  readonly store: SqlEventStore;
  readonly writer: PaymentsWriter;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

const ACTOR = 'system:negotiation';

/** The envelope's ids as the events' metadata, and event ids derived from the integration event (a redelivery past the inbox appends nothing twice). */
function writeOf(event: IntegrationEvent, step: string) {
  let index = 0;
  const metadata: EventMetadata = { actor: ACTOR, correlationId: event.correlationId, causationId: event.eventId, ...(event.traceparent ? { traceparent: event.traceparent } : {}) };
  return { actor: ACTOR, metadata, nextEventId: () => nameBasedUuid('payments.reaction', event.eventId, step, String(index++)) };
}

/**
 * A rule of this context refusing what another context asked (no PIX settings for the
 * tenant, a paid charge to cancel, a date a boleto cannot carry) is logged and left: one
 * such event must not stop the consumer for every tenant.
 */
async function refusalLogged(deps: NegotiationEventsDeps, event: IntegrationEvent, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof PaymentsRuleViolation) && !(error instanceof ValidationError)) throw error;
    deps.log(`payments: ${event.type} ${event.eventId} not applied: ${error.message}`);
  }
}

/** Every negotiation event the payments context reacts to, with what it does. */
export function negotiationEventReactions(deps: NegotiationEventsDeps): readonly { readonly contract: IntegrationEventContract; readonly handle: IntegrationEventHandler }[] {
  return [
    {
      // an agreement's installment to charge: a PIX with a txid, and a boleto when the tenant has a bank agreement
      contract: installmentChargeRequestedContractV1,
      handle: async (event, transaction) => {
        const p = payloadOf(installmentChargeRequestedContractV1, event);
        await refusalLogged(deps, event, () =>
          issueChargeNow(
            deps,
            event.tenantId,
            {
              // one charge per installment: a redelivered or repeated request is the same charge
              chargeId: nameBasedUuid('payments.installment-charge', event.tenantId, p.agreementId.toLowerCase(), String(p.installment)),
              debtorId: p.debtorId.toLowerCase(),
              debtIds: p.debtIds.map((id) => id.toLowerCase()),
              agreementId: p.agreementId.toLowerCase(),
              installment: p.installment,
              amount: Money.parse(p.amount, 'amount', { allowZero: false }),
              dueDate: parseIsoDate(p.dueDate, 'dueDate'),
            },
            { ...writeOf(event, 'issue'), transaction },
          ),
        );
      },
    },
    {
      // a broken or cancelled agreement: its open charges are not to be paid any more
      contract: agreementEndedContractV1,
      handle: async (event, transaction) => {
        const p = payloadOf(agreementEndedContractV1, event);
        if (p.reason === 'completed') return;
        const reason = p.reason === 'broken' ? 'agreement_broken' : 'agreement_cancelled';
        for (const charge of await openChargesOfAgreement(transaction, event.tenantId, p.agreementId.toLowerCase())) {
          await refusalLogged(deps, event, () => cancelChargeNow(deps, event.tenantId, charge.chargeId, reason, { ...writeOf(event, `cancel-${charge.chargeId}`), transaction }));
        }
      },
    },
  ];
}
