-- GeoOrchestration schema, version 1.
-- {schema} is the one place the (validated, quoted) schema name enters; see SchemaName.
-- Invariants the database can hold are CHECK constraints, so a bug cannot store an impossible state.

CREATE TABLE {schema}.jobs (
    job_id        text        PRIMARY KEY CHECK (job_id ~ '^[0-9a-f]{64}$'),
    job_type      text        NOT NULL CHECK (length(job_type) BETWEEN 1 AND 128),
    parameters    jsonb       NOT NULL CHECK (jsonb_typeof(parameters) = 'object'),
    status        text        NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'completed_with_errors', 'failed', 'cancelled')),
    stage         integer     NOT NULL DEFAULT 1,
    total_stages  integer     NOT NULL CHECK (total_stages >= 1),
    result        jsonb,
    error         text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    completed_at  timestamptz,
    CHECK (stage BETWEEN 1 AND total_stages),
    -- a terminal job has a completion time, a live one does not
    CHECK ((status IN ('completed', 'completed_with_errors', 'failed', 'cancelled')) = (completed_at IS NOT NULL))
);

CREATE INDEX jobs_created_idx ON {schema}.jobs (created_at DESC);
CREATE INDEX jobs_status_idx ON {schema}.jobs (status, created_at DESC);

-- One row per planned stage. `remaining` is the "last task turns out the lights" counter: each
-- completion decrements it in the completing transaction, and the transaction that brings it to
-- zero enqueues the next step. It replaces a COUNT(*) over the stage (O(1) per completion).
CREATE TABLE {schema}.stages (
    job_id        text        NOT NULL REFERENCES {schema}.jobs (job_id) ON DELETE CASCADE,
    stage         integer     NOT NULL CHECK (stage >= 1),
    task_count    integer     NOT NULL CHECK (task_count >= 0),
    remaining     integer     NOT NULL,
    planned_at    timestamptz NOT NULL,
    completed_at  timestamptz,
    PRIMARY KEY (job_id, stage),
    CHECK (remaining BETWEEN 0 AND task_count),
    CHECK ((remaining = 0) = (completed_at IS NOT NULL))
);

CREATE TABLE {schema}.tasks (
    task_id           text        PRIMARY KEY,
    job_id            text        NOT NULL REFERENCES {schema}.jobs (job_id) ON DELETE CASCADE,
    stage             integer     NOT NULL,
    ordinal           integer     NOT NULL CHECK (ordinal >= 0),
    task_key          text        NOT NULL CHECK (task_key ~ '^[A-Za-z0-9_.-]{1,100}$'),
    task_type         text        NOT NULL,
    parameters        jsonb       NOT NULL CHECK (jsonb_typeof(parameters) = 'object'),
    status            text        NOT NULL CHECK (status IN ('pending', 'queued', 'processing', 'completed', 'failed', 'cancelled')),
    result            jsonb,
    error_type        text,
    error_message     text,
    attempts          integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts      integer     NOT NULL CHECK (max_attempts >= 1),
    visible_at        timestamptz NOT NULL,
    lease_owner       text,
    lease_expires_at  timestamptz,
    created_at        timestamptz NOT NULL,
    started_at        timestamptz,
    completed_at      timestamptz,
    UNIQUE (job_id, stage, task_key),
    FOREIGN KEY (job_id, stage) REFERENCES {schema}.stages (job_id, stage) ON DELETE CASCADE,
    -- a task is leased exactly while it is processing
    CHECK ((status = 'processing') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CHECK (status <> 'completed' OR completed_at IS NOT NULL)
);

-- The claim index holds only runnable rows, so its size follows the queue, not the history.
CREATE INDEX tasks_claim_idx ON {schema}.tasks (visible_at) WHERE status = 'queued';
CREATE INDEX tasks_lease_idx ON {schema}.tasks (lease_expires_at) WHERE status = 'processing';
CREATE INDEX tasks_job_stage_idx ON {schema}.tasks (job_id, stage, ordinal);

-- Control work: "plan stage S of job J" and "finalize job J". Inserted in the same transaction as
-- the state change that needs it (transactional outbox); the primary key makes enqueueing the same
-- step twice impossible, which is what keeps a stage from advancing twice.
CREATE TABLE {schema}.job_work (
    job_id            text        NOT NULL REFERENCES {schema}.jobs (job_id) ON DELETE CASCADE,
    kind              text        NOT NULL CHECK (kind IN ('plan', 'finalize')),
    stage             integer     NOT NULL CHECK (stage >= 1),
    visible_at        timestamptz NOT NULL,
    lease_owner       text,
    lease_expires_at  timestamptz,
    attempts          integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (job_id, kind, stage)
);

CREATE INDEX job_work_visible_idx ON {schema}.job_work (visible_at);

-- Every step a job takes, appended in the step's own transaction: an audit trail that lets
-- operators (and tests) count how often a stage was planned or a job finalised.
CREATE TABLE {schema}.job_events (
    event_id    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      text        NOT NULL REFERENCES {schema}.jobs (job_id) ON DELETE CASCADE,
    stage       integer,
    kind        text        NOT NULL CHECK (kind IN ('submitted', 'stage_planned', 'stage_completed', 'finalized', 'failed')),
    detail      jsonb,
    occurred_at timestamptz NOT NULL
);

CREATE INDEX job_events_job_idx ON {schema}.job_events (job_id, event_id);
