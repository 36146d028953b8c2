import { layoutProblem } from '../fixed-width/layout';
import {
  CNAB240_BATCH_HEADER_LINE,
  CNAB240_FILE_HEADER_LINE,
  CNAB240_RETURN_LINES,
  CNAB240_T_CONFIRMED,
  CNAB240_T_SETTLED,
  CNAB240_U_CONFIRMED,
  CNAB240_U_SETTLED,
  cnab240BatchTrailer,
  cnab240FileTrailer,
  overwrite,
} from '../testing/cnab240.fixtures';
import { CNAB240_LAYOUTS } from './cnab240.layout';
import { parseReturnFile } from './return-file';

const file = (lines: readonly string[], eol = '\r\n'): string => lines.join(eol) + eol;

describe('CNAB 240 layout tables', () => {
  it.each(CNAB240_LAYOUTS.map((l) => [l.source, l] as const))('%s covers positions 1-240 once, with no gap or overlap', (_, layout) => {
    expect(layoutProblem(layout)).toBeUndefined();
  });
});

describe('CNAB 240 collection return', () => {
  it('reads the file header: bank, company, generation date and file sequence (NSA)', () => {
    const { header, rejections } = parseReturnFile(file(CNAB240_RETURN_LINES));
    expect(rejections).toEqual([]);
    expect(header).toEqual({ bank: '001', layout: 'cnab240', companyName: 'CREDORA EXEMPLO LTDA', generatedOn: '2026-11-28', fileSequence: 42 });
  });

  it('makes one entry of each T+U pair, every field decoded', () => {
    const { entries } = parseReturnFile(file(CNAB240_RETURN_LINES));
    expect(entries).toEqual([
      {
        bank: '001',
        layout: 'cnab240',
        nossoNumero: '12345670000000001',
        documentNumber: 'CONTRATO-0001',
        occurrence: { code: '06', kind: 'settled', description: 'Liquidação' },
        faceValue: { amount: 15000, currency: 'BRL' },
        amountPaid: { amount: 15345, currency: 'BRL' },
        tariff: { amount: 250, currency: 'BRL' },
        interestPaid: { amount: 345, currency: 'BRL' },
        discount: { amount: 0, currency: 'BRL' },
        paidOn: '2026-11-27',
        creditedOn: '2026-11-30',
        payerName: 'JOSÉ DA CONCEIÇÃO',
        line: 3,
      },
      {
        bank: '001',
        layout: 'cnab240',
        nossoNumero: '12345670000000002',
        documentNumber: 'CONTRATO-0002',
        occurrence: { code: '02', kind: 'entry-confirmed', description: 'Entrada confirmada' },
        faceValue: { amount: 8990, currency: 'BRL' },
        amountPaid: { amount: 0, currency: 'BRL' },
        tariff: { amount: 100, currency: 'BRL' },
        interestPaid: { amount: 0, currency: 'BRL' },
        discount: { amount: 0, currency: 'BRL' },
        paidOn: '2026-11-25',
        // no date in the segment U: the batch header's credit date stands
        creditedOn: '2026-11-30',
        payerName: 'MERCEARIA SÃO JOÃO LTDA',
        line: 5,
      },
    ]);
  });

  it('decodes an ISO-8859-1 file with accents in names from a Buffer', () => {
    const bytes = Buffer.from(file(CNAB240_RETURN_LINES), 'latin1');
    expect(bytes.length).toBe(8 * 242); // one byte per character: really Latin-1, not UTF-8
    const { entries, rejections } = parseReturnFile(bytes);
    expect(rejections).toEqual([]);
    expect(entries.map((e) => e.payerName)).toEqual(['JOSÉ DA CONCEIÇÃO', 'MERCEARIA SÃO JOÃO LTDA']);
  });

  it('decodes the same file sent as UTF-8', () => {
    const { entries, rejections } = parseReturnFile(Buffer.from(file(CNAB240_RETURN_LINES), 'utf8'));
    expect(rejections).toEqual([]);
    expect(entries[0]!.payerName).toBe('JOSÉ DA CONCEIÇÃO');
  });

  it('accepts a mix of CRLF and LF line ends and blank lines at the end', () => {
    const mixed = CNAB240_RETURN_LINES.map((l, i) => l + (i % 2 === 0 ? '\r\n' : '\n')).join('') + '\r\n\n';
    const { entries, rejections, lines } = parseReturnFile(mixed);
    expect(rejections).toEqual([]);
    expect(entries).toHaveLength(2);
    expect(lines).toBe(8);
  });

  it('accepts a last line without a line break', () => {
    const { entries, rejections } = parseReturnFile(CNAB240_RETURN_LINES.join('\n'));
    expect(rejections).toEqual([]);
    expect(entries).toHaveLength(2);
  });

  describe('bad lines are reported and left out, the rest is returned', () => {
    const withLine = (index: number, replacement: string): string => file(CNAB240_RETURN_LINES.map((l, i) => (i === index ? replacement : l)));

    it('rejects a line of the wrong length, and the T it belonged to', () => {
      const { entries, rejections } = parseReturnFile(withLine(3, CNAB240_U_SETTLED.slice(0, 239)));
      expect(rejections).toEqual([
        { line: 3, field: 'segment', reason: 'its segment U (line 4) was rejected' },
        { line: 4, field: 'line', reason: 'has 239 characters, CNAB 240 has 240' },
      ]);
      expect(entries.map((e) => e.line)).toEqual([5]);
    });

    it('rejects a batch trailer of the wrong length once, without reporting its batch as unclosed', () => {
      const { entries, rejections } = parseReturnFile(withLine(6, cnab240BatchTrailer(6, 2, 23990).trimEnd()));
      expect(rejections).toEqual([{ line: 7, field: 'line', reason: 'has 115 characters, CNAB 240 has 240' }]);
      expect(entries).toHaveLength(2);
    });

    it('names the rejected T when its U follows a T of the wrong length', () => {
      const { rejections } = parseReturnFile(withLine(2, CNAB240_T_SETTLED + '  '));
      expect(rejections).toEqual([
        { line: 3, field: 'line', reason: 'has 242 characters, CNAB 240 has 240' },
        { line: 4, field: 'segment', reason: 'its segment T (line 3) was rejected' },
      ]);
    });

    it('rejects a date that is not on the calendar (31/02)', () => {
      const { entries, rejections } = parseReturnFile(withLine(3, overwrite(CNAB240_U_SETTLED, 138, '31022026')));
      expect(rejections).toEqual([
        { line: 3, field: 'segment', reason: 'its segment U (line 4) was rejected' },
        { line: 4, field: 'occurredOn', reason: 'is not a date DDMMAAAA: "31022026"' },
      ]);
      expect(entries.map((e) => e.nossoNumero)).toEqual(['12345670000000002']);
    });

    it('rejects letters in an amount field', () => {
      const { entries, rejections } = parseReturnFile(withLine(2, overwrite(CNAB240_T_SETTLED, 82, '0000000001500O0')));
      expect(rejections).toEqual([
        { line: 3, field: 'faceValue', reason: 'must be digits (two implied decimals), found "0000000001500O0"' },
        { line: 4, field: 'segment', reason: 'its segment T (line 3) was rejected' },
      ]);
      expect(entries.map((e) => e.line)).toEqual([5]);
    });

    it('rejects an unknown record type', () => {
      const { entries, rejections } = parseReturnFile(withLine(6, overwrite(cnab240BatchTrailer(6, 2, 23990), 8, '7')));
      expect(rejections).toEqual([
        { line: 7, field: 'recordType', reason: '"7" is not a record of a collection return (0, 1, 3, 5, 9)' },
        { line: 8, field: 'batchTrailer', reason: 'batch 0001 (line 2) has no trailer' },
      ]);
      expect(entries).toHaveLength(2);
    });

    it('rejects a segment other than T, U or Y', () => {
      const lines = [...CNAB240_RETURN_LINES];
      lines.splice(6, 0, overwrite(CNAB240_U_CONFIRMED, 14, 'Q'));
      const { rejections } = parseReturnFile(file([...lines.slice(0, 7), cnab240BatchTrailer(7, 2, 23990), cnab240FileTrailer(1, 9)]));
      expect(rejections).toEqual([{ line: 7, field: 'segment', reason: '"Q" is not a segment of a collection return (T, U, Y)' }]);
    });

    it('rejects a batch trailer whose record count disagrees, keeping the entries', () => {
      const { entries, rejections } = parseReturnFile(withLine(6, cnab240BatchTrailer(7, 2, 23990)));
      expect(rejections).toEqual([{ line: 7, field: 'recordCount', reason: 'says 7 records, the batch has 6' }]);
      expect(entries).toHaveLength(2);
    });

    it('rejects a batch trailer whose total disagrees with the títulos read', () => {
      const { rejections } = parseReturnFile(withLine(6, cnab240BatchTrailer(6, 2, 23991)));
      expect(rejections).toEqual([{ line: 7, field: 'simpleTotal', reason: 'says 239.91, the títulos of the batch add up to 239.90' }]);
    });

    it('rejects a batch trailer whose count of títulos disagrees', () => {
      const { rejections } = parseReturnFile(withLine(6, cnab240BatchTrailer(6, 3, 23990)));
      expect(rejections).toEqual([{ line: 7, field: 'simpleCount', reason: 'says 3 títulos, the batch has 2' }]);
    });

    it('rejects a file trailer whose counts disagree', () => {
      expect(parseReturnFile(withLine(7, cnab240FileTrailer(1, 9))).rejections).toEqual([{ line: 8, field: 'recordCount', reason: 'says 9 records, the file has 8' }]);
      expect(parseReturnFile(withLine(7, cnab240FileTrailer(2, 8))).rejections).toEqual([{ line: 8, field: 'batchCount', reason: 'says 2 batches, the file has 1' }]);
    });

    it('does not check the sum of a batch with a rejected título, whose rejection already explains it', () => {
      const { rejections } = parseReturnFile(withLine(4, overwrite(CNAB240_T_CONFIRMED, 74, '30022026')));
      expect(rejections).toEqual([
        { line: 5, field: 'dueDate', reason: 'is not a date DDMMAAAA: "30022026"' },
        { line: 6, field: 'segment', reason: 'its segment T (line 5) was rejected' },
      ]);
    });

    it('rejects a T whose U does not follow it', () => {
      const lines = [CNAB240_FILE_HEADER_LINE, CNAB240_BATCH_HEADER_LINE, CNAB240_T_SETTLED, CNAB240_T_CONFIRMED, CNAB240_U_CONFIRMED, cnab240BatchTrailer(5, 2, 23990), cnab240FileTrailer(1, 7)];
      const { entries, rejections } = parseReturnFile(file(lines));
      expect(rejections).toEqual([{ line: 3, field: 'segment', reason: 'segment T without its segment U on the next line' }]);
      expect(entries.map((e) => e.line)).toEqual([4]);
    });

    it('rejects a U whose sequence number does not follow its T', () => {
      const { rejections, entries } = parseReturnFile(withLine(3, overwrite(CNAB240_U_SETTLED, 9, '00009')));
      expect(rejections).toEqual([
        { line: 3, field: 'segment', reason: 'its segment U (line 4) was rejected' },
        { line: 4, field: 'sequence', reason: 'is 9, its segment T has 1' },
      ]);
      expect(entries).toHaveLength(1);
    });

    it('reports a file that ends without its trailer', () => {
      const { entries, rejections } = parseReturnFile(file(CNAB240_RETURN_LINES.slice(0, 7)));
      expect(entries).toHaveLength(2);
      expect(rejections).toEqual([{ line: 7, field: 'fileTrailer', reason: 'the file ends without its trailer (registro 9)' }]);
    });

    it('reports a file that does not start with its header once, and still reads its entries', () => {
      const { entries, rejections } = parseReturnFile(file([...CNAB240_RETURN_LINES.slice(1, 7), cnab240FileTrailer(1, 7)]));
      expect(rejections).toEqual([{ line: 1, field: 'fileHeader', reason: 'the file does not start with its header (registro 0)' }]);
      expect(entries).toHaveLength(2);
    });

    it('rejects a file header that is a remessa, not a retorno', () => {
      const { rejections } = parseReturnFile(withLine(0, overwrite(CNAB240_FILE_HEADER_LINE, 143, '1')));
      expect(rejections[0]).toEqual({ line: 1, field: 'fileCode', reason: 'must be "2", found "1"' });
    });

    it('rejects a blank line in the middle of the file', () => {
      const lines = [...CNAB240_RETURN_LINES];
      lines.splice(2, 0, '');
      const { rejections } = parseReturnFile(file(lines));
      expect(rejections[0]).toEqual({ line: 3, field: 'line', reason: 'has 0 characters, CNAB 240 has 240' });
    });
  });
});
