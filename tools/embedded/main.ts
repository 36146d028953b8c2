/**
 * `npm start`: the platform in embedded mode, one process, no servers to install.
 *
 * Today it runs the foundation: the event store on PGlite (PostgreSQL in WASM, in
 * this process), migrated at start and kept in a local folder between runs, and
 * served over the PostgreSQL wire protocol so that psql, node-postgres or TypeORM
 * can connect to it as to a server. The services join this process as they land.
 *
 * PGlite's NodeFS storage runs with fsync off (electric-sql/pglite#1107): this mode is
 * for trying the product, not for keeping real data.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PgliteDriver, SqlEventStore } from '@collections/shared-event-store';

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env['EMBEDDED_DATA_DIR'] ?? '.data/embedded');
  const host = process.env['EMBEDDED_PG_HOST'] ?? '127.0.0.1';
  const port = Number(process.env['EMBEDDED_PG_PORT'] ?? 5433);
  const once = process.argv.includes('--once');

  mkdirSync(dataDir, { recursive: true });
  log(`embedded: opening PGlite in ${dataDir}`);
  const started = Date.now();
  const driver = await PgliteDriver.create(dataDir);
  const store = await SqlEventStore.open(driver);
  const report = await store.verify();
  log(`embedded: event store ready in ${Date.now() - started} ms: ${report.eventsChecked} events in ${report.streamsChecked} streams, hash chain ${report.ok ? 'verified' : `BROKEN in ${report.breaks.length} stream(s)`}`);
  for (const broken of report.breaks) log(`  chain break: ${broken.streamId} v${broken.streamVersion}: ${broken.reason} (${broken.detail})`);

  if (once) {
    await store.close();
    return;
  }

  // pglite-socket queues queries of all connections onto PGlite's single session.
  const server = new PGLiteSocketServer({ db: driver.db, host, port, maxConnections: 8 });
  await server.start();
  log(`embedded: PostgreSQL protocol on ${host}:${port} (psql "postgresql://postgres@${host}:${port}/postgres?sslmode=disable")`);
  log('embedded: ready. Ctrl-C stops it; data stays in the folder above.');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`embedded: ${signal}, stopping`);
    await server.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  console.error('embedded: failed to start:', error);
  process.exit(1);
});
