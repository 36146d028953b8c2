import type { RecordedEvent } from '@collections/shared-event-store';
import type { z } from 'zod';
import { ContractViolationError, integrationEventId, topicFor, type ContractRegistry, type IntegrationEventContract } from '@collections/shared-contracts';
import type { IntegrationEvent } from './envelope';

/**
 * The public events one recorded domain event becomes (none when it is private),
 * with their envelope, payloads validated against their contracts. Shared by the
 * Kafka relay and the embedded transport, so both publish exactly the same thing.
 * The event id is derived from the domain event's id and the contract (see
 * integrationEventId): stable across re-publication, distinct per contract version.
 * Correlation and causation default to the domain event's own id.
 */
export function toIntegrationEvents(
  event: RecordedEvent,
  contracts: ContractRegistry,
): { topic: string; integrationEvent: IntegrationEvent }[] {
  return contracts.forDomainEvent(event.type).map((contract) => {
    const payload = contracts.validate(contract.type, contract.schemaVersion, contract.toPayload(event));
    const metadata = event.metadata;
    const integrationEvent: IntegrationEvent = {
      eventId: integrationEventId(event.eventId, contract.type, contract.schemaVersion),
      type: contract.type,
      schemaVersion: contract.schemaVersion,
      tenantId: event.tenantId,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      correlationId: typeof metadata.correlationId === 'string' ? metadata.correlationId : event.eventId,
      causationId: typeof metadata.causationId === 'string' ? metadata.causationId : event.eventId,
      occurredAt: event.recordedAt.toISOString(),
      ...(typeof metadata.traceparent === 'string' ? { traceparent: metadata.traceparent } : {}),
      ...(typeof metadata.tracestate === 'string' ? { tracestate: metadata.tracestate } : {}),
      payload,
    };
    return { topic: topicFor(contract.context), integrationEvent };
  });
}

/**
 * A consumer's payload, re-validated with the contract it claims: the handler may run
 * behind any transport, and a handler given another contract's event fails loudly.
 */
export function payloadOf<Schema extends z.ZodType>(contract: IntegrationEventContract<Schema>, event: IntegrationEvent): z.output<Schema> {
  if (event.type !== contract.type || event.schemaVersion !== contract.schemaVersion) {
    throw new ContractViolationError(event.type, event.schemaVersion, [`handled as ${contract.type} v${contract.schemaVersion}`]);
  }
  const result = contract.schema.safeParse(event.payload);
  if (!result.success) {
    throw new ContractViolationError(event.type, event.schemaVersion, result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`));
  }
  return result.data;
}
