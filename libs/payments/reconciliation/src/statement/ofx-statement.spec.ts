import { BRAZILIAN_OFX_SGML } from '../testing/itau-statement.ofx';
import { parseBrazilianAmount, parseOfxDate, parseOfxStatement } from './ofx-statement';

const account = { bankId: '0341', accountId: '0057123457' };

describe('parseOfxStatement', () => {
  it('reads the transactions of a Brazilian SGML 1.02 statement, amounts signed in centavos', () => {
    const { entries, rejections } = parseOfxStatement(Buffer.from(BRAZILIAN_OFX_SGML, 'latin1'));
    expect(rejections).toEqual([]);
    expect(entries).toEqual([
      {
        account,
        fitId: '202611270001',
        postedOn: '2026-11-27',
        postedAt: '2026-11-27T15:00:00.000Z',
        amount: { amount: 123456, currency: 'BRL' },
        type: 'CREDIT',
        memo: 'PIX RECEBIDO',
        name: 'JOSÉ DA CONCEIÇÃO',
        line: 39,
      },
      {
        account,
        fitId: '202611270002',
        postedOn: '2026-11-27',
        postedAt: '2026-11-27T03:00:00.000Z',
        amount: { amount: -1000, currency: 'BRL' },
        type: 'DEBIT',
        memo: 'TAR PACOTE SERVIÇOS',
        name: '',
        line: 48,
      },
      {
        account,
        fitId: '202611260001',
        postedOn: '2026-11-26',
        amount: { amount: 8990, currency: 'BRL' },
        type: 'CREDIT',
        memo: 'TED RECEBIDA 237 0001 MERCEARIA SAO JOAO',
        name: '',
        line: 55,
      },
    ]);
  });

  it('reports a transaction whose amount or date does not read, and keeps the others', () => {
    const broken = BRAZILIAN_OFX_SGML.replace('<TRNAMT>-10,00', '<TRNAMT>-10,OO').replace('<DTPOSTED>20261126', '<DTPOSTED>20260231');
    const { entries, rejections } = parseOfxStatement(broken);
    expect(rejections).toEqual([
      { line: 48, field: 'TRNAMT', reason: 'is not an amount: "-10,OO"' },
      { line: 55, field: 'DTPOSTED', reason: 'is not a date of the calendar: "20260231"' },
    ]);
    expect(entries.map((e) => e.fitId)).toEqual(['202611270001']);
  });

  it('reads a statement with a single transaction (ofx-js then gives an object, not a list)', () => {
    const single = BRAZILIAN_OFX_SGML.replace(/<STMTTRN>\r\n<TRNTYPE>DEBIT[\s\S]*?<\/STMTTRN>\r\n<STMTTRN>[\s\S]*?<\/STMTTRN>\r\n/, '');
    expect(parseOfxStatement(single).entries.map((e) => e.fitId)).toEqual(['202611270001']);
  });

  it('reads a UTF-8 OFX when its header says so', () => {
    const utf8 = BRAZILIAN_OFX_SGML.replace('CHARSET:1252', 'CHARSET:UTF-8');
    expect(parseOfxStatement(Buffer.from(utf8, 'utf8')).entries[0]!.name).toBe('JOSÉ DA CONCEIÇÃO');
  });

  it('refuses a file that is not OFX', () => {
    expect(parseOfxStatement('hello').rejections).toEqual([{ line: 1, field: 'OFX', reason: expect.stringMatching(/^(does not parse|has no <OFX> element)/) }]);
  });
});

describe('parseBrazilianAmount', () => {
  it.each([
    ['-10,00', -1000],
    ['1.234,56', 123456],
    ['1234,56', 123456],
    ['1234.56', 123456],
    ['1,234.56', 123456],
    ['+89,9', 8990],
    ['1.234.567,00', 123456700],
    ['1.234.567', 123456700],
    ['0,01', 1],
    ['150', 15000],
    ['-0,50', -50],
    ['10,5000', 1050],
  ])('reads "%s" as %i centavos', (text, centavos) => {
    expect(parseBrazilianAmount(text)).toBe(centavos);
  });

  it.each([
    ['1.000', 'is ambiguous'],
    ['10,005', 'is ambiguous'],
    ['10,0051', 'has a fraction of a centavo'],
    ['1.23.456,00', 'has misplaced thousands separators'],
    ['12,34,56', 'has misplaced thousands separators'],
    ['R$ 10,00', 'is not an amount'],
    ['', 'is not an amount'],
    ['1e3', 'is not an amount'],
  ])('refuses "%s": %s', (text, reason) => {
    expect(parseBrazilianAmount(text)).toEqual({ reason: expect.stringContaining(reason) });
  });
});

describe('parseOfxDate', () => {
  it.each([
    ['20261127120000[-3:BRT]', '2026-11-27', '2026-11-27T15:00:00.000Z'],
    ['20261127230000[-03:BRT]', '2026-11-27', '2026-11-28T02:00:00.000Z'],
    ['20261127120000.000[-3]', '2026-11-27', '2026-11-27T15:00:00.000Z'],
    ['20261127120000', '2026-11-27', '2026-11-27T12:00:00.000Z'],
    ['202611271200', '2026-11-27', '2026-11-27T12:00:00.000Z'],
  ])('reads %s as the local day %s and the instant %s', (text, date, instant) => {
    expect(parseOfxDate(text)).toEqual({ date, instant });
  });

  it('reads a date without a time as the day alone', () => {
    expect(parseOfxDate('20261127')).toEqual({ date: '2026-11-27' });
  });

  it.each(['20260230', '2026-11-27', '20261127250000[-3:BRT]', '20261127120000[-3:BRT', '20261127120000[-23:XYZ]'])('refuses %s', (text) => {
    expect(parseOfxDate(text)).toEqual({ reason: expect.any(String) });
  });
});
