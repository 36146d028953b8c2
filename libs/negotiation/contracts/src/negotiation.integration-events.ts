import { z } from 'zod';
import { integrationEventContracts, topicFor, type IntegrationEventContract } from '@collections/shared-contracts';
import type { AgreementEvent, OfferEvent, PolicyEvent } from '@collections/negotiation-domain';

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

/** The negotiation domain events the contracts are published from (offer and agreement streams). */
export type NegotiationSourceEvent = OfferEvent | AgreementEvent | PolicyEvent;

const contract = integrationEventContracts<NegotiationSourceEvent>(NEGOTIATION_CONTEXT);

export const agreementEnteredContractV1 = contract({
  type: 'AgreementEntered',
  schemaVersion: 1,
  schema: agreementEnteredV1,
  sourceEventType: 'AgreementEntered',
  toPayload: ({ data }) => ({ agreementId: data.agreementId, debtorId: data.debtorId, debtIds: [...data.debtIds], enteredAt: data.enteredAt }),
});

export const agreementEndedContractV1 = contract({
  type: 'AgreementEnded',
  schemaVersion: 1,
  schema: agreementEndedV1,
  sourceEventType: 'AgreementEnded',
  toPayload: ({ data }) => ({ ...data, debtIds: [...data.debtIds] }),
});

// ---------------------------------------------------------------- v1 added with the negotiation service

const date = z.iso.date();
/** Integer centavos and a currency, as every context publishes money. */
const money = z.object({ amount: z.number().int().min(0), currency: z.enum(['BRL', 'USD']) });
const positiveMoney = z.object({ amount: z.number().int().positive(), currency: z.literal('BRL') });
const offerScope = { offerId: z.uuid(), debtorId: z.uuid(), debtIds: z.array(z.uuid()).min(1).max(200) };

/**
 * One installment per agreement installment, published when the agreement is entered
 * (the protocol with payments): payments issues a PIX charge (and a boleto where the
 * tenant has a boleto agreement) for it and answers with ChargeIssued.
 */
export const installmentChargeRequestedV1 = z.object({
  ...agreementScope,
  installment: z.number().int().min(1),
  dueDate: date,
  amount: positiveMoney,
  requestedAt: instant,
});

/**
 * An offer (proposta) as computed: the policy version in force, the balance as of the
 * offer date it was computed from, the discount, and the schedule whose amounts add up to
 * `total` (never above `balance.total`: CDC art. 42). Enough for a reader to recompute it.
 */
export const offerMadeV1 = z.object({
  ...offerScope,
  kind: z.enum(['cash', 'installments']),
  policyVersion: z.number().int().min(1),
  bucket: z.string(),
  segment: z.string(),
  asOf: date,
  expiresOn: date,
  balance: z.object({ principal: money, interest: money, lateFee: money, total: money }),
  discount: z.object({ principal: money, interest: money, lateFee: money, total: money }),
  negotiated: money,
  downPayment: money,
  financed: money,
  amortization: z.enum(['cash', 'price', 'sac']),
  monthlyInterestRate: z.string(),
  total: money,
  schedule: z.array(z.object({ number: z.number().int().min(1), dueDate: date, amount: money, kind: z.enum(['cash', 'down_payment', 'installment']) })).min(1),
  madeBy: z.enum(['agent', 'supervisor', 'self-service']),
  madeAt: instant,
});
/** Made beyond the agent's limit: pending until a supervisor approves or rejects it. */
export const offerApprovalRequestedV1 = z.object({ offerId: z.uuid(), rule: z.literal('DISCOUNT_NEEDS_APPROVAL'), detail: z.string(), requestedAt: instant });
export const offerApprovedV1 = z.object({ offerId: z.uuid(), approvedAt: instant });
export const offerRejectedV1 = z.object({ offerId: z.uuid(), reason: z.string(), rejectedAt: instant });
export const offerAcceptedV1 = z.object({ offerId: z.uuid(), channel: z.enum(['agent', 'self-service', 'api']), acceptedOn: date, acceptedAt: instant });
export const offerExpiredV1 = z.object({ offerId: z.uuid(), expiresOn: date, expiredOn: date });
/** A payment applied to an agreement, oldest installment first; what is beyond it is `surplus`. */
export const installmentPaidV1 = z.object({
  agreementId: z.uuid(),
  paymentId: z.string().min(1).max(100),
  amount: money,
  paidOn: date,
  allocations: z.array(z.object({ installment: z.number().int().min(1), amount: money, waived: money })),
  surplus: money,
  earlySettlement: z.boolean(),
  recordedAt: instant,
});

/** An installment unpaid after its due date (the agreement breaks if it stays so past the tolerance). */
export const installmentOverdueV1 = z.object({ agreementId: z.uuid(), installment: z.number().int().min(1), dueDate: date, outstanding: money, asOf: date });

/**
 * A version of a tenant's negotiation policy, as published (from the stream
 * `negotiationpolicy-<tenant>`): an offer's `policyVersion` names one, so a reader can
 * check every offer against the policy in force when it was made.
 */
