/**
 * The grants of the role a service runs as, so that its credentials cannot rewrite the
 * log: it may read everything and insert events, and do ordinary reads and writes on
 * every other table of the schema (stream heads, checkpoints, inbox, idempotency keys,
 * read models), but it can neither UPDATE, DELETE nor TRUNCATE es_events, create or
 * replace functions, nor set session_replication_role (a superuser's setting) to turn
 * the append-only trigger off.
 *
 * The tables belong to another role (the owner, which runs the migrations, e.g. as a
 * job before a deployment); the service then opens its store with `migrate: false`.
 * Run the statements as the owner or a superuser, after the migrations.
 */
export interface RuntimeRoleOptions {
  /** The role the services log in as (created beforehand: CREATE ROLE ... LOGIN PASSWORD ...). */
  readonly role: string;
  /** The role that owns the tables and runs the migrations: future tables it creates get the same grants. */
  readonly owner?: string;
  readonly schema?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} must be a plain lower-case SQL identifier, got ${JSON.stringify(name)}`);
  return name;
}

export function runtimeRoleGrantsSql(options: RuntimeRoleOptions): string {
  const role = identifier(options.role, 'role');
  const schema = identifier(options.schema ?? 'public', 'schema');
  const owner = options.owner === undefined ? undefined : identifier(options.owner, 'owner');
  const lines = [
    `-- The runtime role ${role}: reads and appends the log, never rewrites it.`,
    `REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC;`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${role};`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${role};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role};`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role};`,
    `-- The log itself: read and append only (the append functions run with the caller's rights).`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.es_events FROM ${role};`,
    `-- Schema history: read only (migrations are the owner's).`,
    `REVOKE INSERT, UPDATE, DELETE ON ${schema}.es_schema_migrations FROM ${role};`,
  ];
  if (owner) {
    lines.push(
      `-- Tables the owner's later migrations create: the same ordinary rights (a new table is never es_events).`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role};`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role};`,
    );
  }
  return `${lines.join('\n')}\n`;
}
