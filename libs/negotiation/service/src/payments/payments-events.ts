/**
 * What the negotiation service consumes from the payments context (ChargeIssued v1 and
 * PaymentReceived v1 on `collections.payments.events.v1`): payments' own published
 * contracts, the only part of that context negotiation may read.
 */
export {
  PAYMENTS_CONTEXT,
  chargeIssuedContractV1,
  chargeIssuedV1,
  paymentReceivedContractV1,
  paymentReceivedV1,
  type ChargeIssuedV1,
  type PaymentReceivedV1,
} from '@collections/payments-contracts';
