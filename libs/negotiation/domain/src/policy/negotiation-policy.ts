import {
  Money,
  TenantId,
  ValidationError,
  isCurrencyCode,
  parseDecimalRate,
  parseOneOf,
  parseText,
  rateAtMost,
  type CurrencyCode,
  type DecimalRate,
  type FieldViolation,
} from '@collections/shared-kernel';

/**
 * The aging buckets a negotiation policy is written for (faixas de atraso), as the
 * debtors context classifies them; a debt not yet past due is not negotiated.
 */
export const NEGOTIATION_BUCKETS = ['1-30', '31-60', '61-90', '91-180', '181-360', '360+'] as const;
export type NegotiationBucket = (typeof NEGOTIATION_BUCKETS)[number];

export type Amortization = 'price' | 'sac';

/** Decimal rates are strings ("0.30" = 30%), as in the debt's terms: exact, and plain JSON. */
export interface DownPaymentRule {
  /** Share of the negotiated amount due at once; "0" when none is required. */
  readonly minRate: string;
  /** An absolute floor for the down payment, when one is required at all. */
  readonly minAmount: Money;
}

/** What the creditor allows for one aging bucket and one segment of its portfolio. */
export interface PolicyRule {
  readonly bucket: NegotiationBucket;
  /** The creditor's own segmentation (e.g. "retail", "card", "default"). */
  readonly segment: string;
  /** Ceiling of the discount on late fee plus interest, as a share of them. */
  readonly maxChargesDiscount: string;
  /** Ceiling of the discount on principal, as a share of it: "0" unless the creditor allows. */
  readonly maxPrincipalDiscount: string;
  /**
   * The share of the whole balance an agent may waive alone; beyond it (within the
   * ceilings above) a supervisor approves.
   */
  readonly agentDiscountLimit: string;
  readonly maxInstallments: number;
  readonly minInstallment: Money;
  readonly downPayment: DownPaymentRule;
  /** Financing interest per month on the part paid in installments. */
  readonly monthlyInterestRate: string;
  readonly amortization: Amortization;
}

export interface NegotiationPolicy {
  readonly tenantId: TenantId;
  /** Offers record the version they were computed with: a later policy never rewrites them. */
  readonly version: number;
  readonly currency: CurrencyCode;
  readonly rules: readonly PolicyRule[];
  /** Calendar days an offer stays open after its date (the date itself is day 0). */
  readonly offerValidityDays: number;
  /** How many times a broken agreement may be renegotiated into a new one. */
  readonly renegotiationLimit: number;
  /** Days an installment may stay unpaid after its due date before the agreement breaks. */
  readonly breakageToleranceDays: number;
  /** Lei 14.181/2021 guide: an installment at most this share of declared monthly income. */
  readonly affordabilityIncomeShare: string;
  /** Lei 14.181/2021: plans for over-indebted consumers. */
  readonly overIndebtedness: {
    /** Up to 5 years (60 months) over all the debtor's debts. */
    readonly maxMonths: number;
    /** Income the debtor keeps each month whatever the plan (mínimo existencial). */
    readonly minimumIncomeKept: Money;
  };
}

export const POLICY_DEFAULTS = {
  offerValidityDays: 5,
  renegotiationLimit: 1,
  breakageToleranceDays: 5,
  affordabilityIncomeShare: '0.30',
  overIndebtednessMaxMonths: 60,
  amortization: 'price' as Amortization,
} as const;

const HUNDRED_PERCENT: DecimalRate = { numerator: 1n, denominator: 1n };
// Same bound as the debt's default interest: far above it is not lawful for a consumer.
const MAX_MONTHLY_INTEREST: DecimalRate = { numerator: 10n, denominator: 100n };
// A Price table of more than 10 years is not a collections agreement; bounds keep the math exact.
export const MAX_INSTALLMENTS_BOUND = 120;
const MAX_OVER_INDEBTED_MONTHS = 60; // Lei 14.181/2021, art. 104-A: at most 5 years
const MAX_DAYS = 365;

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Runs a check and keeps its violations instead of throwing, so that a rejected policy
 * lists every bad field at once.
 */
