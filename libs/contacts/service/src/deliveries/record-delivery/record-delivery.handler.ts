import type { DeliveryReceipt } from '@collections/contacts-channels';
import { done, notFound } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { debtIdOf, dunningStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { dunningAggregate } from '../../dunning/dunning-scheduler';

export interface DeliveryRecorded {
  readonly messageId: string;
  readonly status: string;
}

/**
 * A provider's receipt for a message a step sent (delivered, read, failed, bounced), found
 * by the provider's id within the tenant of the webhook's URL: a receipt for an unknown
 * message, or another tenant's, is answered as not found and records nothing.
 */
export class RecordDeliveryHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(tenantId: string, provider: 'sms' | 'whatsapp' | 'email', receipt: DeliveryReceipt): Promise<Outcome<DeliveryRecorded>> {
    const [message] = await this.deps.store.driver.query<{ debt_id: string; message_id: string }>(
      'SELECT debt_id, message_id FROM contacts_messages WHERE provider = $1 AND provider_message_id = $2 AND tenant_id = $3',
      [provider, receipt.providerMessageId, tenantId],
    );
    if (!message) return notFound(`no message ${receipt.providerMessageId.slice(0, 80)} was sent through ${provider}`);
    // "sent" is what the step already recorded when the provider accepted the message
    if (receipt.status === 'sent') return done({ messageId: message.message_id, status: receipt.status });
    const actor = `system:webhook:${provider}`;
    const command = { type: 'RecordDelivery', debtId: message.debt_id, messageId: message.message_id, status: receipt.status, reason: receipt.reason ?? null, now: receipt.at, actor } as const;
    await this.deps.store.transaction((tx) =>
      this.deps.writer.apply(dunningAggregate, dunningStream(debtIdOf(message.debt_id)), command, { tenantId, transaction: tx, metadata: { actor }, nextEventId: () => this.deps.ids.next() }),
    );
    return done({ messageId: message.message_id, status: receipt.status });
  }
}
