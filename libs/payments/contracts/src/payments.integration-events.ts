import { z } from 'zod';
import { integrationEventContracts, topicFor, type IntegrationEventContract } from '@collections/shared-contracts';

/**
 * What the payments context publishes on `collections.payments.events.v1`, defined
 * before the payments service exists so that its consumers (debtors first) are built
 * against the contract. Published from the payment's stream (`payment-<paymentId>`).
 * A breaking change is a new schemaVersion published beside the old one, never an edit.
 */
export const PAYMENTS_CONTEXT = 'payments';
export const PAYMENTS_TOPIC = topicFor(PAYMENTS_CONTEXT);

/** Integer centavos (never floats) and an ISO 4217 code. */
const money = z.object({ amount: z.number().int().positive(), currency: z.string().regex(/^[A-Z]{3}$/) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * A received payment (or the part of it) applied to one debt: one event per payment and
 * debt, so `paymentId` is the idempotency key on the debt. How the amount splits into
 * interest, late fee and principal is the debt's own rule (debtors allocates it), so no
 * split travels here: two sources of truth for it would drift.
 */
export const paymentAllocatedV1 = z.object({
  paymentId: z.string().min(1).max(100),
  debtId: z.uuid(),
  amount: money,
  /** The business date the money was paid (Brazil's calendar). */
  paidOn: isoDate,
  allocatedAt: z.iso.datetime(),
});

export type PaymentAllocatedV1 = z.output<typeof paymentAllocatedV1>;

/**
 * The payments domain event this is published from. Until the payments service defines
 * its own, it is taken to carry the public fields as they are; that service replaces
 * this type with its domain event, and tsc then checks the mapping against it.
 */
export type PaymentsSourceEvent = { readonly type: 'PaymentAllocated'; readonly data: z.input<typeof paymentAllocatedV1> };

const contract = integrationEventContracts<PaymentsSourceEvent>(PAYMENTS_CONTEXT);

export const paymentAllocatedContractV1 = contract({
  type: 'PaymentAllocated',
  schemaVersion: 1,
  schema: paymentAllocatedV1,
  sourceEventType: 'PaymentAllocated',
  toPayload: ({ data }) => data,
});

export const PAYMENTS_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [paymentAllocatedContractV1];
