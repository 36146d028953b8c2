export * from './reporting.service';
export * from './reporting.use-cases';
export * from './consumers/reported-contexts';
export { recordReportedEvent } from './consumers/reporting-consumers';
export { rebuildReadModels } from './rebuild/rebuild-read-models/rebuild-read-models';
export { DERIVE_FACTS_SQL, REPORTING_READ_MODEL_MIGRATIONS } from './read-model/reporting.migrations';
export type * from './kpis/kpi.queries';
export { portfolioKpi, recoveryKpi, contactAttemptsKpi, promisesKpi, agreementsKpi, agentsKpi, legalSlaKpi, largestOpenDebts, ATTRIBUTION_RULE, AGENT_ATTRIBUTION_RULE, ATTRIBUTION_WINDOW_DAYS } from './kpis/kpi.queries';
export * from './kpis/kpi.rules';
/** The facts-based KPI statements the aggregates replaced: the reference of the equivalence test and of `npm run bench:reporting`. */
export * as kpiFactsReference from './kpis/kpi.facts-reference';
export { parsePeriodRequest, type PeriodRequest } from './kpis/period.request';
export { asyncApiDocument, asyncApiJson } from './asyncapi/asyncapi';
export { dashboardHtml } from './dashboard/dashboard.http.controller';
