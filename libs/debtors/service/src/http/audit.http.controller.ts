import { Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { NotFoundProblem, TypeOrmProjectionRunner } from '@collections/shared-nest';
import { DebtorsApplication } from '../application/debtors.application';

/** `/audit/debtors/...` and `/audit/debts/...`; anything else is not a resource here. */
function kindOf(segment: string): 'debtor' | 'debt' {
  if (segment === 'debtors') return 'debtor';
  if (segment === 'debts') return 'debt';
  throw new NotFoundProblem(`no audit resource ${segment}`);
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditHttpController {
  constructor(@Inject(DebtorsApplication) private readonly application: DebtorsApplication) {}

  @Get(':kind/:id/history')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Every event of a debtor or debt: type, data, actor, time, correlation and causation, hash' })
  history(@CurrentPrincipal() principal: Principal, @Param('kind') kind: string, @Param('id') id: string) {
    return this.application.history({ principal }, kindOf(kind), id);
  }

  @Get(':kind/:id/state')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'The debtor or debt as it stood at a past instant (from the log as recorded then)' })
  @ApiQuery({ name: 'at', required: true, description: 'ISO 8601 instant' })
  state(@CurrentPrincipal() principal: Principal, @Param('kind') kind: string, @Param('id') id: string, @Query('at') at: string) {
    return this.application.stateAsOf({ principal }, kindOf(kind), id, at ?? '');
  }

  @Get(':kind/:id/verification')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Recompute the hash chain of one stream' })
  verifyStream(@CurrentPrincipal() principal: Principal, @Param('kind') kind: string, @Param('id') id: string) {
    return this.application.verify({ principal }, { kind: kindOf(kind), id });
  }

  @Get('verification')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Recompute the hash chain of every stream of the caller’s tenant' })
  verifyTenant(@CurrentPrincipal() principal: Principal) {
    return this.application.verify({ principal });
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminHttpController {
  constructor(@Inject(TypeOrmProjectionRunner) private readonly projections: TypeOrmProjectionRunner) {}

  @Post('projections/:name/rebuild')
  @Roles('admin')
  @ApiOperation({ summary: 'Empty a read model and replay the whole log into it' })
  async rebuild(@Param('name') name: string) {
    try {
      return { projection: name, eventsReplayed: await this.projections.rebuild(name) };
    } catch (error) {
      if ((error as Error).message.startsWith('no projection')) throw new NotFoundProblem((error as Error).message);
      throw error;
    }
  }
}
