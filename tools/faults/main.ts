/**
 * The fault harness: `npm run faults [-- --short]`.
 *
 * Runs the platform as an operator would (`npm run platform`: six services, six
 * processes, each its own database) against a PostgreSQL server and a 3-broker Kafka
 * cluster of its own (so that restarting them disturbs nothing else on the machine), keeps
 * a bounded load of portfolio imports and payments going (and the cadence's e-mails, which
 * the imported debts set off), and meanwhile: kills each service with SIGKILL in turn (the
 * debtors service's outbox relay with it, in the middle of its batches; the platform starts
 * a dead service again, as an orchestrator would), kills a broker and starts it again, and
 * restarts PostgreSQL. Then it waits for the platform to settle and checks, from the
 * services' own databases: no event lost, no effect applied twice, every hash chain intact
 * (tools/faults/invariants.ts), and the reporting read model equal to its rebuild.
 *
 * Prints one line per fault, the load held (commands/s, p99 from a payment to its effect in
 * the reporting service's read model) and last `N faults, N lost, N duplicated`. Exit 0 only
 * when nothing was lost, duplicated or broken. `--short` (what `npm test` runs): less load,
 * one service killed instead of six.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { freePort, httpCall, type EntryPointProcess } from '@collections/shared-testing';
import { launchPlatform } from '../platform/launch';
import { PLATFORM_SERVICES } from '../platform/services';
import { checkInvariants, type InvariantReport } from './invariants';
import { PrivatePostgres } from '../postgres/private-postgres';

const ROOT = path.resolve(__dirname, '../..');
const PREFIX = 'faults';

export interface FaultRunOptions {
  /** One service killed instead of all six; a lighter load. */
  readonly short: boolean;
  readonly log: (line: string) => void;
}

export interface FaultRunResult {
  readonly faults: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly chainBreaks: number;
  /** Services that exited on their own (not killed by the harness) and were started again. */
  readonly crashes: number;
  readonly rebuildEqual: boolean;
  readonly summary: string;
}

interface Platform {
  readonly url: (service: string) => string;
  readonly token: (role: string) => string;
  readonly pids: () => Record<string, number>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
}

/** The load: imports of new debtors and debts, and payments on the debts imported, at a bounded pace. */
class Load {
  private running = true;
  private loop: Promise<void> = Promise.resolve();
  private sequence = 0;
  readonly debts: string[] = [];
  commands = 0;
  refused = 0;
  /** Why commands failed (connection refused while a service was down, a 5xx while PostgreSQL restarted...). */
  readonly reasons = new Map<string, number>();
  private readonly latencies: number[] = [];
  private readonly follows: Promise<void>[] = [];
  private started = 0;
  private stoppedAt = 0;

  constructor(
    private readonly platform: Platform,
    private readonly pauseMs: number,
  ) {}

  start(): void {
    this.started = Date.now();
    this.loop = (async () => {
      while (this.running) {
        await this.step().catch((error: unknown) => {
          this.refused += 1;
          const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
          this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
        });
        await sleep(this.pauseMs);
      }
    })();
  }

  async stop(): Promise<{ commandsPerSecond: number; p99: number; followed: number; refused: number }> {
    this.running = false;
    await this.loop;
    this.stoppedAt = Date.now();
    await Promise.all(this.follows);
    return { commandsPerSecond: this.commands / ((this.stoppedAt - this.started) / 1000), p99: percentile(this.latencies, 99), followed: this.latencies.length, refused: this.refused };
  }

