import { ContractRegistry, integrationEventContracts } from '@collections/shared-contracts';
import type { DebtEvent } from '@collections/debtors-domain';
import { DEBTORS_INTEGRATION_EVENTS, debtRegisteredContractV1, debtSettledContractV1, debtSettledV1 } from './debtors.integration-events';

const registry = new ContractRegistry(DEBTORS_INTEGRATION_EVENTS);

describe('debtors integration events v1', () => {
  // Payloads exactly as v1 consumers (BI, other services) may hold them: they must keep parsing.
  it.each([
    ['DebtorRegistered', { debtorId: '0192f6a0-0000-7000-8000-000000000001', kind: 'person', state: 'SP', registeredAt: '2026-01-05T12:00:00.000Z' }],
    ['DebtorErased', { debtorId: '0192f6a0-0000-7000-8000-000000000001', erasedAt: '2026-01-05T12:00:00.000Z' }],
    [
      'DebtRegistered',
      {
        debtId: '0192f6a0-0000-7000-8000-000000000002',
        debtorId: '0192f6a0-0000-7000-8000-000000000001',
        contractReference: 'CTR-1',
        originalAmount: { amount: 150000, currency: 'BRL' },
        dueDate: '2026-02-01',
        installments: 3,
        registeredAt: '2026-01-05T12:00:00.000Z',
      },
    ],
    [
      'DebtRegistered',
      {
        debtId: '0192f6a0-0000-7000-8000-000000000002',
        debtorId: '0192f6a0-0000-7000-8000-000000000001',
        contractReference: 'CTR-1',
        originalAmount: { amount: 150000, currency: 'BRL' },
        dueDate: '2026-02-01',
        installments: 1,
        registeredAt: '2026-01-05T12:00:00.000Z',
        segment: 'cartao',
        portfolio: 'lote-2026-03',
      },
    ],
    ['DebtBecameOverdue', { debtId: '0192f6a0-0000-7000-8000-000000000002', asOf: '2026-02-02', daysPastDue: 1, earliestUnpaidDueDate: '2026-02-01' }],
    ['DebtAgingBucketChanged', { debtId: '0192f6a0-0000-7000-8000-000000000002', from: '1-30', to: '31-60', daysPastDue: 31, asOf: '2026-03-04' }],
    ['DebtSettled', { debtId: '0192f6a0-0000-7000-8000-000000000002', settledOn: '2026-03-10' }],
    ['DebtWrittenOff', { debtId: '0192f6a0-0000-7000-8000-000000000002', reason: 'creditor_decision', writtenOffAt: '2026-03-10T12:00:00.000Z' }],
    ['DebtorRegistered', { debtorId: '0192f6a0-0000-7000-8000-000000000001', kind: 'person', state: 'AM', timeZone: 'America/Rio_Branco', registeredAt: '2026-01-05T12:00:00.000Z' }],
    ['DebtDisputeOpened', { debtId: '0192f6a0-0000-7000-8000-000000000002', openedAt: '2026-03-10T12:00:00.000Z' }],
    ['DebtDisputeResolved', { debtId: '0192f6a0-0000-7000-8000-000000000002', outcome: 'rejected', resolvedAt: '2026-03-12T12:00:00.000Z' }],
    ['DebtEnteredAgreement', { debtId: '0192f6a0-0000-7000-8000-000000000002', agreementId: 'agr-1', enteredAt: '2026-03-12T12:00:00.000Z' }],
    ['DebtLeftAgreement', { debtId: '0192f6a0-0000-7000-8000-000000000002', agreementId: 'agr-1', leftAt: '2026-04-12T12:00:00.000Z' }],
  ])('a stored v1 %s payload still parses', (type, payload) => {
    expect(registry.validate(type, 1, payload)).toEqual(payload);
  });

  it('publishes no personal data: no CPF, name or contact in any public schema', () => {
    for (const contract of DEBTORS_INTEGRATION_EVENTS) {
      const keys = JSON.stringify(contract.schema.toJSONSchema?.() ?? {});
      expect(keys).not.toMatch(/taxId|"name"|contactPoints|phone|email/);
    }
  });

  it('rejects an aging change to an unknown bucket', () => {
    expect(() =>
      registry.validate('DebtAgingBucketChanged', 1, { debtId: '0192f6a0-0000-7000-8000-000000000002', from: '1-30', to: '400+', daysPastDue: 31, asOf: '2026-03-04' }),
    ).toThrow(/to:/);
  });
});

describe('debtors integration events are typed by their domain events', () => {
  const contract = integrationEventContracts<DebtEvent>('debtors');
  const settled = { type: 'DebtSettled', data: { debtId: '0192f6a0-0000-7000-8000-000000000002', settledOn: '2026-03-10', paymentId: 'p-1' }, streamId: 'debt-x', tenantId: 'tenant-a' } as const;

  it('maps the domain event named by sourceEventType (checked by tsc: npm run typecheck)', () => {
    expect(debtSettledContractV1.toPayload(settled)).toEqual({ debtId: settled.data.debtId, settledOn: '2026-03-10' });
  });

  // These do not compile: `npm run typecheck` fails if any @ts-expect-error below is unused,
  // i.e. if a mapping that reads a renamed domain field ever compiled.
  it('refuses at compile time a mapping that reads a field the domain event lacks', () => {
    const wrongField = () =>
      contract({
        type: 'DebtSettled',
        schemaVersion: 99,
        schema: debtSettledV1,
        sourceEventType: 'DebtSettled',
        // @ts-expect-error DebtSettled has settledOn, not settledAt
        toPayload: ({ data }) => ({ debtId: data.debtId, settledOn: data.settledAt }),
      });
    const wrongSource = () =>
      contract({
        type: 'DebtSettled',
        schemaVersion: 98,
        schema: debtSettledV1,
        // @ts-expect-error no debt event is named DebtPaidOff
        sourceEventType: 'DebtPaidOff',
        toPayload: () => ({ debtId: settled.data.debtId, settledOn: '2026-03-10' }),
      });
    // at run time the wrong field is simply missing, which the schema would refuse
    expect(() => new ContractRegistry([wrongField()]).validate('DebtSettled', 99, wrongField().toPayload(settled))).toThrow(/settledOn/);
    expect(typeof wrongSource).toBe('function');
  });

  it("publishes a debt's segment and portfolio when it has them, and no such keys when not", () => {
    const data = {
      debtId: '0192f6a0-0000-7000-8000-000000000002',
      tenantId: 'tenant-a',
      debtorId: '0192f6a0-0000-7000-8000-000000000001',
      contractReference: 'CTR-1',
      originalAmount: { amount: 150000, currency: 'BRL' },
      dueDate: '2026-02-01',
      installments: [{ number: 1, amount: { amount: 150000, currency: 'BRL' }, dueDate: '2026-02-01' }],
      lateFeeRate: '0.02',
      monthlyInterestRate: '0.01',
      registeredAt: '2026-01-05T12:00:00.000Z',
    };
    const event = (extra: object) => ({ type: 'DebtRegistered', data: { ...data, ...extra }, streamId: 'debt-x', tenantId: 'tenant-a' }) as never;
    const segmented = debtRegisteredContractV1.toPayload(event({ segment: 'cartao', portfolio: 'lote-7' }));
    expect(registry.validate('DebtRegistered', 1, segmented)).toMatchObject({ segment: 'cartao', portfolio: 'lote-7', installments: 1 });
    expect(debtRegisteredContractV1.toPayload(event({}))).not.toHaveProperty('segment');
  });
});
