import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@collections/shared-auth';
import { NotFoundProblem } from '@collections/shared-nest';
import { TenantId } from '@collections/shared-kernel';
import { answerMetaVerification, parseWhatsAppWebhook, verifyMetaSignature } from '@collections/contacts-channels';
import { RecordDeliveryHandler } from '../deliveries/record-delivery/record-delivery.handler';
import { ReceiveInboundMessageHandler } from '../inbound/receive-inbound-message/receive-inbound-message.handler';
import { CONTACTS_WEBHOOKS, type ContactsWebhooks } from './webhooks.config';
import { UnauthorizedWebhook, tenantOfPath } from './webhook-auth';

/**
 * The WhatsApp Cloud API's webhook, one URL per tenant: statuses of messages sent and
 * messages the debtor wrote. Signed with X-Hub-Signature-256 over the raw body; a bad or
 * missing signature is a 401 and records nothing. A receipt for an unknown message is
 * skipped (Meta retries a webhook answered with an error for days).
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/whatsapp')
export class WhatsAppWebhooksHttpController {
  constructor(
    @Inject(CONTACTS_WEBHOOKS) private readonly config: ContactsWebhooks,
    @Inject(RecordDeliveryHandler) private readonly deliveries: RecordDeliveryHandler,
    @Inject(ReceiveInboundMessageHandler) private readonly inbound: ReceiveInboundMessageHandler,
  ) {}

  @Get(':tenantId')
  @Header('content-type', 'text/plain')
  verify(@Param('tenantId') tenant: string, @Query() query: Record<string, string | undefined>) {
    if (!this.config.whatsappVerifyToken) throw new NotFoundProblem('the WhatsApp webhook is not configured');
    tenantOfPath(tenant);
    return answerMetaVerification(query, this.config.whatsappVerifyToken);
  }

  @Post(':tenantId')
  @HttpCode(200)
  async receive(@Param('tenantId') tenant: string, @Req() req: Request & { rawBody?: Buffer }, @Body() body: unknown) {
    if (!this.config.whatsappAppSecret) throw new NotFoundProblem('the WhatsApp webhook is not configured');
    const tenantId = TenantId.parse(tenantOfPath(tenant));
    if (!req.rawBody || !verifyMetaSignature(req.rawBody, req.header('x-hub-signature-256'), this.config.whatsappAppSecret)) throw new UnauthorizedWebhook();
    const content = parseWhatsAppWebhook(body);
    let recorded = 0;
    let unknown = 0;
    for (const receipt of content.receipts) {
      const outcome = await this.deliveries.execute(tenantId, 'whatsapp', receipt);
      if (outcome.kind === 'done') recorded += 1;
      else unknown += 1;
    }
    for (const message of content.inbound) {
      await this.inbound.execute({ principal: { tenantId, subject: 'system:webhook:whatsapp' } }, { channel: 'whatsapp', from: message.from, text: message.text, receivedAt: message.at });
    }
    return { receipts: recorded, unknownReceipts: unknown, inbound: content.inbound.length, ignored: content.ignored };
  }
}
