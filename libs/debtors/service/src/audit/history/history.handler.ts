import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import type { AuditTarget } from '../audit-target';

export interface HistoryEntry {
  readonly version: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly eventId: string;
  readonly globalPosition: string;
  readonly hash: string;
  readonly data: unknown;
}

/** Every event of a debtor or a debt, with its envelope; the debtor's personal data decrypted ("[erased]" after erasure). */
export class HistoryHandler {
  constructor(private readonly deps: Pick<DebtorsDeps, 'store' | 'writer'>) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, target: AuditTarget): Promise<Outcome<HistoryEntry[]>> {
    const { events } = await this.deps.store.readStream(target.streamId, { tenantId: ctx.principal.tenantId });
    if (events.length === 0) return notFound(`${target.kind} ${target.id} not found`);
    return done(
      await Promise.all(
        events.map(async (e) => ({
          version: e.streamVersion,
          type: e.type,
          recordedAt: e.recordedAt.toISOString(),
          actor: e.metadata.actor ?? null,
          correlationId: e.metadata.correlationId ?? null,
          causationId: e.metadata.causationId ?? null,
          eventId: e.eventId,
          globalPosition: e.globalPosition.toString(),
          hash: e.hash,
          data: (await (target.kind === 'debtor' ? this.deps.writer.debtorCodec : this.deps.writer.debtCodec).decode(e)).data,
        })),
      ),
    );
  }
}
