import type { IHeaders } from 'kafkajs';

/**
 * What travels with every integration event, as Kafka headers (so a BI reader can
 * route and deduplicate without parsing the payload). `eventId` is derived from the
 * domain event's id and the contract's type and version (integrationEventId): the
 * same event published twice carries the same id, its v1 and v2 different ones.
 */
export interface IntegrationEventEnvelope {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly tenantId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly correlationId: string;
  readonly causationId: string;
  /** W3C trace context of the command that produced the event. */
  readonly traceparent?: string;
  readonly tracestate?: string;
  /** When the event was recorded in the event store (ISO 8601, UTC). */
  readonly occurredAt: string;
}

export interface IntegrationEvent<Payload = unknown> extends IntegrationEventEnvelope {
  readonly payload: Payload;
}

export const HEADER = {
  eventId: 'event-id',
  type: 'event-type',
  schemaVersion: 'schema-version',
  tenantId: 'tenant-id',
  streamId: 'stream-id',
  streamVersion: 'stream-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  occurredAt: 'occurred-at',
  contentType: 'content-type',
} as const;

export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

export function envelopeToHeaders(envelope: IntegrationEventEnvelope): Record<string, string> {
  const headers: Record<string, string> = {
    [HEADER.eventId]: envelope.eventId,
    [HEADER.type]: envelope.type,
    [HEADER.schemaVersion]: String(envelope.schemaVersion),
    [HEADER.tenantId]: envelope.tenantId,
    [HEADER.streamId]: envelope.streamId,
    [HEADER.streamVersion]: String(envelope.streamVersion),
    [HEADER.correlationId]: envelope.correlationId,
    [HEADER.causationId]: envelope.causationId,
    [HEADER.occurredAt]: envelope.occurredAt,
    [HEADER.contentType]: 'application/json',
  };
  if (envelope.traceparent) headers[HEADER.traceparent] = envelope.traceparent;
  if (envelope.tracestate) headers[HEADER.tracestate] = envelope.tracestate;
  return headers;
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Reads the envelope back; throws EnvelopeError naming the first missing or bad header. */
export function envelopeFromHeaders(headers: IHeaders | undefined): IntegrationEventEnvelope {
  const required = (name: string): string => {
    const value = header(headers, name);
    if (!value) throw new EnvelopeError(`missing header ${name}`);
    return value;
  };
  const integer = (name: string): number => {
    const value = Number(required(name));
    if (!Number.isSafeInteger(value) || value < 1) throw new EnvelopeError(`header ${name} must be a positive integer`);
    return value;
  };
  const traceparent = header(headers, HEADER.traceparent);
  const tracestate = header(headers, HEADER.tracestate);
  return {
    eventId: required(HEADER.eventId),
    type: required(HEADER.type),
    schemaVersion: integer(HEADER.schemaVersion),
    tenantId: required(HEADER.tenantId),
    streamId: required(HEADER.streamId),
    streamVersion: integer(HEADER.streamVersion),
    correlationId: required(HEADER.correlationId),
    causationId: required(HEADER.causationId),
    occurredAt: required(HEADER.occurredAt),
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
  };
}
