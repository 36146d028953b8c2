import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { transactionKeepingLogOrder, type SqlDriver } from '@collections/shared-event-store';
import { ContractViolationError, dlqTopicFor, type ContractRegistry } from '@collections/shared-contracts';
import { EnvelopeError, envelopeFromHeaders, type IntegrationEvent } from '../envelope';
import type { MessagePublisher } from '../kafka/kafka-publisher';
import type { MessagingMetrics } from '../metrics';
import { withConsumerSpan } from '../tracing';
import type { EventConsumer, IntegrationEventHandler } from './event-consumer.port';
import { recordInInbox, recordManyInInbox } from './inbox';

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
  /** Messages of a partition handled in one database transaction (default 200). */
  readonly chunkSize?: number;
  /** Partitions handled at the same time (KafkaJS partitionsConsumedConcurrently; default 3). */
  readonly partitionsConcurrently?: number;
  /** How often handled offsets are committed (default 500 ms); redelivery after a crash is bounded by it. */
  readonly commitIntervalMs?: number;
  readonly metrics?: MessagingMetrics;
  readonly log?: (line: string) => void;
  /**
   * Skip (count as `ignored`, commit past) a message whose type and version no
   * registered contract names, instead of dead-lettering it. For a service that reads
   * another context's topic for some of its events: that context adds event types, and
   * publishes a v2 beside a v1, without asking its consumers. Its envelope must still be
   * well-formed. Default false: every message of the topics is expected to be handled.
   */
  readonly ignoreUncontractedTypes?: boolean;
}

type Outcome = 'handled' | 'duplicate' | 'ignored' | 'dead_lettered';
const IGNORED = Symbol('ignored');

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
 * heartbeats between chunks so a slow handler does not cost its partitions.
 * Well-formed messages go through in chunks, one transaction per chunk (see handleBatch).
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
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
      autoCommit: true,
      autoCommitInterval: this.options.commitIntervalMs ?? 500,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  /**
   * The fast path: a chunk of a partition's messages, all well-formed, in ONE database
   * transaction (inbox rows for all, then each fresh event's effect, in order). If
   * anything in the chunk fails, the chunk is rolled back and replayed message by
   * message with retries and the DLQ, so a bad message only ever affects itself.
   */
  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    const chunkSize = this.options.chunkSize ?? 200;
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(start, start + chunkSize);
      const outcomes = (await this.handleChunk(batch.topic, batch.partition, chunk)) ?? (await this.handleOneByOne(batch.topic, batch.partition, chunk, resolveOffset, heartbeat));
      for (const outcome of outcomes) this.options.metrics?.handled.inc({ group: this.options.groupId, topic: batch.topic, outcome });
      const last = chunk[chunk.length - 1];
      if (last) resolveOffset(last.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
    this.options.metrics?.consumerLag.set(
      { group: this.options.groupId, topic: batch.topic, partition: String(batch.partition) },
      Number(batch.offsetLag()),
    );
  }

  /** Returns undefined when the chunk must be handled one by one instead. */
  private async handleChunk(topic: string, partition: number, chunk: readonly KafkaMessage[]): Promise<Outcome[] | undefined> {
    const events: { event: IntegrationEvent; source: string }[] = [];
    const ignored: Outcome[] = [];
    for (const message of chunk) {
      try {
        const event = this.decode(message);
        if (event === IGNORED) ignored.push('ignored');
        else events.push({ event, source: `${topic}/${partition}@${message.offset}` });
      } catch {
        return undefined;
      }
    }
    if (events.length === 0) return ignored;
    try {
      return await transactionKeepingLogOrder(this.options.database, async (transaction) => {
        const fresh = await recordManyInInbox(
          transaction,
          this.options.groupId,
          events.map(({ event, source }) => ({ eventId: event.eventId, eventType: event.type, source })),
        );
        const outcomes: Outcome[] = [...ignored];
        for (const { event } of events) {
          if (!fresh.delete(event.eventId)) {
            outcomes.push('duplicate');
            continue;
          }
          await withConsumerSpan(`${event.type} process`, event, this.spanAttributes(topic, event), () => this.options.handle(event, transaction));
          outcomes.push('handled');
        }
        return outcomes;
      });
    } catch (error) {
      this.options.log?.(`consumer ${this.options.groupId}: ${topic}/${partition} chunk of ${chunk.length} failed (${(error as Error).message}); handling it message by message`);
      return undefined;
    }
  }

  private async handleOneByOne(
    topic: string,
    partition: number,
    chunk: readonly KafkaMessage[],
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const message of chunk) {
      outcomes.push(await this.handleWithRetries(topic, partition, message, heartbeat));
      resolveOffset(message.offset);
      await heartbeat();
    }
    return outcomes;
  }

  private decode(message: KafkaMessage): IntegrationEvent | typeof IGNORED {
    try {
      const envelope = envelopeFromHeaders(message.headers);
      if (this.options.ignoreUncontractedTypes && !this.options.contracts.has(envelope.type, envelope.schemaVersion)) return IGNORED;
      const raw: unknown = JSON.parse(message.value?.toString('utf8') ?? 'null');
      const payload = this.options.contracts.validate(envelope.type, envelope.schemaVersion, raw);
      return { ...envelope, payload };
    } catch (error) {
      if (error instanceof EnvelopeError || error instanceof ContractViolationError || error instanceof SyntaxError) {
        throw new PoisonMessageError(error.message);
      }
      throw error;
    }
  }

  private spanAttributes(topic: string, event: IntegrationEvent): Record<string, string> {
    return {
      'messaging.system': 'kafka',
      'messaging.operation': 'process',
      'messaging.destination.name': topic,
      'messaging.consumer.group.name': this.options.groupId,
      'messaging.message.id': event.eventId,
      'collections.tenant_id': event.tenantId,
    };
  }

  private async handleWithRetries(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome> {
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

  private async handleOnce(topic: string, partition: number, message: KafkaMessage): Promise<'handled' | 'duplicate' | 'ignored'> {
    const event = this.decode(message);
    if (event === IGNORED) return 'ignored';
    return withConsumerSpan(`${event.type} process`, event, this.spanAttributes(topic, event), () =>
      transactionKeepingLogOrder(this.options.database, async (transaction) => {
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
