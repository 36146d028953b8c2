import { fold } from '@collections/shared-kernel';
import { done, type RequestContext } from '@collections/shared-service-kit';
import { debtDecider } from '@collections/debtors-domain';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import { debtStream, debtorStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { debtViewFrom, type DebtView } from '../../debts/debt.view';
import { debtorViewFrom, type DebtorView } from '../debtor.view';
import type { LookUpRequest } from './look-up.request';

/** Each id asked for, with what its single route answers; null where that route answers 404. */
export interface LookUpView {
  readonly debtors: Record<string, DebtorView | null>;
  readonly debts: Record<string, DebtView | null>;
}

/**
 * Many debtors and debts in two reads of the log (one per kind), folded as the single
 * routes fold them. Tenant-scoped like every read: another tenant's id answers null,
 * exactly as an id nobody uses.
 */
export class LookUpHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: LookUpRequest): Promise<Outcome<LookUpView>> {
    const tenantId = ctx.principal.tenantId;
    const debtors: Record<string, DebtorView | null> = {};
    const debtorStreams = await this.deps.store.readStreams(request.debtorIds.map(debtorStream), { tenantId });
    for (const debtorId of request.debtorIds) {
      const events = debtorStreams.get(debtorStream(debtorId)) ?? [];
      const decoded = await Promise.all(events.map((e) => this.deps.writer.debtorCodec.decode(e)));
      debtors[debtorId] = debtorViewFrom(decoded, events[events.length - 1]?.streamVersion ?? 0) ?? null;
    }
    const debts: Record<string, DebtView | null> = {};
    const debtStreams = await this.deps.store.readStreams(request.debtIds.map(debtStream), { tenantId });
    const today = this.deps.calendar.today();
    for (const debtId of request.debtIds) {
      const events = debtStreams.get(debtStream(debtId)) ?? [];
      const state = fold(debtDecider, await Promise.all(events.map((e) => this.deps.writer.debtCodec.decode(e))));
      debts[debtId] = debtViewFrom(state, today, events[events.length - 1]?.streamVersion ?? 0) ?? null;
    }
    return done({ debtors, debts });
  }
}
