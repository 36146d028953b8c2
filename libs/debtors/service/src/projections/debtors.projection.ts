import type { EntityManager } from 'typeorm';
import type { EventStore, RecordedEvent } from '@collections/shared-event-store';
import { managerTransaction, type TypeOrmProjection } from '@collections/shared-nest';
import { assertNever } from '@collections/shared-kernel';
import { balanceAsOf, debtDecider, type DebtEvent, type DebtorEvent } from '@collections/debtors-domain';
import { nextAgingCheck } from '../deadlines/aging-deadlines';

/**
 * debtor_view and debt_view for listing and search, plus the aging deadlines. Personal
 * data is copied as stored (encrypted tokens); erasure blanks it. Writes go through the
 * runner's transaction, with the checkpoint.
 */
export function debtorsProjection(store: EventStore): TypeOrmProjection {
  return {
    name: 'debtors-read-model',
    categories: ['debtor', 'debt'],
    tables: ['debtor_view', 'debt_view', 'debt_deadlines'],
    async apply(events: readonly RecordedEvent[], manager: EntityManager) {
      for (const recorded of events) {
        if (recorded.streamCategory === 'debtor') await applyDebtor(recorded, { type: recorded.type, data: recorded.data } as DebtorEvent, manager);
        else await applyDebt(store, recorded, manager);
      }
    },
  };
}

async function applyDebtor(recorded: RecordedEvent, event: DebtorEvent, manager: EntityManager): Promise<void> {
  const tenant = recorded.tenantId;
  switch (event.type) {
    case 'DebtorRegistered': {
      const d = event.data;
      await manager.query(
        `INSERT INTO debtor_view (tenant_id, debtor_id, kind, name_token, tax_id_token, state, time_zone, contact_points, registered_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) ON CONFLICT (tenant_id, debtor_id) DO NOTHING`,
        [tenant, d.debtorId, d.taxId.kind === 'cpf' ? 'person' : 'company', d.name, d.taxId.value, d.state, d.timeZone, JSON.stringify(d.contactPoints), d.registeredAt, recorded.streamVersion],
      );
      return;
    }
    case 'DebtorContactPointsUpdated':
      await manager.query('UPDATE debtor_view SET contact_points = $3::jsonb, version = $4 WHERE tenant_id = $1 AND debtor_id = $2', [
        tenant,
        event.data.debtorId,
        JSON.stringify(event.data.contactPoints),
        recorded.streamVersion,
      ]);
      return;
    case 'ContactConsentRecorded':
    case 'ContactOptedOut':
      await manager.query('UPDATE debtor_view SET version = $3 WHERE tenant_id = $1 AND debtor_id = $2', [tenant, event.data.debtorId, recorded.streamVersion]);
      return;
    case 'DebtorErasureRequested':
      await manager.query(
        `UPDATE debtor_view SET name_token = NULL, tax_id_token = NULL, contact_points = '[]'::jsonb, erased = true, version = $3
          WHERE tenant_id = $1 AND debtor_id = $2`,
        [tenant, event.data.debtorId, recorded.streamVersion],
      );
      return;
    default:
      assertNever(event, 'debtor event');
  }
}

async function applyDebt(store: EventStore, recorded: RecordedEvent, manager: EntityManager): Promise<void> {
  // The status rules live in the domain: fold the debt's history up to this event
  // rather than re-implementing them here.
  // (a stream's first event is its whole history: no need to read it back)
  const events =
    recorded.streamVersion === 1
      ? [recorded]
      : (await store.readStream(recorded.streamId, { tenantId: recorded.tenantId, transaction: managerTransaction(manager) })).events;
  const history = events.filter((e) => e.streamVersion <= recorded.streamVersion).map((e) => ({ type: e.type, data: e.data }) as DebtEvent);
  const state = history.reduce(debtDecider.evolve, debtDecider.initialState());
  if (state.status === 'unregistered') return;
  const terms = state.ledger.terms;
  const classifiedOn = state.classifiedOn ?? terms.dueDate;
  const balance = balanceAsOf(history, classifiedOn);
  await manager.query(
    `INSERT INTO debt_view (tenant_id, debt_id, debtor_id, contract_reference, original_amount, currency, due_date, status, aging_bucket,
                            days_past_due, registered_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (tenant_id, debt_id) DO UPDATE
       SET status = EXCLUDED.status, aging_bucket = EXCLUDED.aging_bucket, days_past_due = EXCLUDED.days_past_due, version = EXCLUDED.version`,
    [recorded.tenantId, terms.debtId, terms.debtorId, terms.contractReference, terms.originalAmount.amount, terms.originalAmount.currency,
     terms.dueDate, state.status, state.agingBucket, state.delinquency === 'overdue' ? balance.daysPastDue : 0, terms.registeredAt, recorded.streamVersion],
  );
  // The next date this debt must be looked at again (overdue, next aging bucket), or none.
  const unpaidSince = state.delinquency === 'overdue' ? balance.earliestUnpaidDueDate : firstUnpaidDueDate(terms.installments, balance.earliestUnpaidDueDate);
  const dueOn = state.closure || !unpaidSince ? null : nextAgingCheck(unpaidSince, state.delinquency === 'overdue' ? balance.daysPastDue : 0);
  if (dueOn) {
    await manager.query(
      `INSERT INTO debt_deadlines (tenant_id, debt_id, due_on) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, debt_id) DO UPDATE SET due_on = EXCLUDED.due_on, attempts = 0, last_error = NULL`,
      [recorded.tenantId, terms.debtId, dueOn],
    );
  } else {
    await manager.query('DELETE FROM debt_deadlines WHERE tenant_id = $1 AND debt_id = $2', [recorded.tenantId, terms.debtId]);
  }
}

function firstUnpaidDueDate(installments: readonly { dueDate: string }[], fromBalance: string | null): string | null {
  return fromBalance ?? installments[0]?.dueDate ?? null;
}
