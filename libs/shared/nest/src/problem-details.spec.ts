import { HttpException } from '@nestjs/common';
import { DomainRuleViolation, ValidationError } from '@collections/shared-kernel';
import { StreamTenantMismatchError, WrongExpectedVersionError } from '@collections/shared-event-store';
import { NotFoundProblem, RuleViolationProblem, toProblem } from './problem-details';

describe('problem details', () => {
  it('lists field violations for invalid input (400)', () => {
    const problem = toProblem(new ValidationError([{ field: 'taxId', message: 'is not a valid CPF' }]));
    expect(problem).toMatchObject({ status: 400, errors: [{ field: 'taxId', message: 'is not a valid CPF' }] });
  });

  it('maps business rules to 422 with their code, concurrency to 409, another tenant to 404', () => {
    expect(toProblem(new RuleViolationProblem('DEBT_SETTLED', 'settled'))).toMatchObject({ status: 422, code: 'DEBT_SETTLED' });
    expect(toProblem(new WrongExpectedVersionError('debt-1', '3', 4)).status).toBe(409);
    expect(toProblem(new StreamTenantMismatchError('debt-1'))).toMatchObject({ status: 404, detail: 'not found' });
    expect(toProblem(new NotFoundProblem('debt debt-1 not found')).status).toBe(404);
  });

  it('answers a decider refusal that no writer turned into an outcome as 422, or 404 for "no such", never 500', () => {
    expect(toProblem(new DomainRuleViolation('DEBT_ALREADY_SETTLED', 'debt d-1 is settled'))).toMatchObject({ status: 422, code: 'DEBT_ALREADY_SETTLED' });
    for (const code of ['DEBT_NOT_REGISTERED', 'CALL_TASK_NOT_FOUND', 'LEGAL_ESCALATION_UNKNOWN', 'AGREEMENT_NOT_ENTERED']) {
      expect(toProblem(new DomainRuleViolation(code, `stream of tenant-b: ${code}`))).toEqual(expect.objectContaining({ status: 404, detail: 'not found' }));
    }
  });

  it('maps body-parser failures to client errors, not 500', () => {
    expect(toProblem(Object.assign(new SyntaxError('x'), { status: 400, type: 'entity.parse.failed' }))).toMatchObject({ status: 400, detail: 'the body is not valid JSON' });
    expect(toProblem(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' })).status).toBe(413);
  });

  it('keeps HTTP exceptions’ status and hides unexpected errors', () => {
    expect(toProblem(new HttpException('nope', 403)).status).toBe(403);
    expect(toProblem(new Error('database password is hunter2'))).toMatchObject({ status: 500, detail: 'an unexpected error occurred; it was logged' });
  });
});
