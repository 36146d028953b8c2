import { done, notFound } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import type { CreditorView } from '../set-creditor/set-creditor.handler';

export class GetCreditorHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: { readonly principal: Principal }): Promise<Outcome<CreditorView>> {
    const [row] = await this.deps.store.driver.query<{ name: string; address: string; tax_id: string; updated_at: Date }>(
      'SELECT name, address, tax_id, updated_at FROM contacts_creditors WHERE tenant_id = $1',
      [ctx.principal.tenantId],
    );
    return row ? done({ name: row.name, address: row.address, taxId: row.tax_id, updatedAt: new Date(row.updated_at).toISOString() }) : notFound('this tenant has no creditor identification yet');
  }
}
