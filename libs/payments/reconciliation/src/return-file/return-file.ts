import { decodeText, splitLines, streamLines, type FileEncoding, type NumberedLine } from '../fixed-width/lines';
import { Cnab240Reader } from './cnab240.reader';
import { CNAB400_PROFILES, Cnab400Reader } from './cnab400.reader';
import type { LineRejection, ReturnEntry, ReturnFileHeader, ReturnFileReader, ReturnFileSink } from './return-entry';

export type ReturnFileEvent =
  | { readonly type: 'header'; readonly header: ReturnFileHeader }
  | { readonly type: 'entry'; readonly entry: ReturnEntry }
  | { readonly type: 'rejection'; readonly rejection: LineRejection };

export interface ReturnFileResult {
  readonly header: ReturnFileHeader | undefined;
  readonly entries: ReturnEntry[];
  readonly rejections: LineRejection[];
  /** Lines read (trailing blank lines excluded). */
  readonly lines: number;
}

export interface ReturnFileOptions {
  /** Text encoding of Buffer input; by default UTF-8 when the bytes are valid UTF-8, else ISO-8859-1. */
  readonly encoding?: FileEncoding;
}

/**
 * Picks the reader from the first line: 240 characters is CNAB 240 (one FEBRABAN
 * layout for every bank), 400 characters is CNAB 400, whose layout is the bank's own,
 * told by the bank code in the header (positions 77-79).
 */
function readerFor(first: NumberedLine, sink: ReturnFileSink): ReturnFileReader {
  if (first.text.length === 240) return new Cnab240Reader(sink);
  if (first.text.length === 400) {
    if (first.text.charAt(0) !== '0') return refusingReader(sink, 'fileHeader', 'a CNAB 400 file must start with its header (registro 0), which names the bank and so the layout');
    const bank = first.text.slice(76, 79);
    const profile = CNAB400_PROFILES[bank];
    if (profile) return new Cnab400Reader(profile, sink);
    return refusingReader(sink, 'bank', `no CNAB 400 return layout for bank "${bank}" (known: ${Object.keys(CNAB400_PROFILES).join(', ')})`);
  }
  return refusingReader(sink, 'line', `has ${first.text.length} characters: neither CNAB 240 nor CNAB 400`);
}

/** A file whose layout is unknown is refused once, at its first line, not line by line. */
function refusingReader(sink: ReturnFileSink, field: string, reason: string): ReturnFileReader {
  let refused = false;
  return {
    accept(line) {
      if (!refused) sink.reject({ line, field, reason });
      refused = true;
    },
    finish: () => undefined,
  };
}

/** Parses a whole return file (CNAB 240, or CNAB 400 of a known bank) held in memory. */
export function parseReturnFile(content: string | Uint8Array, options: ReturnFileOptions = {}): ReturnFileResult {
  let header: ReturnFileHeader | undefined;
  const entries: ReturnEntry[] = [];
  const rejections: LineRejection[] = [];
  const sink: ReturnFileSink = { header: (h) => (header = h), entry: (e) => entries.push(e), reject: (r) => rejections.push(r) };
  let reader: ReturnFileReader | undefined;
  let last = 0;
  for (const numbered of splitLines(decodeText(content, options.encoding))) {
    reader ??= readerFor(numbered, sink);
    reader.accept(numbered.line, numbered.text);
    last = numbered.line;
  }
  if (reader) reader.finish(last);
  else rejections.push({ line: 1, field: 'file', reason: 'is empty' });
  return { header, entries, rejections, lines: last };
}

/**
 * The same, over a stream of chunks (Buffers or strings): events come out as lines go
 * in, so a 100,000-line file is read with memory for one chunk, one line and the
 * open batch. Buffers are decoded as ISO-8859-1 unless told otherwise.
 */
export async function* streamReturnFile(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: ReturnFileOptions = {},
): AsyncGenerator<ReturnFileEvent> {
  const pending: ReturnFileEvent[] = [];
  const sink: ReturnFileSink = {
    header: (header) => pending.push({ type: 'header', header }),
    entry: (entry) => pending.push({ type: 'entry', entry }),
    reject: (rejection) => pending.push({ type: 'rejection', rejection }),
  };
  let reader: ReturnFileReader | undefined;
  let last = 0;
  for await (const numbered of streamLines(chunks, options.encoding ?? 'latin1')) {
    reader ??= readerFor(numbered, sink);
    reader.accept(numbered.line, numbered.text);
    last = numbered.line;
    if (pending.length > 0) yield* pending.splice(0);
  }
  if (reader) reader.finish(last);
  else sink.reject({ line: 1, field: 'file', reason: 'is empty' });
  yield* pending.splice(0);
}
