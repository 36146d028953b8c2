import { done, notFound } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';

export interface LetterFile {
  readonly letterId: string;
  readonly debtId: string;
  readonly pdf: Buffer;
}

/** A letter a cadence step issued, as the PDF that was produced (kept as issued). */
export class GetLetterHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: { readonly principal: Principal }, letterId: string): Promise<Outcome<LetterFile>> {
    const [row] = await this.deps.store.driver.query<{ debt_id: string; pdf: Buffer | Uint8Array }>('SELECT debt_id, pdf FROM contacts_letters WHERE tenant_id = $1 AND letter_id = $2', [
      ctx.principal.tenantId,
      letterId,
    ]);
    return row ? done({ letterId, debtId: row.debt_id, pdf: Buffer.from(row.pdf) }) : notFound(`letter ${letterId} not found`);
  }
}
