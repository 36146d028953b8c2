import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuditDigestPublisher, FileDigestAnchor, FileDigestSigningKey, FileLeafLog } from '@collections/shared-audit';
import { ExpectedVersion, openPostgresEventStore, type SqlEventStore } from '@collections/shared-event-store';
import { createTestDatabase, type TestDatabase } from '@collections/shared-testing';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'tools/audit/bin.cjs');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The bin as an operator runs it: a separate process, its exit code and output. */
function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function databaseEnv(database: TestDatabase): NodeJS.ProcessEnv {
  const c = database.config;
  if (c.connectionString) return { DATABASE_URL: c.connectionString };
  return {
    DATABASE_URL: '',
    PGHOST: String(c.host ?? '127.0.0.1'),
    PGPORT: String(c.port ?? 5432),
    PGUSER: String(c.user ?? 'postgres'),
    PGDATABASE: String(c.database),
    ...(typeof c.password === 'string' ? { PGPASSWORD: c.password } : {}),
  };
}

describe('collections-audit (the bin, as a child process)', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let dir: string;
  let publisher: AuditDigestPublisher;
  const stream = `debt-${randomUUID()}`;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    database = await createTestDatabase('audit_cli');
    store = await openPostgresEventStore({ ...database.config, max: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'audit-cli-'));
    const keygen = await cli(['keygen', '--private-key', file('private.pem'), '--public-key', file('public.pem')]);
    expect(keygen).toMatchObject({ code: 0, stdout: expect.stringMatching(/^key [0-9a-f]{32}: /) });

    publisher = new AuditDigestPublisher({
      db: store.driver,
      signingKey: await FileDigestSigningKey.open(file('private.pem')),
      ledger: new FileDigestAnchor(file('digests.jsonl')),
      leafLog: new FileLeafLog(file('leaves.bin')),
      intervalMs: 0,
    });
    await publisher.start();
    for (let amount = 1; amount <= 3; amount++) {
      await store.appendToStream(stream, [{ eventId: randomUUID(), type: 'DebtPaymentRecorded', data: { amount } }], { tenantId: 't', expectedVersion: ExpectedVersion.any });
    }
    const deadline = Date.now() + 30_000;
    while ((await publisher.publishNow()).treeSize < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  });

  afterAll(async () => {
    await publisher.stop();
    await store.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const exportStream = async (to: string): Promise<void> => {
    const run = await cli(['export', stream, '--ledger', file('digests.jsonl'), '--leaf-log', file('leaves.bin')], databaseEnv(database));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    await writeFile(file(to), run.stdout);
  };

  it('given an untouched log, when verify runs on an export, then it prints what it checked and exits 0', async () => {
    await exportStream('before.jsonl');
    const run = await cli(['verify', file('before.jsonl'), '--digests', file('digests.jsonl'), '--public-key', file('public.pem')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/digests: \d+ read, \d+ signatures valid/);
    expect(run.stdout).toContain(`export of stream ${stream} against digest #`);
    expect(run.stdout).toContain('events: 3 checked, 3 inclusion proofs verified');
    expect(run.stdout).toMatch(/OK: no break found\n$/);
  });

  it('given the public keys of a rotation, when verify gets --public-key twice, then each digest is checked with the key it names', async () => {
    await cli(['keygen', '--private-key', file('next-private.pem'), '--public-key', file('next-public.pem')]);
    const run = await cli(['verify', file('before.jsonl'), '--digests', file('digests.jsonl'), '--public-key', file('next-public.pem'), '--public-key', file('public.pem')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OK: no break found\n$/);
    const oldKeyMissing = await cli(['verify', '--digests', file('digests.jsonl'), '--public-key', file('next-public.pem')]);
    expect(oldKeyMissing.code).toBe(1);
    expect(oldKeyMissing.stdout).toContain('BREAK bad-signature digest=#1');
  });

  it('given an event rewritten in the database, when verify runs on a new export, then it prints the break with stream, version and position and exits 1', async () => {
    const [{ position }] = (await store.driver.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      return tx.query<{ position: string }>(`UPDATE es_events SET data = '{"amount": 999}' WHERE stream_id = $1 AND stream_version = 2 RETURNING position::text AS position`, [
        stream,
      ]);
    })) as [{ position: string }];
    await exportStream('after.jsonl');
    const run = await cli(['verify', file('after.jsonl'), '--digests', file('digests.jsonl'), '--public-key', file('public.pem')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`BREAK leaf-mismatch stream=${stream} version=2 position=${position}`);
    expect(run.stdout).toMatch(/FAILED: 1 break\(s\)\n$/);
  });

  it('given a digest whose signature was forged, when verify runs on the digests alone, then it exits 1 naming the digest', async () => {
    const lines = (await readFile(file('digests.jsonl'), 'utf8')).trimEnd().split('\n');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    await writeFile(file('forged.jsonl'), [JSON.stringify({ ...first, signature: Buffer.alloc(64, 1).toString('base64') }), ...lines.slice(1)].join('\n'));
    const run = await cli(['verify', '--digests', file('forged.jsonl'), '--public-key', file('public.pem')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('BREAK bad-signature digest=#1');
  });

  it('given a wrong invocation, when it runs, then it prints the usage and exits 2', async () => {
    const run = await cli(['verify', file('before.jsonl')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--digests is required');
    expect(run.stderr).toContain('usage:');
  });
});
