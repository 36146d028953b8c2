import {
  Money,
  ValidationError,
  assertNever,
  epochDay,
  parseDecimalRate,
  parseIsoDate,
  parseOneOf,
  type CurrencyCode,
  type IsoDate,
} from '@collections/shared-kernel';
import { addDays, addMonthsClamped } from '../calendar';
import type { NegotiationRuleCode } from '../negotiation-rule-code';
import { policyRuleFor, type Amortization, type NegotiationBucket, type NegotiationPolicy, type PolicyRule } from '../policy/negotiation-policy';
import { formatRate, installmentTableWithin, monthlyDueDates, shareOf, shareOfRoundedUp } from './installment-schedule';

/** The debt's balance as of the offer date, as the debtors context computes it. */
export interface BalanceAsOf {
  readonly principal: Money;
  readonly interest: Money;
  readonly lateFee: Money;
}

export type OfferRequest =
  | {
      readonly kind: 'cash';
      /** Default: the offer date. */
      readonly dueDate?: IsoDate;
      /** Total to waive; default: the most the role grants without approval. */
      readonly discount?: Money;
    }
  | {
      readonly kind: 'installments';
      /** Monthly installments after the down payment (entrada + count). */
      readonly count: number;
      /** Due at once, on the offer date; default: the policy's minimum (none when it is 0). */
      readonly downPayment?: Money;
      readonly firstDueDate: IsoDate;
      readonly discount?: Money;
      /** Default: the policy's (Price table unless it says SAC). */
      readonly amortization?: Amortization;
    };

export type OfferRole = 'agent' | 'supervisor' | 'self-service';

export interface OfferInput {
  readonly balance: BalanceAsOf;
  readonly asOf: IsoDate;
  readonly bucket: NegotiationBucket;
  readonly segment: string;
  readonly policy: NegotiationPolicy;
  readonly request: OfferRequest;
  /** Declared monthly income, when known: the affordability guide applies. */
  readonly declaredIncome?: Money;
  /** A plan under Lei 14.181/2021 (superendividamento): `balance` is then all the debtor's debts. */
  readonly overIndebted?: boolean;
  readonly role: OfferRole;
}

export interface ScheduledInstallment {
  readonly number: number;
  readonly dueDate: IsoDate;
  readonly amount: Money;
  readonly kind: 'cash' | 'down_payment' | 'installment';
}

export interface ChargesBreakdown {
  readonly principal: Money;
  readonly interest: Money;
  readonly lateFee: Money;
  readonly total: Money;
}

/** Everything an offer states, plain JSON, recorded as is in OfferMade. */
export interface OfferTerms {
  readonly kind: 'cash' | 'installments';
  readonly policyVersion: number;
  readonly bucket: NegotiationBucket;
  readonly segment: string;
  readonly asOf: IsoDate;
  /** The last day the offer may be accepted. */
  readonly expiresOn: IsoDate;
  readonly balance: ChargesBreakdown;
  /** Applied to late fee first, then interest, then principal where the policy allows. */
  readonly discount: ChargesBreakdown;
  /** What the debt is settled for: balance minus discount. */
  readonly negotiated: Money;
  readonly downPayment: Money;
  readonly financed: Money;
  readonly amortization: Amortization | 'cash';
  /** The monthly financing rate the table used: the policy's, or lower when capped. */
  readonly monthlyInterestRate: string;
  /** True when the policy's rate would have taken the total above the balance (CDC art. 42). */
  readonly financingCapped: boolean;
  readonly financingInterest: Money;
  /** Sum of the schedule, to the centavo; never above `balance.total`. */
  readonly total: Money;
  readonly schedule: readonly ScheduledInstallment[];
}

export type OfferApproval =
  | { readonly required: false }
  | { readonly required: true; readonly rule: 'DISCOUNT_NEEDS_APPROVAL'; readonly detail: string };

export type OfferComputation =
  | { readonly outcome: 'offer'; readonly terms: OfferTerms; readonly approval: OfferApproval }
  | { readonly outcome: 'refused'; readonly rule: NegotiationRuleCode; readonly detail: string };

/**
 * R$ 1 trillion: above every debtor's total debt, and low enough that any table over it
 * (at most 120 months at 10% a month) stays in exact integers below 2^53.
 */
const MAX_BALANCE = 100_000_000_000_000;

/**
 * Payment dates at most a year after the offer date (a first installment further away is a
 * typo, not a grace period), and offer dates that leave room for 10 years of plan before
 * the year 9999, past which ISO dates stop being YYYY-MM-DD.
 */
const MAX_DAYS_TO_FIRST_PAYMENT = 366;
const LATEST_OFFER_DATE = '9987-12-31';

