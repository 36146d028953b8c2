import type { IsoInstant, Money, TaxId, TenantId } from '@collections/shared-kernel';
import type { DebtorId } from '../ids';
import type { BrazilianState } from './brazilian-state';
import type { ContactConsent, ContactPoint } from './contact-point';

// Commands are typed: every field was parsed where it entered the service (the request
// parsers, the import), so the decider checks only the debtor's invariants, never the
// format of its input. Time (`now`, an ISO instant in UTC) and ids come in the command:
// the decider never reads a clock.

interface DebtorCommandBase {
  readonly debtorId: DebtorId;
  readonly now: IsoInstant;
  /** Who asks (user id, integration client, `system:<component>`), at most 200 characters; goes to the event envelope. */
  readonly actor: string;
}

export interface RegisterDebtor extends DebtorCommandBase {
  readonly type: 'RegisterDebtor';
  readonly tenantId: TenantId;
  /** CPF (person) or CNPJ (company), check digits verified. */
  readonly taxId: TaxId;
  /** Trimmed, 1-200 characters. */
  readonly name: string;
  /** Validated and normalised (E.164 phones, e-mail domains in lower case, CEP digits), each with its id. */
  readonly contactPoints: readonly ContactPoint[];
  readonly state: BrazilianState;
  /** IANA name in its canonical spelling, e.g. "America/Sao_Paulo". */
  readonly timeZone: string;
  readonly declaredMonthlyIncome?: Money;
}

export interface UpdateContactPoints extends DebtorCommandBase {
  readonly type: 'UpdateContactPoints';
  /** The complete new set; contact points left out are removed. */
  readonly contactPoints: readonly ContactPoint[];
}

export interface RecordContactConsent extends DebtorCommandBase {
  readonly type: 'RecordContactConsent';
  readonly contactPointId: string;
  readonly consent: ContactConsent;
}

export interface RecordOptOut extends DebtorCommandBase {
  readonly type: 'RecordOptOut';
  readonly contactPointId: string;
  /** The debtor's words, kept verbatim (not blank, at most 2000 characters). */
  readonly reason: string;
}

/** LGPD art. 18: the data subject's right to erasure. */
export interface RequestErasure extends DebtorCommandBase {
  readonly type: 'RequestErasure';
}

export type DebtorCommand = RegisterDebtor | UpdateContactPoints | RecordContactConsent | RecordOptOut | RequestErasure;
