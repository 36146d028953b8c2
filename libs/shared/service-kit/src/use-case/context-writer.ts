import type { Counter } from 'prom-client';
import { handleCommand, type CommandOutcome, type EventCodec, type EventMetadata, type EventStore, type StoreTransaction } from '@collections/shared-event-store';
import { TenantId, type Decider, type DomainRuleViolation, type IdGenerator } from '@collections/shared-kernel';
import type { RequestContext } from '../http/request-context';
import { done, notFound, refused, type Outcome } from './outcome';

/** A codec for events that hold no personal data: stored as they are. */
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

/** One aggregate kind of a context: its decider and codec. */
export interface ContextAggregate<State, Command extends { readonly type: string }, Event> {
  readonly decider: Decider<State, Command, Event>;
  readonly codec: EventCodec<Event>;
}

/** How a context's deciders refuse: the violation's class, and which of its codes mean "no such resource". */
export interface ContextRefusals<Code extends string> {
  readonly violation: abstract new (...args: never[]) => DomainRuleViolation<Code>;
  readonly notFound: ReadonlySet<Code>;
}

/**
 * A context's side of the one write path: a command to a stream through `handleCommand`
 * (read, fold, decide, append with the version read), counted by type and outcome. For a
 * request (`write`), a decider's refusal becomes an Outcome (not found, or refused with its
 * code); for the service's own work (schedulers, consumers) `apply` runs in the caller's
 * transaction and lets the refusal through.
 */
export class ContextWriter<Code extends string> {
  constructor(
    private readonly store: EventStore,
    private readonly ids: IdGenerator,
    private readonly refusals: ContextRefusals<Code>,
    private readonly commands?: Counter<'command' | 'outcome'>,
  ) {}

  async write<State, Command extends { readonly type: string }, Event>(
    ctx: RequestContext,
    aggregate: ContextAggregate<State, Command, Event>,
    streamId: string,
    command: Command,
    options: { readonly transaction?: StoreTransaction } = {},
  ): Promise<Outcome<CommandOutcome<State, Event>, Code>> {
    // an idempotent attempt brings its own (derived) ids: a retry appends the same event ids
    const ids = ctx.ids ?? this.ids;
    const metadata: EventMetadata = {
      actor: ctx.principal.subject,
      ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
      ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
    };
    try {
      const value = await handleCommand(this.store, aggregate.decider, aggregate.codec, streamId, command, {
        tenantId: TenantId.parse(ctx.principal.tenantId),
        metadata,
        nextEventId: () => ids.next(),
        ...(options.transaction ? { transaction: options.transaction } : {}),
      });
      this.commands?.inc({ command: command.type, outcome: 'accepted' });
      return done(value);
    } catch (error) {
      if (error instanceof this.refusals.violation) {
        this.commands?.inc({ command: command.type, outcome: 'refused' });
        return this.refusals.notFound.has(error.code) ? notFound(error.message) : refused(error.code, error.message);
      }
      this.commands?.inc({ command: command.type, outcome: 'failed' });
      throw error;
    }
  }

  async apply<State, Command extends { readonly type: string }, Event>(
    aggregate: ContextAggregate<State, Command, Event>,
    streamId: string,
    command: Command,
    context: { readonly tenantId: string; readonly transaction: StoreTransaction; readonly metadata: EventMetadata; readonly nextEventId: () => string },
  ): Promise<CommandOutcome<State, Event>> {
    const value = await handleCommand(this.store, aggregate.decider, aggregate.codec, streamId, command, { ...context, tenantId: TenantId.parse(context.tenantId) });
    this.commands?.inc({ command: command.type, outcome: 'accepted' });
    return value;
  }
}
