import type { SqlDriver } from './sql-driver';

/**
 * Versioned schema migrations, run by the application at start. Each runs once, in a
 * transaction, under an advisory lock so that several instances starting together do
 * not race. A migration, once released, is never edited: add a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const GENESIS_HASH = `'\\x${'00'.repeat(32)}'::bytea`;

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, streams, checkpoints',
    sql: `
CREATE TABLE es_streams (
  stream_id        text PRIMARY KEY,
  tenant_id        text        NOT NULL,
  stream_category  text        NOT NULL,
  version          bigint      NOT NULL,
  last_hash        bytea       NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);

CREATE TABLE es_events (
  position         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- commit-order key: readers go by (transaction_id, position), never position alone
  transaction_id   xid8        NOT NULL DEFAULT pg_current_xact_id(),
  tenant_id        text        NOT NULL,
  stream_id        text        NOT NULL,
  stream_category  text        NOT NULL,
  stream_version   bigint      NOT NULL,
  event_id         uuid        NOT NULL,
  event_type       text        NOT NULL,
  schema_version   integer     NOT NULL,
  data             jsonb       NOT NULL,
  metadata         jsonb       NOT NULL,
  recorded_at      timestamptz NOT NULL,
  prev_hash        bytea       NOT NULL,
  hash             bytea       NOT NULL,
  CONSTRAINT es_events_stream_version_key UNIQUE (stream_id, stream_version),
  CONSTRAINT es_events_event_id_key UNIQUE (event_id)
);
CREATE INDEX es_events_commit_order_idx ON es_events (transaction_id, position);
CREATE INDEX es_events_tenant_commit_order_idx ON es_events (tenant_id, transaction_id, position);

CREATE TABLE es_checkpoints (
  subscription_id  text PRIMARY KEY,
  transaction_id   xid8        NOT NULL,
  position         bigint      NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The canonical content an event's hash covers. jsonb prints its keys in one
-- canonical order, so data::text is stable; the instant is taken as integer
-- microseconds so that the session time zone does not matter.
CREATE FUNCTION es_event_hash(
  p_prev_hash bytea, p_event_id uuid, p_tenant_id text, p_stream_id text, p_stream_version bigint,
  p_event_type text, p_schema_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
) RETURNS bytea LANGUAGE sql STABLE AS $fn$
  SELECT sha256(p_prev_hash || convert_to(concat_ws(E'\\x1f',
    p_event_id::text, p_tenant_id, p_stream_id, p_stream_version::text, p_event_type,
    p_schema_version::text, p_data::text, p_metadata::text,
    (extract(epoch FROM p_recorded_at) * 1000000)::bigint::text), 'UTF8'))
$fn$;

-- One round trip per append: lock the stream row, check tenant, idempotency and
-- expected version, extend the hash chain, insert, move the stream head.
-- No NOTIFY in here: a transaction that notifies takes a database-wide lock at
-- commit, which serialises the commits of all appenders and defeats group commit.
-- The store sends a coalesced wake-up after the commit instead.
CREATE FUNCTION es_append(
  p_tenant_id text, p_stream_id text, p_stream_category text,
  p_expected_kind text, p_expected_version bigint, p_events jsonb
) RETURNS TABLE (next_version bigint, first_position bigint, last_position bigint, already_appended boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_now timestamptz := now();
  v_tenant text;
  v_new_stream boolean := false;
  v_version bigint;
  v_hash bytea;
  v_found integer;
  v_found_here integer;
  v_max_version bigint;
  v_min_position bigint;
  v_max_position bigint;
  v_event jsonb;
  v_next_hash bytea;
  v_versions bigint[] := '{}';
  v_ids uuid[];
  v_new_ids uuid[] := '{}';
  v_types text[] := '{}';
  v_schemas integer[] := '{}';
  v_data jsonb[] := '{}';
  v_metadata jsonb[] := '{}';
  v_prev_hashes bytea[] := '{}';
  v_hashes bytea[] := '{}';
BEGIN
  SELECT array_agg((x->>'eventId')::uuid ORDER BY n) INTO v_ids FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(x, n);

  IF v_count = 0 THEN
    RAISE EXCEPTION 'es_append: nothing to append' USING ERRCODE = 'EVS04';
  END IF;

  -- Optimistic: read the head without locking it; the UPDATE (or INSERT) of the head
  -- at the end succeeds only if nobody moved it meanwhile. Cheaper than SELECT ...
  -- FOR UPDATE, which writes a WAL record of its own for the lock.
  SELECT s.tenant_id, s.version, s.last_hash INTO v_tenant, v_version, v_hash
    FROM es_streams s WHERE s.stream_id = p_stream_id;
  IF NOT FOUND THEN
    v_new_stream := true;
    v_tenant := p_tenant_id;
    v_version := 0;
    v_hash := ${GENESIS_HASH};
  END IF;

  IF v_tenant <> p_tenant_id THEN
    RAISE EXCEPTION 'stream % belongs to another tenant', p_stream_id USING ERRCODE = 'EVS03';
  END IF;

  -- A retry of an append that already committed (same event ids) returns its result.
  -- Probing the first id alone keeps this an index lookup whatever plan is cached
  -- (with = ANY(array), a generic plan chosen while the table was small can turn into
  -- a scan of the whole log). A batch whose first id is new but a later one is not
  -- fails on the unique index at INSERT instead.
  -- Two identical appends racing: the loser fails the head update below (EVS05), the
  -- store calls again, and then lands here.
  IF EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = v_ids[1]) THEN
    SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream_id),
           max(e.stream_version), min(e.position), max(e.position)
      INTO v_found, v_found_here, v_max_version, v_min_position, v_max_position
      FROM es_events e
     WHERE e.event_id = ANY (v_ids);
    IF v_found = v_count AND v_found_here = v_count THEN
      RETURN QUERY SELECT v_max_version, v_min_position, v_max_position, true;
      RETURN;
    END IF;
    RAISE EXCEPTION '% of % event ids are already stored%', v_found, v_count,
      CASE WHEN v_found_here < v_found THEN ' (in another stream)' ELSE '' END
      USING ERRCODE = 'EVS02';
  END IF;

  IF (p_expected_kind = 'no_stream' AND v_version <> 0)
     OR (p_expected_kind = 'stream_exists' AND v_version = 0)
     OR (p_expected_kind = 'exact' AND v_version <> p_expected_version) THEN
    RAISE EXCEPTION 'stream % is at version %', p_stream_id, v_version
      USING ERRCODE = 'EVS01', DETAIL = v_version::text;
  END IF;

  FOR v_event IN SELECT x FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(x, n) ORDER BY n LOOP
    v_version := v_version + 1;
    v_next_hash := es_event_hash(v_hash, (v_event->>'eventId')::uuid, p_tenant_id, p_stream_id, v_version,
      v_event->>'type', (v_event->>'schemaVersion')::integer, v_event->'data', v_event->'metadata', v_now);
    v_versions := v_versions || v_version;
    v_new_ids := v_new_ids || (v_event->>'eventId')::uuid;
    v_types := v_types || (v_event->>'type');
    v_schemas := v_schemas || (v_event->>'schemaVersion')::integer;
    v_data := v_data || (v_event->'data');
    v_metadata := v_metadata || (v_event->'metadata');
    v_prev_hashes := v_prev_hashes || v_hash;
    v_hashes := v_hashes || v_next_hash;
    v_hash := v_next_hash;
  END LOOP;

  -- Move the head only from the version read above. Under READ COMMITTED a concurrent
  -- writer's committed UPDATE makes this match no row; its uncommitted one makes this
  -- wait, then match no row. Either way the race is lost: EVS05, the store re-reads.
  IF v_new_stream THEN
    INSERT INTO es_streams (stream_id, tenant_id, stream_category, version, last_hash, created_at, updated_at)
    VALUES (p_stream_id, p_tenant_id, p_stream_category, v_version, v_hash, v_now, v_now)
    ON CONFLICT (stream_id) DO NOTHING;
  ELSE
    UPDATE es_streams SET version = v_version, last_hash = v_hash, updated_at = v_now
     WHERE stream_id = p_stream_id AND version = v_version - v_count;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stream % moved during the append', p_stream_id USING ERRCODE = 'EVS05';
  END IF;

  WITH inserted AS (
    INSERT INTO es_events (tenant_id, stream_id, stream_category, stream_version, event_id, event_type,
                           schema_version, data, metadata, recorded_at, prev_hash, hash)
    SELECT p_tenant_id, p_stream_id, p_stream_category, u.version, u.id, u.type, u.schema, u.data, u.metadata,
           v_now, u.prev_hash, u.hash
      FROM unnest(v_versions, v_new_ids, v_types, v_schemas, v_data, v_metadata, v_prev_hashes, v_hashes)
           AS u(version, id, type, schema, data, metadata, prev_hash, hash)
     ORDER BY u.version
    RETURNING position
  )
  SELECT min(position), max(position) INTO v_min_position, v_max_position FROM inserted;

  RETURN QUERY SELECT v_version, v_min_position, v_max_position, false;
END
$fn$;
`,
  },
  {
    version: 2,
    name: 'es_append_one: a single-event append as one statement',
    sql: `
-- The common case, one event, as ONE statement: the same checks, hash chain and head
-- move as es_append, about 2.5x the appends per second in the server (no PL/pgSQL
-- loop, arrays or second pass over the payload). PL/pgSQL only holds the statement so
-- that its plan is cached per session (planning this statement on every call costs
-- more than running it). A refusal comes back as a row, not an exception: the store
-- reads it (tenant, stored event id, expected version, or a head that moved).
--
-- Every CTE sees the same snapshot. The head UPDATE matches only the version read, so a
-- writer that moved the head meanwhile (committed, or committing: the UPDATE waits for
-- it) makes it match nothing and nothing is inserted; a new stream's head is INSERTed
-- ON CONFLICT DO NOTHING, so a concurrent creator wins the same way.
CREATE FUNCTION es_append_one(
  p_tenant_id text, p_stream_id text, p_stream_category text, p_expected_kind text, p_expected_version bigint,
  p_event_id uuid, p_event_type text, p_schema_version integer, p_data jsonb, p_metadata jsonb
) RETURNS TABLE (out_tenant text, out_version bigint, out_dup boolean, out_position bigint, out_appended_version bigint)
LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY
  WITH st AS (
    SELECT h.tenant_id AS tenant, coalesce(h.version, 0) AS version, coalesce(h.last_hash, ${GENESIS_HASH}) AS hash,
           h.version IS NULL AS new_stream, EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = p_event_id) AS dup, now() AS at
      FROM (SELECT 1) AS one LEFT JOIN es_streams h ON h.stream_id = p_stream_id
  ),
  ok AS (
    SELECT st.*, es_event_hash(st.hash, p_event_id, p_tenant_id, p_stream_id, st.version + 1, p_event_type, p_schema_version,
                               p_data, p_metadata, st.at) AS next_hash
      FROM st
     WHERE coalesce(st.tenant, p_tenant_id) = p_tenant_id AND NOT st.dup
       AND NOT ((p_expected_kind = 'no_stream' AND st.version <> 0) OR (p_expected_kind = 'stream_exists' AND st.version = 0)
                OR (p_expected_kind = 'exact' AND st.version <> p_expected_version))
  ),
  moved AS (
    UPDATE es_streams s SET version = ok.version + 1, last_hash = ok.next_hash, updated_at = ok.at
      FROM ok WHERE s.stream_id = p_stream_id AND NOT ok.new_stream AND s.version = ok.version
    RETURNING s.version
  ),
  created AS (
    INSERT INTO es_streams (stream_id, tenant_id, stream_category, version, last_hash, created_at, updated_at)
    SELECT p_stream_id, p_tenant_id, p_stream_category, 1, ok.next_hash, ok.at, ok.at FROM ok WHERE ok.new_stream
    ON CONFLICT (stream_id) DO NOTHING
    RETURNING es_streams.version
  ),
  inserted AS (
    INSERT INTO es_events (tenant_id, stream_id, stream_category, stream_version, event_id, event_type, schema_version,
                           data, metadata, recorded_at, prev_hash, hash)
    SELECT p_tenant_id, p_stream_id, p_stream_category, head.version, p_event_id, p_event_type, p_schema_version,
           p_data, p_metadata, ok.at, ok.hash, ok.next_hash
      FROM ok, (SELECT moved.version FROM moved UNION ALL SELECT created.version FROM created) AS head
    RETURNING es_events.position, es_events.stream_version
  )
  SELECT st.tenant, st.version, st.dup, i.position, i.stream_version
    FROM st LEFT JOIN inserted i ON true;
END
$fn$;
`,
  },
  {
    version: 3,
    name: 'per-stream log order: the head remembers the transaction that wrote it',
    sql: `
-- Readers go through the log in (transaction_id, position) order. A transaction takes its
-- id at its first write, not at commit, so a transaction that holds an OLDER id (it wrote
-- elsewhere first: a multi-stream batch, a consumer's inbox row, a caller's transaction)
-- could append version n+1 of a stream whose version n a YOUNGER transaction wrote and
-- committed meanwhile: every reader would then get n+1 before n. The head now keeps the
-- id of the transaction that wrote it, and an append from an older transaction is refused
-- (EVS06, retryable): its retry runs in a new transaction, whose id is younger than that
-- of any transaction it has seen commit. An append in its own transaction can never be
-- refused this way (its id is assigned after the head it reads was committed).
ALTER TABLE es_streams ADD COLUMN last_transaction_id xid8;
UPDATE es_streams s SET last_transaction_id = e.transaction_id
  FROM es_events e WHERE e.stream_id = s.stream_id AND e.stream_version = s.version;

CREATE OR REPLACE FUNCTION es_append(
  p_tenant_id text, p_stream_id text, p_stream_category text,
  p_expected_kind text, p_expected_version bigint, p_events jsonb
) RETURNS TABLE (next_version bigint, first_position bigint, last_position bigint, already_appended boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_now timestamptz := now();
  v_tenant text;
  v_new_stream boolean := false;
  v_version bigint;
  v_hash bytea;
  v_head_xid xid8;
  v_found integer;
  v_found_here integer;
  v_max_version bigint;
  v_min_position bigint;
  v_max_position bigint;
  v_event jsonb;
  v_next_hash bytea;
  v_versions bigint[] := '{}';
  v_ids uuid[];
  v_new_ids uuid[] := '{}';
  v_types text[] := '{}';
  v_schemas integer[] := '{}';
  v_data jsonb[] := '{}';
  v_metadata jsonb[] := '{}';
  v_prev_hashes bytea[] := '{}';
  v_hashes bytea[] := '{}';
BEGIN
  SELECT array_agg((x->>'eventId')::uuid ORDER BY n) INTO v_ids FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(x, n);

  IF v_count = 0 THEN
    RAISE EXCEPTION 'es_append: nothing to append' USING ERRCODE = 'EVS04';
  END IF;

  -- Optimistic: read the head without locking it; the UPDATE (or INSERT) of the head
  -- at the end succeeds only if nobody moved it meanwhile.
  SELECT s.tenant_id, s.version, s.last_hash, s.last_transaction_id INTO v_tenant, v_version, v_hash, v_head_xid
    FROM es_streams s WHERE s.stream_id = p_stream_id;
  IF NOT FOUND THEN
    v_new_stream := true;
    v_tenant := p_tenant_id;
    v_version := 0;
    v_hash := ${GENESIS_HASH};
  END IF;

  IF v_tenant <> p_tenant_id THEN
    RAISE EXCEPTION 'stream % belongs to another tenant', p_stream_id USING ERRCODE = 'EVS03';
  END IF;

  -- A retry of an append that already committed (same event ids) returns its result
  -- (see migration 1 for why only the first id is probed).
  IF EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = v_ids[1]) THEN
    SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream_id),
           max(e.stream_version), min(e.position), max(e.position)
      INTO v_found, v_found_here, v_max_version, v_min_position, v_max_position
      FROM es_events e
     WHERE e.event_id = ANY (v_ids);
    IF v_found = v_count AND v_found_here = v_count THEN
      RETURN QUERY SELECT v_max_version, v_min_position, v_max_position, true;
      RETURN;
    END IF;
    RAISE EXCEPTION '% of % event ids are already stored%', v_found, v_count,
      CASE WHEN v_found_here < v_found THEN ' (in another stream)' ELSE '' END
      USING ERRCODE = 'EVS02';
  END IF;

  IF (p_expected_kind = 'no_stream' AND v_version <> 0)
     OR (p_expected_kind = 'stream_exists' AND v_version = 0)
     OR (p_expected_kind = 'exact' AND v_version <> p_expected_version) THEN
    RAISE EXCEPTION 'stream % is at version %', p_stream_id, v_version
      USING ERRCODE = 'EVS01', DETAIL = v_version::text;
  END IF;

  -- The per-stream order of the log (see above). pg_current_xact_id() assigns this
  -- transaction its id if it has none yet.
  IF v_head_xid IS NOT NULL AND v_head_xid > pg_current_xact_id() THEN
    RAISE EXCEPTION 'stream % was last written by transaction %, younger than this one (%)',
      p_stream_id, v_head_xid, pg_current_xact_id() USING ERRCODE = 'EVS06';
  END IF;

  FOR v_event IN SELECT x FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(x, n) ORDER BY n LOOP
    v_version := v_version + 1;
    v_next_hash := es_event_hash(v_hash, (v_event->>'eventId')::uuid, p_tenant_id, p_stream_id, v_version,
      v_event->>'type', (v_event->>'schemaVersion')::integer, v_event->'data', v_event->'metadata', v_now);
    v_versions := v_versions || v_version;
    v_new_ids := v_new_ids || (v_event->>'eventId')::uuid;
    v_types := v_types || (v_event->>'type');
    v_schemas := v_schemas || (v_event->>'schemaVersion')::integer;
    v_data := v_data || (v_event->'data');
    v_metadata := v_metadata || (v_event->'metadata');
    v_prev_hashes := v_prev_hashes || v_hash;
    v_hashes := v_hashes || v_next_hash;
    v_hash := v_next_hash;
  END LOOP;

  -- Move the head only from the version read above (a version matched means the head
  -- row, and so its transaction id, is the one checked above). Under READ COMMITTED a
  -- concurrent writer's committed UPDATE makes this match no row; its uncommitted one
  -- makes this wait, then match no row. Either way the race is lost: EVS05.
  IF v_new_stream THEN
    INSERT INTO es_streams (stream_id, tenant_id, stream_category, version, last_hash, created_at, updated_at, last_transaction_id)
    VALUES (p_stream_id, p_tenant_id, p_stream_category, v_version, v_hash, v_now, v_now, pg_current_xact_id())
    ON CONFLICT (stream_id) DO NOTHING;
  ELSE
    UPDATE es_streams SET version = v_version, last_hash = v_hash, updated_at = v_now, last_transaction_id = pg_current_xact_id()
     WHERE stream_id = p_stream_id AND version = v_version - v_count;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stream % moved during the append', p_stream_id USING ERRCODE = 'EVS05';
  END IF;

  WITH inserted AS (
    INSERT INTO es_events (tenant_id, stream_id, stream_category, stream_version, event_id, event_type,
                           schema_version, data, metadata, recorded_at, prev_hash, hash)
    SELECT p_tenant_id, p_stream_id, p_stream_category, u.version, u.id, u.type, u.schema, u.data, u.metadata,
           v_now, u.prev_hash, u.hash
      FROM unnest(v_versions, v_new_ids, v_types, v_schemas, v_data, v_metadata, v_prev_hashes, v_hashes)
           AS u(version, id, type, schema, data, metadata, prev_hash, hash)
     ORDER BY u.version
    RETURNING position
  )
  SELECT min(position), max(position) INTO v_min_position, v_max_position FROM inserted;

  RETURN QUERY SELECT v_version, v_min_position, v_max_position, false;
END
$fn$;

-- The single-event statement of migration 2 with the same order check; a refusal for
-- order comes back as out_order_conflict.
DROP FUNCTION es_append_one(text, text, text, text, bigint, uuid, text, integer, jsonb, jsonb);
CREATE FUNCTION es_append_one(
  p_tenant_id text, p_stream_id text, p_stream_category text, p_expected_kind text, p_expected_version bigint,
  p_event_id uuid, p_event_type text, p_schema_version integer, p_data jsonb, p_metadata jsonb
) RETURNS TABLE (out_tenant text, out_version bigint, out_dup boolean, out_position bigint, out_appended_version bigint,
                 out_order_conflict boolean)
LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY
  WITH st AS (
    SELECT h.tenant_id AS tenant, coalesce(h.version, 0) AS version, coalesce(h.last_hash, ${GENESIS_HASH}) AS hash,
           h.version IS NULL AS new_stream, EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = p_event_id) AS dup, now() AS at,
           coalesce(h.last_transaction_id > pg_current_xact_id(), false) AS order_conflict
      FROM (SELECT 1) AS one LEFT JOIN es_streams h ON h.stream_id = p_stream_id
  ),
  ok AS (
    SELECT st.*, es_event_hash(st.hash, p_event_id, p_tenant_id, p_stream_id, st.version + 1, p_event_type, p_schema_version,
                               p_data, p_metadata, st.at) AS next_hash
      FROM st
     WHERE coalesce(st.tenant, p_tenant_id) = p_tenant_id AND NOT st.dup AND NOT st.order_conflict
       AND NOT ((p_expected_kind = 'no_stream' AND st.version <> 0) OR (p_expected_kind = 'stream_exists' AND st.version = 0)
                OR (p_expected_kind = 'exact' AND st.version <> p_expected_version))
  ),
  moved AS (
    UPDATE es_streams s SET version = ok.version + 1, last_hash = ok.next_hash, updated_at = ok.at, last_transaction_id = pg_current_xact_id()
      FROM ok WHERE s.stream_id = p_stream_id AND NOT ok.new_stream AND s.version = ok.version
    RETURNING s.version
  ),
  created AS (
    INSERT INTO es_streams (stream_id, tenant_id, stream_category, version, last_hash, created_at, updated_at, last_transaction_id)
    SELECT p_stream_id, p_tenant_id, p_stream_category, 1, ok.next_hash, ok.at, ok.at, pg_current_xact_id() FROM ok WHERE ok.new_stream
    ON CONFLICT (stream_id) DO NOTHING
    RETURNING es_streams.version
  ),
  inserted AS (
    INSERT INTO es_events (tenant_id, stream_id, stream_category, stream_version, event_id, event_type, schema_version,
                           data, metadata, recorded_at, prev_hash, hash)
    SELECT p_tenant_id, p_stream_id, p_stream_category, head.version, p_event_id, p_event_type, p_schema_version,
           p_data, p_metadata, ok.at, ok.hash, ok.next_hash
      FROM ok, (SELECT moved.version FROM moved UNION ALL SELECT created.version FROM created) AS head
    RETURNING es_events.position, es_events.stream_version
  )
  SELECT st.tenant, st.version, st.dup, i.position, i.stream_version, st.order_conflict
    FROM st LEFT JOIN inserted i ON true;
END
$fn$;
`,
  },
  {
    version: 4,
    name: 'parked events: what a reader could not apply, with its error',
    sql: `
-- A reader (projection, consumer) that cannot apply one event retries it a bounded
-- number of times, then parks it here with its error and goes on: one poison event must
-- not stop a read model for every tenant. Parked events are listed for an operator and
-- retried by a rebuild once the cause is fixed.
CREATE TABLE es_parked_events (
  reader          text        NOT NULL,
  event_id        uuid        NOT NULL,
  tenant_id       text        NOT NULL,
  stream_id       text        NOT NULL,
  stream_version  bigint      NOT NULL,
  event_type      text        NOT NULL,
  transaction_id  xid8        NOT NULL,
  position        bigint      NOT NULL,
  error           text        NOT NULL,
  attempts        integer     NOT NULL,
  parked_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reader, event_id)
);
`,
  },
  {
    version: 5,
    name: 'es_events is append-only: UPDATE, DELETE and TRUNCATE refused',
    sql: `
-- The log is evidence: nothing the application does changes or removes an event (erasure
-- destroys keys, upcasting happens at read time). A statement trigger refuses UPDATE,
-- DELETE and TRUNCATE for every role, the table's owner included, as a second line
-- behind the runtime role's missing privileges. Triggers do not fire under
-- session_replication_role = replica, which only a superuser may set: a superuser (or
-- the owner, who may disable the trigger) can still rewrite the log, and the signed
-- digests outside the database are what catches that.
CREATE FUNCTION es_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'es_events is append-only: % refused', TG_OP USING ERRCODE = 'EVS07';
END
$fn$;
CREATE TRIGGER es_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON es_events
  FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_event_change();
`,
  },
  {
    version: 6,
    name: 'the log at scale: the tenant commit-order index goes',
    sql: `
-- Every append writes one entry in each index of es_events. The (tenant_id,
-- transaction_id, position) index served only reads of the log filtered by tenant,
-- which no service, relay or projection makes (they read the whole log, or by
-- category); it was the second largest index and cost the writers 15-22% of their
-- statement time (npm run bench:event-store -- --scale, docs/event-store.md). A reader
-- filtered by tenant still gets the same rows, through the commit-order index with a
-- filter: fine for tests and operators, slow on a large log for a small tenant.
DROP INDEX IF EXISTS es_events_tenant_commit_order_idx;
`,
  },
];

/**
 * Applies the migrations not yet applied, in order. Safe to call at every start.
 * Each module keeps its own history table (`es_schema_migrations` for the event store).
 */
export async function runMigrations(
  driver: SqlDriver,
  migrations: readonly Migration[] = EVENT_STORE_MIGRATIONS,
  historyTable = 'es_schema_migrations',
): Promise<number[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(historyTable)) throw new Error(`bad migrations table name ${historyTable}`);
  return driver.transaction(async (tx) => {
    // Instances starting together queue here instead of racing on CREATE TABLE.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [historyTable]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS ${historyTable} (
      version    integer PRIMARY KEY,
      name       text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>(`SELECT version FROM ${historyTable}`);
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${historyTable} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}
