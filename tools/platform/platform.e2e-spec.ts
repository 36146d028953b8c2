import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { eventually, freePort, httpCall, startEntryPoint, type EntryPointProcess } from '@collections/shared-testing';
import { PLATFORM_SERVICES } from './services';

/**
 * `npm run platform` as a newcomer runs it: every service its own process and database,
 * over the real Kafka broker. A debt registered in the debtors service reaches the
 * contacts, legal and reporting services through Kafka only (their own databases, their
 * own consumers); Ctrl-C (SIGINT) stops them all, exit 0.
 */
describe('npm run platform: the services as separate processes over Kafka', () => {
  let platform: EntryPointProcess | undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'platform-e2e-'));
  const prefix = `platform_e2e_${process.pid}`;

  afterAll(async () => {
    if (platform && platform.child.exitCode === null) platform.child.kill('SIGKILL');
    const admin = new Client({ host: process.env['PGHOST'] ?? '127.0.0.1', port: Number(process.env['PGPORT'] ?? 5432), user: process.env['PGUSER'] ?? 'postgres', database: 'postgres' });
    await admin.connect();
    for (const { name } of PLATFORM_SERVICES) await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${name}" WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts every service, carries a registered debt to contacts, legal and reporting through Kafka, and stops on SIGINT', async () => {
    const ports: Record<string, string> = {};
    for (const { name } of PLATFORM_SERVICES) {
      ports[`PLATFORM_${name.toUpperCase()}_HTTP_PORT`] = String(await freePort());
      ports[`PLATFORM_${name.toUpperCase()}_GRPC_PORT`] = String(await freePort());
    }
    platform = await startEntryPoint(
      'tools/platform/main.ts',
      { PLATFORM_DATA_DIR: dataDir, PLATFORM_DATABASE_PREFIX: prefix, ...ports },
      (lines) => lines.some((line) => line.includes('Ctrl-C stops every service')),
      240_000,
    );
    const url = (name: string): string => new RegExp(`^\\s+${name}\\s+REST (\\S+)`).exec(platform!.lines.find((line) => new RegExp(`^\\s+${name}\\s+REST `).test(line))!)![1]!;
    const token = (role: string): string => new RegExp(`^\\s+${role}\\s+(\\S+)$`).exec(platform!.lines.find((line) => new RegExp(`^\\s+${role}\\s+eyJ`).test(line))!)![1]!;
    const integrator = token('integrator');
    const supervisor = token('supervisor');
    for (const { name } of PLATFORM_SERVICES) expect((await httpCall(url(name), 'GET', '/health', {})).status).toBe(200);

    const debtor = await httpCall(url('debtors'), 'POST', '/debtors', {
      token: integrator,
      idempotencyKey: `platform-debtor-${process.pid}`,
      body: { taxId: generateCpf(), name: 'Maria da Silva', state: 'SP', contactPoints: [{ kind: 'email', value: 'maria@example.com', consent: 'granted' }] },
    });
    expect(debtor.status).toBe(201);
    const debt = await httpCall(url('debtors'), 'POST', '/debts', {
      token: integrator,
      idempotencyKey: `platform-debt-${process.pid}`,
      body: { debtorId: debtor.body.debtorId, contractReference: 'PLAT-1', originalAmount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' },
    });
    expect(debt.status).toBe(201);
    // through the debtors service's outbox relay, the topic, and each consumer group
    await eventually(async () => expect((await httpCall(url('contacts'), 'GET', `/debts/${debt.body.debtId}/contacts`, { token: supervisor })).status).toBe(200), 60_000, 250);
    await eventually(async () => expect((await httpCall(url('legal'), 'GET', `/escalations/${debt.body.debtId}`, { token: integrator })).status).toBe(200), 60_000, 250);
    await eventually(async () => expect((await httpCall(url('reporting'), 'GET', `/reporting/debts/${debt.body.debtId}/timeline`, { token: supervisor })).body.events?.length).toBeGreaterThan(0), 60_000, 250);

    platform.child.kill('SIGINT');
    expect(await platform.exited).toBe(0);
    expect(platform.lines).toContain('platform: stopped');
  }, 300_000);
});
