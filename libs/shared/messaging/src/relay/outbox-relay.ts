import { Client, type ClientConfig } from 'pg';
import { LOG_START, ReaderStallWatch, describeStall, type EventStore, type LogCursor, type ReaderStall, type StoreTransaction } from '@collections/shared-event-store';
import type { ContractRegistry } from '@collections/shared-contracts';
import { envelopeToHeaders } from '../envelope';
import { toIntegrationEvents } from '../integration-events';
import type { MessagePublisher, OutboundMessage } from '../kafka/kafka-publisher';

export interface OutboxRelayOptions {
  readonly store: EventStore;
  /** Connection for the leadership lock and the fenced checkpoint (the event store's database). */
  readonly lockConnection: ClientConfig;
  readonly publisher: MessagePublisher;
  readonly contracts: ContractRegistry;
  /** Names the checkpoint and the lock; one active relay per name. */
  readonly relayId?: string;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** How often a standby tries to take the lock over. */
  readonly takeoverIntervalMs?: number;
  readonly log?: (line: string) => void;
  /** Called after each batch is acknowledged and checkpointed. */
  readonly onBatch?: (info: { events: number; messages: number; cursor: LogCursor }) => void;
  /** Alert when committed events wait behind an open transaction this long (default 30 s). */
  readonly stallAlertAfterMs?: number;
  /** The alert; default: a log line naming the blocking transaction. */
  readonly onStall?: (stall: ReaderStall) => void;
}


/**
 * The transactional outbox, where the events table is the outbox: read the log in
 * commit order, publish each public event to its context's topic keyed by stream id,
 * and move the checkpoint only after the broker acknowledged.
 *
 * One active relay per `relayId`: leadership is a session-level PostgreSQL advisory
 * lock on a dedicated connection. When the leader dies its session ends, the lock is
 * released, and a standby polling `pg_try_advisory_lock` takes over within
 * `takeoverIntervalMs`. The checkpoint is written through that same session, which
 * fences it: a leader whose session was ended (and whose lock another relay may now
 * hold) cannot write its late checkpoint. What it published in between reaches the
 * topic twice at most; consumers deduplicate by event id.
 *
 * Nothing is published while a database transaction or row lock is held.
 */
export class OutboxRelay {
  private readonly relayId: string;
  private readonly checkpointId: string;
  private lockClient: Client | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private cursor: LogCursor | undefined;
  private publishedCount = 0;
  private wake: (() => void) | undefined;
  private readonly watch: ReaderStallWatch;

  constructor(private readonly options: OutboxRelayOptions) {
    this.relayId = options.relayId ?? 'outbox-relay';
    this.checkpointId = `relay:${this.relayId}`;
    this.watch = new ReaderStallWatch(options.store, {
      reader: this.checkpointId,
      checkEveryMs: 1_000,
      ...(options.stallAlertAfterMs !== undefined ? { alertAfterMs: options.stallAlertAfterMs } : {}),
      onStall: options.onStall ?? ((stall) => this.log(describeStall(stall))),
    });
  }

  /** How long committed events have waited behind a transaction open on the server (0: none). */
  heldBackMs(): number {
    return this.watch.heldBackMs();
  }

  get isLeader(): boolean {
    return this.lockClient !== undefined;
  }

  get published(): number {
    return this.publishedCount;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.releaseLeadership();
  }

  /** A pause that `stop()` cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private log(line: string): void {
    this.options.log?.(`relay ${this.relayId}: ${line}`);
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 1000;
    const pollIntervalMs = this.options.pollIntervalMs ?? 50;
    let failures = 0;
    while (this.running) {
      if (!this.lockClient && !(await this.tryTakeLeadership())) {
        await this.sleep(this.options.takeoverIntervalMs ?? 1000);
        continue;
      }
      try {
        const cursor = this.cursor ?? (await this.options.store.readCheckpoint(this.checkpointId, this.fenced())) ?? LOG_START;
        this.cursor = cursor;
        const batch = await this.options.store.readAll({ after: cursor, maxCount: batchSize });
        if (batch.events.length === 0) {
          await this.watch.idle(cursor);
          await this.sleep(pollIntervalMs);
          continue;
        }
        this.watch.moved();
        const messages: OutboundMessage[] = batch.events.flatMap((event) =>
          toIntegrationEvents(event, this.options.contracts).map(({ topic, integrationEvent }) => {
            const { payload, ...envelope } = integrationEvent;
            return { topic, key: event.streamId, value: JSON.stringify(payload), headers: envelopeToHeaders(envelope) };
          }),
        );
        await this.options.publisher.publish(messages);
        await this.options.store.storeCheckpoint(this.checkpointId, batch.cursor, this.fenced());
        this.cursor = batch.cursor;
        this.publishedCount += messages.length;
        failures = 0;
        this.options.onBatch?.({ events: batch.events.length, messages: messages.length, cursor: batch.cursor });
      } catch (error) {
        failures += 1;
        this.log(`batch failed (attempt ${failures}): ${(error as Error).message}`);
        if (this.lockClient && !(await this.stillHoldsSession())) await this.releaseLeadership();
        await this.sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /** Checkpoint reads and writes go through the lock-holding session: the fence. */
  private fenced(): StoreTransaction {
    const client = this.lockClient;
    if (!client) throw new Error('not the leader');
    return { query: async <Row>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as Row[] };
  }

  private async tryTakeLeadership(): Promise<boolean> {
    const client = new Client(this.options.lockConnection);
    client.on('error', () => {
      // The session is gone (server restart, terminated, network): so is the lock.
      if (this.lockClient === client) this.lockClient = undefined;
    });
    try {
      await client.connect();
      const [row] = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [this.checkpointId])).rows;
      if (!row?.ok) {
        await client.end();
        return false;
      }
      this.lockClient = client;
      this.cursor = undefined; // re-read: the previous leader may have moved it
      this.log('took leadership');
      return true;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.log(`could not try the lock: ${(error as Error).message}`);
      return false;
    }
  }

  private async stillHoldsSession(): Promise<boolean> {
    try {
      await this.lockClient?.query('SELECT 1');
      return this.lockClient !== undefined;
    } catch {
      return false;
    }
  }

  private async releaseLeadership(): Promise<void> {
    const client = this.lockClient;
    this.lockClient = undefined;
    this.cursor = undefined;
    if (client) {
      this.log('released leadership');
      await client.end().catch(() => undefined);
    }
  }
}
