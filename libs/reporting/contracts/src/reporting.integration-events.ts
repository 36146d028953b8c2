import { z } from 'zod';
import { integrationEventContracts, type IntegrationEventContract } from '@collections/shared-contracts';
import type { ReportingEvent } from '@collections/reporting-domain';

/**
 * What the reporting context publishes: versioned integration events, separate from its
 * domain events. Ids and facts only (the title stays in the service). A breaking change
 * is a new schemaVersion published beside the old one, never an edit of these.
 */
export const reportingOpenedV1 = z.object({ reportingId: z.uuid(), openedAt: z.string() });

// Typed by the domain event its sourceEventType names: a renamed or removed domain field
// fails `tsc` here, not the relay at run time.
const contract = integrationEventContracts<ReportingEvent>('reporting');

export const reportingOpenedContractV1 = contract({
  type: 'ReportingOpened',
  schemaVersion: 1,
  schema: reportingOpenedV1,
  sourceEventType: 'ReportingOpened',
  toPayload: ({ data }) => ({ reportingId: data.reportingId, openedAt: data.openedAt }),
});

export const REPORTING_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [reportingOpenedContractV1];
