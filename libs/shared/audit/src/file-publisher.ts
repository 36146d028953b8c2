import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import type { StoreTransaction } from '@collections/shared-event-store';
import { FileDigestAnchor } from './anchor';
import { FileDigestSigningKey } from './key-provider';
import { FileLeafLog } from './leaf-log';
import { AuditDigestPublisher, type AuditDigestPublisherOptions } from './publisher';

/**
 * A digest publisher anchored in `dir` (digests.jsonl, leaves.bin) and signing with a new
 * Ed25519 key, whose public half comes back for the verifier: tests, benchmarks, a first
 * try. A service reads its key from a file instead (openAuditDigestPublisherFromEnv).
 */
export function publisherOnFilesWithNewKey(
  db: StoreTransaction,
  dir: string,
  options: Omit<AuditDigestPublisherOptions, 'db' | 'signingKey' | 'ledger' | 'leafLog'> = {},
): { publisher: AuditDigestPublisher; ledger: FileDigestAnchor; leafLog: FileLeafLog; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const ledger = new FileDigestAnchor(path.join(dir, 'digests.jsonl'));
  const leafLog = new FileLeafLog(path.join(dir, 'leaves.bin'));
  const publisher = new AuditDigestPublisher({
    intervalMs: 0,
    ...options,
    db,
    signingKey: FileDigestSigningKey.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ledger,
    leafLog,
  });
  return { publisher, ledger, leafLog, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
