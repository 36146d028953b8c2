import { NotFoundProblem } from '@collections/shared-nest';
import { violationsOf } from '../../testing/violations';
import { parseRecordPaymentRequest } from './record-payment.request';

const DEBT_ID = '01900000-0000-7000-8000-000000000d01';
const body = { paymentId: ' pix-1 ', amount: { amount: 1000, currency: 'BRL' }, paidOn: '2026-01-20' };
const messages = (overrides: Record<string, unknown>) => violationsOf(() => parseRecordPaymentRequest(DEBT_ID, { ...body, ...overrides })).map((v) => `${v.field}: ${v.message}`);

describe('the request to record a payment', () => {
  it('gives a typed payment, its id trimmed', () => {
    expect(parseRecordPaymentRequest(DEBT_ID.toUpperCase(), body)).toEqual({ debtId: DEBT_ID, paymentId: 'pix-1', amount: { amount: 1000, currency: 'BRL' }, paidOn: '2026-01-20' });
  });

  it('keeps the request as the idempotency hash of earlier requests saw it (keys and their order)', () => {
    expect(JSON.stringify(parseRecordPaymentRequest(DEBT_ID, { ...body, paymentId: 'pix-1' }))).toBe(
      `{"paymentId":"pix-1","amount":{"amount":1000,"currency":"BRL"},"paidOn":"2026-01-20","debtId":"${DEBT_ID}"}`,
    );
  });

  it('answers a debt id that is not a UUID as an unknown debt (404)', () => {
    expect(() => parseRecordPaymentRequest('CTR-1', body)).toThrow(NotFoundProblem);
  });

  it.each([
    [{ paymentId: ' ' }, 'paymentId: must have 1-100 characters'],
    [{ paymentId: 'p'.repeat(101) }, 'paymentId: must have 1-100 characters'],
    [{ amount: { amount: 0, currency: 'BRL' } }, 'amount.amount: must be greater than zero'],
    [{ amount: { amount: -5, currency: 'BRL' } }, 'amount.amount: must not be negative'],
    [{ paidOn: '2026-02-30' }, 'paidOn: is not a real calendar date'],
  ])('rejects %j', (overrides, message) => {
    expect(messages(overrides)).toEqual([message]);
  });

  it('reports every invalid field at once', () => {
    expect(messages({ paymentId: '', amount: { amount: 0, currency: 'BRL' }, paidOn: 'yesterday' }).map((m) => m.split(':')[0])).toEqual(['paymentId', 'amount.amount', 'paidOn']);
  });
});
