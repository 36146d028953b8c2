import { z } from 'zod';
import { loadAggregate, type EventStore, type StoreTransaction } from '@collections/shared-event-store';
import { nameBasedUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';
import { CALL_SCRIPT_STEP_KINDS, MAX_CALL_SCRIPT_STEPS, callScriptDecider, callScriptVersion, currentCallScript, type CallScriptEvent, type CallScriptState, type CallScriptStep } from '@collections/contacts-domain';
import { plainCodec } from '../shared/contacts-writer';

export const callScriptAggregate = { decider: callScriptDecider, codec: plainCodec<CallScriptEvent>() };

/** Stream ids are unique across tenants: a tenant's segment names its stream through a name-based id. */
export const callScriptStream = (tenantId: string, segment: string): string => `callscript-${nameBasedUuid('contacts.call-script', tenantId, segment)}`;

/**
 * The segment of a debt's calls, as this service recorded it for its cadence. Debts carry
 * no segment yet (the debtors context does not publish one): every debt is in `default`.
 */
export async function segmentOfDebt(db: Pick<StoreTransaction, 'query'>, tenantId: string, debtId: string): Promise<string> {
  const [row] = await db.query<{ segment: string }>('SELECT segment FROM contacts_debts WHERE tenant_id = $1 AND debt_id = $2', [tenantId, debtId]);
  return row?.segment ?? 'default';
}

const SEGMENT = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** A segment in a path: anything else names no segment (404). */
export const knownSegment = (value: string): string => {
  if (!SEGMENT.test(value)) throw new NotFoundProblem(`segment ${value} is not a segment name`);
  return value;
};

export const callScriptStepsSchema = z
  .array(
    z
      .object({
        id: z.string().max(40),
        /** What the agent says or does, in Portuguese. */
        text: z.string().min(1).max(1_000),
        kind: z.enum(CALL_SCRIPT_STEP_KINDS),
      })
      .strict(),
  )
  .min(1)
  .max(MAX_CALL_SCRIPT_STEPS);

/** A script as an agent or a supervisor reads it. */
export interface CallScriptView {
  readonly segment: string;
  /** 0: the platform's default script (the tenant published none for the segment). */
  readonly version: number;
  readonly steps: readonly CallScriptStep[];
}

export async function loadCallScript(store: EventStore, tenantId: string, segment: string, tx?: StoreTransaction): Promise<CallScriptState> {
  const { state } = await loadAggregate(store, callScriptAggregate.decider, callScriptAggregate.codec, callScriptStream(tenantId, segment), { tenantId, ...(tx ? { transaction: tx } : {}) });
  return state;
}

/** The segment's script now (the default until one is published). */
export async function currentScriptOf(store: EventStore, tenantId: string, segment: string, tx?: StoreTransaction): Promise<CallScriptView> {
  const { version, steps } = currentCallScript(await loadCallScript(store, tenantId, segment, tx));
  return { segment, version, steps };
}

/** One version of the segment's script (the one a task was served). */
export async function scriptVersionOf(store: EventStore, tenantId: string, segment: string, version: number, tx?: StoreTransaction): Promise<CallScriptView | undefined> {
  const found = callScriptVersion(await loadCallScript(store, tenantId, segment, tx), version);
  return found ? { segment, version: found.version, steps: found.steps } : undefined;
}
