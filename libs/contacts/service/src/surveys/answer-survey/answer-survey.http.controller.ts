import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@collections/shared-auth';
import { NotFoundProblem, RuleViolationProblem } from '@collections/shared-nest';
import { schema, valueOrProblem } from '@collections/shared-service-kit';
import { SURVEY_TOKEN } from '../surveys';
import { AnswerSurveyHandler, answerSurveyBody, parseAnswerSurveyRequest } from './answer-survey.handler';

/** The survey's answer: public (the debtor has no login), the token in the path is the capability. */
@ApiTags('surveys')
@Public()
@Controller('surveys')
export class AnswerSurveyHttpController {
  constructor(@Inject(AnswerSurveyHandler) private readonly handler: AnswerSurveyHandler) {}

  @Post(':token/answer')
  @HttpCode(201)
  @ApiOperation({ summary: "Answer a satisfaction survey with its link's token: { score } from 1 to 5, once (a second answer: 409)" })
  @ApiBody({ schema: schema(answerSurveyBody) })
  async answer(@Param('token') token: string, @Body() body: unknown) {
    if (!SURVEY_TOKEN.test(token)) throw new NotFoundProblem('no such survey');
    const request = parseAnswerSurveyRequest(body);
    const outcome = await this.handler.execute(token, request);
    // one answer per survey: a second is a conflict with the first, not a broken rule
    if (outcome.kind === 'refused' && outcome.code === 'SURVEY_ALREADY_ANSWERED') throw new RuleViolationProblem(outcome.code, outcome.detail, HttpStatus.CONFLICT);
    return valueOrProblem(outcome);
  }
}
