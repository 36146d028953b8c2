import type { Admin, Kafka, Producer } from 'kafkajs';
import { provisionTopics } from '@collections/shared-messaging';
import type { DigestAnchor } from './anchor';
import type { SignedDigest } from './digest';

/** The digests' own topic: read by auditors and BI, kept forever. */
export const AUDIT_DIGEST_TOPIC = 'collections.audit.digests.v1';

/**
 * Creates the digest topic if missing: one partition (the digests are one chain, read
 * in order), retention forever (the provisioner's `retention.ms=-1`), no DLQ (nobody
 * consumes it as a group that could fail).
 */
export async function provisionAuditDigestTopic(admin: Admin, topic = AUDIT_DIGEST_TOPIC, replicationFactor?: number): Promise<string[]> {
  return provisionTopics(admin, [topic], { partitions: 1, deadLetterTopics: false, ...(replicationFactor ? { replicationFactor } : {}) });
}

/**
 * Publishes each digest to the digest topic (value: the digest's JSON line, as in the
 * anchor file; key: the key id). Idempotent producer, acks from all replicas: a digest
 * is on the topic once `append` resolves.
 */
export class KafkaDigestAnchor implements DigestAnchor {
  readonly name: string;
  private connected: Promise<void> | undefined;

  private constructor(
    private readonly producer: Producer,
    readonly topic: string,
  ) {
    this.name = `kafka:${topic}`;
  }

  static create(kafka: Kafka, topic = AUDIT_DIGEST_TOPIC): KafkaDigestAnchor {
    return new KafkaDigestAnchor(kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }), topic);
  }

  async append(digest: SignedDigest): Promise<void> {
    this.connected ??= this.producer.connect();
    await this.connected;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: digest.keyId,
          value: JSON.stringify(digest),
          headers: { 'content-type': 'application/json', 'digest-sequence': String(digest.sequence), 'tree-size': String(digest.treeSize) },
        },
      ],
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
