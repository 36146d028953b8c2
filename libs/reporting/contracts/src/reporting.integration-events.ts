import type { IntegrationEventContract } from '@collections/shared-contracts';

/**
 * The reporting context keeps read models only (no aggregates): it publishes no
 * integration events of its own. The list stays so that the relay, the AsyncAPI
 * catalogue and the generator's conventions find the context like any other.
 */
export const REPORTING_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [];
