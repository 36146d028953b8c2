import { escalationDecider, type EscalationState } from '@collections/legal-domain';
import { done, notFound } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import type { LegalDeps } from '../../shared/legal-deps';
import type { DebtId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { readEscalation } from '../../escalations/escalation-stream';
import { stateSummary } from '../../escalations/escalation.view';
import { DirectoryUnavailableError } from '../../ports/debt-directory';

export interface Dossier {
  readonly debtId: string;
  readonly generatedAt: string;
  readonly noticeProof: { readonly noticeId: string; readonly sentAt: string; readonly listingNotBefore: string; readonly deliveries: readonly { channel: string; messageId: string; contactPointId: string }[] } | null;
  /** Every escalation event with the escalation's state right after it. */
  readonly steps: readonly { readonly version: number; readonly type: string; readonly recordedAt: string; readonly actor: string | null; readonly data: unknown; readonly stateAfter: unknown }[];
  /** `GET /audit/debts/{id}/history` of the debtors service, as it answered. */
  readonly debtHistory: unknown;
  /** `GET /audit/debts/{id}/verification`: the hash chain of the debt's stream checked. */
  readonly verification: unknown;
  readonly sources: { readonly debtHistory: 'debtors-api' | 'unavailable' };
}

/** The lawsuit dossier: what the creditor's lawyers get (JSON here, PDF from the same data). */
export class GetDossierHandler {
  constructor(private readonly deps: LegalDeps) {}

  async execute(ctx: { readonly principal: Principal }, debtId: DebtId): Promise<Outcome<Dossier>> {
    const tenantId = ctx.principal.tenantId;
    const recorded = await readEscalation(this.deps.store, tenantId, debtId);
    if (recorded.events.length === 0) return notFound(`no escalation for debt ${debtId}`);
    let state: EscalationState = escalationDecider.initialState();
    const steps = recorded.events.map((e) => {
      state = escalationDecider.evolve(state, e.event);
      return { version: e.version, type: e.event.type, recordedAt: e.recordedAt, actor: e.actor ?? null, data: e.event.data, stateAfter: stateSummary(state) };
    });
    const notice = recorded.state.notice;
    let audit: { history: unknown; verification: unknown } | undefined;
    try {
      audit = await this.deps.directory.audit(tenantId, debtId);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
    }
    return done({
      debtId,
      generatedAt: this.deps.clock.now().toISOString(),
      noticeProof: notice.status === 'sent' ? { noticeId: notice.noticeId, sentAt: notice.sentAt, listingNotBefore: notice.listingNotBefore, deliveries: notice.deliveries.map((d) => ({ ...d })) } : null,
      steps,
      debtHistory: audit?.history ?? null,
      verification: audit?.verification ?? null,
      sources: { debtHistory: audit ? 'debtors-api' : 'unavailable' },
    });
  }
}
