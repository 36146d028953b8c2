/**
 * What the payments service consumes from the negotiation context (InstallmentChargeRequested
 * v1 and AgreementEnded v1 on `collections.negotiation.events.v1`): negotiation's own
 * published contracts, the only part of that context payments may read.
 */
export {
  agreementEndedContractV1,
  installmentChargeRequestedContractV1,
  installmentChargeRequestedV1,
  type InstallmentChargeRequestedV1,
} from '@collections/negotiation-contracts';
