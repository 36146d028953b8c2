import { parseActor } from '@collections/shared-kernel';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ReportingDeps } from '../../shared/reporting-deps';
import { newReportingId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { reportingViewOf, type ReportingView } from '../reporting.view';
import type { OpenReportingRequest } from './open-reporting.request';

export class OpenReportingHandler {
  constructor(private readonly deps: ReportingDeps) {}

  execute(ctx: RequestContext, request: OpenReportingRequest): Promise<Outcome<ReportingView>> {
    return this.deps.idempotency.run(ctx, { type: 'OpenReporting', target: '', request }, async (attempt) => {
      // minted from the attempt's ids: a retry of the same key and request opens the same one
      const reportingId = newReportingId(() => attempt.ids.next());
      const now = this.deps.clock.now().toISOString();
      const written = await this.deps.writer.write(attempt, reportingId, { type: 'OpenReporting', reportingId, title: request.title, now, actor: parseActor(ctx.principal.subject) });
      if (written.kind !== 'done') return written;
      const view = reportingViewOf(written.value.state, written.value.nextExpectedVersion);
      return view ? done(view) : notFound(`reporting ${reportingId} not found`);
    });
  }
}
