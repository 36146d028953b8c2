import { DomainRuleViolation, Money, nameBasedUuid, type Clock } from '@collections/shared-kernel';
import type { EventMetadata, SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import { payloadOf, type IntegrationEvent, type IntegrationEventContract, type IntegrationEventHandler } from '@collections/shared-messaging';
import {
  debtBecameOverdueContractV1,
  debtDisputeOpenedContractV1,
  debtDisputeResolvedContractV1,
  debtEnteredAgreementContractV1,
  debtLeftAgreementContractV1,
  debtorErasedContractV1,
  debtorRegisteredContractV1,
  debtPaymentRecordedContractV1,
  debtPaymentReversedContractV1,
  debtRegisteredContractV1,
  debtReopenedContractV1,
  debtSettledContractV1,
  debtWrittenOffContractV1,
} from '@collections/debtors-contracts';
import type { DebtContactCommand } from '@collections/contacts-domain';
import type { PiiKeyStore } from '@collections/shared-pii';
import type { ContactsWriter } from '../shared/contacts-writer';
import { cadenceStream, debtIdOf, dunningStream, type CadenceId, type DebtId } from '../shared/ids';
import { clearDeadline, dunningAggregate, setDeadline } from './dunning-scheduler';

export interface DebtorsEventsDeps {
  readonly store: SqlEventStore;
  readonly writer: ContactsWriter;
  readonly clock: Clock;
  /** The keys of the personal data this service holds (call notes): the debtor's is destroyed with the debtor's erasure. */
  readonly keyStore: PiiKeyStore;
  readonly log: (line: string) => void;
}

/** The segment every debt runs in until the debtors context publishes one. */
export const DEFAULT_SEGMENT = 'default';

/**
 * One command to a debt's contact process, in the consumer's transaction, with event ids
 * derived from the integration event (a redelivery past the inbox appends the same ids,
 * which the store answers as already applied). A debt this service never tracked (it
 * was registered before the service ran) is logged and left.
 */
async function toDebt(deps: DebtorsEventsDeps, event: IntegrationEvent, tx: StoreTransaction, command: DebtContactCommand): Promise<boolean> {
  let index = 0;
  const metadata: EventMetadata = { actor: command.actor, correlationId: event.correlationId, causationId: event.eventId, ...(event.traceparent ? { traceparent: event.traceparent } : {}) };
  try {
    await deps.writer.apply(dunningAggregate, dunningStream(command.debtId as DebtId), command, {
      tenantId: event.tenantId,
      transaction: tx,
      metadata,
      nextEventId: () => nameBasedUuid('contacts.reaction', event.eventId, command.type, command.debtId, String(index++)),
    });
    return true;
  } catch (error) {
    if (!(error instanceof DomainRuleViolation)) throw error;
    deps.log(`contacts: ${event.type} ${event.eventId} not applied to debt ${command.debtId}: ${error.message}`);
    return false;
  }
}

/** Starts the segment's cadence on a tracked debt (no-op when it runs one already or none is defined). */
async function startSegmentCadence(deps: DebtorsEventsDeps, event: IntegrationEvent, tx: StoreTransaction, debtId: DebtId): Promise<void> {
  const [segment] = await tx.query<{ cadence_id: string }>(
    // the cadence of the debt's segment, or the tenant's default cadence when its segment has none
    `SELECT s.cadence_id FROM contacts_segment_cadences s JOIN contacts_debts d ON d.tenant_id = s.tenant_id AND s.segment IN (d.segment, '${DEFAULT_SEGMENT}')
      WHERE d.tenant_id = $1 AND d.debt_id = $2 ORDER BY s.segment = d.segment DESC LIMIT 1`,
    [event.tenantId, debtId],
  );
  if (!segment) return;
  const { events } = await deps.store.readStream(cadenceStream(segment.cadence_id as CadenceId), { tenantId: event.tenantId, transaction: tx });
  if (events.length === 0) return;
  await toDebt(deps, event, tx, { type: 'StartCadence', debtId, cadenceId: segment.cadence_id, version: events.length, now: event.occurredAt, actor: 'system:contacts' });
}

const SYSTEM = 'system:debtors';

/** Every debtors event the contacts context reacts to, with what it does. */
export function debtorsEventReactions(deps: DebtorsEventsDeps): readonly { readonly contract: IntegrationEventContract; readonly handle: IntegrationEventHandler }[] {
  const now = (): string => deps.clock.now().toISOString();
  return [
    {
      contract: debtorRegisteredContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtorRegisteredContractV1, event);
        await tx.query(
          `INSERT INTO contacts_debtors (tenant_id, debtor_id, kind, state, time_zone) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, debtor_id) DO UPDATE SET kind = EXCLUDED.kind, state = EXCLUDED.state, time_zone = EXCLUDED.time_zone`,
          [event.tenantId, d.debtorId, d.kind, d.state, d.timeZone ?? null],
        );
      },
    },
    {
      contract: debtorErasedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtorErasedContractV1, event);
        await tx.query('UPDATE contacts_debtors SET erased = true WHERE tenant_id = $1 AND debtor_id = $2', [event.tenantId, d.debtorId]);
        // call notes held here become unreadable (LGPD art. 18 VI); idempotent, and in embedded mode the debtors service's own key
        await deps.keyStore.erase(d.debtorId, event.tenantId, tx);
        const debts = await tx.query<{ debt_id: string }>('SELECT debt_id FROM contacts_debts WHERE tenant_id = $1 AND debtor_id = $2', [event.tenantId, d.debtorId]);
        for (const { debt_id } of debts) {
          await toDebt(deps, event, tx, { type: 'StopCadence', debtId: debt_id, reason: 'debtor_erased', now: d.erasedAt, actor: SYSTEM });
          await clearDeadline(tx, event.tenantId, debt_id);
        }
      },
    },
    {
      contract: debtRegisteredContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtRegisteredContractV1, event);
        const debtId = debtIdOf(d.debtId);
        await tx.query(
          'INSERT INTO contacts_debts (tenant_id, debt_id, debtor_id, segment, contract_reference) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, debt_id) DO NOTHING',
          [event.tenantId, debtId, d.debtorId, d.segment ?? DEFAULT_SEGMENT, d.contractReference],
        );
        const command = { type: 'TrackDebt', debtId, debtorId: d.debtorId, dueDate: d.dueDate, originalAmount: Money.parse(d.originalAmount, 'originalAmount'), now: d.registeredAt, actor: SYSTEM } as const;
        if (!(await toDebt(deps, event, tx, command))) return;
        // reminders before the due date need the cadence running from registration
        await startSegmentCadence(deps, event, tx, debtId);
        await setDeadline(tx, event.tenantId, debtId, now());
      },
    },
    {
      contract: debtBecameOverdueContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtBecameOverdueContractV1, event);
        const debtId = debtIdOf(d.debtId);
        if (!(await toDebt(deps, event, tx, { type: 'NoteOverdue', debtId, asOf: d.asOf, now: event.occurredAt, actor: SYSTEM }))) return;
        await startSegmentCadence(deps, event, tx, debtId);
        await setDeadline(tx, event.tenantId, debtId, now());
      },
    },
    {
      contract: debtPaymentRecordedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtPaymentRecordedContractV1, event);
        await toDebt(deps, event, tx, { type: 'NotePayment', debtId: d.debtId, paymentId: d.paymentId, amount: Money.parse(d.amount, 'amount'), paidOn: d.paidOn, now: event.occurredAt, actor: SYSTEM });
      },
    },
    {
      contract: debtSettledContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtSettledContractV1, event);
        await toDebt(deps, event, tx, { type: 'StopCadence', debtId: d.debtId, reason: 'settled', now: event.occurredAt, actor: SYSTEM });
        await clearDeadline(tx, event.tenantId, d.debtId);
      },
    },
    {
      contract: debtPaymentReversedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtPaymentReversedContractV1, event);
        await toDebt(deps, event, tx, { type: 'NotePaymentReversal', debtId: d.debtId, paymentId: d.paymentId, reversedOn: d.reversedOn, now: event.occurredAt, actor: SYSTEM });
      },
    },
    {
      contract: debtReopenedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtReopenedContractV1, event);
        if (await toDebt(deps, event, tx, { type: 'ReopenCadence', debtId: d.debtId, reopenedOn: d.reopenedOn, now: event.occurredAt, actor: SYSTEM })) {
          await setDeadline(tx, event.tenantId, d.debtId, now());
        }
      },
    },
    {
      contract: debtWrittenOffContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtWrittenOffContractV1, event);
        await toDebt(deps, event, tx, { type: 'StopCadence', debtId: d.debtId, reason: 'written_off', now: d.writtenOffAt, actor: SYSTEM });
        await clearDeadline(tx, event.tenantId, d.debtId);
      },
    },
    {
      contract: debtDisputeOpenedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtDisputeOpenedContractV1, event);
        await toDebt(deps, event, tx, { type: 'PlaceHold', debtId: d.debtId, holdId: 'dispute', kind: 'dispute', reason: 'dispute opened by the debtor', now: d.openedAt, actor: SYSTEM });
      },
    },
    {
      contract: debtDisputeResolvedContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtDisputeResolvedContractV1, event);
        if (await toDebt(deps, event, tx, { type: 'ReleaseHold', debtId: d.debtId, holdId: 'dispute', now: d.resolvedAt, actor: SYSTEM })) await setDeadline(tx, event.tenantId, d.debtId, now());
      },
    },
    {
      contract: debtEnteredAgreementContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtEnteredAgreementContractV1, event);
        await toDebt(deps, event, tx, { type: 'PlaceHold', debtId: d.debtId, holdId: `agreement-${d.agreementId}`, kind: 'agreement', reason: `agreement ${d.agreementId}`, now: d.enteredAt, actor: SYSTEM });
      },
    },
    {
      contract: debtLeftAgreementContractV1,
      handle: async (event, tx) => {
        const d = payloadOf(debtLeftAgreementContractV1, event);
        if (await toDebt(deps, event, tx, { type: 'ReleaseHold', debtId: d.debtId, holdId: `agreement-${d.agreementId}`, now: d.leftAt, actor: SYSTEM })) {
          await setDeadline(tx, event.tenantId, d.debtId, now());
        }
      },
    },
  ];
}
