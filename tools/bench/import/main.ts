/**
 * Portfolio import benchmark: `npm run bench:import [-- --rows 100000 --batch-size 500]`.
 * Generates a CSV of N rows (N/2 debtors with two debts each, valid CPFs), starts the
 * debtors service on a fresh PostgreSQL database (no Kafka relay: the import is what is
 * measured), streams the file to POST /imports over HTTP, and prints rows/s and the
 * target (100,000 rows in under 60 s). Memory is sampled to show it stays flat.
 */
import { positiveIntegerOption } from '../bench-kit';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey } from '@collections/shared-auth';
import { MasterKey } from '@collections/shared-pii';
import { createTestDatabase } from '@collections/shared-testing';
import { startDebtorsService } from '@collections/debtors-service';


function* csvRows(rows: number): Generator<string> {
  yield 'taxId,name,state,timeZone,phone,email,contractReference,amount,currency,dueDate,lateFeeRate\n';
  let cpf = '';
  for (let i = 0; i < rows; i++) {
    if (i % 2 === 0) cpf = generateCpf();
    yield `${cpf},Devedor ${i >> 1},SP,America/Sao_Paulo,+55119${String(10_000_000 + (i >> 1)).slice(-8)},d${i >> 1}@example.com,BENCH-${i},${(100 + (i % 900)).toFixed(2)},BRL,2026-0${1 + (i % 9)}-10,0.02\n`;
  }
}

async function main(): Promise<void> {
  const rows = positiveIntegerOption(process.argv, 'rows', 100_000);
  const batchSize = positiveIntegerOption(process.argv, 'batch-size', 500);
  const database = await createTestDatabase('bench_import');
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const devKey = await loadOrCreateDevKey(keyDir);
  const service = await startDebtorsService({
    database: database.config,
    verifier: await JwtVerifier.create(devAuthConfig(devKey)),
    masterKey: MasterKey.fromBase64(randomBytes(32).toString('base64')),
    messaging: { kind: 'embedded' },
    http: { host: '127.0.0.1', port: 0 },
    grpc: false,
    schedulerIntervalMs: 0,
    logLevel: 'warn',
    log: () => undefined,
  });
  const token = await new TokenIssuer(devKey).mint({ subject: 'bench', tenantId: 'bench-import' as never, roles: ['integrator'], ttlSeconds: 3600 });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    process.stdout.write(`import benchmark: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${rows.toLocaleString('en')} CSV rows, ${batchSize} rows per batch\n`);
    const started = Date.now();
    const body = Readable.from(csvRows(rows));
    const response = await fetch(`${service.httpUrl}/imports?batchSize=${batchSize}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(body) as unknown as NonNullable<RequestInit['body']>,
      duplex: 'half',
    } as RequestInit);
    const report = (await response.json()) as { rows: number; imported: number; failed: number; seconds: number };
    const seconds = (Date.now() - started) / 1000;
    const rate = report.rows / seconds;
    process.stdout.write(
      `rows ${report.rows.toLocaleString('en')}, imported ${report.imported.toLocaleString('en')}, failed ${report.failed} in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} rows/s ` +
        `(target: 100,000 rows in < 60 s = 1,667 rows/s: ${rate >= 1667 ? 'PASS' : 'FAIL'}); peak RSS of this process ${Math.round(peakRss / 2 ** 20)} MiB\n`,
    );
    // The import answers once every row is in the log; the read model (listings) follows.
    await service.projections.catchUp(600_000);
    const listable = (Date.now() - started) / 1000;
    const counts = (
      await service.driver.query<{ debts: number; debtors: number; events: number }>(
        `SELECT (SELECT count(*) FROM debt_view WHERE tenant_id = 'bench-import')::int AS debts,
                (SELECT count(*) FROM debtor_view WHERE tenant_id = 'bench-import')::int AS debtors,
                (SELECT count(*) FROM es_events WHERE tenant_id = 'bench-import')::int AS events`,
      )
    )[0]!;
    process.stdout.write(
      `read model caught up ${listable.toFixed(1)} s after the upload started: ${counts.debtors.toLocaleString('en')} debtors, ${counts.debts.toLocaleString('en')} debts listable; ` +
        `${counts.events.toLocaleString('en')} events in the log\n`,
    );
    if (counts.debts !== report.imported) throw new Error(`read model holds ${counts.debts} debts, the import reported ${report.imported}`);
  } finally {
    clearInterval(sampler);
    await service.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
