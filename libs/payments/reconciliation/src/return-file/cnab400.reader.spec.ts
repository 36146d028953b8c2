import { layoutProblem } from '../fixed-width/layout';
import { overwrite } from '../testing/cnab240.fixtures';
import {
  BRADESCO_HEADER,
  BRADESCO_RETURN_LINES,
  ITAU_HEADER,
  ITAU_RETURN_LINES,
  ITAU_SETTLED,
  ITAU_WRITTEN_OFF,
  bradescoTrailer,
  itauTrailer,
} from '../testing/cnab400.fixtures';
import { CNAB400_LAYOUTS } from './cnab400.layout';
import { parseReturnFile } from './return-file';

const file = (lines: readonly string[]): Buffer => Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
const brl = (amount: number) => ({ amount, currency: 'BRL' });

describe('CNAB 400 layout tables', () => {
  it.each(CNAB400_LAYOUTS.map((l) => [l.source, l] as const))('%s covers positions 1-400 once, with no gap or overlap', (_, layout) => {
    expect(layoutProblem(layout)).toBeUndefined();
  });
});

describe('Itaú (341) CNAB 400 collection return', () => {
  it('reads the header', () => {
    const { header, rejections } = parseReturnFile(file(ITAU_RETURN_LINES));
    expect(rejections).toEqual([]);
    expect(header).toEqual({ bank: '341', layout: 'cnab400-itau', companyName: 'CREDORA EXEMPLO LTDA', generatedOn: '2026-11-28', fileSequence: 7 });
  });

  it('decodes every field of each detail, accents of an ISO-8859-1 file included', () => {
    const { entries } = parseReturnFile(file(ITAU_RETURN_LINES));
    expect(entries).toEqual([
      {
        bank: '341',
        layout: 'cnab400-itau',
        nossoNumero: '00012345',
        documentNumber: 'CTR-0001',
        occurrence: { code: '06', kind: 'settled', description: 'Liquidação normal' },
        faceValue: brl(20000),
        amountPaid: brl(20410),
        tariff: brl(180),
        interestPaid: brl(410),
        discount: brl(0),
        paidOn: '2026-11-27',
        creditedOn: '2026-11-30',
        payerName: 'ANTÔNIO GONÇALVES',
        line: 2,
      },
      {
        bank: '341',
        layout: 'cnab400-itau',
        nossoNumero: '00012346',
        documentNumber: 'CTR-0002',
        occurrence: { code: '09', kind: 'written-off', description: 'Baixa simples' },
        faceValue: brl(7550),
        amountPaid: brl(0),
        tariff: brl(0),
        interestPaid: brl(0),
        discount: brl(0),
        paidOn: '2026-11-26',
        payerName: 'MARIA DAS GRAÇAS',
        line: 3,
      },
    ]);
  });

  const withLine = (index: number, replacement: string) => file(ITAU_RETURN_LINES.map((l, i) => (i === index ? replacement : l)));

  it('rejects a DDMMAA date that is not on the calendar (31/02), keeping the other detail', () => {
    const { entries, rejections } = parseReturnFile(withLine(1, overwrite(ITAU_SETTLED, 111, '310226')));
    expect(rejections).toEqual([{ line: 2, field: 'occurredOn', reason: 'is not a date DDMMAA: "310226"' }]);
    expect(entries.map((e) => e.line)).toEqual([3]);
  });

  it('rejects letters in an amount field', () => {
    const { entries, rejections } = parseReturnFile(withLine(2, overwrite(ITAU_WRITTEN_OFF, 153, '00000000075,5')));
    expect(rejections).toEqual([{ line: 3, field: 'faceValue', reason: 'must be digits (two implied decimals), found "00000000075,5"' }]);
    expect(entries.map((e) => e.line)).toEqual([2]);
  });

  it('rejects a line of the wrong length', () => {
    const { entries, rejections } = parseReturnFile(withLine(2, ITAU_WRITTEN_OFF + ' '));
    expect(rejections).toEqual([{ line: 3, field: 'line', reason: 'has 401 characters, CNAB 400 has 400' }]);
    expect(entries).toHaveLength(1);
  });

  it('rejects an unknown record type; the trailer, which counted it as a detail, then disagrees too', () => {
    const { rejections } = parseReturnFile(withLine(2, overwrite(ITAU_WRITTEN_OFF, 1, '7')));
    expect(rejections).toEqual([
      { line: 3, field: 'recordType', reason: '"7" is not a record of this return (0, 1, 9)' },
      { line: 4, field: 'detailCount', reason: 'says 2 títulos, the file has 1' },
    ]);
  });

  it('rejects a record whose sequence number is not its place in the file', () => {
    const { rejections } = parseReturnFile(withLine(2, overwrite(ITAU_WRITTEN_OFF, 395, '000009')));
    expect(rejections).toEqual([{ line: 3, field: 'sequence', reason: 'is 9, the record is number 3 of the file' }]);
  });

  it('rejects a trailer whose count or total disagrees with the details', () => {
    expect(parseReturnFile(withLine(3, itauTrailer(3, 27550))).rejections).toEqual([{ line: 4, field: 'detailCount', reason: 'says 3 títulos, the file has 2' }]);
    expect(parseReturnFile(withLine(3, itauTrailer(2, 27500))).rejections).toEqual([{ line: 4, field: 'detailTotal', reason: 'says 275.00, the títulos of the file add up to 275.50' }]);
  });

  it('refuses once a file without its header: in CNAB 400 only the header tells the bank, and so the layout', () => {
    const { entries, rejections } = parseReturnFile(file(ITAU_RETURN_LINES.slice(1)));
    expect(rejections).toEqual([{ line: 1, field: 'fileHeader', reason: 'a CNAB 400 file must start with its header (registro 0), which names the bank and so the layout' }]);
    expect(entries).toEqual([]);
  });

  it('refuses a header that is not a return (REMESSA)', () => {
    const { rejections } = parseReturnFile(withLine(0, overwrite(ITAU_HEADER, 2, '1REMESSA')));
    expect(rejections[0]).toEqual({ line: 1, field: 'fileCode', reason: 'must be "2", found "1"' });
  });
});

