import { z } from 'zod';
import { integrationEventContracts, type IntegrationEventContract } from '@collections/shared-contracts';
import type { LegalEvent } from '@collections/legal-domain';

/**
 * What the legal context publishes: versioned integration events, separate from its
 * domain events. Ids and facts only (the title stays in the service). A breaking change
 * is a new schemaVersion published beside the old one, never an edit of these.
 */
export const legalOpenedV1 = z.object({ legalId: z.uuid(), openedAt: z.string() });

// Typed by the domain event its sourceEventType names: a renamed or removed domain field
// fails `tsc` here, not the relay at run time.
const contract = integrationEventContracts<LegalEvent>('legal');

export const legalOpenedContractV1 = contract({
  type: 'LegalOpened',
  schemaVersion: 1,
  schema: legalOpenedV1,
  sourceEventType: 'LegalOpened',
  toPayload: ({ data }) => ({ legalId: data.legalId, openedAt: data.openedAt }),
});

export const LEGAL_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [legalOpenedContractV1];
