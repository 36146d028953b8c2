import type { ContactTimelineView } from './contact-timeline.view';

/** The timeline as its proto message: proto3 has no "absent", so an unset string is "". */
export function timelineOut(view: ContactTimelineView) {
  return {
    debtId: view.debtId,
    status: view.status,
    cadenceId: view.cadence?.cadenceId ?? '',
    cadenceVersion: view.cadence?.version ?? 0,
    holds: view.holds.map((h) => ({ holdId: h.holdId, kind: h.kind })),
    stopReason: view.stopReason ?? '',
    version: view.version,
    entries: view.entries.map((e) => ({
      type: e.type,
      at: e.at,
      stepId: e.stepId ?? '',
      channel: e.channel ?? '',
      messageId: e.messageId ?? '',
      ruleCode: e.rule?.code ?? '',
      ruleArticle: e.rule?.article ?? '',
      ruleDetail: e.rule?.detail ?? '',
      until: e.until ?? '',
      detail: e.detail ?? '',
    })),
  };
}
