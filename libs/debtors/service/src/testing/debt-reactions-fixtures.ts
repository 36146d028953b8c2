import { randomUUID } from 'node:crypto';
import { handleCommand, loadAggregate, type EventStore, type RecordedEvent } from '@collections/shared-event-store';
import { Money, TenantId, parseRate } from '@collections/shared-kernel';
import { debtDecider, type DebtState, type RegisteredDebt } from '@collections/debtors-domain';
import { debtEventCodec } from '../shared/debtor-event.codec';
import { debtStream, knownDebtId, knownDebtorId } from '../shared/ids';

// Shared by the reaction tests over Kafka and over the embedded transport.

export const AT = {
  registered: '2026-01-02T15:00:00.000Z',
  entered: '2026-02-01T12:00:00.000Z',
  paidOn: '2026-02-05',
  allocated: '2026-02-05T15:00:00.000Z',
  ended: '2026-03-01T12:00:00.000Z',
};

/** R$ 1.000,00 due 2026-01-10 in two installments, registered through the debt's own write path. */
export async function registerDebt(store: EventStore, tenantId: string, debtIdText = randomUUID()): Promise<string> {
  const debtId = knownDebtId(debtIdText);
  await handleCommand(
    store,
    debtDecider,
    debtEventCodec(undefined, store),
    debtStream(debtId),
    {
      type: 'RegisterDebt',
      debtId,
      tenantId: TenantId.parse(tenantId),
      debtorId: knownDebtorId(randomUUID()),
      contractReference: `CTR-${debtId.slice(0, 8)}`,
      originalAmount: Money.of(100_000),
      dueDate: '2026-02-10',
      installments: [
        { number: 1, amount: Money.of(50_000), dueDate: '2026-01-10' },
        { number: 2, amount: Money.of(50_000), dueDate: '2026-02-10' },
      ],
      lateFeeRate: parseRate('0.02', 'lateFeeRate'),
      now: AT.registered,
      actor: 'user:test',
    },
    { tenantId, metadata: { actor: 'user:test' }, nextEventId: () => randomUUID() },
  );
  return debtId;
}

export async function debtOf(store: EventStore, tenantId: string, debtId: string): Promise<{ state: DebtState; version: number; events: readonly RecordedEvent[] }> {
  return loadAggregate(store, debtDecider, debtEventCodec(undefined, store), debtStream(knownDebtId(debtId)), { tenantId });
}

export function registered(state: DebtState): RegisteredDebt {
  if (state.status === 'unregistered') throw new Error('the debt is not registered');
  return state;
}
