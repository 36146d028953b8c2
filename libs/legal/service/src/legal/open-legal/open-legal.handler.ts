import { parseActor } from '@collections/shared-kernel';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { LegalDeps } from '../../shared/legal-deps';
import { newLegalId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { legalViewOf, type LegalView } from '../legal.view';
import type { OpenLegalRequest } from './open-legal.request';

export class OpenLegalHandler {
  constructor(private readonly deps: LegalDeps) {}

  execute(ctx: RequestContext, request: OpenLegalRequest): Promise<Outcome<LegalView>> {
    return this.deps.idempotency.run(ctx, { type: 'OpenLegal', target: '', request }, async (attempt) => {
      // minted from the attempt's ids: a retry of the same key and request opens the same one
      const legalId = newLegalId(() => attempt.ids.next());
      const now = this.deps.clock.now().toISOString();
      const written = await this.deps.writer.write(attempt, legalId, { type: 'OpenLegal', legalId, title: request.title, now, actor: parseActor(ctx.principal.subject) });
      if (written.kind !== 'done') return written;
      const view = legalViewOf(written.value.state, written.value.nextExpectedVersion);
      return view ? done(view) : notFound(`legal ${legalId} not found`);
    });
  }
}
