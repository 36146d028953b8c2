import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { DebtorsApplication, recordConsentBody, recordOptOutBody, registerDebtorBody, updateContactPointsBody } from '../application/debtors.application';
import { IDEMPOTENCY, httpContext, schema } from '@collections/shared-service-kit';
import { send } from './send';


@ApiTags('debtors')
@ApiBearerAuth()
@Controller('debtors')
export class DebtorsHttpController {
  constructor(@Inject(DebtorsApplication) private readonly application: DebtorsApplication) {}

  @Post()
  @Roles('integrator', 'admin')
  @ApiOperation({ summary: 'Register a debtor (person by CPF or company by CNPJ)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(registerDebtorBody) })
  async register(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.application.registerDebtor(httpContext(principal, req), body));
  }

  @Get(':debtorId')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  @ApiOperation({ summary: 'A debtor, with personal data decrypted ("[erased]" after erasure)' })
  get(@CurrentPrincipal() principal: Principal, @Param('debtorId') debtorId: string) {
    return this.application.getDebtor({ principal }, debtorId);
  }

  @Put(':debtorId/contact-points')
  @Roles('integrator', 'agent', 'admin')
  @ApiOperation({ summary: 'Replace the contact points (consent and opt-out kept per channel)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(updateContactPointsBody) })
  async updateContactPoints(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtorId') debtorId: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.application.updateContactPoints(httpContext(principal, req), debtorId, body));
  }

  @Post(':debtorId/contact-points/:contactPointId/consent')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'admin')
  @ApiOperation({ summary: 'Record the consent given or withdrawn for one contact point (an opt-out stays in force)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordConsentBody) })
  async recordConsent(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Param('debtorId') debtorId: string,
    @Param('contactPointId') contactPointId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.application.recordContactConsent(httpContext(principal, req), debtorId, contactPointId, body));
  }

  @Post(':debtorId/contact-points/:contactPointId/opt-out')
  @HttpCode(200)
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Record that the debtor asked not to be contacted on this channel again (kept across later syncs)' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(recordOptOutBody) })
  async recordOptOut(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Param('debtorId') debtorId: string,
    @Param('contactPointId') contactPointId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return send(res, await this.application.recordOptOut(httpContext(principal, req), debtorId, contactPointId, body));
  }

  @Post(':debtorId/erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'LGPD art. 18 erasure: destroys the debtor’s key; history stays, personal data becomes unreadable' })
  @ApiHeader(IDEMPOTENCY)
  async erase(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Param('debtorId') debtorId: string, @Res({ passthrough: true }) res: Response) {
    return send(res, await this.application.requestErasure(httpContext(principal, req), debtorId));
  }
}
