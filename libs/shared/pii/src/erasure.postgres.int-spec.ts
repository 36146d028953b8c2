import { randomUUID } from 'node:crypto';
import { ExpectedVersion, openPostgresEventStore, type SqlDriver, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';
import { PiiKeyStore } from './key-store';
import { MasterKey } from './master-key';
import { ERASED, PiiCipher, isPiiToken } from './pii-cipher';

/**
 * The product requirement, end to end on a real PostgreSQL: personal data goes into
 * the event store and a read model only as tokens; after the erasure (LGPD art. 18, VI)
 * no column of any table holds the values, the history still replays (personal
 * fields ERASED) and the hash chain still verifies.
 */

interface DebtorData {
  readonly debtorId: string;
  readonly document?: { readonly type: string; readonly number: unknown };
  readonly name?: unknown;
  readonly contactPoints?: readonly { readonly kind: string; readonly value: unknown }[];
}

const PII_PATHS = ['document.number', 'name', 'contactPoints[].value'];
const CPF = '529.982.247-25';
const CPF_DIGITS = '52998224725';
const NAME = 'Maria Aparecida dos Santos';
const NEW_NAME = 'Maria Aparecida Santos Lima';
const PHONE = '+55 11 98765-4321';
const PHONE_DIGITS = '5511987654321';
const EMAIL = 'maria.aparecida@example.com';
const PLAINTEXTS = [CPF, CPF_DIGITS, NAME, NEW_NAME, PHONE, PHONE_DIGITS, EMAIL];

/**
 * Every column of every table of the public schema, cast to text, searched for each
 * needle as it is, lowercased, and as hex of its UTF-8 bytes (how bytea prints).
 */
async function scan(driver: SqlDriver, needles: readonly string[]): Promise<string[]> {
  const columns = await driver.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const hits: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    for (const needle of needles) {
      const forms = [needle.toLowerCase(), Buffer.from(needle, 'utf8').toString('hex')];
      const [row] = await driver.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${ident(table)}
          WHERE strpos(lower(${ident(column)}::text), $1) > 0 OR strpos(lower(${ident(column)}::text), $2) > 0`,
        forms,
      );
      if (row && row.n !== '0') hits.push(`${table}.${column} contains '${needle}'`);
    }
  }
  return hits;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

describe('erasure on PostgreSQL (LGPD art. 18)', () => {
  const master = MasterKey.generate('k1');
  const tenant = 'tenant-erasure';
  const debtorId = randomUUID();
  const otherDebtorId = randomUUID();
  const stream = `debtor-${debtorId}`;
  let database: TestDatabase;
  let store: SqlEventStore;
  let keys: PiiKeyStore;
  let cipher: PiiCipher;
  let tables: string[];

  beforeAll(async () => {
    database = await createTestDatabase('pii_erasure');
    store = await openPostgresEventStore(database.config);
    keys = await PiiKeyStore.open(store.driver, master);
    cipher = new PiiCipher(keys, master);
    await store.driver.exec(`
      CREATE TABLE debtor_view (
        debtor_id       uuid PRIMARY KEY,
        tenant_id       text  NOT NULL,
        document_token  text  NOT NULL,
        name_token      text  NOT NULL,
        contact_points  jsonb NOT NULL,
        photo           bytea NULL,
        cpf_blind_index text  NULL
      )`);

    // The service's write path: encrypt inside the transaction of the append, so that
    // the subject's key and the events commit together.
    const registered: DebtorData = {
      debtorId,
      document: { type: 'CPF', number: CPF },
      name: NAME,
      contactPoints: [
        { kind: 'phone', value: PHONE },
        { kind: 'email', value: EMAIL },
      ],
    };
    await store.transaction(async (tx) => {
      const data = await cipher.encryptPaths(registered, PII_PATHS, debtorId, tenant, tx);
      await store.appendToStream(stream, [{ eventId: randomUUID(), type: 'DebtorRegistered', data }], {
        tenantId: tenant,
        expectedVersion: ExpectedVersion.noStream,
        transaction: tx,
      });
    });
    const renamed = await cipher.encryptPaths({ debtorId, name: NEW_NAME }, PII_PATHS, debtorId, tenant);
    const phoneAdded = await cipher.encryptPaths(
      { debtorId, contactPoints: [{ kind: 'phone', value: PHONE_DIGITS }] },
      PII_PATHS,
      debtorId,
      tenant,
    );
    await store.appendToStream(
      stream,
      [
        { eventId: randomUUID(), type: 'DebtorRenamed', data: renamed },
        { eventId: randomUUID(), type: 'ContactPointAdded', data: phoneAdded },
      ],
      { tenantId: tenant, expectedVersion: ExpectedVersion.exact(1) },
    );
    // A debtor who is not erased, to show erasure is per subject.
    await store.appendToStream(
      `debtor-${otherDebtorId}`,
      [{ eventId: randomUUID(), type: 'DebtorRegistered', data: await cipher.encryptPaths({ debtorId: otherDebtorId, name: 'Ana Souza' }, PII_PATHS, otherDebtorId, tenant) }],
      { tenantId: tenant, expectedVersion: ExpectedVersion.noStream },
    );

    // The read model holds tokens too (fresh ones: tokens never repeat), plus a blind index for lookup by CPF.
    await store.driver.query(
      `INSERT INTO debtor_view (debtor_id, tenant_id, document_token, name_token, contact_points, photo, cpf_blind_index)
       VALUES ($1, $2, $3, $4, $5::jsonb, decode($6, 'base64'), $7)`,
      [
        debtorId,
        tenant,
        await cipher.encrypt(debtorId, tenant, CPF),
        await cipher.encrypt(debtorId, tenant, NEW_NAME),
        JSON.stringify(await cipher.encryptPaths({ contactPoints: [{ kind: 'phone', value: PHONE }] }, ['contactPoints[].value'], debtorId, tenant)),
        Buffer.from(await cipher.encrypt(debtorId, tenant, { phone: PHONE_DIGITS })).toString('base64'),
        cipher.blindIndex(CPF_DIGITS, tenant),
      ],
    );
    tables = [...new Set((await store.driver.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)).map((r) => r.t))];
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('the scan finds plaintext where there is some (control)', async () => {
    await store.driver.exec(`CREATE TABLE scan_control (doc jsonb, raw bytea)`);
    try {
      await store.driver.query(`INSERT INTO scan_control VALUES ($1::jsonb, convert_to($2, 'UTF8'))`, [JSON.stringify({ name: NAME.toUpperCase() }), PHONE]);
      expect(await scan(store.driver, [NAME, PHONE])).toEqual([
        `scan_control.doc contains '${NAME}'`,
        `scan_control.raw contains '${PHONE}'`,
      ]);
    } finally {
      await store.driver.exec('DROP TABLE scan_control');
    }
  });

  it('never stores the personal data in clear, only tokens', async () => {
    expect(tables).toEqual(expect.arrayContaining(['es_events', 'es_streams', 'debtor_view', 'pii_subject_keys']));
    expect(await scan(store.driver, PLAINTEXTS)).toEqual([]);
    const { events } = await store.readStream(stream, { tenantId: tenant });
    const first = events[0]!.data as DebtorData;
    expect(isPiiToken(first.name)).toBe(true);
    expect(isPiiToken(first.document?.number)).toBe(true);
    // Before erasure the history reads back in clear.
    const read = await Promise.all(events.map((e) => cipher.decryptPaths(e.data as DebtorData, PII_PATHS, debtorId)));
    expect(read.map((d) => d.name).filter(Boolean)).toEqual([NAME, NEW_NAME]);
    expect(read[2]!.contactPoints![0]!.value).toBe(PHONE_DIGITS);
  });

  it('after erasure: no plaintext, no key, no blind index anywhere; history replays as ERASED; chain verifies', async () => {
    const live = await keys.getKey(debtorId);
    if (live === undefined || live === 'erased') throw new Error('the debtor should have a key');
    const dataKeyHex = live.key.export().toString('hex');
    const [wrapped] = await store.driver.query<{ hex: string }>(`SELECT encode(wrapped_key, 'hex') AS hex FROM pii_subject_keys WHERE subject_id = $1`, [debtorId]);
    const blindIndex = cipher.blindIndex(CPF_DIGITS, tenant);
    const before = await store.verify();
    expect(before.ok).toBe(true);
    // The scan does find the key material and the blind index while they exist.
    expect(await scan(store.driver, [blindIndex, wrapped!.hex, dataKeyHex])).toEqual([
      `debtor_view.cpf_blind_index contains '${blindIndex}'`,
      `pii_subject_keys.wrapped_key contains '${wrapped!.hex}'`,
    ]);

    // The erasure as the service runs it: destroy the key and delete what is derived in
    // clear of the key (the blind index, pseudonymous data), in one transaction.
    await store.transaction(async (tx) => {
      expect((await keys.erase(debtorId, tenant, tx)).erasedNow).toBe(true);
      await tx.query('UPDATE debtor_view SET cpf_blind_index = NULL WHERE debtor_id = $1', [debtorId]);
    });

    expect(await scan(store.driver, [...PLAINTEXTS, dataKeyHex, wrapped!.hex, blindIndex])).toEqual([]);

    // The old row version still holds the wrapped key in the table file until the table is rewritten.
    const inTableFile = async (): Promise<boolean> => {
      await store.driver.exec('CHECKPOINT');
      const [found] = await store.driver.query<{ at: number }>(
        `SELECT position(decode($1, 'hex') IN pg_read_binary_file(pg_relation_filepath('pii_subject_keys'))) AS at`,
        [wrapped!.hex],
      );
      return Number(found!.at) > 0;
    };
    expect(await inTableFile()).toBe(true);
    await keys.compactAfterErasure();
    expect(await inTableFile()).toBe(false);

    const after = await store.verify();
    expect(after).toMatchObject({ ok: true, breaks: [], eventsChecked: before.eventsChecked, streamsChecked: before.streamsChecked });

    const { events } = await store.readStream(stream, { tenantId: tenant });
    expect(events.map((e) => e.type)).toEqual(['DebtorRegistered', 'DebtorRenamed', 'ContactPointAdded']);
    const replayed = await Promise.all(events.map((e) => cipher.decryptPaths(e.data as DebtorData, PII_PATHS, debtorId)));
    expect(replayed[0]).toEqual({
      debtorId,
      document: { type: 'CPF', number: ERASED },
      name: ERASED,
      contactPoints: [
        { kind: 'phone', value: ERASED },
        { kind: 'email', value: ERASED },
      ],
    });
    expect(replayed[1]).toEqual({ debtorId, name: ERASED });
    expect(replayed[2]).toEqual({ debtorId, contactPoints: [{ kind: 'phone', value: ERASED }] });

    const [view] = await store.driver.query<{ document_token: string; name_token: string }>(
      'SELECT document_token, name_token FROM debtor_view WHERE debtor_id = $1',
      [debtorId],
    );
    expect(await cipher.revealOrErased(debtorId, view!.document_token)).toBe('[erased]');
    expect(await cipher.decrypt(debtorId, view!.name_token)).toBe(ERASED);

    // Another process (no cache) sees the same; the other debtor is untouched.
    const elsewhere = new PiiCipher(await PiiKeyStore.open(store.driver, master), master);
    expect(await elsewhere.decrypt(debtorId, view!.name_token)).toBe(ERASED);
    const other = await store.readStream(`debtor-${otherDebtorId}`, { tenantId: tenant });
    expect(await elsewhere.decryptPaths(other.events[0]!.data as DebtorData, PII_PATHS, otherDebtorId)).toEqual({ debtorId: otherDebtorId, name: 'Ana Souza' });
  });
});
