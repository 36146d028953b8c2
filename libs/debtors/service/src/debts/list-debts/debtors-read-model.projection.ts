import type { EventStore, RecordedEvent, StoreTransaction } from '@collections/shared-event-store';
import type { Projection } from '@collections/shared-nest';
import { assertNever } from '@collections/shared-kernel';
import { balanceAsOf, debtDecider, type DebtEvent, type DebtorEvent } from '@collections/debtors-domain';
import { nextAgingCheck } from '../age-debt/aging-deadlines';

/**
 * debtor_view and debt_view for listing and search, plus the aging deadlines. Personal
 * data is copied as stored (encrypted tokens); erasure blanks it. Writes go through the
 * runner's transaction, with the checkpoint.
 *
 * A batch is written set-wise: registrations become one multi-row INSERT, and a debt's
 * row and deadline (a function of its history, not of the previous row) are computed per
 * event and written once per batch, last one winning. Any other debtor event first
 * flushes the registrations pending before it, so the rows see the events in log order.
 */
export function debtorsProjection(store: EventStore): Projection {
  return {
    name: 'debtors-read-model',
    categories: ['debtor', 'debt'],
    tables: ['debtor_view', 'debt_view', 'debt_deadlines'],
    async apply(events: readonly RecordedEvent[], transaction: StoreTransaction) {
      const batch = new BatchWriter(store, transaction);
      for (const recorded of events) {
        if (recorded.streamCategory === 'debtor') await batch.debtor(recorded, { type: recorded.type, data: recorded.data } as DebtorEvent);
        else await batch.debt(recorded);
      }
      await batch.flush();
    },
  };
}

type DebtorRow = {
  tenant_id: string;
  debtor_id: string;
  kind: string;
  name_token: string;
  tax_id_token: string;
  state: string;
  time_zone: string;
  contact_points: unknown;
  registered_at: string;
  version: number;
};
type DebtRow = {
  tenant_id: string;
  debt_id: string;
  debtor_id: string;
  contract_reference: string;
  original_amount: number;
  currency: string;
  due_date: string;
  status: string;
  aging_bucket: string;
  days_past_due: number;
  registered_at: string;
  version: number;
  /** The next date to look at this debt again (overdue, next aging bucket), or none. */
  due_on: string | null;
};

class BatchWriter {
  private registrations: DebtorRow[] = [];
  private readonly debts = new Map<string, DebtRow>();
  /** Debt streams read in this batch (the store already holds every event of the batch). */
  private readonly histories = new Map<string, readonly RecordedEvent[]>();

  constructor(
    private readonly store: EventStore,
    private readonly transaction: StoreTransaction,
  ) {}

  async debtor(recorded: RecordedEvent, event: DebtorEvent): Promise<void> {
    const tenant = recorded.tenantId;
    switch (event.type) {
      case 'DebtorRegistered': {
        const d = event.data;
        this.registrations.push({
          tenant_id: tenant,
          debtor_id: d.debtorId,
          kind: d.taxId.kind === 'cpf' ? 'person' : 'company',
          name_token: d.name,
          tax_id_token: d.taxId.value,
          state: d.state,
          time_zone: d.timeZone,
          contact_points: d.contactPoints,
          registered_at: d.registeredAt,
          version: recorded.streamVersion,
        });
        return;
      }
      case 'DebtorContactPointsUpdated':
        await this.flushRegistrations();
        await this.transaction.query('UPDATE debtor_view SET contact_points = $3::jsonb, version = $4 WHERE tenant_id = $1 AND debtor_id = $2', [
          tenant,
          event.data.debtorId,
          JSON.stringify(event.data.contactPoints),
          recorded.streamVersion,
        ]);
        return;
      case 'ContactConsentRecorded':
        await this.flushRegistrations();
        await this.updateContactPoint(recorded, event.data.contactPointId, { consent: event.data.consent });
        return;
      case 'ContactOptedOut':
        await this.flushRegistrations();
        // the reason is copied as stored: encrypted under the debtor's key
        await this.updateContactPoint(recorded, event.data.contactPointId, { optedOut: true, optedOutAt: event.data.optedOutAt, optOutReason: event.data.reason });
        return;
      case 'DebtorErasureRequested':
        await this.flushRegistrations();
        await this.transaction.query(
          `UPDATE debtor_view SET name_token = NULL, tax_id_token = NULL, contact_points = '[]'::jsonb, erased = true, version = $3
            WHERE tenant_id = $1 AND debtor_id = $2`,
          [tenant, event.data.debtorId, recorded.streamVersion],
        );
        return;
      default:
        assertNever(event, 'debtor event');
    }
  }

  /** Merges `changes` into the one contact point with that id, keeping the list's order. */
  private async updateContactPoint(recorded: RecordedEvent, contactPointId: string, changes: Record<string, unknown>): Promise<void> {
    await this.transaction.query(
      `UPDATE debtor_view v
          SET contact_points = (SELECT coalesce(jsonb_agg(CASE WHEN p.cp->>'id' = $3 THEN p.cp || $4::jsonb ELSE p.cp END ORDER BY p.n), '[]'::jsonb)
                                  FROM jsonb_array_elements(v.contact_points) WITH ORDINALITY AS p(cp, n)),
              version = $5
        WHERE tenant_id = $1 AND debtor_id = $2`,
      [recorded.tenantId, (recorded.data as { debtorId: string }).debtorId, contactPointId, JSON.stringify(changes), recorded.streamVersion],
    );
  }

