import { NotFoundProblem, RuleViolationProblem } from '@collections/shared-nest';
import { assertNever } from '@collections/shared-kernel';

/**
 * What a use case answers, whatever the transport: done with a value, or refused because
 * the resource does not exist (for this tenant) or a business rule forbids it. Invalid
 * input is not an outcome: the request's parser throws ValidationError before a handler
 * runs, and the deciders' own field checks do the same.
 */
export type Outcome<T, Code extends string = string> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'not-found'; readonly detail: string }
  | { readonly kind: 'refused'; readonly code: Code; readonly detail: string };

/** An outcome that is not done: what a handler passes on from a step that refused. */
export type Refusal<Code extends string = string> = Exclude<Outcome<never, Code>, { kind: 'done' }>;

export const done = <T>(value: T): { readonly kind: 'done'; readonly value: T } => ({ kind: 'done', value });
export const notFound = (detail: string): Refusal<never> => ({ kind: 'not-found', detail });
export const refused = <Code extends string>(code: Code, detail: string): Refusal<Code> => ({ kind: 'refused', code, detail });

/**
 * The value of a done outcome; a refusal as the problem both transports answer with
 * (REST problem+json, gRPC status via GrpcProblemFilter): not found 404 / NOT_FOUND,
 * a business rule 422 / FAILED_PRECONDITION.
 */
export function valueOrProblem<T>(outcome: Outcome<T>): T {
  switch (outcome.kind) {
    case 'done':
      return outcome.value;
    case 'not-found':
      throw new NotFoundProblem(outcome.detail);
    case 'refused':
      throw new RuleViolationProblem(outcome.code, outcome.detail, 422);
    default:
      return assertNever(outcome, 'outcome');
  }
}
