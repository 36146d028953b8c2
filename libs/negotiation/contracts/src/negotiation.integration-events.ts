import { z } from 'zod';
import { integrationEventContracts, topicFor, type IntegrationEventContract } from '@collections/shared-contracts';

/**
 * What the negotiation context publishes on `collections.negotiation.events.v1`, defined
 * before the negotiation service exists so that its consumers (debtors first) are built
 * against the contract, not against a guess. Published from the agreement's stream
 * (`agreement-<agreementId>`), so an agreement's events stay in order on one partition.
 * A breaking change is a new schemaVersion published beside the old one, never an edit.
 */
export const NEGOTIATION_CONTEXT = 'negotiation';
export const NEGOTIATION_TOPIC = topicFor(NEGOTIATION_CONTEXT);

const instant = z.iso.datetime();
/** The debts an agreement (acordo) governs: all of one debtor's, at least one. */
const agreementScope = {
  agreementId: z.uuid(),
  debtorId: z.uuid(),
  debtIds: z.array(z.uuid()).min(1).max(200),
};

export const agreementEnteredV1 = z.object({ ...agreementScope, enteredAt: instant });

/**
 * Why an agreement ended, with what each reason needs: `broken` names the installment
 * left unpaid past tolerance; `cancelled` says who cancelled; `completed` means every
 * installment was paid (the payments themselves arrive as payments events).
 */
export const agreementEndedV1 = z.discriminatedUnion('reason', [
  z.object({ ...agreementScope, endedAt: instant, reason: z.literal('broken'), unpaidInstallment: z.number().int().positive() }),
  z.object({ ...agreementScope, endedAt: instant, reason: z.literal('completed') }),
  z.object({ ...agreementScope, endedAt: instant, reason: z.literal('cancelled'), cancelledBy: z.enum(['debtor', 'creditor']) }),
]);

export type AgreementEnteredV1 = z.output<typeof agreementEnteredV1>;
export type AgreementEndedV1 = z.output<typeof agreementEndedV1>;
export type AgreementEndReason = AgreementEndedV1['reason'];

/**
 * The negotiation domain events these are published from. Until the negotiation
 * service defines its own, they are taken to carry the public fields as they are;
 * that service replaces this union with its domain event types, and tsc then checks
 * each mapping against them.
 */
export type NegotiationSourceEvent =
  | { readonly type: 'AgreementEntered'; readonly data: z.input<typeof agreementEnteredV1> }
  | { readonly type: 'AgreementEnded'; readonly data: z.input<typeof agreementEndedV1> };

const contract = integrationEventContracts<NegotiationSourceEvent>(NEGOTIATION_CONTEXT);

export const agreementEnteredContractV1 = contract({
  type: 'AgreementEntered',
  schemaVersion: 1,
  schema: agreementEnteredV1,
  sourceEventType: 'AgreementEntered',
  toPayload: ({ data }) => data,
});

export const agreementEndedContractV1 = contract({
  type: 'AgreementEnded',
  schemaVersion: 1,
  schema: agreementEndedV1,
  sourceEventType: 'AgreementEnded',
  toPayload: ({ data }) => data,
});

export const NEGOTIATION_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [agreementEnteredContractV1, agreementEndedContractV1];
