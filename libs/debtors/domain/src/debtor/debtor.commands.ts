import type { Money } from '@collections/shared-kernel';
import type { ContactConsent, ContactPointInput } from './contact-point';

// Commands carry raw input from a transport; the decider validates it. Time (`now`, an
// ISO instant) and ids come in the command: the decider never reads a clock.

interface DebtorCommandBase {
  readonly debtorId: string;
  readonly now: string;
  /** Who asks (user id, integration client, `system:<component>`); goes to the event envelope. */
  readonly actor: string;
}

export interface RegisterDebtor extends DebtorCommandBase {
  readonly type: 'RegisterDebtor';
  readonly tenantId: string;
  /** CPF (person) or CNPJ (company), with or without punctuation. */
  readonly taxId: string;
  readonly name: string;
  readonly contactPoints: readonly ContactPointInput[];
  /** UF, e.g. "SP". */
  readonly state: string;
  /** IANA name, e.g. "America/Sao_Paulo". */
  readonly timeZone: string;
  readonly declaredMonthlyIncome?: Money;
}

export interface UpdateContactPoints extends DebtorCommandBase {
  readonly type: 'UpdateContactPoints';
  /** The complete new set; contact points left out are removed. */
  readonly contactPoints: readonly ContactPointInput[];
}

export interface RecordContactConsent extends DebtorCommandBase {
  readonly type: 'RecordContactConsent';
  readonly contactPointId: string;
  readonly consent: ContactConsent;
}

export interface RecordOptOut extends DebtorCommandBase {
  readonly type: 'RecordOptOut';
  readonly contactPointId: string;
  /** The debtor's words, kept verbatim. */
  readonly reason: string;
}

/** LGPD art. 18: the data subject's right to erasure. */
export interface RequestErasure extends DebtorCommandBase {
  readonly type: 'RequestErasure';
}

export type DebtorCommand = RegisterDebtor | UpdateContactPoints | RecordContactConsent | RecordOptOut | RequestErasure;
