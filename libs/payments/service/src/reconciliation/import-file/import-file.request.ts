import { z } from 'zod';
import { ValidationError } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';

export const importFileBody = z
  .object({
    /** The file's text: a CNAB 240 or CNAB 400 return (Itaú, Bradesco), or an OFX statement. */
    content: z.string().min(1).max(100_000),
  })
  .strict();

/** A file sent as it is (text/plain or application/octet-stream) is read up to this size. */
export const RAW_FILE_LIMIT_BYTES = 20 * 1024 * 1024;

export interface ImportFileRequest {
  /** Text from a JSON body; bytes from a raw one (CNAB is ISO-8859-1 or UTF-8, told by the bytes). */
  readonly content: string | Uint8Array;
  readonly kind: 'ofx' | 'cnab';
}

function kindOf(head: string): 'ofx' | 'cnab' {
  return /^\s*(OFXHEADER|<\?xml|<OFX>)/i.test(head) ? 'ofx' : 'cnab';
}

/** A small file inside JSON: `{ "content": "<the file's text>" }` (at most 100,000 characters). */
export function parseImportFileRequest(input: unknown): ImportFileRequest {
  const { content } = parseInput(importFileBody, input);
  return { content, kind: kindOf(content.slice(0, 200)) };
}

/** A file as its own bytes (any size up to the limit): a return file does not have to fit a JSON string. */
export function parseRawImportFile(bytes: Uint8Array): ImportFileRequest {
  if (bytes.length === 0) throw ValidationError.of('body', 'the file is empty');
  if (bytes.includes(0)) throw ValidationError.of('body', 'a return file or statement is text: it holds no NUL byte');
  return { content: bytes, kind: kindOf(Buffer.from(bytes.subarray(0, 200)).toString('latin1')) };
}
