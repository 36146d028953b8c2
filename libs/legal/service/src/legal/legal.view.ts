import { assertNever, fold } from '@collections/shared-kernel';
import { legalDecider, type LegalState } from '@collections/legal-domain';
import type { LegalDeps } from '../shared/legal-deps';
import { legalEventCodec } from '../shared/legal-writer';
import { legalStream, type LegalId } from '../shared/ids';

/** A Legal as both transports answer it. */
export interface LegalView {
  readonly legalId: string;
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly version: number;
}

/** The view of a state folded from the stream at `version`; none before it was opened. */
export function legalViewOf(state: LegalState, version: number): LegalView | undefined {
  switch (state.status) {
    case 'none':
      return undefined;
    case 'open':
      return { legalId: state.legalId, title: state.title, status: 'open', openedAt: state.openedAt, version };
    case 'closed':
      return { legalId: state.legalId, title: state.title, status: 'closed', openedAt: state.openedAt, closedAt: state.closedAt, version };
    default:
      return assertNever(state, 'legal state');
  }
}

/** A Legal folded from its stream (this tenant's only): always consistent with the caller's own writes. */
export async function readLegal(deps: Pick<LegalDeps, 'store'>, tenantId: string, legalId: LegalId): Promise<LegalView | undefined> {
  const { events, currentVersion } = await deps.store.readStream(legalStream(legalId), { tenantId });
  const decoded = await Promise.all(events.map((event) => legalEventCodec.decode(event)));
  return legalViewOf(fold(legalDecider, decoded), currentVersion);
}

/** The proto message of a view: proto3 has no absent string, so "" while open. */
export const legalOut = (view: LegalView) => ({ ...view, closedAt: view.closedAt ?? '' });
