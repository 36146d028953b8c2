import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { SqlDriver } from '@collections/shared-event-store';
import { ContractViolationError, dlqTopicFor, type ContractRegistry } from '@collections/shared-contracts';
import { EnvelopeError, envelopeFromHeaders, type IntegrationEvent } from '../envelope';
import type { MessagePublisher } from '../kafka/kafka-publisher';
import type { MessagingMetrics } from '../metrics';
import { withConsumerSpan } from '../tracing';
import type { EventConsumer, IntegrationEventHandler } from './event-consumer.port';
import { recordInInbox } from './inbox';

export interface KafkaEventConsumerOptions {
  readonly kafka: Kafka;
  /** One consumer group per service. */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly contracts: ContractRegistry;
  /** The service's own database: inbox and effects commit together there. */
  readonly database: SqlDriver;
  readonly handle: IntegrationEventHandler;
  /** Publisher for the dead-letter topics. */
  readonly deadLetters: MessagePublisher;
  readonly maxAttempts?: number;
  readonly retryBackoffMs?: number;
  readonly metrics?: MessagingMetrics;
  readonly log?: (line: string) => void;
}

/** Not worth retrying: the message can never be handled as it is. */
class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A service's Kafka consumer. Messages of a partition are handled one by one, in
 * order; each is decoded and validated against its contract, then handled in a
 * database transaction that also records its event id in the inbox (a redelivery
 * changes nothing). A failing message is retried `maxAttempts` times with
 * exponential backoff, then published to `<topic>.dlq` with the error and its
 * original coordinates in headers, and the partition moves on (nestjs/nest#14664).
 * Offsets are committed only for messages handled or dead-lettered; the consumer
 * heartbeats between messages so a slow handler does not cost its partitions.
 */
export class KafkaEventConsumer implements EventConsumer {
  private readonly consumer: Consumer;
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;

  constructor(private readonly options: KafkaEventConsumerOptions) {
    this.consumer = options.kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryBackoffMs = options.retryBackoffMs ?? 100;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const outcome = await this.handleWithRetries(batch.topic, batch.partition, message, heartbeat);
      this.options.metrics?.handled.inc({ group: this.options.groupId, topic: batch.topic, outcome });
      resolveOffset(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
    this.options.metrics?.consumerLag.set(
      { group: this.options.groupId, topic: batch.topic, partition: String(batch.partition) },
      Number(batch.offsetLag()),
    );
  }

  private async handleWithRetries(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<'handled' | 'duplicate' | 'dead_lettered'> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        return await this.handleOnce(topic, partition, message);
      } catch (error) {
        lastError = error;
        if (error instanceof PoisonMessageError) break;
        this.options.log?.(`consumer ${this.options.groupId}: ${topic}/${partition}@${message.offset} attempt ${attempt} failed: ${(error as Error).message}`);
        if (attempt < this.maxAttempts) {
          await sleep(this.retryBackoffMs * 2 ** (attempt - 1));
          await heartbeat();
        }
      }
    }
    await this.deadLetter(topic, partition, message, lastError);
    return 'dead_lettered';
  }

  private async handleOnce(topic: string, partition: number, message: KafkaMessage): Promise<'handled' | 'duplicate'> {
    let event: IntegrationEvent;
    try {
      const envelope = envelopeFromHeaders(message.headers);
      const raw: unknown = JSON.parse(message.value?.toString('utf8') ?? 'null');
      const payload = this.options.contracts.validate(envelope.type, envelope.schemaVersion, raw);
      event = { ...envelope, payload };
    } catch (error) {
      if (error instanceof EnvelopeError || error instanceof ContractViolationError || error instanceof SyntaxError) {
        throw new PoisonMessageError(error.message);
      }
      throw error;
    }
    return withConsumerSpan(
      `${event.type} process`,
      event,
      {
        'messaging.system': 'kafka',
        'messaging.operation': 'process',
        'messaging.destination.name': topic,
        'messaging.consumer.group.name': this.options.groupId,
        'messaging.message.id': event.eventId,
        'collections.tenant_id': event.tenantId,
      },
      () =>
        this.options.database.transaction(async (transaction) => {
          const fresh = await recordInInbox(transaction, this.options.groupId, event.eventId, event.type, `${topic}/${partition}@${message.offset}`);
          if (!fresh) return 'duplicate' as const;
          await this.options.handle(event, transaction);
          return 'handled' as const;
        }),
    );
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: unknown): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined) headers[name] = first.toString();
    }
    Object.assign(headers, {
      'dlq-error': String((error as Error)?.message ?? error).slice(0, 2000),
      'dlq-error-type': (error as Error)?.name ?? 'Error',
      'dlq-original-topic': topic,
      'dlq-original-partition': String(partition),
      'dlq-original-offset': message.offset,
      'dlq-consumer-group': this.options.groupId,
      'dlq-attempts': String(this.maxAttempts),
    });
    await this.options.deadLetters.publish([
      { topic: dlqTopicFor(topic), key: message.key?.toString('utf8') ?? '', value: message.value?.toString('utf8') ?? '', headers },
    ]);
    this.options.log?.(`consumer ${this.options.groupId}: ${topic}/${partition}@${message.offset} dead-lettered: ${headers['dlq-error']}`);
  }
}
