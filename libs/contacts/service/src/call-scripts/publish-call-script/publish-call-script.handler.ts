import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { done, type RequestContext } from '@collections/shared-service-kit';
import type { CallScriptStep } from '@collections/contacts-domain';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { callScriptAggregate, callScriptStepsSchema, callScriptStream, currentScriptOf, type CallScriptView } from '../call-scripts';

export const publishCallScriptBody = z.object({ steps: callScriptStepsSchema }).strict();

export interface PublishCallScriptRequest {
  readonly segment: string;
  readonly steps: readonly CallScriptStep[];
}

export function parsePublishCallScriptRequest(segment: string, input: unknown): PublishCallScriptRequest {
  return { segment, steps: parseInput(publishCallScriptBody, input).steps };
}

/**
 * A supervisor publishes the segment's script: the next version (`CallScriptPublished`).
 * Tasks taken from then on are served it; a task already taken keeps the version it was
 * served (its steps done are checked against that one). The decider checks the order the
 * law asks for (identify first, name the creditor).
 */
export class PublishCallScriptHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, request: PublishCallScriptRequest): Promise<Outcome<CallScriptView>> {
    return this.deps.idempotency.run(ctx, { type: 'PublishCallScript', target: request.segment, request }, async (attempt) => {
      const tenantId = ctx.principal.tenantId;
      const command = { type: 'PublishCallScript', segment: request.segment, steps: request.steps, now: this.deps.clock.now().toISOString(), actor: ctx.principal.subject } as const;
      return this.deps.store.transaction(async (tx) => {
        const written = await this.deps.writer.write(attempt, callScriptAggregate, callScriptStream(tenantId, request.segment), command, { transaction: tx });
        if (written.kind !== 'done') return written;
        return done(await currentScriptOf(this.deps.store, tenantId, request.segment, tx));
      });
    });
  }
}

/** The segment's script as served now (the default, version 0, when the tenant published none). */
export class GetCallScriptHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, segment: string): Promise<Outcome<CallScriptView>> {
    return done(await currentScriptOf(this.deps.store, ctx.principal.tenantId, segment));
  }
}
