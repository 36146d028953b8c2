import { Body, Controller, HttpCode, HttpException, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@collections/shared-auth';
import { schema, valueOrProblem } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { PAYMENTS_DEPS } from '../../shared/tokens';
import { readSettings } from '../../settings/settings.store';
import { PixWebhookHandler } from './pix-webhook.handler';
import { parsePixWebhookRequest, pixWebhookBody, verifyPixSignature } from './pix-webhook.request';

/** A webhook whose signature does not verify (or a tenant without a secret): 401, the same answer, nothing recorded. */
class UnauthorizedWebhook extends HttpException {
  constructor() {
    super({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'the webhook signature does not verify' }, 401);
  }
}

const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;

@ApiTags('webhooks')
@Public()
@Controller('webhooks/pix')
export class PixWebhookHttpController {
  constructor(
    @Inject(PixWebhookHandler) private readonly handler: PixWebhookHandler,
    @Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps,
  ) {}

  // The BACEN PIX API has the PSP post to the registered URL with "/pix" appended: both are this webhook.
  @Post([':tenantId', ':tenantId/pix'])
  @HttpCode(200)
  @ApiOperation({ summary: "A PSP's PIX notification (BACEN PIX API shape), signed with the tenant's webhook secret" })
  @ApiHeader({ name: 'X-Webhook-Signature', required: true, description: 'hex HMAC-SHA256 of the raw body with the tenant webhook secret (optionally prefixed sha256=)' })
  @ApiBody({ schema: schema(pixWebhookBody) })
  async receive(@Param('tenantId') tenantId: string, @Req() req: Request & { rawBody?: Buffer }, @Body() body: unknown) {
    // the signature is checked before anything of the body is read: a forged call learns nothing
    const settings = TENANT.test(tenantId) ? await readSettings(this.deps.store.driver, tenantId) : undefined;
    const raw = req.rawBody;
    if (!settings?.webhookSecret || !raw || !verifyPixSignature(settings.webhookSecret, raw, req.header('x-webhook-signature'))) throw new UnauthorizedWebhook();
    return valueOrProblem(await this.handler.execute(tenantId, parsePixWebhookRequest(body)));
  }
}
