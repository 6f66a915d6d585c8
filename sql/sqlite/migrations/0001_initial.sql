-- GeoOrchestration schema for SQLite, version 1: the tables of sql/migrations/0001..0005 for
-- PostgreSQL, with the same columns and meanings.
--
-- Types, because SQLite has no timestamptz, interval or jsonb:
--   * every *_at column is INTEGER milliseconds since 1970-01-01 UTC (Unix epoch ms). Integers
--     compare and index cheaply, and lease and deadline arithmetic is plain addition; the store
--     always writes the time itself (@now from its TimeProvider), so no column needs a clock default.
--   * task_timeout and timeout (PostgreSQL intervals) are INTEGER milliseconds.
--   * JSON is TEXT, checked with json_valid where a row is written rarely or PostgreSQL's jsonb
--     would parse it anyway (job parameters and results, task results, event details).
-- Tables are STRICT, so a value of the wrong type is refused rather than silently stored.
-- Invariants the database can hold are CHECK constraints, as on PostgreSQL.
--
-- Issue 9 adds columns on PostgreSQL (e.g. a stage's advanced_at, a job's configured
-- job_timeout); they are added here when that work is merged, in a new migration.

CREATE TABLE jobs (
    job_id        TEXT    NOT NULL PRIMARY KEY CHECK (length(job_id) = 64 AND job_id NOT GLOB '*[^0-9a-f]*'),
    job_type      TEXT    NOT NULL CHECK (length(job_type) BETWEEN 1 AND 128),
    parameters    TEXT    NOT NULL CHECK (json_valid(parameters) AND json_type(parameters) = 'object'),
    status        TEXT    NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'completed_with_errors', 'failed', 'cancelled')),
    stage         INTEGER NOT NULL DEFAULT 1,
    total_stages  INTEGER NOT NULL CHECK (total_stages >= 1),
    result        TEXT    CHECK (result IS NULL OR json_valid(result)),
    error         TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    completed_at  INTEGER,
    -- how long one task attempt may run (ms), and when the whole job must have ended
    task_timeout  INTEGER CHECK (task_timeout > 0),
    deadline_at   INTEGER,
    CHECK (stage BETWEEN 1 AND total_stages),
    -- a terminal job has a completion time, a live one does not
    CHECK ((status IN ('completed', 'completed_with_errors', 'failed', 'cancelled')) = (completed_at IS NOT NULL))
) STRICT;

CREATE INDEX jobs_created_idx ON jobs (created_at DESC);
CREATE INDEX jobs_status_idx ON jobs (status, created_at DESC);
-- The janitor looks for live jobs whose next step went missing, and for jobs past their deadline.
CREATE INDEX jobs_live_idx ON jobs (deadline_at) WHERE status IN ('queued', 'processing');

-- One row per planned stage. `remaining` is the "last task turns out the lights" counter: each
-- completion decrements it in the completing transaction, and the transaction that brings it to
-- zero enqueues the next step. It replaces a COUNT(*) over the stage (O(1) per completion).
-- WITHOUT ROWID: small rows found by their composite key, stored in that key's b-tree.
CREATE TABLE stages (
    job_id        TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    stage         INTEGER NOT NULL CHECK (stage >= 1),
    task_count    INTEGER NOT NULL CHECK (task_count >= 0),
    remaining     INTEGER NOT NULL,
    planned_at    INTEGER NOT NULL,
    completed_at  INTEGER,
    PRIMARY KEY (job_id, stage),
    CHECK (remaining BETWEEN 0 AND task_count),
    CHECK ((remaining = 0) = (completed_at IS NOT NULL))
) STRICT, WITHOUT ROWID;

-- A task id is "{first 16 hex of the job id}-s{stage}-{key}" (JobIdentity.TaskId), and SQLite's
-- default BINARY collation is byte order, so the tasks of a job or a stage are one range of the
-- primary key, as with COLLATE "C" on PostgreSQL: no (job_id, stage) index to maintain per claim.
-- As on PostgreSQL since 0004, tasks have no foreign keys and no per-row parameter or key checks:
-- only the plan transaction writes them, after the stage row, from the engine's validated planner.
CREATE TABLE tasks (
    task_id           TEXT    NOT NULL PRIMARY KEY,
    job_id            TEXT    NOT NULL,
    stage             INTEGER NOT NULL,
    ordinal           INTEGER NOT NULL CHECK (ordinal >= 0),
    task_key          TEXT    NOT NULL,
    task_type         TEXT    NOT NULL,
    parameters        TEXT    NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('pending', 'queued', 'processing', 'completed', 'failed', 'cancelled')),
    result            TEXT    CHECK (result IS NULL OR json_valid(result)),
    error_type        TEXT,
    error_message     TEXT,
    attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts      INTEGER NOT NULL CHECK (max_attempts >= 1),
    visible_at        INTEGER NOT NULL,
    lease_owner       TEXT,
    lease_expires_at  INTEGER,
    created_at        INTEGER NOT NULL,
    started_at        INTEGER,
    completed_at      INTEGER,
    -- how long one attempt may run (ms); when the current attempt was claimed (what it is measured from)
    timeout           INTEGER CHECK (timeout > 0),
    claimed_at        INTEGER,
    progress_percent  REAL    CHECK (progress_percent BETWEEN 0 AND 100),
    progress_message  TEXT    CHECK (length(progress_message) <= 1000),
    -- a task is leased exactly while it is processing
    CHECK ((status = 'processing') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CHECK (status <> 'completed' OR completed_at IS NOT NULL)
) STRICT;

-- The claim index holds only runnable rows, so its size follows the queue, not the history. A
-- query uses a partial index only when its WHERE repeats the predicate (status = 'queued').
CREATE INDEX tasks_claim_idx ON tasks (visible_at) WHERE status = 'queued';
CREATE INDEX tasks_lease_idx ON tasks (lease_expires_at) WHERE status = 'processing';

-- Control work: "plan stage S of job J" and "finalize job J". Inserted in the same transaction as
-- the state change that needs it (transactional outbox); the primary key makes enqueueing the same
-- step twice impossible, which is what keeps a stage from advancing twice.
CREATE TABLE job_work (
    job_id            TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL CHECK (kind IN ('plan', 'finalize')),
    stage             INTEGER NOT NULL CHECK (stage >= 1),
    visible_at        INTEGER NOT NULL,
    lease_owner       TEXT,
    lease_expires_at  INTEGER,
    attempts          INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    PRIMARY KEY (job_id, kind, stage)
) STRICT, WITHOUT ROWID;

CREATE INDEX job_work_visible_idx ON job_work (visible_at);

-- Every step a job takes, appended in the step's own transaction: an audit trail that lets
-- operators (and tests) count how often a stage was planned or a job finalised. event_id is the
-- rowid (ascending in insertion order; without AUTOINCREMENT, the ids of deleted last rows may be
-- reused, which nothing relies on).
CREATE TABLE job_events (
    event_id    INTEGER NOT NULL PRIMARY KEY,
    job_id      TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    stage       INTEGER,
    kind        TEXT    NOT NULL CHECK (kind IN ('submitted', 'stage_planned', 'stage_completed', 'finalized', 'failed',
                                                 'cancelled', 'retried', 'repaired', 'timed_out', 'leases_rescued')),
    detail      TEXT    CHECK (detail IS NULL OR json_valid(detail)),
    occurred_at INTEGER NOT NULL
) STRICT;

CREATE INDEX job_events_job_idx ON job_events (job_id, event_id);
