import { PgliteDriver } from '@collections/shared-event-store';
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
});
