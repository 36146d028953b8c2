import type { IsoInstant } from '@collections/shared-kernel';

// Domain events: facts in the past tense, stored in the legal streams. What other contexts
// see is the integration events of @collections/legal-contracts, never these.

export interface LegalOpened {
  readonly type: 'LegalOpened';
  readonly data: { readonly legalId: string; readonly title: string; readonly openedAt: IsoInstant; readonly openedBy: string };
}

export interface LegalClosed {
  readonly type: 'LegalClosed';
  readonly data: { readonly legalId: string; readonly reason: string; readonly closedAt: IsoInstant; readonly closedBy: string };
}

export type LegalEvent = LegalOpened | LegalClosed;
