import { Counter, type Registry } from 'prom-client';
import { ExpectedVersion, currentTraceContext, type EventMetadata, type EventStore, type Migration, type NewEvent, type StoreTransaction } from '@collections/shared-event-store';
import { DomainRuleViolation, ValidationError, nameBasedUuid } from '@collections/shared-kernel';
import type { IntegrationEvent } from '@collections/shared-messaging';
import { debtDecider, type DebtCommand, type DebtEvent, type DebtId } from '@collections/debtors-domain';
import { debtEventCodec } from '../shared/debtor-event.codec';
import { debtStream, knownDebtId } from '../shared/ids';

/**
 * How debtors reacts to another context's integration event: one debt command per
 * debt it names, decided on the debt's history and appended INSIDE the consumer's
 * transaction (with the inbox row, so both commit or neither does).
 *
 * A command the debt refuses for good (the debt does not exist for that tenant, is
 * disputed, settled, not in that agreement, a payment in another currency) is not
 * retried and not dead-lettered: the event is recorded in `debtors_unapplied_events`
 * with the refusal, in the same transaction, counted and logged, and the consumer moves
 * on. Retrying could never succeed, and in embedded mode (no DLQ) a throwing handler
 * would stall every later event. Money that arrived for an unknown debt is thus never
 * lost: it waits in that table, payload included, for someone to look at it.
 * Anything else (the database) throws, so the transport retries.
 */
export const DEBTORS_CONSUMER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'integration events debtors could not apply',
    sql: `
CREATE TABLE debtors_unapplied_events (
  event_id       text        NOT NULL,
  debt_id        text        NOT NULL,
  event_type     text        NOT NULL,
  schema_version integer     NOT NULL,
  tenant_id      text        NOT NULL,
  refusal_code   text        NOT NULL,
  refusal        text        NOT NULL,
  payload        jsonb       NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, debt_id)
);`,
  },
];

export type DebtReactionOutcome = 'applied' | 'unchanged' | 'unapplied';

/** Counts and logs each reaction; a handling rolled back and retried is counted again. */
export class DebtReactionMonitor {
  private readonly reactions: Counter<'event' | 'outcome'>;

  constructor(
    registry: Registry,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.reactions = new Counter({
      name: 'collections_debtors_reactions_total',
      help: 'Debt commands taken from other contexts’ integration events, by event and outcome (applied, unchanged: already applied, unapplied: refused by the debt and kept in debtors_unapplied_events)',
      labelNames: ['event', 'outcome'],
      registers: [registry],
    });
  }

  record(event: IntegrationEvent, debtId: string, outcome: DebtReactionOutcome, refusal?: string): void {
    this.reactions.inc({ event: event.type, outcome });
    if (outcome === 'unapplied') this.log(`debtors: ${event.type} ${event.eventId} not applied to debt ${debtId} of tenant ${event.tenantId}: ${refusal ?? ''}`);
  }

  async count(event: string, outcome: DebtReactionOutcome): Promise<number> {
    const value = (await this.reactions.get()).values.find((v) => v.labels.event === event && v.labels.outcome === outcome);
    return value?.value ?? 0;
  }
}

export interface DebtReactionDeps {
  /** The event store on the consumer's database: its transaction is the one handed to the handler. */
  readonly store: EventStore;
  readonly monitor: DebtReactionMonitor;
}

/**
 * The id of the n-th debt event decided from an integration event for one debt: a
 * redelivery that got past the inbox appends the same ids, which the store takes as a
 * retry of an append already made.
 */
export function reactionEventId(integrationEventId: string, debtId: string, index: number): string {
  return nameBasedUuid('debtors.reaction', integrationEventId, debtId, String(index));
}

/**
 * Applies the command `build` makes for one debt. `build` is the consumer's input edge: it
 * parses the contract's fields into the typed command (a contract checks shape, not
 * everything a command needs: a currency the platform does not handle, a text to trim),
 * and a payload it refuses is kept unapplied (INVALID), as a refusal of the debt is.
 */
export async function applyToDebt(
  deps: DebtReactionDeps,
  event: IntegrationEvent,
  transaction: StoreTransaction,
  debtIdText: string,
  build: (debtId: DebtId) => DebtCommand,
): Promise<DebtReactionOutcome> {
  // a contract's debt id is a UUID (z.uuid)
  const debtId = knownDebtId(debtIdText);
  const streamId = debtStream(debtId);
  // Read by tenant: another tenant's debt reads as no debt at all.
  const { events: history, currentVersion } = await deps.store.readStream(streamId, { tenantId: event.tenantId, transaction });
  let state = debtDecider.initialState();
  // the reactions never read a dispute's reason or a write-off's note: no protector, tokens stay tokens
  const codec = debtEventCodec(undefined, deps.store);
  for (const recorded of history) state = debtDecider.evolve(state, await codec.decode(recorded));
  let command: DebtCommand;
  let decided: readonly DebtEvent[];
  try {
    command = build(debtId);
    decided = debtDecider.decide(command, state);
  } catch (error) {
    const refusal = error instanceof DomainRuleViolation ? error.code : error instanceof ValidationError ? 'INVALID' : undefined;
    if (refusal === undefined) throw error;
    await transaction.query(
      `INSERT INTO debtors_unapplied_events (event_id, debt_id, event_type, schema_version, tenant_id, refusal_code, refusal, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (event_id, debt_id) DO NOTHING`,
      [event.eventId, debtId, event.type, event.schemaVersion, event.tenantId, refusal, (error as Error).message, JSON.stringify(event.payload)],
    );
    deps.monitor.record(event, debtId, 'unapplied', (error as Error).message);
    return 'unapplied';
  }
  if (decided.length === 0) {
    deps.monitor.record(event, debtId, 'unchanged');
    return 'unchanged';
  }
  const metadata: EventMetadata = {
    actor: command.actor,
    correlationId: event.correlationId,
    causationId: event.eventId,
    ...(event.traceparent ? { traceparent: event.traceparent, ...(event.tracestate ? { tracestate: event.tracestate } : {}) } : {}),
    // the consumer's span, when there is one, is the parent of whatever these events cause
    ...currentTraceContext(),
  };
  const toAppend: NewEvent[] = [];
  for (const [index, decidedEvent] of decided.entries()) {
    const encoded = await codec.encode(decidedEvent, { tenantId: event.tenantId, streamId, transaction });
    toAppend.push({ eventId: reactionEventId(event.eventId, debtId, index), type: encoded.type, data: encoded.data, metadata });
  }
  await deps.store.appendToStream(streamId, toAppend, { tenantId: event.tenantId, expectedVersion: ExpectedVersion.exact(currentVersion), transaction });
  deps.monitor.record(event, debtId, 'applied');
  return 'applied';
}
