import { randomUUID } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';
import { ExpectedVersion, NodePostgresDriver, SqlEventStore, openPostgresEventStore } from '@collections/shared-event-store';
import { adminConnectionConfig, createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { runtimeRoleGrantsSql } from './least-privilege';

/** The same database, logged in as another role (the test server trusts local connections). */
function asRole(config: ClientConfig, role: string): ClientConfig {
  if (!config.connectionString) return { ...config, user: role };
  const url = new URL(config.connectionString);
  url.username = role;
  url.password = '';
  return { connectionString: url.toString() };
}

async function asAdmin(sql: string): Promise<void> {
  const client = new Client(adminConnectionConfig());
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('the runtime role of least privilege', () => {
  let database: TestDatabase;
  let owner: SqlEventStore;
  let runtime: SqlEventStore;
  const role = `rt_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

  beforeAll(async () => {
    database = await createTestDatabase('audit_roles');
    owner = await openPostgresEventStore({ ...database.config, max: 2 }); // migrates, as the owner
    await asAdmin(`CREATE ROLE ${role} LOGIN`);
    const ownerName = (await owner.driver.query<{ name: string }>('SELECT current_user AS name'))[0]!.name;
    await owner.driver.transaction(async (tx) => tx.exec(runtimeRoleGrantsSql({ role, owner: ownerName })));
    runtime = await SqlEventStore.open(NodePostgresDriver.create({ ...asRole(database.config, role), max: 2 }), { migrate: false });
  });
  afterAll(async () => {
    await runtime?.close();
    await owner?.close();
    await database?.drop();
    await asAdmin(`DROP ROLE IF EXISTS ${role}`);
  });

  it('given the runtime role, when the service appends, reads and verifies, then it may', async () => {
    const id = `debt-${randomUUID()}`;
    await runtime.appendToStream(id, [{ eventId: randomUUID(), type: 'DebtRegistered', data: { amount: 1 } }], { tenantId: 't', expectedVersion: ExpectedVersion.noStream });
    await runtime.appendToStream(id, [{ eventId: randomUUID(), type: 'DebtSettled', data: {} }], { tenantId: 't', expectedVersion: ExpectedVersion.exact(1) });
    expect((await runtime.readStream(id, { tenantId: 't' })).currentVersion).toBe(2);
    expect(await runtime.verify({ streamId: id })).toMatchObject({ ok: true, eventsChecked: 2 });
    await runtime.storeCheckpoint('rt-check', { transactionId: 1n, position: 1n });
    expect(await runtime.readCheckpoint('rt-check')).toEqual({ transactionId: 1n, position: 1n });
  });

  it.each([
    [`UPDATE es_events SET data = '{}'`],
    ['DELETE FROM es_events'],
    ['TRUNCATE es_events'],
    ['SET session_replication_role = replica'],
    ['ALTER TABLE es_events DISABLE TRIGGER es_events_append_only'],
    [`CREATE OR REPLACE FUNCTION es_event_hash(bytea, uuid, text, text, bigint, text, integer, jsonb, jsonb, timestamptz) RETURNS bytea LANGUAGE sql AS $$ SELECT $1 $$`],
    ['UPDATE es_schema_migrations SET name = name'],
  ])('given the runtime role, when it runs %s, then PostgreSQL refuses it for lack of privilege', async (sql) => {
    await expect(runtime.driver.query(sql)).rejects.toMatchObject({ code: '42501' });
  });

  it('given the owner role, when it updates an event, then the append-only trigger refuses it', async () => {
    await expect(owner.driver.query(`UPDATE es_events SET data = '{}'`)).rejects.toMatchObject({ code: 'EVS07' });
  });
});
