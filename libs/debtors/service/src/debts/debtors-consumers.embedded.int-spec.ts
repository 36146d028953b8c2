import { randomUUID } from 'node:crypto';
import { ExpectedVersion, PgliteDriver, SqlEventStore } from '@collections/shared-event-store';
import { eventually } from '@collections/shared-testing';
import { ContractRegistry, integrationEventId, toIntegrationEvents } from '@collections/shared-messaging';
import { Registry } from 'prom-client';
import { AT, debtOf, registerDebt, registered } from '../testing/debt-reactions-fixtures';
import { DebtReactionMonitor, reactionEventId } from './debt-reaction';
import { DEBTORS_CONSUMED_CONTRACTS, debtorsIntegrationEventHandler, startDebtorsConsumers, type DebtorsConsumers } from './debtors-consumers';

const TENANT = 'banco-azul';

/**
 * The same handlers over the embedded transport: the negotiation and payments
 * "services" are their domain events appended to the shared log (PGlite), turned into
 * integration events by their registered contracts, as in single-process mode.
 */
describe('debtors reacting to negotiation and payments events, embedded (PGlite, no Kafka)', () => {
  let driver: PgliteDriver;
  let store: SqlEventStore;
  let consumers: DebtorsConsumers | undefined;

  beforeAll(async () => {
    driver = await PgliteDriver.create();
    store = await SqlEventStore.open(driver);
  });
  afterAll(async () => {
    await consumers?.stop();
    await store.close();
  });

  const start = () => startDebtorsConsumers({ mode: 'embedded', store, pollIntervalMs: 20, log: () => undefined });
  const append = (streamId: string, type: string, data: unknown, expectedVersion = ExpectedVersion.noStream) =>
    store.appendToStream(streamId, [{ eventId: randomUUID(), type, data, metadata: { correlationId: `corr-${streamId}` } }], { tenantId: TENANT, expectedVersion });

  it('puts a debt into agreement, records a payment and takes it out, each once across a restart', async () => {
    const debtId = await registerDebt(store, TENANT);
    const agreementId = randomUUID();
    const scope = { agreementId, debtorId: randomUUID(), debtIds: [debtId] };
    consumers = await start();

    await append(`agreement-${agreementId}`, 'AgreementEntered', { ...scope, enteredAt: AT.entered });
    await eventually(async () => expect(registered((await debtOf(store, TENANT, debtId)).state)).toMatchObject({ status: 'in_agreement', agreementId }));

    const paymentId = `pix-${randomUUID()}`;
    await append(`payment-${paymentId}`, 'PaymentAllocated', { paymentId, debtId, amount: { amount: 20_000, currency: 'BRL' }, paidOn: AT.paidOn, allocatedAt: AT.allocated });
    await eventually(async () => expect(registered((await debtOf(store, TENANT, debtId)).state).ledger.payments.map((p) => p.paymentId)).toEqual([paymentId]));

    await append(`agreement-${agreementId}`, 'AgreementEnded', { ...scope, endedAt: AT.ended, reason: 'cancelled', cancelledBy: 'debtor' }, ExpectedVersion.exact(1));
    await eventually(async () => expect(registered((await debtOf(store, TENANT, debtId)).state).endedAgreementIds).toEqual([agreementId]));
    const settled = await debtOf(store, TENANT, debtId);
    expect(settled.events.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['DebtRegistered', 'user:test'],
      ['DebtEnteredAgreement', 'system:negotiation'],
      ['PaymentRecorded', 'system:payments'],
      // the payment reclassified the debt as of its date: installment 1 is past due since 2026-01-10
      ['DebtAgingBucketChanged', 'system:payments'],
      ['DebtLeftAgreement', 'system:negotiation'],
    ]);
    expect(settled.events[4]!.data).toMatchObject({ reason: 'cancelled by the debtor' });
    expect(await consumers.monitor.count('AgreementEntered', 'applied')).toBe(1);

    // A restart reads on from its checkpoint: nothing is handled again.
    await consumers.stop();
    consumers = await start();
    expect((await debtOf(store, TENANT, debtId)).version).toBe(settled.version);
    for (const type of ['AgreementEntered', 'PaymentAllocated', 'AgreementEnded']) {
      expect([await consumers.monitor.count(type, 'applied'), await consumers.monitor.count(type, 'unchanged')]).toEqual([0, 0]);
    }
  });

  it('reverses on the debt a payment the payments context took back (a chargeback), once', async () => {
    const debtId = await registerDebt(store, TENANT);
    const paymentId = `card-${randomUUID()}`;
    await append(`payment-${paymentId}`, 'PaymentAllocated', { paymentId, debtId, amount: { amount: 7_000, currency: 'BRL' }, paidOn: AT.paidOn, allocatedAt: AT.allocated });
    await eventually(async () => expect(registered((await debtOf(store, TENANT, debtId)).state).ledger.payments).toHaveLength(1));
    const reversal = {
      paymentId,
      kind: 'chargeback',
      reason: 'card dispute',
      reversedOn: AT.paidOn,
      amount: { amount: 7_000, currency: 'BRL' },
      allocations: [{ debtId, amount: { amount: 7_000, currency: 'BRL' } }],
      creditReleased: { amount: 0, currency: 'BRL' },
      unallocatedReleased: { amount: 0, currency: 'BRL' },
      reversedAt: AT.allocated,
      reversedBy: 'system:card-gateway',
    };
    await append(`payment-${paymentId}`, 'PaymentReversed', reversal, ExpectedVersion.exact(1));
    await eventually(async () => expect(registered((await debtOf(store, TENANT, debtId)).state).reversedPaymentIds).toEqual([paymentId]));
    const after = await debtOf(store, TENANT, debtId);
    expect(registered(after.state).ledger.payments).toEqual([]);
    expect(after.events.filter((e) => e.type === 'DebtPaymentReversed').map((e) => [e.data, e.metadata.actor])).toEqual([
      [expect.objectContaining({ paymentId, reason: 'chargeback', amount: { amount: 7_000, currency: 'BRL' } }), 'system:payments'],
    ]);
  });

  it('changes nothing when a redelivery slips past the inbox; the debt events carry ids derived from the integration event, which the store takes as a retry', async () => {
    const debtId = await registerDebt(store, TENANT);
    const paymentId = `ted-${randomUUID()}`;
    const appended = await append(`payment-${paymentId}`, 'PaymentAllocated', { paymentId, debtId, amount: { amount: 5_000, currency: 'BRL' }, paidOn: AT.paidOn, allocatedAt: AT.allocated });
    await eventually(async () => expect(registered((await debtOf(store, TENANT, debtId)).state).ledger.payments).toHaveLength(1));
    const before = await debtOf(store, TENANT, debtId);
    const domainEvent = (await store.readStream(`payment-${paymentId}`, { tenantId: TENANT })).events[0]!;
    const published = toIntegrationEvents(domainEvent, new ContractRegistry(DEBTORS_CONSUMED_CONTRACTS));
    expect(published).toHaveLength(1);
    const integrationEvent = published[0]!.integrationEvent;
    expect(integrationEvent.eventId).toBe(integrationEventId(domainEvent.eventId, 'PaymentAllocated', 1));
    expect(before.events.find((e) => e.type === 'PaymentRecorded')!.eventId).toBe(reactionEventId(integrationEvent.eventId, debtId, 0));

    // the handler again, without the inbox in front of it
    const monitor = new DebtReactionMonitor(new Registry());
    await store.transaction((transaction) => debtorsIntegrationEventHandler({ store, monitor })(integrationEvent, transaction));
    expect((await debtOf(store, TENANT, debtId)).version).toBe(before.version);
    expect(await monitor.count('PaymentAllocated', 'unchanged')).toBe(1);
    expect(appended.nextExpectedVersion).toBe(1);
    // Were the decider ever to decide it again, the append would carry the same id: a no-op.
    const recorded = before.events.find((e) => e.type === 'PaymentRecorded')!;
    const again = await store.appendToStream(`debt-${debtId}`, [{ eventId: reactionEventId(integrationEvent.eventId, debtId, 0), type: recorded.type, data: recorded.data }], {
      tenantId: TENANT,
      expectedVersion: ExpectedVersion.any,
    });
    expect(again.alreadyAppended).toBe(true);
    expect((await debtOf(store, TENANT, debtId)).version).toBe(before.version);
  });

  it('keeps an agreement a debt refuses (it is disputed) unapplied, with the refusal, and goes on', async () => {
    const disputed = await registerDebt(store, TENANT);
    const open = await registerDebt(store, TENANT);
    await store.appendToStream(`debt-${disputed}`, [{ eventId: randomUUID(), type: 'DisputeOpened', data: { debtId: disputed, reason: 'never signed', openedAt: AT.registered } }], {
      tenantId: TENANT,
      expectedVersion: ExpectedVersion.exact(1),
    });
    const agreementId = randomUUID();
    await append(`agreement-${agreementId}`, 'AgreementEntered', { agreementId, debtorId: randomUUID(), debtIds: [disputed, open], enteredAt: AT.entered });
    await eventually(async () => expect(registered((await debtOf(store, TENANT, open)).state).status).toBe('in_agreement'));
    expect(registered((await debtOf(store, TENANT, disputed)).state).status).toBe('disputed');
    const rows = await driver.query<{ debt_id: string; refusal_code: string; payload: { agreementId: string } }>(
      "SELECT debt_id, refusal_code, payload FROM debtors_unapplied_events WHERE event_type = 'AgreementEntered'",
    );
    expect(rows).toEqual([{ debt_id: disputed, refusal_code: 'DEBT_DISPUTED', payload: expect.objectContaining({ agreementId }) }]);
  });
});
