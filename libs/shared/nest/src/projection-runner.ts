import { LOG_START, ReaderStallWatch, cursorOf, type EventStore, type LogCursor, type ParkedEvent, type ReaderStall, type RecordedEvent, type SqlDriver, type StoreTransaction } from '@collections/shared-event-store';

/**
 * A read model fed from the log. `apply` writes through the transaction in which the
 * runner also reads the batch and stores the checkpoint (on the service's one pool, the
 * event store's driver): read-model rows and checkpoint commit together, so a crash never
 * applies a batch twice nor skips one (effectively exactly once). Read models are
 * event-fed upserts and set-based SQL: `transaction.query` is all a projection needs.
 */
export interface Projection {
  readonly name: string;
  /** Stream categories it reads (e.g. ['debt', 'debtor']). */
  readonly categories: readonly string[];
  /** Tables it owns, emptied by a rebuild. */
  readonly tables: readonly string[];
  apply(events: readonly RecordedEvent[], transaction: StoreTransaction): Promise<void>;
}

export interface ProjectionRunnerOptions {
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  readonly onError?: (projection: string, error: unknown) => void;
  /**
   * How many times a failing batch is tried before the runner applies its events one by
   * one and parks those that still fail (default 5). One poison event must not stop a
   * read model for every tenant.
   */
  readonly maxAttempts?: number;
  /** An event was parked (after the transaction that parked it committed): count it, alert. */
  readonly onParked?: (parked: ParkedEvent) => void;
  /** Alert when committed events wait behind an open transaction this long (default 30 s). */
  readonly stallAlertAfterMs?: number;
  readonly onStall?: (stall: ReaderStall) => void;
}

