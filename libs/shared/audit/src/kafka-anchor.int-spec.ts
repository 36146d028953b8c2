import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { ExpectedVersion, openPostgresEventStore, type SqlEventStore } from '@collections/shared-event-store';
import { dlqTopicFor, kafkaConfigFromEnv } from '@collections/shared-messaging';
import { collectTopic } from '@collections/shared-messaging-testing';
import { createTestDatabase, eventually, type TestDatabase } from '@collections/shared-testing';
import { FileDigestAnchor } from './anchor';
import { AUDIT_DIGEST_TOPIC, KafkaDigestAnchor, provisionAuditDigestTopic } from './kafka-anchor';
import { FileDigestSigningKey } from './key-provider';
import { FileLeafLog } from './leaf-log';
import { AuditDigestPublisher } from './publisher';
import { verifyAuditExport } from './verifier';

describe('digests on their own Kafka topic (real broker)', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let dir: string;
  const kafka = new Kafka({ ...kafkaConfigFromEnv('audit-digests-test'), logLevel: logLevel.NOTHING });
  // A topic of this test's own, provisioned exactly as the real one is.
  const topic = `${AUDIT_DIGEST_TOPIC}.t${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    database = await createTestDatabase('audit_kafka');
    store = await openPostgresEventStore({ ...database.config, max: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'audit-kafka-'));
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('given the topic provisioned and a publisher started at an interval, then every digest reaches the topic as in the anchor file and verifies from a dump of it', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await provisionAuditDigestTopic(admin, topic)).toEqual([topic]);
      expect(await provisionAuditDigestTopic(admin, topic)).toEqual([]);
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]!.partitions).toHaveLength(1);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      });
      expect(configs.resources[0]!.configEntries.find((e) => e.configName === 'retention.ms')?.configValue).toBe('-1');
      expect(await admin.listTopics()).not.toContain(dlqTopicFor(topic));
    } finally {
      await admin.disconnect();
    }

    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const ledger = new FileDigestAnchor(path.join(dir, 'digests.jsonl'));
    const mirror = KafkaDigestAnchor.create(kafka, topic);
    const publisher = new AuditDigestPublisher({
      db: store.driver,
      signingKey: FileDigestSigningKey.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
      ledger,
      leafLog: new FileLeafLog(path.join(dir, 'leaves.bin')),
      mirrors: [mirror],
      intervalMs: 200,
    });
    const collector = await collectTopic(kafka, topic);
    try {
      await store.appendToStream(`debt-${randomUUID()}`, [{ eventId: randomUUID(), type: 'DebtRegistered', data: { amount: 1 } }], {
        tenantId: 't',
        expectedVersion: ExpectedVersion.noStream,
      });
      await publisher.start();
      // Scheduled digests, no publishNow: at least three of them.
      await eventually(async () => expect((await ledger.readAll()).length).toBeGreaterThanOrEqual(3), 20_000);
      await publisher.stop();
      const anchored = await ledger.readAll();
      await eventually(() => expect(collector.messages).toHaveLength(anchored.length), 20_000);

      expect(collector.messages.map((m) => m.value)).toEqual(anchored);
      expect(collector.messages[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'digest-sequence': '1' });
      const dump = collector.messages.map((m) => JSON.stringify(m.value)).join('\n');
      const result = verifyAuditExport({ digestsText: dump, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
      expect(result).toMatchObject({ ok: true, checked: { digests: anchored.length, signatures: anchored.length, chainLinks: anchored.length - 1 } });
      expect(await readFile(ledger.path, 'utf8')).toBe(`${anchored.map((d) => JSON.stringify(d)).join('\n')}\n`);
    } finally {
      await publisher.stop();
      await collector.stop();
      await mirror.close();
    }
  });
});
