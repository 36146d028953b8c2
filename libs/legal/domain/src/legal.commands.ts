import type { IsoInstant } from '@collections/shared-kernel';

// Commands are typed: every field was parsed where it entered the service (the request
// parser, a consumer), so the decider checks only invariants, never input format. Time
// and the actor arrive inside the command: the decider reads no clock and no session.

declare const legalIdBrand: unique symbol;
/** A Legal's id: a UUID, lower case, checked once where it enters the service. */
export type LegalId = string & { readonly [legalIdBrand]: true };

/** Opens a Legal. */
export interface OpenLegal {
  readonly type: 'OpenLegal';
  readonly legalId: LegalId;
  /** Trimmed, 1-200 characters. */
  readonly title: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

/** Closes an open Legal, saying why. */
export interface CloseLegal {
  readonly type: 'CloseLegal';
  readonly legalId: LegalId;
  /** Trimmed, 1-500 characters. */
  readonly reason: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

export type LegalCommand = OpenLegal | CloseLegal;
