import { assertNever } from '@collections/shared-kernel';
import type { IntegrationEventHandler } from '@collections/shared-messaging';
import { agreementEndedContractV1, type AgreementEndedV1 } from '@collections/negotiation-contracts';
import { applyToDebt, payloadOf, type DebtReactionDeps } from '../debt-reaction';

/** The reason kept on the debt, in words an agent reading its history understands. */
export function agreementEndReason(ended: AgreementEndedV1): string {
  switch (ended.reason) {
    case 'broken':
      return `broken: installment ${ended.unpaidInstallment} unpaid past tolerance`;
    case 'completed':
      return 'completed: every installment paid';
    case 'cancelled':
      return `cancelled by the ${ended.cancelledBy}`;
    default:
      return assertNever(ended, 'agreement end reason');
  }
}

/** An agreement ended (broken, completed or cancelled): its debts leave it. */
export function agreementEndedConsumer(deps: DebtReactionDeps): IntegrationEventHandler {
  return async (event, transaction) => {
    const ended = payloadOf(agreementEndedContractV1, event);
    for (const debtId of new Set(ended.debtIds)) {
      await applyToDebt(deps, event, transaction, {
        type: 'LeaveAgreement',
        debtId,
        agreementId: ended.agreementId,
        reason: agreementEndReason(ended),
        now: ended.endedAt,
        actor: 'system:negotiation',
      });
    }
  };
}
