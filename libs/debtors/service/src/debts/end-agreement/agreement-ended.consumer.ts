import { assertNever, parseIsoInstant, parseReference, parseText, validateAll } from '@collections/shared-kernel';
import { payloadOf, type IntegrationEventHandler } from '@collections/shared-messaging';
import { agreementEndedContractV1, type AgreementEndedV1 } from '@collections/negotiation-contracts';
import type { DebtId, LeaveAgreement } from '@collections/debtors-domain';
import { businessDateOf } from '../../shared/business-calendar';
import { applyToDebt, type DebtReactionDeps } from '../debt-reaction';

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

/**
 * The consumer's input edge: the contract's fields as the command's (the instant in UTC).
 * A completed agreement settles its debts on the business date (Brazil's) it ended.
 */
export function leaveAgreementCommand(ended: AgreementEndedV1, debtId: DebtId): LeaveAgreement {
  const fields = validateAll({
    agreementId: () => parseReference(ended.agreementId, 'agreementId'),
    reason: () => parseText(agreementEndReason(ended), 'reason', { max: 2000 }),
    now: () => parseIsoInstant(ended.endedAt, 'now'),
  });
  const command: LeaveAgreement = { type: 'LeaveAgreement', debtId, ...fields, actor: 'system:negotiation' };
  return ended.reason === 'completed' ? { ...command, fulfilledOn: businessDateOf(fields.now) } : command;
}

/** An agreement ended (broken, completed or cancelled): its debts leave it; a completed one settles them. */
export function agreementEndedConsumer(deps: DebtReactionDeps): IntegrationEventHandler {
  return async (event, transaction) => {
    const ended = payloadOf(agreementEndedContractV1, event);
    for (const debtId of new Set(ended.debtIds)) {
      await applyToDebt(deps, event, transaction, debtId, (id) => leaveAgreementCommand(ended, id));
    }
  };
}
