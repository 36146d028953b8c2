import { Money, assertNever, type Decider, type IsoDate, type IsoInstant } from '@collections/shared-kernel';

// The prior notice of a listing at the credit bureaus (CDC art. 43 §2), asked of this
// context by the legal context and sent through its channels: stream `prior-notice-<noticeId>`,
// one outcome per notice. Type names are unique on the platform.

export interface PriorNoticeDelivery {
  readonly channel: 'letter' | 'email';
  readonly messageId: string;
  readonly contactPointId: string;
}

/** Proof of sending: what went out, on which channel, to which contact point, when. */
export interface PriorNoticeDispatched {
  readonly type: 'PriorNoticeDispatched';
  readonly data: { readonly noticeId: string; readonly debtId: string; readonly deliveries: readonly PriorNoticeDelivery[]; readonly sentAt: IsoInstant };
}
/** The notice could not be sent (no address, the debtor erased, the creditor not identified): no listing may follow. */
export interface PriorNoticeUndeliverable {
  readonly type: 'PriorNoticeUndeliverable';
  readonly data: { readonly noticeId: string; readonly debtId: string; readonly reason: string; readonly failedAt: IsoInstant };
}
export type PriorNoticeEvent = PriorNoticeDispatched | PriorNoticeUndeliverable;

export type PriorNoticeCommand =
  | { readonly type: 'RecordNoticeDispatch'; readonly noticeId: string; readonly debtId: string; readonly deliveries: readonly PriorNoticeDelivery[]; readonly now: IsoInstant }
  | { readonly type: 'RecordNoticeUndeliverable'; readonly noticeId: string; readonly debtId: string; readonly reason: string; readonly now: IsoInstant };

export type PriorNoticeState = { readonly status: 'pending' } | { readonly status: 'sent' | 'undeliverable' };

/** A notice has one outcome: a second (a retried run) changes nothing. */
export const priorNoticeDecider: Decider<PriorNoticeState, PriorNoticeCommand, PriorNoticeEvent> = {
  initialState: () => ({ status: 'pending' }),
  decide(command, state) {
    if (state.status !== 'pending') return [];
    switch (command.type) {
      case 'RecordNoticeDispatch':
        if (command.deliveries.length === 0) throw new RangeError('a dispatched notice has at least one delivery');
        return [{ type: 'PriorNoticeDispatched', data: { noticeId: command.noticeId, debtId: command.debtId, deliveries: command.deliveries, sentAt: command.now } }];
      case 'RecordNoticeUndeliverable':
        return [{ type: 'PriorNoticeUndeliverable', data: { noticeId: command.noticeId, debtId: command.debtId, reason: command.reason, failedAt: command.now } }];
      default:
        return assertNever(command, 'prior notice command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'PriorNoticeDispatched':
        return { status: 'sent' };
      case 'PriorNoticeUndeliverable':
        return { status: 'undeliverable' };
      default:
        return assertNever(event, 'prior notice event');
    }
  },
};

const brDate = (date: IsoDate): string => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
const brl = (money: Money): string => new Intl.NumberFormat('pt-BR', { style: 'currency', currency: money.currency }).format(money.amount / 100);

/**
 * The notice's text, in Portuguese: who the creditor is (CDC art. 42-A), what is owed and
 * since when, and from which day the debtor's name may be listed if it is not paid (CDC
 * art. 43 §2). No template of the tenant's: the legal content is fixed.
 */
export function priorNoticeText(facts: {
  readonly creditor: { readonly name: string; readonly taxId: string; readonly address: string };
  readonly debtorName: string;
  readonly amount: Money;
  readonly dueDate: IsoDate;
  readonly listingNotBefore: IsoDate;
}): { readonly subject: string; readonly text: string } {
  return {
    subject: 'Notificação prévia de inclusão em cadastro de inadimplentes',
    text: [
      `Prezado(a) ${facts.debtorName},`,
      '',
      `Comunicamos, nos termos do art. 43, § 2º, do Código de Defesa do Consumidor, que consta em aberto o débito de ${brl(facts.amount)}, vencido em ${brDate(facts.dueDate)}, junto a ${facts.creditor.name} (CNPJ/CPF ${facts.creditor.taxId}).`,
      '',
      `Caso o débito não seja pago ou negociado, seu nome poderá ser incluído nos cadastros de proteção ao crédito (Serasa, SPC, Boa Vista) a partir de ${brDate(facts.listingNotBefore)}.`,
      '',
      'Se já efetuou o pagamento, desconsidere este aviso. Se não reconhece o débito, entre em contato para contestá-lo.',
      '',
      `${facts.creditor.name} - ${facts.creditor.address}`,
    ].join('\n'),
  };
}
