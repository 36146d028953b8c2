import { NotFoundProblem } from '@collections/shared-nest';
import { debtBody } from '../../testing/debtors-fixtures';
import { fieldsOf, violationsOf } from '../../testing/violations';
import { parseRegisterDebtRequest } from './register-debt.request';

// The edge of a registration: shape (zod), the format of every field, and the debt's rules
// on its terms (also the decider's, see debt.decider.spec.ts), all reported at once.

const DEBTOR_ID = '01900000-0000-7000-8000-0000000000a1';
const body = (overrides: Record<string, unknown> = {}) => debtBody(DEBTOR_ID, overrides);
const brl = (amount: number) => ({ amount, currency: 'BRL' });
const parse = (overrides: Record<string, unknown> = {}) => () => parseRegisterDebtRequest(body(overrides));
const messages = (overrides: Record<string, unknown>) => violationsOf(parse(overrides)).map((v) => `${v.field}: ${v.message}`);

describe('the request to register a debt', () => {
  it('gives typed terms: ids in lower case, the reference trimmed, the rates as given', () => {
    expect(parseRegisterDebtRequest(body({ debtorId: DEBTOR_ID.toUpperCase(), contractReference: '  CTR-1 ', monthlyInterestRate: '0.015' }))).toEqual({
      debtId: undefined,
      debtorId: DEBTOR_ID,
      contractReference: 'CTR-1',
      originalAmount: brl(150_000),
      dueDate: '2026-01-10',
      installments: undefined,
      lateFeeRate: '0.02',
      monthlyInterestRate: '0.015',
    });
  });

  it("takes the contract's order of imputation, each part once, and refuses another list naming the field", () => {
    expect(parseRegisterDebtRequest(body({ allocationOrder: ['lateFee', 'interest', 'principal'] })).allocationOrder).toEqual(['lateFee', 'interest', 'principal']);
    expect(parseRegisterDebtRequest(body()).allocationOrder).toBeUndefined();
    expect(messages({ allocationOrder: ['interest', 'principal'] })).toEqual(['allocationOrder: must name interest, lateFee and principal, each once, in the order payments pay them']);
  });

  it('takes an optional segment and portfolio, trimmed, and names the field of a bad one', () => {
    expect(parseRegisterDebtRequest(body({ segment: ' veiculos ', portfolio: 'lote-7' }))).toMatchObject({ segment: 'veiculos', portfolio: 'lote-7' });
    expect(parseRegisterDebtRequest(body()).segment).toBeUndefined();
    expect(messages({ segment: '', portfolio: 'p'.repeat(51) })).toEqual(['segment: must have 1-50 characters', 'portfolio: must have 1-50 characters']);
    expect(messages({ segment: 7 })).toEqual([expect.stringMatching(/^segment: /)]);
  });

  it('takes a late fee of 2% when none is given', () => {
    const { lateFeeRate: _none, ...withoutRate } = body();
    expect(parseRegisterDebtRequest(withoutRate).lateFeeRate).toBe('0.02');
  });

  it('answers an id that is not a UUID as an unknown resource (404), not as bad input', () => {
    expect(parse({ debtorId: 'not-an-id' })).toThrow(NotFoundProblem);
    expect(parse({ debtId: 'not-an-id' })).toThrow(NotFoundProblem);
  });

  it('names the field of a wrong type (the schema)', () => {
    expect(fieldsOf(parse({ originalAmount: '1500.00' }))).toEqual(['originalAmount']);
  });

  it('reports every invalid field at once', () => {
    expect(fieldsOf(parse({ contractReference: 'x'.repeat(101), dueDate: '2026-02-30', lateFeeRate: '2%', monthlyInterestRate: '-0.01' }))).toEqual([
      'contractReference',
      'dueDate',
      'lateFeeRate',
      'monthlyInterestRate',
    ]);
  });

  it.each(['', '   ', 'x'.repeat(101)])('rejects the contract reference %j (1-100 characters after trimming)', (contractReference) => {
    expect(messages({ contractReference })).toEqual(['contractReference: must have 1-100 characters']);
  });

  it.each(['2026-02-30', '10/01/2026', '2026-1-10'])('rejects the due date %j', (dueDate) => {
    expect(fieldsOf(parse({ dueDate }))).toEqual(['dueDate']);
  });

  it.each(['2%', '1e300', '9'.repeat(40), '-0.01', '0,02'])('rejects the rate %j: a non-negative decimal string', (rate) => {
    expect(fieldsOf(parse({ lateFeeRate: rate, monthlyInterestRate: rate }))).toEqual(['lateFeeRate', 'monthlyInterestRate']);
  });

  // the rules of the terms, here for one answer with every problem; the decider holds them too
  it.each(['0.021', '0.03', '1'])('rejects a late fee of %s, above 2% of the installment (CDC art. 52 §1)', (lateFeeRate) => {
    expect(messages({ lateFeeRate })).toEqual(['lateFeeRate: must not be above 2% (0.02) of the installment (CDC art. 52 §1)']);
  });

  it('rejects default interest above 10% a month', () => {
    expect(messages({ monthlyInterestRate: '0.11' })).toEqual(['monthlyInterestRate: must be at most 0.10 (10% a month)']);
  });

  it.each([
    [0, 'originalAmount.amount: must be greater than zero'],
    [-100, 'originalAmount.amount: must not be negative'],
    [10_000_000_000_001, 'originalAmount.amount: must be at most 10000000000000 centavos'],
  ])('rejects an original amount of %i centavos', (amount, message) => {
    expect(messages({ originalAmount: brl(amount) })).toEqual([message]);
  });

  it('rejects a due date before 1900 (the bound relative to today is the decider’s)', () => {
    expect(messages({ dueDate: '1899-12-31' })).toEqual(['dueDate: must not be before 1900-01-01']);
    expect(parseRegisterDebtRequest(body({ dueDate: '9999-12-31' })).dueDate).toBe('9999-12-31');
  });

  describe('a schedule of installments', () => {
    const three = [
      { number: 3, amount: brl(10_000), dueDate: '2026-03-10' },
      { number: 1, amount: brl(10_000), dueDate: '2026-01-10' },
      { number: 2, amount: brl(10_000), dueDate: '2026-02-10' },
    ];

    it('is taken in the order of its numbers when it adds up to the original amount', () => {
      expect(parseRegisterDebtRequest(body({ originalAmount: brl(30_000), installments: three })).installments?.map((i) => i.number)).toEqual([1, 2, 3]);
    });

    it('must not be empty when given', () => {
      expect(messages({ installments: [] })).toEqual(['installments: must be a non-empty list when given']);
    });

    it('must add up exactly to the original amount', () => {
      expect(messages({ originalAmount: brl(30_001), installments: three })).toEqual(['installments: must add up to originalAmount (300.01), they add up to 300.00']);
    });

    it('rejects a zero installment, a repeated number and an installment in another currency', () => {
      const installments = [
        { number: 1, amount: brl(20_000), dueDate: '2026-01-10' },
        { number: 1, amount: brl(0), dueDate: '2026-02-10' },
        { number: 2, amount: { amount: 100, currency: 'USD' }, dueDate: '2026-02-10' },
        { number: 1, amount: brl(1), dueDate: '2026-02-10' },
      ];
      expect(fieldsOf(parse({ originalAmount: brl(20_000), installments }))).toEqual(['installments[1].amount.amount', 'installments[2].amount.currency', 'installments[3].number']);
    });

    it('rejects a number below 1, a date that does not exist and one before 1900', () => {
      expect(fieldsOf(parse({ installments: [{ number: 1, amount: brl(150_000), dueDate: '2026-02-30' }] }))).toEqual(['installments[0].dueDate']);
      expect(messages({ installments: [{ number: 0, amount: brl(150_000), dueDate: '1899-01-10' }] })).toEqual([
        'installments[0].number: must be a positive integer',
        'installments[0].dueDate: must not be before 1900-01-01',
      ]);
    });

    it('rejects due dates that go backwards', () => {
      const installments = [
        { number: 1, amount: brl(75_000), dueDate: '2026-02-10' },
        { number: 2, amount: brl(75_000), dueDate: '2026-01-10' },
      ];
      expect(messages({ installments })).toEqual(['installments: installment 2 falls due before installment 1']);
    });
  });
});
