import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Embedded {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly api: string;
  readonly tokens: Record<string, string>;
  readonly exited: Promise<number | null>;
}

/** What `npm start` runs, on its own data folder and ports; resolves once it printed the tokens. */
async function startEmbedded(env: Record<string, string>): Promise<Embedded> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/embedded/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  readline.createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const tokens: Record<string, string> = {};
  const api = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded mode did not start within 120 s:\n${lines.join('\n')}`)), 120_000);
    let url: string | undefined;
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      url ??= /^\s+REST\s+(\S+)/.exec(line)?.[1];
      const token = /^\s+(integrator|agent|supervisor|auditor|admin)\s+(\S+\.\S+\.\S+)$/.exec(line);
      if (token) tokens[token[1]!] = token[2]!;
      if (url && Object.keys(tokens).length === 5) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    void exited.then((code) => reject(new Error(`embedded mode exited with ${code}:\n${lines.join('\n')}`)));
  });
  return { child, lines, api, tokens, exited };
}

describe('embedded mode (npm start): one process, PGlite, no servers', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-e2e-'));
  let env: Record<string, string>;
  let running: Embedded | undefined;

  beforeAll(async () => {
    env = {
      EMBEDDED_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DEBTORS_HTTP_PORT: String(await freePort()),
      DEBTORS_GRPC_PORT: String(await freePort()),
    };
  });
  afterAll(() => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, url: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${running!.api}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json', 'idempotency-key': `embedded-${Math.random().toString(36).slice(2)}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed };
  };

  it('follows the README: demo portfolio, register, balance, consent, import, erasure, verification; data survives a restart', async () => {
    running = await startEmbedded(env);
    const { integrator, admin, auditor } = running.tokens as Record<'integrator' | 'admin' | 'auditor', string>;
    expect(running.lines.join('\n')).toMatch(/hash chain verified; demo portfolio loaded/);
    const demo = await call('GET', '/debts?pageSize=50', integrator);
    expect(demo.body.items).toHaveLength(6);

    const debtor = await call('POST', '/debtors', integrator, { taxId: '390.533.447-05', name: 'Ana Costa', state: 'MG', contactPoints: [{ kind: 'phone', value: '+5531987654321', consent: 'granted' }] });
    expect(debtor.status).toBe(201);
    const debt = await call('POST', '/debts', integrator, { debtorId: debtor.body.debtorId, contractReference: 'CTR-9', originalAmount: { amount: 150_000, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' });
    expect(debt.status).toBe(201);
    const balance = await call('GET', `/debts/${debt.body.debtId}?asOf=2026-02-09`, integrator);
    expect(balance.body.balance).toMatchObject({ daysPastDue: 30, totalDue: { amount: 154_500 } });
    const optOut = await call('POST', `/debtors/${debtor.body.debtorId}/contact-points/${debtor.body.contactPoints[0].id}/opt-out`, integrator, { reason: 'pare de me ligar' });
    expect(optOut.body.contactPoints[0]).toMatchObject({ optedOut: true });

    const csv = ['taxId,name,state,timeZone,phone,email,contractReference,amount,currency,dueDate,lateFeeRate', '111.444.777-35,João Pereira,CE,America/Fortaleza,,,EMB-1,250.00,BRL,2026-01-10,0.02', '123,Bad,SP,,,,EMB-2,1.00,BRL,2026-01-10,0.02'].join('\n');
    const imported = await call('POST', '/imports', integrator, csv, { 'content-type': 'text/csv' });
    expect(imported.body).toMatchObject({ rows: 2, imported: 1, failed: 1, errors: [expect.objectContaining({ row: 2, field: 'taxId' })] });

    expect((await call('POST', `/debtors/${debtor.body.debtorId}/erasure`, admin, {})).status).toBe(200);
    expect((await call('GET', `/debtors/${debtor.body.debtorId}`, integrator)).body).toMatchObject({ erased: true, name: '[erased]' });
    expect((await call('GET', '/audit/verification', auditor)).body).toMatchObject({ ok: true });

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);

    // the second start finds its data: no second demo portfolio, the new debt still listed
    running = await startEmbedded(env);
    expect(running.lines.join('\n')).not.toMatch(/demo portfolio loaded/);
    const after = await call('GET', '/debts?pageSize=50', running.tokens['integrator']!);
    expect(after.body.items.map((d: { contractReference: string }) => d.contractReference)).toEqual(expect.arrayContaining(['CTR-9', 'EMB-1']));
    expect(after.body.items).toHaveLength(8);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });
});
