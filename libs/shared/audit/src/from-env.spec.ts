import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuditConfigError, openAuditDigestPublisherFromEnv } from './from-env';

describe('the digest publisher configured from the environment', () => {
  let dir: string;
  let keyFile: string;
  // Rows for the publisher, as the database would give them: none, so a digest of the empty log.
  const db = { query: async () => [] as never[] };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'audit-env-'));
    keyFile = path.join(dir, 'signing.pem');
    await writeFile(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given no signing key configured, when opened, then there is no publisher', async () => {
    expect(await openAuditDigestPublisherFromEnv({ db, env: {} })).toBeUndefined();
  });

  it('given a key without an anchor directory or with a bad interval, when opened, then it names the variable', async () => {
    await expect(openAuditDigestPublisherFromEnv({ db, env: { AUDIT_SIGNING_KEY_FILE: keyFile } })).rejects.toThrow(
      new AuditConfigError('AUDIT_ANCHOR_DIR is required with AUDIT_SIGNING_KEY_FILE'),
    );
    await expect(
      openAuditDigestPublisherFromEnv({ db, env: { AUDIT_SIGNING_KEY_FILE: keyFile, AUDIT_ANCHOR_DIR: dir, AUDIT_DIGEST_INTERVAL_MS: '5s' } }),
    ).rejects.toThrow(/AUDIT_DIGEST_INTERVAL_MS/);
  });

  it('given a key and a directory, when a digest is published, then it lands in digests.jsonl of that directory', async () => {
    const audit = (await openAuditDigestPublisherFromEnv({ db, env: { AUDIT_SIGNING_KEY_FILE: keyFile, AUDIT_ANCHOR_DIR: dir, AUDIT_DIGEST_INTERVAL_MS: '0' } }))!;
    await audit.publisher.start();
    const digest = await audit.publisher.publishNow();
    await audit.close();
    expect(digest).toMatchObject({ sequence: 1, treeSize: 0, rootHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
    expect(JSON.parse(await readFile(path.join(dir, 'digests.jsonl'), 'utf8'))).toEqual(digest);
  });
});
