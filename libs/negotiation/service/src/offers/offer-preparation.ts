import { Money } from '@collections/shared-kernel';
import { notFound, refused, type Refusal, type RequestContext } from '@collections/shared-service-kit';
import { negotiationBucketFor, type MakeOffer, type NegotiationRuleCode, type OfferRole } from '@collections/negotiation-domain';
import { businessDate } from '../shared/business-date';
import type { NegotiationDeps } from '../shared/negotiation-deps';
import { readPolicy } from '../policy/policy.view';
import type { DebtAsOf } from '../ports/debt-balances';
import type { OfferRequestOf } from './offer-request';

/** Debt statuses in the debtors context that take no new offer. */
const NOT_NEGOTIABLE: ReadonlySet<string> = new Set(['settled', 'written_off', 'disputed', 'in_agreement']);

/** Supervisors (and admins) grant up to the policy's ceilings; agents and integrations up to the agent's limit. */
export function offerRoleOf(ctx: Pick<RequestContext, 'principal'>): OfferRole {
  const roles: readonly string[] = ctx.principal.roles;
  return roles.includes('supervisor') || roles.includes('admin') ? 'supervisor' : 'agent';
}

/**
 * Everything a MakeOffer needs but its id: the policy in force, and the debt's balance as
 * of today (the offer date) as the debtors service computes it from its events, read
 * outside any transaction (in embedded mode that service answers from the same database).
 * What the caller leaves out comes from the debtors context too: the debt's segment, the
 * debtor's declared monthly income (so the affordability share applies to every offer of a
 * debtor who declared one, the self-service page's included), and for an over-indebtedness
 * plan that names no other debt, every debt the debtor still owes.
 */
export async function prepareOffer(
  deps: NegotiationDeps,
  ctx: Pick<RequestContext, 'principal'>,
  request: OfferRequestOf,
): Promise<{ readonly kind: 'ready'; readonly command: Omit<MakeOffer, 'offerId'> } | Refusal<NegotiationRuleCode>> {
  const tenantId = ctx.principal.tenantId;
  const policy = await readPolicy(deps.store, tenantId);
  if (!policy) return refused('NO_POLICY', 'no negotiation policy was published for this tenant (PUT /policy)');
  const asOf = businessDate(deps.clock);
  // the debt asked about first, then the others of the same debtor the plan covers (Lei 14.181/2021: all of them)
  let alsoDebtIds = request.alsoDebtIds;
  if (request.overIndebted && alsoDebtIds === undefined) {
    const debt = await deps.balances.debtAsOf(tenantId, request.debtId, asOf);
    if (!debt) return notFound(`debt ${request.debtId} not found`);
    // Lei 14.181/2021: the plan covers all of the debtor's debts open to a negotiation
    alsoDebtIds = (await deps.balances.negotiableDebtIds(tenantId, debt.debtorId)).filter((id) => id !== request.debtId);
  }
  const debtIds = [request.debtId, ...(alsoDebtIds ?? []).filter((id) => id !== request.debtId)];
  const debts: DebtAsOf[] = [];
  for (const debtId of debtIds) {
    // an agreement entered here whose event has not yet reached the debtors service
    const [active] = await deps.store.driver.query<{ agreement_id: string }>('SELECT agreement_id FROM negotiation_debt_agreements WHERE tenant_id = $1 AND debt_id = $2', [tenantId, debtId]);
    if (active) return refused('DEBT_NOT_NEGOTIABLE', `debt ${debtId} is in agreement ${active.agreement_id}: it takes no new offer`);
    const [broken] = await deps.store.driver.query<{ n: string }>('SELECT count(*) AS n FROM negotiation_broken_agreements WHERE tenant_id = $1 AND debt_id = $2', [tenantId, debtId]);
    if (Number(broken?.n ?? 0) > policy.renegotiationLimit) {
      return refused('RENEGOTIATION_LIMIT_REACHED', `debt ${debtId} broke ${broken!.n} agreements; the policy allows ${policy.renegotiationLimit} renegotiation(s)`);
    }
    const debt = await deps.balances.debtAsOf(tenantId, debtId, asOf);
    // another debtor's debt answers as an unknown one
    if (!debt || (debts[0] && debt.debtorId !== debts[0].debtorId)) return notFound(`debt ${debtId} not found`);
    if (NOT_NEGOTIABLE.has(debt.status)) return refused('DEBT_NOT_NEGOTIABLE', `debt ${debtId} is ${debt.status}: it takes no new offer`);
    if (debts[0] && debt.balance.totalDue.currency !== debts[0].balance.totalDue.currency) return refused('CURRENCY_MISMATCH', `debt ${debtId} is in another currency than debt ${debts[0].debtId}`);
    debts.push(debt);
  }
  const first = debts[0]!;
  // the plan is as old as its oldest debt
  const daysPastDue = Math.max(...debts.map((d) => d.balance.daysPastDue));
  const bucket = negotiationBucketFor(daysPastDue);
  if (!bucket) return refused('DEBT_NOT_NEGOTIABLE', `debt ${request.debtId} is not past due on ${asOf}: there is nothing to negotiate yet`);
  const currency = first.balance.totalDue.currency;
  const income = request.declaredIncome ?? (await declaredIncomeOf(deps, tenantId, first.debtorId, currency));
  const sum = (part: 'principal' | 'interest' | 'lateFee'): Money => Money.of(debts.reduce((total, d) => total + d.balance[part].amount, 0), currency);
  return {
    kind: 'ready',
    command: {
      type: 'MakeOffer',
      tenantId,
      debtorId: first.debtorId,
      debtIds,
      balance: { principal: sum('principal'), interest: sum('interest'), lateFee: sum('lateFee') },
      asOf,
      bucket,
      segment: request.segment ?? first.segment,
      policy,
      request: request.request,
      ...(income ? { declaredIncome: income } : {}),
      ...(request.overIndebted ? { overIndebted: true } : {}),
      role: offerRoleOf(ctx),
      now: deps.clock.now().toISOString(),
      actor: ctx.principal.subject,
    },
  };
}

/** The monthly income the debtor declared to the debtors context, in the debts' currency; undefined when none. */
async function declaredIncomeOf(deps: NegotiationDeps, tenantId: string, debtorId: string, currency: 'BRL' | 'USD'): Promise<Money | undefined> {
  const income = (await deps.balances.debtor(tenantId, debtorId))?.declaredMonthlyIncome;
  return income && income.currency === currency ? Money.of(income.amount, income.currency) : undefined;
}
