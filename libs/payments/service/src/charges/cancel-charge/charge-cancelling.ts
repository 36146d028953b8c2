import type { EventMetadata } from '@collections/shared-event-store';
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
  write: { readonly metadata: EventMetadata; readonly nextEventId: () => string; readonly actor: string },
): Promise<{ readonly state: IssuedChargeState; readonly version: number }> {
  const now = deps.clock.now().toISOString();
  return deps.store.transaction(async (transaction) => {
    const outcome = await deps.writer.apply(chargeAggregate, chargeStream(chargeId), { type: 'CancelCharge', chargeId, reason, now, actor: write.actor }, { tenantId, transaction, ...write });
    const state = outcome.state as IssuedChargeState;
    await indexCharge(transaction, tenantId, state, outcome.events);
    return { state, version: outcome.nextExpectedVersion };
  });
}
