import type { z } from 'zod';
import { nameBasedUuid } from '@collections/shared-kernel';

/** A domain event as a decider produces it: a type name and its data. */
export interface DomainEventShape {
  readonly type: string;
  readonly data: unknown;
}

/**
 * What a contract maps from: a recorded domain event as the event store gives it
 * (structurally; contracts stay free of infrastructure), typed by the domain event it
 * records. Fields that hold personal data are stored encrypted: a payload never reads them.
 */
export interface PublishableEvent<Source extends DomainEventShape = DomainEventShape> {
  readonly type: Source['type'];
  readonly data: Source['data'];
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
 * The id an integration event is published under: derived from the domain event it
 * comes from AND the contract (type, version). The same domain event published again
 * gets the same id (consumers deduplicate on it); a v2 published beside a v1 of the
 * same domain event gets another id, so neither is turned away as a duplicate of the
 * other by an inbox that reads both.
 */
export function integrationEventId(domainEventId: string, type: string, schemaVersion: number): string {
  return nameBasedUuid('collections.integration-event', domainEventId, type, String(schemaVersion));
}

/**
 * A public (integration) event: what leaves a service, as opposed to its private
 * domain events, which may change with the service. It names the domain event it is published from,
 * how the payload is derived, and the schema both producer and consumer validate.
 * `Source` is that domain event: `toPayload` is type-checked against its data, so a
 * renamed domain field breaks the build, not the relay.
 */
export interface IntegrationEventContract<Schema extends z.ZodType = z.ZodType, Source extends DomainEventShape = DomainEventShape> {
  readonly context: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly schema: Schema;
  /** The domain event type this contract is published from. */
  readonly sourceEventType: Source['type'];
  // Method syntax on purpose: a contract typed by its source event must still fit a
  // registry of contracts of any source (the registry picks it by sourceEventType).
  toPayload(event: PublishableEvent<Source>): z.input<Schema>;
}

/** The member of a domain event union named `Type`. */
export type DomainEventOf<Events extends DomainEventShape, Type extends Events['type']> = Extract<Events, { readonly type: Type }>;

/**
 * Defines the contracts a context publishes from its domain events `Events`, each
 * typed by the union member its `sourceEventType` names:
 *
 *     const contract = integrationEventContracts<DebtEvent>('debtors');
 *     contract({ type: 'DebtSettled', schemaVersion: 1, schema, sourceEventType: 'DebtSettled',
 *                toPayload: (e) => ({ debtId: e.data.debtId, settledOn: e.data.settledOn }) });
 */
export function integrationEventContracts<Events extends DomainEventShape>(context: string) {
  return <Schema extends z.ZodType, const Type extends Events['type']>(definition: {
    readonly type: string;
    readonly schemaVersion: number;
    readonly schema: Schema;
    readonly sourceEventType: Type;
    readonly toPayload: (event: PublishableEvent<DomainEventOf<Events, Type>>) => z.input<Schema>;
  }): IntegrationEventContract<Schema, DomainEventOf<Events, Type>> => ({
    context,
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    schema: definition.schema,
    sourceEventType: definition.sourceEventType,
    toPayload: definition.toPayload,
  });
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

  /** Whether a contract is registered for this type and version. */
  has(type: string, schemaVersion: number): boolean {
    return this.byTypeAndVersion.has(`${type}@${schemaVersion}`);
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
