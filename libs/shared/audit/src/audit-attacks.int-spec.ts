import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExpectedVersion, openPostgresEventStore, type NewEvent, type SqlEventStore, type StoreTransaction } from '@collections/shared-event-store';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { FileDigestAnchor } from './anchor';
import { AuditExporter, toJsonLines } from './export';
import { FileDigestSigningKey } from './key-provider';
import { FileLeafLog } from './leaf-log';
import { AuditDigestPublisher } from './publisher';
import { verifyAuditExport, type AuditVerification } from './verifier';

/**
 * Someone with every right on the database (the tests run as a superuser) attacks the
 * log after a digest was published. The offline verifier, given an export, the digests
 * published BEFORE the attack and the public key, must name the stream and position.
 */
const TENANT = 'tenant-a';

interface Fixture {
  readonly database: TestDatabase;
  readonly store: SqlEventStore;
  readonly dir: string;
  readonly publisher: AuditDigestPublisher;
  readonly exporter: AuditExporter;
  readonly publicKeyPem: string;
  /** The debt stream the attacks aim at (4 events), interleaved with 3 other streams. */
  readonly target: string;
  readonly others: readonly string[];
  /** Position of each version of the target (1-based index). */
  readonly positions: readonly string[];
  /** The digests file as it was right after the digest, before any attack. */
  readonly digestsBeforeAttack: string;
  exportText(streamId: string): Promise<string>;
  verify(exportText: string): AuditVerification;
  close(): Promise<void>;
}

const event = (type: string, data: Record<string, unknown>): NewEvent => ({ eventId: randomUUID(), type, data, metadata: { actor: 'agent-7' } });

