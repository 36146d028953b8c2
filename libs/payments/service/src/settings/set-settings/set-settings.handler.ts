import { done, type RequestContext } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import type { Outcome } from '../../shared/outcome';
import type { SetSettingsRequest } from './set-settings.request';

/** The settings as shown: the webhook secret never leaves the service. */
export interface SettingsView {
  readonly pix: SetSettingsRequest['pix'];
  readonly boleto: SetSettingsRequest['boleto'];
  readonly webhookSecretSet: boolean;
  readonly cardWebhookSecretSet: boolean;
  readonly updatedAt: string;
}

/** The tenant's PIX receiver, bank agreement (boleto) and webhook secret. */
export class SetSettingsHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  async execute(ctx: RequestContext, request: SetSettingsRequest): Promise<Outcome<SettingsView>> {
    const updatedAt = this.deps.clock.now().toISOString();
    await this.deps.store.driver.query(
      `INSERT INTO payments_settings (tenant_id, pix, boleto, webhook_secret, card_webhook_secret, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET pix = EXCLUDED.pix, boleto = EXCLUDED.boleto, webhook_secret = EXCLUDED.webhook_secret,
         card_webhook_secret = EXCLUDED.card_webhook_secret, updated_at = EXCLUDED.updated_at`,
      [ctx.principal.tenantId, JSON.stringify(request.pix), request.boleto ? JSON.stringify(request.boleto) : null, request.webhookSecret, request.cardWebhookSecret, updatedAt],
    );
    return done({ pix: request.pix, boleto: request.boleto, webhookSecretSet: true, cardWebhookSecretSet: request.cardWebhookSecret !== null, updatedAt });
  }
}
