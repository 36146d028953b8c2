import { createHash, createHmac, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { runMigrations, type Migration, type SqlDriver } from '@collections/shared-event-store';
import { ValidationError, type IdGenerator } from '@collections/shared-kernel';
import { RuleViolationProblem } from './problem-details';

export const IDEMPOTENCY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency keys',
    sql: `
CREATE TABLE idempotency_keys (
  tenant_id     text        NOT NULL,
  key           text        NOT NULL,
  request_hash  text        NOT NULL,
  status_code   integer     NULL,
  response      jsonb       NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  completed_at  timestamptz NULL,
  PRIMARY KEY (tenant_id, key)
);`,
  },
  {
    version: 2,
    name: 'idempotency claims are leases; request hashes are keyed',
    sql: `
-- A claim is a lease: a process that dies while running the request stops renewing it,
-- and a retry after it expires takes the key over (instead of 409 for good).
ALTER TABLE idempotency_keys ADD COLUMN lease_until timestamptz NOT NULL DEFAULT now();
ALTER TABLE idempotency_keys ADD COLUMN attempts integer NOT NULL DEFAULT 1;
-- Rows written from now on hold an HMAC of the request, not a plain SHA-256: a body that
-- carried personal data must not leave a digest anyone can confirm a guess against.
ALTER TABLE idempotency_keys ADD COLUMN hash_keyed boolean NOT NULL DEFAULT false;`,
  },
];

export function runIdempotencyMigrations(database: SqlDriver): Promise<number[]> {
  return runMigrations(database, IDEMPOTENCY_MIGRATIONS, 'idempotency_schema_migrations');
}

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

/** What the request's work is given: ids that are the same on every attempt of the request. */
export interface IdempotentAttempt {
  /**
   * Ids derived from (tenant, key, request): a retry of a request whose first attempt
   * died after its append mints the SAME ids, so the event store recognises the events
   * as already appended and the retry finds the first result instead of a second debtor.
   */
  readonly ids: IdGenerator;
  /** 1 for the first run of the request, 2 for a run that took over an expired or released claim, ... */
  readonly attempt: number;
}

export interface IdempotencyOptions {
  /**
   * Secret for the keyed request hash and the derived ids (e.g. `masterKey.deriveKey('idempotency')`).
   * Without one, a random secret per process: fine for tests, not for a service whose
   * retries may reach another instance or outlive a restart.
   */
  readonly secret?: Uint8Array;
  /** How long a claim holds without renewal (default 30 s); renewed every third of it while the work runs. */
  readonly leaseMs?: number;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * Every write takes an Idempotency-Key; a repeat of the same request returns the first
 * response (same status, same body) without running the command again. The key is
 * claimed before the command runs, so two concurrent repeats cannot both run it; a
 * key reused for a different request is refused (422).
 *
 * Crashes: the claim is a lease, renewed while the work runs. A failed or crashed
 * attempt leaves the key claimable again (released at once on failure, after the lease
 * on a crash), and the next attempt runs with the same derived ids, so whatever the
 * failed attempt appended is found by the event store's idempotent append instead of
 * being written twice. The key row is never deleted once work may have run.
 */
export class IdempotencyStore {
  private readonly secret: Uint8Array;
  private readonly leaseMs: number;