  private async step(): Promise<void> {
    const n = ++this.sequence;
    const integrator = this.platform.token('integrator');
    if (n % 3 !== 0 || this.debts.length === 0) {
      // an import of two rows, each a new debtor (e-mail with consent) and an overdue debt
      const rows = [0, 1].map((i) => `${generateCpf()},Devedor ${n}-${i},SP,America/Sao_Paulo,,d${n}-${i}@faults.example,FLT-${n}-${i},${100 + n}.00,BRL,2026-01-10,0.02,,granted`);
      const csv = ['taxId,name,state,timeZone,phone,email,contractReference,amount,currency,dueDate,lateFeeRate,phoneConsent,emailConsent', ...rows].join('\n');
      const response = await httpCall(this.platform.url('debtors'), 'POST', '/imports', { token: integrator, rawBody: csv, headers: { 'content-type': 'text/csv' } });
      if (response.status !== 200) throw new Error(`import: ${response.status} ${response.body?.title ?? ''}`);
      if (response.body?.failed) throw new Error(`import: a row refused: ${JSON.stringify(response.body.errors?.[0] ?? {})}`);
      this.commands += 1;
      const list = await httpCall(this.platform.url('debtors'), 'GET', `/debts?pageSize=100`, { token: integrator });
      for (const debt of list.body?.items ?? []) if (!this.debts.includes(debt.debtId)) this.debts.push(debt.debtId);
      return;
    }
    // a payment of R$ 10,00 on one of the debts, followed to the reporting service's read model
    const debtId = this.debts[n % this.debts.length]!;
    const paymentId = `flt-pay-${n}`;
    const sentAt = Date.now();
    const response = await httpCall(this.platform.url('debtors'), 'POST', `/debts/${debtId}/payments`, {
      token: integrator,
      idempotencyKey: paymentId,
      body: { paymentId, amount: { amount: 1_000, currency: 'BRL' }, paidOn: new Date().toISOString().slice(0, 10) },
    });
    if (response.status !== 200) throw new Error(`payment: ${response.status} ${response.body?.code ?? response.body?.title ?? ''}`);
    this.commands += 1;
    const supervisor = this.platform.token('supervisor');
    this.follows.push(
      (async () => {
        const seen = await until(
          `payment ${paymentId} in reporting`,
          async () => {
            const timeline = await httpCall(this.platform.url('reporting'), 'GET', `/reporting/debts/${debtId}/timeline`, { token: supervisor });
            return (timeline.body?.events ?? []).some((e: { payload?: { paymentId?: string } }) => e.payload?.paymentId === paymentId) ? Date.now() : undefined;
          },
          300_000,
        ).catch(() => undefined);
        if (seen !== undefined) this.latencies.push(seen - sentAt);
      })(),
    );
  }
}

function kafka(env: NodeJS.ProcessEnv, ...args: string[]): void {
  execFileSync('bash', [path.join(ROOT, 'infra/kafka/kafka.sh'), ...args], { env, stdio: 'pipe', timeout: 120_000 });
}

