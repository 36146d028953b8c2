import { Controller, Delete, HttpCode, Inject, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { NotFoundProblem } from '@collections/shared-nest';
import { httpContext, IDEMPOTENCY, valueOrProblem } from '@collections/shared-service-kit';
import { knownDebtId } from '../../shared/ids';
import { ReleaseHoldHandler } from './release-hold.handler';

/** A hold id as the API gave it: the kind, or `manual-<uuid>`; anything else names no hold. */
export function knownHoldId(value: string): string {
  if (!/^(deceased|bankruptcy|manual-[0-9a-f-]{36})$/.test(value)) throw new NotFoundProblem(`hold ${value.slice(0, 60)} is not a hold placed through this API`);
  return value;
}

@ApiTags('holds')
@ApiBearerAuth()
@Controller('debts')
export class ReleaseHoldHttpController {
  constructor(@Inject(ReleaseHoldHandler) private readonly handler: ReleaseHoldHandler) {}

  @Delete(':debtId/holds/:holdId')
  @HttpCode(200)
  @Roles('supervisor', 'admin', 'integrator')
  @ApiOperation({ summary: 'Release a hold; with none left the cadence resumes where it left off' })
  @ApiHeader(IDEMPOTENCY)
  async release(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtId') debtId: string, @Param('holdId') holdId: string) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), { debtId: knownDebtId(debtId), holdId: knownHoldId(holdId) }));
  }
}
