import type { StoreTransaction } from '@collections/shared-event-store';
import type { IsoInstant } from '@collections/shared-kernel';
import { done, type RequestContext } from '@collections/shared-service-kit';
import { evaluateContact, parseContactProfile, type ContactDecision } from '@collections/contacts-domain';
import { pastContacts } from '../../dunning/dunning-scheduler';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { debtOfTask, leaseFrom, lockNextInQueue, type CallTaskId, type TakenCallTask } from '../call-task-queue';
import { writeCallTask } from '../call-task-writes';
import { currentScriptOf, segmentOfDebt } from '../../call-scripts/call-scripts';

/** Tasks looked at for one take-next: the rest of a queue whose debtors may not be called now waits for the next ask. */
const MAX_DEFERRED_PER_TAKE = 50;

/**
 * Whether the debtor of a call task may be called at `at`: the contact hours of the
 * debtor's place (state, time zone), holidays, and the frequency caps over the contacts
 * already made, as for the cadence's messages. The phone number's consent and opt-out are
 * not known here (they live in the debtors context): the agent's screen shows the debtor's
 * contact points before dialling.
 */
async function callRules(tx: StoreTransaction, tenantId: string, taskId: CallTaskId, at: IsoInstant): Promise<ContactDecision> {
  const [debtor] = await tx.query<{ debt_id: string; debtor_id: string; state: string | null; time_zone: string | null }>(
    `SELECT t.debt_id, d.debtor_id, p.state, p.time_zone FROM contacts_call_tasks t
       JOIN contacts_debts d ON d.tenant_id = t.tenant_id AND d.debt_id = t.debt_id
       LEFT JOIN contacts_debtors p ON p.tenant_id = d.tenant_id AND p.debtor_id = d.debtor_id
      WHERE t.tenant_id = $1 AND t.task_id = $2`,
    [tenantId, taskId],
  );
  // a debtor whose place is not known yet: nothing to apply (the debtors context sends it with the registration)
  if (!debtor?.state) return { kind: 'allowed' };
  return evaluateContact({
    at,
    profile: parseContactProfile({ country: 'BR', state: debtor.state, timeZone: debtor.time_zone ?? 'America/Sao_Paulo' }),
    channel: 'voice',
    debtId: debtor.debt_id,
    history: await pastContacts(tx, tenantId, debtor.debtor_id, at),
    contactPoint: { optedOut: false, consent: 'granted' },
  });
}

/**
 * The agent's "next call": in one transaction, the queue's next row is locked (SKIP
 * LOCKED: concurrent agents get different rows), `CallTaskTaken` is appended with the
 * version read and the row updated. A task is never handed to two agents: a second agent
 * cannot lock the row while the first holds it, and once committed the row says held
 * (until the lease runs out, when the decider records the expiry before the new take).
 * A task whose debtor may not be called now (hours, holidays, caps) is deferred to the
 * first instant the rules allow, with `CallTaskDeferred` and the rule as evidence, and the
 * next one is looked at.
 */
export class TakeNextCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, queue: string): Promise<Outcome<TakenCallTask>> {
    return this.deps.idempotency.run(ctx, { type: 'TakeNextCallTask', target: queue, request: { queue } }, async (attempt): Promise<Outcome<TakenCallTask>> => {
      const now = this.deps.clock.now();
      const at = now.toISOString();
      return this.deps.store.transaction(async (tx) => {
        for (let looked = 0; looked <= MAX_DEFERRED_PER_TAKE; looked++) {
          const taskId = await lockNextInQueue(tx, ctx.principal.tenantId, queue, at);
          if (!taskId) return done({ task: null });
          // the contact rules apply to calls too: a debtor who may not be called now is not offered
          const rules = await callRules(tx, ctx.principal.tenantId, taskId, at);
          if (rules.kind === 'deferred') {
            const deferred = await writeCallTask(this.deps, attempt, tx, taskId, { type: 'DeferCallTask', taskId, until: rules.until, rule: rules.rule, now: at });
            if (deferred.kind !== 'done') throw new Error(`call task ${taskId}: the queue offered it but its stream refused the deferral: ${deferred.detail}`);
            // its row's due instant is now `until`: the queue offers the next one
            if (deferred.value.dueAt !== rules.until) break;
            continue;
          }
          // the script of the debt's segment is served with the task; the take records its version
          const script = await currentScriptOf(this.deps.store, ctx.principal.tenantId, await segmentOfDebt(tx, ctx.principal.tenantId, (await debtOfTask(tx, ctx.principal.tenantId, taskId)) ?? ''), tx);
          const taken = await writeCallTask(this.deps, attempt, tx, taskId, { type: 'TakeCallTask', taskId, agent: ctx.principal.subject, leaseUntil: leaseFrom(now), now: at, script: { segment: script.segment, version: script.version } });
          // the row and the stream are written together under the row's lock: they cannot disagree
          if (taken.kind !== 'done') throw new Error(`call task ${taskId}: the queue offered it but its stream refused: ${taken.detail}`);
          return done({ task: { ...taken.value, script } });
        }
        return done({ task: null });
      });
    });
  }
}
