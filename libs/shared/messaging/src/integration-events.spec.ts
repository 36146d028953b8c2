import { z } from 'zod';
import type { RecordedEvent } from '@collections/shared-event-store';
import { ContractRegistry, integrationEventContracts, integrationEventId, topicFor } from '@collections/shared-contracts';
import { toIntegrationEvents } from './integration-events';

type Paid = { readonly type: 'Paid'; readonly data: { readonly debtId: string; readonly cents: number } };
const contract = integrationEventContracts<Paid>('billing');
const paidV1 = contract({
  type: 'DebtPaid',
  schemaVersion: 1,
  schema: z.object({ debtId: z.string(), amount: z.number().int() }),
  sourceEventType: 'Paid',
  toPayload: ({ data }) => ({ debtId: data.debtId, amount: data.cents }),
});
const paidV2 = contract({
  type: 'DebtPaid',
  schemaVersion: 2,
  schema: z.object({ debtId: z.string(), amount: z.object({ amount: z.number().int(), currency: z.literal('BRL') }) }),
  sourceEventType: 'Paid',
  toPayload: ({ data }) => ({ debtId: data.debtId, amount: { amount: data.cents, currency: 'BRL' as const } }),
});

function recorded(eventId: string): RecordedEvent {
  return {
    eventId,
    type: 'Paid',
    schemaVersion: 1,
    storedSchemaVersion: 1,
    data: { debtId: 'd-1', cents: 500 },
    metadata: { correlationId: 'corr-1' },
    tenantId: 'tenant-a',
    streamId: 'debt-d-1',
    streamCategory: 'debt',
    streamVersion: 3,
    globalPosition: 10n,
    transactionId: 7n,
    recordedAt: new Date('2026-03-10T12:00:00.000Z'),
    prevHash: '',
    hash: '',
  };
}

describe('integration events from a domain event', () => {
  const registry = new ContractRegistry([paidV1, paidV2]);
  const domainEventId = '0192f6a0-0000-7000-8000-0000000000aa';

  it('publishes a v1 and a v2 of one domain event under different ids, neither the domain event id', () => {
    const [v1, v2] = toIntegrationEvents(recorded(domainEventId), registry);
    expect(v1?.integrationEvent).toMatchObject({ type: 'DebtPaid', schemaVersion: 1, payload: { amount: 500 }, causationId: domainEventId, correlationId: 'corr-1' });
    expect(v2?.integrationEvent).toMatchObject({ type: 'DebtPaid', schemaVersion: 2, payload: { amount: { amount: 500, currency: 'BRL' } } });
    expect(v1?.integrationEvent.eventId).not.toBe(v2?.integrationEvent.eventId);
    expect(v1?.integrationEvent.eventId).not.toBe(domainEventId);
    expect(v1?.topic).toBe(topicFor('billing'));
  });

  it('gives the same ids when the same domain event is published again (a relay retry)', () => {
    const first = toIntegrationEvents(recorded(domainEventId), registry).map((e) => e.integrationEvent.eventId);
    const again = toIntegrationEvents(recorded(domainEventId), registry).map((e) => e.integrationEvent.eventId);
    expect(again).toEqual(first);
    expect(first).toEqual([integrationEventId(domainEventId, 'DebtPaid', 1), integrationEventId(domainEventId, 'DebtPaid', 2)]);
    // pinned: consumers' inboxes hold these ids, the derivation must never change
    expect(first[0]).toBe('b13fd225-3c1c-8ea9-aebf-be9518220f76');
    const other = toIntegrationEvents(recorded('0192f6a0-0000-7000-8000-0000000000bb'), registry).map((e) => e.integrationEvent.eventId);
    expect(other.some((id) => first.includes(id))).toBe(false);
  });
});
