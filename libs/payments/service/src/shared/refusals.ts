import { HttpException } from '@nestjs/common';
import { notFound, refused } from '@collections/shared-service-kit';
import { PaymentsRuleViolation, type PaymentsRuleCode } from '@collections/payments-domain';
import { DebtorsUnavailableError } from '../ports/debtors-ledger';
import { NOT_FOUND_CODES } from './payments-writer';
import type { Outcome } from './outcome';

/** The debtors service did not answer: 503 with a problem, so a client (or a PSP) retries later; nothing was written. */
export class DebtorsUnavailableProblem extends HttpException {
  constructor(detail: string) {
    super({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `the debtors service cannot answer now (${detail}); retry later` }, 503);
  }
}

/** A decider's refusal as an outcome, the debtors being away as a 503; anything else goes on. */
export function refusalOf(error: unknown): Outcome<never> {
  if (error instanceof PaymentsRuleViolation) {
    const code = error.code as PaymentsRuleCode;
    return NOT_FOUND_CODES.has(code) ? notFound(error.message) : refused(code, error.message);
  }
  if (error instanceof DebtorsUnavailableError) throw new DebtorsUnavailableProblem(error.message);
  throw error;
}
