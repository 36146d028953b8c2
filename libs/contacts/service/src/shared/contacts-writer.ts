import type { Counter } from 'prom-client';
import type { EventStore } from '@collections/shared-event-store';
import type { IdGenerator } from '@collections/shared-kernel';
import { ContextWriter, type ContextAggregate } from '@collections/shared-service-kit';
import { ContactsRuleViolation, type ContactsRuleCode } from '@collections/contacts-domain';

/** Contacts events hold no personal data (a contact point appears by its id): stored as they are. */
export { plainCodec } from '@collections/shared-service-kit';

/** One aggregate kind of the contacts context: its decider and codec. */
export type ContactsAggregate<State, Command extends { readonly type: string }, Event> = ContextAggregate<State, Command, Event>;

/** Refusals that mean "no such resource" to the caller. */
const NOT_FOUND_CODES: ReadonlySet<ContactsRuleCode> = new Set(['CADENCE_NOT_DEFINED', 'DEBT_NOT_TRACKED', 'HOLD_NOT_FOUND', 'MESSAGE_NOT_FOUND', 'CALL_TASK_NOT_FOUND']);

/** The contacts side of the one write path (see ContextWriter): its refusals are ContactsRuleViolations. */
export class ContactsWriter extends ContextWriter<ContactsRuleCode> {
  constructor(store: EventStore, ids: IdGenerator, commands?: Counter<'command' | 'outcome'>) {
    super(store, ids, { violation: ContactsRuleViolation, notFound: NOT_FOUND_CODES }, commands);
  }
}
