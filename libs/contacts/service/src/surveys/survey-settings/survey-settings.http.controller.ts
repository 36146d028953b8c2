import { Body, Controller, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { schema, valueOrProblem } from '@collections/shared-service-kit';
import { GetSurveySettingsHandler, SetSurveySettingsHandler, parseSurveySettings, surveySettingsBody } from './survey-settings';

@ApiTags('surveys')
@ApiBearerAuth()
@Controller('survey-settings')
export class SurveySettingsHttpController {
  constructor(
    @Inject(SetSurveySettingsHandler) private readonly set: SetSurveySettingsHandler,
    @Inject(GetSurveySettingsHandler) private readonly get: GetSurveySettingsHandler,
  ) {}

  @Put()
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'The satisfaction survey after a right-party call or a promise: on or off, and by sms or email (off by default)' })
  @ApiBody({ schema: schema(surveySettingsBody) })
  async put(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return valueOrProblem(await this.set.execute({ principal }, parseSurveySettings(body)));
  }

  @Get()
  @Roles('supervisor', 'admin', 'auditor')
  @ApiOperation({ summary: 'The satisfaction survey setting' })
  async read(@CurrentPrincipal() principal: Principal) {
    return valueOrProblem(await this.get.execute({ principal }));
  }
}
