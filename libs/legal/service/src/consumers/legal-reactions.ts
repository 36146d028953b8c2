import type { z } from 'zod';
import { DomainRuleViolation, parseIsoInstant, parseText, type Clock } from '@collections/shared-kernel';
import type { SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import { payloadOf, type IntegrationEvent, type IntegrationEventContract, type IntegrationEventHandler } from '@collections/shared-messaging';
import {
  debtBecameOverdueContractV1,
  debtDisputeOpenedContractV1,
  debtDisputeResolvedContractV1,
  debtEnteredAgreementContractV1,
  debtLeftAgreementContractV1,
  debtRegisteredContractV1,
  debtReopenedContractV1,
  debtSettledContractV1,
  debtWrittenOffContractV1,
} from '@collections/debtors-contracts';
import type { DebtFact, EscalationCommand } from '@collections/legal-domain';
import type { LegalWriter } from '../shared/legal-writer';
import { debtIdOf, escalationStream, type DebtId } from '../shared/ids';
import { afterWrite, escalationAggregate, readPolicy } from '../escalations/escalation-stream';
import { reactionIds } from '../escalations/escalation-scheduler';
import { cadencePausedContractV1, cadenceResumedContractV1, priorNoticeFailedContractV1, priorNoticeSentContractV1 } from './contacts-events';

export interface LegalReactionsDeps {
  readonly store: SqlEventStore;
  readonly writer: LegalWriter;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

export interface Reaction {
  readonly contract: IntegrationEventContract;
  readonly handle: IntegrationEventHandler;
}

/**
 * One command to a debt's escalation, in the consumer's transaction (the inbox row and the
 * effect commit together), then its deadline set from the new state: "now" when the fact
 * may change what is due. A refusal (a proof for a notice never requested) is logged and left.
 */
async function toEscalation(deps: LegalReactionsDeps, event: IntegrationEvent, tx: StoreTransaction, debtId: DebtId, command: EscalationCommand): Promise<void> {
  const policy = await readPolicy(deps.store, event.tenantId, tx);
  try {
    const written = await deps.writer.apply(escalationAggregate, escalationStream(debtId), command, {
      tenantId: event.tenantId,
      transaction: tx,
      metadata: { actor: `system:${event.type}`, correlationId: event.correlationId, causationId: event.eventId, ...(event.traceparent ? { traceparent: event.traceparent } : {}) },
      nextEventId: reactionIds(event.eventId, debtId),
    });
    const now = deps.clock.now().toISOString();
    await afterWrite(tx, event.tenantId, debtId, written.state, policy, now);
    // a fact may make a step due at once (a removal to send, a listing now allowed): look now
    await tx.query('UPDATE legal_deadlines SET due_at = LEAST(due_at, $3) WHERE tenant_id = $1 AND debt_id = $2', [event.tenantId, debtId, now]);
    if (written.state.removal || written.state.debt.overdueSince) {
      await tx.query('INSERT INTO legal_deadlines (tenant_id, debt_id, due_at) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, debt_id) DO UPDATE SET due_at = LEAST(legal_deadlines.due_at, EXCLUDED.due_at)', [event.tenantId, debtId, now]);
    }
  } catch (error) {
    if (!(error instanceof DomainRuleViolation)) throw error;
    deps.log(`legal: ${event.type} ${event.eventId} not applied to debt ${debtId}: ${error.message}`);
  }
}

function observing<S extends z.ZodType>(deps: LegalReactionsDeps, contract: IntegrationEventContract<S>, fact: (payload: z.output<S>) => { debtId: string; fact: DebtFact }): Reaction {
  return {
    contract,
    handle: async (event, tx) => {
      const seen = fact(payloadOf(contract, event));
      const debtId = debtIdOf(seen.debtId);
      const policy = await readPolicy(deps.store, event.tenantId, tx);
      await toEscalation(deps, event, tx, debtId, { type: 'ObserveDebtFact', debtId, now: deps.clock.now().toISOString(), fact: seen.fact, policy });
    },
  };
}

/** Every event from another context the legal context reacts to. */
export function legalReactions(deps: LegalReactionsDeps): readonly Reaction[] {
  return [
    observing(deps, debtRegisteredContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'registered', debtorId: d.debtorId, dueDate: d.dueDate, ...(d.segment === undefined ? {} : { segment: d.segment }) } })),
    observing(deps, debtBecameOverdueContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'overdue', earliestUnpaidDueDate: d.earliestUnpaidDueDate, daysPastDue: d.daysPastDue, asOf: d.asOf } })),
    observing(deps, debtSettledContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'settled', settledOn: d.settledOn } })),
    observing(deps, debtReopenedContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'reopened', reopenedOn: d.reopenedOn } })),
    observing(deps, debtEnteredAgreementContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'agreement-entered', agreementId: d.agreementId, on: parseIsoInstant(d.enteredAt, 'enteredAt').slice(0, 10) } })),
    observing(deps, debtLeftAgreementContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'agreement-left', agreementId: d.agreementId } })),
    observing(deps, debtDisputeOpenedContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'dispute-opened' } })),
    observing(deps, debtDisputeResolvedContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'dispute-resolved', outcome: d.outcome } })),
    observing(deps, debtWrittenOffContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'written-off' } })),
    // the contacts context's holds: while one is placed, nothing escalates; its release lets the escalation go on
    observing(deps, cadencePausedContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'hold-placed', holdId: parseText(d.holdId, 'holdId', { max: 200 }), holdKind: d.kind } })),
    observing(deps, cadenceResumedContractV1, (d) => ({ debtId: d.debtId, fact: { kind: 'hold-released', holdId: parseText(d.holdId, 'holdId', { max: 200 }) } })),
    {
      contract: priorNoticeSentContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(priorNoticeSentContractV1, event);
        const debtId = debtIdOf(d.debtId);
        await toEscalation(deps, event, tx, debtId, {
          type: 'RecordNoticeSent',
          debtId,
          now: deps.clock.now().toISOString(),
          noticeId: d.noticeId.toLowerCase(),
          sentAt: parseIsoInstant(d.sentAt, 'sentAt'),
          deliveries: d.deliveries.map((x) => ({ channel: x.channel, messageId: parseText(x.messageId, 'messageId', { max: 200 }), contactPointId: parseText(x.contactPointId, 'contactPointId', { max: 200 }) })),
        });
      },
    },
    {
      contract: priorNoticeFailedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(priorNoticeFailedContractV1, event);
        const debtId = debtIdOf(d.debtId);
        await toEscalation(deps, event, tx, debtId, {
          type: 'RecordNoticeFailed',
          debtId,
          now: deps.clock.now().toISOString(),
          noticeId: d.noticeId.toLowerCase(),
          reason: parseText(d.reason, 'reason', { max: 500 }),
          failedAt: parseIsoInstant(d.failedAt, 'failedAt'),
        });
      },
    },
  ];
}
