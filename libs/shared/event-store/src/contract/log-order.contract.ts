import { randomUUID } from 'node:crypto';
import { eventually } from '@collections/shared-testing';
import { StreamOrderConflictError } from '../errors';
import { ExpectedVersion, LOG_START, type NewEvent, type RecordedEvent } from '../event-store.port';
import { describeStall, type ReaderStall } from '../reader-stall';
import type { SqlEventStore } from '../sql-event-store';

/**
 * The log's per-stream order, part of the event-store contract: however appends race
 * (single events, many-stream batches, transactions that reach a stream late, a
 * transaction held open), every reader gets each stream's events once, in version order.
 */
export function describeLogOrderContract(getStore: () => SqlEventStore, concurrentTransactions: boolean): void {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const event = (type: string): NewEvent => ({ eventId: randomUUID(), type, data: { at: Date.now() } });
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

  /** Each stream's versions in the order a reader saw them must be exactly 1, 2, ..., n. */
  function expectEveryStreamOnceInVersionOrder(seen: readonly Pick<RecordedEvent, 'streamId' | 'streamVersion'>[], written: ReadonlyMap<string, number>): void {
    const byStream = new Map<string, number[]>();
    for (const e of seen) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.streamVersion]);
    const outOfOrder = [...byStream].filter(([, versions]) => versions.some((v, i) => v !== i + 1));
    expect(outOfOrder.map(([id, versions]) => `${id}: ${versions.join(',')}`)).toEqual([]);
    expect(new Map([...byStream].map(([id, versions]) => [id, versions.length]))).toEqual(written);
  }

  async function headsOf(store: SqlEventStore, tenantId: string, streams: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map<string, number>();
    for (const id of streams) {
      const { currentVersion } = await store.readStream(id, { tenantId, maxCount: 1, direction: 'backwards' });
      if (currentVersion > 0) heads.set(id, currentVersion);
    }
    return heads;
  }

  /** Every event of the tenant, read page by page in the log's order (waiting out a horizon held elsewhere). */
  async function readLogInPages(store: SqlEventStore, tenantId: string, total: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let after = LOG_START;
    await eventually(async () => {
      for (;;) {
        const page = await store.readAll({ tenantId, after, maxCount: 37 });
        if (page.events.length === 0) break;
        events.push(...page.events);
        after = page.cursor;
      }
      expect(events).toHaveLength(total);
    }, 30_000);
    return events;
  }

  /** Readers of every kind, started before the writes, and checked when they are done. */
  async function readersOf(store: SqlEventStore, tenantId: string) {
    const table = `order_projection_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await store.driver.exec(`CREATE TABLE ${table} (seq bigserial PRIMARY KEY, stream_id text NOT NULL, stream_version bigint NOT NULL)`);
    const live: RecordedEvent[] = [];
    const liveSub = store.subscribe({ subscriptionId: `live-${randomUUID()}`, tenantId, pollIntervalMs: 5, batchSize: 50, handle: async (events) => void live.push(...events) });
    const projection = store.subscribe({
      subscriptionId: `projection-${randomUUID()}`,
      tenantId,
      transactional: true,
      pollIntervalMs: 5,
      batchSize: 50,
      handle: async (events, { transaction }) => {
        for (const e of events) await transaction!.query(`INSERT INTO ${table} (stream_id, stream_version) VALUES ($1, $2)`, [e.streamId, e.streamVersion]);
      },
    });
    await Promise.all([liveSub.caughtUp, projection.caughtUp]);
    return {
      async check(streams: readonly string[]) {
        const written = await headsOf(store, tenantId, streams);
        const total = [...written.values()].reduce((a, b) => a + b, 0);
        await liveSub.waitUntilCaughtUp({ timeoutMs: 30_000 });
        await projection.waitUntilCaughtUp({ timeoutMs: 30_000 });
        expect(liveSub.isCaughtUp()).toBe(true);
        await Promise.all([liveSub.stop(), projection.stop()]);
        expectEveryStreamOnceInVersionOrder(live, written);

        const projected = await store.driver.query<{ stream_id: string; stream_version: string }>(`SELECT stream_id, stream_version::text FROM ${table} ORDER BY seq`);
        expectEveryStreamOnceInVersionOrder(projected.map((r) => ({ streamId: r.stream_id, streamVersion: Number(r.stream_version) })), written);

        const catchUp: RecordedEvent[] = [];
        const late = store.subscribe({ subscriptionId: `catch-up-${randomUUID()}`, tenantId, batchSize: 41, handle: async (events) => void catchUp.push(...events) });
        await late.caughtUp;
        await late.stop();
        expectEveryStreamOnceInVersionOrder(catchUp, written);

        expectEveryStreamOnceInVersionOrder(await readLogInPages(store, tenantId, total), written);
        expect((await store.verify({ tenantId })).ok).toBe(true);
      },
    };
  }

  describe('the log’s per-stream order', () => {
    let tenantId: string;
    beforeEach(() => {
      tenantId = `tenant-${randomUUID().slice(0, 8)}`;
    });

    it('delivers each stream in version order to every reader while many-stream batches and single appends race over shared streams', async () => {
      const store = getStore();
      const readers = await readersOf(store, tenantId);
      const hot = Array.from({ length: 12 }, () => `debt-${randomUUID()}`);
      const batches = async () => {
        for (let b = 0; b < 25; b++) {
          // sorted, as a bulk writer would: heads are locked in one order, so batches do not deadlock
          const streams = [...new Set(Array.from({ length: 6 }, () => pick(hot)))].sort();
          await store.appendToStreams(
            streams.map((streamId) => ({ streamId, events: Array.from({ length: 1 + Math.floor(Math.random() * 2) }, () => event('Batched')), expectedVersion: ExpectedVersion.any })),
            { tenantId },
          );
        }
      };
      const singles = async () => {
        for (let i = 0; i < 60; i++) await store.appendToStream(pick(hot), [event('Single')], { tenantId, expectedVersion: ExpectedVersion.any });
      };
      await Promise.all([batches(), batches(), batches(), singles()]);
      await readers.check(hot);
    });

    it('delivers each stream in version order when transactions that wrote elsewhere first reach a hot stream late', async () => {
      const store = getStore();
      const readers = await readersOf(store, tenantId);
      const hot = Array.from({ length: 3 }, () => `debt-${randomUUID()}`);
      const cold: string[] = [];
      const transactions = async () => {
        for (let i = 0; i < 15; i++) {
          const own = `debtor-${randomUUID()}`;
          cold.push(own);
          await store.transaction(async (transaction) => {
            // the transaction takes its id here, at its first write ...
            await store.appendToStream(own, [event('Cold')], { tenantId, expectedVersion: ExpectedVersion.noStream, transaction });
            await sleep(Math.random() * 4);
            // ... and reaches the hot streams after younger transactions may have written them,
            // always in the same order (as an application must: two transactions taking two heads
            // in opposite orders deadlock, which PostgreSQL breaks by aborting one of them)
            const [first, second] = [pick(hot), pick(hot)].sort();
            await store.appendToStream(first!, [event('LateHot'), event('LateHot')], { tenantId, expectedVersion: ExpectedVersion.any, transaction });
            await store.appendToStream(second!, [event('LateHotSingle')], { tenantId, expectedVersion: ExpectedVersion.any, transaction });
          });
        }
      };
      const singles = async () => {
        for (let i = 0; i < 80; i++) await store.appendToStream(pick(hot), [event('Single')], { tenantId, expectedVersion: ExpectedVersion.any });
      };
      await Promise.all([transactions(), transactions(), singles(), singles()]);
      await readers.check([...hot, ...cold]);
    });

    if (concurrentTransactions) {
      it('refuses an append from a transaction older than the one that wrote the stream’s head, and runs store.transaction again', async () => {
        const store = getStore();
        const hot = `debt-${randomUUID()}`;
        await store.appendToStream(hot, [event('V1')], { tenantId, expectedVersion: ExpectedVersion.noStream });

        let tookItsId!: () => void;
        const idTaken = new Promise<void>((resolve) => (tookItsId = resolve));
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        // the driver's own transaction, to see the refusal itself
        const refused = store.driver.transaction(async (transaction) => {
          await store.appendToStream(`debtor-${randomUUID()}`, [event('First')], { tenantId, expectedVersion: ExpectedVersion.noStream, transaction });
          tookItsId();
          await released;
          return store.appendToStream(hot, [event('Late')], { tenantId, expectedVersion: ExpectedVersion.any, transaction }).catch((error: unknown) => error);
        });
        await idTaken;
        await store.appendToStream(hot, [event('V2')], { tenantId, expectedVersion: ExpectedVersion.exact(1) });
        release();
        expect(await refused).toBeInstanceOf(StreamOrderConflictError);

        let attempts = 0;
        let secondIdTaken!: () => void;
        const secondTaken = new Promise<void>((resolve) => (secondIdTaken = resolve));
        let secondRelease!: () => void;
        const secondReleased = new Promise<void>((resolve) => (secondRelease = resolve));
        const retried = store.transaction(async (transaction) => {
          attempts += 1;
          await store.appendToStream(`debtor-${randomUUID()}`, [event('First')], { tenantId, expectedVersion: ExpectedVersion.noStream, transaction });
          if (attempts === 1) {
            secondIdTaken();
            await secondReleased;
          }
          await store.appendToStream(hot, [event('FromTransaction'), event('FromTransaction')], { tenantId, expectedVersion: ExpectedVersion.any, transaction });
        });
        await secondTaken;
        await store.appendToStream(hot, [event('V3')], { tenantId, expectedVersion: ExpectedVersion.exact(2) });
        secondRelease();
        await retried;
        expect(attempts).toBe(2);
        const { events } = await store.readStream(hot, { tenantId });
        expect(events.map((e) => e.type)).toEqual(['V1', 'V2', 'V3', 'FromTransaction', 'FromTransaction']);
        const log = await readLogInPages(store, tenantId, 5 + 2);
        expectEveryStreamOnceInVersionOrder(log.filter((e) => e.streamId === hot), new Map([[hot, 5]]));
      });

      it('holds readers at a transaction left open, names it in an alert, then delivers every stream in version order', async () => {
        const store = getStore();
        const hot = `debt-${randomUUID()}`;
        await store.appendToStream(hot, [event('V1')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        const seen: RecordedEvent[] = [];
        const stalls: ReaderStall[] = [];
        const sub = store.subscribe({
          subscriptionId: `held-${randomUUID()}`,
          tenantId,
          pollIntervalMs: 10,
          stallAlertAfterMs: 200,
          onStall: (stall) => stalls.push(stall),
          handle: async (events) => void seen.push(...events),
        });
        await sub.caughtUp;
        await sub.waitUntilCaughtUp({ timeoutMs: 10_000 });

        let opened!: (pid: number) => void;
        const holder = new Promise<number>((resolve) => (opened = resolve));
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        const held = store.driver.transaction(async (transaction) => {
          const [row] = await transaction.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await store.appendToStream(`debtor-${randomUUID()}`, [event('Held')], { tenantId, expectedVersion: ExpectedVersion.noStream, transaction });
          opened(Number(row!.pid));
          await released;
        });
        const pid = await holder;
        await store.appendToStream(hot, [event('V2')], { tenantId, expectedVersion: ExpectedVersion.exact(1) });
        await store.appendToStream(hot, [event('V3')], { tenantId, expectedVersion: ExpectedVersion.exact(2) });

        await eventually(() => expect(stalls.length).toBeGreaterThan(0));
        expect(sub.isCaughtUp()).toBe(false);
        expect(sub.heldBackMs()).toBeGreaterThanOrEqual(200);
        expect(seen.map((e) => e.type)).toEqual(['V1']); // V2 and V3 are committed, but behind the open transaction
        const [{ database } = { database: '' }] = await store.driver.query<{ database: string }>('SELECT current_database() AS database');
        const blocker = stalls.at(-1)!.blockers.find((b) => b.pid === pid);
        expect(blocker).toMatchObject({ pid, database });
        expect(blocker!.ageMs).toBeGreaterThanOrEqual(200);
        expect(describeStall(stalls.at(-1)!)).toMatch(/cannot read for \d+\.\d s: the oldest open transaction is/);

        const caughtUp = sub.waitUntilCaughtUp({ timeoutMs: 10_000 });
        release();
        await held;
        await caughtUp;
        expect(sub.isCaughtUp()).toBe(true);
        expect(sub.heldBackMs()).toBe(0);
        await sub.stop();
        // the held transaction's id is older than V2's and V3's: its event comes first
        expect(seen.map((e) => e.type)).toEqual(['V1', 'Held', 'V2', 'V3']);
      });
    }
  });
}