function parsePaymentDate(value: unknown, field: string, asOf: IsoDate): IsoDate {
  const date = parseIsoDate(value, field);
  if (epochDay(date) - epochDay(asOf) > MAX_DAYS_TO_FIRST_PAYMENT) throw ValidationError.of(field, `must be at most ${MAX_DAYS_TO_FIRST_PAYMENT} days after the offer date`);
  return date;
}

const refused = (rule: NegotiationRuleCode, detail: string): OfferComputation => ({ outcome: 'refused', rule, detail });
const brl = (amount: number, currency: CurrencyCode): Money => Money.of(amount, currency);
/** "1234.56" for 123456 centavos, for refusal details (cheaper than a round trip through dinero.js). */
const decimal = (centavos: number, _currency: CurrencyCode): string => `${Math.floor(centavos / 100)}.${String(centavos % 100).padStart(2, '0')}`;

function amountOf(money: Money, field: string, currency: CurrencyCode): number {
  const parsed = Money.parse(money, field);
  if (parsed.currency !== currency) throw ValidationError.of(`${field}.currency`, `must be ${currency}, the policy's currency`);
  return parsed.amount;
}

interface DiscountLimits {
  readonly charges: number;
  readonly principal: number;
  readonly policy: number;
  /** What an agent (or the debtor on the self-service page) may grant without a supervisor. */
  readonly alone: number;
}

function discountLimits(rule: PolicyRule, principal: number, charges: number): DiscountLimits {
  const chargesCeiling = shareOf(charges, parseDecimalRate(rule.maxChargesDiscount, 'maxChargesDiscount'));
  const principalCeiling = shareOf(principal, parseDecimalRate(rule.maxPrincipalDiscount, 'maxPrincipalDiscount'));
  const policy = chargesCeiling + principalCeiling;
  const agent = shareOf(principal + charges, parseDecimalRate(rule.agentDiscountLimit, 'agentDiscountLimit'));
  return { charges: chargesCeiling, principal: principalCeiling, policy, alone: Math.min(policy, agent) };
}

/**
 * Computes an offer (proposta) for a debt's balance as of a date under a tenant's policy,
 * or the rule that refuses it. Pure: the balance, the date and the policy come in.
 *
 * - Discount: late fee first, then interest (together at most the policy's share of them),
 *   then principal only as far as the policy allows. An agent grants up to its limit
 *   alone; beyond it, up to the policy's ceilings, the offer needs a supervisor's
 *   approval. The self-service page has no supervisor: beyond the agent's limit it is
 *   refused. Nobody goes beyond the policy's ceilings.
 * - Total: never above the balance as of the date (CDC art. 42 sole paragraph: charging
 *   what is not owed refunds double). Financing interest that would take an installment
 *   plan above it is lowered to a rate that fits (`financingCapped`).
 * - Affordability (Lei 14.181/2021): with a declared income, no monthly installment above
 *   the policy's share of it (30% by default); an over-indebted plan (up to 60 months)
 *   also leaves the minimum income the policy keeps.
 *
 * Malformed input (negative amounts, bad dates, a count that is not a positive integer)
 * throws a ValidationError; a well-formed request the rules do not allow is `refused`.
 */
