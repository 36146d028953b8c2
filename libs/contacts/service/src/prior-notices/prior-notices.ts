import { Money, nameBasedUuid, type Clock, type IdGenerator, type IsoDate, type IsoInstant } from '@collections/shared-kernel';
import type { SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import { payloadOf, type IntegrationEventContract, type IntegrationEventHandler } from '@collections/shared-messaging';
import { renderLetterPdf, ChannelError } from '@collections/contacts-channels';
import { priorNoticeDecider, priorNoticeText, type PriorNoticeCommand, type PriorNoticeDelivery, type PriorNoticeEvent } from '@collections/contacts-domain';
import type { ContactSenders } from '../dunning/dunning-scheduler';
import { DirectoryUnavailableError, type DebtorDirectory, type DirectoryDebtor } from '../ports/debtor-directory';
import type { CreditorIdentification } from '../ports/message-composer';
import { plainCodec, type ContactsWriter } from '../shared/contacts-writer';
import { priorNoticeRequestedContractV1 } from './legal-events';

export const priorNoticeAggregate = { decider: priorNoticeDecider, codec: plainCodec<PriorNoticeEvent>() };
export const priorNoticeStream = (noticeId: string): string => `prior-notice-${noticeId}`;

const SYSTEM = 'system:contacts-prior-notices';

/** The legal context asked for a prior notice: it is kept until the scheduler sends it (a redelivery changes nothing). */
export function priorNoticeReaction(): { readonly contract: IntegrationEventContract; readonly handle: IntegrationEventHandler } {
  return {
    contract: priorNoticeRequestedContractV1,
    handle: async (event, tx) => {
      const n = payloadOf(priorNoticeRequestedContractV1, event);
      await tx.query(
        `INSERT INTO contacts_prior_notices (tenant_id, notice_id, debt_id, debtor_id, amount, currency, due_date, listing_not_before, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, notice_id) DO NOTHING`,
        [event.tenantId, n.noticeId, n.debtId, n.debtorId, n.amount.amount, n.amount.currency, n.dueDate, n.listingNotBefore, n.requestedAt],
      );
    },
  };
}

export interface PriorNoticeDeps {
  readonly store: SqlEventStore;
  readonly writer: ContactsWriter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly directory: DebtorDirectory;
  readonly senders: ContactSenders;
  readonly log: (line: string) => void;
}

interface NoticeRow {
  readonly tenant_id: string;
  readonly notice_id: string;
  readonly debt_id: string;
  readonly debtor_id: string;
  readonly amount: string;
  readonly currency: string;
  readonly due_date: string | Date;
  readonly listing_not_before: string | Date;
}

type Delivery = { readonly kind: 'sent'; readonly deliveries: readonly PriorNoticeDelivery[] } | { readonly kind: 'failed'; readonly reason: string } | { readonly kind: 'retry' };

const dateOf = (value: string | Date): IsoDate => (typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10)) as IsoDate;

/**
 * Sends the prior notices asked for, oldest first. The debtor is asked of the directory
 * before the transaction (another service, which in embedded mode answers from this same
 * database); then, holding the notice's row (`FOR UPDATE SKIP LOCKED`), the notice goes
 * out and its outcome is recorded on `prior-notice-<id>` (published as PriorNoticeSent or
 * PriorNoticeFailed v1), and the row is closed, in one transaction.
 *
 * The notice is a legal duty (CDC art. 43 §2), not a collection message: the letter goes
 * to the debtor's postal address whatever the consent or opt-out of marketing contact; an
 * e-mail goes too, only to an address with consent and not opted out. Contact hours and
 * caps do not apply to a letter.
 */
