import type { Counter } from 'prom-client';
import { handleCommand, type CommandOutcome, type EventCodec, type SqlEventStore } from '@collections/shared-event-store';
import { TenantId, type IdGenerator } from '@collections/shared-kernel';
import { done, notFound, refused, type RequestContext } from '@collections/shared-service-kit';
import { reportingDecider, ReportingRuleViolation, type ReportingCommand, type ReportingEvent, type ReportingRuleCode, type ReportingState } from '@collections/reporting-domain';
import { reportingStream, type ReportingId } from './ids';
import type { Outcome } from './outcome';

/** Reporting events hold no encrypted fields: stored as they are. */
export const reportingEventCodec: EventCodec<ReportingEvent> = {
  async encode(event) {
    return { type: event.type, data: event.data };
  },
  async decode(recorded) {
    return { type: recorded.type, data: recorded.data } as ReportingEvent;
  },
};

/** Refusals that mean "no such resource" to the caller. */
const NOT_FOUND_CODES: ReadonlySet<ReportingRuleCode> = new Set(['REPORTING_NOT_OPENED']);

/**
 * The reporting side of the one write path: a command to a Reporting's stream through
 * `handleCommand` (read, fold, decide, append with the version read), counted by type
 * and outcome. A decider's refusal becomes an Outcome; anything else is thrown on.
 */
export class ReportingWriter {
  constructor(
    private readonly store: SqlEventStore,
    private readonly ids: IdGenerator,
    private readonly commands?: Counter<'command' | 'outcome'>,
  ) {}

  async write(ctx: RequestContext, reportingId: ReportingId, command: ReportingCommand): Promise<Outcome<CommandOutcome<ReportingState, ReportingEvent>>> {
    // an idempotent attempt brings its own (derived) ids: a retry appends the same event ids
    const ids = ctx.ids ?? this.ids;
    const metadata = {
      actor: ctx.principal.subject,
      ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
      ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
    };
    try {
      const value = await handleCommand(this.store, reportingDecider, reportingEventCodec, reportingStream(reportingId), command, {
        tenantId: TenantId.parse(ctx.principal.tenantId),
        metadata,
        nextEventId: () => ids.next(),
      });
      this.commands?.inc({ command: command.type, outcome: 'accepted' });
      return done(value);
    } catch (error) {
      if (error instanceof ReportingRuleViolation) {
        this.commands?.inc({ command: command.type, outcome: 'refused' });
        return NOT_FOUND_CODES.has(error.code) ? notFound(error.message) : refused(error.code, error.message);
      }
      this.commands?.inc({ command: command.type, outcome: 'failed' });
      throw error;
    }
  }
}
