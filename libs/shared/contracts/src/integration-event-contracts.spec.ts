import { z } from 'zod';
import { ContractRegistry, ContractViolationError, integrationEventContracts, integrationEventId } from './integration-event-contracts';

type Noted = { readonly type: 'Noted'; readonly data: { readonly id: string } };
const noted = integrationEventContracts<Noted>('notes')({
  type: 'NoteTaken',
  schemaVersion: 1,
  schema: z.object({ id: z.string().min(1) }),
  sourceEventType: 'Noted',
  toPayload: ({ data }) => ({ id: data.id }),
});

describe('integration event contracts', () => {
  it('derives ids per (domain event, type, version): stable, and distinct across versions and types', () => {
    const id = integrationEventId('e-1', 'NoteTaken', 1);
    expect(integrationEventId('e-1', 'NoteTaken', 1)).toBe(id);
    expect(new Set([id, integrationEventId('e-1', 'NoteTaken', 2), integrationEventId('e-1', 'NoteRemoved', 1), integrationEventId('e-2', 'NoteTaken', 1)]).size).toBe(4);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('registers a contract once and validates payloads against it', () => {
    const registry = new ContractRegistry([noted]);
    expect(registry.forDomainEvent('Noted')).toEqual([noted]);
    expect(registry.validate('NoteTaken', 1, { id: 'n-1' })).toEqual({ id: 'n-1' });
    expect(() => registry.validate('NoteTaken', 1, { id: '' })).toThrow(ContractViolationError);
    expect(() => registry.validate('NoteTaken', 2, { id: 'n-1' })).toThrow(/no contract is registered/);
    expect(() => registry.register(noted)).toThrow(/registered twice/);
  });
});
