import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { GetContactsHandler } from './get-contacts.handler';
import { parseGetContactsRequest } from './get-contacts.request';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class GetContactsHttpController {
  constructor(@Inject(GetContactsHandler) private readonly handler: GetContactsHandler) {}

  @Get(':contactsId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A Contacts, folded from its stream' })
  async get(@CurrentPrincipal() principal: Principal, @Param('contactsId') contactsId: string) {
    return valueOrProblem(await this.handler.execute({ principal }, parseGetContactsRequest(contactsId)));
  }
}
