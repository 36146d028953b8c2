import fc from 'fast-check';
import { Money, parseDecimalRate } from '@collections/shared-kernel';
import { addDays, addMonthsClamped } from '../calendar';
import { NEGOTIATION_BUCKETS, parseNegotiationPolicy, type NegotiationBucket } from '../policy/negotiation-policy';
import { computeOffer, type OfferInput, type OfferRole } from './compute-offer';
import { shareOf } from './installment-schedule';

/**
 * 100,000 random plans: balances from a centavo to R$ 15 million, every bucket, both
 * tables, rates from 0 to 10% a month, 1 to 130 installments, down payments, discounts
 * and incomes drawn at random. Whatever is offered must hold, to the centavo:
 *
 * - the schedule adds up exactly to the offer's total;
 * - the total is never above the balance as of the date (CDC art. 42);
 * - every installment is positive and at least the policy minimum, except the down
 *   payment (it has its own minimum) and a cash payment (not an installment);
 * - with a declared income, no monthly installment above the affordability share
 *   (the down payment, due at once, is not a monthly commitment);
 * - discounts within the policy's ceilings, late fee and interest before principal;
 * - due dates monthly from the first, clamped to the end of shorter months.
 */
const RUNS = 100_000;

const rate = (maxThousandths: number) => fc.integer({ min: 0, max: maxThousandths }).map((n) => (n / 1000).toFixed(3));
const centavos = (max: number) => fc.integer({ min: 0, max });
// any day from 2020 to 2035, month ends (the 29th to the 31st) drawn often: they test the clamping
const date = fc.oneof(
  fc.integer({ min: 0, max: 5_843 }).map((n) => addDays('2020-01-01', n)),
  fc.record({ month: fc.integer({ min: 0, max: 191 }), back: fc.integer({ min: 1, max: 3 }) }).map(({ month, back }) => addDays(addMonthsClamped('2020-02-01', month), -back)),
);

const ruleArbitrary = fc.record({
  maxChargesDiscount: rate(1000),
  maxPrincipalDiscount: fc.oneof(fc.constant('0'), rate(500)),
  agentDiscountLimit: rate(1000),
  maxInstallments: fc.integer({ min: 1, max: 120 }),
  minInstallment: centavos(50_000),
  downRate: rate(500),
  downMin: centavos(100_000),
  monthlyInterestRate: fc.integer({ min: 0, max: 1000 }).map((n) => (n / 10_000).toFixed(4)),
  amortization: fc.constantFrom('price' as const, 'sac' as const),
});

const caseArbitrary = fc
  .record({
    bucket: fc.constantFrom(...NEGOTIATION_BUCKETS),
    rule: ruleArbitrary,
    affordability: rate(1000),
    minimumIncomeKept: centavos(200_000),
    // large, ordinary and tiny balances (a few centavos split in installments is where rounding bites)
    principal: fc.oneof(centavos(1_000_000_000), centavos(200_000), centavos(500)),
    interest: fc.oneof(centavos(500_000_000), centavos(50_000), centavos(100)),
    lateFee: fc.oneof(centavos(20_000_000), centavos(100)),
    asOf: date,
    role: fc.constantFrom<OfferRole>('agent', 'supervisor', 'self-service'),
    income: fc.option(fc.oneof(centavos(5_000_000), centavos(100_000_000)), { nil: undefined, freq: 2 }),
    overIndebted: fc.boolean(),
    cash: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    // mostly within the policy's maximum (a share of it), sometimes anything up to 130
    count: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 1000 }).map((share) => -share), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 130 }), weight: 1 }),
    firstDueIn: fc.integer({ min: 0, max: 60 }),
    downShare: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined, freq: 2 }),
    // a discount asked as a share of the late fee and interest (mostly within a ceiling), or of the whole balance
    discount: fc.option(fc.record({ of: fc.constantFrom('charges', 'charges', 'charges', 'balance'), share: fc.integer({ min: 0, max: 1000 }) }), {
      nil: undefined,
      freq: 2,
    }),
    requestAmortization: fc.option(fc.constantFrom('price' as const, 'sac' as const), { nil: undefined }),
  })
  .filter((c) => c.principal + c.interest + c.lateFee > 0);

type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

function inputOf(c: Case): OfferInput {
  const policy = parseNegotiationPolicy({
    tenantId: 'banco-azul',
    version: 7,
    affordabilityIncomeShare: c.affordability,
    overIndebtedness: { maxMonths: 60, minimumIncomeKept: Money.of(c.minimumIncomeKept) },
    rules: [
      {
        bucket: c.bucket,
        segment: 'default',
        maxChargesDiscount: c.rule.maxChargesDiscount,
        maxPrincipalDiscount: c.rule.maxPrincipalDiscount,
        agentDiscountLimit: c.rule.agentDiscountLimit,
        maxInstallments: c.rule.maxInstallments,
        minInstallment: Money.of(c.rule.minInstallment),
        downPayment: { minRate: c.rule.downRate, minAmount: Money.of(c.rule.downMin) },
        monthlyInterestRate: c.rule.monthlyInterestRate,
        amortization: c.rule.amortization,
      },
    ],
  });
  const total = c.principal + c.interest + c.lateFee;
  const base = c.discount?.of === 'balance' ? total : c.interest + c.lateFee;
  const discount = c.discount === undefined ? undefined : Money.of(Math.floor((base * c.discount.share) / 1000));
  const negotiatedGuess = total - (discount?.amount ?? 0);
  const overIndebted = c.overIndebted && c.income !== undefined;
  return {
    balance: { principal: Money.of(c.principal), interest: Money.of(c.interest), lateFee: Money.of(c.lateFee) },
    asOf: c.asOf,
    bucket: c.bucket as NegotiationBucket,
    segment: 'retail',
    policy,
    role: c.role,
    ...(c.income === undefined ? {} : { declaredIncome: Money.of(c.income) }),
    ...(overIndebted ? { overIndebted: true } : {}),
    request: c.cash
      ? { kind: 'cash', ...(discount ? { discount } : {}) }
      : {
          kind: 'installments',
          count: c.count > 0 ? c.count : Math.max(1, Math.ceil((c.rule.maxInstallments * -c.count) / 1000)),
          firstDueDate: addDays(c.asOf, c.firstDueIn),
          ...(discount ? { discount } : {}),
          ...(c.downShare === undefined ? {} : { downPayment: Money.of(Math.floor((negotiatedGuess * c.downShare) / 1000)) }),
          ...(c.requestAmortization ? { amortization: c.requestAmortization } : {}),
        },
  };
}

