import { done, refused, type RequestContext } from '@collections/shared-service-kit';
import { NegotiationRuleViolation, POLICY_DEFAULTS, type AcceptanceChannel, type AgreementState } from '@collections/negotiation-domain';
import type { NegotiationDeps } from '../../shared/negotiation-deps';
import { agreementAggregate, metadataOf, offerAggregate, refusalOf } from '../../shared/negotiation-writer';
import { agreementIdOf, agreementStream, offerStream } from '../../shared/ids';
import { businessDate } from '../../shared/business-date';
import type { Outcome } from '../../shared/outcome';
import { renegotiationOf, scheduleAgreement, scheduleOffer } from '../../deadlines/negotiation-deadlines';
import { readPolicyVersion } from '../../policy/policy-versions';
import { readAgreement, type AgreementView } from '../../agreements/agreement.view';

/**
 * Accepts an open offer: in ONE transaction the offer is accepted, the agreement entered
 * with the offer's schedule (its id derived from the offer's: one offer, one agreement),
 * one InstallmentChargeRequested per installment (payments issues the charges), and the
 * deadlines moved (the offer's cleared, the agreement's first set). Two accepts in
 * parallel race on the offer's stream version: one commits, the other gets a 409 problem.
 * An offer past its validity is refused here too (lazily), whatever its deadline did. An
 * agreement over a debt that broke agreements before is a renegotiation: refused beyond
 * the policy's limit (RENEGOTIATION_LIMIT_REACHED).
 */
export class AcceptOfferHandler {
  constructor(private readonly deps: NegotiationDeps) {}

  execute(ctx: RequestContext, offerId: string): Promise<Outcome<AgreementView>> {
    return this.deps.idempotency.run(ctx, { type: 'AcceptOffer', target: offerId, request: { offerId } }, async (attempt) => {
      const tenantId = ctx.principal.tenantId;
      const now = this.deps.clock.now().toISOString();
      const acceptedOn = businessDate(this.deps.clock);
      const roles: readonly string[] = ctx.principal.roles;
      const channel: AcceptanceChannel = roles.includes('agent') || roles.includes('supervisor') ? 'agent' : 'api';
      const agreementId = agreementIdOf(offerId);
      const context = (tx: Parameters<Parameters<typeof this.deps.store.transaction>[0]>[0]) => ({ tenantId, transaction: tx, metadata: metadataOf(ctx), nextEventId: () => attempt.ids.next() });
      try {
        await this.deps.store.transaction(async (tx) => {
          const accepted = await this.deps.writer.apply(offerAggregate, offerStream(offerId), { type: 'AcceptOffer', offerId, channel, acceptedOn, now, actor: ctx.principal.subject }, context(tx));
          const offer = accepted.state;
          if (offer.status === 'none') throw new Error('an accepted offer has a state');
          await scheduleOffer(tx, tenantId, offerId, offer);
          const policy = await readPolicyVersion(this.deps.store, tenantId, offer.terms.policyVersion, tx);
          // a debt that broke agreements before: this one is a renegotiation, limited by the policy
          const renegotiation = await renegotiationOf(tx, tenantId, offer.debtIds);
          const entered = await this.deps.writer.apply(
            agreementAggregate,
            agreementStream(agreementId),
            {
              type: 'EnterAgreement',
              agreementId,
              tenantId,
              debtorId: offer.debtorId,
              debtIds: offer.debtIds,
              offerId,
              terms: offer.terms,
              toleranceDays: policy?.breakageToleranceDays ?? POLICY_DEFAULTS.breakageToleranceDays,
              renegotiationCount: renegotiation.count,
              renegotiationLimit: policy?.renegotiationLimit ?? POLICY_DEFAULTS.renegotiationLimit,
              ...(renegotiation.renegotiates ? { renegotiates: renegotiation.renegotiates } : {}),
              now,
              actor: ctx.principal.subject,
            },
            context(tx),
          );
          let state: AgreementState = entered.state;
          if (state.status === 'none') throw new Error('an entered agreement has a state');
          // one active agreement per debt: another offer on the same debt accepted first wins
          const taken = await tx.query<{ debt_id: string }>(
            `INSERT INTO negotiation_debt_agreements (tenant_id, debt_id, agreement_id) SELECT $1, d, $3 FROM unnest($2::uuid[]) AS d
             ON CONFLICT (tenant_id, debt_id) DO NOTHING RETURNING debt_id`,
            [tenantId, [...state.debtIds], agreementId],
          );
          if (taken.length !== state.debtIds.length) {
            const busy = state.debtIds.filter((d) => !taken.some((t) => t.debt_id === d));
            throw new NegotiationRuleViolation('DEBT_NOT_NEGOTIABLE', `debt ${busy.join(', ')} is already in another agreement`);
          }
          // the protocol with payments: one charge asked per installment, when the agreement is entered
          for (const installment of state.installments) {
            const charged = await this.deps.writer.apply(
              agreementAggregate,
              agreementStream(agreementId),
              { type: 'RequestInstallmentCharge', agreementId, installment: installment.number, now, actor: ctx.principal.subject },
              context(tx),
            );
            state = charged.state;
          }
          await scheduleAgreement(tx, tenantId, agreementId, state);
        });
      } catch (error) {
        return refusalOf(error);
      }
      const view = await readAgreement(this.deps.store, this.deps.store.driver, tenantId, agreementId);
      return view ? done(view) : refused('AGREEMENT_NOT_ENTERED', `agreement ${agreementId} was not found after it was entered`);
    });
  }
}
