import { decodeText, splitLines } from './lines';

describe('splitLines', () => {
  const lines = (text: string) => [...splitLines(text)];

  it('numbers lines from 1 across CRLF and LF', () => {
    expect(lines('a\r\nb\nc')).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
    ]);
  });

  it('drops blank lines and a DOS end-of-file mark at the very end only', () => {
    expect(lines('a\n\nb\n\r\n\u001a')).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '' },
      { line: 3, text: 'b' },
    ]);
  });

  it('drops a byte-order mark', () => {
    expect(lines('\ufeffa\n')).toEqual([{ line: 1, text: 'a' }]);
  });
});

describe('decodeText', () => {
  it('reads Latin-1 bytes with accents as ISO-8859-1', () => {
    expect(decodeText(Buffer.from('CONCEIÇÃO', 'latin1'))).toBe('CONCEIÇÃO');
  });

  it('reads valid UTF-8 with accents as UTF-8', () => {
    expect(decodeText(Buffer.from('CONCEIÇÃO', 'utf8'))).toBe('CONCEIÇÃO');
  });

  it('follows an explicit encoding', () => {
    expect(decodeText(Buffer.from('CONCEIÇÃO', 'utf8'), 'latin1')).toBe('CONCEIÃ\u0087Ã\u0083O');
  });
});
