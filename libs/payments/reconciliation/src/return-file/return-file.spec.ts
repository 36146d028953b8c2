import fc from 'fast-check';
import { CNAB240_RETURN_LINES } from '../testing/cnab240.fixtures';
import { parseReturnFile, streamReturnFile, type ReturnFileEvent } from './return-file';

async function collect(events: AsyncIterable<ReturnFileEvent>): Promise<ReturnFileEvent[]> {
  const out: ReturnFileEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

function chunked(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes.length > 0 ? sizes[i % sizes.length]! : bytes.length;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('streamReturnFile', () => {
  const text = CNAB240_RETURN_LINES.join('\r\n') + '\r\n';

  it('gives the same header, entries and rejections as parsing the whole file, however the bytes are chunked', async () => {
    const whole = parseReturnFile(Buffer.from(text, 'latin1'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 8 }), async (sizes) => {
        const events = await collect(streamReturnFile(chunked(Buffer.from(text, 'latin1'), sizes)));
        expect(events.filter((e) => e.type === 'header').map((e) => e.header)).toEqual([whole.header]);
        expect(events.flatMap((e) => (e.type === 'entry' ? [e.entry] : []))).toEqual(whole.entries);
        expect(events.flatMap((e) => (e.type === 'rejection' ? [e.rejection] : []))).toEqual(whole.rejections);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps a UTF-8 character whole when a chunk boundary splits its bytes', async () => {
    const bytes = Buffer.from(text, 'utf8');
    const accent = bytes.indexOf(Buffer.from('É', 'utf8'));
    const events = await collect(streamReturnFile([bytes.subarray(0, accent + 1), bytes.subarray(accent + 1)], { encoding: 'utf8' }));
    const entries = events.flatMap((e) => (e.type === 'entry' ? [e.entry] : []));
    expect(entries[0]!.payerName).toBe('JOSÉ DA CONCEIÇÃO');
    expect(events.filter((e) => e.type === 'rejection')).toEqual([]);
  });

  it('reports an empty file', async () => {
    expect(await collect(streamReturnFile([]))).toEqual([{ type: 'rejection', rejection: { line: 1, field: 'file', reason: 'is empty' } }]);
    expect(parseReturnFile('').rejections).toEqual([{ line: 1, field: 'file', reason: 'is empty' }]);
  });

  it('refuses once, at its first line, a file of neither 240 nor 400 characters a line', () => {
    expect(parseReturnFile('abc\ndef\n').rejections).toEqual([{ line: 1, field: 'line', reason: 'has 3 characters: neither CNAB 240 nor CNAB 400' }]);
  });
});
