import { HttpException } from '@nestjs/common';
import { NotFoundProblem } from '@collections/shared-nest';

/** A webhook whose signature does not verify: 401, as a problem, nothing recorded. */
export class UnauthorizedWebhook extends HttpException {
  constructor() {
    super({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'the webhook signature does not verify' }, 401);
  }
}

/** The tenant a webhook URL names: a tenant id's shape, else no such webhook (404). */
export function tenantOfPath(value: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(value)) throw new NotFoundProblem('no such webhook');
  return value;
}
