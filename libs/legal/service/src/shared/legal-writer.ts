import type { Counter } from 'prom-client';
import type { EventStore } from '@collections/shared-event-store';
import type { IdGenerator } from '@collections/shared-kernel';
import { ContextWriter, type ContextAggregate } from '@collections/shared-service-kit';
import { LegalRuleViolation, type LegalRuleCode } from '@collections/legal-domain';

/** Legal events hold ids, dates, amounts and rules, no personal data: stored as they are. */
export { plainCodec } from '@collections/shared-service-kit';

/** One aggregate kind of the legal context: its decider and codec. */
export type LegalAggregate<State, Command extends { readonly type: string }, Event> = ContextAggregate<State, Command, Event>;

/** Refusals that mean "no such resource" to the caller. */
const NOT_FOUND_CODES: ReadonlySet<LegalRuleCode> = new Set(['LEGAL_ESCALATION_UNKNOWN']);

/** The legal side of the one write path (see ContextWriter): its refusals are LegalRuleViolations. */
export class LegalWriter extends ContextWriter<LegalRuleCode> {
  constructor(store: EventStore, ids: IdGenerator, commands?: Counter<'command' | 'outcome'>) {
    super(store, ids, { violation: LegalRuleViolation, notFound: NOT_FOUND_CODES }, commands);
  }
}
