import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import { firstValueFrom } from 'rxjs';
import { ValidationError } from '@collections/shared-kernel';
import { GrpcProblemFilter } from './grpc-problem.filter';

const codeOf = async (error: unknown): Promise<{ code: number; message: string }> => {
  try {
    await firstValueFrom(new GrpcProblemFilter().catch(error, undefined as never));
  } catch (mapped) {
    return mapped as { code: number; message: string };
  }
  throw new Error('the filter did not fail the call');
};

describe('GrpcProblemFilter: the REST problem as a gRPC status', () => {
  it('names the fields of a validation problem in an INVALID_ARGUMENT', async () => {
    expect(await codeOf(ValidationError.of('amount', 'must be a positive integer'))).toEqual({ code: status.INVALID_ARGUMENT, message: 'Invalid request: amount: must be a positive integer' });
  });

  it('answers UNAVAILABLE, which a client may retry, when a dependency is down (503)', async () => {
    expect((await codeOf(new ServiceUnavailableException('the debtors service did not answer'))).code).toBe(status.UNAVAILABLE);
  });

  it('answers RESOURCE_EXHAUSTED to a rate limit and DEADLINE_EXCEEDED to a gateway timeout', async () => {
    expect((await codeOf(new HttpException('slow down', 429))).code).toBe(status.RESOURCE_EXHAUSTED);
    expect((await codeOf(new HttpException('too slow', 504))).code).toBe(status.DEADLINE_EXCEEDED);
  });

  it('hides an unexpected error behind INTERNAL without its message', async () => {
    const mapped = await codeOf(new Error('connection to 10.0.0.5 refused: password authentication failed'));
    expect(mapped.code).toBe(status.INTERNAL);
    expect(mapped.message).not.toMatch(/10\.0\.0\.5|password/);
  });
});
