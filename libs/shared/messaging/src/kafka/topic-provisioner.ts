import type { Admin } from 'kafkajs';
import { dlqTopicFor } from '@collections/shared-contracts';

export interface TopicSettings {
  readonly partitions?: number;
  readonly replicationFactor?: number;
  /** A `<topic>.dlq` beside each topic (default true); a topic no consumer group handles needs none. */
  readonly deadLetterTopics?: boolean;
}

/**
 * Creates the event topics (and their DLQs) at start if missing. Event topics keep
 * everything (retention.ms=-1) so that BI teams and new services can replay from the
 * beginning. Existing topics are left as they are (partitions are never changed
 * behind a running system: that would move keys between partitions).
 */
export async function provisionTopics(admin: Admin, topics: readonly string[], settings: TopicSettings = {}): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const withDlq = settings.deadLetterTopics ?? true;
  const wanted = topics.flatMap((t) => (withDlq ? [t, dlqTopicFor(t)] : [t])).filter((t) => !existing.has(t));
  if (wanted.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: wanted.map((topic) => ({
      topic,
      numPartitions: settings.partitions ?? 6,
      replicationFactor: settings.replicationFactor ?? -1, // the broker's default
      configEntries: [{ name: 'retention.ms', value: '-1' }],
    })),
  });
  return wanted;
}
