import path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { StoreTransaction } from '@collections/shared-event-store';
import { FileDigestAnchor } from './anchor';
import { AUDIT_DIGEST_TOPIC, KafkaDigestAnchor, provisionAuditDigestTopic } from './kafka-anchor';
import { FileDigestSigningKey } from './key-provider';
import { FileLeafLog } from './leaf-log';
import { AuditDigestPublisher } from './publisher';

/**
 * The publisher as a service configures it:
 *   AUDIT_SIGNING_KEY_FILE     Ed25519 private key, PKCS#8 PEM (unset: no digests; returns undefined)
 *   AUDIT_ANCHOR_DIR           where digests.jsonl and leaves.bin are kept (required with the key)
 *   AUDIT_DIGEST_INTERVAL_MS   default 300000 (5 minutes); 0: only on publishNow()
 *   AUDIT_DIGEST_TOPIC         default collections.audit.digests.v1 (with `kafka`)
 */
export interface AuditFromEnvOptions {
  readonly db: StoreTransaction;
  /** Digests also go to the digest topic (provisioned here) when given. */
  readonly kafka?: Kafka;
  readonly env?: NodeJS.ProcessEnv;
  readonly onError?: (error: unknown) => void;
}

export interface AuditDigestsFromEnv {
  readonly publisher: AuditDigestPublisher;
  /** Stops the publisher and disconnects its producer. */
  close(): Promise<void>;
}

export class AuditConfigError extends Error {}

export async function openAuditDigestPublisherFromEnv(options: AuditFromEnvOptions): Promise<AuditDigestsFromEnv | undefined> {
  const env = options.env ?? process.env;
  const keyFile = env['AUDIT_SIGNING_KEY_FILE'];
  if (!keyFile) return undefined;
  const dir = env['AUDIT_ANCHOR_DIR'];
  if (!dir) throw new AuditConfigError('AUDIT_ANCHOR_DIR is required with AUDIT_SIGNING_KEY_FILE');
  const interval = Number(env['AUDIT_DIGEST_INTERVAL_MS'] ?? 300_000);
  if (!Number.isSafeInteger(interval) || interval < 0) throw new AuditConfigError(`AUDIT_DIGEST_INTERVAL_MS must be a whole number of ms, got ${env['AUDIT_DIGEST_INTERVAL_MS']}`);
  const signingKey = await FileDigestSigningKey.open(keyFile);

  let mirror: KafkaDigestAnchor | undefined;
  if (options.kafka) {
    const topic = env['AUDIT_DIGEST_TOPIC'] || AUDIT_DIGEST_TOPIC;
    const admin = options.kafka.admin();
    await admin.connect();
    try {
      await provisionAuditDigestTopic(admin, topic);
    } finally {
      await admin.disconnect();
    }
    mirror = KafkaDigestAnchor.create(options.kafka, topic);
  }
  const publisher = new AuditDigestPublisher({
    db: options.db,
    signingKey,
    ledger: new FileDigestAnchor(path.join(dir, 'digests.jsonl')),
    leafLog: new FileLeafLog(path.join(dir, 'leaves.bin')),
    ...(mirror ? { mirrors: [mirror] } : {}),
    intervalMs: interval,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return {
    publisher,
    async close() {
      await publisher.stop();
      await mirror?.close();
    },
  };
}
