import { ContractRegistry, integrationEventContracts } from '@collections/shared-contracts';
import type { EscalationEvent } from '@collections/legal-domain';
import { LEGAL_INTEGRATION_EVENTS, priorNoticeRequestedContractV1, priorNoticeRequestedV1 } from './legal.integration-events';

const registry = new ContractRegistry(LEGAL_INTEGRATION_EVENTS);
const DEBT = '0192f6a0-0000-7000-8000-0000000000d1';
const T = '2026-03-02T12:00:00.000Z';

// Payloads exactly as v1 consumers (the contacts context, BI) may hold them: they must keep parsing.
const V1_PAYLOADS: Record<string, object> = {
  PriorNoticeRequested: {
    noticeId: '0192f6a0-0000-7000-8000-0000000000e1',
    debtId: DEBT,
    debtorId: '0192f6a0-0000-7000-8000-0000000000b1',
    amount: { amount: 150000, currency: 'BRL' },
    dueDate: '2026-01-01',
    listingNotBefore: '2026-03-12',
    requestedAt: T,
  },
  DebtListedAtBureau: { debtId: DEBT, bureau: 'serasa', protocol: 'SER-1', listedAt: T },
  EscalationStepRefused: { debtId: DEBT, step: 'listing', rule: 'LEGAL_DEBT_IN_DISPUTE', article: 'CDC art. 43 §3', byHand: false, refusedAt: T },
  ListingRemovalRequested: { debtId: DEBT, bureaus: ['serasa'], reason: 'settled', since: '2026-04-17', slaDueOn: '2026-04-27', requestedAt: T },
  ListingRemovalConfirmed: { debtId: DEBT, bureau: 'spc', protocol: 'R-1', confirmedAt: T },
  ListingRemovalSlaBreached: { debtId: DEBT, bureausPending: ['boavista'], slaDueOn: '2026-04-27', detectedAt: T },
  ProtestRequested: { debtId: DEBT, protestId: '0192f6a0-0000-7000-8000-0000000000f1', amount: { amount: 100, currency: 'BRL' }, dueDate: '2026-01-01', requestedAt: T },
  ProtestCancelled: { debtId: DEBT, protestId: '0192f6a0-0000-7000-8000-0000000000f1', cancelledAt: T },
  LawsuitHandedOff: { debtId: DEBT, lawFirm: 'Silva Advogados', handedOffAt: T },
};

describe('legal integration events v1 (compatibility)', () => {
  it('publishes every type listed here, each at version 1', () => {
    expect(LEGAL_INTEGRATION_EVENTS.map((c) => `${c.type}@${c.schemaVersion}`).sort()).toEqual(Object.keys(V1_PAYLOADS).map((t) => `${t}@1`).sort());
  });

  it.each(Object.entries(V1_PAYLOADS))('a stored v1 %s payload still parses, unchanged', (type, payload) => {
    expect(registry.validate(type, 1, payload)).toEqual(payload);
  });

  it('PriorNoticeRequested refuses a zero amount, a currency other than BRL and a non-uuid notice id', () => {
    const base = V1_PAYLOADS['PriorNoticeRequested'] as Record<string, unknown>;
    expect(() => registry.validate('PriorNoticeRequested', 1, { ...base, amount: { amount: 0, currency: 'BRL' } })).toThrow(/amount/);
    expect(() => registry.validate('PriorNoticeRequested', 1, { ...base, amount: { amount: 10, currency: 'USD' } })).toThrow(/currency/);
    expect(() => registry.validate('PriorNoticeRequested', 1, { ...base, noticeId: 'n-1' })).toThrow(/noticeId/);
  });

  it('maps the domain event to the payload the contacts context reads', () => {
    const requested = {
      type: 'EscalationNoticeRequested',
      data: { ...(V1_PAYLOADS['PriorNoticeRequested'] as never as object), amount: { amount: 150000, currency: 'BRL' }, noticePeriodDays: 10, policyVersion: 3 },
      streamId: `escalation-${DEBT}`,
      tenantId: 'tenant-a',
    } as never;
    expect(priorNoticeRequestedContractV1.toPayload(requested)).toEqual(V1_PAYLOADS['PriorNoticeRequested']);
  });

  // Does not compile if the mapping could read a field the domain event lacks.
  it('refuses at compile time a mapping that reads a field the domain event lacks', () => {
    const contract = integrationEventContracts<EscalationEvent>('legal');
    const wrongField = () =>
      contract({
        type: 'PriorNoticeRequested',
        schemaVersion: 99,
        schema: priorNoticeRequestedV1,
        sourceEventType: 'EscalationNoticeRequested',
        // @ts-expect-error EscalationNoticeRequested has requestedAt, not sentAt
        toPayload: ({ data }) => ({ ...data, requestedAt: data.sentAt }),
      });
    expect(typeof wrongField).toBe('function');
  });
});
