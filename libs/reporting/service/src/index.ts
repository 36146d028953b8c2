export * from './reporting.service';
export * from './reporting.use-cases';
export type { ReportingView } from './reporting/reporting.view';
export type { Outcome } from './shared/outcome';
