import type { StoreTransaction } from '@collections/shared-event-store';
import type { IsoInstant } from '@collections/shared-kernel';
import { cadenceDecider, debtContactDecider, type CadenceEvent, type DebtContactEvent } from '@collections/contacts-domain';
import { plainCodec } from '../shared/contacts-writer';

/** A debt's contact process (`dunning-<debtId>`) and a cadence (`cadence-<id>`), as the writer applies commands to them. */
export const dunningAggregate = { decider: debtContactDecider, codec: plainCodec<DebtContactEvent>() };
export const cadenceAggregate = { decider: cadenceDecider, codec: plainCodec<CadenceEvent>() };

/** When the scheduler looks at a debt's cadence next (one row per debt, `contacts_deadlines`). */
export async function setDeadline(tx: StoreTransaction, tenantId: string, debtId: string, dueAt: IsoInstant): Promise<void> {
  await tx.query(
    'INSERT INTO contacts_deadlines (tenant_id, debt_id, due_at) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, debt_id) DO UPDATE SET due_at = EXCLUDED.due_at',
    [tenantId, debtId, dueAt],
  );
}

export async function clearDeadline(tx: StoreTransaction, tenantId: string, debtId: string): Promise<void> {
  await tx.query('DELETE FROM contacts_deadlines WHERE tenant_id = $1 AND debt_id = $2', [tenantId, debtId]);
}
