import { fold } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { LegalRuleViolation } from './legal-rule-code';
import type { CloseLegal, OpenLegal, LegalId } from './legal.commands';
import { legalDecider } from './legal.decider';
import type { LegalClosed, LegalOpened } from './legal.events';

const spec = DeciderSpecification.for(legalDecider);
const ID = '0192f6a0-0000-7000-8000-0000000000a1' as LegalId; // as the request parser gives it
const ACTOR = 'user-integrator@tenant-a';
const OPENED_AT = '2026-03-02T12:00:00.000Z';
const CLOSED_AT = '2026-03-05T09:30:00.000Z';

const open: OpenLegal = { type: 'OpenLegal', legalId: ID, title: 'First', now: OPENED_AT, actor: ACTOR };
const close: CloseLegal = { type: 'CloseLegal', legalId: ID, reason: 'done', now: CLOSED_AT, actor: ACTOR };
const opened: LegalOpened = { type: 'LegalOpened', data: { legalId: ID, title: 'First', openedAt: OPENED_AT, openedBy: ACTOR } };
const closed: LegalClosed = { type: 'LegalClosed', data: { legalId: ID, reason: 'done', closedAt: CLOSED_AT, closedBy: ACTOR } };

describe('Legal decider', () => {
  it('opens a Legal never opened', () => {
    spec.given([]).when(open).then([opened]);
  });

  it('refuses to open the same Legal twice', () => {
    expect(spec.given([opened]).when(open).thenThrows(LegalRuleViolation).code).toBe('LEGAL_ALREADY_OPENED');
  });

  it('closes an open Legal', () => {
    spec.given([opened]).when(close).then([closed]);
    expect(fold(legalDecider, [opened, closed])).toEqual({ status: 'closed', legalId: ID, title: 'First', openedAt: OPENED_AT, closedAt: CLOSED_AT, reason: 'done' });
  });

  it('refuses to close a Legal never opened', () => {
    expect(spec.given([]).when(close).thenThrows(LegalRuleViolation).code).toBe('LEGAL_NOT_OPENED');
  });

  it('refuses to close it twice', () => {
    expect(spec.given([opened, closed]).when(close).thenThrows(LegalRuleViolation).code).toBe('LEGAL_ALREADY_CLOSED');
  });
});
