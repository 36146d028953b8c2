import { detectOptOut } from '@collections/contacts-domain';
import { done } from '@collections/shared-service-kit';
import type { ContactsDeps } from '../../shared/contacts-deps';
import { debtIdOf, dunningStream } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { dunningAggregate } from '../../dunning/dunning-scheduler';
import type { InboundMessageRequest } from './receive-inbound-message.request';

export interface InboundMessageResult {
  /** The opt-out phrase recognised in the debtor's words, if any. */
  readonly optOut: string | null;
  /** Contact points of this tenant's debtors the sender was recognised as (by the keyed index). */
  readonly contactPointsOptedOut: number;
}

/**
 * A message from a debtor (an SMS or WhatsApp answer, an e-mail reply). Opt-out words in
 * any form ("pare", "não quero mais receber", "STOP", ...) opt the contact point it came
 * from out: an evidence event on each of the debtor's debts, effective for the next step
 * at once, and the opt-out recorded in the debtors context where contact points live.
 */
export class ReceiveInboundMessageHandler {
  constructor(private readonly deps: ContactsDeps) {}

  async execute(ctx: { readonly principal: { readonly tenantId: string; readonly subject: string } }, message: InboundMessageRequest): Promise<Outcome<InboundMessageResult>> {
    const match = detectOptOut(message.text);
    const tenantId = ctx.principal.tenantId;
    const key = this.deps.addresses.keyOf(tenantId, message.from);
    if (!match || !key) return done({ optOut: match?.phrase ?? null, contactPointsOptedOut: 0 });
    const now = message.receivedAt ?? this.deps.clock.now().toISOString();
    const points = await this.deps.store.transaction(async (tx) => {
      const rows = await tx.query<{ debtor_id: string; contact_point_id: string }>('SELECT debtor_id, contact_point_id FROM contacts_addresses WHERE tenant_id = $1 AND address_key = $2', [tenantId, key]);
      for (const row of rows) {
        const debts = await tx.query<{ debt_id: string }>('SELECT debt_id FROM contacts_debts WHERE tenant_id = $1 AND debtor_id = $2', [tenantId, row.debtor_id]);
        for (const { debt_id } of debts) {
          const command = { type: 'NoteOptOut', debtId: debt_id, contactPointId: row.contact_point_id, channel: message.channel, phrase: match.phrase, now, actor: ctx.principal.subject } as const;
          await this.deps.writer.apply(dunningAggregate, dunningStream(debtIdOf(debt_id)), command, { tenantId, transaction: tx, metadata: { actor: ctx.principal.subject }, nextEventId: () => this.deps.ids.next() });
        }
      }
      return rows;
    });
    for (const row of points) {
      try {
        await this.deps.directory.optOut(tenantId, row.debtor_id, row.contact_point_id, message.text);
      } catch (error) {
        // recorded here and effective here already; the debtors context is told again on the next opt-out
        this.deps.log(`contacts: opt-out of contact point ${row.contact_point_id} not yet recorded by the debtors service: ${(error as Error).message}`);
      }
    }
    return done({ optOut: match.phrase, contactPointsOptedOut: points.length });
  }
}
