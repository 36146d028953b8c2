import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@collections/shared-auth';
import { NotFoundProblem, parseInput } from '@collections/shared-nest';
import { DIALER_SIGNATURE_HEADER, dialerCallReportSchema, parseDialerCallReport, verifyDialerSignature } from '@collections/contacts-channels';
import { valueOrProblem } from '@collections/shared-service-kit';
import { RecordCallReportHandler } from '../call-tasks/dial-call-task/record-call-report.handler';
import { CONTACTS_WEBHOOKS, type ContactsWebhooks } from './webhooks.config';
import { UnauthorizedWebhook } from './webhook-auth';

/**
 * The dialer's reports of the calls it placed (`call.started`, `call.ended` with the
 * duration and the recording), signed `X-Dialer-Signature: sha256=<HMAC of the raw body>`
 * under the shared secret; a bad or missing signature is a 401 and records nothing, a call
 * this service did not dial a 404.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/dialer')
export class DialerWebhooksHttpController {
  constructor(
    @Inject(CONTACTS_WEBHOOKS) private readonly config: ContactsWebhooks,
    @Inject(RecordCallReportHandler) private readonly reports: RecordCallReportHandler,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() req: Request & { rawBody?: Buffer }, @Body() body: unknown) {
    const secret = this.config.dialerWebhookSecret;
    if (!secret) throw new NotFoundProblem('the dialer webhook is not configured');
    if (!req.rawBody || !verifyDialerSignature(req.rawBody, req.header(DIALER_SIGNATURE_HEADER), secret)) throw new UnauthorizedWebhook();
    const report = parseDialerCallReport(parseInput(dialerCallReportSchema, body));
    return valueOrProblem(await this.reports.execute(report));
  }
}
