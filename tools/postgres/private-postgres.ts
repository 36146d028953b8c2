/**
 * A PostgreSQL server of a tool's own: its own data directory, port and settings, so that
 * restarting it (the fault harness's "PostgreSQL restarts") or tuning it (the event store's
 * scale benchmark, `--tuned-server`) disturbs nothing else on the machine, not the server
 * the other tests share. Made with the installed server's `initdb` and `pg_ctl`
 * (Debian: /usr/lib/postgresql/<version>/bin, or PG_BIN); as root they run as the
 * `postgres` user (`runuser`), since the server refuses to run as root. Trust
 * authentication on 127.0.0.1 only.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

function serverBin(): string {
  if (process.env['PG_BIN']) return process.env['PG_BIN'];
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL server binaries found: install the server (Debian: apt-get install postgresql) or set PG_BIN to the folder holding initdb and pg_ctl');
  return path.join(root, newest, 'bin');
}

export class PrivatePostgres {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly asUser: string | undefined,
    private readonly settings: Readonly<Record<string, string>>,
  ) {}

  /**
   * A new cluster in `parentDir` (made if missing), started on `port` with `settings`
   * (server parameters, `-c name=value` each; the server's defaults otherwise).
   */
  static async start(parentDir: string, port: number, settings: Readonly<Record<string, string>> = {}): Promise<PrivatePostgres> {
    // pg_ctl passes its -o to the server through a shell: one word each
    for (const [name, value] of Object.entries(settings)) {
      if (!/^[a-z_.]+$/.test(name) || !/^[A-Za-z0-9_.:-]+$/.test(value)) throw new Error(`bad server setting ${name}=${value}`);
    }
    const bin = serverBin();
    const asUser = os.userInfo().uid === 0 ? 'postgres' : undefined;
    mkdirSync(parentDir, { recursive: true });
    const dataDir = path.join(parentDir, `pg-${port}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { mode: 0o700 });
    if (asUser) {
      const { uid, gid } = statSync('/var/lib/postgresql');
      chownSync(dataDir, uid, gid);
      // the postgres user must reach the folder: every parent must be traversable
      for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        if (dir.startsWith(os.tmpdir()) && dir !== os.tmpdir()) chmodSync(dir, statSync(dir).mode | 0o711);
      }
    }
    const server = new PrivatePostgres(dataDir, port, bin, asUser, settings);
    server.run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    await server.startServer();
    return server;
  }

  get connection(): { host: string; port: number; user: string } {
    return { host: '127.0.0.1', port: this.port, user: 'postgres' };
  }

  /** A clean restart: the server stops (open connections are cut), then starts again. */
  async restart(): Promise<void> {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    await this.startServer();
  }

  async stop(): Promise<void> {
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async startServer(): Promise<void> {
    const settings = Object.entries(this.settings).map(([name, value]) => ` -c ${name}=${value}`);
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''${settings.join('')}`;
    this.run('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dataDir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    for (let attempt = 0; attempt < 60; attempt++) {
      const client = new Client({ ...this.connection, database: 'postgres', connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new Error(`the private PostgreSQL on port ${this.port} did not answer; see ${path.join(this.dataDir, 'server.log')}`);
  }

  private run(tool: string, args: readonly string[]): void {
    const command = path.join(this.bin, tool);
    if (this.asUser) execFileSync('runuser', ['-u', this.asUser, '--', command, ...args], { stdio: 'pipe' });
    else execFileSync(command, args, { stdio: 'pipe' });
  }
}
