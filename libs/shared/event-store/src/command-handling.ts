import { SpanKind, SpanStatusCode, context as otelContext, trace, type Context } from '@opentelemetry/api';
import type { Decider } from '@collections/shared-kernel';
import { contextFromTraceparent, currentTraceContext } from './trace-context';
import { ExpectedVersion, type EventMetadata, type EventStore, type NewEvent, type RecordedEvent, type StoreTransaction } from './event-store.port';

/**
 * How a domain event becomes a stored one and back. Async so that a codec can
 * encrypt personal data on the way in and decrypt it (or mark it erased) on the way out.
 */
export interface EventCodec<Event> {
  encode(event: Event, context: { tenantId: string; streamId: string; transaction?: StoreTransaction }): Promise<{ type: string; data: unknown; schemaVersion?: number }>;
  decode(recorded: RecordedEvent): Promise<Event>;
}

export interface CommandContext {
  readonly tenantId: string;
  readonly metadata: EventMetadata;
  /** One new id per produced event (UUIDv7 in production, deterministic in tests). */
  readonly nextEventId: () => string;
  /**
   * Read, encode and append inside a transaction the caller controls (see
   * `EventStore.transaction`), so that other writes of the caller commit or roll back
   * with the command's events.
   */
  readonly transaction?: StoreTransaction;
}

export interface CommandOutcome<State, Event> {
  readonly events: readonly Event[];
  readonly state: State;
  readonly nextExpectedVersion: number;
  readonly streamVersionBefore: number;
  /**
   * True when the stream already held this command's first event id: the retry of an
   * attempt that appended and failed before answering. `events` are what it appended
   * (with any later events of the stream); nothing was appended now.
   */
  readonly alreadyApplied?: boolean;
}

const tracer = () => trace.getTracer('collections.commands');

function parentContext(metadata: EventMetadata): Context {
  return metadata.traceparent ? contextFromTraceparent(metadata.traceparent, metadata.tracestate) : otelContext.active();
}

/**
 * The one write path every command takes: read the stream, fold it with `evolve`,
 * `decide`, append what was decided with the version that was read. A concurrent
 * writer makes the append fail with WrongExpectedVersionError (HTTP 409); the caller
 * decides whether the command is safe to retry.
 *
 * Each command handled is a span (child of the caller's traceparent, if any), and the
 * events it produces carry that span's trace context, so the consumers' spans in other
 * services hang under it.
 */
export async function handleCommand<State, Command, Event>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  context: CommandContext,
): Promise<CommandOutcome<State, Event>> {
  const commandType = (command as { type?: unknown }).type;
  const name = typeof commandType === 'string' ? commandType : 'command';
  const attributes = { 'collections.command': name, 'collections.stream_id': streamId, 'collections.tenant_id': context.tenantId };
  return tracer().startActiveSpan(`${name} handle`, { kind: SpanKind.INTERNAL, attributes }, parentContext(context.metadata), async (span) => {
    try {
      const metadata: EventMetadata = { ...context.metadata, ...currentTraceContext() };
      const outcome = await decideAndAppend(store, decider, codec, streamId, command, { ...context, metadata });
      span.setAttribute('collections.events_appended', outcome.events.length);
      span.setAttribute('collections.stream_version', outcome.nextExpectedVersion);
      return outcome;
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

async function decideAndAppend<State, Command, Event>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  codec: EventCodec<Event>,
  streamId: string,
  command: Command,
  context: CommandContext,
): Promise<CommandOutcome<State, Event>> {
  const transaction = context.transaction ? { transaction: context.transaction } : {};
  const { events: history, currentVersion } = await store.readStream(streamId, { tenantId: context.tenantId, ...transaction });
  // The id the first event of this command gets. When the stream already holds it, this
  // is the retry of an attempt that appended and then failed before answering (its ids
  // are derived from the request): it is answered with what that attempt appended,
  // instead of deciding again on a state that already includes it.
  const firstEventId = context.nextEventId();
  const appliedAt = history.findIndex((recorded) => recorded.eventId === firstEventId);
  let state = decider.initialState();
  if (appliedAt >= 0) {
    const applied: Event[] = [];
    for (const [i, recorded] of history.entries()) {
      const event = await codec.decode(recorded);
      if (i >= appliedAt) applied.push(event);
      else state = decider.evolve(state, event);
    }
    const before = history[appliedAt]!.streamVersion - 1;
    return { events: applied, state: applied.reduce(decider.evolve, state), nextExpectedVersion: currentVersion, streamVersionBefore: before, alreadyApplied: true };
  }
  for (const recorded of history) state = decider.evolve(state, await codec.decode(recorded));
  const produced = decider.decide(command, state);
  if (produced.length === 0) return { events: [], state, nextExpectedVersion: currentVersion, streamVersionBefore: currentVersion };
  const toAppend: NewEvent[] = [];
  for (const [i, event] of produced.entries()) {
    const encoded = await codec.encode(event, { tenantId: context.tenantId, streamId, ...transaction });
    toAppend.push({ eventId: i === 0 ? firstEventId : context.nextEventId(), type: encoded.type, data: encoded.data, ...(encoded.schemaVersion ? { schemaVersion: encoded.schemaVersion } : {}), metadata: context.metadata });
  }
  const result = await store.appendToStream(streamId, toAppend, {
    tenantId: context.tenantId,
    expectedVersion: currentVersion === 0 ? ExpectedVersion.noStream : ExpectedVersion.exact(currentVersion),
    ...transaction,
  });
  const newState = produced.reduce(decider.evolve, state);
  return { events: produced, state: newState, nextExpectedVersion: result.nextExpectedVersion, streamVersionBefore: currentVersion };
}

/** Rebuilds an aggregate's state from its history (optionally as of an instant or position). */
export async function loadAggregate<State, Command, Event>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  codec: EventCodec<Event>,
  streamId: string,
  options: Parameters<EventStore['readStream']>[1],
): Promise<{ state: State; version: number; exists: boolean; events: readonly RecordedEvent[] }> {
  const { events, currentVersion, exists } = await store.readStream(streamId, options);
  let state = decider.initialState();
  for (const recorded of events) state = decider.evolve(state, await codec.decode(recorded));
  return { state, version: currentVersion, exists, events };
}
