import { z } from 'zod';
import type { IntegrationEventContract, PublishableEvent as RecordedEvent } from '@collections/shared-contracts';

/**
 * What the debtors context publishes on `collections.debtors.events.v1`: versioned
 * integration events, separate from its domain events. No personal data leaves the
 * service (LGPD: BI warehouses get ids and facts, not names or CPFs). A breaking change
 * is a new schemaVersion published beside the old one, never an edit of these.
 */
const money = z.object({ amount: z.number().int(), currency: z.string().length(3) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const bucket = z.enum(['current', '1-30', '31-60', '61-90', '91-180', '181-360', '360+']);

export const debtorRegisteredV1 = z.object({
  debtorId: z.uuid(),
  kind: z.enum(['person', 'company']),
  state: z.string().length(2),
  registeredAt: z.string(),
});
export const debtorErasedV1 = z.object({ debtorId: z.uuid(), erasedAt: z.string() });
export const debtRegisteredV1 = z.object({
  debtId: z.uuid(),
  debtorId: z.uuid(),
  contractReference: z.string(),
  originalAmount: money,
  dueDate: isoDate,
  installments: z.number().int().positive(),
  registeredAt: z.string(),
});
export const debtBecameOverdueV1 = z.object({ debtId: z.uuid(), asOf: isoDate, daysPastDue: z.number().int().positive(), earliestUnpaidDueDate: isoDate });
export const debtAgingBucketChangedV1 = z.object({ debtId: z.uuid(), from: bucket, to: bucket, daysPastDue: z.number().int().nonnegative(), asOf: isoDate });
export const debtPaymentRecordedV1 = z.object({ debtId: z.uuid(), paymentId: z.string(), amount: money, paidOn: isoDate, overpayment: money });
export const debtSettledV1 = z.object({ debtId: z.uuid(), settledOn: isoDate });
export const debtWrittenOffV1 = z.object({ debtId: z.uuid(), reason: z.string(), writtenOffAt: z.string() });

type Data = Record<string, unknown>;
const pick = (event: RecordedEvent, ...keys: string[]): Data => Object.fromEntries(keys.map((k) => [k, (event.data as Data)[k]]));

function contract<S extends z.ZodType>(type: string, schema: S, toPayload: (event: RecordedEvent) => unknown, sourceEventType = type): IntegrationEventContract<S> {
  return { context: 'debtors', type, schemaVersion: 1, schema, sourceEventType, toPayload: toPayload as IntegrationEventContract<S>['toPayload'] };
}

export const DEBTORS_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [
  contract('DebtorRegistered', debtorRegisteredV1, (e) => {
    const d = e.data as { debtorId: string; taxId: { kind: string }; state: string; registeredAt: string };
    return { debtorId: d.debtorId, kind: d.taxId.kind === 'cpf' ? 'person' : 'company', state: d.state, registeredAt: d.registeredAt };
  }),
  contract('DebtorErased', debtorErasedV1, (e) => ({ debtorId: (e.data as Data)['debtorId'], erasedAt: (e.data as Data)['requestedAt'] }), 'DebtorErasureRequested'),
  contract('DebtRegistered', debtRegisteredV1, (e) => ({
    ...pick(e, 'debtId', 'debtorId', 'contractReference', 'originalAmount', 'dueDate', 'registeredAt'),
    installments: ((e.data as Data)['installments'] as unknown[]).length,
  })),
  contract('DebtBecameOverdue', debtBecameOverdueV1, (e) => pick(e, 'debtId', 'asOf', 'daysPastDue', 'earliestUnpaidDueDate')),
  contract('DebtAgingBucketChanged', debtAgingBucketChangedV1, (e) => pick(e, 'debtId', 'from', 'to', 'daysPastDue', 'asOf')),
  contract('DebtPaymentRecorded', debtPaymentRecordedV1, (e) => pick(e, 'debtId', 'paymentId', 'amount', 'paidOn', 'overpayment'), 'PaymentRecorded'),
  contract('DebtSettled', debtSettledV1, (e) => pick(e, 'debtId', 'settledOn')),
  contract('DebtWrittenOff', debtWrittenOffV1, (e) => pick(e, 'debtId', 'reason', 'writtenOffAt')),
];
