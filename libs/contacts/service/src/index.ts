export * from './contacts.service';
export * from './contacts.use-cases';
export type { ContactSenders } from './dunning/dunning-scheduler';
export * from './ports/debtor-directory';
export * from './ports/message-composer';
export type { ContactTimelineView } from './timeline/contact-timeline.view';
export type { CadenceView } from './cadences/cadence.view';
export type { Outcome } from './shared/outcome';
