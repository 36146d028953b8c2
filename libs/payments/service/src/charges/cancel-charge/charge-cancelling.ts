import type { EventMetadata, StoreTransaction } from '@collections/shared-event-store';
import type { ChargeCancelReason, IssuedChargeState } from '@collections/payments-domain';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { chargeStream } from '../../shared/ids';
import { chargeAggregate } from '../../shared/payments-writer';
import { indexCharge } from '../charge-index';

/** Cancels a charge with its index row, in one transaction. */
export async function cancelChargeNow(
  deps: Pick<PaymentsDeps, 'store' | 'writer' | 'clock'>,
  tenantId: string,
  chargeId: string,
  reason: ChargeCancelReason,
  write: { readonly metadata: EventMetadata; readonly nextEventId: () => string; readonly actor: string; readonly transaction?: StoreTransaction },
): Promise<{ readonly state: IssuedChargeState; readonly version: number }> {
  const now = deps.clock.now().toISOString();
  const work = async (transaction: StoreTransaction) => {
    const outcome = await deps.writer.apply(chargeAggregate, chargeStream(chargeId), { type: 'CancelCharge', chargeId, reason, now, actor: write.actor }, { tenantId, transaction, metadata: write.metadata, nextEventId: write.nextEventId });
    const state = outcome.state as IssuedChargeState;
    await indexCharge(transaction, tenantId, state, outcome.events);
    return { state, version: outcome.nextExpectedVersion };
  };
  return write.transaction ? work(write.transaction) : deps.store.transaction(work);
}
