import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { runMigrations, type SqlDriver, type SqlEventStore } from '@collections/shared-event-store';
import {
  ContractRegistry,
  EmbeddedEventConsumer,
  KafkaEventConsumer,
  KafkaPublisher,
  migrateInbox,
  provisionTopics,
  topicFor,
  type EventConsumer,
  type IntegrationEventContract,
  type IntegrationEventHandler,
  type MessagePublisher,
  type MessagingMetrics,
} from '@collections/shared-messaging';
import { agreementEndedContractV1, agreementEnteredContractV1 } from '@collections/negotiation-contracts';
import { paymentAllocatedContractV1, paymentReversedContractV1 } from '@collections/payments-contracts';
import { DEBTORS_CONSUMER_MIGRATIONS, DebtReactionMonitor, type DebtReactionDeps } from './debt-reaction';
import { agreementEndedConsumer } from './end-agreement/agreement-ended.consumer';
import { agreementEnteredConsumer } from './enter-agreement/agreement-entered.consumer';
import { paymentAllocatedConsumer } from './record-payment/payment-allocated.consumer';
import { paymentReversedConsumer } from './reverse-payment/payment-reversed.consumer';

export const DEBTORS_CONSUMER_GROUP = 'debtors';

/** Every integration event debtors reacts to, with its handler: the contracts registered are exactly these. */
function reactions(deps: DebtReactionDeps): readonly { readonly contract: IntegrationEventContract; readonly handle: IntegrationEventHandler }[] {
  return [
    { contract: agreementEnteredContractV1, handle: agreementEnteredConsumer(deps) },
    { contract: agreementEndedContractV1, handle: agreementEndedConsumer(deps) },
    { contract: paymentAllocatedContractV1, handle: paymentAllocatedConsumer(deps) },
    { contract: paymentReversedContractV1, handle: paymentReversedConsumer(deps) },
  ];
}

export const DEBTORS_CONSUMED_CONTRACTS: readonly IntegrationEventContract[] = [agreementEnteredContractV1, agreementEndedContractV1, paymentAllocatedContractV1, paymentReversedContractV1];
/** collections.negotiation.events.v1 and collections.payments.events.v1. */
export const DEBTORS_CONSUMED_TOPICS: readonly string[] = [...new Set(DEBTORS_CONSUMED_CONTRACTS.map((c) => topicFor(c.context)))];

/** One handler for all of them, routed by type and version. */
export function debtorsIntegrationEventHandler(deps: DebtReactionDeps): IntegrationEventHandler {
  const byKey = new Map(reactions(deps).map(({ contract, handle }) => [`${contract.type}@${contract.schemaVersion}`, handle]));
  return async (event, transaction) => {
    const handle = byKey.get(`${event.type}@${event.schemaVersion}`);
    // Unreachable through the transports (they only pass events of registered contracts):
    // reaching it means a contract was registered without its handler.
    if (!handle) throw new Error(`debtors has no handler for ${event.type} v${event.schemaVersion}`);
    await handle(event, transaction);
  };
}

interface CommonOptions {
  /** The debtors event store: the inbox, the debt streams and the unapplied events live in its database. */
  readonly store: SqlEventStore;
  /** Where the reaction counters go (the service's /metrics registry); default a private one. */
  readonly metrics?: Registry;
  /** Run the consumers' migrations at start (default true; false where a migration job runs them as the owner). */
  readonly migrate?: boolean;
  readonly log?: (line: string) => void;
}

export type StartDebtorsConsumersOptions =
  | (CommonOptions & {
      readonly mode: 'kafka';
      readonly kafka: Kafka;
      /** Default `debtors`. */
      readonly groupId?: string;
      /** Default DEBTORS_CONSUMED_TOPICS; created with their DLQs when missing (their producers may not run yet). */
      readonly topics?: readonly string[];
      readonly partitions?: number;
      /** Publisher for the DLQs; default one of its own, closed by stop(). */
      readonly deadLetters?: MessagePublisher;
      readonly messagingMetrics?: MessagingMetrics;
      readonly maxAttempts?: number;
      readonly retryBackoffMs?: number;
    })
  | (CommonOptions & {
      readonly mode: 'embedded';
      /** Default `debtors` (subscription `consumer:debtors`). */
      readonly groupId?: string;
      readonly pollIntervalMs?: number;
    });

export interface DebtorsConsumers {
  readonly monitor: DebtReactionMonitor;
  stop(): Promise<void>;
}

/**
 * Starts debtors' reactions to the negotiation and payments contexts, over Kafka
 * (consumer group `debtors`) or over the embedded transport (a subscription to the
 * shared log), with the same handlers. Migrates the inbox and debtors_unapplied_events
 * first; resolves once the consumer runs (embedded: once it has caught up).
 */
/** The tables the consumers write: the inbox and debtors_unapplied_events. */
export async function migrateDebtorsConsumers(driver: SqlDriver): Promise<void> {
  await migrateInbox(driver);
  await runMigrations(driver, DEBTORS_CONSUMER_MIGRATIONS, 'debtors_consumer_migrations');
}

export async function startDebtorsConsumers(options: StartDebtorsConsumersOptions): Promise<DebtorsConsumers> {
  const { store } = options;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  if (options.migrate ?? true) await migrateDebtorsConsumers(store.driver);
  const monitor = new DebtReactionMonitor(options.metrics ?? new Registry(), log);
  const handle = debtorsIntegrationEventHandler({ store, monitor });
  const contracts = new ContractRegistry(DEBTORS_CONSUMED_CONTRACTS);
  const groupId = options.groupId ?? DEBTORS_CONSUMER_GROUP;

  let consumer: EventConsumer;
  let ownPublisher: KafkaPublisher | undefined;
  switch (options.mode) {
    case 'kafka': {
      const topics = options.topics ?? DEBTORS_CONSUMED_TOPICS;
      const admin = options.kafka.admin();
      await admin.connect();
      try {
        await provisionTopics(admin, topics, { partitions: options.partitions ?? 6 });
      } finally {
        await admin.disconnect();
      }
      const deadLetters = options.deadLetters ?? (ownPublisher = KafkaPublisher.create(options.kafka));
      consumer = new KafkaEventConsumer({
        kafka: options.kafka,
        groupId,
        topics,
        contracts,
        database: store.driver,
        handle,
        deadLetters,
        log,
        // negotiation and payments publish more than debtors reacts to (and later v2s beside v1s)
        ignoreUncontractedTypes: true,
        ...(options.messagingMetrics ? { metrics: options.messagingMetrics } : {}),
        ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
        ...(options.retryBackoffMs !== undefined ? { retryBackoffMs: options.retryBackoffMs } : {}),
      });
      break;
    }
    case 'embedded':
      consumer = new EmbeddedEventConsumer({
        store,
        groupId,
        topics: DEBTORS_CONSUMED_TOPICS,
        contracts,
        handle,
        onError: (error) => log(`debtors consumer (embedded) failed, retrying: ${(error as Error).message}`),
        ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
      });
      break;
    default:
      return assertNeverMode(options);
  }
  try {
    await consumer.start();
  } catch (error) {
    await ownPublisher?.close();
    throw error;
  }
  return {
    monitor,
    async stop() {
      await consumer.stop();
      await ownPublisher?.close();
    },
  };
}

function assertNeverMode(options: never): never {
  throw new Error(`unknown consumer mode ${JSON.stringify((options as { mode?: unknown }).mode)}`);
}
