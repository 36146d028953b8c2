export * from './legal.service';
export * from './legal.use-cases';
export type { LegalView } from './legal/legal.view';
export type { Outcome } from './shared/outcome';
