import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';

export interface OutboundMessage {
  readonly topic: string;
  /** The stream id: one stream's events land on one partition, in order. */
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** The publishing port: resolves only once the broker acknowledged every message. */
export interface MessagePublisher {
  publish(messages: readonly OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * KafkaJS behind the port. Idempotent producer with acks=all: a retried send is
 * written once per partition, and with one request in flight a partition's messages
 * keep their order (kafkajs#598).
 */
export class KafkaPublisher implements MessagePublisher {
  private connected: Promise<void> | undefined;

  private constructor(private readonly producer: Producer) {}

  static create(kafka: Kafka): KafkaPublisher {
    return new KafkaPublisher(kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }));
  }

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    this.connected ??= this.producer.connect();
    await this.connected;
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value, headers: m.headers });
      byTopic.set(m.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
  }
}
