export * from './contacts.service';
export * from './contacts.use-cases';
export type { ContactsView } from './contacts/contacts.view';
export type { Outcome } from './shared/outcome';
