export * from './reporting.service';
export * from './reporting.use-cases';
export * from './consumers/reported-contexts';
export { recordReportedEvent } from './consumers/reporting-consumers';
export { rebuildReadModels } from './rebuild/rebuild-read-models/rebuild-read-models';
export { REPORTING_READ_MODEL_MIGRATIONS } from './read-model/reporting.migrations';
export type * from './kpis/kpi.queries';
export { portfolioKpi, recoveryKpi, contactAttemptsKpi, promisesKpi, agreementsKpi, ATTRIBUTION_RULE, ATTRIBUTION_WINDOW_DAYS } from './kpis/kpi.queries';
export { parsePeriodRequest, type PeriodRequest } from './kpis/period.request';
