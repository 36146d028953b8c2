import { z } from 'zod';
import { integrationEventContracts, type IntegrationEventContract } from '@collections/shared-contracts';
import type { DebtEvent, DebtorEvent } from '@collections/debtors-domain';

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
  /** The IANA zone contact hours are judged in (added beside the v1 fields; optional for events published before it). */
  timeZone: z.string().min(1).max(64).optional(),
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
  /** The creditor's segment (added beside the v1 fields; absent: `default`, and on events published before it). */
  segment: z.string().min(1).max(50).optional(),
  /** The portfolio (carteira) the debt was placed in (added beside the v1 fields; optional). */
  portfolio: z.string().min(1).max(50).optional(),
});
export const debtBecameOverdueV1 = z.object({ debtId: z.uuid(), asOf: isoDate, daysPastDue: z.number().int().positive(), earliestUnpaidDueDate: isoDate });
export const debtAgingBucketChangedV1 = z.object({ debtId: z.uuid(), from: bucket, to: bucket, daysPastDue: z.number().int().nonnegative(), asOf: isoDate });
export const debtPaymentRecordedV1 = z.object({ debtId: z.uuid(), paymentId: z.string(), amount: money, paidOn: isoDate, overpayment: money });
export const debtSettledV1 = z.object({ debtId: z.uuid(), settledOn: isoDate });
export const debtPaymentReversedV1 = z.object({
  debtId: z.uuid(),
  paymentId: z.string(),
  amount: money,
  paidOn: isoDate,
  reversedOn: isoDate,
  reason: z.enum(['reversal', 'chargeback']),
});
/** A settled debt owes again (the payment that settled it was reversed): dunning may resume. */
export const debtReopenedV1 = z.object({ debtId: z.uuid(), reopenedOn: isoDate });
export const debtWrittenOffV1 = z.object({ debtId: z.uuid(), reason: z.string(), writtenOffAt: z.string() });
// The debtor's reason for a dispute is personal data (their own words): only the fact travels.
export const debtDisputeOpenedV1 = z.object({ debtId: z.uuid(), openedAt: z.string() });
export const debtDisputeResolvedV1 = z.object({ debtId: z.uuid(), outcome: z.enum(['upheld', 'rejected']), resolvedAt: z.string() });
export const debtEnteredAgreementV1 = z.object({ debtId: z.uuid(), agreementId: z.string(), enteredAt: z.string() });
export const debtLeftAgreementV1 = z.object({ debtId: z.uuid(), agreementId: z.string(), leftAt: z.string() });

/** Copies the named fields of a domain event's data: a field the event lacks does not compile. */
const pick = <Data, Key extends keyof Data>(data: Data, ...keys: Key[]): Pick<Data, Key> =>
  Object.fromEntries(keys.map((key) => [key, data[key]])) as Pick<Data, Key>;

// Each contract is typed by the domain event its sourceEventType names: a renamed or
// removed domain field fails `tsc` here, not the relay at run time.
const contract = integrationEventContracts<DebtorEvent | DebtEvent>('debtors');
const v1 = { schemaVersion: 1 } as const;

