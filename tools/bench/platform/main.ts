/**
 * Cross-service latency benchmark: `npm run bench:platform [-- --rate 200 --seconds 20 --sample 10]`.
 *
 * Starts `npm run platform` (the six services as six processes, each its own database, over
 * the project's Kafka broker) on free ports and throwaway databases, then offers REST
 * commands to the debtors service open-loop at `--rate` per second for `--seconds`
 * (`POST /debts`, each a new debt of one of 50 debtors registered first). For every
 * `--sample`-th command it polls, every 20 ms, the contacts service's read model of that
 * debt (`GET /debts/{id}/contacts`) and the reporting service's timeline of it, and takes
 * the time from sending the command to the first 200 (the effect visible in another
 * service: debtors' outbox relay -> Kafka -> that service's consumer -> its own database).
 *
 * Baseline in the same run, on the same broker: a bare KafkaJS producer and consumer at the
 * same rate (send to receive), the floor any service-to-service path over Kafka has.
 * Prints the offered and achieved rates, the command's own latency, p50/p95/p99/max of
 * each path, and each p99's ratio to the baseline's. The platform is stopped (SIGINT) and
 * its databases dropped at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { httpCall, type EntryPointProcess } from '@collections/shared-testing';
import { dropPlatformDatabases, launchPlatform } from '../../platform/launch';
import { positiveIntegerOption, printTable } from '../bench-kit';

const POLL_MS = 20;
const DEBTORS = 50;

interface Sampled {
  readonly sentAt: number;
  readonly debtId: string;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(values: readonly number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN, n: sorted.length };
}

const ms = (value: number): string => (Number.isFinite(value) ? `${Math.round(value)} ms` : '-');

/** Polls `probe` every POLL_MS until it answers true; the instant it did, or undefined after `timeoutMs`. */
async function firstSeen(probe: () => Promise<boolean>, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}

