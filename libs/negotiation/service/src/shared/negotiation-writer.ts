import type { Counter } from 'prom-client';
import { handleCommand, type CommandOutcome, type EventCodec, type EventMetadata, type EventStore, type StoreTransaction } from '@collections/shared-event-store';
import { TenantId, type Decider } from '@collections/shared-kernel';
import { notFound, refused, type Refusal, type RequestContext } from '@collections/shared-service-kit';
import {
  agreementDecider,
  offerDecider,
  policyDecider,
  NegotiationRuleViolation,
  type AgreementEvent,
  type NegotiationRuleCode,
  type OfferEvent,
  type PolicyEvent,
} from '@collections/negotiation-domain';

/** Negotiation events hold no personal data (a debtor appears by id): stored as they are. */
export function plainCodec<Event extends { readonly type: string; readonly data: object }>(): EventCodec<Event> {
  return {
    async encode(event) {
      return { type: event.type, data: event.data as Record<string, unknown> };
    },
    async decode(recorded) {
      return { type: recorded.type, data: recorded.data } as unknown as Event;
    },
  };
}

export interface NegotiationAggregate<State, Command extends { readonly type: string }, Event> {
  readonly decider: Decider<State, Command, Event>;
  readonly codec: EventCodec<Event>;
}

export const policyAggregate = { decider: policyDecider, codec: plainCodec<PolicyEvent>() };
export const offerAggregate = { decider: offerDecider, codec: plainCodec<OfferEvent>() };
export const agreementAggregate = { decider: agreementDecider, codec: plainCodec<AgreementEvent>() };

/** Refusals that mean "no such resource" to the caller. */
const NOT_FOUND_CODES: ReadonlySet<NegotiationRuleCode> = new Set(['OFFER_NOT_MADE', 'AGREEMENT_NOT_ENTERED']);

/** A decider's refusal as an outcome (the caller's transaction rolled back); anything else is thrown on. */
export function refusalOf(error: unknown): Refusal<NegotiationRuleCode> {
  if (!(error instanceof NegotiationRuleViolation)) throw error;
  return NOT_FOUND_CODES.has(error.code) ? notFound(error.message) : refused(error.code, error.message);
}

/** The envelope's metadata of a request's events: who, under which correlation id and trace. */
export function metadataOf(ctx: RequestContext): EventMetadata {
  return {
    actor: ctx.principal.subject,
    ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
    ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
  };
}

/**
 * The negotiation side of the one write path: a command to a stream through
 * `handleCommand` (read, fold, decide, append with the version read), counted by type and
 * outcome, in the caller's transaction when there is one. Refusals are thrown (the caller
 * maps them with `refusalOf` once its transaction rolled back), so that a use case writing
 * two streams (an acceptance: the offer and its agreement) commits both or neither.
 */
export class NegotiationWriter {
  constructor(
    private readonly store: EventStore,
    private readonly commands?: Counter<'command' | 'outcome'>,
  ) {}

  async apply<State, Command extends { readonly type: string }, Event>(
    aggregate: NegotiationAggregate<State, Command, Event>,
    streamId: string,
    command: Command,
    context: { readonly tenantId: string; readonly transaction?: StoreTransaction; readonly metadata: EventMetadata; readonly nextEventId: () => string },
  ): Promise<CommandOutcome<State, Event>> {
    try {
      const value = await handleCommand(this.store, aggregate.decider, aggregate.codec, streamId, command, {
        tenantId: TenantId.parse(context.tenantId),
        metadata: context.metadata,
        nextEventId: context.nextEventId,
        ...(context.transaction ? { transaction: context.transaction } : {}),
      });
      this.commands?.inc({ command: command.type, outcome: 'accepted' });
      return value;
    } catch (error) {
      this.commands?.inc({ command: command.type, outcome: error instanceof NegotiationRuleViolation ? 'refused' : 'failed' });
      throw error;
    }
  }
}
