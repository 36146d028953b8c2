import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExpectedVersion, openPostgresEventStore, type SqlEventStore } from '@collections/shared-event-store';
import { MasterKey, PiiCipher, PiiKeyStore } from '@collections/shared-pii';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { AuditExporter, toJsonLines, type ExportEvent } from './export';
import { publisherOnFilesWithNewKey } from './file-publisher';
import { verifyAuditExport } from './verifier';

describe('crypto-shredded personal data in an audit export', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase('audit_pii');
    store = await openPostgresEventStore({ ...database.config, max: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'audit-pii-'));
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('given a debtor erased after the digest (key destroyed), when exported and verified, then the proofs still hold and the export names the erased fields', async () => {
    const keyStore = await PiiKeyStore.open(store.driver, MasterKey.generate());
    const cipher = new PiiCipher(keyStore, MasterKey.generate());
    const debtorId = randomUUID();
    const stream = `debtor-${debtorId}`;
    const name = await cipher.encrypt(debtorId, 't', 'Ana Costa');
    const phone = await cipher.encrypt(debtorId, 't', '+5531987654321');
    await store.appendToStream(
      stream,
      [{ eventId: randomUUID(), type: 'DebtorRegistered', data: { name, state: 'MG', contactPoints: [{ kind: 'phone', value: phone }] } }],
      { tenantId: 't', expectedVersion: ExpectedVersion.noStream },
    );
    const { publisher, ledger, leafLog, publicKeyPem } = publisherOnFilesWithNewKey(store.driver, dir);
    await publisher.start();
    const deadline = Date.now() + 30_000;
    while ((await publisher.publishNow()).treeSize < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await publisher.stop();

    await keyStore.erase(debtorId, 't');
    const exporter = new AuditExporter({
      db: store.driver,
      ledger,
      leafLog,
      personalDataErased: async (columns) => (await keyStore.getKey(columns.streamId.replace(/^debtor-/, ''))) === 'erased',
    });
    const lines = await exporter.exportStream(stream);
    const event = lines.find((l): l is ExportEvent => l.kind === 'event')!;
    expect(event.personalData).toEqual({ fields: ['data.name', 'data.contactPoints[0].value'], erased: true });

    const result = verifyAuditExport({
      exportText: toJsonLines(lines),
      digestsText: await readFile(ledger.path, 'utf8'),
      publicKeyPem: publicKeyPem,
    });
    expect(result).toMatchObject({ ok: true, breaks: [], checked: { inclusionProofs: 1 } });
    expect(result.notes).toContain(
      '2 field(s) of the proven events hold personal-data tokens (the proofs cover their ciphertext); 2 of them belong to a subject the exporter reports erased (key destroyed: unreadable for good)',
    );
  });
});
