import type { IsoInstant, Money } from '@collections/shared-kernel';
import type { ContactChannel } from '../compliance/contact-rule';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '91-180', '181-360', '360+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type DebtorKind = 'person' | 'company';

/** When a step applies; an absent condition does not restrict. */
export interface StepConditions {
  readonly agingBuckets?: readonly AgingBucket[];
  /** The open balance (original amount less payments) must be at least this. */
  readonly minBalance?: Money;
  readonly debtorKinds?: readonly DebtorKind[];
}

/**
 * One step of a cadence (régua): `offsetDays` from the debt's due date (negative: a
 * reminder before it is due), the channel and the template to send. `stepId` names the
 * step across versions: an edited step keeps its id, so a step already sent is not sent
 * again after a revision.
 */
export interface CadenceStep {
  readonly stepId: string;
  readonly offsetDays: number;
  readonly channel: ContactChannel;
  /** The message sent; null for a voice step (a call task: the agent follows the call script). */
  readonly templateId: string | null;
  readonly conditions: StepConditions;
}

export interface CadenceDefined {
  readonly type: 'CadenceDefined';
  readonly data: {
    readonly cadenceId: string;
    readonly name: string;
    /** The debts it runs for; `default` for every debt without a more specific cadence. */
    readonly segment: string;
    readonly version: 1;
    readonly steps: readonly CadenceStep[];
    readonly definedAt: IsoInstant;
    readonly definedBy: string;
  };
}

export interface CadenceRevised {
  readonly type: 'CadenceRevised';
  readonly data: {
    readonly cadenceId: string;
    readonly version: number;
    readonly steps: readonly CadenceStep[];
    readonly revisedAt: IsoInstant;
    readonly revisedBy: string;
  };
}

export type CadenceEvent = CadenceDefined | CadenceRevised;
