/**
 * What the contacts context consumes of the legal context: its request for a prior notice
 * (CDC art. 43 §2) before a listing at the credit bureaus, as legal publishes it on
 * `collections.legal.events.v1`.
 */
export { priorNoticeRequestedContractV1, priorNoticeRequestedV1 } from '@collections/legal-contracts';
