import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../../../..');

/** A TCP port free on 127.0.0.1 right now (for a server the test starts next). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface EntryPointProcess {
  readonly child: ChildProcess;
  /** Every line it printed, stdout and stderr. */
  readonly lines: string[];
  readonly exited: Promise<number | null>;
}

export interface EntryPointOptions {
  /**
   * `source` (default): a TypeScript entry point, run as `node -r @swc-node/register <entry>`.
   * `plain`: a built JavaScript file (dist/), run as `node <entry>` with no loader and
   * no NODE_OPTIONS inherited from the test runner.
   */
  readonly run?: 'source' | 'plain';
  /** Working directory; the repository root by default. */
  readonly cwd?: string;
}

/**
 * Runs an entry point of this repository as users run it (by default
 * `node -r @swc-node/register <entry>`, from the repository root) and resolves once
 * `ready` has seen the lines it waits for. Rejects, with everything the process
 * printed, when it exits first or takes longer than `timeoutMs`.
 */
export async function startEntryPoint(
  entry: string,
  env: Record<string, string>,
  ready: (lines: readonly string[]) => boolean,
  timeoutMs = 120_000,
  options: EntryPointOptions = {},
): Promise<EntryPointProcess> {
  const plain = options.run === 'plain';
  const args = plain ? [path.resolve(ROOT, entry)] : ['-r', '@swc-node/register', entry];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (plain) delete childEnv['NODE_OPTIONS'];
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} was not ready within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
    const seen = (line: string) => {
      lines.push(line);
      if (ready(lines)) {
        clearTimeout(timer);
        resolve();
      }
    };
    readline.createInterface({ input: child.stdout! }).on('line', seen);
    readline.createInterface({ input: child.stderr! }).on('line', seen);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${lines.join('\n')}`));
    });
  });
  return { child, lines, exited };
}