const rate = z.string();
export const negotiationPolicyPublishedV1 = z.object({
  version: z.number().int().min(1),
  currency: z.enum(['BRL', 'USD']),
  offerValidityDays: z.number().int().min(0),
  renegotiationLimit: z.number().int().min(0),
  breakageToleranceDays: z.number().int().min(0),
  affordabilityIncomeShare: rate,
  overIndebtedness: z.object({ maxMonths: z.number().int().min(1), minimumIncomeKept: money }),
  rules: z
    .array(
      z.object({
        bucket: z.string(),
        segment: z.string(),
        maxChargesDiscount: rate,
        maxPrincipalDiscount: rate,
        agentDiscountLimit: rate,
        maxInstallments: z.number().int().min(1),
        minInstallment: money,
        downPayment: z.object({ minRate: rate, minAmount: money }),
        monthlyInterestRate: rate,
        amortization: z.enum(['price', 'sac']),
      }),
    )
    .min(1),
  publishedAt: instant,
});

export type InstallmentChargeRequestedV1 = z.output<typeof installmentChargeRequestedV1>;
export type OfferMadeV1 = z.output<typeof offerMadeV1>;
export type InstallmentPaidV1 = z.output<typeof installmentPaidV1>;

export const installmentChargeRequestedContractV1 = contract({
  type: 'InstallmentChargeRequested',
  schemaVersion: 1,
  schema: installmentChargeRequestedV1,
  sourceEventType: 'InstallmentChargeRequested',
  // PIX and boleto charge reais only: the schema refuses any other currency at publication
  toPayload: ({ data }) => ({ ...data, debtIds: [...data.debtIds], amount: { amount: data.amount.amount, currency: data.amount.currency as 'BRL' } }),
});

export const offerMadeContractV1 = contract({
  type: 'OfferMade',
  schemaVersion: 1,
  schema: offerMadeV1,
  sourceEventType: 'OfferMade',
  toPayload: ({ data }) => {
    const { terms } = data;
    return {
      offerId: data.offerId,
      debtorId: data.debtorId,
      debtIds: [...data.debtIds],
      kind: terms.kind,
      policyVersion: terms.policyVersion,
      bucket: terms.bucket,
      segment: terms.segment,
      asOf: terms.asOf,
      expiresOn: terms.expiresOn,
      balance: terms.balance,
      discount: terms.discount,
      negotiated: terms.negotiated,
      downPayment: terms.downPayment,
      financed: terms.financed,
      amortization: terms.amortization,
      monthlyInterestRate: terms.monthlyInterestRate,
      total: terms.total,
      schedule: terms.schedule.map((i) => ({ ...i })),
      madeBy: data.madeBy,
      madeAt: data.madeAt,
    };
  },
});

export const offerApprovalRequestedContractV1 = contract({
  type: 'OfferApprovalRequested',
  schemaVersion: 1,
  schema: offerApprovalRequestedV1,
  sourceEventType: 'OfferApprovalRequested',
  toPayload: ({ data }) => data,
});
export const offerApprovedContractV1 = contract({ type: 'OfferApproved', schemaVersion: 1, schema: offerApprovedV1, sourceEventType: 'OfferApproved', toPayload: ({ data }) => data });
export const offerRejectedContractV1 = contract({ type: 'OfferRejected', schemaVersion: 1, schema: offerRejectedV1, sourceEventType: 'OfferRejected', toPayload: ({ data }) => data });
export const offerAcceptedContractV1 = contract({ type: 'OfferAccepted', schemaVersion: 1, schema: offerAcceptedV1, sourceEventType: 'OfferAccepted', toPayload: ({ data }) => data });
export const offerExpiredContractV1 = contract({ type: 'OfferExpired', schemaVersion: 1, schema: offerExpiredV1, sourceEventType: 'OfferExpired', toPayload: ({ data }) => data });
export const installmentPaidContractV1 = contract({
  type: 'InstallmentPaid',
  schemaVersion: 1,
  schema: installmentPaidV1,
  sourceEventType: 'InstallmentPaid',
  toPayload: ({ data }) => ({ ...data, allocations: data.allocations.map((a) => ({ ...a })) }),
});

export const installmentOverdueContractV1 = contract({ type: 'InstallmentOverdue', schemaVersion: 1, schema: installmentOverdueV1, sourceEventType: 'InstallmentOverdue', toPayload: ({ data }) => data });

export const negotiationPolicyPublishedContractV1 = contract({
  type: 'NegotiationPolicyPublished',
  schemaVersion: 1,
  schema: negotiationPolicyPublishedV1,
  sourceEventType: 'NegotiationPolicyPublished',
  toPayload: ({ data }) => {
    const { tenantId: _tenant, rules, ...policy } = data.policy;
    return { ...policy, rules: rules.map((r) => ({ ...r })), publishedAt: data.publishedAt };
  },
});

export const NEGOTIATION_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [
  negotiationPolicyPublishedContractV1,
  agreementEnteredContractV1,
  agreementEndedContractV1,
  installmentChargeRequestedContractV1,
  installmentPaidContractV1,
  installmentOverdueContractV1,
  offerMadeContractV1,
  offerApprovalRequestedContractV1,
  offerApprovedContractV1,
  offerRejectedContractV1,
  offerAcceptedContractV1,
  offerExpiredContractV1,
];
