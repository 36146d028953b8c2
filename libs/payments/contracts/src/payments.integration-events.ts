import { z } from 'zod';
import { integrationEventContracts, topicFor, type IntegrationEventContract } from '@collections/shared-contracts';
import type { ChargeEvent, PaymentEvent } from '@collections/payments-domain';

/**
 * What the payments context publishes on `collections.payments.events.v1`, defined
 * before the payments service existed so that its consumers (debtors first) were built
 * against the contract. Published from the payment's stream (`payment-<paymentId>`) and
 * the charge's (`charge-<chargeId>`).
 * A breaking change is a new schemaVersion published beside the old one, never an edit.
 */
export const PAYMENTS_CONTEXT = 'payments';
export const PAYMENTS_TOPIC = topicFor(PAYMENTS_CONTEXT);

/** Integer centavos (never floats) and an ISO 4217 code. */
const money = z.object({ amount: z.number().int().positive(), currency: z.string().regex(/^[A-Z]{3}$/) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const instant = z.iso.datetime();
const uuid = z.uuid();
/** Where an agreement installment's payment comes from (added beside the v1 fields: optional). */
const installmentScope = { agreementId: uuid.optional(), installment: z.number().int().positive().optional() };
/** The platform's txid of a dynamic PIX charge (BACEN API: 26 to 35 letters and digits). */
const txid = z.string().regex(/^[A-Za-z0-9]{26,35}$/);

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
  /** When the payment paid an agreement's installment (added in v1, optional). */
  ...installmentScope,
});

/** A charge (cobrança) issued: its PIX copia-e-cola, and its boleto line when the tenant has a bank agreement. */
export const chargeIssuedV1 = z.object({
  chargeId: uuid,
  debtorId: uuid,
  debtIds: z.array(uuid).min(1).max(200),
  ...installmentScope,
  amount: money,
  dueDate: isoDate,
  txid,
  /** The BR Code (EMV payload with CRC16) the payer pastes or scans. */
  pixCopyPaste: z.string().min(1).max(512),
  /** The 47-digit linha digitável. */
  boletoLine: z.string().regex(/^\d{47}$/).optional(),
  issuedAt: instant,
});

/** Money received, once per payment and whole (its allocation to debts follows as PaymentAllocated). */
export const paymentReceivedV1 = z.object({
  paymentId: z.string().min(1).max(100),
  chargeId: uuid.optional(),
  debtorId: uuid.optional(),
  ...installmentScope,
  amount: money,
  paidOn: isoDate,
  method: z.enum(['pix', 'boleto', 'card', 'ted', 'manual']),
  receivedAt: instant,
});

/**
 * The money of a payment went back (reversal or chargeback): each debt it had paid owes
 * exactly `allocations` again from `reversedOn`; the credit it had made is withdrawn.
 */
export const paymentReversedV1 = z.object({
  paymentId: z.string().min(1).max(100),
  kind: z.enum(['reversal', 'chargeback']),
  reversedOn: isoDate,
  amount: money,
  chargeId: uuid.optional(),
  allocations: z.array(z.object({ debtId: uuid, amount: money })).max(200),
  creditReleased: z.object({ amount: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }),
  reversedAt: instant,
});

export const chargeCancelledV1 = z.object({
  chargeId: uuid,
  debtorId: uuid,
  ...installmentScope,
  reason: z.enum(['agreement_broken', 'agreement_cancelled', 'requested']),
  cancelledAt: instant,
});

/** Paid beyond what the debts owed: the debtor's credit, to refund or to apply. */
export const creditCreatedV1 = z.object({
  paymentId: z.string().min(1).max(100),
  debtorId: uuid,
  amount: money,
  createdAt: instant,
});

export type PaymentAllocatedV1 = z.output<typeof paymentAllocatedV1>;
export type ChargeIssuedV1 = z.output<typeof chargeIssuedV1>;
export type PaymentReceivedV1 = z.output<typeof paymentReceivedV1>;
export type PaymentReversedV1 = z.output<typeof paymentReversedV1>;
export type ChargeCancelledV1 = z.output<typeof chargeCancelledV1>;
export type CreditCreatedV1 = z.output<typeof creditCreatedV1>;

