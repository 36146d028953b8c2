import { ValidationError, assertNever, type Decider, type IsoInstant } from '@collections/shared-kernel';
import type { RuleReference } from '../channel';
import { ContactsRuleViolation } from '../contacts-rule-code';

/** The channels a survey goes by (a tenant's setting). */
export const SURVEY_CHANNELS = ['sms', 'email'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** A survey not sent within this long after its call is not sent (a question about a call a week ago means little). */
export const SURVEY_SEND_WINDOW_HOURS = 48;
/** How long after it was sent a survey may be answered. */
export const SURVEY_ANSWER_DAYS = 7;

interface SurveyFacts {
  readonly surveyId: string;
  readonly taskId: string;
  readonly debtId: string;
  readonly agent: string;
  readonly channel: SurveyChannel;
}

export interface SatisfactionSurveyRequested {
  readonly type: 'SatisfactionSurveyRequested';
  readonly data: SurveyFacts & { readonly requestedAt: IsoInstant };
}
export interface SatisfactionSurveySent {
  readonly type: 'SatisfactionSurveySent';
  readonly data: SurveyFacts & { readonly messageId: string; readonly contactPointId: string; readonly sentAt: IsoInstant };
}
/** Evidence: the survey may not go (consent, opt-out, no contact point, no provider, too late), with the rule. */
export interface SatisfactionSurveyNotSent {
  readonly type: 'SatisfactionSurveyNotSent';
  readonly data: SurveyFacts & { readonly rule: RuleReference; readonly notedAt: IsoInstant };
}
export interface SatisfactionSurveyAnswered {
  readonly type: 'SatisfactionSurveyAnswered';
  readonly data: SurveyFacts & { readonly score: number; readonly answeredAt: IsoInstant };
}
export type SatisfactionSurveyEvent = SatisfactionSurveyRequested | SatisfactionSurveySent | SatisfactionSurveyNotSent | SatisfactionSurveyAnswered;

export type SatisfactionSurveyCommand =
  | ({ readonly type: 'RequestSurvey'; readonly now: IsoInstant } & SurveyFacts)
  | { readonly type: 'RecordSurveySent'; readonly messageId: string; readonly contactPointId: string; readonly now: IsoInstant }
  | { readonly type: 'RecordSurveyNotSent'; readonly rule: RuleReference; readonly now: IsoInstant }
  | { readonly type: 'AnswerSurvey'; readonly score: number; readonly now: IsoInstant };

export type SatisfactionSurveyState =
  | { readonly status: 'none' }
  | { readonly status: 'requested' | 'sent' | 'not-sent' | 'answered'; readonly facts: SurveyFacts; readonly sentAt: IsoInstant | null; readonly score: number | null };

function decide(command: SatisfactionSurveyCommand, state: SatisfactionSurveyState): readonly SatisfactionSurveyEvent[] {
  if (command.type === 'RequestSurvey') {
    // one survey per call: a retried completion asks once
    if (state.status !== 'none') return [];
    const { surveyId, taskId, debtId, agent, channel } = command;
    return [{ type: 'SatisfactionSurveyRequested', data: { surveyId, taskId, debtId, agent, channel, requestedAt: command.now } }];
  }
  if (state.status === 'none') throw new ContactsRuleViolation('SURVEY_NOT_FOUND', 'no such survey');
  switch (command.type) {
    case 'RecordSurveySent':
      if (state.status !== 'requested') return [];
      return [{ type: 'SatisfactionSurveySent', data: { ...state.facts, messageId: command.messageId, contactPointId: command.contactPointId, sentAt: command.now } }];
    case 'RecordSurveyNotSent':
      if (state.status !== 'requested') return [];
      return [{ type: 'SatisfactionSurveyNotSent', data: { ...state.facts, rule: command.rule, notedAt: command.now } }];
    case 'AnswerSurvey': {
      if (!Number.isInteger(command.score) || command.score < 1 || command.score > 5) throw ValidationError.of('score', 'must be a whole number from 1 to 5');
      if (state.status === 'answered') throw new ContactsRuleViolation('SURVEY_ALREADY_ANSWERED', 'this survey was already answered: it takes one answer');
      // a survey never sent has no link anyone could have
      if (state.status !== 'sent' || state.sentAt === null) throw new ContactsRuleViolation('SURVEY_NOT_FOUND', 'no such survey');
      if (Date.parse(command.now) > Date.parse(state.sentAt) + SURVEY_ANSWER_DAYS * 86_400_000) {
        throw new ContactsRuleViolation('SURVEY_EXPIRED', `a survey is answered within ${SURVEY_ANSWER_DAYS} days of being sent`);
      }
      return [{ type: 'SatisfactionSurveyAnswered', data: { ...state.facts, score: command.score, answeredAt: command.now } }];
    }
    default:
      return assertNever(command, 'survey command');
  }
}

function evolve(state: SatisfactionSurveyState, event: SatisfactionSurveyEvent): SatisfactionSurveyState {
  switch (event.type) {
    case 'SatisfactionSurveyRequested': {
      const { surveyId, taskId, debtId, agent, channel } = event.data;
      return { status: 'requested', facts: { surveyId, taskId, debtId, agent, channel }, sentAt: null, score: null };
    }
    case 'SatisfactionSurveySent':
      return state.status === 'none' ? state : { ...state, status: 'sent', sentAt: event.data.sentAt };
    case 'SatisfactionSurveyNotSent':
      return state.status === 'none' ? state : { ...state, status: 'not-sent' };
    case 'SatisfactionSurveyAnswered':
      return state.status === 'none' ? state : { ...state, status: 'answered', score: event.data.score };
    default:
      return assertNever(event, 'survey event');
  }
}

/**
 * The one-question satisfaction survey after a call that reached the debtor (stream
 * `survey-<surveyId>`): asked for once per call, sent or not sent (with the rule) once,
 * answered once with a score from 1 to 5 within a week of being sent.
 */
export const satisfactionSurveyDecider: Decider<SatisfactionSurveyState, SatisfactionSurveyCommand, SatisfactionSurveyEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
