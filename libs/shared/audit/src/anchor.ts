import { open, readFile } from 'node:fs/promises';
import { parseDigest, type SignedDigest } from './digest';

/** Somewhere outside the database that keeps each signed digest: a file, a Kafka topic, a WORM bucket. */
export interface DigestAnchor {
  readonly name: string;
  append(digest: SignedDigest): Promise<void>;
}

/** An anchor the publisher can also read back: where it finds the last digest to chain to. */
export interface DigestLedger extends DigestAnchor {
  readAll(): Promise<SignedDigest[]>;
}

/**
 * One JSON line per digest, appended and fsynced before the digest is published
 * anywhere else. Put it on storage the database's administrators cannot write (another
 * host, an append-only mount, a bucket with object lock).
 */
export class FileDigestAnchor implements DigestLedger {
  readonly name: string;

  constructor(readonly path: string) {
    this.name = `file:${path}`;
  }

  async append(digest: SignedDigest): Promise<void> {
    const handle = await open(this.path, 'a');
    try {
      await handle.write(`${JSON.stringify(digest)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async readAll(): Promise<SignedDigest[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const digests: SignedDigest[] = [];
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      const digest = parseDigest(line);
      if (!digest) throw new Error(`${this.path}:${i + 1} is not a digest`);
      digests.push(digest);
    }
    return digests;
  }
}
