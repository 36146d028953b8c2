import { assertNever, type IsoInstant } from '@collections/shared-kernel';
import type { AgreementEvent } from './agreement.events';

/**
 * What other contexts learn of an agreement: that it began, and that it ended and why.
 * The shapes are those of the published AgreementEntered / AgreementEnded v1 (negotiation
 * contracts), whose spec parses these against the schemas; the rest of an agreement's
 * events stay inside the negotiation context.
 */
interface Scope {
  readonly agreementId: string;
  readonly debtorId: string;
  readonly debtIds: readonly string[];
}

export type AgreementBeginning = Scope & { readonly enteredAt: IsoInstant };

export type AgreementEnding = Scope & { readonly endedAt: IsoInstant } & (
    | { readonly reason: 'broken'; readonly unpaidInstallment: number }
    | { readonly reason: 'completed' }
    | { readonly reason: 'cancelled'; readonly cancelledBy: 'debtor' | 'creditor' }
  );

export type AgreementPublication = { readonly type: 'AgreementEntered'; readonly data: AgreementBeginning } | { readonly type: 'AgreementEnded'; readonly data: AgreementEnding };

export function agreementPublicationOf(event: AgreementEvent): AgreementPublication | null {
  switch (event.type) {
    case 'AgreementEntered': {
      const { agreementId, debtorId, debtIds, enteredAt } = event.data;
      return { type: 'AgreementEntered', data: { agreementId, debtorId, debtIds, enteredAt } };
    }
    case 'AgreementEnded':
      return { type: 'AgreementEnded', data: event.data };
    case 'AgreementBroken':
    case 'AgreementFulfilled':
    case 'AgreementCancelled':
    case 'InstallmentChargeRequested':
    case 'InstallmentPaid':
    case 'InstallmentOverdue':
    case 'EarlySettlementQuoted':
      return null;
    default:
      return assertNever(event, 'agreement event');
  }
}
