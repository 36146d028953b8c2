import { z } from 'zod';
import { topicFor, type IntegrationEventContract } from '@collections/shared-contracts';
import { REPORTED_CONTEXTS } from '../consumers/reported-contexts';

/** The Kafka headers every integration event carries (the envelope; see the messaging library). */
const ENVELOPE_HEADERS = {
  type: 'object',
  required: ['event-id', 'event-type', 'schema-version', 'tenant-id', 'stream-id', 'stream-version', 'correlation-id', 'causation-id', 'occurred-at', 'content-type'],
  properties: {
    'event-id': { type: 'string', format: 'uuid', description: 'Derived from the domain event and the contract: the same event published twice has the same id (deduplicate on it).' },
    'event-type': { type: 'string', description: 'The message name, e.g. DebtRegistered.' },
    'schema-version': { type: 'string', description: 'The contract version (a breaking change is a new version published beside the old).' },
    'tenant-id': { type: 'string', description: 'The creditor (tenant) the event belongs to.' },
    'stream-id': { type: 'string', description: 'The stream (aggregate) the event was recorded in; also the Kafka key, so one stream keeps its order.' },
    'stream-version': { type: 'string' },
    'correlation-id': { type: 'string' },
    'causation-id': { type: 'string' },
    traceparent: { type: 'string', description: 'W3C trace context of the command that produced the event.' },
    tracestate: { type: 'string' },
    'occurred-at': { type: 'string', format: 'date-time', description: 'When the event was recorded (UTC).' },
    'content-type': { type: 'string', const: 'application/json' },
  },
} as const;

/** A contract's payload as JSON Schema (draft-07, which AsyncAPI's schema format extends), from its zod schema. */
function payloadSchema(contract: IntegrationEventContract): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(contract.schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return schema;
}

const messageKey = (contract: IntegrationEventContract) => `${contract.type}.v${contract.schemaVersion}`;

/**
 * The AsyncAPI 3.0 catalogue of every topic the platform publishes (one channel per
 * context), generated from the contracts' zod schemas: what BI teams read from Kafka.
 * Deterministic (no dates, sorted as the contracts are listed), so the committed copy
 * (docs/asyncapi.json) can be compared with it.
 */
export function asyncApiDocument(contexts: readonly { readonly context: string; readonly contracts: readonly IntegrationEventContract[] }[] = REPORTED_CONTEXTS): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const { context, contracts } of contexts) {
    const channelMessages: Record<string, unknown> = {};
    for (const contract of contracts) {
      const key = messageKey(contract);
      messages[key] = {
        name: contract.type,
        title: `${contract.type} v${contract.schemaVersion}`,
        summary: `Published by the ${context} context (from its domain event ${contract.sourceEventType}).`,
        contentType: 'application/json',
        headers: ENVELOPE_HEADERS,
        payload: payloadSchema(contract),
      };
      channelMessages[key] = { $ref: `#/components/messages/${key}` };
    }
    channels[context] = {
      address: topicFor(context),
      title: `The ${context} context's integration events`,
      description: `Every event the ${context} context publishes, keyed by stream id (one stream's events in order on one partition). Retention is unlimited: a new consumer group can replay from the start.`,
      messages: channelMessages,
    };
    operations[`receive-${context}`] = {
      action: 'receive',
      title: `Read the ${context} events`,
      channel: { $ref: `#/channels/${context}` },
      messages: Object.keys(channelMessages).map((key) => ({ $ref: `#/channels/${context}/messages/${key}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Collections platform: integration events',
      version: '1.0.0',
      description:
        "Every Kafka topic of the collections platform, one per context (collections.<context>.events.v1), and every integration event on it, generated from the contexts' published zod contracts. " +
        'No personal data travels: ids and facts only. Amounts are integer centavos with their currency. The envelope is in the Kafka headers.',
    },
    defaultContentType: 'application/json',
    servers: { kafka: { host: 'localhost:9092', protocol: 'kafka', description: 'The broker of a local run (infra/kafka); production names its own.' } },
    channels,
    operations,
    components: { messages },
  };
}

/** The document as committed in docs/asyncapi.json (2-space indent, final newline). */
export const asyncApiJson = (): string => `${JSON.stringify(asyncApiDocument(), null, 2)}\n`;