export async function sendDuePriorNotices(deps: PriorNoticeDeps, limit = 1_000): Promise<number> {
  const pending = await deps.store.driver.query<{ tenant_id: string; notice_id: string; debtor_id: string }>(
    "SELECT tenant_id, notice_id, debtor_id FROM contacts_prior_notices WHERE state = 'pending' ORDER BY requested_at LIMIT $1",
    [limit],
  );
  let handled = 0;
  for (const { tenant_id: tenantId, notice_id: noticeId, debtor_id: debtorId } of pending) {
    let debtor: DirectoryDebtor | undefined;
    try {
      debtor = await deps.directory.lookup(tenantId, debtorId);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      deps.log(`contacts: prior notice ${noticeId} waits for the debtors directory: ${error.message}`);
      continue;
    }
    const done = await deps.store.transaction(async (tx) => {
      const [row] = await tx.query<NoticeRow>(
        "SELECT tenant_id, notice_id, debt_id, debtor_id, amount, currency, due_date, listing_not_before FROM contacts_prior_notices WHERE tenant_id = $1 AND notice_id = $2 AND state = 'pending' FOR UPDATE SKIP LOCKED",
        [tenantId, noticeId],
      );
      if (!row) return false;
      const now = deps.clock.now().toISOString();
      const outcome = await deliver(deps, tx, row, debtor, now);
      if (outcome.kind === 'retry') return false;
      const command: PriorNoticeCommand =
        outcome.kind === 'sent'
          ? { type: 'RecordNoticeDispatch', noticeId, debtId: row.debt_id, deliveries: outcome.deliveries, now }
          : { type: 'RecordNoticeUndeliverable', noticeId, debtId: row.debt_id, reason: outcome.reason, now };
      await deps.writer.apply(priorNoticeAggregate, priorNoticeStream(noticeId), command, { tenantId, transaction: tx, metadata: { actor: SYSTEM }, nextEventId: () => nameBasedUuid('contacts.prior-notice-outcome', noticeId) });
      await tx.query("UPDATE contacts_prior_notices SET state = 'done' WHERE tenant_id = $1 AND notice_id = $2", [tenantId, noticeId]);
      return true;
    });
    if (done) handled += 1;
  }
  return handled;
}

async function deliver(deps: PriorNoticeDeps, tx: StoreTransaction, row: NoticeRow, debtor: DirectoryDebtor | undefined, now: IsoInstant): Promise<Delivery> {
  if (!debtor || debtor.erased) return { kind: 'failed', reason: 'the debtor is not known to the debtors context, or was erased (LGPD art. 18 VI)' };
  const [creditor] = await tx.query<CreditorIdentification>('SELECT name, address, tax_id AS "taxId" FROM contacts_creditors WHERE tenant_id = $1', [row.tenant_id]);
  if (!creditor) return { kind: 'failed', reason: "the tenant has not given the creditor's name, address and CPF/CNPJ (CDC art. 42-A)" };
  const notice = priorNoticeText({
    creditor,
    debtorName: debtor.name,
    amount: Money.of(Number(row.amount), row.currency === 'USD' ? 'USD' : 'BRL'),
    dueDate: dateOf(row.due_date),
    listingNotBefore: dateOf(row.listing_not_before),
  });
  const deliveries: PriorNoticeDelivery[] = [];
  const messageIdFor = (channel: string): string => nameBasedUuid('contacts.prior-notice', row.notice_id, channel);

  const address = debtor.contactPoints.find((p) => p.kind === 'postal_address');
  if (address && address.kind === 'postal_address') {
    const a = address.value;
    const messageId = messageIdFor('letter');
    const pdf = await renderLetterPdf({
      creditor,
      recipient: { name: debtor.name, addressLines: [`${a.street}, ${a.number}${a.complement ? ` ${a.complement}` : ''}`, a.district, `${a.city} - ${a.state}`, a.postalCode] },
      subject: notice.subject,
      text: notice.text,
      reference: `notificação ${row.notice_id}`,
      issuedOn: now.slice(0, 10),
    });
    await tx.query('INSERT INTO contacts_letters (tenant_id, letter_id, debt_id, pdf, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [row.tenant_id, messageId, row.debt_id, pdf, now]);
    deliveries.push({ channel: 'letter', messageId, contactPointId: address.id });
  }

  const email = debtor.contactPoints.find((p) => p.kind === 'email' && p.consent === 'granted' && !p.optedOut);
  const sender = deps.senders.email;
  let emailRefused: string | undefined;
  if (email && email.kind === 'email' && sender) {
    const messageId = messageIdFor('email');
    try {
      await sender.send({ messageId, tenantId: row.tenant_id, to: email.value, subject: notice.subject, text: notice.text });
      deliveries.push({ channel: 'email', messageId, contactPointId: email.id });
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      // without a letter, a retryable failure is tried again on the next run; with one, the letter is the proof
      if (error.retryable && deliveries.length === 0) return { kind: 'retry' };
      emailRefused = error.reason.slice(0, 300);
      deps.log(`contacts: prior notice ${row.notice_id}: e-mail not sent: ${error.reason}`);
    }
  }
  if (deliveries.length === 0) {
    return { kind: 'failed', reason: emailRefused ? `no postal address, and the e-mail was refused: ${emailRefused}` : 'the debtor has no postal address, nor an e-mail address that may be written to' };
  }
  return { kind: 'sent', deliveries };
}
