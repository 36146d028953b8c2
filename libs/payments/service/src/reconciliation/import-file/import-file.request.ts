import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';

export const importFileBody = z
  .object({
    /** The file's text: a CNAB 240 or CNAB 400 return (Itaú, Bradesco), or an OFX statement. */
    content: z.string().min(1).max(8_000_000),
  })
  .strict();

export interface ImportFileRequest {
  readonly content: string;
  readonly kind: 'ofx' | 'cnab';
}

export function parseImportFileRequest(input: unknown): ImportFileRequest {
  const { content } = parseInput(importFileBody, input);
  return { content, kind: /^\s*(OFXHEADER|<\?xml|<OFX>)/i.test(content) ? 'ofx' : 'cnab' };
}
