import type { z } from 'zod';

/**
 * What a contract maps from: a recorded domain event as the event store gives it
 * (structurally; contracts stay free of infrastructure).
 */
export interface PublishableEvent {
  readonly type: string;
  readonly data: unknown;
  readonly streamId: string;
  readonly tenantId: string;
}

/** The topic of a bounded context's public events. Versioned: a breaking change is a new topic. */
export function topicFor(context: string): string {
  return `collections.${context}.events.v1`;
}

export function dlqTopicFor(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * A public (integration) event: what leaves a service, as opposed to its private
 * domain events, which may change with the service. It names the domain event it is published from,
 * how the payload is derived, and the schema both producer and consumer validate.
 */
export interface IntegrationEventContract<Schema extends z.ZodType = z.ZodType> {
  readonly context: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly schema: Schema;
  /** The domain event type this contract is published from. */
  readonly sourceEventType: string;
  toPayload(event: PublishableEvent): z.input<Schema>;
}

export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    readonly issues: readonly string[],
  ) {
    super(`${type} v${schemaVersion} does not match its contract: ${issues.join('; ')}`);
  }
}

export class ContractRegistry {
  private readonly byTypeAndVersion = new Map<string, IntegrationEventContract>();
  private readonly bySource = new Map<string, IntegrationEventContract[]>();

  constructor(contracts: readonly IntegrationEventContract[] = []) {
    contracts.forEach((c) => this.register(c));
  }

  register(contract: IntegrationEventContract): this {
    const key = `${contract.type}@${contract.schemaVersion}`;
    if (this.byTypeAndVersion.has(key)) throw new Error(`contract ${key} registered twice`);
    this.byTypeAndVersion.set(key, contract);
    this.bySource.set(contract.sourceEventType, [...(this.bySource.get(contract.sourceEventType) ?? []), contract]);
    return this;
  }

  /** Contracts published from this domain event type (none: the event is private). */
  forDomainEvent(eventType: string): readonly IntegrationEventContract[] {
    return this.bySource.get(eventType) ?? [];
  }

  /** All topics the registered contracts publish to. */
  topics(): string[] {
    return [...new Set([...this.byTypeAndVersion.values()].map((c) => topicFor(c.context)))];
  }

  /** Validates a payload against its contract; returns the parsed value. */
  validate(type: string, schemaVersion: number, payload: unknown): unknown {
    const contract = this.byTypeAndVersion.get(`${type}@${schemaVersion}`);
    if (!contract) throw new ContractViolationError(type, schemaVersion, ['no contract is registered for this type and version']);
    const result = contract.schema.safeParse(payload);
    if (!result.success) {
      throw new ContractViolationError(
        type,
        schemaVersion,
        result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`),
      );
    }
    return result.data;
  }
}
