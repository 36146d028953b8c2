import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainRuleViolation, ValidationError, type FieldViolation } from '@collections/shared-kernel';
import {
  IdempotencyConflictError,
  InvalidAppendError,
  StreamTenantMismatchError,
  WrongExpectedVersionError,
} from '@collections/shared-event-store';

/** RFC 9457 problem details, the body of every error the REST API returns. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly FieldViolation[];
  readonly code?: string;
}

/** A business rule refused the command (a debt already settled, an erased debtor...). */
export class RuleViolationProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = HttpStatus.UNPROCESSABLE_ENTITY,
  ) {
    super(message);
  }
}

/** The resource does not exist for this tenant (never "exists but is someone else's"). */
export class NotFoundProblem extends Error {
  override readonly name = 'NotFoundProblem';
}

const TYPE_BASE = 'https://collections.example/problems';
const NOT_FOUND_CODE = /_(NOT_FOUND|NOT_REGISTERED|NOT_DEFINED|NOT_TRACKED|NOT_MADE|NOT_ENTERED|UNKNOWN)$/;

/**
 * Maps every error to `application/problem+json`: validation to 400 with the fields,
 * business rules to 422/409, concurrency to 409, another tenant's ids to 404, body
 * parser errors to 400/413, and anything unexpected to a 500 whose detail leaks
 * nothing (it is logged with the request id instead).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = { ...toProblem(error), instance: request.originalUrl };
    if (problem.status >= 500) this.logger.error({ err: error, url: request.originalUrl }, 'unhandled error');
    if (error instanceof HttpException) {
      const headers = (error.getResponse() as { headers?: Record<string, string> }).headers;
      for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    }
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ValidationError) {
    return { type: `${TYPE_BASE}/validation`, title: 'Invalid request', status: 400, detail: error.message, errors: error.violations };
  }
  if (error instanceof RuleViolationProblem) {
    return { type: `${TYPE_BASE}/rule-violation`, title: 'Refused by a business rule', status: error.status, detail: error.message, code: error.code };
  }
  // A decider's refusal that reached the transport without going through a context writer
  // (a handler that called a domain function itself): still the client's problem, never a 500.
  // Codes that say "no such ..." (each context's not-found codes: *_NOT_FOUND, *_NOT_REGISTERED,
  // *_UNKNOWN...) answer 404 without the detail, like every other not-found.
  if (error instanceof DomainRuleViolation) {
    return NOT_FOUND_CODE.test(error.code)
      ? { type: `${TYPE_BASE}/not-found`, title: 'Not found', status: 404, detail: 'not found' }
      : { type: `${TYPE_BASE}/rule-violation`, title: 'Refused by a business rule', status: 422, detail: error.message, code: error.code };
  }
  if (error instanceof NotFoundProblem || error instanceof StreamTenantMismatchError) {
    return { type: `${TYPE_BASE}/not-found`, title: 'Not found', status: 404, detail: error instanceof NotFoundProblem ? error.message : 'not found' };
  }
  if (error instanceof WrongExpectedVersionError) {
    return { type: `${TYPE_BASE}/concurrency`, title: 'Concurrent modification', status: 409, detail: 'the resource changed while the request was handled; read it again and retry' };
  }
  if (error instanceof IdempotencyConflictError || error instanceof InvalidAppendError) {
    return { type: `${TYPE_BASE}/conflict`, title: 'Conflict', status: 409, detail: error.message };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    return { type: `${TYPE_BASE}/http-${status}`, title: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error', status, detail };
  }
  // body-parser errors carry their own status (malformed JSON 400, too large 413, bad charset 415)
  const bodyError = error as { type?: string; status?: number; message?: string };
  if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    const detail = bodyError.type === 'entity.parse.failed' ? 'the body is not valid JSON' : (bodyError.message ?? 'bad request');
    return { type: `${TYPE_BASE}/http-${bodyError.status}`, title: 'Bad request', status: bodyError.status, detail };
  }
  return { type: `${TYPE_BASE}/internal`, title: 'Internal error', status: 500, detail: 'an unexpected error occurred; it was logged' };
}
