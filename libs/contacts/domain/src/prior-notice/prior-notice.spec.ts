import { Money } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { priorNoticeDecider, priorNoticeText, type PriorNoticeEvent } from './prior-notice';

const spec = DeciderSpecification.for(priorNoticeDecider);
const NOTICE = '0193a0e0-0000-7000-8000-0000000000c1';
const DEBT = '0193a0e0-0000-7000-8000-0000000000c2';
const sent: PriorNoticeEvent = {
  type: 'PriorNoticeDispatched',
  data: { noticeId: NOTICE, debtId: DEBT, deliveries: [{ channel: 'letter', messageId: 'm-1', contactPointId: 'addr-1' }], sentAt: '2026-03-02T12:00:00.000Z' },
};

describe('the prior notice of a bureau listing', () => {
  it('records its sending once, with what went out where', () => {
    spec.given([]).when({ type: 'RecordNoticeDispatch', noticeId: NOTICE, debtId: DEBT, deliveries: sent.data.deliveries as never, now: '2026-03-02T12:00:00.000Z' }).then([sent]);
    spec.given([sent]).when({ type: 'RecordNoticeUndeliverable', noticeId: NOTICE, debtId: DEBT, reason: 'no address', now: '2026-03-02T13:00:00.000Z' }).thenNothingHappens();
  });

  it('records that it could not be sent, once', () => {
    const failed: PriorNoticeEvent = { type: 'PriorNoticeUndeliverable', data: { noticeId: NOTICE, debtId: DEBT, reason: 'the debtor has no postal address nor e-mail', failedAt: '2026-03-02T12:00:00.000Z' } };
    spec.given([]).when({ type: 'RecordNoticeUndeliverable', noticeId: NOTICE, debtId: DEBT, reason: 'the debtor has no postal address nor e-mail', now: '2026-03-02T12:00:00.000Z' }).then([failed]);
    spec.given([failed]).when({ type: 'RecordNoticeDispatch', noticeId: NOTICE, debtId: DEBT, deliveries: sent.data.deliveries as never, now: '2026-03-02T13:00:00.000Z' }).thenNothingHappens();
  });

  it('says, in Portuguese, what is owed, to whom, and from which day the name may be listed (CDC art. 43 §2)', () => {
    const { subject, text } = priorNoticeText({
      creditor: { name: 'Credor S.A.', taxId: '11.222.333/0001-81', address: 'Av. Paulista, 1000, São Paulo - SP' },
      debtorName: 'Maria da Silva',
      amount: Money.of(123_456, 'BRL'),
      dueDate: '2026-01-10',
      listingNotBefore: '2026-03-12',
    });
    expect(subject).toMatch(/Notificação prévia/);
    expect(text).toContain('art. 43, § 2º');
    expect(text).toMatch(/R\$\s1\.234,56, vencido em 10\/01\/2026, junto a Credor S\.A\. \(CNPJ\/CPF 11\.222\.333\/0001-81\)/);
    expect(text).toContain('a partir de 12/03/2026');
  });
});
