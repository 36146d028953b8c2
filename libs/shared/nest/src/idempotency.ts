import { createHash } from 'node:crypto';
import { runMigrations, type Migration, type SqlDriver } from '@collections/shared-event-store';
import { ValidationError } from '@collections/shared-kernel';
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
];

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * Every write takes an Idempotency-Key; a repeat of the same request returns the first
 * response (same status, same body) without running the command again. The key is
 * claimed before the command runs, so two concurrent repeats cannot both run it; a
 * key reused for a different request is refused (422). A command that failed releases
 * its key so the client can retry.
 */
export class IdempotencyStore {
  constructor(private readonly database: SqlDriver) {}

  static async open(database: SqlDriver): Promise<IdempotencyStore> {
    await runMigrations(database, IDEMPOTENCY_MIGRATIONS, 'idempotency_schema_migrations');
    return new IdempotencyStore(database);
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
    work: () => Promise<StoredResponse>,
    codec: { keep(response: StoredResponse): unknown; replay(kept: unknown): Promise<unknown> } = { keep: (r) => r.body, replay: async (kept) => kept },
  ): Promise<StoredResponse & { replayed: boolean }> {
    if (!key) throw ValidationError.of('Idempotency-Key', 'header is required on every write (8-200 characters: letters, digits, . _ : -)');
    if (!KEY_PATTERN.test(key)) throw ValidationError.of('Idempotency-Key', 'must be 8-200 characters: letters, digits, . _ : -');
    const claimed = await this.database.query(
      `INSERT INTO idempotency_keys (tenant_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, key) DO NOTHING RETURNING 1 AS claimed`,
      [tenantId, key, requestHash],
    );
    if (claimed.length === 0) {
      const [existing] = await this.database.query<{ request_hash: string; status_code: number | null; response: unknown }>(
        'SELECT request_hash, status_code, response FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
        [tenantId, key],
      );
      if (!existing) return this.run(tenantId, key, requestHash, work, codec); // released meanwhile
      if (existing.request_hash !== requestHash) {
        throw new RuleViolationProblem('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different request', 422);
      }
      if (existing.status_code === null) {
        throw new RuleViolationProblem('IDEMPOTENCY_KEY_IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry shortly', 409);
      }
      return { statusCode: existing.status_code, body: await codec.replay(existing.response), replayed: true };
    }
    try {
      const response = await work();
      await this.database.query(
        `UPDATE idempotency_keys SET status_code = $3, response = $4::jsonb, completed_at = now() WHERE tenant_id = $1 AND key = $2`,
        [tenantId, key, response.statusCode, JSON.stringify(codec.keep(response) ?? null)],
      );
      return { ...response, replayed: false };
    } catch (error) {
      await this.database.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND status_code IS NULL', [tenantId, key]);
      throw error;
    }
  }
}