describe('Bradesco (237) CNAB 400 collection return', () => {
  it('reads the header and decodes every field of each detail', () => {
    const { header, entries, rejections } = parseReturnFile(file(BRADESCO_RETURN_LINES));
    expect(rejections).toEqual([]);
    expect(header).toEqual({ bank: '237', layout: 'cnab400-bradesco', companyName: 'CREDORA EXEMPLO LTDA', generatedOn: '2026-11-28', fileSequence: 31 });
    expect(entries).toEqual([
      {
        bank: '237',
        layout: 'cnab400-bradesco',
        nossoNumero: '00000004242',
        documentNumber: 'CTR-0042',
        occurrence: { code: '06', kind: 'settled', description: 'Liquidação normal' },
        faceValue: brl(31000),
        amountPaid: brl(31620),
        tariff: brl(295),
        interestPaid: brl(620),
        discount: brl(0),
        paidOn: '2026-11-26',
        creditedOn: '2026-11-27',
        payerName: '',
        line: 2,
      },
      {
        bank: '237',
        layout: 'cnab400-bradesco',
        nossoNumero: '00000004243',
        documentNumber: 'CTR-0043',
        occurrence: { code: '10', kind: 'written-off', description: 'Baixado conforme instruções da agência' },
        faceValue: brl(4500),
        amountPaid: brl(0),
        tariff: brl(0),
        interestPaid: brl(0),
        discount: brl(0),
        paidOn: '2026-11-27',
        payerName: '',
        line: 3,
      },
    ]);
  });

  it('rejects a trailer whose total disagrees', () => {
    const lines = [...BRADESCO_RETURN_LINES.slice(0, 3), bradescoTrailer(2, 35501)];
    expect(parseReturnFile(file(lines)).rejections).toEqual([{ line: 4, field: 'detailTotal', reason: 'says 355.01, the títulos of the file add up to 355.00' }]);
  });

  it('refuses once a CNAB 400 file of a bank with no layout here', () => {
    const other = overwrite(BRADESCO_HEADER, 77, '104');
    expect(parseReturnFile(file([other, ...BRADESCO_RETURN_LINES.slice(1)])).rejections).toEqual([
      { line: 1, field: 'bank', reason: 'no CNAB 400 return layout for bank "104" (known: 237, 341)' },
    ]);
  });
});
