import { ArgumentsHost, Catch, HttpException, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { status } from '@grpc/grpc-js';
import { throwError, type Observable } from 'rxjs';
import { toProblem } from '@collections/shared-nest';

/**
 * The gRPC face of the same problems the REST API returns as problem+json:
 * validation INVALID_ARGUMENT (with the fields in the message), business rules
 * FAILED_PRECONDITION, concurrency ABORTED, unknown or another tenant's ids NOT_FOUND;
 * a dependency down (503: e.g. the debtors service unreachable) UNAVAILABLE, which a gRPC
 * client may retry, and a rate limit (429) RESOURCE_EXHAUSTED. Anything else is INTERNAL.
 */
@Catch()
export class GrpcProblemFilter implements RpcExceptionFilter<unknown> {
  catch(error: unknown, _host: ArgumentsHost): Observable<never> {
    if (error instanceof RpcException) return throwError(() => error.getError());
    const problem = toProblem(error);
    const fields = problem.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    const message = fields ? `${problem.title}: ${fields}` : `${problem.title}: ${problem.detail}`;
    const code = (() => {
      if (error instanceof HttpException && problem.status === 401) return status.UNAUTHENTICATED;
      switch (problem.status) {
        case 400:
        case 413:
          return status.INVALID_ARGUMENT;
        case 401:
          return status.UNAUTHENTICATED;
        case 403:
          return status.PERMISSION_DENIED;
        case 404:
          return status.NOT_FOUND;
        case 409:
          return problem.type.endsWith('/concurrency') ? status.ABORTED : status.ALREADY_EXISTS;
        case 422:
          return status.FAILED_PRECONDITION;
        case 429:
          return status.RESOURCE_EXHAUSTED;
        case 503:
          return status.UNAVAILABLE;
        case 504:
          return status.DEADLINE_EXCEEDED;
        default:
          return status.INTERNAL;
      }
    })();
    return throwError(() => ({ code, message }));
  }
}
