import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { done, type RequestContext } from '@collections/shared-service-kit';
import { SURVEY_CHANNELS } from '@collections/contacts-domain';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { surveySettingsOf, type SurveySettings } from '../surveys';

export const surveySettingsBody = z.object({ enabled: z.boolean(), channel: z.enum(SURVEY_CHANNELS) }).strict();

export const parseSurveySettings = (input: unknown): SurveySettings => parseInput(surveySettingsBody, input);

/** Turns the survey after a right-party call on or off, and says by which channel it goes. */
export class SetSurveySettingsHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, settings: SurveySettings): Promise<Outcome<SurveySettings>> {
    await this.deps.store.driver.query(
      `INSERT INTO contacts_survey_settings (tenant_id, enabled, channel) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET enabled = EXCLUDED.enabled, channel = EXCLUDED.channel`,
      [ctx.principal.tenantId, settings.enabled, settings.channel],
    );
    return done(await surveySettingsOf(this.deps.store.driver, ctx.principal.tenantId));
  }
}

export class GetSurveySettingsHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>): Promise<Outcome<SurveySettings>> {
    return done(await surveySettingsOf(this.deps.store.driver, ctx.principal.tenantId));
  }
}
