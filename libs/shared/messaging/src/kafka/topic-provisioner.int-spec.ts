import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { dlqTopicFor, topicFor } from '@collections/shared-contracts';
import { kafkaConfigFromEnv } from './kafka-config';
import { provisionTopics } from './topic-provisioner';

describe('topic provisioning on a real broker', () => {
  it('creates event topics and their DLQs with the configured partitions and infinite retention, once', async () => {
    const kafka = new Kafka({ ...kafkaConfigFromEnv('provisioning-test'), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topic = topicFor(`p${randomUUID().slice(0, 8)}`);
      expect(await provisionTopics(admin, [topic], { partitions: 4 })).toEqual([topic, dlqTopicFor(topic)]);
      expect(await provisionTopics(admin, [topic], { partitions: 4 })).toEqual([]);

      const metadata = await admin.fetchTopicMetadata({ topics: [topic, dlqTopicFor(topic)] });
      expect(metadata.topics.map((t) => t.partitions.length)).toEqual([4, 4]);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      });
      expect(configs.resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue).toBe('-1');
    } finally {
      await admin.disconnect();
    }
  });
});
