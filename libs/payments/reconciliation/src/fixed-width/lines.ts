/** One physical line of a file, numbered from 1, without its line break. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** How the bytes of a return file are text: FEBRABAN files are ISO-8859-1; some banks send UTF-8. */
export type FileEncoding = 'latin1' | 'utf8';

/**
 * Bytes to text. Without an explicit encoding, bytes that are valid UTF-8 and not
 * plain ASCII are read as UTF-8, anything else as ISO-8859-1 (a Latin-1 file with
 * accents is practically never valid UTF-8, so the guess is safe both ways).
 */
export function decodeText(content: string | Uint8Array, encoding?: FileEncoding): string {
  if (typeof content === 'string') return content;
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const chosen = encoding ?? (isAscii(bytes) || !isUtf8(bytes) ? 'latin1' : 'utf8');
  return bytes.toString(chosen);
}

function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits text into numbered lines, accepting CRLF, LF and a mix of both. Blank lines
 * at the very end (a final line break, an old DOS end-of-file Ctrl-Z) are not lines;
 * a blank line in the middle is, and its reader rejects it.
 */
export function* splitLines(text: string): Generator<NumberedLine> {
  const splitter = new LineSplitter();
  yield* splitter.push(text);
  yield* splitter.end();
}

/**
 * The same over chunks arriving one by one (a stream of Buffers or strings): memory
 * stays at one chunk plus one partial line however long the file. Latin-1 chunks
 * decode byte by byte; UTF-8 ones through a streaming decoder, so a character split
 * across two chunks is kept whole.
 */
export async function* streamLines(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, encoding: FileEncoding = 'latin1'): AsyncGenerator<NumberedLine> {
  const splitter = new LineSplitter();
  const utf8 = encoding === 'utf8' ? new TextDecoder('utf-8') : undefined;
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : utf8 ? utf8.decode(chunk, { stream: true }) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    yield* splitter.push(text);
  }
  if (utf8) yield* splitter.push(utf8.decode());
  yield* splitter.end();
}

class LineSplitter {
  private partial = '';
  private next = 1;
  /** Blank lines seen but not yet given out: only a later non-blank line makes them lines. */
  private blanks = 0;
  private started = false;

  *push(text: string): Generator<NumberedLine> {
    let chunk = this.partial + text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // a byte-order mark is not data
    }
    let from = 0;
    for (let at = chunk.indexOf('\n', from); at >= 0; at = chunk.indexOf('\n', from)) {
      const end = at > from && chunk.charCodeAt(at - 1) === 13 ? at - 1 : at;
      yield* this.emit(chunk.slice(from, end));
      from = at + 1;
    }
    this.partial = chunk.slice(from);
  }

  *end(): Generator<NumberedLine> {
    const last = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
    this.partial = '';
    if (last.length > 0) yield* this.emit(last);
  }

  private *emit(text: string): Generator<NumberedLine> {
    if (text.length === 0 || text === '\u001a') {
      this.blanks++;
      return;
    }
    for (; this.blanks > 0; this.blanks--) yield { line: this.next++, text: '' };
    yield { line: this.next++, text };
  }
}
