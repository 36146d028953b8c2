/**
 * The contacts events the legal context consumes (`collections.contacts.events.v1`):
 * the proof that the prior notice of a listing was sent, or why it could not be. The
 * contacts context's holds (`CadencePaused` / `CadenceResumed`: death, bankruptcy, dispute,
 * agreement, by hand), during which nothing escalates. The contacts context's own published contracts, the only part of it legal may read.
 */
export {
  cadencePausedContractV1,
  cadenceResumedContractV1,
  priorNoticeFailedContractV1,
  priorNoticeFailedV1,
  priorNoticeSentContractV1,
  priorNoticeSentV1,
} from '@collections/contacts-contracts';
