import type { EscalationState } from '@collections/legal-domain';
import type { RecordedEscalation } from './escalation-stream';

export interface EscalationView {
  readonly debtId: string;
  readonly debt: {
    readonly overdueSince: string | null;
    readonly inAgreement: boolean;
    readonly disputed: boolean;
    readonly settled: boolean;
    readonly writtenOff: boolean;
    readonly segment: string | null;
    /** The contacts context's holds placed on the debt: while any is, nothing escalates. */
    readonly holds: readonly { readonly holdId: string; readonly kind: string }[];
  };
  readonly notice: { readonly status: string; readonly noticeId: string | null; readonly sentAt: string | null; readonly listingNotBefore: string | null };
  readonly bureaus: readonly { readonly bureau: string; readonly status: string; readonly protocol: string | null; readonly removalProtocol: string | null }[];
  readonly removal: { readonly reason: string; readonly since: string; readonly slaDueOn: string; readonly breached: boolean } | null;
  readonly protest: { readonly status: string };
  readonly lawsuit: { readonly lawFirm: string; readonly handedOffAt: string } | null;
  /** Every event of the escalation, evidence included, in order. */
  readonly timeline: readonly { readonly version: number; readonly type: string; readonly recordedAt: string; readonly actor: string | null; readonly data: unknown }[];
  readonly version: number;
}

export function stateSummary(state: EscalationState) {
  const notice = state.notice;
  return {
    debt: {
      overdueSince: state.debt.overdueSince ?? null,
      inAgreement: state.debt.inAgreement,
      disputed: state.debt.disputed,
      settled: state.debt.settled,
      writtenOff: state.debt.writtenOff,
      segment: state.debt.segment ?? null,
      holds: state.debt.holds.map((h) => ({ holdId: h.holdId, kind: h.kind })),
    },
    notice: {
      status: notice.status,
      noticeId: notice.status === 'none' ? null : notice.noticeId,
      sentAt: notice.status === 'sent' ? notice.sentAt : null,
      listingNotBefore: notice.status === 'sent' ? notice.listingNotBefore : null,
    },
    bureaus: Object.entries(state.bureaus).map(([bureau, r]) => ({ bureau, status: r?.status ?? 'unknown', protocol: r?.protocol ?? null, removalProtocol: r?.removalProtocol ?? null })),
    removal: state.removal ? { reason: state.removal.reason, since: state.removal.since, slaDueOn: state.removal.slaDueOn, breached: state.removal.breached } : null,
    protest: { status: state.protest.status },
    lawsuit: state.lawsuit ? { ...state.lawsuit } : null,
  };
}

/** undefined: the stream has no event (unknown debt, or another tenant's). */
export function escalationViewOf(debtId: string, recorded: RecordedEscalation): EscalationView | undefined {
  if (recorded.events.length === 0) return undefined;
  return {
    debtId,
    ...stateSummary(recorded.state),
    timeline: recorded.events.map((e) => ({ version: e.version, type: e.event.type, recordedAt: e.recordedAt, actor: e.actor ?? null, data: e.event.data })),
    version: recorded.events.length,
  };
}

/** The view as the proto message (data as JSON text, nulls as ""). */
export function escalationGrpcOut(view: EscalationView) {
  return {
    debtId: view.debtId,
    overdueSince: view.debt.overdueSince ?? '',
    inAgreement: view.debt.inAgreement,
    disputed: view.debt.disputed,
    settled: view.debt.settled,
    noticeStatus: view.notice.status,
    noticeId: view.notice.noticeId ?? '',
    noticeSentAt: view.notice.sentAt ?? '',
    listingNotBefore: view.notice.listingNotBefore ?? '',
    bureaus: view.bureaus.map((b) => ({ bureau: b.bureau, status: b.status, protocol: b.protocol ?? '', removalProtocol: b.removalProtocol ?? '' })),
    removalSlaDueOn: view.removal?.slaDueOn ?? '',
    removalBreached: view.removal?.breached ?? false,
    timeline: view.timeline.map((t) => ({ version: t.version, type: t.type, recordedAt: t.recordedAt, actor: t.actor ?? '', dataJson: JSON.stringify(t.data) })),
    version: view.version,
    protestStatus: view.protest.status,
    lawsuitLawFirm: view.lawsuit?.lawFirm ?? '',
    segment: view.debt.segment ?? '',
    holdIds: view.debt.holds.map((h) => h.holdId),
  };
}
