import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The `application_name` the platform's own connections give: they are the service; any
 * other connection to the embedded port (psql, pg_dump, a BI tool) is an outside client.
 */
export const EMBEDDED_SERVICE_APPLICATION = 'collections-embedded';

/**
 * PGlite is ONE PostgreSQL session, and pglite-socket queues the messages of every
 * connection onto it. Without care, what one connection does is done to all of them:
 * `pg_dump` sets `search_path` to '' and every later query of the service fails; a
 * simple query of psql that lands between the service's Parse and Bind destroys the
 * service's unnamed statement (electric-sql/pglite#1046). This queue replaces
 * pglite-socket's own and keeps three rules:
 *
 *  1. an extended-protocol sequence (Parse, Bind, Describe, Execute ... Sync) runs to its
 *     Sync before any other connection's message;
 *  2. a transaction runs to its end before any other connection's message (as
 *     pglite-socket's queue does);
 *  3. after an outside client's statement ends outside a transaction (a simple Query or
 *     a Sync), the session's settings and prepared statements are reset, so nothing an
 *     outside client sets outlives its own statement. (Session settings of psql do not
 *     persist from one statement to the next on this port; pg_dump, which qualifies
 *     every name, still works.)
 *
 * The platform's connections never rely on named prepared statements in embedded mode.
 */
export class GuardedQueryQueue {
  private readonly queue: Entry[] = [];
  private processing = false;
  /** The connection whose sequence or transaction is open: only its messages run. */
  private owner: number | null = null;
  private lastHandlerId: number | null = null;
  private readonly outside = new Map<number, boolean>();

  constructor(
    private readonly db: PGlite,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Puts this queue in front of the server's PGlite (before `start()`). */
  static install(server: PGLiteSocketServer, db: PGlite, log?: (line: string) => void): GuardedQueryQueue {
    const queue = new GuardedQueryQueue(db, log);
    // pglite-socket keeps its queue in a private field and hands it to each connection's handler
    (server as unknown as { queryQueue: unknown }).queryQueue = queue;
    return queue;
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (!this.outside.has(handlerId)) this.outside.set(handlerId, !isServiceStartup(message));
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      if (!this.processing) void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const entry = this.queue[i]!;
      if (entry.handlerId === handlerId) {
        this.queue.splice(i, 1);
        entry.reject(new Error('Handler disconnected'));
      }
    }
    this.outside.delete(handlerId);
  }

  /** A connection that went away mid-sequence or mid-transaction must not hold the session. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner === handlerId || (this.db.isInTransaction() && this.lastHandlerId === handlerId)) {
      this.owner = null;
      await this.db.exec('ROLLBACK').catch(() => undefined);
      await this.resetSession();
      this.lastHandlerId = null;
      if (!this.processing) void this.process();
    }
  }

  private next(): Entry | undefined {
    const holder = this.owner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
    if (holder === null) return this.queue.shift();
    const index = this.queue.findIndex((entry) => entry.handlerId === holder);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let entry = this.next(); entry; entry = this.next()) {
        const { handlerId, message, onData } = entry;
        let bytes = 0;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(message, { onRawData: (data) => ((bytes += data.length), onData(data)) }));
        } catch (error) {
          entry.reject(error);
          continue;
        }
        this.lastHandlerId = handlerId;
        const kind = message[0];
        // Parse, Bind, Describe, Execute, Close, Flush: the sequence goes on until its Sync
        this.owner = kind !== undefined && EXTENDED_UNTIL_SYNC.has(kind) ? handlerId : null;
        if (this.owner === null && this.outside.get(handlerId) && (kind === QUERY || kind === SYNC) && !this.db.isInTransaction()) {
          await this.resetSession();
        }
        entry.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  private async resetSession(): Promise<void> {
    try {
      await this.db.exec('RESET ALL; DEALLOCATE ALL; CLOSE ALL');
    } catch (error) {
      this.log(`embedded: could not reset the shared session: ${(error as Error).message}`);
    }
  }
}

interface Entry {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: unknown) => void;
}

const QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'
// 'P' Parse, 'B' Bind, 'D' Describe, 'E' Execute, 'C' Close, 'H' Flush
const EXTENDED_UNTIL_SYNC = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/** A startup message (protocol 3.0) whose application_name is the platform's. */
function isServiceStartup(message: Uint8Array): boolean {
  if (message.length < 8) return false;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (view.getInt32(4) !== 196608) return false;
  const params = Buffer.from(message.subarray(8)).toString('utf8').split('\0');
  for (let i = 0; i + 1 < params.length; i += 2) {
    if (params[i] === 'application_name') return params[i + 1] === EMBEDDED_SERVICE_APPLICATION;
  }
  return false;
}

/** Where the platform's own connections reach a PGlite served over a socket. */
export interface ServedPglite {
  readonly server: PGLiteSocketServer;
  /** node-postgres connection settings for the platform (they carry its application_name). */
  readonly database: { readonly host: string; readonly port: number; readonly user: string; readonly database: string; readonly application_name: string };
  stop(): Promise<void>;
}

/**
 * Serves a PGlite over the PostgreSQL wire protocol with the session guard in front
 * (embedded mode, and tests of it). Port 0 picks a free port.
 */
export async function servePglite(db: PGlite, options: { readonly host?: string; readonly port?: number; readonly maxConnections?: number; readonly log?: (line: string) => void } = {}): Promise<ServedPglite> {
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: options.maxConnections ?? 16 });
  GuardedQueryQueue.install(server, db, options.log);
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    server,
    database: { host, port, user: 'postgres', database: 'postgres', application_name: EMBEDDED_SERVICE_APPLICATION },
    stop: () => server.stop(),
  };
}
