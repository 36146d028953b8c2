import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { done, notFound, refused } from '@collections/shared-service-kit';
import { ContactsRuleViolation } from '@collections/contacts-domain';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { SurveyTokens, surveyAggregate, surveyStream } from '../surveys';

/** The score as sent: a whole number from 1 to 5 (the decider says so by its field too). */
export const answerSurveyBody = z.object({ score: z.number().int().min(1).max(5) }).strict();

export const parseAnswerSurveyRequest = (input: unknown): { readonly score: number } => parseInput(answerSurveyBody, input);

/**
 * The debtor's answer, by the link's token (no login: the token is the capability, found
 * by its hash). Recorded once (`SatisfactionSurveyAnswered`): a second answer is refused
 * (`SURVEY_ALREADY_ANSWERED`, 409), the row is held meanwhile so two answers at once do not
 * both count.
 */
export class AnswerSurveyHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(token: string, request: { readonly score: number }): Promise<Outcome<{ readonly surveyId: string; readonly score: number; readonly answeredAt: string }>> {
    const now = this.deps.clock.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const [row] = await tx.query<{ tenant_id: string; survey_id: string }>('SELECT tenant_id, survey_id FROM contacts_surveys WHERE token_hash = $1 FOR UPDATE', [SurveyTokens.hashOf(token)]);
      if (!row) return notFound('no such survey');
      let written;
      try {
        written = await this.deps.writer.apply(surveyAggregate, surveyStream(row.survey_id), { type: 'AnswerSurvey', score: request.score, now }, {
        tenantId: row.tenant_id,
        transaction: tx,
        metadata: { actor: 'debtor:survey' },
        // a fresh id: an id derived from the survey would make a second answer a replay of the first, not a refusal
        nextEventId: () => this.deps.ids.next(),
        });
      } catch (error) {
        if (!(error instanceof ContactsRuleViolation)) throw error;
        return error.code === 'SURVEY_NOT_FOUND' ? notFound('no such survey') : refused(error.code, error.message);
      }
      return done({ surveyId: row.survey_id, score: request.score, answeredAt: written.events[0]?.type === 'SatisfactionSurveyAnswered' ? written.events[0].data.answeredAt : now });
    });
  }
}
