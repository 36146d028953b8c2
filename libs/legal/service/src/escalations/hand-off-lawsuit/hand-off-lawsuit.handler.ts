import type { RequestContext } from '@collections/shared-service-kit';
import type { LegalDeps } from '../../shared/legal-deps';
import type { Outcome } from '../../shared/outcome';
import { runEscalationCommand } from '../escalation-command';
import type { EscalationView } from '../escalation.view';
import type { HandOffLawsuitRequest } from './hand-off-lawsuit.request';

/** Hands the debt to the creditor's lawyers (once; never a debt paid, in agreement or written off): the dossier is theirs to read. */
export class HandOffLawsuitHandler {
  constructor(private readonly deps: LegalDeps) {}

  execute(ctx: RequestContext, request: HandOffLawsuitRequest): Promise<Outcome<EscalationView>> {
    return runEscalationCommand(this.deps, ctx, request.debtId, 'HandOffToLawsuit', request, { needsDebt: false }, ({ now }) => ({
      type: 'HandOffToLawsuit',
      debtId: request.debtId,
      now,
      lawFirm: request.lawFirm,
      actor: ctx.principal.subject,
    }));
  }
}
