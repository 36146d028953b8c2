import { randomUUID } from 'node:crypto';
import { eventually } from '@collections/shared-testing';
import {
  IdempotencyConflictError,
  StreamTenantMismatchError,
  WrongExpectedVersionError,
} from '../errors';
import { ExpectedVersion, type NewEvent, type RecordedEvent } from '../event-store.port';
import { EVENT_STORE_MIGRATIONS } from '../migrations';
import type { SqlEventStore, SqlEventStoreOptions } from '../sql-event-store';
import { describeLogOrderContract } from './log-order.contract';

/**
 * The behaviour every event-store adapter must show, run by each adapter's
 * int-spec against a real engine. `concurrentTransactions` is false for PGlite,
 * whose single backend runs transactions one after another: there the late-commit
 * case cannot arise, and the suite proves the serialisation that rules it out.
 */
export interface EventStoreHarness {
  readonly concurrentTransactions: boolean;
  open(): Promise<SqlEventStore>;
  /** Another store over the same database (e.g. with upcasters); not closed by the suite. */
  reopen(options: SqlEventStoreOptions): Promise<SqlEventStore>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function event(type: string, data: Record<string, unknown> = {}, schemaVersion?: number): NewEvent {
  return { eventId: randomUUID(), type, data, ...(schemaVersion ? { schemaVersion } : {}), metadata: { actor: 'test' } };
}

const types = (events: readonly RecordedEvent[]) => events.map((e) => e.type);

export function describeEventStoreContract(adapter: string, makeHarness: () => EventStoreHarness): void {
  describe(`${adapter} event store`, () => {
    const harness = makeHarness();
    let store: SqlEventStore;
    let tenantId: string;
    const stream = (category = 'debt') => `${category}-${randomUUID()}`;

    beforeAll(async () => {
      store = await harness.open();
    });
    afterAll(async () => {
      await harness.close();
    });
    beforeEach(() => {
      tenantId = `tenant-${randomUUID().slice(0, 8)}`;
    });

    describe('appending and reading a stream', () => {
      it('reads back appended events in order with versions, tenant, metadata and a hash chain', async () => {
        const id = stream();
        const result = await store.appendToStream(id, [event('DebtRegistered', { amount: 100 }), event('DebtBecameOverdue')], {
          tenantId,
          expectedVersion: ExpectedVersion.noStream,
        });
        expect(result).toMatchObject({ nextExpectedVersion: 2, alreadyAppended: false });
        expect(result.lastPosition).toBeGreaterThan(result.firstPosition);

        const read = await store.readStream(id, { tenantId });
        expect(read.currentVersion).toBe(2);
        expect(read.events.map((e) => [e.type, e.streamVersion, e.tenantId, e.streamCategory])).toEqual([
          ['DebtRegistered', 1, tenantId, 'debt'],
          ['DebtBecameOverdue', 2, tenantId, 'debt'],
        ]);
        expect(read.events[0]?.data).toEqual({ amount: 100 });
        expect(read.events[0]?.metadata).toEqual({ actor: 'test' });
        expect(read.events[0]?.prevHash).toBe('00'.repeat(32));
        expect(read.events[1]?.prevHash).toBe(read.events[0]?.hash);
      });

      it('reads backwards, from a version and a limited number of events', async () => {
        const id = stream();
        await store.appendToStream(id, [1, 2, 3, 4, 5].map((n) => event(`E${n}`)), { tenantId, expectedVersion: ExpectedVersion.any });
        expect(types((await store.readStream(id, { tenantId, direction: 'backwards' })).events)).toEqual(['E5', 'E4', 'E3', 'E2', 'E1']);
        expect(types((await store.readStream(id, { tenantId, fromVersion: 3 })).events)).toEqual(['E3', 'E4', 'E5']);
        const page = await store.readStream(id, { tenantId, direction: 'backwards', fromVersion: 4, maxCount: 2 });
        expect(types(page.events)).toEqual(['E4', 'E3']);
        expect(page.currentVersion).toBe(5);
      });

      it('reads several streams of a tenant in one call, each in its order, a missing or foreign one as empty', async () => {
        const [a, b, missing] = [stream(), stream(), stream()];
        await store.appendToStream(a, [event('A1'), event('A2')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        await store.appendToStream(b, [event('B1')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        const read = await store.readStreams([a, b, missing], { tenantId });
        expect([...read.entries()].map(([id, events]) => [id, types(events), events.map((e) => e.streamVersion)])).toEqual([
          [a, ['A1', 'A2'], [1, 2]],
          [b, ['B1'], [1]],
          [missing, [], []],
        ]);
        expect([...(await store.readStreams([a, b], { tenantId: `${tenantId}-other` })).values()]).toEqual([[], []]);
      });

      it('reports a stream that does not exist as empty at version 0', async () => {
        const read = await store.readStream(stream(), { tenantId });
        expect(read).toEqual({ events: [], currentVersion: 0, exists: false });
      });
    });

    describe('appending to many streams at once', () => {
      it('appends to every stream in one call, in order, and keeps each stream’s chain', async () => {
        const ids = [stream(), stream(), stream()];
        expect(await store.existingStreams(ids, { tenantId })).toEqual(new Set());
        const results = await store.appendToStreams(
          ids.map((id, i) => ({ streamId: id, events: [event(`A${i}`), event(`B${i}`)], expectedVersion: ExpectedVersion.noStream })),
          { tenantId },
        );
        expect(results.map((r) => [r.streamId, r.nextExpectedVersion])).toEqual(ids.map((id) => [id, 2]));
        for (const [i, id] of ids.entries()) expect(types((await store.readStream(id, { tenantId })).events)).toEqual([`A${i}`, `B${i}`]);
        expect((await store.verify({ tenantId })).ok).toBe(true);
        expect(await store.existingStreams([ids[0]!, stream(), ids[2]!], { tenantId })).toEqual(new Set([ids[0], ids[2]]));
        // another tenant learns nothing of these streams
        expect(await store.existingStreams(ids, { tenantId: `${tenantId}-other` })).toEqual(new Set());
      });

      it('appends nothing when one of the streams is not at the expected version', async () => {
        const taken = stream();
        await store.appendToStream(taken, [event('Existing')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        const fresh = stream();
        await expect(
          store.appendToStreams(
            [
              { streamId: fresh, events: [event('New')], expectedVersion: ExpectedVersion.noStream },
              { streamId: taken, events: [event('Clash')], expectedVersion: ExpectedVersion.noStream },
            ],
            { tenantId },
          ),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect((await store.readStream(fresh, { tenantId })).exists).toBe(false);
        expect(types((await store.readStream(taken, { tenantId })).events)).toEqual(['Existing']);
      });
    });

    describe('optimistic concurrency', () => {
      it('rejects an append whose expected version is not the current one, naming both', async () => {
        const id = stream();
        await store.appendToStream(id, [event('A'), event('B')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        const attempt = store.appendToStream(id, [event('C')], { tenantId, expectedVersion: ExpectedVersion.exact(1) });
        await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(attempt).rejects.toMatchObject({ streamId: id, expected: '1', actual: 2 });
        await expect(store.appendToStream(id, [event('C')], { tenantId, expectedVersion: ExpectedVersion.noStream })).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
        await expect(
          store.appendToStream(stream(), [event('C')], { tenantId, expectedVersion: ExpectedVersion.streamExists }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect((await store.readStream(id, { tenantId })).currentVersion).toBe(2);
      });

      it('lets exactly one of 20 concurrent writers expecting the same version win', async () => {
        const id = stream();
        await store.appendToStream(id, [event('Opened')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            store.appendToStream(id, [event(`Writer${i}`)], { tenantId, expectedVersion: ExpectedVersion.exact(1) }),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        expect(lost.every((o) => o.reason instanceof WrongExpectedVersionError)).toBe(true);
        expect((await store.readStream(id, { tenantId })).events.map((e) => e.streamVersion)).toEqual([1, 2]);
      });

      it('writes each version exactly once when 20 writers retry their conflicts', async () => {
        const id = stream();
        let conflicts = 0;
        await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            for (;;) {
              const { currentVersion } = await store.readStream(id, { tenantId });
              try {
                await store.appendToStream(id, [event(`Writer${i}`)], { tenantId, expectedVersion: ExpectedVersion.exact(currentVersion) });
                return;
              } catch (error) {
                if (!(error instanceof WrongExpectedVersionError)) throw error;
                conflicts += 1;
              }
            }
          }),
        );
        const { events } = await store.readStream(id, { tenantId });
        expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(new Set(types(events))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `Writer${i}`)));
        expect(conflicts).toBeGreaterThan(0);
        expect((await store.verify({ streamId: id })).ok).toBe(true);
      });
    });

    describe('appends that expect any version', () => {
      it('lands all of 20 concurrent single-event appends, each version once, the chain intact', async () => {
        const id = stream();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.appendToStream(id, [event(`Any${i}`)], { tenantId, expectedVersion: ExpectedVersion.any })),
        );
        expect(results.map((r) => r.nextExpectedVersion).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        const { events } = await store.readStream(id, { tenantId });
        expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect((await store.verify({ streamId: id })).ok).toBe(true);
      });
    });

    describe('idempotent appends', () => {
      it('treats a retried append with the same event ids as a no-op returning the first result', async () => {
        const id = stream();
        const batch = [event('A'), event('B')];
        const first = await store.appendToStream(id, batch, { tenantId, expectedVersion: ExpectedVersion.noStream });
        await store.appendToStream(id, [event('C')], { tenantId, expectedVersion: ExpectedVersion.exact(2) });
        // the retry still carries the expected version of the first attempt
        const retry = await store.appendToStream(id, batch, { tenantId, expectedVersion: ExpectedVersion.noStream });
        expect(retry).toEqual({ ...first, alreadyAppended: true });
        expect(types((await store.readStream(id, { tenantId })).events)).toEqual(['A', 'B', 'C']);
      });

      it('gives concurrent identical appends one effect', async () => {
        const id = stream();
        const batch = [event('A')];
        const results = await Promise.all(
          Array.from({ length: 5 }, () => store.appendToStream(id, batch, { tenantId, expectedVersion: ExpectedVersion.noStream })),
        );
        expect(results.filter((r) => !r.alreadyAppended)).toHaveLength(1);
        expect(new Set(results.map((r) => r.lastPosition)).size).toBe(1);
        expect((await store.readStream(id, { tenantId })).events).toHaveLength(1);
      });

      it('rejects an append where only some event ids are already stored', async () => {
        const id = stream();
        const a = event('A');
        await store.appendToStream(id, [a], { tenantId, expectedVersion: ExpectedVersion.noStream });
        await expect(store.appendToStream(id, [a, event('B')], { tenantId, expectedVersion: ExpectedVersion.any })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        await expect(store.appendToStream(id, [event('C'), a], { tenantId, expectedVersion: ExpectedVersion.any })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        await expect(store.appendToStream(stream(), [a], { tenantId, expectedVersion: ExpectedVersion.any })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        expect((await store.readStream(id, { tenantId })).currentVersion).toBe(1);
      });
    });

    describe('as-of reads', () => {
      it('shows a stream as it was at a past instant', async () => {
        const id = stream();
        await store.appendToStream(id, [event('A'), event('B')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        await sleep(30);
        const between = new Date();
        await sleep(30);
        await store.appendToStream(id, [event('C')], { tenantId, expectedVersion: ExpectedVersion.exact(2) });

        const then = await store.readStream(id, { tenantId, asOf: { instant: between } });
        expect(types(then.events)).toEqual(['A', 'B']);
        expect(then.currentVersion).toBe(2);
        const before = await store.readStream(id, { tenantId, asOf: { instant: new Date(Date.now() - 3_600_000) } });
        expect(before).toEqual({ events: [], currentVersion: 0, exists: false });
      });

      it('gives each event the instant it was stored, to the millisecond, and reads as of exactly that instant', async () => {
        const id = stream();
        const appendedAfter = Date.now();
        await store.appendToStream(id, [event('A')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        const [recorded] = (await store.readStream(id, { tenantId })).events;
        const [row] = await store.driver.query<{ ms: string }>(
          `SELECT (extract(epoch FROM date_trunc('milliseconds', recorded_at)) * 1000)::bigint::text AS ms FROM es_events WHERE stream_id = $1`,
          [id],
        );
        expect(recorded!.recordedAt.getTime()).toBe(Number(row!.ms));
        expect(recorded!.recordedAt.getTime()).toBeGreaterThanOrEqual(appendedAfter - 1_000); // same clock, give or take
        // the log shows a commit once no older transaction is still running anywhere on the
        // server (the horizon): on a busy server, that can take a moment
        let logged: RecordedEvent | undefined;
        for (const deadline = Date.now() + 20_000; !logged && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
          [logged] = (await store.readAll({ tenantId })).events.filter((e) => e.streamId === id);
        }
        expect(logged!.recordedAt).toEqual(recorded!.recordedAt);
        // recordedAt is truncated to the millisecond: as of that instant plus 1 ms, the event is there
        expect((await store.readStream(id, { tenantId, asOf: { instant: new Date(recorded!.recordedAt.getTime() + 1) } })).events).toHaveLength(1);
      });

      it('shows a stream as it was at a global log position', async () => {
        const id = stream();
        const first = await store.appendToStream(id, [event('A'), event('B')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        await store.appendToStream(stream(), [event('Other')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        await store.appendToStream(id, [event('C')], { tenantId, expectedVersion: ExpectedVersion.exact(2) });

        const atFirst = await store.readStream(id, { tenantId, asOf: { position: first.firstPosition } });
        expect(types(atFirst.events)).toEqual(['A']);
        const atSecond = await store.readStream(id, { tenantId, asOf: { position: first.lastPosition }, maxCount: 10, fromVersion: 1 });
        expect(types(atSecond.events)).toEqual(['A', 'B']);
        expect(atSecond.currentVersion).toBe(2);
      });
    });

    describe('the global log', () => {
      it('reads every event in commit order, filtered by tenant and category', async () => {
        const other = `tenant-${randomUUID().slice(0, 8)}`;
        const debt = stream('debt');
        const debtor = stream('debtor');
        await store.appendToStream(debt, [event('D1')], { tenantId, expectedVersion: ExpectedVersion.any });
        await store.appendToStream(stream('debt'), [event('Foreign')], { tenantId: other, expectedVersion: ExpectedVersion.any });
        await store.appendToStream(debtor, [event('P1')], { tenantId, expectedVersion: ExpectedVersion.any });
        await store.appendToStream(debt, [event('D2')], { tenantId, expectedVersion: ExpectedVersion.any });

        // Eventually: a transaction open anywhere on the server (ids are cluster-wide)
        // holds committed events back until it ends; they are then read, never skipped.
        const all = await eventually(async () => {
          const read = await store.readAll({ tenantId });
          expect(types(read.events)).toEqual(['D1', 'P1', 'D2']);
          return read;
        });
        const positions = all.events.map((e) => e.globalPosition);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        await eventually(async () => expect(types((await store.readAll({ tenantId, categories: ['debt'] })).events)).toEqual(['D1', 'D2']));

        const page1 = await store.readAll({ tenantId, maxCount: 2 });
        const page2 = await store.readAll({ tenantId, maxCount: 2, after: page1.cursor });
        expect([...types(page1.events), ...types(page2.events)]).toEqual(['D1', 'P1', 'D2']);
      });

      it('counts the events after a reader’s cursor, by tenant and category, up to a cap', async () => {
        const mine = `tenant-${randomUUID().slice(0, 8)}`;
        await store.appendToStream(stream('debt'), [event('D1'), event('D2'), event('D3')], { tenantId: mine, expectedVersion: ExpectedVersion.noStream });
        await store.appendToStream(stream('debtor'), [event('P1')], { tenantId: mine, expectedVersion: ExpectedVersion.noStream });
        const { events } = await eventually(async () => {
          const read = await store.readAll({ tenantId: mine });
          expect(read.events).toHaveLength(4);
          return read;
        });
        const [afterFirst] = events.map((e) => ({ transactionId: e.transactionId, position: e.globalPosition }));
        expect(await store.countEventsAfter(afterFirst!, { tenantId: mine, max: 100 })).toBe(3);
        expect(await store.countEventsAfter(afterFirst!, { tenantId: mine, categories: ['debtor'], max: 100 })).toBe(1);
        expect(await store.countEventsAfter(afterFirst!, { tenantId: mine, max: 2 })).toBe(2);
        expect(await store.countEventsAfter(afterFirst!, { tenantId: mine, categories: [], max: 100 })).toBe(0);
      });

      it('keeps flowing past the hole a rolled-back append leaves in positions', async () => {
        const id = stream();
        await store.appendToStream(id, [event('Before')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        await expect(
          store.transaction(async (transaction) => {
            await store.appendToStream(id, [event('RolledBack')], { tenantId, expectedVersion: ExpectedVersion.exact(1), transaction });
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        await store.appendToStream(id, [event('After')], { tenantId, expectedVersion: ExpectedVersion.exact(1) });
        const { events } = await eventually(async () => {
          const read = await store.readAll({ tenantId });
          expect(types(read.events)).toEqual(['Before', 'After']);
          return read;
        });
        expect(Number((events[1]?.globalPosition ?? 0n) - (events[0]?.globalPosition ?? 0n))).toBeGreaterThan(1);
        expect((await store.verify({ tenantId })).ok).toBe(true);
      });
    });

    describe('subscriptions', () => {
      it('catches up, then receives live events, each once, and resumes from its checkpoint', async () => {
        const id = stream();
        await store.appendToStream(id, [event('A'), event('B')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        const seen: string[] = [];
        const subscriptionId = `sub-${randomUUID()}`;
        const sub = store.subscribe({ subscriptionId, tenantId, pollIntervalMs: 20, handle: async (events) => void seen.push(...types(events)) });
        await sub.caughtUp;
        expect(seen).toEqual(['A', 'B']);
        await store.appendToStream(id, [event('C')], { tenantId, expectedVersion: ExpectedVersion.exact(2) });
        await eventually(() => expect(seen).toEqual(['A', 'B', 'C']));
        await sub.stop();

        await store.appendToStream(id, [event('D')], { tenantId, expectedVersion: ExpectedVersion.exact(3) });
        const resumed: string[] = [];
        const again = store.subscribe({ subscriptionId, tenantId, pollIntervalMs: 20, handle: async (events) => void resumed.push(...types(events)) });
        await again.caughtUp;
        await again.stop();
        expect(resumed).toEqual(['D']);
      });

      it('commits a transactional handler’s writes with its checkpoint, and neither when it fails', async () => {
        await store.driver.exec('CREATE TABLE IF NOT EXISTS contract_projection (event_id uuid PRIMARY KEY, tenant_id text NOT NULL)');
        const id = stream();
        await store.appendToStream(id, [event('A'), event('B')], { tenantId, expectedVersion: ExpectedVersion.noStream });
        let failuresLeft = 2;
        const errors: unknown[] = [];
        const subscriptionId = `projection-${randomUUID()}`;
        const sub = store.subscribe({
          subscriptionId,
          tenantId,
          transactional: true,
          pollIntervalMs: 20,
          onError: (error) => errors.push(error),
          handle: async (events, { transaction }) => {
            for (const e of events) {
              await transaction!.query('INSERT INTO contract_projection (event_id, tenant_id) VALUES ($1, $2)', [e.eventId, e.tenantId]);
            }
            if (failuresLeft-- > 0) throw new Error('projection crashed after writing');
          },
        });
        await sub.caughtUp;
        await sub.stop();
        expect(errors).toHaveLength(2);
        const rows = await store.driver.query<{ n: string }>('SELECT count(*)::text AS n FROM contract_projection WHERE tenant_id = $1', [tenantId]);
        expect(rows[0]?.n).toBe('2'); // a duplicate insert would have thrown on the primary key
        const checkpoint = await store.readCheckpoint(subscriptionId);
        const last = (await store.readStream(id, { tenantId })).events[1];
        expect(checkpoint).toEqual({ transactionId: last?.transactionId, position: last?.globalPosition });
      });

      if (harness.concurrentTransactions) {
        it('delivers an event whose transaction took an early position but committed late, once, in commit order', async () => {
          const early = stream();
          let release!: () => void;
          const held = new Promise<void>((resolve) => (release = resolve));
          let signalAppended!: () => void;
          const appended = new Promise<void>((resolve) => (signalAppended = resolve));
          const slowTransaction = store.transaction(async (transaction) => {
            await store.appendToStream(early, [event('Early')], { tenantId, expectedVersion: ExpectedVersion.noStream, transaction });
            signalAppended();
            await held;
          });
          await appended;

          const seen: RecordedEvent[] = [];
          const sub = store.subscribe({ subscriptionId: `late-${randomUUID()}`, tenantId, pollIntervalMs: 10, handle: async (events) => void seen.push(...events) });
          try {
            await sub.caughtUp;
            await store.appendToStream(stream(), [event('Later1')], { tenantId, expectedVersion: ExpectedVersion.noStream });
            await store.appendToStream(stream(), [event('Later2')], { tenantId, expectedVersion: ExpectedVersion.noStream });
            await sleep(300);
            // Later1 and Later2 are committed, but reading them now would move the cursor past Early.
            expect(seen).toEqual([]);

            release();
            await slowTransaction;
            await eventually(() => expect(types(seen)).toEqual(['Early', 'Later1', 'Later2']));
            await sleep(200);
          } finally {
            // whatever failed above, the held transaction ends: left open, it would hold back
            // every log reader on the server (the horizon is the server's oldest transaction)
            release();
            await slowTransaction.catch(() => undefined);
            await sub.stop();
          }
          expect(types(seen)).toEqual(['Early', 'Later1', 'Later2']);
          // Early really holds the lowest position: a position-only cursor would have skipped it.
          expect(seen[0]!.globalPosition < seen[1]!.globalPosition).toBe(true);
        });
      } else {
        it('runs transactions one at a time, so no event can commit behind a later one', async () => {
          let release!: () => void;
          const held = new Promise<void>((resolve) => (release = resolve));
          let signalAppended!: () => void;
          const appended = new Promise<void>((resolve) => (signalAppended = resolve));
          const slowTransaction = store.transaction(async (transaction) => {
            await store.appendToStream(stream(), [event('Early')], { tenantId, expectedVersion: ExpectedVersion.noStream, transaction });
            signalAppended();
            await held;
          });
          await appended;
          let laterDone = false;
          const later = store
            .appendToStream(stream(), [event('Later')], { tenantId, expectedVersion: ExpectedVersion.noStream })
            .then(() => (laterDone = true));
          try {
            await sleep(300);
            expect(laterDone).toBe(false);
          } finally {
            release();
          }
          await Promise.all([slowTransaction, later]);

          const seen: RecordedEvent[] = [];
          const sub = store.subscribe({ subscriptionId: `late-${randomUUID()}`, tenantId, pollIntervalMs: 10, handle: async (events) => void seen.push(...events) });
          await sub.caughtUp;
          await sub.stop();
          expect(types(seen)).toEqual(['Early', 'Later']);
          expect(seen[0]!.globalPosition < seen[1]!.globalPosition).toBe(true);
        });
      }
    });

    describeLogOrderContract(() => store, harness.concurrentTransactions);

    describe('tamper evidence', () => {
      /** What only a superuser can do: with triggers off, the append-only trigger does not stop it. */
      async function tamper(sql: string, params: readonly unknown[]): Promise<void> {
        await store.driver.transaction(async (tx) => {
          await tx.query('SET LOCAL session_replication_role = replica');
          await tx.query(sql, params);
        });
      }

      it('refuses UPDATE, DELETE and TRUNCATE of events, whatever the role', async () => {
        const id = await threeEvents();
        for (const sql of [`UPDATE es_events SET data = '{}' WHERE stream_id = $1`, 'DELETE FROM es_events WHERE stream_id = $1']) {
          await expect(store.driver.query(sql, [id])).rejects.toMatchObject({ code: 'EVS07' });
        }
        await expect(store.driver.query('TRUNCATE es_events')).rejects.toMatchObject({ code: 'EVS07' });
        expect(await store.verify({ tenantId })).toMatchObject({ ok: true, eventsChecked: 3 });
      });

      async function threeEvents(): Promise<string> {
        const id = stream();
        await store.appendToStream(id, [event('A', { amount: 1 }), event('B', { amount: 2 }), event('C', { amount: 3 })], {
          tenantId,
          expectedVersion: ExpectedVersion.noStream,
        });
        expect(await store.verify({ tenantId })).toMatchObject({ ok: true, eventsChecked: 3, streamsChecked: 1 });
        return id;
      }

      it('reports an UPDATE of an event’s data at that stream and version', async () => {
        const id = await threeEvents();
        await tamper(`UPDATE es_events SET data = '{"amount": 999}' WHERE stream_id = $1 AND stream_version = 2`, [id]);
        const report = await store.verify({ tenantId });
        expect(report.ok).toBe(false);
        expect(report.breaks).toEqual([expect.objectContaining({ streamId: id, tenantId, streamVersion: 2, reason: 'hash-mismatch' })]);
      });

      it('reports an UPDATE that also recomputed the event’s own hash where the chain then breaks', async () => {
        const id = await threeEvents();
        await tamper(
          `UPDATE es_events SET data = '{"amount": 999}',
                  hash = es_event_hash(prev_hash, event_id, tenant_id, stream_id, stream_version, event_type, schema_version,
                                       '{"amount": 999}'::jsonb, metadata, recorded_at)
            WHERE stream_id = $1 AND stream_version = 2`,
          [id],
        );
        expect((await store.verify({ streamId: id })).breaks).toEqual([
          expect.objectContaining({ streamId: id, streamVersion: 3, reason: 'prev-hash-mismatch' }),
        ]);
      });

      it('reports a DELETE of an event in the middle of a stream', async () => {
        const id = await threeEvents();
        await tamper('DELETE FROM es_events WHERE stream_id = $1 AND stream_version = 2', [id]);
        expect((await store.verify({ tenantId })).breaks).toEqual([
          expect.objectContaining({ streamId: id, streamVersion: 3, reason: 'version-gap' }),
        ]);
      });

      it('reports a DELETE of the last event of a stream', async () => {
        const id = await threeEvents();
        await tamper('DELETE FROM es_events WHERE stream_id = $1 AND stream_version = 3', [id]);
        expect((await store.verify({ tenantId })).breaks).toEqual([
          expect.objectContaining({ streamId: id, streamVersion: 3, reason: 'head-mismatch' }),
        ]);
      });

      it('reports an INSERT made directly in SQL, even one with a correctly computed hash', async () => {
        const forged = await threeEvents();
        await store.driver.query(
          `INSERT INTO es_events (tenant_id, stream_id, stream_category, stream_version, event_id, event_type, schema_version,
                                  data, metadata, recorded_at, prev_hash, hash)
           SELECT tenant_id, stream_id, stream_category, 4, gen_random_uuid(), 'PaymentReceived', 1, '{"amount": 3}', '{}', now(),
                  hash, sha256('made up'::bytea)
             FROM es_events WHERE stream_id = $1 AND stream_version = 3`,
          [forged],
        );
        expect((await store.verify({ tenantId })).breaks).toEqual([
          expect.objectContaining({ streamId: forged, streamVersion: 4, reason: 'hash-mismatch' }),
        ]);

        tenantId = `tenant-${randomUUID().slice(0, 8)}`; // a clean tenant for the careful forger
        const careful = await threeEvents();
        await store.driver.query(
          `INSERT INTO es_events (tenant_id, stream_id, stream_category, stream_version, event_id, event_type, schema_version,
                                  data, metadata, recorded_at, prev_hash, hash)
           SELECT tenant_id, stream_id, stream_category, 4, x.id, 'PaymentReceived', 1, '{"amount": 3}', '{}', x.at, hash,
                  es_event_hash(hash, x.id, tenant_id, stream_id, 4, 'PaymentReceived', 1, '{"amount": 3}', '{}', x.at)
             FROM es_events, (SELECT gen_random_uuid() AS id, now() AS at) x
            WHERE stream_id = $1 AND stream_version = 3`,
          [careful],
        );
        const report = await store.verify({ streamId: careful });
        expect(report.breaks).toEqual([expect.objectContaining({ streamId: careful, streamVersion: 4, reason: 'head-mismatch' })]);
      });

      it('reports events inserted for a stream the store never created', async () => {
        await threeEvents();
        const ghost = stream();
        await store.driver.query(
          `INSERT INTO es_events (tenant_id, stream_id, stream_category, stream_version, event_id, event_type, schema_version,
                                  data, metadata, recorded_at, prev_hash, hash)
           VALUES ($1, $2, 'debt', 1, gen_random_uuid(), 'DebtRegistered', 1, '{}', '{}', now(), '\\x00'::bytea, '\\x00'::bytea)`,
          [tenantId, ghost],
        );
        expect((await store.verify({ tenantId })).breaks).toContainEqual(
          expect.objectContaining({ streamId: ghost, streamVersion: 1, reason: 'stream-missing' }),
        );
      });
    });

    describe('tenant isolation', () => {
      it('never shows one tenant’s events to another, by stream, log or verification', async () => {
        const other = `tenant-${randomUUID().slice(0, 8)}`;
        const id = stream();
        await store.appendToStream(id, [event('Secret')], { tenantId, expectedVersion: ExpectedVersion.noStream });

        expect(await store.readStream(id, { tenantId: other })).toEqual({ events: [], currentVersion: 0, exists: false });
        expect((await store.readAll({ tenantId: other })).events).toEqual([]);
        expect(await store.verify({ tenantId: other })).toMatchObject({ ok: true, eventsChecked: 0 });
        await expect(store.appendToStream(id, [event('Hijack')], { tenantId: other, expectedVersion: ExpectedVersion.any })).rejects.toBeInstanceOf(
          StreamTenantMismatchError,
        );
        expect(types((await store.readStream(id, { tenantId })).events)).toEqual(['Secret']);
      });
    });

    describe('schema evolution', () => {
      it('upcasts old event schemas at read time without rewriting the stored rows', async () => {
        const id = stream();
        await store.appendToStream(id, [event('DebtRegistered', { amountInReais: '12.34' }, 1)], { tenantId, expectedVersion: ExpectedVersion.noStream });
        const upcasting = await harness.reopen({
          migrate: false,
          upcasters: [
            {
              eventType: 'DebtRegistered',
              fromSchemaVersion: 1,
              upcast: (data) => ({ amount: { amount: Math.round(Number((data as { amountInReais: string }).amountInReais) * 100), currency: 'BRL' } }),
            },
            { eventType: 'DebtRegistered', fromSchemaVersion: 2, upcast: (data) => ({ ...(data as object), installments: 1 }) },
          ],
        });
        const [read] = (await upcasting.readStream(id, { tenantId })).events;
        expect(read).toMatchObject({
          schemaVersion: 3,
          storedSchemaVersion: 1,
          data: { amount: { amount: 1234, currency: 'BRL' }, installments: 1 },
        });
        const [raw] = (await store.readStream(id, { tenantId })).events;
        expect(raw).toMatchObject({ schemaVersion: 1, data: { amountInReais: '12.34' } });
        expect((await store.verify({ streamId: id })).ok).toBe(true);
      });
    });

    describe('migrations', () => {
      it('runs each migration once, however often the store is opened', async () => {
        await harness.reopen({});
        await harness.reopen({});
        const rows = await store.driver.query<{ version: number }>('SELECT version FROM es_schema_migrations ORDER BY version');
        expect(rows.map((r) => Number(r.version))).toEqual(EVENT_STORE_MIGRATIONS.map((m) => m.version));
      });
    });
  });
}
