import type { ReplayCodec, RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../shared/debtors-deps';
import { knownDebtorId } from '../shared/ids';
import { readDebtor, type DebtorView } from './debtor.view';

/**
 * A debtor's view holds personal data: the idempotency table keeps only its id, and a
 * replay reads the debtor again (after an erasure, the replay shows it erased).
 */
export function debtorReplay(deps: Pick<DebtorsDeps, 'store' | 'writer'>, ctx: RequestContext): ReplayCodec<DebtorView> {
  return {
    keep: (view) => ({ debtorId: view.debtorId }),
    replay: async (kept) => {
      const debtorId = knownDebtorId((kept as { debtorId: string }).debtorId);
      const view = await readDebtor(deps, ctx.principal.tenantId, debtorId);
      if (!view) throw new Error(`debtor ${debtorId} of a stored idempotent reply is gone`);
      return view;
    },
  };
}
