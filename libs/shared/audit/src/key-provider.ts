import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { keyIdOf } from './digest';

/**
 * Signs digests with a key the database never sees. A file today; a KMS or HSM later
 * implements the same port (the private key then never enters the process at all).
 */
export interface DigestSigningKey {
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(bytes: Buffer): Promise<Buffer>;
}

/** An Ed25519 private key in a PKCS#8 PEM file (mount it from a secret; keep it off the database host). */
export class FileDigestSigningKey implements DigestSigningKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly keyId: string,
    readonly publicKeyPem: string,
  ) {}

  static async open(privateKeyFile: string): Promise<FileDigestSigningKey> {
    return FileDigestSigningKey.fromPem(await readFile(privateKeyFile, 'utf8'));
  }

  static fromPem(privateKeyPem: string): FileDigestSigningKey {
    const privateKey = createPrivateKey(privateKeyPem);
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the digest signing key must be Ed25519, got ${privateKey.asymmetricKeyType}`);
    const publicKey = createPublicKey(privateKey);
    return new FileDigestSigningKey(privateKey, keyIdOf(publicKey), publicKey.export({ type: 'spki', format: 'pem' }).toString());
  }

  async sign(bytes: Buffer): Promise<Buffer> {
    return sign(null, bytes, this.privateKey);
  }
}

/** Makes a new Ed25519 key pair as PEM files (private PKCS#8 with mode 0600, public SPKI). */
export async function generateDigestSigningKeyFiles(privateKeyFile: string, publicKeyFile: string): Promise<{ keyId: string }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await writeFile(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600, flag: 'wx' });
  await writeFile(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }).toString(), { flag: 'wx' });
  return { keyId: keyIdOf(publicKey) };
}
