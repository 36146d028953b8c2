import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { schema, valueOrProblem } from '@collections/shared-service-kit';
import { ReceiveInboundMessageHandler } from './receive-inbound-message.handler';
import { parseReceiveInboundMessageRequest, receiveInboundMessageBody } from './receive-inbound-message.request';

@ApiTags('inbound')
@ApiBearerAuth()
@Controller('inbound-messages')
export class ReceiveInboundMessageHttpController {
  constructor(@Inject(ReceiveInboundMessageHandler) private readonly handler: ReceiveInboundMessageHandler) {}

  @Post()
  @HttpCode(202)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'A message from a debtor (e.g. an e-mail reply); opt-out words opt the contact point it came from out' })
  @ApiBody({ schema: schema(receiveInboundMessageBody) })
  async receive(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parseReceiveInboundMessageRequest(body)));
  }
}