export function computeOffer(input: OfferInput): OfferComputation {
  const { policy, request } = input;
  const currency = policy.currency;
  // requests arrive from transports: a shape the switch below does not know is a 400, not a crash
  if (typeof request !== 'object' || request === null) throw ValidationError.of('request', 'must be an object');
  parseOneOf(request.kind, 'request.kind', ['cash', 'installments'] as const);
  parseOneOf(input.role, 'role', ['agent', 'supervisor', 'self-service'] as const);
  const asOf = parseIsoDate(input.asOf, 'asOf');
  if (asOf > LATEST_OFFER_DATE) throw ValidationError.of('asOf', `must not be after ${LATEST_OFFER_DATE}`);
  const principal = amountOf(input.balance.principal, 'balance.principal', currency);
  const interest = amountOf(input.balance.interest, 'balance.interest', currency);
  const lateFee = amountOf(input.balance.lateFee, 'balance.lateFee', currency);
  const balanceTotal = principal + interest + lateFee;
  if (balanceTotal > MAX_BALANCE) throw ValidationError.of('balance', `must total at most ${MAX_BALANCE} centavos`);
  if (balanceTotal === 0) return refused('NOTHING_OWED', 'the balance as of the offer date is zero');
  const rule = policyRuleFor(policy, input.bucket, input.segment);
  if (!rule) return refused('NO_POLICY_FOR_BUCKET', `policy v${policy.version} has no rule for bucket ${input.bucket}, segment ${input.segment}`);

  // ---- discount
  const limits = discountLimits(rule, principal, interest + lateFee);
  const requestedDiscount =
    request.discount === undefined ? (input.role === 'supervisor' ? limits.policy : limits.alone) : amountOf(request.discount, 'request.discount', currency);
  if (limits.principal === 0 && requestedDiscount > limits.charges) {
    return refused(
      'PRINCIPAL_DISCOUNT_NOT_ALLOWED',
      `a discount of ${decimal(requestedDiscount, currency)} reaches the principal; the policy allows ${decimal(limits.charges, currency)} on late fee and interest only`,
    );
  }
  if (requestedDiscount > limits.policy) {
    return refused('DISCOUNT_ABOVE_POLICY', `a discount of ${decimal(requestedDiscount, currency)} is above the policy's ${decimal(limits.policy, currency)}`);
  }
  let approval: OfferApproval = { required: false };
  if (requestedDiscount > limits.alone && input.role !== 'supervisor') {
    const detail = `a discount of ${decimal(requestedDiscount, currency)} is above the ${decimal(limits.alone, currency)} granted without a supervisor`;
    if (input.role === 'self-service') return refused('DISCOUNT_NEEDS_APPROVAL', `${detail}, and self-service has none to ask`);
    approval = { required: true, rule: 'DISCOUNT_NEEDS_APPROVAL', detail };
  }
  const onCharges = Math.min(requestedDiscount, limits.charges);
  const onLateFee = Math.min(onCharges, lateFee);
  const onInterest = onCharges - onLateFee;
  const onPrincipal = requestedDiscount - onCharges;
  const negotiated = balanceTotal - requestedDiscount;
  // Waiving everything is a write-off (the debtors context records it), not an offer to pay.
  if (negotiated === 0) return refused('DISCOUNT_OF_THE_WHOLE_BALANCE', 'the discount leaves nothing to pay: write the debt off instead');

  const base = {
    policyVersion: policy.version,
    bucket: input.bucket,
    segment: input.segment,
    asOf,
    expiresOn: addDays(asOf, policy.offerValidityDays),
    balance: breakdown(principal, interest, lateFee, currency),
    discount: breakdown(onPrincipal, onInterest, onLateFee, currency),
    negotiated: brl(negotiated, currency),
  };

  switch (request.kind) {
    case 'cash': {
      const dueDate = request.dueDate === undefined ? asOf : parsePaymentDate(request.dueDate, 'request.dueDate', asOf);
      if (dueDate < asOf) return refused('FIRST_DUE_DATE_BEFORE_OFFER_DATE', `the payment date ${dueDate} is before the offer date ${asOf}`);
      const terms: OfferTerms = {
        kind: 'cash',
        ...base,
        downPayment: brl(0, currency),
        financed: brl(0, currency),
        amortization: 'cash',
        monthlyInterestRate: '0',
        financingCapped: false,
        financingInterest: brl(0, currency),
        total: brl(negotiated, currency),
        schedule: [{ number: 1, dueDate, amount: brl(negotiated, currency), kind: 'cash' }],
      };
      return { outcome: 'offer', terms, approval };
    }
    case 'installments':
      return installmentOffer(input, request, rule, base, balanceTotal, negotiated, approval);
    default:
      return assertNever(request, 'offer request');
  }
}

function breakdown(principal: number, interest: number, lateFee: number, currency: CurrencyCode): ChargesBreakdown {
  return {
    principal: brl(principal, currency),
    interest: brl(interest, currency),
    lateFee: brl(lateFee, currency),
    total: brl(principal + interest + lateFee, currency),
  };
}

type OfferBase = Pick<OfferTerms, 'policyVersion' | 'bucket' | 'segment' | 'asOf' | 'expiresOn' | 'balance' | 'discount' | 'negotiated'>;

