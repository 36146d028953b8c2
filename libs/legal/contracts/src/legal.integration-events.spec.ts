import { ContractRegistry, integrationEventContracts } from '@collections/shared-contracts';
import type { LegalEvent } from '@collections/legal-domain';
import { LEGAL_INTEGRATION_EVENTS, legalOpenedContractV1, legalOpenedV1 } from './legal.integration-events';

const registry = new ContractRegistry(LEGAL_INTEGRATION_EVENTS);
const ID = '0192f6a0-0000-7000-8000-0000000000a1';

describe('legal integration events v1', () => {
  // Payloads exactly as v1 consumers may hold them: they must keep parsing.
  it('a stored v1 LegalOpened payload still parses', () => {
    const payload = { legalId: ID, openedAt: '2026-03-02T12:00:00.000Z' };
    expect(registry.validate('LegalOpened', 1, payload)).toEqual(payload);
  });

  it('refuses a payload without its id', () => {
    expect(() => registry.validate('LegalOpened', 1, { openedAt: '2026-03-02T12:00:00.000Z' })).toThrow(/legalId/);
  });

  it('publishes no title (it may hold personal data)', () => {
    const opened = { type: 'LegalOpened', data: { legalId: ID, title: 'Ana Costa', openedAt: '2026-03-02T12:00:00.000Z', openedBy: 'u' }, streamId: `legal-${ID}`, tenantId: 'tenant-a' } as const;
    expect(legalOpenedContractV1.toPayload(opened)).toEqual({ legalId: ID, openedAt: '2026-03-02T12:00:00.000Z' });
  });

  // Does not compile if the mapping could read a field the domain event lacks:
  // `npm run typecheck` fails on an unused @ts-expect-error.
  it('refuses at compile time a mapping that reads a field the domain event lacks', () => {
    const contract = integrationEventContracts<LegalEvent>('legal');
    const wrongField = () =>
      contract({
        type: 'LegalOpened',
        schemaVersion: 99,
        schema: legalOpenedV1,
        sourceEventType: 'LegalOpened',
        // @ts-expect-error LegalOpened has openedAt, not createdAt
        toPayload: ({ data }) => ({ legalId: data.legalId, openedAt: data.createdAt }),
      });
    expect(typeof wrongField).toBe('function');
  });
});