export const debtorRegisteredContractV1 = contract({
  ...v1,
  type: 'DebtorRegistered',
  schema: debtorRegisteredV1,
  sourceEventType: 'DebtorRegistered',
  // taxId.kind is stored in clear (only taxId.value is personal data)
  toPayload: ({ data }) => ({
    debtorId: data.debtorId,
    kind: data.taxId.kind === 'cpf' ? ('person' as const) : ('company' as const),
    state: data.state,
    timeZone: data.timeZone,
    registeredAt: data.registeredAt,
  }),
});
export const debtorErasedContractV1 = contract({
  ...v1,
  type: 'DebtorErased',
  schema: debtorErasedV1,
  sourceEventType: 'DebtorErasureRequested',
  toPayload: ({ data }) => ({ debtorId: data.debtorId, erasedAt: data.requestedAt }),
});
export const debtRegisteredContractV1 = contract({
  ...v1,
  type: 'DebtRegistered',
  schema: debtRegisteredV1,
  sourceEventType: 'DebtRegistered',
  toPayload: ({ data }) => ({
    ...pick(data, 'debtId', 'debtorId', 'contractReference', 'originalAmount', 'dueDate', 'registeredAt'),
    installments: data.installments.length,
    ...(data.segment === undefined ? {} : { segment: data.segment }),
    ...(data.portfolio === undefined ? {} : { portfolio: data.portfolio }),
  }),
});
export const debtBecameOverdueContractV1 = contract({
  ...v1,
  type: 'DebtBecameOverdue',
  schema: debtBecameOverdueV1,
  sourceEventType: 'DebtBecameOverdue',
  toPayload: ({ data }) => pick(data, 'debtId', 'asOf', 'daysPastDue', 'earliestUnpaidDueDate'),
});
export const debtAgingBucketChangedContractV1 = contract({
  ...v1,
  type: 'DebtAgingBucketChanged',
  schema: debtAgingBucketChangedV1,
  sourceEventType: 'DebtAgingBucketChanged',
  toPayload: ({ data }) => pick(data, 'debtId', 'from', 'to', 'daysPastDue', 'asOf'),
});
export const debtPaymentRecordedContractV1 = contract({
  ...v1,
  type: 'DebtPaymentRecorded',
  schema: debtPaymentRecordedV1,
  sourceEventType: 'PaymentRecorded',
  toPayload: ({ data }) => pick(data, 'debtId', 'paymentId', 'amount', 'paidOn', 'overpayment'),
});
export const debtSettledContractV1 = contract({
  ...v1,
  type: 'DebtSettled',
  schema: debtSettledV1,
  sourceEventType: 'DebtSettled',
  toPayload: ({ data }) => pick(data, 'debtId', 'settledOn'),
});
export const debtPaymentReversedContractV1 = contract({
  ...v1,
  type: 'DebtPaymentReversed',
  schema: debtPaymentReversedV1,
  sourceEventType: 'DebtPaymentReversed',
  toPayload: ({ data }) => pick(data, 'debtId', 'paymentId', 'amount', 'paidOn', 'reversedOn', 'reason'),
});
export const debtReopenedContractV1 = contract({
  ...v1,
  type: 'DebtReopened',
  schema: debtReopenedV1,
  sourceEventType: 'DebtReopened',
  toPayload: ({ data }) => pick(data, 'debtId', 'reopenedOn'),
});
export const debtWrittenOffContractV1 = contract({
  ...v1,
  type: 'DebtWrittenOff',
  schema: debtWrittenOffV1,
  sourceEventType: 'DebtWrittenOff',
  toPayload: ({ data }) => pick(data, 'debtId', 'reason', 'writtenOffAt'),
});

export const debtDisputeOpenedContractV1 = contract({
  ...v1,
  type: 'DebtDisputeOpened',
  schema: debtDisputeOpenedV1,
  sourceEventType: 'DisputeOpened',
  toPayload: ({ data }) => pick(data, 'debtId', 'openedAt'),
});
export const debtDisputeResolvedContractV1 = contract({
  ...v1,
  type: 'DebtDisputeResolved',
  schema: debtDisputeResolvedV1,
  sourceEventType: 'DisputeResolved',
  toPayload: ({ data }) => pick(data, 'debtId', 'outcome', 'resolvedAt'),
});
export const debtEnteredAgreementContractV1 = contract({
  ...v1,
  type: 'DebtEnteredAgreement',
  schema: debtEnteredAgreementV1,
  sourceEventType: 'DebtEnteredAgreement',
  toPayload: ({ data }) => pick(data, 'debtId', 'agreementId', 'enteredAt'),
});
export const debtLeftAgreementContractV1 = contract({
  ...v1,
  type: 'DebtLeftAgreement',
  schema: debtLeftAgreementV1,
  sourceEventType: 'DebtLeftAgreement',
  toPayload: ({ data }) => pick(data, 'debtId', 'agreementId', 'leftAt'),
});

export const DEBTORS_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [
  debtorRegisteredContractV1,
  debtorErasedContractV1,
  debtRegisteredContractV1,
  debtBecameOverdueContractV1,
  debtAgingBucketChangedContractV1,
  debtPaymentRecordedContractV1,
  debtSettledContractV1,
  debtPaymentReversedContractV1,
  debtReopenedContractV1,
  debtWrittenOffContractV1,
  debtDisputeOpenedContractV1,
  debtDisputeResolvedContractV1,
  debtEnteredAgreementContractV1,
  debtLeftAgreementContractV1,
];