function installmentOffer(
  input: OfferInput,
  request: Extract<OfferRequest, { kind: 'installments' }>,
  rule: PolicyRule,
  base: OfferBase,
  balanceTotal: number,
  negotiated: number,
  approval: OfferApproval,
): OfferComputation {
  const { policy } = input;
  const currency = policy.currency;
  const asOf = base.asOf;
  const count = request.count;
  if (!Number.isSafeInteger(count) || count < 1) throw ValidationError.of('request.count', 'must be a positive integer');
  const firstDueDate = parsePaymentDate(request.firstDueDate, 'request.firstDueDate', asOf);
  if (firstDueDate < asOf) return refused('FIRST_DUE_DATE_BEFORE_OFFER_DATE', `the first due date ${firstDueDate} is before the offer date ${asOf}`);
  const income = input.declaredIncome === undefined ? undefined : amountOf(input.declaredIncome, 'declaredIncome', currency);
  if (input.overIndebted && income === undefined) {
    throw ValidationError.of('declaredIncome', 'is required for an over-indebtedness plan (Lei 14.181/2021): the minimum income kept is checked against it');
  }

  // ---- number of installments
  if (input.overIndebted) {
    const { maxMonths } = policy.overIndebtedness;
    const lastDue = addMonthsClamped(firstDueDate, count - 1);
    if (count > maxMonths || epochDay(lastDue) > epochDay(addMonthsClamped(asOf, maxMonths))) {
      return refused('INSTALLMENTS_ABOVE_MAXIMUM', `an over-indebtedness plan ends within ${maxMonths} months (Lei 14.181/2021); this one has ${count} installments up to ${lastDue}`);
    }
  } else if (count > rule.maxInstallments) {
    return refused('INSTALLMENTS_ABOVE_MAXIMUM', `${count} installments is above the policy's ${rule.maxInstallments} for bucket ${rule.bucket}`);
  }

  // ---- down payment (entrada)
  const downRule = rule.downPayment;
  const minDown = Math.min(
    negotiated,
    Math.max(shareOfRoundedUp(negotiated, parseDecimalRate(downRule.minRate, 'downPayment.minRate')), amountOf(downRule.minAmount, 'downPayment.minAmount', currency)),
  );
  const downPayment = request.downPayment === undefined ? minDown : amountOf(request.downPayment, 'request.downPayment', currency);
  if (downPayment < minDown) {
    return refused('DOWN_PAYMENT_BELOW_MINIMUM', `a down payment of ${decimal(downPayment, currency)} is below the policy's ${decimal(minDown, currency)}`);
  }
  if (downPayment >= negotiated) {
    return refused('DOWN_PAYMENT_ABOVE_TOTAL', `a down payment of ${decimal(downPayment, currency)} leaves nothing to pay in installments: make a cash offer`);
  }
  const financed = negotiated - downPayment;

  // ---- the table, within the balance (CDC art. 42)
  const amortization = request.amortization === undefined ? rule.amortization : parseOneOf(request.amortization, 'request.amortization', ['price', 'sac'] as const);
  const table = installmentTableWithin(amortization, financed, count, parseDecimalRate(rule.monthlyInterestRate, 'monthlyInterestRate'), balanceTotal - downPayment);
  const smallest = Math.min(...table.amounts);
  const largest = Math.max(...table.amounts);
  // at least a centavo whatever the policy says: a few centavos split in many parts would leave empty installments
  const minInstallment = Math.max(1, amountOf(rule.minInstallment, 'minInstallment', currency));
  if (smallest < minInstallment) {
    return refused('INSTALLMENT_BELOW_MINIMUM', `an installment of ${decimal(smallest, currency)} is below the policy's minimum of ${decimal(minInstallment, currency)}`);
  }
  if (income !== undefined) {
    const affordable = shareOf(income, parseDecimalRate(policy.affordabilityIncomeShare, 'affordabilityIncomeShare'));
    if (largest > affordable) {
      return refused(
        'INSTALLMENT_ABOVE_AFFORDABILITY',
        `an installment of ${decimal(largest, currency)} is above ${policy.affordabilityIncomeShare} of the declared income (${decimal(affordable, currency)})`,
      );
    }
    if (input.overIndebted) {
      const available = income - amountOf(policy.overIndebtedness.minimumIncomeKept, 'minimumIncomeKept', currency);
      if (largest > available) {
        return refused('MINIMUM_INCOME_NOT_PRESERVED', `an installment of ${decimal(largest, currency)} leaves less than the minimum income the policy keeps`);
      }
    }
  }

  const dueDates = monthlyDueDates(firstDueDate, count);
  const schedule: ScheduledInstallment[] = [];
  if (downPayment > 0) schedule.push({ number: 1, dueDate: asOf, amount: brl(downPayment, currency), kind: 'down_payment' });
  table.amounts.forEach((amount, index) => {
    schedule.push({ number: schedule.length + 1, dueDate: dueDates[index]!, amount: brl(amount, currency), kind: 'installment' });
  });
  const total = downPayment + table.amounts.reduce((a, b) => a + b, 0);
  const terms: OfferTerms = {
    kind: 'installments',
    ...base,
    downPayment: brl(downPayment, currency),
    financed: brl(financed, currency),
    amortization,
    monthlyInterestRate: formatRate(table.rate),
    financingCapped: table.capped,
    financingInterest: brl(total - negotiated, currency),
    total: brl(total, currency),
    schedule,
  };
  return { outcome: 'offer', terms, approval };
}
