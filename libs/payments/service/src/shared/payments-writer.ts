import type { Counter } from 'prom-client';
import { handleCommand, type CommandOutcome, type EventCodec, type EventMetadata, type EventStore, type StoreTransaction } from '@collections/shared-event-store';
import { TenantId, type Decider } from '@collections/shared-kernel';
import { PaymentsRuleViolation, chargeDecider, paymentDecider, type ChargeCommand, type ChargeEvent, type ChargeState, type PaymentCommand, type PaymentEvent, type PaymentState, type PaymentsRuleCode } from '@collections/payments-domain';

/** Payments events hold no personal data (a debtor appears by id): stored as they are. */
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

export interface PaymentsAggregate<State, Command extends { readonly type: string }, Event> {
  readonly decider: Decider<State, Command, Event>;
  readonly codec: EventCodec<Event>;
}

export const chargeAggregate: PaymentsAggregate<ChargeState, ChargeCommand, ChargeEvent> = { decider: chargeDecider, codec: plainCodec<ChargeEvent>() };
export const paymentAggregate: PaymentsAggregate<PaymentState, PaymentCommand, PaymentEvent> = { decider: paymentDecider, codec: plainCodec<PaymentEvent>() };

/** Refusals that mean "no such resource" to the caller. */
export const NOT_FOUND_CODES: ReadonlySet<PaymentsRuleCode> = new Set(['CHARGE_NOT_FOUND', 'PAYMENT_NOT_FOUND', 'DEBT_NOT_FOUND']);

export interface WriteContext {
  readonly tenantId: string;
  readonly transaction: StoreTransaction;
  readonly metadata: EventMetadata;
  readonly nextEventId: () => string;
}

/**
 * The payments side of the one write path: a command to a stream through `handleCommand`
 * (read, fold, decide, append with the version read) inside the caller's transaction, so a
 * payment's events, its charge's and the lookup rows commit together. Counted by type and
 * outcome; a refusal (PaymentsRuleViolation) goes through to the caller.
 */
export class PaymentsWriter {
  constructor(
    private readonly store: EventStore,
    private readonly commands?: Counter<'command' | 'outcome'>,
  ) {}

  async apply<State, Command extends { readonly type: string }, Event>(
    aggregate: PaymentsAggregate<State, Command, Event>,
    streamId: string,
    command: Command,
    context: WriteContext,
  ): Promise<CommandOutcome<State, Event>> {
    try {
      const value = await handleCommand(this.store, aggregate.decider, aggregate.codec, streamId, command, { ...context, tenantId: TenantId.parse(context.tenantId) });
      this.commands?.inc({ command: command.type, outcome: 'accepted' });
      return value;
    } catch (error) {
      this.commands?.inc({ command: command.type, outcome: error instanceof PaymentsRuleViolation ? 'refused' : 'failed' });
      throw error;
    }
  }
}
