import { freePort } from '@collections/shared-testing';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PrivatePostgres } from './private-postgres';

/**
 * The private server the fault harness restarts and the scale benchmark tunes: it starts
 * with the settings it is given, answers on its own port, and leaves nothing behind.
 */
describe('a private PostgreSQL server', () => {
  let parent: string;
  let server: PrivatePostgres | undefined;

  beforeAll(() => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'private-pg-spec-'));
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  const setting = async (name: string): Promise<string | undefined> => {
    const client = new Client({ ...server!.connection, database: 'postgres' });
    await client.connect();
    try {
      return (await client.query<{ s: string }>('SELECT current_setting($1) AS s', [name])).rows[0]?.s;
    } finally {
      await client.end();
    }
  };

  it('runs with the settings it was started with, keeps them across a restart, and its data folder goes with stop', async () => {
    server = await PrivatePostgres.start(parent, await freePort(), { shared_buffers: '48MB', wal_compression: 'lz4', checkpoint_timeout: '7min' });
    expect(await setting('shared_buffers')).toBe('48MB');
    expect(await setting('wal_compression')).toBe('lz4');
    expect(await setting('checkpoint_timeout')).toBe('7min');

    await server.restart();
    expect(await setting('shared_buffers')).toBe('48MB');

    const dataDir = server.dataDir;
    expect(existsSync(dataDir)).toBe(true);
    await server.stop();
    server = undefined;
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);

  it('refuses a setting that would be read as more than one server option', async () => {
    await expect(PrivatePostgres.start(parent, await freePort(), { shared_buffers: '48MB -c fsync=off' })).rejects.toThrow(/bad server setting/);
  }, 120_000);
});
