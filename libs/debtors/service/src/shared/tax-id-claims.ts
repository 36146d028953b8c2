import type { Migration, StoreTransaction } from '@collections/shared-event-store';
import type { DebtorId } from './ids';

/**
 * The write side's own tables (not the read model: a rebuild of the read model must not
 * touch them), applied with `runMigrations` under their own history table.
 */
export const DEBTORS_WRITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'debtor_tax_id_claims',
    sql: `
      CREATE TABLE debtor_tax_id_claims (
        tenant_id    text        NOT NULL,
        -- a keyed blind index of the CPF/CNPJ digits (never the digits): personal data,
        -- deleted with the debtor's key on erasure
        tax_id_index text        NOT NULL,
        debtor_id    uuid        NOT NULL,
        claimed_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, tax_id_index)
      );
      CREATE INDEX debtor_tax_id_claims_debtor ON debtor_tax_id_claims (tenant_id, debtor_id);
    `,
  },
];
export const DEBTORS_WRITE_MIGRATIONS_TABLE = 'debtors_write_schema_migrations';

/**
 * One debtor per CPF/CNPJ and tenant, whichever way it arrives (the API with a new or a
 * client's id, the import with a derived one). A registration claims its tax id in the
 * transaction that appends the debtor's first events: two registrations of one tax id
 * cannot both commit, and a registration that does not commit leaves no claim. The tax
 * id is kept only as a keyed blind index scoped by tenant (`index`), so the table
 * neither reveals it nor links one person across tenants.
 */
export class TaxIdClaims {
  constructor(
    private readonly executor: StoreTransaction,
    private readonly index: (taxDigits: string, tenantId: string) => string,
  ) {}

  indexOf(tenantId: string, taxDigits: string): string {
    return this.index(taxDigits, tenantId);
  }

  /**
   * Claims each index for its debtor unless already claimed, inside `transaction`, and
   * returns the holder of every index (the debtor given, or the one that had it). A
   * claim another transaction holds uncommitted is waited for, then seen as held.
   */
  async claim(transaction: StoreTransaction, tenantId: string, claims: ReadonlyMap<string, DebtorId>): Promise<Map<string, DebtorId>> {
    if (claims.size === 0) return new Map();
    // DO UPDATE (to the same value) rather than DO NOTHING: it returns the row that was
    // there, committed by another transaction after this statement's snapshot included
    const rows = await transaction.query<{ tax_id_index: string; debtor_id: string }>(
      `INSERT INTO debtor_tax_id_claims (tenant_id, tax_id_index, debtor_id)
       SELECT $1, c.tax_id_index, c.debtor_id FROM unnest($2::text[], $3::uuid[]) AS c (tax_id_index, debtor_id)
       ON CONFLICT (tenant_id, tax_id_index) DO UPDATE SET debtor_id = debtor_tax_id_claims.debtor_id
       RETURNING tax_id_index, debtor_id::text AS debtor_id`,
      [tenantId, [...claims.keys()], [...claims.values()]],
    );
    return new Map(rows.map((r) => [r.tax_id_index, r.debtor_id as DebtorId]));
  }

  /** The debtors holding these indexes (committed claims). */
  async holders(tenantId: string, indexes: readonly string[], transaction?: StoreTransaction): Promise<Map<string, DebtorId>> {
    if (indexes.length === 0) return new Map();
    const rows = await (transaction ?? this.executor).query<{ tax_id_index: string; debtor_id: string }>(
      `SELECT tax_id_index, debtor_id::text AS debtor_id FROM debtor_tax_id_claims WHERE tenant_id = $1 AND tax_id_index = ANY ($2::text[])`,
      [tenantId, [...new Set(indexes)]],
    );
    return new Map(rows.map((r) => [r.tax_id_index, r.debtor_id as DebtorId]));
  }

  /** On erasure: the index is personal data (derived from the tax id), and the tax id is free for a new debtor. */
  async release(tenantId: string, debtorId: DebtorId): Promise<void> {
    await this.executor.query(`DELETE FROM debtor_tax_id_claims WHERE tenant_id = $1 AND debtor_id = $2`, [tenantId, debtorId]);
  }
}
