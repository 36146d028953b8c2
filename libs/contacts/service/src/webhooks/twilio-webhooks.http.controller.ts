import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@collections/shared-auth';
import { NotFoundProblem } from '@collections/shared-nest';
import { valueOrProblem } from '@collections/shared-service-kit';
import { TenantId, ValidationError } from '@collections/shared-kernel';
import { parseTwilioInboundMessage, parseTwilioStatusCallback, verifyTwilioSignature } from '@collections/contacts-channels';
import { RecordDeliveryHandler } from '../deliveries/record-delivery/record-delivery.handler';
import { ReceiveInboundMessageHandler } from '../inbound/receive-inbound-message/receive-inbound-message.handler';
import { CONTACTS_WEBHOOKS, type ContactsWebhooks } from './webhooks.config';
import { UnauthorizedWebhook, tenantOfPath } from './webhook-auth';

/**
 * Twilio's status callbacks and inbound SMS, one URL per tenant. Each request is signed
 * (X-Twilio-Signature over the URL and the form parameters); a bad or missing signature
 * is a 401 and records nothing.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/twilio')
export class TwilioWebhooksHttpController {
  constructor(
    @Inject(CONTACTS_WEBHOOKS) private readonly config: ContactsWebhooks,
    @Inject(RecordDeliveryHandler) private readonly deliveries: RecordDeliveryHandler,
    @Inject(ReceiveInboundMessageHandler) private readonly inbound: ReceiveInboundMessageHandler,
  ) {}

  @Post(':tenantId/status')
  @HttpCode(200)
  async status(@Param('tenantId') tenant: string, @Req() req: Request, @Body() body: unknown) {
    const tenantId = this.verified(tenant, req, body);
    const messageId = typeof req.query['messageId'] === 'string' ? req.query['messageId'] : undefined;
    const receipt = parseTwilioStatusCallback(body as Record<string, string>, new Date(), messageId);
    if (!receipt) return { ignored: true };
    return valueOrProblem(await this.deliveries.execute(tenantId, 'sms', receipt));
  }

  @Post(':tenantId/inbound')
  @HttpCode(200)
  async receive(@Param('tenantId') tenant: string, @Req() req: Request, @Body() body: unknown) {
    const tenantId = this.verified(tenant, req, body);
    const message = parseTwilioInboundMessage(body as Record<string, string>, new Date());
    return valueOrProblem(await this.inbound.execute({ principal: { tenantId, subject: 'system:webhook:sms' } }, { channel: 'sms', from: message.from, text: message.text, receivedAt: message.at }));
  }

  private verified(tenant: string, req: Request, body: unknown): string {
    const { twilioAuthToken, publicBaseUrl } = this.config;
    if (!twilioAuthToken || !publicBaseUrl) throw new NotFoundProblem('the Twilio webhook is not configured');
    const tenantId = tenantOfPath(tenant);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ValidationError.of('body', 'must be a form');
    const signature = req.header('x-twilio-signature');
    const url = `${publicBaseUrl.replace(/\/$/, '')}${req.originalUrl}`;
    if (!verifyTwilioSignature({ authToken: twilioAuthToken, url, params: body as Record<string, string>, signature })) throw new UnauthorizedWebhook();
    return TenantId.parse(tenantId);
  }
}
