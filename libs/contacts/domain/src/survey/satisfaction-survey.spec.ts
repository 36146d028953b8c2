import { ValidationError } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { ContactsRuleViolation } from '../contacts-rule-code';
import { DEBT_ID, at } from '../testing.fixtures';
import { satisfactionSurveyDecider, type SatisfactionSurveyEvent } from './satisfaction-survey';

const spec = DeciderSpecification.for(satisfactionSurveyDecider);
const facts = { surveyId: '7e57a5c0-0000-4000-8000-0000000005e1', taskId: '7e57a5c0-0000-4000-8000-00000000ca11', debtId: DEBT_ID, agent: 'agent:bia', channel: 'sms' } as const;
const requested: SatisfactionSurveyEvent = { type: 'SatisfactionSurveyRequested', data: { ...facts, requestedAt: at('2026-03-02', '10:00:00') } };
const sent: SatisfactionSurveyEvent = { type: 'SatisfactionSurveySent', data: { ...facts, messageId: 'm-1', contactPointId: 'phone-1', sentAt: at('2026-03-02', '10:01:00') } };
const answer = (score: number, now = at('2026-03-02', '11:00:00')) => ({ type: 'AnswerSurvey', score, now }) as const;

describe('a satisfaction survey after a call', () => {
  it('is asked for once per call: a retried completion asks nothing more', () => {
    spec.given([]).when({ type: 'RequestSurvey', ...facts, now: at('2026-03-02', '10:00:00') }).then([requested]);
    spec.given([requested]).when({ type: 'RequestSurvey', ...facts, now: at('2026-03-02', '10:00:05') }).thenNothingHappens();
  });

  it('is sent once, or recorded as not sent with the rule that stopped it, once', () => {
    spec.given([requested]).when({ type: 'RecordSurveySent', messageId: 'm-1', contactPointId: 'phone-1', now: at('2026-03-02', '10:01:00') }).then([sent]);
    spec.given([requested, sent]).when({ type: 'RecordSurveySent', messageId: 'm-2', contactPointId: 'phone-1', now: at('2026-03-02', '10:02:00') }).thenNothingHappens();
    const rule = { code: 'OPTED_OUT', article: 'LGPD art. 18 §2', detail: 'the debtor opted out of sms' };
    spec.given([requested]).when({ type: 'RecordSurveyNotSent', rule, now: at('2026-03-02', '10:01:00') }).then([{ type: 'SatisfactionSurveyNotSent', data: { ...facts, rule, notedAt: at('2026-03-02', '10:01:00') } }]);
  });

  it('is answered once with a whole score from 1 to 5', () => {
    spec.given([requested, sent]).when(answer(4)).then([{ type: 'SatisfactionSurveyAnswered', data: { ...facts, score: 4, answeredAt: at('2026-03-02', '11:00:00') } }]);
    const answered: SatisfactionSurveyEvent = { type: 'SatisfactionSurveyAnswered', data: { ...facts, score: 4, answeredAt: at('2026-03-02', '11:00:00') } };
    spec.given([requested, sent, answered]).when(answer(5)).thenThrows(ContactsRuleViolation, /already answered/);
    for (const score of [0, 6, 2.5, Number.NaN]) spec.given([requested, sent]).when(answer(score)).thenThrows(ValidationError, /score: must be a whole number from 1 to 5/);
  });

  it('is not answered before it was sent, nor more than 7 days after', () => {
    spec.given([requested]).when(answer(3)).thenThrows(ContactsRuleViolation, /no such survey/);
    spec.given([requested, sent]).when(answer(3, at('2026-03-09', '10:02:00'))).thenThrows(ContactsRuleViolation, /within 7 days/);
  });
});
