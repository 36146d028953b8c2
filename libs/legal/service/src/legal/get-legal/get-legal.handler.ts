import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { LegalDeps } from '../../shared/legal-deps';
import type { Outcome } from '../../shared/outcome';
import { readLegal, type LegalView } from '../legal.view';
import type { GetLegalRequest } from './get-legal.request';

/** Another tenant's Legal is not found, exactly as an unknown id. */
export class GetLegalHandler {
  constructor(private readonly deps: LegalDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: GetLegalRequest): Promise<Outcome<LegalView>> {
    const view = await readLegal(this.deps, ctx.principal.tenantId, request.legalId);
    return view ? done(view) : notFound(`legal ${request.legalId} not found`);
  }
}