function collect<T>(violations: FieldViolation[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    violations.push(...error.violations);
    return undefined;
  }
}

function share(value: unknown, field: string, max: DecimalRate = HUNDRED_PERCENT, maxText = '1 (100%)'): string {
  const rate = parseDecimalRate(value, field);
  if (!rateAtMost(rate, max)) throw ValidationError.of(field, `must be at most ${maxText}`);
  return value as string;
}

function whole(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw ValidationError.of(field, 'must be an integer');
  if (value < min) throw ValidationError.of(field, min === 0 ? 'must not be negative' : `must be at least ${min}`);
  if (value > max) throw ValidationError.of(field, `must be at most ${max}`);
  return value;
}

function money(value: unknown, field: string, currency: CurrencyCode | undefined): Money {
  const amount = Money.parse(value, field);
  if (currency && amount.currency !== currency) throw ValidationError.of(`${field}.currency`, `must be ${currency}, the policy's currency`);
  return amount;
}

function parseRule(value: unknown, field: string, currency: CurrencyCode | undefined, violations: FieldViolation[]): PolicyRule | undefined {
  if (!isObject(value)) {
    violations.push({ field, message: 'must be an object' });
    return undefined;
  }
  const before = violations.length;
  const bucket = collect(violations, () => parseOneOf(value['bucket'], `${field}.bucket`, NEGOTIATION_BUCKETS));
  const segment = collect(violations, () => parseText(value['segment'], `${field}.segment`, { max: 50 }));
  const maxChargesDiscount = collect(violations, () => share(value['maxChargesDiscount'], `${field}.maxChargesDiscount`));
  const maxPrincipalDiscount = collect(violations, () => share(value['maxPrincipalDiscount'] ?? '0', `${field}.maxPrincipalDiscount`));
  const agentDiscountLimit = collect(violations, () => share(value['agentDiscountLimit'], `${field}.agentDiscountLimit`));
  const maxInstallments = collect(violations, () => whole(value['maxInstallments'], `${field}.maxInstallments`, 1, MAX_INSTALLMENTS_BOUND));
  const minInstallment = collect(violations, () => money(value['minInstallment'], `${field}.minInstallment`, currency));
  const monthlyInterestRate = collect(violations, () =>
    share(value['monthlyInterestRate'], `${field}.monthlyInterestRate`, MAX_MONTHLY_INTEREST, '0.10 (10% a month)'),
  );
  const amortization = collect(violations, () =>
    parseOneOf(value['amortization'] ?? POLICY_DEFAULTS.amortization, `${field}.amortization`, ['price', 'sac'] as const),
  );
  const downPaymentRaw = value['downPayment'] ?? {};
  let downPayment: DownPaymentRule | undefined;
  if (!isObject(downPaymentRaw)) violations.push({ field: `${field}.downPayment`, message: 'must be an object { minRate, minAmount }' });
  else {
    const minRate = collect(violations, () => share(downPaymentRaw['minRate'] ?? '0', `${field}.downPayment.minRate`));
    const minAmount = collect(violations, () =>
      money(downPaymentRaw['minAmount'] ?? Money.zero(currency ?? 'BRL'), `${field}.downPayment.minAmount`, currency),
    );
    if (minRate !== undefined && minAmount !== undefined) downPayment = { minRate, minAmount };
  }
  if (violations.length > before) return undefined;
  return {
    bucket: bucket!,
    segment: segment!,
    maxChargesDiscount: maxChargesDiscount!,
    maxPrincipalDiscount: maxPrincipalDiscount!,
    agentDiscountLimit: agentDiscountLimit!,
    maxInstallments: maxInstallments!,
    minInstallment: minInstallment!,
    downPayment: downPayment!,
    monthlyInterestRate: monthlyInterestRate!,
    amortization: amortization!,
  };
}

/**
 * Validates a tenant's negotiation policy as it arrives from its configuration (untrusted
 * JSON) and fills in the defaults. Every problem is reported at once, each named by its
 * field (`rules[2].maxChargesDiscount`), as a ValidationError.
 */
