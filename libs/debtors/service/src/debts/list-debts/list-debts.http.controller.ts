import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { ListDebtsHandler } from './list-debts.handler';
import { parseListDebtsQuery } from './list-debts.query';

@ApiTags('debts')
@ApiBearerAuth()
@Controller('debts')
export class ListDebtsHttpController {
  constructor(@Inject(ListDebtsHandler) private readonly handler: ListDebtsHandler) {}

  @Get()
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'List debts by status and aging bucket, oldest first, with keyset pagination' })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'agingBucket', required: false })
  @ApiQuery({ name: 'debtorId', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @ApiQuery({ name: 'pageToken', required: false })
  list(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, string>) {
    return this.handler.execute({ principal }, parseListDebtsQuery(query));
  }
}
