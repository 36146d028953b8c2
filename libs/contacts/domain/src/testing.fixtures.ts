import type { Money } from '@collections/shared-kernel';
import type { CadenceStep } from './cadence/cadence.events';
import type { DebtContactEvent } from './debt-contact/debt-contact.events';

// Shared by the contacts domain specs: one debt of R$ 500,00 due 2026-03-10.
export const DEBT_ID = '5d0f8a0e-7a4c-4a55-9f8e-2f0f3b1c9a01';
export const DEBTOR_ID = '0b8e3c52-3f7e-4d0c-8d2b-6a1c2f9e4b10';
export const CADENCE_ID = 'c4a1d2e3-1111-4b22-8c33-9d44e55f6a77';
export const TEMPLATE_ID = 'a1b2c3d4-2222-4c33-9d44-e55f66a77b88';
export const ACTOR = 'user:ana';
export const brl = (amount: number): Money => ({ amount, currency: 'BRL' });
export const at = (date: string, time = '12:00:00'): string => `${date}T${time}.000Z`;

export const step = (stepId: string, offsetDays: number, channel: CadenceStep['channel'] = 'email', conditions: CadenceStep['conditions'] = {}): CadenceStep => ({
  stepId,
  offsetDays,
  channel,
  templateId: channel === 'voice' ? null : TEMPLATE_ID,
  conditions,
});

export const tracked: DebtContactEvent = {
  type: 'DebtTracked',
  data: { debtId: DEBT_ID, debtorId: DEBTOR_ID, dueDate: '2026-03-10', originalAmount: brl(50_000), trackedAt: at('2026-03-01') },
};
export const started = (version = 1): DebtContactEvent => ({
  type: 'CadenceStarted',
  data: { debtId: DEBT_ID, cadenceId: CADENCE_ID, version, startedAt: at('2026-03-11') },
});
export const sent = (stepId: string, offsetDays: number, messageId = `msg-${stepId}`): DebtContactEvent => ({
  type: 'ContactSent',
  data: { debtId: DEBT_ID, stepId, offsetDays, cadenceVersion: 1, channel: 'email', at: at('2026-03-11'), messageId, contactPointId: 'email-1', providerMessageId: `smtp-${stepId}` },
});