/** A cheap assertion: Jest's `expect` costs more than the offer itself, 100,000 times over. */
function ensure(condition: boolean, what: string, c: Case, detail: unknown = undefined): void {
  if (!condition) throw new Error(`${what}: ${JSON.stringify({ case: c, detail })}`);
}

function checkOffer(c: Case, input: OfferInput): string {
  const result = computeOffer(input);
  if (result.outcome === 'refused') return result.rule;
  const { terms, approval } = result;
  const rule = input.policy.rules[0]!;
  const amounts = terms.schedule.map((i) => i.amount.amount);
  const balance = c.principal + c.interest + c.lateFee;
  const sum = amounts.reduce((a, b) => a + b, 0);

  ensure(sum === terms.total.amount, 'the schedule adds up to the total', c, amounts);
  ensure(terms.total.amount <= balance, 'the total is never above the balance', c, terms.total);
  ensure(terms.total.amount === terms.negotiated.amount + terms.financingInterest.amount, 'total = negotiated + financing interest', c);
  ensure(terms.financingInterest.amount >= 0, 'financing interest is not negative', c);
  ensure(terms.negotiated.amount + terms.discount.total.amount === balance, 'negotiated + discount = balance', c);
  ensure(amounts.every((a) => Number.isSafeInteger(a) && a > 0), 'every amount is a positive integer of centavos', c, amounts);

  // discounts: within the ceilings, late fee before interest before principal
  const d = terms.discount;
  const charges = c.interest + c.lateFee;
  const chargesCeiling = shareOf(charges, parseDecimalRate(rule.maxChargesDiscount, 'x'));
  ensure(d.lateFee.amount + d.interest.amount <= chargesCeiling, 'charges discount within its ceiling', c, d);
  ensure(d.principal.amount <= shareOf(c.principal, parseDecimalRate(rule.maxPrincipalDiscount, 'x')), 'principal discount within its ceiling', c, d);
  if (d.interest.amount > 0) ensure(d.lateFee.amount === c.lateFee, 'late fee waived before interest', c, d);
  if (d.principal.amount > 0) ensure(d.lateFee.amount + d.interest.amount === chargesCeiling, 'charges waived before principal', c, d);
  if (approval.required) ensure(input.role === 'agent', 'only an agent asks for approval', c);

  if (terms.kind === 'installments') {
    const regular = terms.schedule.filter((i) => i.kind === 'installment');
    const request = input.request as Extract<OfferInput['request'], { kind: 'installments' }>;
    ensure(regular.length === request.count, 'as many installments as asked', c);
    regular.forEach((installment, k) => {
      ensure(installment.amount.amount >= rule.minInstallment.amount, 'installment at least the minimum', c, amounts);
      ensure(installment.dueDate === addMonthsClamped(request.firstDueDate, k), 'monthly due dates from the first', c, installment);
    });
    if (input.declaredIncome) {
      const affordable = shareOf(input.declaredIncome.amount, parseDecimalRate(input.policy.affordabilityIncomeShare, 'x'));
      regular.forEach((installment) => ensure(installment.amount.amount <= affordable, 'installment within affordability', c, amounts));
      if (input.overIndebted) {
        const available = input.declaredIncome.amount - input.policy.overIndebtedness.minimumIncomeKept.amount;
        regular.forEach((i) => ensure(i.amount.amount <= available, 'the minimum income is kept', c, amounts));
      }
    }
    ensure(request.count <= (input.overIndebted ? 60 : rule.maxInstallments), 'no more installments than allowed', c);
    // the Price table's installments are equal but for the last one, which absorbs the rounding
    if (terms.amortization === 'price' && regular.length > 1) {
      const first = regular[0]!.amount.amount;
      ensure(regular.slice(0, -1).every((i) => i.amount.amount === first), 'Price installments are equal', c, amounts);
      ensure(regular.at(-1)!.amount.amount >= first, 'the last Price installment absorbs the rounding', c, amounts);
    }
  }
  return terms.kind === 'cash' ? 'offer: cash' : `offer: ${terms.amortization}${terms.financingCapped ? ' (rate capped)' : ''}`;
}

describe('offers, as a property over 100,000 random plans', () => {
  it('sum exact to the centavo, never above the balance, each installment within the policy minimum and affordability', () => {
    const outcomes = new Map<string, number>();
    const started = performance.now();
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const outcome = checkOffer(c, inputOf(c));
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`[negotiation] ${RUNS} random plans checked in ${seconds.toFixed(1)} s; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}\n`);
    // enough of the runs must be offers (installments among them) for the property to mean something
    const offers = (prefix: string) => [...outcomes].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
    expect(offers('offer: price')).toBeGreaterThan(RUNS / 20);
    expect(offers('offer: sac')).toBeGreaterThan(RUNS / 20);
    expect(offers('offer')).toBeGreaterThan(RUNS / 5);
  }, 600_000);
});
