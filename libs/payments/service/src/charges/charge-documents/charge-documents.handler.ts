import { done, notFound, refused, type RequestContext } from '@collections/shared-service-kit';
import { pixQrPng, pixQrSvg, renderBoletoPdf } from '@collections/payments-documents';
import type { PaymentsDeps } from '../../shared/payments-deps';
import type { Outcome } from '../../shared/outcome';
import { refusalOf } from '../../shared/refusals';
import { readSettings } from '../../settings/settings.store';
import type { GetChargeHandler } from '../get-charge/get-charge.handler';

export type QrFormat = 'png' | 'svg';

/** The charge's documents, drawn from its recorded terms: the PIX QR code and the boleto PDF. */
export class ChargeDocumentsHandler {
  constructor(
    private readonly deps: Pick<PaymentsDeps, 'store' | 'ledger'>,
    private readonly charges: GetChargeHandler,
  ) {}

  async qr(ctx: RequestContext, chargeId: string, format: QrFormat): Promise<Outcome<Buffer | string>> {
    const charge = await this.charges.execute(ctx, chargeId);
    if (charge.kind !== 'done') return charge;
    return done(format === 'png' ? await pixQrPng(charge.value.pixCopyPaste) : await pixQrSvg(charge.value.pixCopyPaste));
  }

  async boletoPdf(ctx: RequestContext, chargeId: string): Promise<Outcome<Buffer>> {
    const found = await this.charges.execute(ctx, chargeId);
    if (found.kind !== 'done') return found;
    const charge = found.value;
    if (!charge.boleto) return notFound(`charge ${chargeId} has no boleto (the tenant had no bank agreement when it was issued)`);
    const settings = await readSettings(this.deps.store.driver, ctx.principal.tenantId);
    if (!settings?.boleto) return refused('NO_BOLETO_AGREEMENT', 'the tenant has no bank agreement configured: the beneficiary to print is unknown');
    try {
      const payer = await this.deps.ledger.payer(ctx.principal.tenantId, charge.debtorId);
      return done(
        await renderBoletoPdf({
          beneficiary: { name: settings.boleto.beneficiaryName, taxId: settings.boleto.beneficiaryTaxId },
          payer: payer ?? { name: '(pagador)', taxId: '' },
          bankCode: charge.boleto.bankCode,
          linha: charge.boleto.line,
          barcode: charge.boleto.barcode,
          dueDate: charge.dueDate,
          amount: charge.amount,
          nossoNumero: charge.boleto.nossoNumero,
          instructions: ['Não receber após o vencimento; pague pelo PIX da cobrança.'],
        }),
      );
    } catch (error) {
      return refusalOf(error);
    }
  }
}
