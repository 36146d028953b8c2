import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExpectedVersion, openPostgresEventStore, type NewEvent, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { FileDigestAnchor } from './anchor';
import { FileDigestSigningKey } from './key-provider';
import { leafHashOf, type LeafColumns } from './leaf';
import { FileLeafLog, decodeLeafRecord } from './leaf-log';
import { rootOf } from './merkle';
import { AuditDigestPublisher, LeafLogMismatchError } from './publisher';
import { verifyAuditExport } from './verifier';

interface LeafRow {
  readonly transaction_id: string;
  readonly position: string;
  readonly tenant_id: string;
  readonly stream_id: string;
  readonly stream_category: string;
  readonly stream_version: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly schema_version: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at_us: string;
}

describe('the digest publisher', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let dir: string;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signingKey = FileDigestSigningKey.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  beforeEach(async () => {
    database = await createTestDatabase('audit_publisher');
    store = await openPostgresEventStore({ ...database.config, max: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'audit-publisher-'));
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const publisherOver = (pageSize = 5_000) =>
    new AuditDigestPublisher({
      db: store.driver,
      signingKey,
      ledger: new FileDigestAnchor(path.join(dir, 'digests.jsonl')),
      leafLog: new FileLeafLog(path.join(dir, 'leaves.bin')),
      intervalMs: 0,
      pageSize,
    });

  const events = (n: number, from = 0): NewEvent[] => Array.from({ length: n }, (_, i) => ({ eventId: randomUUID(), type: 'Noted', data: { i: from + i } }));

  async function digestOf(publisher: AuditDigestPublisher, size: number) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const digest = await publisher.publishNow();
      if (digest.treeSize >= size || Date.now() > deadline) return digest;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The root computed independently: every row in numeric commit order, hashed here. */
  async function expectedRoot(): Promise<string> {
    const rows = await store.driver.query<LeafRow>(
      `SELECT transaction_id::text AS transaction_id, position::text AS position, tenant_id, stream_id, stream_category,
              stream_version::text AS stream_version, event_id::text AS event_id, event_type, schema_version::text AS schema_version,
              data::text AS data, metadata::text AS metadata, (extract(epoch FROM recorded_at) * 1000000)::bigint::text AS recorded_at_us
         FROM es_events ORDER BY es_events.transaction_id, es_events.position`,
    );
    const leaves = rows.map((r): LeafColumns => ({
      transactionId: r.transaction_id,
      position: r.position,
      tenantId: r.tenant_id,
      streamId: r.stream_id,
      streamCategory: r.stream_category,
      streamVersion: r.stream_version,
      eventId: r.event_id,
      eventType: r.event_type,
      schemaVersion: r.schema_version,
      data: r.data,
      metadata: r.metadata,
      recordedAtMicros: r.recorded_at_us,
    }));
    return rootOf(leaves.map(leafHashOf)).toString('hex');
  }

  it('given 120 events in one transaction read in pages of 7 (positions past 9 and 99), when digested, then every event is covered in numeric commit order', async () => {
    await store.appendToStream(`debt-${randomUUID()}`, events(120), { tenantId: 't', expectedVersion: ExpectedVersion.noStream });
    const publisher = publisherOver(7);
    await publisher.start();
    const digest = await digestOf(publisher, 120);
    expect(digest.treeSize).toBe(120);
    expect(digest.rootHash).toBe(await expectedRoot());
    const records = await new FileLeafLog(path.join(dir, 'leaves.bin')).read();
    expect(Array.from({ length: 120 }, (_, i) => decodeLeafRecord(records, i).position)).toEqual(Array.from({ length: 120 }, (_, i) => BigInt(i + 1)));
  });

  it('given a publisher restarted over its files, when it digests again, then the chain and the tree continue where they stopped', async () => {
    const stream = `debt-${randomUUID()}`;
    await store.appendToStream(stream, events(5), { tenantId: 't', expectedVersion: ExpectedVersion.noStream });
    const first = publisherOver();
    await first.start();
    const d1 = await digestOf(first, 5);
    await first.stop();

    await store.appendToStream(stream, events(4, 5), { tenantId: 't', expectedVersion: ExpectedVersion.exact(5) });
    const second = publisherOver();
    await second.start();
    const d2 = await digestOf(second, 9);
    await second.stop();

    expect(d2.treeSize).toBe(9);
    expect(d2.rootHash).toBe(await expectedRoot());
    const digestsText = await readFile(path.join(dir, 'digests.jsonl'), 'utf8');
    // the restarted publisher's first digest links to the last one before the stop (a slow
    // start may publish more than one digest before the new events are in the tree)
    const digests = digestsText.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { sequence: number; previousDigestHash: string });
    expect(digests.find((d) => d.sequence === d1.sequence + 1)).toMatchObject({ previousDigestHash: d1.digestHash });
    expect(d2.sequence).toBeGreaterThan(d1.sequence);
    expect(verifyAuditExport({ digestsText, publicKeyPem })).toMatchObject({ ok: true, checked: { chainLinks: d2.sequence - 1 } });
  });

  it('given a leaf log changed behind the publisher, when it starts, then it refuses to chain on it', async () => {
    await store.appendToStream(`debt-${randomUUID()}`, events(3), { tenantId: 't', expectedVersion: ExpectedVersion.noStream });
    const first = publisherOver();
    await first.start();
    await digestOf(first, 3);
    await first.stop();

    const handle = await open(path.join(dir, 'leaves.bin'), 'r+');
    await handle.write(Buffer.from([0xff]), 0, 1, 64 + 5); // a byte of the second leaf's hash
    await handle.close();
    await expect(publisherOver().start()).rejects.toBeInstanceOf(LeafLogMismatchError);
  });
});
