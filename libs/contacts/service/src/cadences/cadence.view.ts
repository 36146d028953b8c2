import { ValidationError, type FieldViolation } from '@collections/shared-kernel';
import type { StoreTransaction } from '@collections/shared-event-store';
import type { CadenceState, CadenceStep } from '@collections/contacts-domain';

export interface CadenceView {
  readonly cadenceId: string;
  readonly name: string;
  readonly segment: string;
  readonly version: number;
  readonly steps: readonly CadenceStep[];
  readonly updatedAt: string;
}

export function cadenceViewOf(state: CadenceState): CadenceView | undefined {
  if (state.status !== 'defined') return undefined;
  return { cadenceId: state.cadenceId, name: state.name, segment: state.segment, version: state.version, steps: state.steps, updatedAt: state.updatedAt };
}

/** Each step names a template of this tenant made for the step's channel; else a 400 naming the step. */
export async function checkTemplates(tx: StoreTransaction, tenantId: string, steps: readonly CadenceStep[]): Promise<void> {
  const rows = await tx.query<{ template_id: string; channel: string }>('SELECT template_id, channel FROM contacts_templates WHERE tenant_id = $1 AND template_id = ANY($2::uuid[])', [
    tenantId,
    steps.flatMap((s) => (s.templateId ? [s.templateId] : [])),
  ]);
  const channels = new Map(rows.map((r) => [r.template_id, r.channel]));
  const violations: FieldViolation[] = [];
  steps.forEach((step, index) => {
    if (step.templateId === null) return;
    const channel = channels.get(step.templateId);
    if (channel === undefined) violations.push({ field: `steps[${index}].templateId`, message: 'is not a template of this tenant' });
    else if (channel !== step.channel) violations.push({ field: `steps[${index}].templateId`, message: `is a ${channel} template, the step is ${step.channel}` });
  });
  if (violations.length > 0) throw new ValidationError(violations);
}
