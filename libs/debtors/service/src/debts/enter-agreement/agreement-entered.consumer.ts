import type { IntegrationEventHandler } from '@collections/shared-messaging';
import { agreementEnteredContractV1 } from '@collections/negotiation-contracts';
import { applyToDebt, payloadOf, type DebtReactionDeps } from '../debt-reaction';

/** An agreement (acordo) was made: each debt it covers is now governed by it. */
export function agreementEnteredConsumer(deps: DebtReactionDeps): IntegrationEventHandler {
  return async (event, transaction) => {
    const entered = payloadOf(agreementEnteredContractV1, event);
    for (const debtId of new Set(entered.debtIds)) {
      await applyToDebt(deps, event, transaction, {
        type: 'EnterAgreement',
        debtId,
        agreementId: entered.agreementId,
        now: entered.enteredAt,
        actor: 'system:negotiation',
      });
    }
  };
}
