import { ContractRegistry, integrationEventContracts } from '@collections/shared-contracts';
import type { ReportingEvent } from '@collections/reporting-domain';
import { REPORTING_INTEGRATION_EVENTS, reportingOpenedContractV1, reportingOpenedV1 } from './reporting.integration-events';

const registry = new ContractRegistry(REPORTING_INTEGRATION_EVENTS);
const ID = '0192f6a0-0000-7000-8000-0000000000a1';

describe('reporting integration events v1', () => {
  // Payloads exactly as v1 consumers may hold them: they must keep parsing.
  it('a stored v1 ReportingOpened payload still parses', () => {
    const payload = { reportingId: ID, openedAt: '2026-03-02T12:00:00.000Z' };
    expect(registry.validate('ReportingOpened', 1, payload)).toEqual(payload);
  });

  it('refuses a payload without its id', () => {
    expect(() => registry.validate('ReportingOpened', 1, { openedAt: '2026-03-02T12:00:00.000Z' })).toThrow(/reportingId/);
  });

  it('publishes no title (it may hold personal data)', () => {
    const opened = { type: 'ReportingOpened', data: { reportingId: ID, title: 'Ana Costa', openedAt: '2026-03-02T12:00:00.000Z', openedBy: 'u' }, streamId: `reporting-${ID}`, tenantId: 'tenant-a' } as const;
    expect(reportingOpenedContractV1.toPayload(opened)).toEqual({ reportingId: ID, openedAt: '2026-03-02T12:00:00.000Z' });
  });

  // Does not compile if the mapping could read a field the domain event lacks:
  // `npm run typecheck` fails on an unused @ts-expect-error.
  it('refuses at compile time a mapping that reads a field the domain event lacks', () => {
    const contract = integrationEventContracts<ReportingEvent>('reporting');
    const wrongField = () =>
      contract({
        type: 'ReportingOpened',
        schemaVersion: 99,
        schema: reportingOpenedV1,
        sourceEventType: 'ReportingOpened',
        // @ts-expect-error ReportingOpened has openedAt, not createdAt
        toPayload: ({ data }) => ({ reportingId: data.reportingId, openedAt: data.createdAt }),
      });
    expect(typeof wrongField).toBe('function');
  });
});
