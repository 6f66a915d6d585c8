-- GeoOrchestration schema, version 21: the worker registry (issue 23, "who is working").
-- {schema} is the one place the (validated, quoted) schema name enters.

-- One row per running worker (Worker.RunAsync registers it after its schema check and removes it
-- when it stops cleanly). Times are the database's clock, as leases are: workers on several
-- machines agree on who is alive without trusting each other's clocks. A worker heartbeats on its
-- lease-renewal timer (one UPDATE per renewal interval, never per task); a worker that dies
-- without deregistering (SIGKILL, a lost host) stops moving expires_at, and is shown as lost once
-- it passed and removed by the next janitor round (WorkerMaintenance).
CREATE TABLE {schema}.workers (
    worker_id    text        NOT NULL PRIMARY KEY CHECK (length(worker_id) BETWEEN 1 AND 512),
    host         text        NOT NULL CHECK (length(host) <= 512),
    process_id   integer     NOT NULL CHECK (process_id >= 0),
    version      text        NOT NULL CHECK (length(version) <= 256),
    -- the job types its registry holds, as a JSON array of names
    job_types    jsonb       NOT NULL CHECK (jsonb_typeof(job_types) = 'array'),
    concurrency  integer     NOT NULL CHECK (concurrency >= 1),
    transport    text        NOT NULL,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    -- work items it held at its last heartbeat
    running      integer     NOT NULL DEFAULT 0 CHECK (running >= 0),
    -- it was asked to stop and is finishing or handing back what it holds
    stopping     boolean     NOT NULL DEFAULT false,
    -- a heartbeat always sets a later expiry (WorkerRegistration: a few leases on)
    CHECK (heartbeat_at < expires_at)
);
