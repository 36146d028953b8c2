// Runs once before the tests of a Jest project: makes sure PostgreSQL answers.
// Order: DATABASE_URL / PG* variables (default 127.0.0.1:5432, user postgres); if
// nothing answers and a local Debian cluster is installed but stopped, start it;
// otherwise fail with a message that says how to provide one. A test is never
// skipped for lack of a database.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { Client } = require('pg');

function config() {
  if (process.env.DATABASE_URL) return { connectionString: process.env.DATABASE_URL };
  return {
    host: process.env.PGHOST || '127.0.0.1',
    port: Number(process.env.PGPORT || 5432),
    user: process.env.PGUSER || 'postgres',
    database: process.env.PGDATABASE || 'postgres',
    password: process.env.PGPASSWORD || undefined,
  };
}

async function answers() {
  const client = new Client({ ...config(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function startLocalCluster() {
  if (!fs.existsSync('/etc/postgresql')) return false;
  const versions = fs.readdirSync('/etc/postgresql');
  if (versions.length === 0) return false;
  for (const version of versions) {
    console.log(`\n[test setup] PostgreSQL does not answer; starting local cluster ${version}/main`);
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    } catch {
      // already running or failed: the next probe tells
    }
  }
  return true;
}

module.exports = async function globalSetup() {
  if (globalThis.__collectionsPostgresChecked) return;
  let error = await answers();
  if (error && startLocalCluster()) {
    for (let i = 0; i < 30 && error; i++) {
      await new Promise((r) => setTimeout(r, 500));
      error = await answers();
    }
  }
  if (error) {
    const c = config();
    throw new Error(
      `PostgreSQL is not reachable at ${c.connectionString ?? `${c.host}:${c.port} as ${c.user}`} (${error.message}).\n` +
        'The integration tests need a real PostgreSQL server (15 or newer). Either start one locally\n' +
        '(Debian: apt-get install postgresql && pg_ctlcluster 15 main start), or point the tests at one\n' +
        'with DATABASE_URL=postgres://user:pass@host:5432/postgres (or PGHOST/PGPORT/PGUSER/PGPASSWORD).\n' +
        'The user needs CREATEDB: each test file creates and drops its own database.',
    );
  }
  globalThis.__collectionsPostgresChecked = true;
};
