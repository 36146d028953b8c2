/**
 * What must hold of the platform after any fault, read from each service's own database
 * (the harness's view, never a service's: no service reads another's tables):
 *
 * - **nothing lost**: every integration event the producers' logs imply (each context's
 *   events through its own contracts, exactly as its relay publishes them) reached the
 *   reporting service, which consumes every topic, and each of the debtors context's
 *   `DebtRegistered` reached the contacts service (its debt row and its contact process);
 * - **nothing applied twice**: the reporting service kept each event once, and no debt's
 *   contact process was started twice;
 * - **every hash chain intact**: each service's log verifies (`SqlEventStore.verify`).
 *
 * The read models' equality with a rebuild is the harness's other check (through the
 * reporting service's API); this module only reads.
 */
import { ContractRegistry } from '@collections/shared-contracts';
import { LOG_START, NodePostgresDriver, SqlEventStore, type LogCursor } from '@collections/shared-event-store';
import { toIntegrationEvents } from '@collections/shared-messaging';
import { REPORTED_CONTEXTS } from '@collections/reporting-service';

export interface DatabaseServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
}

export interface InvariantReport {
  /** Integration events the producers' logs imply. */
  readonly published: number;
  /** Events of those that a consumer that must have them does not have. */
  readonly lost: readonly { readonly where: string; readonly type: string; readonly eventId: string }[];
  /** Effects found more than once. */
  readonly duplicated: readonly { readonly where: string; readonly what: string; readonly times: number }[];
  /** Each service's log: events checked, breaks found. */
  readonly chains: readonly { readonly service: string; readonly eventsChecked: number; readonly breaks: number }[];
}

const SERVICES = ['debtors', 'contacts', 'negotiation', 'payments', 'legal', 'reporting'] as const;

async function withStore<T>(server: DatabaseServer, database: string, work: (store: SqlEventStore) => Promise<T>): Promise<T> {
  const driver = NodePostgresDriver.create({ ...server, database, max: 2 });
  try {
    return await work(await SqlEventStore.open(driver, { migrate: false, notify: false }));
  } finally {
    await driver.close();
  }
}

/** Every integration event a context's log implies, as its relay would publish them. */
async function impliedEvents(store: SqlEventStore, registry: ContractRegistry): Promise<{ type: string; eventId: string }[]> {
  const implied: { type: string; eventId: string }[] = [];
  let after: LogCursor = LOG_START;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5_000 });
    for (const recorded of page.events) for (const { integrationEvent } of toIntegrationEvents(recorded, registry)) implied.push({ type: integrationEvent.type, eventId: integrationEvent.eventId });
    if (page.events.length === 0) return implied;
    after = page.cursor;
  }
}

/** Reads the six services' databases `<prefix>_<service>` on `server` and checks the invariants. */
export async function checkInvariants(server: DatabaseServer, prefix: string): Promise<InvariantReport> {
  const db = (service: string): string => `${prefix}_${service}`;
  const lost: { where: string; type: string; eventId: string }[] = [];
  const duplicated: { where: string; what: string; times: number }[] = [];

  const reported = await withStore(server, db('reporting'), async (store) => {
    const rows = await store.driver.query<{ event_id: string; n: string }>('SELECT event_id::text AS event_id, count(*)::text AS n FROM rep_events GROUP BY event_id');
    return new Map(rows.map((row) => [row.event_id, Number(row.n)]));
  });
  let published = 0;
  const debtsRegistered: string[] = [];
  for (const { context, contracts } of REPORTED_CONTEXTS) {
    const registry = new ContractRegistry(contracts);
    const implied = await withStore(server, db(context), (store) => impliedEvents(store, registry));
    published += implied.length;
    for (const event of implied) {
      const times = reported.get(event.eventId) ?? 0;
      if (times === 0) lost.push({ where: 'reporting', ...event });
      if (times > 1) duplicated.push({ where: 'reporting', what: `${event.type} ${event.eventId}`, times });
    }
    if (context === 'debtors') {
      const registrations = await withStore(server, db('debtors'), (store) =>
        store.driver.query<{ debt_id: string; event_id: string }>("SELECT data->>'debtId' AS debt_id, event_id::text AS event_id FROM es_events WHERE event_type = 'DebtRegistered'"),
      );
      debtsRegistered.push(...registrations.map((r) => r.debt_id));
    }
  }

  await withStore(server, db('contacts'), async (store) => {
    const known = new Set((await store.driver.query<{ debt_id: string }>('SELECT debt_id::text AS debt_id FROM contacts_debts')).map((r) => r.debt_id));
    for (const debtId of debtsRegistered) if (!known.has(debtId)) lost.push({ where: 'contacts', type: 'DebtRegistered', eventId: `debt ${debtId}` });
    const tracked = await store.driver.query<{ stream_id: string; n: string }>(
      "SELECT stream_id, count(*)::text AS n FROM es_events WHERE event_type = 'DebtTracked' GROUP BY stream_id HAVING count(*) > 1",
    );
    for (const row of tracked) duplicated.push({ where: 'contacts', what: `DebtTracked on ${row.stream_id}`, times: Number(row.n) });
  });

  const chains: { service: string; eventsChecked: number; breaks: number }[] = [];
  for (const service of SERVICES) {
    const report = await withStore(server, db(service), (store) => store.verify());
    chains.push({ service, eventsChecked: report.eventsChecked, breaks: report.breaks.length });
  }
  return { published, lost, duplicated, chains };
}