async function waitForDigestOf(publisher: AuditDigestPublisher, events: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  // Another test's transaction open on the same server holds the log's horizon back for a moment.
  while ((await publisher.publishNow()).treeSize < events) {
    if (Date.now() > deadline) throw new Error(`no digest covered ${events} events within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function fixture(): Promise<Fixture> {
  const database = await createTestDatabase('audit_attacks');
  const store = await openPostgresEventStore({ ...database.config, max: 4 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'audit-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signingKey = FileDigestSigningKey.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const ledger = new FileDigestAnchor(path.join(dir, 'digests.jsonl'));
  const leafLog = new FileLeafLog(path.join(dir, 'leaves.bin'));
  const publisher = new AuditDigestPublisher({ db: store.driver, signingKey, ledger, leafLog, intervalMs: 0, pageSize: 7 });
  const exporter = new AuditExporter({ db: store.driver, ledger, leafLog });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const target = `debt-${randomUUID()}`;
  const others = [`debtor-${randomUUID()}`, `debt-${randomUUID()}`, `debtor-${randomUUID()}`];
  await publisher.start();
  for (let version = 1; version <= 4; version++) {
    await store.appendToStream(target, [event(version === 1 ? 'DebtRegistered' : 'DebtPaymentRecorded', { amount: 100 * version })], {
      tenantId: TENANT,
      expectedVersion: ExpectedVersion.any,
    });
    for (const other of others) {
      await store.appendToStream(other, [event('Noted', { n: version })], { tenantId: TENANT, expectedVersion: ExpectedVersion.any });
    }
    if (version === 2) await waitForDigestOf(publisher, 8); // a first digest halfway, so there is a chain
  }
  await waitForDigestOf(publisher, 16);
  const positions = (
    await store.driver.query<{ position: string }>('SELECT position::text AS position FROM es_events WHERE stream_id = $1 ORDER BY stream_version', [target])
  ).map((r) => r.position);
  const digestsBeforeAttack = await readFile(ledger.path, 'utf8');
  return {
    database,
    store,
    dir,
    publisher,
    exporter,
    publicKeyPem,
    target,
    others,
    positions,
    digestsBeforeAttack,
    exportText: async (streamId) => toJsonLines(await exporter.exportStream(streamId)),
    verify: (exportText) => verifyAuditExport({ exportText, digestsText: digestsBeforeAttack, publicKeyPem }),
    async close() {
      await publisher.stop();
      await store.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The attacker's statements, as a superuser: `session_replication_role = replica` turns
 * off the triggers that refuse UPDATE, DELETE and TRUNCATE on es_events (only a
 * superuser may set it; the runtime role cannot).
 */
async function asAttacker(store: SqlEventStore, work: (tx: StoreTransaction) => Promise<void>): Promise<void> {
  await store.driver.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await work(tx);
  });
}

/** Recomputes a stream's in-database hash chain and head, as a careful attacker would. */
async function rechain(tx: StoreTransaction, streamId: string): Promise<void> {
  const events = await tx.query<{ position: string }>('SELECT position::text AS position FROM es_events WHERE stream_id = $1 ORDER BY stream_version', [streamId]);
  let previous: Buffer = Buffer.alloc(32);
  for (const { position } of events) {
    const [row] = await tx.query<{ hash: Buffer }>(
      `UPDATE es_events SET prev_hash = $2,
              hash = es_event_hash($2, event_id, tenant_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at)
        WHERE position = $1 RETURNING hash`,
      [position, previous],
    );
    previous = row!.hash;
  }
  await tx.query('UPDATE es_streams SET last_hash = $2, version = (SELECT max(stream_version) FROM es_events WHERE stream_id = $1) WHERE stream_id = $1', [
    streamId,
    previous,
  ]);
}

describe('audit against the database’s own administrators', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('given no attack, when a stream’s export is verified, then every event is proven in the signed digest and consecutive digests are consistent', async () => {
    const result = f.verify(await f.exportText(f.target));
    expect(result.breaks).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked).toMatchObject({ events: 4, inclusionProofs: 4 });
    expect(result.checked.digests).toBeGreaterThanOrEqual(2);
    expect(result.checked.consistencyProofs).toBe(result.checked.digests - 1);
    expect(result.checked.chainLinks).toBe(result.checked.digests - 1);
  });

  it('given an event’s data rewritten with its chain and head recomputed (the database’s own verify passes), then the break is at that event', async () => {
    await asAttacker(f.store, async (tx) => {
      await tx.query(`UPDATE es_events SET data = '{"amount": 1}' WHERE stream_id = $1 AND stream_version = 2`, [f.target]);
      await rechain(tx, f.target);
    });
    expect((await f.store.verify({ tenantId: TENANT })).ok).toBe(true);

    const result = f.verify(await f.exportText(f.target));
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'leaf-mismatch', streamId: f.target, streamVersion: '2', position: f.positions[1] })]);
  });

  it('given a whole stream deleted with its head, then each of its events is reported missing', async () => {
    await asAttacker(f.store, async (tx) => {
      await tx.query('DELETE FROM es_events WHERE stream_id = $1', [f.target]);
      await tx.query('DELETE FROM es_streams WHERE stream_id = $1', [f.target]);
    });
    expect((await f.store.verify({ tenantId: TENANT })).ok).toBe(true);

    const result = f.verify(await f.exportText(f.target));
    expect(result.breaks).toEqual(
      [1, 2, 3, 4].map((v) => expect.objectContaining({ reason: 'event-missing', streamId: f.target, streamVersion: String(v), position: f.positions[v - 1] })),
    );
  });

  it('given a fabricated stream inserted into the past of the log with a correct chain and head, then each of its events is reported as not in the digest', async () => {
    const forged = `debt-${randomUUID()}`;
    let forgedPositions: string[] = [];
    await asAttacker(f.store, async (tx) => {
      // Backdated: the commit-order key of the target's first event, the position of an unused identity value below it.
      const rows = await tx.query<{ position: string }>(
        `INSERT INTO es_events (position, transaction_id, tenant_id, stream_id, stream_category, stream_version, event_id, event_type,
                                schema_version, data, metadata, recorded_at, prev_hash, hash)
         OVERRIDING SYSTEM VALUE
         SELECT -v, e.transaction_id, e.tenant_id, $2, 'debt', v, gen_random_uuid(), 'DebtRegistered', 1, '{"amount": 5000}', '{}', e.recorded_at,
                '\\x00'::bytea, '\\x00'::bytea
           FROM es_events e, generate_series(1, 2) AS v
          WHERE e.stream_id = $1 AND e.stream_version = 1
         RETURNING position::text AS position`,
        [f.target, forged],
      );
      forgedPositions = rows.map((r) => r.position);
      await tx.query(
        `INSERT INTO es_streams (stream_id, tenant_id, stream_category, version, last_hash, created_at, updated_at)
         VALUES ($1, $2, 'debt', 2, '\\x00'::bytea, now(), now())`,
        [forged, TENANT],
      );
      await rechain(tx, forged);
    });
    expect((await f.store.verify({ tenantId: TENANT })).ok).toBe(true);

    const result = f.verify(await f.exportText(forged));
    expect(result.breaks).toEqual(
      expect.arrayContaining(forgedPositions.map((position) => expect.objectContaining({ reason: 'not-in-digest', streamId: forged, position }))),
    );
    expect(result.breaks).toHaveLength(2);
  });

  it('given a stream moved to another tenant with its chain and head recomputed, then each of its events breaks', async () => {
    await asAttacker(f.store, async (tx) => {
      await tx.query(`UPDATE es_events SET tenant_id = 'tenant-b' WHERE stream_id = $1`, [f.target]);
      await tx.query(`UPDATE es_streams SET tenant_id = 'tenant-b' WHERE stream_id = $1`, [f.target]);
      await rechain(tx, f.target);
    });
    expect((await f.store.verify({ tenantId: 'tenant-b' })).ok).toBe(true);

    const result = f.verify(await f.exportText(f.target));
    expect(result.breaks).toEqual(
      [1, 2, 3, 4].map((v) => expect.objectContaining({ reason: 'leaf-mismatch', streamId: f.target, streamVersion: String(v), position: f.positions[v - 1] })),
    );
  });

  it('given an event’s category changed and another’s commit-order key changed (neither is in the database’s chain), then both break there', async () => {
    await asAttacker(f.store, async (tx) => {
      await tx.query(`UPDATE es_events SET stream_category = 'debtor' WHERE stream_id = $1 AND stream_version = 2`, [f.target]);
      await tx.query(
        `UPDATE es_events SET transaction_id = (SELECT transaction_id FROM es_events WHERE stream_id = $1 AND stream_version = 1)
          WHERE stream_id = $1 AND stream_version = 4`,
        [f.target],
      );
    });
    expect((await f.store.verify({ tenantId: TENANT })).ok).toBe(true);

    const result = f.verify(await f.exportText(f.target));
    expect(result.breaks).toEqual([
      expect.objectContaining({ reason: 'leaf-mismatch', streamId: f.target, streamVersion: '2', position: f.positions[1] }),
      expect.objectContaining({ reason: 'leaf-mismatch', streamId: f.target, streamVersion: '4', position: f.positions[3] }),
    ]);
  });

  it('given the last events of a stream deleted and its head moved back, then those events are reported missing', async () => {
    await asAttacker(f.store, async (tx) => {
      await tx.query('DELETE FROM es_events WHERE stream_id = $1 AND stream_version > 2', [f.target]);
      await rechain(tx, f.target);
    });
    expect((await f.store.verify({ tenantId: TENANT })).ok).toBe(true);

    const result = f.verify(await f.exportText(f.target));
    expect(result.breaks).toEqual([
      expect.objectContaining({ reason: 'event-missing', streamId: f.target, streamVersion: '3', position: f.positions[2] }),
      expect.objectContaining({ reason: 'event-missing', streamId: f.target, streamVersion: '4', position: f.positions[3] }),
    ]);
  });

  it('given es_event_hash replaced so that the database’s verify passes whatever the data, then the rewritten event breaks', async () => {
    await asAttacker(f.store, async (tx) => {
      await tx.query(`CREATE OR REPLACE FUNCTION es_event_hash(
          p_prev_hash bytea, p_event_id uuid, p_tenant_id text, p_stream_id text, p_stream_version bigint,
          p_event_type text, p_schema_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
        ) RETURNS bytea LANGUAGE sql STABLE AS $fn$ SELECT e.hash FROM es_events e WHERE e.event_id = p_event_id $fn$`);
      await tx.query(`UPDATE es_events SET data = '{"amount": 0}' WHERE stream_id = $1 AND stream_version = 3`, [f.target]);
    });
    expect((await f.store.verify({ tenantId: TENANT })).ok).toBe(true);

    const result = f.verify(await f.exportText(f.target));
    expect(result.breaks).toEqual([expect.objectContaining({ reason: 'leaf-mismatch', streamId: f.target, streamVersion: '3', position: f.positions[2] })]);
  });

  it('given the log truncated after the digest, then every event of the stream is reported missing, and an export made before still proves the original history', async () => {
    const before = await f.exportText(f.target);
    await asAttacker(f.store, async (tx) => {
      await tx.query('TRUNCATE es_events, es_streams');
    });

    const after = f.verify(await f.exportText(f.target));
    expect(after.breaks).toEqual(
      [1, 2, 3, 4].map((v) => expect.objectContaining({ reason: 'event-missing', streamId: f.target, streamVersion: String(v), position: f.positions[v - 1] })),
    );
    expect(f.verify(before)).toMatchObject({ ok: true, breaks: [], checked: { events: 4, inclusionProofs: 4 } });
  });

  it('given an export edited by hand (a rewritten amount) or cut short, then the verifier reports it', async () => {
    const text = await f.exportText(f.target);
    const edited = text.replace(/\\"amount\\": 300/, '\\"amount\\": 3');
    expect(edited).not.toBe(text);
    expect(f.verify(edited).breaks).toEqual([expect.objectContaining({ reason: 'leaf-mismatch', streamId: f.target, streamVersion: '3' })]);
    const lines = text.trimEnd().split('\n');
    const cut = [...lines.slice(0, 3), ...lines.slice(4)].join('\n');
    expect(f.verify(cut).breaks).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'export-truncated' })]));
  });
});
