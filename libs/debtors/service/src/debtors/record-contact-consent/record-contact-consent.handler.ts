import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { Outcome } from '../../shared/outcome';
import { runDebtorCommand } from '../debtor-command';
import type { DebtorView } from '../debtor.view';
import type { RecordContactConsentRequest } from './record-contact-consent.request';

export class RecordContactConsentHandler {
  constructor(private readonly deps: DebtorsDeps) {}

  execute(ctx: RequestContext, request: RecordContactConsentRequest): Promise<Outcome<DebtorView>> {
    const { debtorId, contactPointId, consent } = request;
    return runDebtorCommand(this.deps, ctx, debtorId, { type: 'RecordContactConsent', target: `${debtorId}/${contactPointId}`, request }, (stamp) => ({
      type: 'RecordContactConsent',
      debtorId,
      contactPointId,
      consent,
      ...stamp,
    }));
  }
}
