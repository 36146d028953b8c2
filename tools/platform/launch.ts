import { Client } from 'pg';
import { freePort, startEntryPoint, type EntryPointProcess } from '@collections/shared-testing';
import { PLATFORM_SERVICES } from './services';

/** `npm run platform` started by a test, a benchmark or the fault harness, and what it printed. */
export interface LaunchedPlatform {
  readonly process: EntryPointProcess;
  /** A service's REST base URL, as printed. */
  url(service: string): string;
  /** The demo tenant's token for a role, as printed. */
  token(role: string): string;
  /** The Kafka brokers the services use, as printed. */
  readonly brokers: string;
}

/**
 * Starts tools/platform/main.ts as a child process with `env` and every service on free
 * ports (so it runs beside `npm start` and another platform), and waits until it says
 * the services are up.
 */
export async function launchPlatform(env: Record<string, string>, timeoutMs = 300_000): Promise<LaunchedPlatform> {
  const ports: Record<string, string> = {};
  for (const { name } of PLATFORM_SERVICES) {
    ports[`PLATFORM_${name.toUpperCase()}_HTTP_PORT`] = String(await freePort());
    ports[`PLATFORM_${name.toUpperCase()}_GRPC_PORT`] = String(await freePort());
  }
  const child = await startEntryPoint('tools/platform/main.ts', { ...env, ...ports }, (lines) => lines.some((line) => line.includes('Ctrl-C stops every service')), timeoutMs);
  // read once: `url()` and `token()` are called on every request of a load
  const urls = new Map<string, string>();
  const tokens = new Map<string, string>();
  let brokers: string | undefined;
  for (const line of child.lines) {
    const service = /^\s+(\S+)\s+REST (\S+)/.exec(line);
    if (service) urls.set(service[1]!, service[2]!);
    const token = /^\s+(\S+)\s+(eyJ\S+)$/.exec(line);
    if (token) tokens.set(token[1]!, token[2]!);
    brokers ??= /over Kafka at (\S+)/.exec(line)?.[1];
  }
  const printed = (map: Map<string, string>, what: string, key: string): string => {
    const value = map.get(key);
    if (value === undefined) throw new Error(`the platform printed no ${what} for ${key}`);
    return value;
  };
  if (brokers === undefined) throw new Error('the platform printed no Kafka brokers');
  return { process: child, url: (service) => printed(urls, 'REST URL', service), token: (role) => printed(tokens, 'token', role), brokers };
}

/** Drops the databases `<prefix>_<service>` a launched platform made, on the server of the PG* variables. */
export async function dropPlatformDatabases(prefix: string): Promise<void> {
  const admin = new Client({ host: process.env['PGHOST'] ?? '127.0.0.1', port: Number(process.env['PGPORT'] ?? 5432), user: process.env['PGUSER'] ?? 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    for (const { name } of PLATFORM_SERVICES) await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
