import type { IdGenerator } from '@collections/shared-kernel';
import { IdempotencyStore } from '@collections/shared-nest';
import type { RequestContext } from '../http/request-context';
import type { Outcome, Refusal } from './outcome';

/** A command as idempotency sees it: its type, the resource it targets, and what it asks. */
export interface IdempotentCommand {
  readonly type: string;
  /** The id of the resource the command targets; '' for a creation without a client-chosen id. */
  readonly target: string;
  /** The parsed request: what the transport sent, after the one validation edge. */
  readonly request: unknown;
}

/** The context of one attempt of an idempotent command: the caller's, with the attempt's ids. */
export type AttemptContext = RequestContext & { readonly ids: IdGenerator };

/** What a replay of a done command keeps, when the value holds personal data. */
export interface ReplayCodec<T> {
  keep(value: T): unknown;
  replay(kept: unknown): Promise<T>;
}

/** A refusal leaves the key unclaimed, as a failure does: the client may retry once the rule allows. */
class NotDone<Code extends string> extends Error {
  constructor(readonly outcome: Refusal<Code>) {
    super(outcome.kind);
  }
}

// The idempotency table stores a status per key; it is a "completed" marker here, not a
// transport's status: the controller picks the status from the use case.
const COMPLETED = 200;

/**
 * Every write runs behind the caller's idempotency key, keyed on the command (type,
 * target id, parsed request), not on a route: a REST call and a gRPC call with the same
 * key and the same command are the same request, and the second gets the first's answer.
 */
export class CommandIdempotency {
  constructor(private readonly store: IdempotencyStore) {}

  /**
   * `work` gets the context of this attempt: the caller's, with ids derived from the key
   * and the request (`attempt.ids`). Mint every new id and event id from them, so that the
   * retry of an attempt that failed after appending appends nothing twice.
   */
  async run<T, Code extends string>(
    ctx: RequestContext,
    command: IdempotentCommand,
    work: (attempt: AttemptContext) => Promise<Outcome<T, Code>>,
    codec?: ReplayCodec<T>,
  ): Promise<Outcome<T, Code>> {
    const hash = IdempotencyStore.requestHash(command.type, command.target, command.request);
    try {
      const stored = await this.store.run(
        ctx.principal.tenantId,
        ctx.idempotencyKey,
        hash,
        async ({ ids }) => {
          const outcome = await work({ ...ctx, ids });
          if (outcome.kind !== 'done') throw new NotDone(outcome);
          return { statusCode: COMPLETED, body: outcome.value };
        },
        codec ? { keep: (response) => codec.keep(response.body as T), replay: (kept) => codec.replay(kept) } : undefined,
      );
      return { kind: 'done', value: stored.body as T };
    } catch (error) {
      // only this call's work throws NotDone, with this call's Code
      if (error instanceof NotDone) return error.outcome as Refusal<Code>;
      throw error;
    }
  }
}
