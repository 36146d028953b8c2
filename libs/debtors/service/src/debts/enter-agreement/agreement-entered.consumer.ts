import { parseIsoInstant, parseReference, validateAll } from '@collections/shared-kernel';
import { payloadOf, type IntegrationEventHandler } from '@collections/shared-messaging';
import { agreementEnteredContractV1, type AgreementEnteredV1 } from '@collections/negotiation-contracts';
import type { DebtId, EnterAgreement } from '@collections/debtors-domain';
import { applyToDebt, type DebtReactionDeps } from '../debt-reaction';

/** The consumer's input edge: the contract's fields as the command's (the instant in UTC). */
export function enterAgreementCommand(entered: AgreementEnteredV1, debtId: DebtId): EnterAgreement {
  return {
    type: 'EnterAgreement',
    debtId,
    ...validateAll({
      agreementId: () => parseReference(entered.agreementId, 'agreementId'),
      now: () => parseIsoInstant(entered.enteredAt, 'now'),
    }),
    actor: 'system:negotiation',
  };
}

/** An agreement (acordo) was made: each debt it covers is now governed by it. */
export function agreementEnteredConsumer(deps: DebtReactionDeps): IntegrationEventHandler {
  return async (event, transaction) => {
    const entered = payloadOf(agreementEnteredContractV1, event);
    for (const debtId of new Set(entered.debtIds)) {
      await applyToDebt(deps, event, transaction, debtId, (id) => enterAgreementCommand(entered, id));
    }
  };
}
