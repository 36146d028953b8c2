import { z } from 'zod';
import { ValidationError } from '@collections/shared-kernel';
import type { StoreTransaction } from '@collections/shared-event-store';
import { CALL_OUTCOMES, DEFAULT_FOLLOW_UP_MINUTES, type CallOutcome } from '@collections/contacts-domain';
import { parseInput } from '@collections/shared-nest';
import { done, type RequestContext } from '@collections/shared-service-kit';
import type { Principal } from '@collections/shared-auth';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';

/** Up to 90 days after a call; null: that outcome calls for no follow-up. */
const MAX_MINUTES = 90 * 1_440;

export const setFollowUpRulesBody = z.object({ rules: z.record(z.string().max(40), z.number().int().nullable()) }).strict();

export type FollowUpRules = Readonly<Record<CallOutcome, number | null>>;

/** The one validation edge: every outcome named is one of the call outcomes; minutes from 1 to 90 days, or null. */
export function parseSetFollowUpRulesRequest(input: unknown): Partial<Record<CallOutcome, number | null>> {
  const body = parseInput(setFollowUpRulesBody, input);
  const violations = [];
  const rules: Partial<Record<CallOutcome, number | null>> = {};
  for (const [outcome, minutes] of Object.entries(body.rules)) {
    const known = CALL_OUTCOMES.find((o) => o === outcome);
    if (!known) violations.push({ field: `rules.${outcome.slice(0, 40)}`, message: `is not a call outcome (${CALL_OUTCOMES.join(', ')})` });
    else if (minutes !== null && (minutes < 1 || minutes > MAX_MINUTES)) violations.push({ field: `rules.${outcome}`, message: `must be from 1 to ${MAX_MINUTES} minutes, or null for no follow-up` });
    else rules[known] = minutes;
  }
  if (violations.length > 0) throw new ValidationError(violations);
  return rules;
}

/** The tenant's table as it applies: its rows over the defaults. */
export async function followUpRulesOf(db: Pick<StoreTransaction, 'query'>, tenantId: string): Promise<FollowUpRules> {
  const rows = await db.query<{ outcome: string; after_minutes: number | null }>('SELECT outcome, after_minutes FROM contacts_follow_up_rules WHERE tenant_id = $1', [tenantId]);
  const rules: Record<CallOutcome, number | null> = { ...DEFAULT_FOLLOW_UP_MINUTES };
  for (const row of rows) {
    const outcome = CALL_OUTCOMES.find((o) => o === row.outcome);
    if (outcome) rules[outcome] = row.after_minutes;
  }
  return rules;
}

/** Sets the minutes of the outcomes named (the others keep theirs); answers the whole table. */
export class SetFollowUpRulesHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: RequestContext, rules: Partial<Record<CallOutcome, number | null>>): Promise<Outcome<FollowUpRules>> {
    const tenantId = ctx.principal.tenantId;
    return this.deps.store.transaction(async (tx) => {
      for (const [outcome, minutes] of Object.entries(rules)) {
        await tx.query(
          `INSERT INTO contacts_follow_up_rules (tenant_id, outcome, after_minutes) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id, outcome) DO UPDATE SET after_minutes = EXCLUDED.after_minutes`,
          [tenantId, outcome, minutes],
        );
      }
      return done(await followUpRulesOf(tx, tenantId));
    });
  }
}

export class GetFollowUpRulesHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: { readonly principal: Principal }): Promise<Outcome<FollowUpRules>> {
    return done(await followUpRulesOf(this.deps.store.driver, ctx.principal.tenantId));
  }
}