/** The same rate through a bare producer and consumer on the platform's broker: send to receive. */
async function kafkaBaseline(brokers: string, rate: number, seconds: number): Promise<number[]> {
  const kafka = new Kafka({ clientId: 'bench-platform-baseline', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const topic = `bench-platform-baseline-${process.pid}-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  // one message per send, acks from every in-sync replica, sends in flight together (the relay batches instead)
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `${topic}-group`, maxWaitTimeInMs: 100 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const latencies: number[] = [];
  const total = rate * seconds;
  let received = 0;
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      latencies.push(Date.now() - Number(message.value?.toString()));
      if (++received >= total) resolveAll();
    },
  });
  // the consumer's first assignment takes a rebalance: wait until it answers a message
  await producer.send({ topic, acks: -1, messages: [{ key: 'warm-up', value: String(Date.now()) }] });
  while (received === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  latencies.length = 0;
  received = 0;
  const started = Date.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sends.push(producer.send({ topic, acks: -1, messages: [{ key: String(i % 50), value: String(Date.now()) }] }));
  }
  await Promise.all(sends);
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return latencies;
}

async function main(): Promise<void> {
  const rate = positiveIntegerOption(process.argv, 'rate', 200);
  const seconds = positiveIntegerOption(process.argv, 'seconds', 20);
  const sampleEvery = positiveIntegerOption(process.argv, 'sample', 10);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-platform-'));
  const prefix = `bench_platform_${process.pid}`;
  process.stdout.write(`platform benchmark: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${rate} commands/s for ${seconds} s, every ${sampleEvery}th followed\n`);
  process.stdout.write('starting the six services (npm run platform)...\n');
  let platform: EntryPointProcess | undefined;
  try {
    const launched = await launchPlatform({ PLATFORM_DATA_DIR: dataDir, PLATFORM_DATABASE_PREFIX: prefix });
    platform = launched.process;
    const url = (name: string): string => launched.url(name);
    const integrator = launched.token('integrator');
    const supervisor = launched.token('supervisor');
    const brokers = launched.brokers;

    const debtorIds: string[] = [];
    for (let i = 0; i < DEBTORS; i++) {
      const debtor = await httpCall(url('debtors'), 'POST', '/debtors', {
        token: integrator,
        idempotencyKey: `bench-debtor-${i}`,
        body: { taxId: generateCpf(), name: `Devedor ${i}`, state: 'SP', contactPoints: [{ kind: 'email', value: `d${i}@bench.example`, consent: 'granted' }] },
      });
      if (debtor.status !== 201) throw new Error(`debtor: ${debtor.status} ${JSON.stringify(debtor.body)}`);
      debtorIds.push(debtor.body.debtorId);
    }
    process.stdout.write(`${DEBTORS} debtors registered; offering ${rate * seconds} commands...\n`);

    const total = rate * seconds;
    const commandLatencies: number[] = [];
    const failures: string[] = [];
    const sampled: Sampled[] = [];
    const follows: Promise<void>[] = [];
    const toContacts: number[] = [];
    const toReporting: number[] = [];
    let lost = 0;
    const follow = (s: Sampled): Promise<void> =>
      (async () => {
        const [contactsAt, reportingAt] = await Promise.all([
          firstSeen(async () => (await httpCall(url('contacts'), 'GET', `/debts/${s.debtId}/contacts`, { token: supervisor })).status === 200, 120_000),
          firstSeen(async () => ((await httpCall(url('reporting'), 'GET', `/reporting/debts/${s.debtId}/timeline`, { token: supervisor })).body?.events?.length ?? 0) > 0, 120_000),
        ]);
        if (contactsAt === undefined || reportingAt === undefined) lost += 1;
        if (contactsAt !== undefined) toContacts.push(contactsAt - s.sentAt);
        if (reportingAt !== undefined) toReporting.push(reportingAt - s.sentAt);
      })();

    const started = Date.now();
    const commands: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const debtId = randomUUID();
      const sentAt = Date.now();
      commands.push(
        (async () => {
          const response = await httpCall(url('debtors'), 'POST', '/debts', {
            token: integrator,
            idempotencyKey: `bench-debt-${debtId}`,
            body: { debtId, debtorId: debtorIds[i % DEBTORS], contractReference: `BENCH-${i}`, originalAmount: { amount: 10_000 + i, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' },
          }).catch((error: unknown) => ({ status: 0, body: { error: `${(error as Error).message}: ${String((error as Error).cause ?? '')}` } }));
          commandLatencies.push(Date.now() - sentAt);
          if (response.status !== 201) {
            failures.push(`${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
            return;
          }
          if (i % sampleEvery === 0) {
            const s = { sentAt, debtId };
            sampled.push(s);
            follows.push(follow(s));
          }
        })(),
      );
    }
    const offeredIn = (Date.now() - started) / 1000;
    await Promise.all(commands);
    const answeredIn = (Date.now() - started) / 1000;
    process.stdout.write(`${total} commands answered in ${answeredIn.toFixed(1)} s; waiting for the ${sampled.length} followed debts to show in contacts and reporting...\n`);
    await Promise.all(follows);

    process.stdout.write(`baseline: a bare KafkaJS producer and consumer at ${rate} messages/s for ${seconds} s on ${brokers}...\n`);
    const baseline = summary(await kafkaBaseline(brokers, rate, seconds));
    const command = summary(commandLatencies);
    const contacts = summary(toContacts);
    const reporting = summary(toReporting);
    const ratio = (p99: number): string => (Number.isFinite(p99) && baseline.p99 > 0 ? `${(p99 / baseline.p99).toFixed(1)}x baseline p99` : '');
    printTable([
      ['path', 'n', 'p50', 'p95', 'p99', 'max', 'note'],
      ['POST /debts (debtors answers)', String(command.n), ms(command.p50), ms(command.p95), ms(command.p99), ms(command.max), `offered ${(total / offeredIn).toFixed(0)}/s, answered ${(total / answeredIn).toFixed(0)}/s, ${failures.length} refused`],
      ['command -> contacts read model', String(contacts.n), ms(contacts.p50), ms(contacts.p95), ms(contacts.p99), ms(contacts.max), ratio(contacts.p99)],
      ['command -> reporting timeline', String(reporting.n), ms(reporting.p50), ms(reporting.p95), ms(reporting.p99), ms(reporting.max), ratio(reporting.p99)],
      ['baseline: bare Kafka send -> receive', String(baseline.n), ms(baseline.p50), ms(baseline.p95), ms(baseline.p99), ms(baseline.max), 'acks=all, same broker, same rate'],
    ]);
    process.stdout.write(`followed ${sampled.length} debts, ${lost} not seen in both services within 120 s; polling every ${POLL_MS} ms adds up to ${POLL_MS} ms to each figure\n`);
    if (failures.length) process.stdout.write(`refused commands (first 3): ${failures.slice(0, 3).join(' | ')}\n`);
    // refusals under overload are a measured outcome; an effect that never showed is a failure
    if (lost > 0) process.exitCode = 1;
  } finally {
    if (platform && platform.child.exitCode === null) {
      platform.child.kill('SIGINT');
      await Promise.race([platform.exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    }
    await dropPlatformDatabases(prefix);
    // the services' logs stay when something went wrong
    if (process.exitCode) process.stdout.write(`services' logs kept in ${path.join(dataDir, 'logs')}\n`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
