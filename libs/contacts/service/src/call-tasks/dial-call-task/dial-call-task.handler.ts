import { HttpStatus } from '@nestjs/common';
import { loadAggregate } from '@collections/shared-event-store';
import { RuleViolationProblem } from '@collections/shared-nest';
import { done, notFound, refused, type RequestContext } from '@collections/shared-service-kit';
import { DialerError } from '@collections/contacts-channels';
import { ContactsRuleViolation, callTaskDecider } from '@collections/contacts-domain';
import { contactPointFor } from '../../dunning/dunning-scheduler';
import { DirectoryUnavailableError } from '../../ports/debtor-directory';
import type { ContactsDeps } from '../../shared/contacts-deps';
import type { Outcome } from '../../shared/outcome';
import { callTaskAggregate, callTaskStream, lockQueueRow, type CallTaskId } from '../call-task-queue';
import { writeCallTask } from '../call-task-writes';

export interface DialedCallView {
  readonly taskId: string;
  readonly callId: string;
  readonly dialedAt: string;
}

/**
 * The holder's click-to-call: the debtor's phone is read from the debtors directory (before
 * the transaction: in embedded mode it answers from this same database) and must have
 * consent and not be opted out; then, holding the task's row, the holder is checked, the
 * dialer is asked (an idempotency key per request: a retry rings once) and `CallDialed` is
 * recorded with the dialer's call id, which its webhooks name.
 */
export class DialCallTaskHandler {
  constructor(private readonly deps: ContactsDeps) {}

  execute(ctx: RequestContext, taskId: CallTaskId): Promise<Outcome<DialedCallView>> {
    return this.deps.idempotency.run(ctx, { type: 'DialCallTask', target: taskId, request: { taskId } }, async (attempt): Promise<Outcome<DialedCallView>> => {
      const tenantId = ctx.principal.tenantId;
      const dialer = this.deps.dialer;
      const [row] = await this.deps.store.driver.query<{ debtor_id: string }>(
        'SELECT d.debtor_id FROM contacts_call_tasks t JOIN contacts_debts d ON d.tenant_id = t.tenant_id AND d.debt_id = t.debt_id WHERE t.tenant_id = $1 AND t.task_id = $2',
        [tenantId, taskId],
      );
      if (!row) return notFound(`call task ${taskId} not found`);
      if (!dialer) return refused('DIALER_NOT_CONFIGURED', 'no dialer is configured: dial from the phone');
      let debtor;
      try {
        debtor = await this.deps.directory.lookup(tenantId, row.debtor_id);
      } catch (error) {
        if (error instanceof DirectoryUnavailableError) throw new RuleViolationProblem('DIRECTORY_UNAVAILABLE', 'the debtors directory did not answer: try again', HttpStatus.SERVICE_UNAVAILABLE);
        throw error;
      }
      if (!debtor || debtor.erased) return refused('NO_CALLABLE_PHONE', 'the debtor was erased: no phone is kept');
      const phone = contactPointFor(debtor.contactPoints, 'voice');
      if (phone.kind === 'blocked') return refused('NO_CALLABLE_PHONE', `${phone.rule.code} (${phone.rule.article}): ${phone.rule.detail}`);
      if (phone.contactPoint.kind === 'postal_address') throw new Error('a phone contact point holds a number');
      const number = phone.contactPoint.value;
      const contactPointId = phone.contactPoint.id;
      return this.deps.store.transaction(async (tx) => {
        if (!(await lockQueueRow(tx, tenantId, taskId))) return notFound(`call task ${taskId} not found`);
        const now = this.deps.clock.now().toISOString();
        const agent = ctx.principal.subject;
        // the holder is checked before the phone rings
        const { state } = await loadAggregate(this.deps.store, callTaskAggregate.decider, callTaskAggregate.codec, callTaskStream(taskId), { tenantId, transaction: tx });
        try {
          callTaskDecider.decide({ type: 'RecordCallDialed', taskId, agent, callId: '-', contactPointId, now }, state);
        } catch (error) {
          if (error instanceof ContactsRuleViolation) return refused(error.code, error.message);
          throw error;
        }
        let callId: string;
        try {
          ({ callId } = await dialer.dial({ reference: attempt.ids.next(), tenantId, taskId, agent, phone: number }));
        } catch (error) {
          if (error instanceof DialerError) throw new RuleViolationProblem('DIALER_UNAVAILABLE', error.message, error.retryable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY);
          throw error;
        }
        const written = await writeCallTask(this.deps, attempt, tx, taskId, { type: 'RecordCallDialed', taskId, agent, callId, contactPointId, now });
        if (written.kind !== 'done') return written;
        await tx.query('INSERT INTO contacts_dialer_calls (call_id, tenant_id, task_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [callId, tenantId, taskId]);
        return done({ taskId, callId, dialedAt: now });
      });
    });
  }
}
