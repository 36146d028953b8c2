import { done, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import type { SetCreditorRequest } from './set-creditor.request';

export type CreditorView = SetCreditorRequest & { readonly updatedAt: string };

/** The tenant's creditor identification; a message is not sent without it. */
export class SetCreditorHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: RequestContext, request: SetCreditorRequest): Promise<Outcome<CreditorView>> {
    const updatedAt = this.deps.clock.now().toISOString();
    await this.deps.store.driver.query(
      `INSERT INTO contacts_creditors (tenant_id, name, address, tax_id, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, tax_id = EXCLUDED.tax_id, updated_at = EXCLUDED.updated_at`,
      [ctx.principal.tenantId, request.name, request.address, request.taxId, updatedAt],
    );
    return done({ ...request, updatedAt });
  }
}