export function parseNegotiationPolicy(input: unknown): NegotiationPolicy {
  if (!isObject(input)) throw ValidationError.of('policy', 'must be an object');
  const violations: FieldViolation[] = [];
  const tenantId = collect(violations, () => TenantId.parse(input['tenantId']));
  const version = collect(violations, () => whole(input['version'], 'version', 1, Number.MAX_SAFE_INTEGER));
  const currencyRaw = input['currency'] ?? 'BRL';
  const currency = isCurrencyCode(currencyRaw) ? currencyRaw : undefined;
  if (!currency) violations.push({ field: 'currency', message: 'must be BRL or USD' });
  const offerValidityDays = collect(violations, () => whole(input['offerValidityDays'] ?? POLICY_DEFAULTS.offerValidityDays, 'offerValidityDays', 0, MAX_DAYS));
  const renegotiationLimit = collect(violations, () => whole(input['renegotiationLimit'] ?? POLICY_DEFAULTS.renegotiationLimit, 'renegotiationLimit', 0, 100));
  const breakageToleranceDays = collect(violations, () =>
    whole(input['breakageToleranceDays'] ?? POLICY_DEFAULTS.breakageToleranceDays, 'breakageToleranceDays', 0, MAX_DAYS),
  );
  const affordabilityIncomeShare = collect(violations, () =>
    share(input['affordabilityIncomeShare'] ?? POLICY_DEFAULTS.affordabilityIncomeShare, 'affordabilityIncomeShare'),
  );
  const overRaw = input['overIndebtedness'] ?? {};
  let overIndebtedness: NegotiationPolicy['overIndebtedness'] | undefined;
  if (!isObject(overRaw)) violations.push({ field: 'overIndebtedness', message: 'must be an object { maxMonths, minimumIncomeKept }' });
  else {
    const maxMonths = collect(violations, () =>
      whole(overRaw['maxMonths'] ?? POLICY_DEFAULTS.overIndebtednessMaxMonths, 'overIndebtedness.maxMonths', 1, MAX_OVER_INDEBTED_MONTHS),
    );
    const minimumIncomeKept = collect(violations, () =>
      money(overRaw['minimumIncomeKept'] ?? Money.zero(currency ?? 'BRL'), 'overIndebtedness.minimumIncomeKept', currency),
    );
    if (maxMonths !== undefined && minimumIncomeKept !== undefined) overIndebtedness = { maxMonths, minimumIncomeKept };
  }
  const rulesRaw = input['rules'];
  const rules: PolicyRule[] = [];
  if (!Array.isArray(rulesRaw) || rulesRaw.length === 0) violations.push({ field: 'rules', message: 'must be a non-empty list' });
  else {
    rulesRaw.forEach((raw: unknown, index) => {
      const rule = parseRule(raw, `rules[${index}]`, currency, violations);
      if (!rule) return;
      if (rules.some((r) => r.bucket === rule.bucket && r.segment === rule.segment)) {
        violations.push({ field: `rules[${index}]`, message: `bucket ${rule.bucket} and segment ${rule.segment} appear twice` });
      }
      rules.push(rule);
    });
  }
  if (violations.length > 0) throw new ValidationError(violations);
  return {
    tenantId: tenantId!,
    version: version!,
    currency: currency!,
    rules,
    offerValidityDays: offerValidityDays!,
    renegotiationLimit: renegotiationLimit!,
    breakageToleranceDays: breakageToleranceDays!,
    affordabilityIncomeShare: affordabilityIncomeShare!,
    overIndebtedness: overIndebtedness!,
  };
}

/** The segment a rule is looked up under when the debt's own segment has none. */
export const DEFAULT_SEGMENT = 'default';

export function policyRuleFor(policy: NegotiationPolicy, bucket: NegotiationBucket, segment: string): PolicyRule | undefined {
  return (
    policy.rules.find((r) => r.bucket === bucket && r.segment === segment) ??
    policy.rules.find((r) => r.bucket === bucket && r.segment === DEFAULT_SEGMENT)
  );
}
