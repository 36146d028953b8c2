/**
 * `npm run platform [-- --once]`: the platform in server mode on this machine, each service
 * as its own process with its own PostgreSQL database, talking through a real Kafka broker.
 *
 * It makes sure PostgreSQL answers (as the tests do: the PG* variables or 127.0.0.1:5432,
 * a stopped local Debian cluster started), starts the project's Kafka broker
 * (`infra/kafka/kafka.sh start`, fetched from Maven Central on first use), creates each
 * service's database (`collections_<service>`), and starts the services' server-mode entry
 * points (`apps/<service>/src/main.ts`) with their configuration in the environment, the
 * same variables a deployment sets (see each main.ts). Beside them, on 127.0.0.1: an SMTP
 * outbox that keeps the e-mails as .eml files, and fake credit bureaus and a fake notaries'
 * central for the legal service. Keys live in `.data/platform` (a dev JWT key the services
 * trust and sign their service tokens with, a PII master key). It prints the URLs and a
 * token per role, and on Ctrl-C (or `--once`, once all are up) stops them all with SIGTERM.
 * A service that exits while the platform runs is started again after a second, with the
 * same configuration (as an orchestrator's restart policy would); `<data dir>/pids.json`
 * names each service's current process (the fault harness, tools/faults, kills them).
 *
 * Environment: the PG* variables or DATABASE_URL (the server), KAFKA_BROKERS (default the
 * local broker), PLATFORM_DATA_DIR (.data/platform), PLATFORM_DATABASE_PREFIX (collections),
 * PLATFORM_<SERVICE>_HTTP_PORT / _GRPC_PORT (3100-3105 / 50151-50156), LOG_LEVEL (warn),
 * DEBTORS_AGING_INTERVAL_MS (1000 here: how often debtors sweeps its aging deadlines),
 * PLATFORM_CONSUMER_GROUP_PREFIX (none: each service's consumer group is its name; with one,
 * `<prefix><service>`, so that two platforms on one broker do not share partitions; a new
 * group reads the topics from their beginning).
 *
 * Time travel: every service gets CLOCK_OFFSET_FILE=<data dir>/clock-offset (created with
 * `PT0S`, kept between runs); its domain clock is the system time plus that offset, read
 * again within ~200 ms of a change (`echo P11D > .data/platform/clock-offset`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, type ClientConfig } from 'pg';
import { DEV_KEY_FILE, ROLES, TokenIssuer, loadOrCreateDevKey } from '@collections/shared-auth';
import { TenantId } from '@collections/shared-kernel';
import { DEV_MASTER_KEY_FILE, loadOrCreateDevMasterKey } from '@collections/shared-pii';
import { startFakeBureaus, startFakeNotary } from '@collections/legal-service';
import { startOutbox } from '../embedded/embedded-contacts';
import { CLOCK_OFFSET_FILE, PLATFORM_SERVICES, type PlatformService, type Shared } from './services';

const ROOT = path.resolve(__dirname, '../..');
const DEMO_TENANT = 'demo-credor';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function databaseConfig(database: string): ClientConfig & Record<string, string | number | undefined> {
  if (process.env['DATABASE_URL']) {
    const url = new URL(process.env['DATABASE_URL']);
    url.pathname = `/${database}`;
    return { connectionString: url.toString() };
  }
  return {
    host: process.env['PGHOST'] ?? '127.0.0.1',
    port: Number(process.env['PGPORT'] ?? 5432),
    user: process.env['PGUSER'] ?? 'postgres',
    database,
    ...(process.env['PGPASSWORD'] ? { password: process.env['PGPASSWORD'] } : {}),
  };
}

/** Each service its own database: created once, kept between runs. */
async function ensureDatabase(name: string): Promise<void> {
  const admin = new Client(databaseConfig(process.env['PGDATABASE'] ?? 'postgres'));
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}

function databaseEnv(name: string): Record<string, string> {
  const config = databaseConfig(name);
  if (typeof config.connectionString === 'string') return { DATABASE_URL: config.connectionString };
  return {
    PGHOST: String(config.host),
    PGPORT: String(config.port),
    PGUSER: String(config.user),
    PGDATABASE: name,
    ...(typeof config.password === 'string' ? { PGPASSWORD: config.password } : {}),
  };
}

