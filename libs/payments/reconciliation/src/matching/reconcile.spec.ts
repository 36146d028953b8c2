import fc from 'fast-check';
import { ValidationError } from '@collections/shared-kernel';
import { brl, charge, pix, settlement, statementCredit } from '../testing/entries.fixtures';
import { occurrenceOf } from '../return-file/occurrences';
import { entryKey, reconcile, type Charge, type ReconcilableEntry } from './reconcile';

describe('reconcile', () => {
  describe('matching', () => {
    it('matches a boleto settlement to the charge with its nosso número, leading zeros aside', () => {
      const entry = settlement({ nossoNumero: '00012345', amountPaid: brl(15000) });
      const result = reconcile([entry], [charge({ chargeId: 'c-1', nossoNumero: '12345', amount: brl(15000) })]);
      expect(result.matched).toEqual([{ key: entryKey(entry), chargeId: 'c-1', method: 'nosso-numero', amount: brl(15000), entry }]);
      expect(result.unmatched).toEqual([]);
      expect(result.amountDifferences).toEqual([]);
    });

    it('does not match a nosso número issued by another bank when the charge names its bank', () => {
      const entry = settlement({ bank: '341', nossoNumero: '12345', amountPaid: brl(15000) });
      const result = reconcile([entry], [charge({ chargeId: 'c-1', bank: '001', nossoNumero: '12345', amount: brl(15000) })]);
      expect(result.unmatched.map((u) => u.reason)).toEqual(['unknown-nosso-numero']);
    });

    it('leaves a settlement with an unknown nosso número unmatched instead of guessing by amount', () => {
      const entry = settlement({ nossoNumero: '99999', amountPaid: brl(15000) });
      const result = reconcile([entry], [charge({ chargeId: 'c-1', nossoNumero: '12345', amount: brl(15000) })]);
      expect(result.matched).toEqual([]);
      expect(result.unmatched).toEqual([{ key: entryKey(entry), reason: 'unknown-nosso-numero', amount: brl(15000), entry }]);
    });

    it('matches a PIX credit to the charge with its txid', () => {
      const credit = pix({ endToEndId: 'E00000000202611271200abcdef123456', txid: 'tx-7f3a', amount: brl(9990) });
      const result = reconcile([credit], [charge({ chargeId: 'c-1', amount: brl(9990) }), charge({ chargeId: 'c-2', txid: 'tx-7f3a', amount: brl(9990) })]);
      expect(result.matched.map((m) => [m.chargeId, m.method])).toEqual([['c-2', 'txid']]);
    });

    it('leaves a PIX credit with an unknown txid unmatched', () => {
      const result = reconcile([pix({ endToEndId: 'E1', txid: 'nope', amount: brl(9990) })], [charge({ chargeId: 'c-1', amount: brl(9990) })]);
      expect(result.unmatched.map((u) => u.reason)).toEqual(['unknown-txid']);
    });

    it('matches a credit with no identifier to the charge of the same amount due nearest its day, within the window', () => {
      const ted = statementCredit({ fitId: 'f-1', amount: brl(8990), postedOn: '2026-11-26' });
      const result = reconcile(
        [ted],
        [
          charge({ chargeId: 'far', amount: brl(8990), dueDate: '2026-11-20' }),
          charge({ chargeId: 'near', amount: brl(8990), dueDate: '2026-11-25' }),
          charge({ chargeId: 'other-amount', amount: brl(8991), dueDate: '2026-11-26' }),
        ],
      );
      expect(result.matched.map((m) => [m.chargeId, m.method])).toEqual([['near', 'amount-and-date']]);
    });

    it('leaves a credit unmatched when no charge of its amount is due within the window', () => {
      const result = reconcile([statementCredit({ fitId: 'f-1', amount: brl(8990), postedOn: '2026-11-27' })], [charge({ chargeId: 'c-1', amount: brl(8990), dueDate: '2026-11-23' })], {
        dateWindowDays: 3,
      });
      expect(result.unmatched.map((u) => u.reason)).toEqual(['no-charge-in-window']);
    });

    it('refuses to choose between two charges equally near, and names both', () => {
      const result = reconcile(
        [statementCredit({ fitId: 'f-1', amount: brl(5000), postedOn: '2026-11-27' })],
        [charge({ chargeId: 'b', amount: brl(5000), dueDate: '2026-11-26' }), charge({ chargeId: 'a', amount: brl(5000), dueDate: '2026-11-28' })],
      );
      expect(result.matched).toEqual([]);
      expect(result.unmatched).toEqual([expect.objectContaining({ reason: 'ambiguous', candidates: ['b', 'a'] })]);
    });

    it('does not give a charge already paid to a second credit of the same amount', () => {
      const result = reconcile(
        [statementCredit({ fitId: 'f-1', amount: brl(5000) }), statementCredit({ fitId: 'f-2', amount: brl(5000) })],
        [charge({ chargeId: 'c-1', amount: brl(5000) })],
      );
      expect(result.matched.map((m) => m.key)).toEqual([expect.stringContaining(':f-1:')]);
      expect(result.unmatched.map((u) => u.reason)).toEqual(['no-charge-in-window']);
    });

    it('ignores what is not a credit: a debit, an entry confirmed, a write-off', () => {
      const result = reconcile(
        [
          statementCredit({ fitId: 'f-1', amount: brl(-1000) }),
          settlement({ nossoNumero: '1', amountPaid: brl(0), occurrence: occurrenceOf('cnab240', '02') }),
          settlement({ nossoNumero: '2', amountPaid: brl(0), occurrence: occurrenceOf('cnab400-itau', '09') }),
        ],
        [],
      );
      expect(result.ignored.map((i) => i.reason)).toEqual([
        'not a credit: a debit of the statement',
        'not a credit: occurrence 02 (entry-confirmed)',
        'not a credit: occurrence 09 (written-off)',
      ]);
      expect(result.matched).toEqual([]);
      expect(result.unmatched).toEqual([]);
    });
  });

  describe('amount differences', () => {
    it('reports an under-payment', () => {
      const result = reconcile([settlement({ nossoNumero: '1', amountPaid: brl(14000) })], [charge({ chargeId: 'c-1', nossoNumero: '1', amount: brl(15000) })]);
      expect(result.amountDifferences).toEqual([
        { chargeId: 'c-1', kind: 'under', charged: brl(15000), paid: brl(14000), difference: brl(-1000), interestPaid: brl(0), keys: [result.matched[0]!.key] },
      ]);
    });

    it('reports an over-payment with the interest the bank says was in it', () => {
      const result = reconcile([settlement({ nossoNumero: '1', amountPaid: brl(15345), interestPaid: brl(345) })], [charge({ chargeId: 'c-1', nossoNumero: '1', amount: brl(15000) })]);
      expect(result.amountDifferences).toEqual([expect.objectContaining({ kind: 'over', difference: brl(345), interestPaid: brl(345) })]);
    });

    it('adds up two payments of one charge: a boleto paid twice is an over-payment, never lost', () => {
      const first = settlement({ nossoNumero: '1', amountPaid: brl(15000), paidOn: '2026-11-26' });
      const second = settlement({ nossoNumero: '1', amountPaid: brl(15000), paidOn: '2026-11-27' });
      const result = reconcile([first, second], [charge({ chargeId: 'c-1', nossoNumero: '1', amount: brl(15000) })]);
      expect(result.matched).toHaveLength(2);
      expect(result.amountDifferences).toEqual([expect.objectContaining({ chargeId: 'c-1', kind: 'over', paid: brl(30000), keys: [entryKey(first), entryKey(second)] })]);
    });
  });

  describe('duplicates', () => {
    it('reports the same entry seen twice in one import, and counts it once', () => {
      const entry = settlement({ nossoNumero: '1', amountPaid: brl(15000) });
      const result = reconcile([entry, { ...entry, line: 9 }], [charge({ chargeId: 'c-1', nossoNumero: '1', amount: brl(15000) })]);
      expect(result.matched).toHaveLength(1);
      expect(result.duplicates).toEqual([{ key: entryKey(entry), of: 'same-import', entry: { ...entry, line: 9 } }]);
      expect(result.amountDifferences).toEqual([]);
    });

    it('reports an entry already imported as a duplicate of the prior import', () => {
      const entry = pix({ endToEndId: 'E1', txid: 't', amount: brl(100) });
      const result = reconcile([entry], [charge({ chargeId: 'c-1', txid: 't', amount: brl(100) })], { priorKeys: new Set(['pix:E1']) });
      expect(result.duplicates).toEqual([{ key: 'pix:E1', of: 'prior', entry }]);
      expect(result.matched).toEqual([]);
      expect(result.keys).toEqual([]);
    });
  });

  it('refuses charges with the same id, nosso número or txid twice', () => {
    expect(() =>
      reconcile(
        [],
        [
          charge({ chargeId: 'c-1', nossoNumero: '001', txid: 't', amount: brl(1) }),
          charge({ chargeId: 'c-1', nossoNumero: '1', txid: 't', amount: brl(1) }),
        ],
      ),
    ).toThrow(ValidationError);
  });

  describe('properties', () => {
    const entryArb: fc.Arbitrary<ReconcilableEntry> = fc.oneof(
      fc.record({ n: fc.integer({ min: 1, max: 20 }), cents: fc.integer({ min: 1, max: 5 }), day: fc.integer({ min: 20, max: 28 }), code: fc.constantFrom('06', '02', '09') }).map(({ n, cents, day, code }) =>
        settlement({ nossoNumero: String(n), amountPaid: brl(cents * 1000), paidOn: `2026-11-${day}`, occurrence: occurrenceOf('cnab240', code) }),
      ),
      fc.record({ id: fc.integer({ min: 1, max: 20 }), cents: fc.integer({ min: -2, max: 5 }), day: fc.integer({ min: 20, max: 28 }) }).map(({ id, cents, day }) =>
        statementCredit({ fitId: `f-${id}`, amount: brl(cents * 1000), postedOn: `2026-11-${day}` }),
      ),
      fc.record({ id: fc.integer({ min: 1, max: 20 }), tx: fc.integer({ min: 1, max: 25 }), cents: fc.integer({ min: 1, max: 5 }) }).map(({ id, tx, cents }) =>
        pix({ endToEndId: `E${id}`, txid: `t${tx}`, amount: brl(cents * 1000) }),
      ),
    );
    const chargesArb: fc.Arbitrary<Charge[]> = fc.uniqueArray(fc.integer({ min: 1, max: 25 }), { maxLength: 25 }).chain((ids) =>
      fc.tuple(...ids.map((id) => fc.record({ cents: fc.integer({ min: 1, max: 5 }), day: fc.integer({ min: 18, max: 30 }), withTxid: fc.boolean() }).map(({ cents, day, withTxid }) =>
        charge({ chargeId: `c-${id}`, nossoNumero: String(id), ...(withTxid ? { txid: `t${id}` } : {}), amount: brl(cents * 1000), dueDate: `2026-11-${day}` }),
      ))),
    );

    it('puts every entry in exactly one of matched, unmatched, duplicates and ignored', () => {
      fc.assert(
        fc.property(fc.array(entryArb, { maxLength: 40 }), chargesArb, (entries, charges) => {
          const r = reconcile(entries, charges);
          expect(r.matched.length + r.unmatched.length + r.duplicates.length + r.ignored.length).toBe(entries.length);
          expect(r.keys.length + r.duplicates.length).toBe(entries.length);
        }),
      );
    });

    it('re-importing the same entries changes nothing: all are duplicates of the prior import', () => {
      fc.assert(
        fc.property(fc.array(entryArb, { maxLength: 40 }), chargesArb, (entries, charges) => {
          const first = reconcile(entries, charges);
          const again = reconcile(entries, charges, { priorKeys: new Set(first.keys) });
          expect(again.matched).toEqual([]);
          expect(again.unmatched).toEqual([]);
          expect(again.ignored).toEqual([]);
          expect(again.amountDifferences).toEqual([]);
          expect(again.keys).toEqual([]);
          expect(again.duplicates).toHaveLength(entries.length);
        }),
      );
    });

    it('reading a file twice in one import gives the result of reading it once, plus duplicates', () => {
      fc.assert(
        fc.property(fc.array(entryArb, { maxLength: 30 }), chargesArb, (entries, charges) => {
          const once = reconcile(entries, charges);
          const twice = reconcile([...entries, ...entries], charges);
          expect(twice.matched).toEqual(once.matched);
          expect(twice.unmatched).toEqual(once.unmatched);
          expect(twice.amountDifferences).toEqual(once.amountDifferences);
          expect(twice.duplicates).toHaveLength(once.duplicates.length + entries.length);
        }),
      );
    });

    it('is deterministic: the order the charges come in changes nothing', () => {
      const byCharge = (r: ReturnType<typeof reconcile>) => ({ ...r, amountDifferences: [...r.amountDifferences].sort((a, b) => (a.chargeId < b.chargeId ? -1 : 1)) });
      fc.assert(
        fc.property(fc.array(entryArb, { maxLength: 40 }), chargesArb, (entries, charges) => {
          expect(byCharge(reconcile(entries, [...charges].reverse()))).toEqual(byCharge(reconcile(entries, charges)));
        }),
      );
    });
  });
});