/** Runs the harness; the caller prints or asserts on the result. */
export async function runFaults(options: FaultRunOptions): Promise<FaultRunResult> {
  const { log } = options;
  const work = mkdtempSync(path.join(os.tmpdir(), 'faults-'));
  const pg = await PrivatePostgres.start(path.join(work, 'postgres'), await freePort(), {
    // a server to kill and restart, not to keep data: no fsync, small
    fsync: 'off',
    max_connections: '200',
    shared_buffers: '64MB',
  });
  log(`faults: PostgreSQL of its own on 127.0.0.1:${pg.port}`);
  const clusterPort = 29_092;
  const kafkaEnv: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_CLUSTER: '3',
    KAFKA_CLUSTER_PORT: String(clusterPort),
    KAFKA_CLUSTER_CONTROLLER_PORT: String(clusterPort + 100),
    // the nodes' config, data and logs in the harness's folder (the jars stay in the shared cache)
    KAFKA_CLUSTER_DIR: path.join(work, 'kafka-cluster'),
  };
  const brokers = [0, 1, 2].map((i) => `127.0.0.1:${clusterPort + i}`).join(',');
  let platform: EntryPointProcess | undefined;
  const faults: string[] = [];
  try {
    const dataDir = path.join(work, 'platform');
    log(`faults: a 3-broker Kafka cluster of its own on ${brokers}, then the six services (npm run platform)`);
    const launched = await launchPlatform({
      ...(kafkaEnv as Record<string, string>),
      KAFKA_BROKERS: brokers,
      PGHOST: '127.0.0.1',
      PGPORT: String(pg.port),
      PGUSER: 'postgres',
      PGDATABASE: 'postgres',
      PLATFORM_DATA_DIR: dataDir,
      PLATFORM_DATABASE_PREFIX: PREFIX,
    });
    platform = launched.process;
    const view: Platform = {
      url: launched.url,
      token: launched.token,
      pids: () => JSON.parse(readFileSync(path.join(dataDir, 'pids.json'), 'utf8')) as Record<string, number>,
    };
    await configureContacts(view);

    const load = new Load(view, options.short ? 150 : 50);
    load.start();
    await sleep(options.short ? 5_000 : 15_000);

    const healthy = (service: string, oldPid?: number) =>
      until(
        `${service} answering again`,
        async () => {
          const pid = view.pids()[service];
          if (oldPid !== undefined && pid === oldPid) return undefined;
          return (await httpCall(view.url(service), 'GET', '/ready', {})).status === 200 ? true : undefined;
        },
        180_000,
      );
    const fault = async (name: string, act: () => Promise<void>): Promise<void> => {
      const started = Date.now();
      await act();
      const line = `fault ${faults.length + 1}: ${name}: recovered in ${((Date.now() - started) / 1000).toFixed(1)} s (${load.commands} commands so far)`;
      faults.push(line);
      log(line);
      await sleep(options.short ? 2_000 : 5_000);
    };

    const victims = options.short ? ['debtors'] : PLATFORM_SERVICES.map((s) => s.name);
    for (const service of victims) {
      await fault(`SIGKILL ${service}${service === 'debtors' ? ' (its outbox relay with it, mid-batch)' : ''}, restarted by the platform`, async () => {
        const pid = view.pids()[service]!;
        process.kill(pid, 'SIGKILL');
        await healthy(service, pid);
      });
    }
    await fault('SIGKILL Kafka node 2 of 3, started again after 5 s', async () => {
      kafka(kafkaEnv, 'kill-node', '2');
      await sleep(5_000);
      kafka(kafkaEnv, 'start-node', '2');
    });
    await fault('PostgreSQL restarted (every connection cut)', async () => {
      await pg.restart();
      for (const { name } of PLATFORM_SERVICES) await healthy(name);
    });

    const held = await load.stop();
    log(`faults: load held ${held.commandsPerSecond.toFixed(1)} commands/s (${load.commands} in all, ${held.refused} refused or failed during faults); payment -> reporting read model p99 ${Math.round(held.p99)} ms over ${held.followed} payments`);
    // what the platform's restart policy did meanwhile (a service that died of a fault it should have ridden out shows here)
    let crashes = 0;
    for (const line of platform.lines.filter((l) => /exited \(|running again|did not start again/.test(l))) {
      log(`faults: ${line}`);
      // a service that exited on its own (not our SIGKILL): why, from its log
      const crashed = /^platform: (\S+) exited \(code \d+\).*\(see (\S+)\)$/.exec(line);
      if (crashed) {
        crashes += 1;
        const errors = readFileSync(crashed[2]!, 'utf8').split('\n').filter((l) => /error|Error|failed/.test(l)).slice(-3);
        for (const error of errors) log(`faults:   ${crashed[1]}: ${error.slice(0, 300)}`);
      }
    }
    const reasons = [...load.reasons].sort((a, b) => b[1] - a[1]).slice(0, 4);
    if (reasons.length) log(`faults: why commands failed: ${reasons.map(([reason, n]) => `${n}x ${reason}`).join('; ')}`);

    // settle: every consumer catches up; then the invariants must hold
    let report: InvariantReport = await checkInvariants(pg.connection, PREFIX);
    const settleBy = Date.now() + 240_000;
    while (report.lost.length > 0 && Date.now() < settleBy) {
      await sleep(3_000);
      report = await checkInvariants(pg.connection, PREFIX);
    }
    const chainBreaks = report.chains.reduce((sum, c) => sum + c.breaks, 0);
    log(`faults: ${report.published} integration events published; hash chains: ${report.chains.map((c) => `${c.service} ${c.eventsChecked} events, ${c.breaks} breaks`).join('; ')}`);
    for (const l of report.lost.slice(0, 5)) log(`faults: LOST at ${l.where}: ${l.type} ${l.eventId}`);
    for (const d of report.duplicated.slice(0, 5)) log(`faults: DUPLICATED at ${d.where}: ${d.what} x${d.times}`);

    const rebuildEqual = await rebuildMatches(view);
    log(`faults: reporting read model ${rebuildEqual ? 'equals' : 'DIFFERS FROM'} its rebuild from the events`);
    const summary = `${faults.length} faults, ${report.lost.length} lost, ${report.duplicated.length} duplicated`;
    return { faults: faults.length, lost: report.lost.length, duplicated: report.duplicated.length, chainBreaks, crashes, rebuildEqual, summary };
  } finally {
    if (platform && platform.child.exitCode === null) {
      platform.child.kill('SIGINT');
      await Promise.race([platform.exited, sleep(60_000)]);
    }
    try {
      kafka(kafkaEnv, 'stop');
    } catch {
      // already stopped
    }
    await pg.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** A creditor, a template and a cadence with an e-mail step, so the imported debts set off e-mails. */
async function configureContacts(platform: Platform): Promise<void> {
  const supervisor = platform.token('supervisor');
  const contacts = platform.url('contacts');
  await httpCall(contacts, 'PUT', '/creditor', { token: supervisor, body: { name: 'Credor Falhas S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11.222.333/0001-81' } });
  const template = await httpCall(contacts, 'POST', '/templates', {
    token: supervisor,
    idempotencyKey: 'faults-template',
    body: { name: 'Aviso', channel: 'email', subject: 'Débito {{debt.contractReference}}', body: 'Olá {{debtor.firstName}}, {{debt.balance}} em aberto.\n{{creditor.name}} - CNPJ {{creditor.taxId}} - {{creditor.address}}' },
  });
  if (template.status !== 201) throw new Error(`template: ${template.status} ${JSON.stringify(template.body)}`);
  const cadence = await httpCall(contacts, 'POST', '/cadences', {
    token: supervisor,
    idempotencyKey: 'faults-cadence',
    body: { name: 'Falhas', steps: [{ stepId: 'd1-email', offsetDays: 1, channel: 'email', templateId: template.body.templateId }] },
  });
  if (cadence.status !== 201) throw new Error(`cadence: ${cadence.status} ${JSON.stringify(cadence.body)}`);
}

/** The reporting service's KPIs before and after a rebuild of its read model from its kept events. */
async function rebuildMatches(platform: Platform): Promise<boolean> {
  const reporting = platform.url('reporting');
  const supervisor = platform.token('supervisor');
  const kpis = async () => {
    const routes = ['/reporting/portfolio', '/reporting/recovery', '/reporting/contact-attempts'];
    return Promise.all(routes.map(async (route) => (await httpCall(reporting, 'GET', `${route}?from=2026-01-01`, { token: supervisor })).body));
  };
  const before = await kpis();
  const rebuilt = await httpCall(reporting, 'POST', '/reporting/rebuild', { token: platform.token('admin'), idempotencyKey: `faults-rebuild-${Date.now()}` });
  if (rebuilt.status >= 300) return false;
  const after = await kpis();
  return JSON.stringify(before) === JSON.stringify(after);
}

if (require.main === module) {
  const short = process.argv.includes('--short');
  runFaults({ short, log: (line) => process.stdout.write(`${line}\n`) })
    .then((result) => {
      if (result.chainBreaks > 0) process.stdout.write(`faults: ${result.chainBreaks} hash chain breaks\n`);
      if (result.crashes > 0) process.stdout.write(`faults: ${result.crashes} services crashed on their own (restarted by the platform)\n`);
      process.stdout.write(`${result.summary}\n`);
      process.exit(result.lost === 0 && result.duplicated === 0 && result.chainBreaks === 0 && result.crashes === 0 && result.rebuildEqual ? 0 : 1);
    })
    .catch((error: unknown) => {
      process.stdout.write(`faults: the harness failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}
