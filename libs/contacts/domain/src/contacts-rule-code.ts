import { DomainRuleViolation } from '@collections/shared-kernel';

/** The rules of the contacts context a command can break (see DomainRuleViolation). */
export type ContactsRuleCode =
  | 'CADENCE_ALREADY_DEFINED'
  | 'CADENCE_NOT_DEFINED'
  | 'CADENCE_STEPS_INVALID'
  | 'DEBT_NOT_TRACKED'
  | 'CADENCE_NOT_RUNNING'
  | 'CADENCE_STOPPED'
  | 'CADENCE_PAUSED'
  | 'STEP_ALREADY_DONE'
  | 'STEP_NOT_IN_CADENCE'
  | 'HOLD_NOT_FOUND'
  | 'HOLD_ALREADY_PLACED'
  | 'MESSAGE_NOT_FOUND'
  | 'CALL_TASK_NOT_FOUND'
  | 'CALL_TASK_ALREADY_QUEUED'
  | 'CALL_TASK_HELD'
  | 'CALL_TASK_NOT_HOLDER'
  | 'CALL_TASK_COMPLETED'
  | 'PROMISE_ALREADY_OPEN'
  | 'DISCLOSURE_BEFORE_IDENTIFICATION'
  | 'SURVEY_NOT_FOUND'
  | 'SURVEY_ALREADY_ANSWERED'
  | 'SURVEY_EXPIRED'
  | 'CALL_NOT_FOUND'
  | 'DIALER_NOT_CONFIGURED'
  | 'NO_CALLABLE_PHONE';

/** A refusal of the contacts context: the code is checked against the list above. */
export class ContactsRuleViolation extends DomainRuleViolation<ContactsRuleCode> {}
