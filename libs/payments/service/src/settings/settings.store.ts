import type { SqlDriver, StoreTransaction } from '@collections/shared-event-store';
import type { BoletoSettings, PixSettings } from './set-settings/set-settings.request';

export interface TenantSettings {
  readonly pix: PixSettings | null;
  readonly boleto: BoletoSettings | null;
  readonly webhookSecret: string | null;
  readonly cardWebhookSecret: string | null;
  readonly updatedAt: string;
}

interface Row {
  pix: PixSettings | null;
  boleto: BoletoSettings | null;
  webhook_secret: string | null;
  card_webhook_secret: string | null;
  updated_at: Date;
}

/** The tenant's payment settings; undefined before they are set. */
export async function readSettings(db: Pick<SqlDriver, 'query'> | StoreTransaction, tenantId: string): Promise<TenantSettings | undefined> {
  const [row] = await db.query<Row>('SELECT pix, boleto, webhook_secret, card_webhook_secret, updated_at FROM payments_settings WHERE tenant_id = $1', [tenantId]);
  return row && { pix: row.pix, boleto: row.boleto, webhookSecret: row.webhook_secret, cardWebhookSecret: row.card_webhook_secret, updatedAt: new Date(row.updated_at).toISOString() };
}

/** The next number of the tenant's boleto wallet (nosso número), taken in the charge's transaction. */
export async function nextBoletoSequence(tx: StoreTransaction, tenantId: string): Promise<number> {
  const [row] = await tx.query<{ n: string }>('UPDATE payments_settings SET boleto_sequence = boleto_sequence + 1 WHERE tenant_id = $1 RETURNING boleto_sequence AS n', [tenantId]);
  if (!row) throw new Error(`no payment settings for tenant ${tenantId}`);
  return Number(row.n);
}
