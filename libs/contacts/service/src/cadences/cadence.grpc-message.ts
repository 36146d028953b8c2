import type { CadenceView } from './cadence.view';

/** Proto steps to the REST shape the request parser takes (proto3 zeros and "" are "not set"). */
export function stepsIn(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((raw: Record<string, unknown>) => {
    const conditions = (raw['conditions'] ?? {}) as Record<string, unknown>;
    const buckets = conditions['agingBuckets'];
    const kinds = conditions['debtorKinds'];
    const minBalance = conditions['minBalance'] as { amount?: unknown; currency?: unknown } | null | undefined;
    return {
      stepId: raw['stepId'],
      offsetDays: raw['offsetDays'],
      channel: raw['channel'],
      templateId: raw['templateId'] === '' ? undefined : raw['templateId'],
      conditions: {
        ...(Array.isArray(buckets) && buckets.length > 0 ? { agingBuckets: buckets } : {}),
        ...(Array.isArray(kinds) && kinds.length > 0 ? { debtorKinds: kinds } : {}),
        ...(minBalance && minBalance.currency ? { minBalance: { amount: Number(minBalance.amount ?? 0), currency: minBalance.currency } } : {}),
      },
    };
  });
}

export function cadenceOut(view: CadenceView) {
  return {
    cadenceId: view.cadenceId,
    name: view.name,
    segment: view.segment,
    version: view.version,
    updatedAt: view.updatedAt,
    steps: view.steps.map((s) => ({
      stepId: s.stepId,
      offsetDays: s.offsetDays,
      channel: s.channel,
      templateId: s.templateId ?? '',
      conditions: {
        agingBuckets: s.conditions.agingBuckets ?? [],
        debtorKinds: s.conditions.debtorKinds ?? [],
        ...(s.conditions.minBalance ? { minBalance: s.conditions.minBalance } : {}),
      },
    })),
  };
}
