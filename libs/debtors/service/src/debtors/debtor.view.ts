import type { AsOf, CommandOutcome } from '@collections/shared-event-store';
import { assertNever, type Money } from '@collections/shared-kernel';
import type { ContactPoint, DebtorEvent, DebtorState } from '@collections/debtors-domain';
import type { DebtorsDeps } from '../shared/debtors-deps';
import { debtorStream, type DebtorId } from '../shared/ids';
import { ERASED_TEXT } from '../shared/personal-data';

/** The debtor as the API shows it, folded from its (decrypted) events. */
export interface DebtorView {
  readonly debtorId: string;
  readonly kind: 'person' | 'company' | 'unknown';
  readonly taxId: string;
  readonly name: string;
  readonly state: string;
  readonly timeZone: string;
  readonly contactPoints: readonly ContactPoint[];
  readonly declaredMonthlyIncome: Money | null;
  readonly erased: boolean;
  readonly registeredAt: string;
  readonly version: number;
}

/**
 * One event applied to the view. A write folds the events it just appended onto the
 * view it read before (instead of reading the stream again); a read folds the history.
 */
export function evolveDebtorView(view: DebtorView | undefined, event: DebtorEvent): DebtorView | undefined {
  switch (event.type) {
    case 'DebtorRegistered': {
      const d = event.data;
      return {
        debtorId: d.debtorId,
        kind: d.taxId.kind === 'cpf' ? 'person' : d.taxId.kind === 'cnpj' ? 'company' : 'unknown',
        taxId: d.taxId.value,
        name: d.name,
        state: d.state,
        timeZone: d.timeZone,
        contactPoints: d.contactPoints,
        declaredMonthlyIncome: typeof d.declaredMonthlyIncome === 'object' ? d.declaredMonthlyIncome : null,
        erased: false,
        registeredAt: d.registeredAt,
        version: view?.version ?? 0,
      };
    }
    case 'DebtorContactPointsUpdated':
      return view && { ...view, contactPoints: event.data.contactPoints };
    case 'ContactConsentRecorded':
      return view && { ...view, contactPoints: view.contactPoints.map((c) => (c.id === event.data.contactPointId ? { ...c, consent: event.data.consent } : c)) };
    case 'ContactOptedOut':
      return (
        view && {
          ...view,
          contactPoints: view.contactPoints.map((c) =>
            c.id === event.data.contactPointId ? { ...c, optedOut: true, optedOutAt: event.data.optedOutAt, optOutReason: event.data.reason } : c,
          ),
        }
      );
    case 'DebtorErasureRequested':
      return view && { ...view, taxId: ERASED_TEXT, name: ERASED_TEXT, contactPoints: [], declaredMonthlyIncome: null, erased: true };
    default:
      return assertNever(event, 'debtor event');
  }
}

export function debtorViewFrom(events: readonly DebtorEvent[], version: number, from?: DebtorView): DebtorView | undefined {
  const view = events.reduce(evolveDebtorView, from);
  return view ? { ...view, version } : undefined;
}

/** The debtor from its stream (decrypted), as of now or of a past instant; undefined if there is none for this tenant. */
export async function readDebtor(deps: Pick<DebtorsDeps, 'store' | 'writer'>, tenantId: string, debtorId: DebtorId, asOf?: AsOf): Promise<DebtorView | undefined> {
  const { events, currentVersion } = await deps.store.readStream(debtorStream(debtorId), { tenantId, ...(asOf ? { asOf } : {}) });
  const decoded = await Promise.all(events.map((e) => deps.writer.debtorCodec.decode(e)));
  return debtorViewFrom(decoded, currentVersion);
}

/**
 * The debtor after a write: the events the write path appended, folded onto the view read
 * before it. Only if another writer appended in between (the stream's version moved) is
 * the stream read again, since the view read before would miss that writer's events.
 */
export async function debtorViewAfter(
  deps: Pick<DebtorsDeps, 'store' | 'writer'>,
  tenantId: string,
  debtorId: DebtorId,
  before: DebtorView,
  written: CommandOutcome<DebtorState, DebtorEvent>,
): Promise<DebtorView | undefined> {
  if (written.streamVersionBefore === before.version) return debtorViewFrom(written.events, written.nextExpectedVersion, before);
  return readDebtor(deps, tenantId, debtorId);
}
