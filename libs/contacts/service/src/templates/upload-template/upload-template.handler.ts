import { done, type RequestContext } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { newTemplateId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import type { UploadTemplateRequest } from './upload-template.request';

export interface TemplateView {
  readonly templateId: string;
  readonly name: string;
  readonly channel: string;
  readonly subject: string | null;
  readonly body: string;
  readonly placeholders: readonly string[];
  readonly createdAt: string;
}

/** Stores a checked template under a new id; templates never change, so a step names the exact text it sent. */
export class UploadTemplateHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: UploadTemplateRequest): Promise<Outcome<TemplateView>> {
    return this.deps.idempotency.run(ctx, { type: 'UploadTemplate', target: '', request }, async (attempt) => {
      const templateId = newTemplateId(() => attempt.ids.next());
      const createdAt = this.deps.clock.now().toISOString();
      const { template } = request;
      await this.deps.store.driver.query(
        `INSERT INTO contacts_templates (tenant_id, template_id, channel, name, subject, body, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, template_id) DO NOTHING`,
        [ctx.principal.tenantId, templateId, template.channel, request.name, template.subject ?? null, template.body, createdAt, ctx.principal.subject],
      );
      return done({ templateId, name: request.name, channel: template.channel, subject: template.subject ?? null, body: template.body, placeholders: template.placeholders, createdAt });
    });
  }
}
