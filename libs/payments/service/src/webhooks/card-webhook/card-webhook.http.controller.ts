import { Body, Controller, HttpCode, HttpException, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@collections/shared-auth';
import { schema, valueOrProblem } from '@collections/shared-service-kit';
import type { PaymentsDeps } from '../../shared/payments-deps';
import { PAYMENTS_DEPS } from '../../shared/tokens';
import { readSettings } from '../../settings/settings.store';
import { CardWebhookHandler } from './card-webhook.handler';
import { cardWebhookBody, parseCardWebhookRequest, verifyCardSignature } from './card-webhook.request';

/** A bad, stale or missing signature, or a tenant without a card secret: 401, the same answer, nothing recorded. */
class UnauthorizedWebhook extends HttpException {
  constructor() {
    super({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'the webhook signature does not verify' }, 401);
  }
}

const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;

@ApiTags('webhooks')
@Public()
@Controller('webhooks/card')
export class CardWebhookHttpController {
  constructor(
    @Inject(CardWebhookHandler) private readonly handler: CardWebhookHandler,
    @Inject(PAYMENTS_DEPS) private readonly deps: PaymentsDeps,
  ) {}

  @Post(':tenantId')
  @HttpCode(200)
  @ApiOperation({ summary: "A card gateway's event (capture, refund, chargeback), signed with the tenant's card webhook secret" })
  @ApiHeader({ name: 'X-Card-Signature', required: true, description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">; at most 5 minutes old' })
  @ApiBody({ schema: schema(cardWebhookBody) })
  async receive(@Param('tenantId') tenantId: string, @Req() req: Request & { rawBody?: Buffer }, @Body() body: unknown) {
    const settings = TENANT.test(tenantId) ? await readSettings(this.deps.store.driver, tenantId) : undefined;
    const raw = req.rawBody;
    if (!settings?.cardWebhookSecret || !raw || !verifyCardSignature(settings.cardWebhookSecret, raw, req.header('x-card-signature'), this.deps.clock.now().getTime())) throw new UnauthorizedWebhook();
    return valueOrProblem(await this.handler.execute(tenantId, parseCardWebhookRequest(body)));
  }
}