/** Starts one service's entry point and waits for its "<name>: REST <url>" line (or its exit). */
function startProcess(service: PlatformService, env: Record<string, string>, logDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${service.name}/src/main.ts`], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const timer = setTimeout(() => reject(new Error(`${service.name} did not start in 120 s:\n${lines.slice(-20).join('\n')}`)), 120_000);
    const onLine = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (lines.length > 200) lines.shift();
        const ready = new RegExp(`^${service.name}: REST (\\S+)`).exec(line);
        if (ready) {
          clearTimeout(timer);
          resolve({ child, url: ready[1]! });
        }
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    // the service's own output, kept for whoever needs it
    const file = path.join(logDir, `${service.name}.log`);
    child.stdout!.on('data', (chunk: Buffer) => appendLog(file, chunk));
    child.stderr!.on('data', (chunk: Buffer) => appendLog(file, chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${service.name} exited with ${code} before it was ready:\n${lines.slice(-20).join('\n')}`));
    });
  });
}

function appendLog(file: string, chunk: Buffer): void {
  try {
    appendFileSync(file, chunk);
  } catch {
    // a log line lost is not worth stopping the platform for
  }
}

async function main(): Promise<void> {
  const once = process.argv.includes('--once');
  const dataDir = path.resolve(ROOT, process.env['PLATFORM_DATA_DIR'] ?? '.data/platform');
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();

  log('platform: PostgreSQL (as the tests find or start it)');
  await (require(path.join(ROOT, 'test-setup/global-setup.cjs')) as () => Promise<void>)();
  log('platform: Kafka (infra/kafka/kafka.sh start; fetched from Maven Central on first use)');
  process.env['KAFKA_BROKERS'] = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  execFileSync('bash', [path.join(ROOT, 'infra/kafka/kafka.sh'), 'start'], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });

  const devKey = await loadOrCreateDevKey(dataDir);
  await loadOrCreateDevMasterKey(dataDir);
  const masterKey = readFileSync(path.join(dataDir, DEV_MASTER_KEY_FILE), 'utf8').trim();
  const publicKeyPem = createPublicKey({ key: devKey.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  // the demo's time travel: every service's domain clock is the system time plus this offset
  const clockOffsetFile = path.join(dataDir, CLOCK_OFFSET_FILE);
  if (!existsSync(clockOffsetFile)) writeFileSync(clockOffsetFile, 'PT0S\n');
  const outbox = await startOutbox(path.join(dataDir, 'outbox'));
  const fakes = await startFakeBureaus('127.0.0.1');
  const notary = await startFakeNotary('127.0.0.1');

  const children: { name: string; child: ChildProcess }[] = [];
  const stopAll = async (): Promise<void> => {
    for (const { name, child } of [...children].reverse()) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, 20_000, 'timeout'));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        log(`platform: ${name} did not stop in 20 s: killed`);
        child.kill('SIGKILL');
      }
    }
    await Promise.all([outbox.close(), fakes.serasa.close(), fakes.spc.close(), fakes.boavista.close(), notary.close()]);
  };

  const urls: Record<string, string> = {};
  const envs: Record<string, Record<string, string>> = {};
  const writePids = (): void => {
    const pids = Object.fromEntries(children.map(({ name, child }) => [name, child.pid]));
    writeFileSync(path.join(dataDir, 'pids.json.tmp'), `${JSON.stringify(pids)}\n`);
    renameSync(path.join(dataDir, 'pids.json.tmp'), path.join(dataDir, 'pids.json'));
  };
  try {
    for (const service of PLATFORM_SERVICES) {
      const database = `${process.env['PLATFORM_DATABASE_PREFIX'] ?? 'collections'}_${service.name}`;
      await ensureDatabase(database);
      const prefix = service.name.toUpperCase();
      const shared: Shared = { debtorsUrl: urls['debtors'] ?? '', smtpUrl: outbox.url, bureaus: { serasa: fakes.serasa.url, spc: fakes.spc.url, boavista: fakes.boavista.url, cenprot: notary.url } };
      const env: Record<string, string> = {
        ...databaseEnv(database),
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
        KAFKA_TOPIC_PARTITIONS: process.env['KAFKA_TOPIC_PARTITIONS'] ?? '3',
        AUTH_PUBLIC_KEY_PEM: publicKeyPem,
        PII_MASTER_KEY: masterKey,
        [`${prefix}_HTTP_HOST`]: '127.0.0.1',
        [`${prefix}_HTTP_PORT`]: process.env[`PLATFORM_${prefix}_HTTP_PORT`] ?? String(service.http),
        [`${prefix}_GRPC_HOST`]: '127.0.0.1',
        [`${prefix}_GRPC_PORT`]: process.env[`PLATFORM_${prefix}_GRPC_PORT`] ?? String(service.grpc),
        LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
        CLOCK_OFFSET_FILE: clockOffsetFile,
        // a platform of its own on a shared broker (a test beside another): consumer groups of its own
        ...(process.env['PLATFORM_CONSUMER_GROUP_PREFIX'] ? { KAFKA_CONSUMER_GROUP: `${process.env['PLATFORM_CONSUMER_GROUP_PREFIX']}${service.name}` } : {}),
        // short, so that a jump of the clock is acted on within seconds
        DEBTORS_AGING_INTERVAL_MS: process.env['DEBTORS_AGING_INTERVAL_MS'] ?? '1000',
        ...(service.name === 'debtors' ? {} : { DEBTORS_URL: shared.debtorsUrl, SERVICE_TOKEN_KEY_FILE: path.join(dataDir, DEV_KEY_FILE) }),
        ...(service.env ? service.env(shared) : {}),
      };
      log(`platform: starting ${service.name} (database ${database}; its output in ${path.join(logDir, `${service.name}.log`)})`);
      const running = await startProcess(service, env, logDir);
      children.push({ name: service.name, child: running.child });
      urls[service.name] = running.url;
      envs[service.name] = env;
    }
  } catch (error) {
    log(`platform: failed to start: ${(error as Error).message}`);
    await stopAll();
    process.exit(1);
  }

  log(`platform: ${children.length} services up in ${Date.now() - started} ms, each its own process and database, over Kafka at ${process.env['KAFKA_BROKERS']}`);
  log('');
  for (const service of PLATFORM_SERVICES) log(`  ${service.name.padEnd(12)} REST ${urls[service.name]}  (docs ${urls[service.name]}/docs)`);
  log(`  e-mail       the outbox ${path.join(dataDir, 'outbox')} (.eml files; SMTP ${outbox.url})`);
  log(`  clock        system time + the offset in ${clockOffsetFile} (${readFileSync(clockOffsetFile, 'utf8').trim() || 'PT0S'}); \`echo P11D > ${clockOffsetFile}\` moves every service 11 days on`);
  log(`  bureaus      Serasa ${fakes.serasa.url}, SPC ${fakes.spc.url}, Boa Vista ${fakes.boavista.url}, CENPROT ${notary.url} (local fakes)`);
  log('');
  const issuer = new TokenIssuer(devKey);
  log(`  Tokens for tenant "${DEMO_TENANT}" (valid 12 h; signed by the dev key in ${dataDir}):`);
  for (const role of ROLES) {
    const token = await issuer.mint({ subject: `platform-${role}`, tenantId: TenantId.parse(DEMO_TENANT), roles: [role], ttlSeconds: 12 * 3600 });
    log(`  ${role.padEnd(17)} ${token}`);
  }
  log('');
  log('  Ctrl-C stops every service (SIGTERM: each finishes its batch and exits).');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`platform: ${signal}, stopping the services`);
    await stopAll();
    log('platform: stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // the restart policy: a service that dies is started again with the same configuration
  const supervise = (entry: { name: string; child: ChildProcess }): void => {
    entry.child.once('exit', (code, signal) => {
      if (stopping) return;
      log(`platform: ${entry.name} exited (${signal ?? `code ${code}`}); starting it again (see ${path.join(logDir, `${entry.name}.log`)})`);
      const service = PLATFORM_SERVICES.find((s) => s.name === entry.name)!;
      const restart = async (): Promise<void> => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        if (stopping) return;
        try {
          const running = await startProcess(service, envs[entry.name]!, logDir);
          entry.child = running.child;
          writePids();
          log(`platform: ${entry.name} running again (pid ${running.child.pid})`);
          supervise(entry);
        } catch (error) {
          log(`platform: ${entry.name} did not start again: ${(error as Error).message.split('\n')[0]}; trying again`);
          void restart();
        }
      };
      void restart();
    });
  };
  writePids();
  for (const entry of children) supervise(entry);
  if (once) await stop('--once');
}

main().catch((error: unknown) => {
  log(`platform: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
