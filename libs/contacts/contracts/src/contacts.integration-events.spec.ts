import { ContractRegistry } from '@collections/shared-contracts';
import { CONTACTS_INTEGRATION_EVENTS, callOutcomeRecordedContractV1, satisfactionSurveyAnsweredContractV1, contactSentContractV1, priorNoticeSentContractV1, promiseToPayBrokenContractV1 } from './contacts.integration-events';

const registry = new ContractRegistry(CONTACTS_INTEGRATION_EVENTS);
const DEBT = '0192f6a0-0000-7000-8000-0000000000a1';
const rule = { code: 'OUTSIDE_CONTACT_HOURS', article: 'Lei estadual SP 15.426/2014', detail: 'Sunday' };

describe('contacts integration events v1', () => {
  // Payloads exactly as v1 consumers (reporting, legal, BI) may hold them: they must keep parsing.
  it.each([
    ['ContactSent', { debtId: DEBT, stepId: 'd1-email', channel: 'email', cadenceVersion: 1, at: '2026-03-11T12:00:00.000Z', messageId: 'm-1', contactPointId: 'email-1' }],
    ['ContactDeferred', { debtId: DEBT, stepId: 'd1-email', channel: 'sms', cadenceVersion: 2, at: '2026-03-15T12:00:00.000Z', until: '2026-03-16T11:00:00.000Z', rule }],
    ['ContactBlocked', { debtId: DEBT, stepId: 'd1-email', channel: 'whatsapp', cadenceVersion: 1, at: '2026-03-15T12:00:00.000Z', rule }],
    ['CadenceStopped', { debtId: DEBT, reason: 'settled', stoppedAt: '2026-03-15T12:00:00.000Z' }],
    ['CadencePaused', { debtId: DEBT, holdId: 'dispute', kind: 'dispute', pausedAt: '2026-03-15T12:00:00.000Z' }],
    // published before call scripts: no stepsDone, no scriptVersion
    ['SatisfactionSurveySent', { surveyId: '0192f6a0-0000-7000-8000-0000000000e1', taskId: '0192f6a0-0000-7000-8000-0000000000d1', debtId: DEBT, agent: 'agent:bia', channel: 'sms', sentAt: '2026-03-02T12:01:00.000Z' }],
    ['SatisfactionSurveyAnswered', { surveyId: '0192f6a0-0000-7000-8000-0000000000e1', taskId: '0192f6a0-0000-7000-8000-0000000000d1', debtId: DEBT, agent: 'agent:bia', channel: 'email', score: 5, answeredAt: '2026-03-02T13:00:00.000Z' }],
    ['CallOutcomeRecorded', { taskId: '0192f6a0-0000-7000-8000-0000000000d1', debtId: DEBT, agent: 'agent:bia', outcome: 'busy', completedAt: '2026-03-02T12:00:00.000Z' }],
  ])('a stored v1 %s payload still parses', (type, payload) => {
    expect(registry.validate(type, 1, payload)).toEqual(payload);
  });

  /** Every property name in a JSON schema, nested ones included. */
  const propertyNames = (schema: unknown): string[] => {
    if (typeof schema !== 'object' || schema === null) return [];
    const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
    return [...Object.keys(properties), ...Object.values(properties).flatMap(propertyNames)];
  };

  it('publishes no address, phone or message text: a contact point travels by its id', () => {
    for (const contract of CONTACTS_INTEGRATION_EVENTS) {
      const names = propertyNames(contract.schema.toJSONSchema());
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).not.toMatch(/^(to|address|phone|email|text|body|name|subject)$/i);
    }
  });

  it('maps a broken promise to its public payload, which its schema accepts', () => {
    const broken = {
      type: 'PromiseToPayBroken',
      data: { debtId: DEBT, promiseId: '0192f6a0-0000-7000-8000-0000000000b2', amount: { amount: 30_000, currency: 'BRL' }, paid: { amount: 10_000, currency: 'BRL' }, dueOn: '2026-03-20', asOf: '2026-03-22', brokenAt: '2026-03-22T03:00:00.000Z' },
      streamId: `dunning-${DEBT}`,
      tenantId: 'tenant-a',
    } as const;
    const payload = promiseToPayBrokenContractV1.toPayload(broken);
    expect(payload).toEqual({ debtId: DEBT, promiseId: '0192f6a0-0000-7000-8000-0000000000b2', amount: { amount: 30_000, currency: 'BRL' }, paid: { amount: 10_000, currency: 'BRL' }, dueOn: '2026-03-20', brokenAt: '2026-03-22T03:00:00.000Z' });
    expect(registry.validate('PromiseToPayBroken', 1, payload)).toEqual(payload);
  });

  it('publishes the proof of a prior notice as PriorNoticeSent v1, which the legal context counts its period from', () => {
    const dispatched = {
      type: 'PriorNoticeDispatched',
      data: { noticeId: '0192f6a0-0000-7000-8000-0000000000c1', debtId: DEBT, deliveries: [{ channel: 'letter', messageId: 'm-1', contactPointId: 'addr-1' }], sentAt: '2026-03-02T12:00:00.000Z' },
      streamId: 'prior-notice-0192f6a0-0000-7000-8000-0000000000c1',
      tenantId: 'tenant-a',
    } as const;
    const payload = priorNoticeSentContractV1.toPayload(dispatched);
    expect(registry.validate('PriorNoticeSent', 1, payload)).toEqual({ noticeId: dispatched.data.noticeId, debtId: DEBT, sentAt: '2026-03-02T12:00:00.000Z', deliveries: [{ channel: 'letter', messageId: 'm-1', contactPointId: 'addr-1' }] });
  });

  it('publishes a call\'s outcome without the agent\'s notes (personal data, kept encrypted in the service)', () => {
    const completed = {
      type: 'CallTaskCompleted',
      data: { taskId: '0192f6a0-0000-7000-8000-0000000000d1', debtId: DEBT, agent: 'agent:bia', outcome: 'promise-to-pay', notes: 'pii:v1:token', completedAt: '2026-03-02T12:00:00.000Z' },
      streamId: 'calltask-0192f6a0-0000-7000-8000-0000000000d1',
      tenantId: 'tenant-a',
    } as const;
    const payload = callOutcomeRecordedContractV1.toPayload(completed);
    expect(payload).not.toHaveProperty('notes');
    expect(registry.validate('CallOutcomeRecorded', 1, payload)).toEqual(payload);
  });

  it("publishes the script steps a call's agent did and the script's version with its outcome", () => {
    const completed = {
      type: 'CallTaskCompleted',
      data: { taskId: '0192f6a0-0000-7000-8000-0000000000d1', debtId: DEBT, agent: 'agent:bia', outcome: 'right-party-contact', notes: null, completedAt: '2026-03-02T12:00:00.000Z', stepsDone: ['identificar', 'credor'], scriptVersion: 2, recordingRef: 'rec-1' },
      streamId: 'calltask-0192f6a0-0000-7000-8000-0000000000d1',
      tenantId: 'tenant-a',
    } as const;
    const payload = callOutcomeRecordedContractV1.toPayload(completed);
    expect(payload).toMatchObject({ stepsDone: ['identificar', 'credor'], scriptVersion: 2 });
    expect(registry.validate('CallOutcomeRecorded', 1, payload)).toEqual(payload);
  });

  it('publishes a survey answer with its score, never its message or contact point', () => {
    const answered = {
      type: 'SatisfactionSurveyAnswered',
      data: { surveyId: '0192f6a0-0000-7000-8000-0000000000e1', taskId: '0192f6a0-0000-7000-8000-0000000000d1', debtId: DEBT, agent: 'agent:bia', channel: 'sms', score: 2, answeredAt: '2026-03-02T13:00:00.000Z' },
      streamId: 'survey-0192f6a0-0000-7000-8000-0000000000e1',
      tenantId: 'tenant-a',
    } as const;
    const payload = satisfactionSurveyAnsweredContractV1.toPayload(answered);
    expect(registry.validate('SatisfactionSurveyAnswered', 1, payload)).toEqual({ ...answered.data });
    expect(() => registry.validate('SatisfactionSurveyAnswered', 1, { ...payload, score: 6 })).toThrow();
  });

  it('maps a sent contact to its public payload', () => {
    const sent = {
      type: 'ContactSent',
      data: { debtId: DEBT, stepId: 'd1', offsetDays: 1, cadenceVersion: 1, channel: 'email', at: '2026-03-11T12:00:00.000Z', messageId: 'm-1', contactPointId: 'email-1', providerMessageId: 'smtp-1' },
      streamId: `dunning-${DEBT}`,
      tenantId: 'tenant-a',
    } as const;
    expect(contactSentContractV1.toPayload(sent)).toEqual({ debtId: DEBT, stepId: 'd1', channel: 'email', cadenceVersion: 1, at: '2026-03-11T12:00:00.000Z', messageId: 'm-1', contactPointId: 'email-1' });
  });
});