  async debt(recorded: RecordedEvent): Promise<void> {
    // The status rules live in the domain: fold the debt's history up to this event
    // rather than re-implementing them here. (A stream's first event is its whole history.)
    const history = (await this.historyOf(recorded)).filter((e) => e.streamVersion <= recorded.streamVersion).map((e) => ({ type: e.type, data: e.data }) as DebtEvent);
    const state = history.reduce(debtDecider.evolve, debtDecider.initialState());
    if (state.status === 'unregistered') return;
    const terms = state.ledger.terms;
    const balance = balanceAsOf(history, state.classifiedOn ?? terms.dueDate);
    const overdue = state.delinquency === 'overdue';
    const unpaidSince = overdue ? balance.earliestUnpaidDueDate : firstUnpaidDueDate(terms.installments, balance.earliestUnpaidDueDate);
    this.debts.set(`${recorded.tenantId}/${terms.debtId}`, {
      tenant_id: recorded.tenantId,
      debt_id: terms.debtId,
      debtor_id: terms.debtorId,
      contract_reference: terms.contractReference,
      original_amount: terms.originalAmount.amount,
      currency: terms.originalAmount.currency,
      due_date: terms.dueDate,
      status: state.status,
      aging_bucket: state.agingBucket,
      days_past_due: overdue ? balance.daysPastDue : 0,
      registered_at: terms.registeredAt,
      version: recorded.streamVersion,
      due_on: state.closure || !unpaidSince ? null : nextAgingCheck(unpaidSince, overdue ? balance.daysPastDue : 0),
    });
  }

  private async historyOf(recorded: RecordedEvent): Promise<readonly RecordedEvent[]> {
    // A debt registered in this batch brings the rest of its history in the same batch, in
    // order (a registration already past due is followed at once by its classification):
    // the batch's own events are its history, with no read of the stream per debt.
    if (recorded.streamVersion === 1) {
      this.histories.set(recorded.streamId, [recorded]);
      return [recorded];
    }
    const known = this.histories.get(recorded.streamId);
    if (known && known.length >= recorded.streamVersion) return known;
    if (known && known.length === recorded.streamVersion - 1) {
      const extended = [...known, recorded];
      this.histories.set(recorded.streamId, extended);
      return extended;
    }
    const { events } = await this.store.readStream(recorded.streamId, { tenantId: recorded.tenantId, transaction: this.transaction });
    this.histories.set(recorded.streamId, events);
    return events;
  }

  async flush(): Promise<void> {
    await this.flushRegistrations();
    const debts = [...this.debts.values()];
    this.debts.clear();
    if (debts.length === 0) return;
    await this.transaction.query(
      `INSERT INTO debt_view (tenant_id, debt_id, debtor_id, contract_reference, original_amount, currency, due_date, status, aging_bucket,
                              days_past_due, registered_at, version)
       SELECT tenant_id, debt_id, debtor_id, contract_reference, original_amount, currency, due_date, status, aging_bucket,
              days_past_due, registered_at, version
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id text, debt_id uuid, debtor_id uuid, contract_reference text, original_amount bigint,
              currency text, due_date date, status text, aging_bucket text, days_past_due integer, registered_at timestamptz, version bigint)
       ON CONFLICT (tenant_id, debt_id) DO UPDATE
         SET status = EXCLUDED.status, aging_bucket = EXCLUDED.aging_bucket, days_past_due = EXCLUDED.days_past_due, version = EXCLUDED.version`,
      [JSON.stringify(debts)],
    );
    const scheduled = debts.filter((d) => d.due_on !== null).map(({ tenant_id, debt_id, due_on }) => ({ tenant_id, debt_id, due_on }));
    const settled = debts.filter((d) => d.due_on === null).map(({ tenant_id, debt_id }) => ({ tenant_id, debt_id }));
    if (scheduled.length > 0) {
      await this.transaction.query(
        `INSERT INTO debt_deadlines (tenant_id, debt_id, due_on)
         SELECT tenant_id, debt_id, due_on FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id text, debt_id uuid, due_on date)
         ON CONFLICT (tenant_id, debt_id) DO UPDATE SET due_on = EXCLUDED.due_on, attempts = 0, last_error = NULL`,
        [JSON.stringify(scheduled)],
      );
    }
    if (settled.length > 0) {
      await this.transaction.query(
        `DELETE FROM debt_deadlines d USING jsonb_to_recordset($1::jsonb) AS r(tenant_id text, debt_id uuid)
          WHERE d.tenant_id = r.tenant_id AND d.debt_id = r.debt_id`,
        [JSON.stringify(settled)],
      );
    }
  }

  private async flushRegistrations(): Promise<void> {
    if (this.registrations.length === 0) return;
    const rows = this.registrations;
    this.registrations = [];
    await this.transaction.query(
      `INSERT INTO debtor_view (tenant_id, debtor_id, kind, name_token, tax_id_token, state, time_zone, contact_points, registered_at, version)
       SELECT tenant_id, debtor_id, kind, name_token, tax_id_token, state, time_zone, contact_points, registered_at, version
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id text, debtor_id uuid, kind text, name_token text, tax_id_token text, state text,
              time_zone text, contact_points jsonb, registered_at timestamptz, version bigint)
       ON CONFLICT (tenant_id, debtor_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}

function firstUnpaidDueDate(installments: readonly { dueDate: string }[], fromBalance: string | null): string | null {
  return fromBalance ?? installments[0]?.dueDate ?? null;
}
