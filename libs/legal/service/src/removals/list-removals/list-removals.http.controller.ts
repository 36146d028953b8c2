import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { ListRemovalsHandler } from './list-removals.handler';
import { parseListRemovalsRequest } from './list-removals.request';

@ApiTags('removals')
@ApiBearerAuth()
@Controller('removals')
export class ListRemovalsHttpController {
  constructor(@Inject(ListRemovalsHandler) private readonly handler: ListRemovalsHandler) {}

  @Get()
  @Roles('integrator', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'The SLA view: listing removals requested (5 business days, STJ Súmula 548), due or overdue' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'due', 'overdue', 'all'] })
  async list(@CurrentPrincipal() principal: Principal, @Query('status') status: unknown) {
    return valueOrProblem(await this.handler.execute({ principal }, parseListRemovalsRequest(status).status));
  }
}
