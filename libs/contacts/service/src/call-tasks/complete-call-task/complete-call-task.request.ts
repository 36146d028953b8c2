import { z } from 'zod';
import { Money, ValidationError, parseIsoDate, parseIsoInstant, validateAll, type IsoDate, type IsoInstant } from '@collections/shared-kernel';
import { CALL_OUTCOMES, type CallOutcome } from '@collections/contacts-domain';
import { parseInput } from '@collections/shared-nest';
import { moneySchema } from '../../shared/money.schema';
import { knownCallTaskId, type CallTaskId } from '../call-task-queue';

export const completeCallTaskBody = z
  .object({
    outcome: z.enum(CALL_OUTCOMES),
    /** What the agent heard: personal data, kept only encrypted under the debtor's key. */
    notes: z.string().trim().min(1).max(2_000).optional(),
    /** With the outcome `promise-to-pay` (and only with it): how much, by which day (Brazil's calendar). */
    promise: z.object({ amount: moneySchema, dueOn: z.string() }).strict().optional(),
    /** With the outcome `callback-requested` (and only with it): when the debtor asked to be called back. */
    callback: z.object({ at: z.string().max(40) }).strict().optional(),
    /** The ids of the steps of the script served with the task that the agent did. */
    stepsDone: z.array(z.string().max(40)).max(30).optional(),
    /** Where the call's recording is kept (the dialer's URL or id); the dialer's own when not given. */
    recordingRef: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export interface PromiseRequest {
  readonly amount: Money;
  readonly dueOn: IsoDate;
}

export interface CompleteCallTaskRequest {
  readonly taskId: CallTaskId;
  readonly outcome: CallOutcome;
  readonly notes: string | undefined;
  readonly promise: PromiseRequest | undefined;
  /** The instant the debtor asked to be called back. */
  readonly callbackAt: IsoInstant | undefined;
  readonly stepsDone: readonly string[];
  readonly recordingRef: string | undefined;
}

/**
 * The shape and the format of every field. That a promise is due today or later and not
 * above the debt's balance today are the handler's: they need the clock and the debtors
 * context.
 */
export function parseCompleteCallTaskRequest(taskId: string, input: unknown): CompleteCallTaskRequest {
  const id = knownCallTaskId(taskId);
  const body = parseInput(completeCallTaskBody, input);
  const checked = validateAll({
    promise: () => {
      if (body.outcome === 'promise-to-pay' && !body.promise) throw ValidationError.of('promise', 'is required with the outcome promise-to-pay: the amount and the day promised');
      if (body.outcome !== 'promise-to-pay' && body.promise) throw ValidationError.of('promise', `goes only with the outcome promise-to-pay, not ${body.outcome}`);
      if (!body.promise) return undefined;
      const { amount, dueOn } = body.promise;
      return validateAll({
        amount: () => Money.parse(amount, 'promise.amount', { allowZero: false }),
        dueOn: () => parseIsoDate(dueOn, 'promise.dueOn'),
      });
    },
    callbackAt: () => {
      if (body.outcome === 'callback-requested' && !body.callback) throw ValidationError.of('callback', 'is required with the outcome callback-requested: when to call back');
      if (body.outcome !== 'callback-requested' && body.callback) throw ValidationError.of('callback', `goes only with the outcome callback-requested, not ${body.outcome}`);
      return body.callback ? parseIsoInstant(body.callback.at, 'callback.at') : undefined;
    },
  });
  return { taskId: id, outcome: body.outcome, notes: body.notes, promise: checked.promise, callbackAt: checked.callbackAt, stepsDone: [...new Set(body.stepsDone ?? [])], recordingRef: body.recordingRef };
}
