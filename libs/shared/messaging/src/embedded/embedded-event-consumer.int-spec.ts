import { randomUUID } from 'node:crypto';
import { ExpectedVersion, PgliteDriver, SqlEventStore } from '@collections/shared-event-store';
import { eventually } from '@collections/shared-testing';
import { ContractRegistry, topicFor } from '@collections/shared-contracts';
import { migrateInbox } from '../consumer/inbox';
import type { IntegrationEvent } from '../envelope';
import { paymentContract, paymentEvent } from '../testing/messaging-test-kit';
import { EmbeddedEventConsumer } from './embedded-event-consumer';

describe('embedded transport (PGlite, no Kafka)', () => {
  let driver: PgliteDriver;
  let store: SqlEventStore;
  const context = 'payments';
  const contracts = new ContractRegistry([paymentContract(context)]);

  beforeAll(async () => {
    driver = await PgliteDriver.create();
    store = await SqlEventStore.open(driver);
    await migrateInbox(driver);
    await driver.exec('CREATE TABLE effects (event_id text NOT NULL, seq int NOT NULL)');
  });
  afterAll(async () => {
    await driver.close();
  });

  it('hands the handler the same validated integration events as Kafka would, each once, across restarts', async () => {
    const debtId = `debt-${randomUUID()}`;
    await store.appendToStream(debtId, [paymentEvent(debtId, 1, { correlationId: 'corr-1' }), paymentEvent(debtId, 2)], {
      tenantId: 'tenant-a',
      expectedVersion: ExpectedVersion.noStream,
    });
    await store.appendToStream(`private-${randomUUID()}`, [{ eventId: randomUUID(), type: 'SomethingInternal', data: {} }], {
      tenantId: 'tenant-a',
      expectedVersion: ExpectedVersion.noStream,
    });
    const seen: IntegrationEvent[] = [];
    const consumer = () =>
      new EmbeddedEventConsumer({
        store,
        groupId: 'reporting',
        topics: [topicFor(context)],
        contracts,
        handle: async (event, transaction) => {
          seen.push(event);
          await transaction.query('INSERT INTO effects (event_id, seq) VALUES ($1, $2)', [event.eventId, (event.payload as { seq: number }).seq]);
        },
      });

    const first = consumer();
    await first.start();
    expect(seen.map((e) => [e.type, e.streamId, e.streamVersion, e.tenantId])).toEqual([
      ['PaymentRecorded', debtId, 1, 'tenant-a'],
      ['PaymentRecorded', debtId, 2, 'tenant-a'],
    ]);
    expect(seen[0]).toMatchObject({ correlationId: 'corr-1', schemaVersion: 1, payload: { debtId, seq: 1, amount: 101 } });
    await first.stop();

    await store.appendToStream(debtId, [paymentEvent(debtId, 3)], { tenantId: 'tenant-a', expectedVersion: ExpectedVersion.exact(2) });
    const second = consumer();
    await second.start();
    await eventually(() => expect(seen.map((e) => e.streamVersion)).toEqual([1, 2, 3]));
    await second.stop();
    const rows = await driver.query<{ n: string }>('SELECT count(*)::text AS n FROM effects');
    expect(rows[0]?.n).toBe('3');
  });
});
