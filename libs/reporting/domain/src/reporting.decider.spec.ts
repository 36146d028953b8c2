import { fold } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { ReportingRuleViolation } from './reporting-rule-code';
import type { CloseReporting, OpenReporting, ReportingId } from './reporting.commands';
import { reportingDecider } from './reporting.decider';
import type { ReportingClosed, ReportingOpened } from './reporting.events';

const spec = DeciderSpecification.for(reportingDecider);
const ID = '0192f6a0-0000-7000-8000-0000000000a1' as ReportingId; // as the request parser gives it
const ACTOR = 'user-integrator@tenant-a';
const OPENED_AT = '2026-03-02T12:00:00.000Z';
const CLOSED_AT = '2026-03-05T09:30:00.000Z';

const open: OpenReporting = { type: 'OpenReporting', reportingId: ID, title: 'First', now: OPENED_AT, actor: ACTOR };
const close: CloseReporting = { type: 'CloseReporting', reportingId: ID, reason: 'done', now: CLOSED_AT, actor: ACTOR };
const opened: ReportingOpened = { type: 'ReportingOpened', data: { reportingId: ID, title: 'First', openedAt: OPENED_AT, openedBy: ACTOR } };
const closed: ReportingClosed = { type: 'ReportingClosed', data: { reportingId: ID, reason: 'done', closedAt: CLOSED_AT, closedBy: ACTOR } };

describe('Reporting decider', () => {
  it('opens a Reporting never opened', () => {
    spec.given([]).when(open).then([opened]);
  });

  it('refuses to open the same Reporting twice', () => {
    expect(spec.given([opened]).when(open).thenThrows(ReportingRuleViolation).code).toBe('REPORTING_ALREADY_OPENED');
  });

  it('closes an open Reporting', () => {
    spec.given([opened]).when(close).then([closed]);
    expect(fold(reportingDecider, [opened, closed])).toEqual({ status: 'closed', reportingId: ID, title: 'First', openedAt: OPENED_AT, closedAt: CLOSED_AT, reason: 'done' });
  });

  it('refuses to close a Reporting never opened', () => {
    expect(spec.given([]).when(close).thenThrows(ReportingRuleViolation).code).toBe('REPORTING_NOT_OPENED');
  });

  it('refuses to close it twice', () => {
    expect(spec.given([opened, closed]).when(close).thenThrows(ReportingRuleViolation).code).toBe('REPORTING_ALREADY_CLOSED');
  });
});
