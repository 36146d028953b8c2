import { z } from 'zod';
import { ContractRegistry, ContractViolationError, topicFor } from '@collections/shared-contracts';
import { EnvelopeError, HEADER, envelopeFromHeaders, envelopeToHeaders, type IntegrationEventEnvelope } from './envelope';

const envelope: IntegrationEventEnvelope = {
  eventId: '0192f6a0-0000-7000-8000-000000000001',
  type: 'DebtRegistered',
  schemaVersion: 1,
  tenantId: 'banco-azul',
  streamId: 'debt-1',
  streamVersion: 3,
  correlationId: 'corr',
  causationId: 'cause',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  occurredAt: '2026-11-24T12:00:00.000Z',
};

describe('integration event envelope', () => {
  it('round-trips through Kafka headers', () => {
    const headers = envelopeToHeaders(envelope);
    expect(headers[HEADER.contentType]).toBe('application/json');
    const asKafka = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(envelopeFromHeaders(asKafka)).toEqual(envelope);
  });

  it('names the missing or malformed header', () => {
    const headers: Record<string, string> = envelopeToHeaders(envelope);
    delete headers[HEADER.tenantId];
    expect(() => envelopeFromHeaders(headers)).toThrow(new EnvelopeError('missing header tenant-id'));
    expect(() => envelopeFromHeaders({ ...envelopeToHeaders(envelope), [HEADER.streamVersion]: 'x' })).toThrow(/stream-version/);
  });

  it('puts each context on its own versioned topic', () => {
    expect(topicFor('debtors')).toBe('collections.debtors.events.v1');
  });
});

describe('contract registry', () => {
  const registry = new ContractRegistry([
    {
      context: 'debtors',
      type: 'DebtRegistered',
      schemaVersion: 1,
      schema: z.object({ debtId: z.string(), amount: z.number().int().positive() }),
      sourceEventType: 'DebtRegistered',
      toPayload: (e) => e.data as { debtId: string; amount: number },
    },
  ]);

  it('validates payloads and reports every issue by path', () => {
    expect(registry.validate('DebtRegistered', 1, { debtId: 'd', amount: 5 })).toEqual({ debtId: 'd', amount: 5 });
    expect(() => registry.validate('DebtRegistered', 1, { amount: -5 })).toThrow(ContractViolationError);
    expect(() => registry.validate('DebtRegistered', 1, { amount: -5 })).toThrow(/debtId: .*; amount: /);
  });

  it('refuses an unknown type or version', () => {
    expect(() => registry.validate('DebtRegistered', 2, {})).toThrow(/no contract is registered/);
  });

  it('knows which domain events are public', () => {
    expect(registry.forDomainEvent('DebtRegistered')).toHaveLength(1);
    expect(registry.forDomainEvent('DebtorAddressCorrected')).toEqual([]);
    expect(registry.topics()).toEqual(['collections.debtors.events.v1']);
  });
});