export class ProjectionRunner {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  /** Projections being rebuilt: this runner's loop leaves them to the rebuild. */
  private readonly rebuilding = new Set<string>();
  private readonly watches = new Map<string, ReaderStallWatch>();
  /** Where each projection's last batch left its checkpoint (read in that batch's transaction). */
  private readonly cursors = new Map<string, LogCursor>();
  /** Consecutive failed batches per projection. */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly driver: Pick<SqlDriver, 'transaction'>,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    for (const projection of projections) {
      this.watches.set(
        projection.name,
        new ReaderStallWatch(store, {
          reader: this.checkpointId(projection),
          checkEveryMs: 1_000,
          ...(options.stallAlertAfterMs !== undefined ? { alertAfterMs: options.stallAlertAfterMs } : {}),
          ...(options.onStall ? { onStall: options.onStall } : {}),
        }),
      );
    }
  }

  /** How long a projection has had committed events waiting behind an open transaction (0: none). */
  heldBackMs(name: string): number {
    return this.watches.get(name)?.heldBackMs() ?? 0;
  }

  private checkpointId(projection: Projection): string {
    return `projection:${projection.name}`;
  }

  /**
   * Applies one batch; returns how many events it read (0: caught up). A batch that has
   * failed `maxAttempts` times in a row is applied event by event instead, each under a
   * savepoint, and the events that still fail are parked with their error.
   */
  async step(projection: Projection, byRebuild = false): Promise<number> {
    try {
      const read = await this.applyBatch(projection, byRebuild, false);
      this.failures.set(projection.name, 0);
      return read;
    } catch (error) {
      const failures = (this.failures.get(projection.name) ?? 0) + 1;
      this.failures.set(projection.name, failures);
      this.options.onError?.(projection.name, error);
      if (failures < (this.options.maxAttempts ?? 5)) throw error;
      const read = await this.applyBatch(projection, byRebuild, true);
      this.failures.set(projection.name, 0);
      return read;
    }
  }

  private async applyBatch(projection: Projection, byRebuild: boolean, eventByEvent: boolean): Promise<number> {
    const parked: ParkedEvent[] = [];
    let reached: LogCursor | undefined;
    const read = await this.driver.transaction(async (transaction) => {
      // One batch of a projection at a time, across loops, rebuilds and service instances.
      await transaction.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.checkpointId(projection)]);
      // a loop step that waited on the lock while a rebuild started leaves it to the rebuild
      if (!byRebuild && this.rebuilding.has(projection.name)) return 0;
      const after: LogCursor = (await this.store.readCheckpoint(this.checkpointId(projection), transaction)) ?? LOG_START;
      const batch = await this.store.readAll({ after, categories: projection.categories, maxCount: this.options.batchSize ?? 500, transaction });
      reached = batch.cursor;
      if (batch.events.length === 0) return 0;
      if (eventByEvent) parked.push(...(await this.applyEventByEvent(projection, batch.events, transaction)));
      else await projection.apply(batch.events, transaction);
      await this.store.storeCheckpoint(this.checkpointId(projection), batch.cursor, transaction);
      return batch.events.length;
    });
    if (reached) this.cursors.set(projection.name, reached); // committed
    for (const event of parked) this.options.onParked?.(event);
    return read;
  }

  private async applyEventByEvent(projection: Projection, events: readonly RecordedEvent[], transaction: StoreTransaction): Promise<ParkedEvent[]> {
    const failed: { event: RecordedEvent; error: unknown }[] = [];
    for (const event of events) {
      await transaction.query('SAVEPOINT projection_event');
      try {
        await projection.apply([event], transaction);
        await transaction.query('RELEASE SAVEPOINT projection_event');
      } catch (error) {
        await transaction.query('ROLLBACK TO SAVEPOINT projection_event');
        failed.push({ event, error });
      }
    }
    // Every event of a batch failing is the database or the projection's code, not the
    // events: park nothing, let the batch be retried with backoff.
    if (failed.length === events.length && events.length > 1) throw failed[0]!.error;
    const attempts = (this.options.maxAttempts ?? 5) + 1;
    const parked: ParkedEvent[] = [];
    for (const { event, error } of failed) {
      const message = error instanceof Error ? error.message : String(error);
      await this.store.parkEvent(this.checkpointId(projection), event, message, attempts, transaction);
      parked.push({
        reader: this.checkpointId(projection),
        eventId: event.eventId,
        tenantId: event.tenantId,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        type: event.type,
        cursor: cursorOf(event),
        error: message,
        attempts,
        parkedAt: new Date(),
      });
    }
    return parked;
  }

  /** Runs every projection until it has read everything visible now. */
  async catchUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const projection of this.projections) {
      for (;;) {
        let read: number;
        try {
          read = await this.step(projection);
        } catch (error) {
          // retried (and in the end parked) by step; give up only at the deadline
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        if (read > 0) continue;
        // nothing readable; but committed events may wait behind a transaction open elsewhere
        const checkpoint = (await this.store.readCheckpoint(this.checkpointId(projection))) ?? LOG_START;
        if (!(await this.store.hasCommittedEventsAfter(checkpoint, { categories: projection.categories }))) break;
        if (Date.now() > deadline) throw new Error(`projection ${projection.name} did not catch up within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }

  /** Empties a projection's tables and checkpoint in one transaction, then replays the log into it. */
  async rebuild(name: string): Promise<number> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`no projection named ${name}`);
    this.rebuilding.add(name);
    try {
      return await this.replayFromScratch(projection);
    } finally {
      this.rebuilding.delete(name);
    }
  }

  private async replayFromScratch(projection: Projection): Promise<number> {
    await this.driver.transaction(async (transaction) => {
      await transaction.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.checkpointId(projection)]);
      for (const table of projection.tables) await transaction.query(`DELETE FROM ${table}`);
      await transaction.query('DELETE FROM es_checkpoints WHERE subscription_id = $1', [this.checkpointId(projection)]);
    });
    let total = 0;
    let errors = 0;
    for (;;) {
      let n: number;
      try {
        n = await this.step(projection, true);
      } catch (error) {
        // step counts the failure; after maxAttempts it parks the poison events and goes on.
        // A failure that parking cannot cure (the database, the projection's code) ends the rebuild.
        if (++errors > 2 * (this.options.maxAttempts ?? 5)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      errors = 0;
      if (n === 0) return total;
      total += n;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.projections.map((projection) => this.loop(projection));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleepers.forEach((wake) => wake());
    await Promise.all(this.loops);
  }

  private async loop(projection: Projection): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const read = this.rebuilding.has(projection.name) ? 0 : await this.step(projection);
        failures = 0;
        const watch = this.watches.get(projection.name)!;
        if (read > 0) {
          watch.moved();
          continue;
        }
        if (!this.rebuilding.has(projection.name)) await watch.idle(this.cursors.get(projection.name) ?? LOG_START, { categories: projection.categories });
      } catch {
        failures += 1; // reported by step
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.sleepers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, failures ? Math.min(5000, 100 * 2 ** failures) : (this.options.pollIntervalMs ?? 100));
        this.sleepers.add(done);
      });
    }
  }
}
