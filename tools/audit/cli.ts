/**
 * collections-audit: the offline verifier, and the operator's helpers around it.
 *
 *   collections-audit verify [<export.jsonl>] --digests <digests.jsonl> --public-key <public.pem>... [--json]
 *       No database (--public-key once per signing key, after a rotation): checks each digest's signature and the digest chain, then (with an
 *       export) each event's inclusion proof, the consistency proofs between consecutive
 *       digests and the stream's versions. Prints what was checked and each break
 *       (stream, version, position, reason). Exit 0: no break; 1: a break; 2: bad usage.
 *   collections-audit export <stream-id> --ledger <digests.jsonl> --leaf-log <leaves.bin> [--digest <sequence>]
 *       Writes the stream's export (JSON lines) to stdout; reads the event store at
 *       DATABASE_URL (else the PG* variables) with plain SELECTs.
 *   collections-audit keygen --private-key <file> --public-key <file>
 *       A new Ed25519 key pair for signing digests (the private file is made with mode 0600).
 *   collections-audit runtime-role-sql --role <role> [--owner <owner>] [--schema <schema>]
 *       Prints the grants of the services' runtime role (no UPDATE, DELETE or TRUNCATE on
 *       es_events); pipe it to psql as the tables' owner.
 */
import { readFile } from 'node:fs/promises';
import {
  AuditExporter,
  FileDigestAnchor,
  FileLeafLog,
  formatVerification,
  generateDigestSigningKeyFiles,
  runtimeRoleGrantsSql,
  toJsonLines,
  verifyAuditExport,
} from '@collections/shared-audit';
import { NodePostgresDriver } from '@collections/shared-event-store';

type Command =
  | { readonly kind: 'verify'; readonly exportFile: string | undefined; readonly digests: string; readonly publicKeys: readonly string[]; readonly json: boolean }
  | { readonly kind: 'export'; readonly streamId: string; readonly ledger: string; readonly leafLog: string; readonly digest: number | undefined }
  | { readonly kind: 'keygen'; readonly privateKey: string; readonly publicKey: string }
  | { readonly kind: 'runtime-role-sql'; readonly role: string; readonly owner: string | undefined; readonly schema: string | undefined };

class UsageError extends Error {}

const USAGE = `usage:
  collections-audit verify [<export.jsonl>] --digests <digests.jsonl> --public-key <public.pem>... [--json]
  collections-audit export <stream-id> --ledger <digests.jsonl> --leaf-log <leaves.bin> [--digest <sequence>]   (DATABASE_URL)
  collections-audit keygen --private-key <file> --public-key <file>
  collections-audit runtime-role-sql --role <role> [--owner <owner>] [--schema <schema>]`;

export function parseCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  const flags = new Map<string, string>();
  const publicKeys: string[] = []; // --public-key may repeat (one per key after a rotation)
  const positional: string[] = [];
  const switches = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') switches.add('json');
    else if (arg.startsWith('--')) {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (arg === '--public-key') publicKeys.push(value);
      flags.set(arg.slice(2), value);
      i += 1;
    } else positional.push(arg);
  }
  const required = (flag: string): string => {
    const value = flags.get(flag);
    if (value === undefined) throw new UsageError(`--${flag} is required`);
    return value;
  };
  switch (name) {
    case 'verify': {
      if (positional.length > 1) throw new UsageError('verify takes at most one export file');
      const digests = required('digests');
      required('public-key');
      return { kind: 'verify', exportFile: positional[0], digests, publicKeys, json: switches.has('json') };
    }
    case 'export': {
      if (positional.length !== 1) throw new UsageError('export takes one stream id');
      const digest = flags.get('digest');
      if (digest !== undefined && !/^[1-9][0-9]*$/.test(digest)) throw new UsageError('--digest takes a digest sequence number');
      return { kind: 'export', streamId: positional[0]!, ledger: required('ledger'), leafLog: required('leaf-log'), digest: digest === undefined ? undefined : Number(digest) };
    }
    case 'keygen':
      return { kind: 'keygen', privateKey: required('private-key'), publicKey: required('public-key') };
    case 'runtime-role-sql':
      return { kind: 'runtime-role-sql', role: required('role'), owner: flags.get('owner'), schema: flags.get('schema') };
    default:
      throw new UsageError(name === undefined ? 'no command' : `unknown command ${name}`);
  }
}

async function run(command: Command): Promise<number> {
  switch (command.kind) {
    case 'verify': {
      const result = verifyAuditExport({
        ...(command.exportFile === undefined ? {} : { exportText: await readFile(command.exportFile, 'utf8') }),
        digestsText: await readFile(command.digests, 'utf8'),
        publicKeyPem: await Promise.all(command.publicKeys.map((file) => readFile(file, 'utf8'))),
      });
      process.stdout.write(`${command.json ? JSON.stringify(result, null, 2) : formatVerification(result)}\n`);
      return result.ok ? 0 : 1;
    }
    case 'export': {
      const driver = NodePostgresDriver.create(process.env['DATABASE_URL'] ? { connectionString: process.env['DATABASE_URL'], max: 2 } : { max: 2 });
      try {
        const exporter = new AuditExporter({ db: driver, ledger: new FileDigestAnchor(command.ledger), leafLog: new FileLeafLog(command.leafLog) });
        const lines = await exporter.exportStream(command.streamId, command.digest === undefined ? {} : { digestSequence: command.digest });
        process.stdout.write(toJsonLines(lines));
        return 0;
      } finally {
        await driver.close();
      }
    }
    case 'keygen': {
      const { keyId } = await generateDigestSigningKeyFiles(command.privateKey, command.publicKey);
      process.stdout.write(`key ${keyId}: private key in ${command.privateKey} (keep it off the database host), public key in ${command.publicKey}\n`);
      return 0;
    }
    case 'runtime-role-sql': {
      let sql: string;
      try {
        sql = runtimeRoleGrantsSql({ role: command.role, ...(command.owner ? { owner: command.owner } : {}), ...(command.schema ? { schema: command.schema } : {}) });
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      process.stdout.write(sql);
      return 0;
    }
  }
}

export async function main(): Promise<void> {
  let command: Command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`collections-audit: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await run(command);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`collections-audit: ${error.message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`collections-audit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
