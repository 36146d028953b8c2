import { nameBasedUuid, type Clock } from '@collections/shared-kernel';
import type { SqlEventStore } from '@collections/shared-event-store';
import { PaymentsRuleViolation, type IssuedChargeState } from '@collections/payments-domain';
import type { PaymentsWriter } from '../../shared/payments-writer';
import { brazilDate } from '../../shared/payments-deps';
import { chargeStream } from '../../shared/ids';
import { chargeAggregate } from '../../shared/payments-writer';
import { indexCharge } from '../charge-index';

export interface ChargeExpiryOptions {
  readonly store: SqlEventStore;
  readonly writer: PaymentsWriter;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Days after its due date a charge stays payable (default 5: an agreement's default tolerance). */
  readonly graceDays?: number;
  /** Charges expired per transaction. */
  readonly batchSize?: number;
}

/**
 * Expires the open charges whose due date and grace have passed (`ChargeExpired`). The
 * charges table is the durable deadline: each batch takes its rows `FOR UPDATE SKIP LOCKED`
 * (two instances never expire one charge twice) and appends and updates them in the same
 * transaction. A payment that still arrives for an expired charge is recorded and allocated.
 */
export class ChargeExpiry {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: ChargeExpiryOptions) {}

  /** Expires every charge due for it now; how many. */
  async runDue(): Promise<number> {
    const { store, writer, clock } = this.options;
    const graceDays = this.options.graceDays ?? 5;
    const today = brazilDate(clock.now());
    let expired = 0;
    for (;;) {
      const batch = await store.transaction(async (transaction) => {
        const rows = await transaction.query<{ tenant_id: string; charge_id: string }>(
          `SELECT tenant_id, charge_id FROM payments_charges
            WHERE status = 'open' AND due_date + $1::int < $2::date
            ORDER BY due_date, charge_id LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [graceDays, today, this.options.batchSize ?? 100],
        );
        for (const row of rows) {
          let index = 0;
          try {
            const outcome = await writer.apply(
              chargeAggregate,
              chargeStream(row.charge_id),
              { type: 'ExpireCharge', chargeId: row.charge_id, today, graceDays, now: clock.now().toISOString() },
              { tenantId: row.tenant_id, transaction, metadata: { actor: 'system:payments-expiry' }, nextEventId: () => nameBasedUuid('payments.expiry', row.tenant_id, row.charge_id, String(index++)) },
            );
            await indexCharge(transaction, row.tenant_id, outcome.state as IssuedChargeState, outcome.events);
          } catch (error) {
            if (!(error instanceof PaymentsRuleViolation)) throw error;
            this.options.log(`payments: charge ${row.charge_id} not expired: ${error.message}`);
          }
        }
        return rows.length;
      });
      expired += batch;
      if (batch < (this.options.batchSize ?? 100)) return expired;
    }
  }

  start(pollMs = 60_000): void {
    const tick = async () => {
      try {
        this.running = this.runDue();
        await this.running;
      } catch (error) {
        this.options.log(`payments: charge expiry failed, retrying: ${(error as Error).message}`);
      } finally {
        this.running = undefined;
        if (this.timer !== undefined) this.timer = setTimeout(tick, pollMs);
      }
    };
    this.timer = setTimeout(tick, pollMs);
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearTimeout(timer);
    await this.running?.catch(() => undefined);
  }
}
