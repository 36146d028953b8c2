import type { EventStore, LogCursor, ReadAllOptions } from './event-store.port';

/**
 * A transaction open on the PostgreSQL server with a transaction id assigned. Readers of
 * the log stop at the oldest such id (transaction ids are server-wide, so one open in
 * ANOTHER database of the same server holds them back too).
 */
export interface OpenTransaction {
  /** Backend pid; null for a prepared (two-phase) transaction, which has no backend. */
  readonly pid: number | null;
  readonly database: string | null;
  readonly transactionId: string;
  /** How long the transaction has been open. */
  readonly ageMs: number;
  /** `active`, `idle in transaction`, ... or `prepared`. */
  readonly state: string | null;
  readonly applicationName: string | null;
}

/** A reader with committed events it cannot read yet, held back past the alert delay. */
export interface ReaderStall {
  readonly reader: string;
  readonly since: Date;
  readonly heldBackMs: number;
  /** The oldest open transactions on the server, oldest first: the first holds the horizon. */
  readonly blockers: readonly OpenTransaction[];
}

export const DEFAULT_STALL_ALERT_MS = 30_000;

export interface ReaderStallWatchOptions {
  /** Names the reader in the alert (a subscription id, `relay:<id>`, `projection:<name>`). */
  readonly reader: string;
  /** How long committed events may wait behind an open transaction before the alert. Default 30 s. */
  readonly alertAfterMs?: number;
  /** The alert: once the delay has passed, then once per further delay while it lasts. */
  readonly onStall?: (stall: ReaderStall) => void;
  /**
   * Look at the log at most this often (default: on every idle read). For readers that
   * only need the alert and the metric (the relay, projections, which poll every 50-100 ms
   * when idle), not a fresh "caught up" answer on each poll.
   */
  readonly checkEveryMs?: number;
  readonly now?: () => number;
}

type Filters = Pick<ReadAllOptions, 'tenantId' | 'categories'>;

/**
 * Tells a reader of the log whether it is caught up, and raises an alert when it is
 * not for a reason it cannot fix: committed events wait behind a transaction still
 * open somewhere on the server (see docs/event-store.md, "The order of the log"). Call `moved()`
 * when a read returned events and `idle(cursor)` when it returned none.
 */
export class ReaderStallWatch {
  private heldBackSince: number | undefined;
  private lastAlertAt: number | undefined;
  private current: ReaderStall | undefined;
  private lastCheckAt: number | undefined;
  private lastCaughtUp = false;
  private readonly alertAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<EventStore, 'hasCommittedEventsAfter' | 'openTransactions'>,
    private readonly options: ReaderStallWatchOptions,
  ) {
    this.alertAfterMs = options.alertAfterMs ?? DEFAULT_STALL_ALERT_MS;
    this.now = options.now ?? Date.now;
  }

  moved(): void {
    this.lastCaughtUp = false;
    this.heldBackSince = undefined;
    this.lastAlertAt = undefined;
    this.current = undefined;
  }

  /**
   * After a read found nothing: true when nothing committed waits past `after` either
   * (the reader is caught up), false when committed events are held back.
   */
  async idle(after: LogCursor, filters: Filters = {}): Promise<boolean> {
    const checkedAt = this.now();
    if (this.lastCheckAt !== undefined && checkedAt - this.lastCheckAt < (this.options.checkEveryMs ?? 0)) return this.lastCaughtUp;
    this.lastCheckAt = checkedAt;
    if (!(await this.store.hasCommittedEventsAfter(after, filters))) {
      this.moved();
      this.lastCaughtUp = true;
      return true;
    }
    this.lastCaughtUp = false;
    const now = this.now();
    this.heldBackSince ??= now;
    const heldBackMs = now - this.heldBackSince;
    if (heldBackMs >= this.alertAfterMs && (this.lastAlertAt === undefined || now - this.lastAlertAt >= this.alertAfterMs)) {
      this.lastAlertAt = now;
      const blockers = await this.store.openTransactions().catch(() => []);
      this.current = { reader: this.options.reader, since: new Date(this.heldBackSince), heldBackMs, blockers };
      this.options.onStall?.(this.current);
    }
    return false;
  }

  /** How long the reader has had committed events it cannot read (0 when it has none). */
  heldBackMs(): number {
    return this.heldBackSince === undefined ? 0 : this.now() - this.heldBackSince;
  }

  /** The last alert raised, while the reader is still held back. */
  stall(): ReaderStall | undefined {
    return this.current;
  }
}

/** One log line for an alert: which reader, for how long, and who holds it back. */
export function describeStall(stall: ReaderStall): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const [oldest, ...others] = stall.blockers;
  const who = oldest
    ? `the oldest open transaction is ${oldest.pid === null ? 'a prepared transaction' : `pid ${oldest.pid}`} in database ${oldest.database ?? '?'}` +
      ` (xid ${oldest.transactionId}, open ${seconds(oldest.ageMs)}, ${oldest.state ?? 'state unknown'}${oldest.applicationName ? `, application ${oldest.applicationName}` : ''})` +
      (others.length ? `; ${others.length} more open` : '')
    : 'no open transaction is visible to this role (pg_read_all_stats shows them)';
  return `log reader ${stall.reader} has committed events it cannot read for ${seconds(stall.heldBackMs)}: ${who}`;
}
