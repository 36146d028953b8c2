import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { UploadTemplateHandler } from './upload-template.handler';
import { parseUploadTemplateRequest, uploadTemplateBody } from './upload-template.request';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class UploadTemplateHttpController {
  constructor(@Inject(UploadTemplateHandler) private readonly handler: UploadTemplateHandler) {}

  @Post()
  @HttpCode(201)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: "Upload a message template (Handlebars, Portuguese); it must show the creditor's name, address and CPF/CNPJ" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(uploadTemplateBody) })
  async upload(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseUploadTemplateRequest(body)));
  }
}
