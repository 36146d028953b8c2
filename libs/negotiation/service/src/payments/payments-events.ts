import { z } from 'zod';
import { integrationEventContracts } from '@collections/shared-contracts';

/**
 * What the negotiation service consumes from the payments context, exactly as the
 * protocol between the two says (ChargeIssued v1, PaymentReceived v1 on
 * `collections.payments.events.v1`). Defined here, in a file of its own, while the
 * payments engineer adds them to `libs/payments/contracts`: the lead replaces these by
 * `@collections/payments-contracts` at merge (same types, versions and schemas).
 */
export const PAYMENTS_CONTEXT = 'payments';

const money = z.object({ amount: z.number().int().min(0), currency: z.enum(['BRL', 'USD']) });
const instant = z.iso.datetime();
const date = z.iso.date();

export const chargeIssuedV1 = z.object({
  chargeId: z.uuid(),
  debtorId: z.uuid(),
  debtIds: z.array(z.uuid()).min(1).max(200),
  agreementId: z.uuid().optional(),
  installment: z.number().int().min(1).optional(),
  amount: money,
  dueDate: date,
  txid: z.string().regex(/^[A-Za-z0-9]{26,35}$/),
  pixCopyPaste: z.string(),
  boletoLine: z.string().regex(/^\d{47}$/).optional(),
  issuedAt: instant,
});

export const paymentReceivedV1 = z.object({
  paymentId: z.string().min(1).max(100),
  chargeId: z.uuid().optional(),
  debtorId: z.uuid().optional(),
  agreementId: z.uuid().optional(),
  installment: z.number().int().min(1).optional(),
  amount: money,
  paidOn: date,
  method: z.enum(['pix', 'boleto', 'card', 'ted', 'manual']),
  receivedAt: instant,
});

export type ChargeIssuedV1 = z.output<typeof chargeIssuedV1>;
export type PaymentReceivedV1 = z.output<typeof paymentReceivedV1>;

/** The payments domain events these are published from, taken to carry the public fields as they are (payments' choice of names). */
type PaymentsSourceEvent =
  | { readonly type: 'ChargeIssued'; readonly data: z.input<typeof chargeIssuedV1> }
  | { readonly type: 'PaymentReceived'; readonly data: z.input<typeof paymentReceivedV1> };

const contract = integrationEventContracts<PaymentsSourceEvent>(PAYMENTS_CONTEXT);

export const chargeIssuedContractV1 = contract({ type: 'ChargeIssued', schemaVersion: 1, schema: chargeIssuedV1, sourceEventType: 'ChargeIssued', toPayload: ({ data }) => data });
export const paymentReceivedContractV1 = contract({ type: 'PaymentReceived', schemaVersion: 1, schema: paymentReceivedV1, sourceEventType: 'PaymentReceived', toPayload: ({ data }) => data });
