import type { EventMetadata, StoreTransaction } from '@collections/shared-event-store';
import { Money, type IsoDate } from '@collections/shared-kernel';
import { PaymentsRuleViolation, bancoDoBrasilConvenio7, issueBoleto, pixDynamicPayload, type ChargeBoleto, type IssuedChargeState } from '@collections/payments-domain';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { chargeStream, txidOf } from '../../shared/ids';
import { chargeAggregate } from '../../shared/payments-writer';
import { nextBoletoSequence, readSettings } from '../../settings/settings.store';
import { indexCharge } from '../charge-index';

export interface ChargeToIssue {
  readonly chargeId: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly agreementId: string | null;
  readonly installment: number | null;
  readonly amount: Money;
  readonly dueDate: IsoDate;
}

/**
 * Issues a charge: a dynamic PIX (the tenant's PSP location with the charge's txid) and,
 * when the tenant has a bank agreement, a boleto numbered from its wallet, in one
 * transaction with the charge's index row. The same charge again (a redelivered request)
 * appends nothing and takes no boleto number.
 */
export async function issueChargeNow(
  deps: Pick<PaymentsDeps, 'store' | 'writer' | 'clock'>,
  tenantId: string,
  charge: ChargeToIssue,
  write: { readonly metadata: EventMetadata; readonly nextEventId: () => string; readonly actor: string; readonly transaction?: StoreTransaction },
): Promise<{ readonly state: IssuedChargeState; readonly version: number }> {
  const settings = await readSettings(write.transaction ?? deps.store.driver, tenantId);
  if (!settings?.pix) throw new PaymentsRuleViolation('NO_PIX_SETTINGS', 'the tenant has no PIX receiver configured (PUT /settings)');
  const { pix } = settings;
  const txid = txidOf(charge.chargeId);
  const pixCopyPaste = pixDynamicPayload({ url: `${pix.locationBaseUrl}/${txid}`, merchantName: pix.merchantName, merchantCity: pix.merchantCity, amount: charge.amount });
  const now = deps.clock.now().toISOString();
  const work = async (transaction: StoreTransaction) => {
    const existing = await deps.store.readStream(chargeStream(charge.chargeId), { tenantId, transaction });
    let boleto: ChargeBoleto | null = null;
    if (!existing.exists && settings.boleto && charge.amount.currency === 'BRL') {
      const sequence = await nextBoletoSequence(transaction, tenantId);
      const issued = issueBoleto(bancoDoBrasilConvenio7, { convenio: settings.boleto.convenio, carteira: settings.boleto.carteira }, { sequence, dueDate: charge.dueDate, amount: charge.amount });
      boleto = { bankCode: bancoDoBrasilConvenio7.bankCode, nossoNumero: issued.nossoNumero, barcode: issued.barcode, line: issued.linha };
    }
    const outcome = await deps.writer.apply(
      chargeAggregate,
      chargeStream(charge.chargeId),
      { type: 'IssueCharge', ...charge, txid, pixCopyPaste, boleto, now, actor: write.actor },
      { tenantId, transaction, metadata: write.metadata, nextEventId: write.nextEventId },
    );
    const state = outcome.state as IssuedChargeState;
    await indexCharge(transaction, tenantId, state, outcome.events);
    return { state, version: outcome.nextExpectedVersion };
  };
  // a consumer issues inside its own transaction (with its inbox row); a request in one of its own
  return write.transaction ? work(write.transaction) : deps.store.transaction(work);
}
