import { randomUUID } from 'node:crypto';
import { ExpectedVersion, NodePostgresDriver, openPostgresEventStore, type ParkedEvent, type ReaderStall, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase, eventually, type TestDatabase } from '@collections/shared-testing';
import { ProjectionRunner, type Projection } from './projection-runner';

describe('projection runner on PostgreSQL', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let driver: NodePostgresDriver;
  const table = 'order_read_model';

  const projection: Projection = {
    name: 'order-read-model',
    categories: ['debt'],
    tables: [table],
    async apply(events, transaction) {
      for (const e of events) await transaction.query(`INSERT INTO ${table} (stream_id, stream_version) VALUES ($1, $2)`, [e.streamId, e.streamVersion]);
    },
  };

  beforeAll(async () => {
    database = await createTestDatabase('projection_runner');
    store = await openPostgresEventStore({ ...database.config, max: 8 });
    // the read side's own pool, as a service's: the runner needs only its transactions
    driver = NodePostgresDriver.create({ ...database.config, max: 4 });
    await driver.exec(`CREATE TABLE ${table} (seq bigserial PRIMARY KEY, stream_id text NOT NULL, stream_version bigint NOT NULL)`);
  });
  afterAll(async () => {
    await driver?.close();
    await store?.close();
    await database?.drop();
  });

  it('folds each stream in version order while batches and late-reaching transactions race over shared streams', async () => {
    const tenantId = `tenant-${randomUUID().slice(0, 8)}`;
    const hot = Array.from({ length: 6 }, () => `debt-${randomUUID()}`);
    const pick = () => hot[Math.floor(Math.random() * hot.length)]!;
    const event = () => ({ eventId: randomUUID(), type: 'Touched', data: {} });
    const runner = new ProjectionRunner(driver, store, [projection], { pollIntervalMs: 5, batchSize: 25 });
    runner.start();
    const batches = async () => {
      for (let b = 0; b < 20; b++) {
        const streams = [...new Set([pick(), pick(), pick()])].sort();
        await store.appendToStreams(streams.map((streamId) => ({ streamId, events: [event()], expectedVersion: ExpectedVersion.any })), { tenantId });
      }
    };
    const transactions = async () => {
      for (let t = 0; t < 15; t++) {
        await store.transaction(async (transaction) => {
          await store.appendToStream(`debt-${randomUUID()}`, [event()], { tenantId, expectedVersion: ExpectedVersion.noStream, transaction });
          await new Promise((r) => setTimeout(r, Math.random() * 4));
          await store.appendToStream(pick(), [event()], { tenantId, expectedVersion: ExpectedVersion.any, transaction });
        });
      }
    };
    await Promise.all([batches(), batches(), transactions(), transactions()]);
    await runner.catchUp();
    await runner.stop();
    const rows = await driver.query<{ stream_id: string; stream_version: string }>(`SELECT stream_id, stream_version::text FROM ${table} ORDER BY seq`);
    const byStream = new Map<string, number[]>();
    for (const r of rows) byStream.set(r.stream_id, [...(byStream.get(r.stream_id) ?? []), Number(r.stream_version)]);
    const outOfOrder = [...byStream].filter(([, versions]) => versions.some((v, i) => v !== i + 1));
    expect(outOfOrder.map(([id, versions]) => `${id}: ${versions.join(',')}`)).toEqual([]);
    expect(rows).toHaveLength(await store.countEventsAfter({ transactionId: 0n, position: 0n }, { tenantId, max: 100_000 }));
  });

  it('raises an alert naming the transaction that holds it back, and measures how long', async () => {
    const tenantId = `tenant-${randomUUID().slice(0, 8)}`;
    const stalls: ReaderStall[] = [];
    const runner = new ProjectionRunner(driver, store, [projection], { pollIntervalMs: 10, stallAlertAfterMs: 150, onStall: (s) => stalls.push(s) });
    runner.start();
    await runner.catchUp();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let opened!: (pid: number) => void;
    const holder = new Promise<number>((resolve) => (opened = resolve));
    const held = store.driver.transaction(async (transaction) => {
      const [row] = await transaction.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await transaction.query('SELECT pg_current_xact_id()'); // takes a transaction id, as any write would
      opened(Number(row!.pid));
      await released;
    });
    const pid = await holder;
    await store.appendToStream(`debt-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Touched', data: {} }], { tenantId, expectedVersion: ExpectedVersion.noStream });
    await eventually(() => expect(stalls.map((s) => s.reader)).toContain('projection:order-read-model'));
    expect(stalls.at(-1)!.blockers.map((b) => b.pid)).toContain(pid);
    expect(runner.heldBackMs('order-read-model')).toBeGreaterThanOrEqual(150);
    release();
    await held;
    await eventually(() => expect(runner.heldBackMs('order-read-model')).toBe(0));
    await runner.stop();
  });

  it('parks a poison event after bounded retries, with its error, and keeps projecting the events after it (also in a rebuild)', async () => {
    const tenantId = `tenant-${randomUUID().slice(0, 8)}`;
    const poisonTable = 'poison_read_model';
    await driver.exec(`CREATE TABLE IF NOT EXISTS ${poisonTable} (event_id uuid PRIMARY KEY, stream_id text NOT NULL)`);
    const poisonous: Projection = {
      name: 'poison-read-model',
      categories: ['invoice'],
      tables: [poisonTable],
      async apply(events, transaction) {
        for (const e of events) {
          // a real poison: the database refuses the value (February 30th)
          const due = (e.data as { due: string }).due;
          await transaction.query(`INSERT INTO ${poisonTable} (event_id, stream_id) VALUES ($1, $2)`, [e.eventId, e.streamId]);
          await transaction.query('SELECT $1::date', [due]);
        }
      },
    };
    const errors: unknown[] = [];
    const parked: ParkedEvent[] = [];
    const runner = new ProjectionRunner(driver, store, [poisonous], {
      pollIntervalMs: 5,
      maxAttempts: 3,
      onError: (_name, error) => errors.push(error),
      onParked: (event) => parked.push(event),
    });
    const append = (due: string) =>
      store.appendToStream(`invoice-${randomUUID()}`, [{ eventId: randomUUID(), type: 'InvoiceDue', data: { due } }], { tenantId, expectedVersion: ExpectedVersion.noStream });
    await append('2026-01-10');
    const poison = await append('2026-02-30');
    await append('2026-01-12');
    runner.start();
    await eventually(() => expect(parked).toHaveLength(1));
    await runner.catchUp();
    await runner.stop();
    expect(errors).toHaveLength(3);
    expect(parked[0]).toMatchObject({ reader: 'projection:poison-read-model', tenantId, streamId: poison.streamId, streamVersion: 1, type: 'InvoiceDue', attempts: 4 });
    expect(parked[0]!.error).toMatch(/date/i);
    const rows = async () => (await driver.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${poisonTable}`))[0]!.n;
    expect(await rows()).toBe('2'); // the events before and after the poison; the poison's own insert was rolled back
    expect((await store.parkedEvents('projection:poison-read-model')).map((p) => p.streamId)).toEqual([poison.streamId]);

    // a rebuild meets the same event, parks it again, and still gets past it
    await expect(runner.rebuild('poison-read-model')).resolves.toBe(3);
    expect(await rows()).toBe('2');
    expect(parked.length).toBeGreaterThanOrEqual(2);
  });
});
