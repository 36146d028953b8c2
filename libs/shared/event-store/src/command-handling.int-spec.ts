import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Decider } from '@collections/shared-kernel';
import { handleCommand, type EventCodec } from './command-handling';
import { WrongExpectedVersionError } from './errors';
import { PgliteDriver } from './pglite/pglite.driver';
import { SqlEventStore } from './sql-event-store';

type Command = { type: 'Increment'; by: number };
type Event = { type: 'Incremented'; by: number };
const counter: Decider<number, Command, Event> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.by,
  decide: (command) => [{ type: 'Incremented', by: command.by }],
};
const codec: EventCodec<Event> = {
  encode: async (event) => ({ type: event.type, data: { by: event.by } }),
  decode: async (recorded) => ({ type: 'Incremented', by: (recorded.data as { by: number }).by }),
};

describe('the write path (handleCommand)', () => {
  const exporter = new InMemorySpanExporter();
  let driver: PgliteDriver;
  let store: SqlEventStore;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    driver = await PgliteDriver.create();
    store = await SqlEventStore.open(driver);
  });
  afterAll(async () => {
    trace.disable();
    context.disable();
    await driver.close();
  });
  beforeEach(() => exporter.reset());

  const ctx = (metadata = {}) => ({ tenantId: 'tenant-a', metadata: { actor: 'test', ...metadata }, nextEventId: () => randomUUID() });

  it('folds the history, decides, appends with the version read, and returns the new state', async () => {
    const stream = `counter-${randomUUID()}`;
    await handleCommand(store, counter, codec, stream, { type: 'Increment', by: 2 }, ctx());
    const outcome = await handleCommand(store, counter, codec, stream, { type: 'Increment', by: 3 }, ctx());
    expect(outcome).toMatchObject({ state: 5, nextExpectedVersion: 2, streamVersionBefore: 1 });
  });

  it('records each command as a span whose context the appended events carry', async () => {
    const stream = `counter-${randomUUID()}`;
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await handleCommand(store, counter, codec, stream, { type: 'Increment', by: 1 }, ctx({ traceparent: parent }));
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('Increment handle');
    expect(span?.attributes).toMatchObject({
      'collections.command': 'Increment',
      'collections.stream_id': stream,
      'collections.tenant_id': 'tenant-a',
      'collections.events_appended': 1,
      'collections.stream_version': 1,
    });
    expect(span?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    const [event] = (await store.readStream(stream, { tenantId: 'tenant-a' })).events;
    expect(event?.metadata.traceparent).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);
  });

  it('marks the span as failed when the append loses a race', async () => {
    const stream = `counter-${randomUUID()}`;
    const slow: typeof store = Object.create(store);
    slow.appendToStream = async (...args) => {
      await store.appendToStream(stream, [{ eventId: randomUUID(), type: 'Incremented', data: { by: 9 } }], { tenantId: 'tenant-a', expectedVersion: { kind: 'any' } });
      return store.appendToStream(...args);
    };
    await expect(handleCommand(slow, counter, codec, stream, { type: 'Increment', by: 1 }, ctx())).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(exporter.getFinishedSpans()[0]?.status.code).toBe(2);
  });
});
