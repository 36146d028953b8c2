import { done, refused } from '@collections/shared-service-kit';
import { PaymentsRuleViolation, type PaymentsRuleCode } from '@collections/payments-domain';
import type { PaymentsDeps } from '../../shared/payments-deps';
import type { Outcome } from '../../shared/outcome';
import { DebtorsUnavailableError } from '../../ports/debtors-ledger';
import { DebtorsUnavailableProblem } from '../../shared/refusals';
import { chargeByTxid } from '../../charges/charge-index';
import { receivePayment } from '../../payments/payment-intake';
import type { PixCreditNotice } from './pix-webhook.request';

export interface PixNoticeResult {
  readonly endToEndId: string;
  readonly paymentId: string;
  /** allocated to its charge, parked (no charge has the txid), repeated (received before), refused (with the reason). */
  readonly status: 'allocated' | 'parked' | 'repeated' | 'refused';
  readonly reason?: string;
}

/**
 * Each PIX credit of a notification becomes a payment whose id is `pix-<endToEndId>`: the
 * same notification again changes nothing. A txid no charge of the tenant has parks the
 * payment for reconciliation. A credit the rules refuse does not stop the others; the
 * notification is then answered 422 so the PSP shows it, and a retry is harmless.
 */
export class PixWebhookHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  async execute(tenantId: string, notices: readonly PixCreditNotice[]): Promise<Outcome<{ readonly results: readonly PixNoticeResult[] }>> {
    const results: PixNoticeResult[] = [];
    let firstCode: PaymentsRuleCode | undefined;
    for (const notice of notices) {
      const paymentId = `pix-${notice.endToEndId}`;
      try {
        const charge = notice.txid ? await chargeByTxid(this.deps.store.driver, tenantId, notice.txid) : undefined;
        const { state, repeated } = await receivePayment(
          this.deps,
          tenantId,
          { paymentId, amount: notice.amount, paidOn: notice.paidOn, method: 'pix', reference: notice.txid, chargeId: charge?.chargeId ?? null },
          'system:pix-webhook',
          { actor: 'system:pix-webhook' },
        );
        results.push({ endToEndId: notice.endToEndId, paymentId, status: repeated ? 'repeated' : state.status === 'parked' ? 'parked' : 'allocated' });
      } catch (error) {
        if (error instanceof DebtorsUnavailableError) throw new DebtorsUnavailableProblem(error.message);
        if (!(error instanceof PaymentsRuleViolation)) throw error;
        firstCode ??= error.code;
        results.push({ endToEndId: notice.endToEndId, paymentId, status: 'refused', reason: error.message });
      }
    }
    if (firstCode) return refused(firstCode, `${results.filter((r) => r.status === 'refused').length} of ${results.length} credits refused: ${results.filter((r) => r.status === 'refused').map((r) => `${r.endToEndId}: ${r.reason}`).join('; ')}`);
    return done({ results });
  }
}
