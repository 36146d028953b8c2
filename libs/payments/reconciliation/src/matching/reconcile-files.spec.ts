import { parseReturnFile } from '../return-file/return-file';
import { parseOfxStatement } from '../statement/ofx-statement';
import { CNAB240_RETURN_LINES } from '../testing/cnab240.fixtures';
import { ITAU_RETURN_LINES } from '../testing/cnab400.fixtures';
import { brl, charge } from '../testing/entries.fixtures';
import { BRAZILIAN_OFX_SGML } from '../testing/itau-statement.ofx';
import { reconcile } from './reconcile';

describe('reconciling files end to end', () => {
  const charges = [
    charge({ chargeId: 'bb-1', bank: '001', nossoNumero: '12345670000000001', amount: brl(15000), dueDate: '2026-11-25' }),
    charge({ chargeId: 'bb-2', bank: '001', nossoNumero: '12345670000000002', amount: brl(8990), dueDate: '2026-12-10' }),
    charge({ chargeId: 'itau-1', bank: '341', nossoNumero: '12345', amount: brl(20000), dueDate: '2026-11-25' }),
    charge({ chargeId: 'ted-1', amount: brl(8990), dueDate: '2026-11-25' }),
  ];

  it('matches the settlements of a CNAB 240 and a CNAB 400 return and the credits of an OFX statement', () => {
    const entries = [
      ...parseReturnFile(Buffer.from(CNAB240_RETURN_LINES.join('\r\n'), 'latin1')).entries,
      ...parseReturnFile(Buffer.from(ITAU_RETURN_LINES.join('\r\n'), 'latin1')).entries,
      ...parseOfxStatement(BRAZILIAN_OFX_SGML).entries,
    ];
    const result = reconcile(entries, charges);
    expect(result.matched.map((m) => [m.chargeId, m.method])).toEqual([
      ['bb-1', 'nosso-numero'],
      ['itau-1', 'nosso-numero'],
      // the TED of 89,90 on 26/11: bb-2 has the same amount but is due 10/12, out of the window
      ['ted-1', 'amount-and-date'],
    ]);
    // the PIX of 1.234,56 in the statement: no charge of that amount
    expect(result.unmatched.map((u) => [u.reason, u.amount.amount])).toEqual([['no-charge-in-window', 123456]]);
    expect(result.ignored.map((i) => i.reason)).toEqual([
      'not a credit: occurrence 02 (entry-confirmed)',
      'not a credit: occurrence 09 (written-off)',
      'not a credit: a debit of the statement',
    ]);
    expect(result.amountDifferences.map((d) => [d.chargeId, d.kind, d.difference.amount, d.interestPaid.amount])).toEqual([
      ['bb-1', 'over', 345, 345],
      ['itau-1', 'over', 410, 410],
    ]);
  });

  it('re-importing the same files is all duplicates and matches nothing again', () => {
    const entries = [...parseReturnFile(CNAB240_RETURN_LINES.join('\n')).entries, ...parseOfxStatement(BRAZILIAN_OFX_SGML).entries];
    const first = reconcile(entries, charges);
    const again = reconcile(entries, charges, { priorKeys: new Set(first.keys) });
    expect(again.duplicates).toHaveLength(entries.length);
    expect([again.matched, again.unmatched, again.ignored, again.amountDifferences]).toEqual([[], [], [], []]);
  });
});
