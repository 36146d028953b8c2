import { PgliteDriver, type SqlDriver } from '@collections/shared-event-store';
import { ValidationError } from '@collections/shared-kernel';
import { IdempotencyStore } from './idempotency';
import { RuleViolationProblem } from './problem-details';

describe('idempotency keys', () => {
  let driver: PgliteDriver;
  let store: IdempotencyStore;
  beforeAll(async () => {
    driver = await PgliteDriver.create();
    store = await IdempotencyStore.open(driver);
  });
  afterAll(() => driver.close());

  it('runs a request once and replays its first response for a repeat', async () => {
    let runs = 0;
    const work = async () => ({ statusCode: 201, body: { id: `created-${++runs}` } });
    const first = await store.run('tenant-a', 'key-00000001', 'hash-1', work);
    const repeat = await store.run('tenant-a', 'key-00000001', 'hash-1', work);
    expect(first).toEqual({ statusCode: 201, body: { id: 'created-1' }, replayed: false });
    expect(repeat).toEqual({ statusCode: 201, body: { id: 'created-1' }, replayed: true });
    expect(runs).toBe(1);
  });

  it('keeps keys per tenant', async () => {
    const a = await store.run('tenant-a', 'shared-key-1', 'h', async () => ({ statusCode: 201, body: 'a' }));
    const b = await store.run('tenant-b', 'shared-key-1', 'h', async () => ({ statusCode: 201, body: 'b' }));
    expect([a.body, b.body]).toEqual(['a', 'b']);
  });

  it('refuses a key reused for a different request', async () => {
    await store.run('tenant-a', 'key-00000002', 'hash-1', async () => ({ statusCode: 201, body: null }));
    await expect(store.run('tenant-a', 'key-00000002', 'hash-2', async () => ({ statusCode: 201, body: null }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 422,
    });
  });

  it('releases the key when the request failed, so a retry runs it', async () => {
    await expect(store.run('tenant-a', 'key-00000003', 'h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const retry = await store.run('tenant-a', 'key-00000003', 'h', async () => ({ statusCode: 200, body: 'ok' }));
    expect(retry.replayed).toBe(false);
  });

  it('requires a well-formed key', async () => {
    await expect(store.run('tenant-a', undefined, 'h', async () => ({ statusCode: 200, body: null }))).rejects.toBeInstanceOf(ValidationError);
    await expect(store.run('tenant-a', 'short', 'h', async () => ({ statusCode: 200, body: null }))).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers 409 to a repeat that arrives while the first is still running', async () => {
    let release!: () => void;
    const slow = store.run('tenant-a', 'key-00000004', 'h', () => new Promise((resolve) => (release = () => resolve({ statusCode: 201, body: 1 }))));
    await new Promise((r) => setTimeout(r, 20));
    await expect(store.run('tenant-a', 'key-00000004', 'h', async () => ({ statusCode: 201, body: 2 }))).rejects.toBeInstanceOf(RuleViolationProblem);
    release();
    expect((await slow).body).toBe(1);
  });

  describe('after a crash or a failure', () => {
    const secret = new Uint8Array(32).fill(9);

    /** A driver that stops answering when its process "dies": renewals stop, as they would. */
    function mortal(): { driver: SqlDriver; die(): void } {
      let dead = false;
      const guard = <T>(run: () => Promise<T>): Promise<T> => (dead ? Promise.reject(new Error('process died')) : run());
      const proxy: SqlDriver = {
        engine: driver.engine,
        query: (sql, params) => guard(() => driver.query(sql, params)),
        queryPrepared: (name, sql, params) => guard(() => driver.queryPrepared(name, sql, params)),
        exec: (sql) => guard(() => driver.exec(sql)),
        transaction: (work) => guard(() => driver.transaction(work)),
        listen: (channel, onNotify) => driver.listen(channel, onNotify),
        close: async () => undefined,
      };
      return { driver: proxy, die: () => (dead = true) };
    }

    it('lets a retry take over the claim of a process that died mid-request, after its lease, with the same ids', async () => {
      const first = mortal();
      const dying = new IdempotencyStore(first.driver, { secret, leaseMs: 150 });
      const survivor = new IdempotencyStore(driver, { secret, leaseMs: 150 });
      let firstIds: string[] = [];
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      void dying.run('tenant-a', 'crash-key-0001', 'h', async ({ ids }) => {
        firstIds = [ids.next(), ids.next()];
        started();
        return new Promise<never>(() => undefined); // never answers: the process is about to die
      }).catch(() => undefined);
      await running;
      first.die();

      // while the lease holds, a retry is told to wait
      await expect(survivor.run('tenant-a', 'crash-key-0001', 'h', async () => ({ statusCode: 201, body: 'x' }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
      await new Promise((r) => setTimeout(r, 250));
      let secondIds: string[] = [];
      const retry = await survivor.run('tenant-a', 'crash-key-0001', 'h', async ({ ids, attempt }) => {
        secondIds = [ids.next(), ids.next()];
        return { statusCode: 201, body: { attempt } };
      });
      expect(retry).toEqual({ statusCode: 201, body: { attempt: 2 }, replayed: false });
      expect(secondIds).toEqual(firstIds);
      expect(secondIds[0]).not.toEqual(secondIds[1]);
      // and from then on the first (completed) response is replayed
      expect(await survivor.run('tenant-a', 'crash-key-0001', 'h', async () => ({ statusCode: 500, body: null }))).toMatchObject({ body: { attempt: 2 }, replayed: true });
    });

    it('releases the key of a failed attempt at once, and runs the retry with the same ids', async () => {
      const keyed = new IdempotencyStore(driver, { secret });
      let failedIds = '';
      await expect(
        keyed.run('tenant-a', 'fail-key-0001', 'h', async ({ ids }) => {
          failedIds = ids.next();
          throw new Error('the read-back after the append failed');
        }),
      ).rejects.toThrow('read-back');
      const retry = await keyed.run('tenant-a', 'fail-key-0001', 'h', async ({ ids, attempt }) => ({ statusCode: 201, body: { id: ids.next(), attempt } }));
      expect(retry.body).toEqual({ id: failedIds, attempt: 2 });
    });

    it('derives different ids for different requests, keys and tenants', async () => {
      const keyed = new IdempotencyStore(driver, { secret });
      const idOf = async (tenant: string, key: string, hash: string) =>
        (await keyed.run(tenant, key, hash, async ({ ids }) => ({ statusCode: 201, body: ids.next() }))).body;
      const ids = [await idOf('tenant-a', 'ids-key-0001', 'h1'), await idOf('tenant-a', 'ids-key-0002', 'h1'), await idOf('tenant-b', 'ids-key-0001', 'h1')];
      expect(new Set(ids).size).toBe(3);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('stores a keyed digest of the request, never the plain hash, and still replays keys stored before', async () => {
      const keyed = new IdempotencyStore(driver, { secret });
      const plain = IdempotencyStore.requestHash('POST', '/debtors', { taxId: '52998224725' });
      await keyed.run('tenant-a', 'digest-key-01', plain, async () => ({ statusCode: 201, body: 'ok' }));
      const [row] = await driver.query<{ request_hash: string }>('SELECT request_hash FROM idempotency_keys WHERE key = $1', ['digest-key-01']);
      expect(row!.request_hash).not.toBe(plain);

      await driver.query(
        `INSERT INTO idempotency_keys (tenant_id, key, request_hash, status_code, response, hash_keyed) VALUES ('tenant-a', 'legacy-key-01', $1, 201, '"old"', false)`,
        [plain],
      );
      expect(await keyed.run('tenant-a', 'legacy-key-01', plain, async () => ({ statusCode: 201, body: 'new' }))).toMatchObject({ body: 'old', replayed: true });
    });
  });
});