/** The payments domain events these are published from: tsc checks each mapping against them. */
export type PaymentsSourceEvent = ChargeEvent | PaymentEvent;

const contract = integrationEventContracts<PaymentsSourceEvent>(PAYMENTS_CONTEXT);
/** A domain field that is null when absent becomes an absent optional field. */
const present = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } => (value === null ? {} : ({ [key]: value } as { [P in K]?: V }));
const scopeOf = (data: { readonly agreementId: string | null; readonly installment: number | null }) => ({ ...present('agreementId', data.agreementId), ...present('installment', data.installment) });

export const paymentAllocatedContractV1 = contract({
  type: 'PaymentAllocated',
  schemaVersion: 1,
  schema: paymentAllocatedV1,
  sourceEventType: 'PaymentAllocated',
  toPayload: ({ data }) => ({ paymentId: data.paymentId, debtId: data.debtId, amount: data.amount, paidOn: data.paidOn, allocatedAt: data.allocatedAt, ...scopeOf(data) }),
});

export const chargeIssuedContractV1 = contract({
  type: 'ChargeIssued',
  schemaVersion: 1,
  schema: chargeIssuedV1,
  sourceEventType: 'ChargeIssued',
  toPayload: ({ data }) => ({
    chargeId: data.chargeId,
    debtorId: data.debtorId,
    debtIds: [...data.debtIds],
    ...scopeOf(data),
    amount: data.amount,
    dueDate: data.dueDate,
    txid: data.txid,
    pixCopyPaste: data.pixCopyPaste,
    ...present('boletoLine', data.boleto?.line ?? null),
    issuedAt: data.issuedAt,
  }),
});

export const paymentReceivedContractV1 = contract({
  type: 'PaymentReceived',
  schemaVersion: 1,
  schema: paymentReceivedV1,
  sourceEventType: 'PaymentReceived',
  toPayload: ({ data }) => ({
    paymentId: data.paymentId,
    ...present('chargeId', data.chargeId),
    ...present('debtorId', data.debtorId),
    ...scopeOf(data),
    amount: data.amount,
    paidOn: data.paidOn,
    method: data.method,
    receivedAt: data.receivedAt,
  }),
});

export const paymentReversedContractV1 = contract({
  type: 'PaymentReversed',
  schemaVersion: 1,
  schema: paymentReversedV1,
  sourceEventType: 'PaymentReversed',
  toPayload: ({ data }) => ({
    paymentId: data.paymentId,
    kind: data.kind,
    reversedOn: data.reversedOn,
    amount: data.amount,
    ...present('chargeId', data.chargeId),
    allocations: data.allocations.map((a) => ({ debtId: a.debtId, amount: a.amount })),
    creditReleased: data.creditReleased,
    reversedAt: data.reversedAt,
  }),
});

export const chargeCancelledContractV1 = contract({
  type: 'ChargeCancelled',
  schemaVersion: 1,
  schema: chargeCancelledV1,
  sourceEventType: 'ChargeCancelled',
  toPayload: ({ data }) => ({ chargeId: data.chargeId, debtorId: data.debtorId, ...scopeOf(data), reason: data.reason, cancelledAt: data.cancelledAt }),
});

export const creditCreatedContractV1 = contract({
  type: 'CreditCreated',
  schemaVersion: 1,
  schema: creditCreatedV1,
  sourceEventType: 'CreditCreated',
  toPayload: ({ data }) => ({ paymentId: data.paymentId, debtorId: data.debtorId, amount: data.amount, createdAt: data.createdAt }),
});

export const PAYMENTS_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [
  paymentAllocatedContractV1,
  chargeIssuedContractV1,
  paymentReceivedContractV1,
  paymentReversedContractV1,
  chargeCancelledContractV1,
  creditCreatedContractV1,
];