  constructor(
    private readonly database: SqlDriver,
    options: IdempotencyOptions = {},
  ) {
    this.secret = options.secret ?? randomBytes(32);
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  static async open(database: SqlDriver, options: IdempotencyOptions & { readonly migrate?: boolean } = {}): Promise<IdempotencyStore> {
    if (options.migrate ?? true) await runIdempotencyMigrations(database);
    return new IdempotencyStore(database, options);
  }

  static requestHash(method: string, path: string, body: unknown): string {
    return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
  }

  /**
   * `keep` decides what of the response is stored, `replay` turns it back into a
   * response: a body carrying personal data is stored as a reference and re-read on
   * replay, so that this table never holds plaintext an erasure could not reach.
   */
  async run(
    tenantId: string,
    key: string | undefined,
    requestHash: string,
    work: (attempt: IdempotentAttempt) => Promise<StoredResponse>,
    codec: { keep(response: StoredResponse): unknown; replay(kept: unknown): Promise<unknown> } = { keep: (r) => r.body, replay: async (kept) => kept },
  ): Promise<StoredResponse & { replayed: boolean }> {
    if (!key) throw ValidationError.of('Idempotency-Key', 'header is required on every write (8-200 characters: letters, digits, . _ : -)');
    if (!KEY_PATTERN.test(key)) throw ValidationError.of('Idempotency-Key', 'must be 8-200 characters: letters, digits, . _ : -');
    const keyed = createHmac('sha256', this.secret).update(`${tenantId}\n${key}\n${requestHash}`).digest('hex');
    const lease = `${this.leaseMs} milliseconds`;
    const [claimed] = await this.database.query<{ attempts: number; created_ms: number }>(
      `INSERT INTO idempotency_keys (tenant_id, key, request_hash, hash_keyed, lease_until) VALUES ($1, $2, $3, true, now() + $4::interval)
       ON CONFLICT (tenant_id, key) DO NOTHING RETURNING attempts, floor(extract(epoch FROM created_at) * 1000)::float8 AS created_ms`,
      [tenantId, key, keyed, lease],
    );
    let attempt = claimed ? { attempts: Number(claimed.attempts), createdMs: Number(claimed.created_ms) } : undefined;
    if (!attempt) {
      const [existing] = await this.database.query<{ request_hash: string; hash_keyed: boolean; status_code: number | null; response: unknown; leased: boolean }>(
        'SELECT request_hash, hash_keyed, status_code, response, lease_until > now() AS leased FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
        [tenantId, key],
      );
      if (!existing) return this.run(tenantId, key, requestHash, work, codec); // purged meanwhile
      if (existing.request_hash !== (existing.hash_keyed ? keyed : requestHash)) {
        throw new RuleViolationProblem('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request', 422);
      }
      if (existing.status_code !== null) return { statusCode: existing.status_code, body: await codec.replay(existing.response), replayed: true };
      if (existing.leased) {
        throw new RuleViolationProblem('IDEMPOTENCY_KEY_IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry shortly', 409);
      }
      // The attempt before this one failed or died: take the claim over, if nobody else just did.
      const [taken] = await this.database.query<{ attempts: number; created_ms: number }>(
        `UPDATE idempotency_keys SET lease_until = now() + $3::interval, attempts = attempts + 1
          WHERE tenant_id = $1 AND key = $2 AND status_code IS NULL AND lease_until <= now()
          RETURNING attempts, floor(extract(epoch FROM created_at) * 1000)::float8 AS created_ms`,
        [tenantId, key, lease],
      );
      if (!taken) return this.run(tenantId, key, requestHash, work, codec);
      attempt = { attempts: Number(taken.attempts), createdMs: Number(taken.created_ms) };
    }
    const renew = setInterval(() => {
      this.database
        .query('UPDATE idempotency_keys SET lease_until = now() + $3::interval WHERE tenant_id = $1 AND key = $2 AND status_code IS NULL', [tenantId, key, lease])
        .catch(() => undefined); // a missed renewal only lets a retry in earlier: its ids are the same
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    renew.unref?.();
    try {
      const response = await work({ ids: new DerivedIds(this.secret, keyed, attempt.createdMs), attempt: attempt.attempts });
      clearInterval(renew);
      await this.database.query(
        `UPDATE idempotency_keys SET status_code = $3, response = $4::jsonb, completed_at = now() WHERE tenant_id = $1 AND key = $2`,
        [tenantId, key, response.statusCode, JSON.stringify(codec.keep(response) ?? null)],
      );
      return { ...response, replayed: false };
    } catch (error) {
      clearInterval(renew);
      // Released, not deleted: the work may have appended before it failed, and the retry
      // must find the same row to derive the same ids.
      await this.database
        .query('UPDATE idempotency_keys SET lease_until = now() WHERE tenant_id = $1 AND key = $2 AND status_code IS NULL', [tenantId, key])
        .catch(() => undefined); // the lease expires by itself
      throw error;
    }
  }
}

/**
 * UUIDv7 ids whose time is the claim's creation and whose random bits are an HMAC of the
 * request and a counter: time-ordered like every other id, and the same on every attempt.
 */
class DerivedIds implements IdGenerator {
  private counter = 0;
  constructor(
    private readonly secret: Uint8Array,
    private readonly request: string,
    private readonly createdMs: number,
  ) {}

  next(): string {
    this.counter += 1;
    const random = createHmac('sha256', this.secret).update(`${this.request}\n${this.counter}`).digest().subarray(0, 16);
    return uuidv7({ msecs: this.createdMs, random: new Uint8Array(random) });
  }
}
