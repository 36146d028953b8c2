import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExpectedVersion, openPgliteEventStore, type SqlEventStore } from '@collections/shared-event-store';
import { AuditExporter, toJsonLines } from './export';
import { publisherOnFilesWithNewKey } from './file-publisher';
import { verifyAuditExport } from './verifier';

describe('digests of the embedded (PGlite) event store', () => {
  let store: SqlEventStore;
  let dir: string;

  beforeAll(async () => {
    store = await openPgliteEventStore();
    dir = await mkdtemp(path.join(os.tmpdir(), 'audit-pglite-'));
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('given events in PGlite, when digested, exported and verified, then every event is proven; after an UPDATE with triggers off, the break is at that event', async () => {
    const stream = `debt-${randomUUID()}`;
    await store.appendToStream(
      stream,
      [1, 2, 3].map((amount) => ({ eventId: randomUUID(), type: 'DebtPaymentRecorded', data: { amount } })),
      { tenantId: 't', expectedVersion: ExpectedVersion.noStream },
    );
    const { publisher, ledger, leafLog, publicKeyPem } = publisherOnFilesWithNewKey(store.driver, dir);
    await publisher.start();
    expect((await publisher.publishNow()).treeSize).toBe(3);
    await publisher.stop();
    const exporter = new AuditExporter({ db: store.driver, ledger, leafLog });
    const digestsText = await readFile(ledger.path, 'utf8');

    const before = verifyAuditExport({ exportText: toJsonLines(await exporter.exportStream(stream)), digestsText, publicKeyPem });
    expect(before).toMatchObject({ ok: true, checked: { inclusionProofs: 3 } });

    await store.driver.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE es_events SET data = '{"amount": 0}' WHERE stream_id = $1 AND stream_version = 3`, [stream]);
    });
    const after = verifyAuditExport({ exportText: toJsonLines(await exporter.exportStream(stream)), digestsText, publicKeyPem });
    expect(after.breaks).toEqual([expect.objectContaining({ reason: 'leaf-mismatch', streamId: stream, streamVersion: '3' })]);
  });
});
