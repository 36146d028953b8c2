import { z } from 'zod';
import { ValidationError } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { done, type Outcome, type RequestContext } from '@collections/shared-service-kit';
import { channelCosts, CHANNELS } from '../kpis/kpi.queries';
import { MAX_CENTAVOS_PER_ATTEMPT } from '../kpis/kpi.rules';
import type { ReportingDeps } from '../shared/reporting-deps';

/**
 * What a contact attempt costs per channel, in integer centavos (0 to R$ 10,000.00). The
 * PUT replaces the whole table: a channel not named has no cost configured (and no cost
 * line in the contact-attempts KPI).
 */
export const setChannelCostsBody = z.strictObject({
  costs: z
    .array(z.strictObject({ channel: z.string().max(20), centavosPerAttempt: z.number() }))
    .max(CHANNELS.length),
});

export interface ChannelCostsRequest {
  readonly costs: readonly { readonly channel: (typeof CHANNELS)[number]; readonly centavosPerAttempt: number }[];
}

export function parseSetChannelCostsRequest(body: unknown): ChannelCostsRequest {
  const input = parseInput(setChannelCostsBody, body);
  const violations: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  input.costs.forEach((line, index) => {
    if (!(CHANNELS as readonly string[]).includes(line.channel)) violations.push({ field: `costs.${index}.channel`, message: `must be one of ${CHANNELS.join(', ')}` });
    else if (seen.has(line.channel)) violations.push({ field: `costs.${index}.channel`, message: 'is named twice' });
    seen.add(line.channel);
    if (!Number.isSafeInteger(line.centavosPerAttempt) || line.centavosPerAttempt < 0 || line.centavosPerAttempt > MAX_CENTAVOS_PER_ATTEMPT) {
      violations.push({ field: `costs.${index}.centavosPerAttempt`, message: `must be whole centavos from 0 to ${MAX_CENTAVOS_PER_ATTEMPT}` });
    }
  });
  if (violations.length > 0) throw new ValidationError(violations);
  return { costs: input.costs as ChannelCostsRequest['costs'] };
}

export interface ChannelCostsView {
  readonly currency: 'BRL';
  readonly costs: readonly { readonly channel: string; readonly centavosPerAttempt: number }[];
}

export class SetChannelCostsHandler {
  constructor(private readonly deps: ReportingDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: ChannelCostsRequest): Promise<Outcome<ChannelCostsView>> {
    const tenantId = ctx.principal.tenantId;
    const now = this.deps.clock.now().toISOString();
    await this.deps.driver.transaction(async (tx) => {
      await tx.query('DELETE FROM rep_channel_costs WHERE tenant_id = $1', [tenantId]);
      for (const line of request.costs) {
        await tx.query('INSERT INTO rep_channel_costs (tenant_id, channel, centavos, updated_at) VALUES ($1, $2, $3, $4)', [tenantId, line.channel, line.centavosPerAttempt, now]);
      }
    });
    return done({ currency: 'BRL', costs: await channelCosts(this.deps.driver, tenantId) });
  }
}

export class GetChannelCostsHandler {
  constructor(private readonly deps: ReportingDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>): Promise<Outcome<ChannelCostsView>> {
    return done({ currency: 'BRL', costs: await channelCosts(this.deps.driver, ctx.principal.tenantId) });
  }
}
