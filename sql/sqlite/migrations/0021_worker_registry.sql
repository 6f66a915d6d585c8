-- GeoOrchestration schema for SQLite, version 21: the worker registry, as sql/postgres/migrations/0021
-- adds it on PostgreSQL (same columns and meanings; times in Unix epoch ms, JSON as TEXT).

-- One row per running worker (Worker.RunAsync registers it after its schema check and removes it
-- when it stops cleanly). A worker heartbeats on its lease-renewal timer (one UPDATE per renewal
-- interval, never per task); a worker that dies without deregistering (SIGKILL, a lost host) stops
-- moving expires_at, and is shown as lost once it passed and removed by the next janitor round.
CREATE TABLE workers (
    worker_id    TEXT    NOT NULL PRIMARY KEY CHECK (length(worker_id) BETWEEN 1 AND 512),
    host         TEXT    NOT NULL CHECK (length(host) <= 512),
    process_id   INTEGER NOT NULL CHECK (process_id >= 0),
    version      TEXT    NOT NULL CHECK (length(version) <= 256),
    job_types    TEXT    NOT NULL CHECK (json_valid(job_types) AND json_type(job_types) = 'array'),
    concurrency  INTEGER NOT NULL CHECK (concurrency >= 1),
    transport    TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    running      INTEGER NOT NULL DEFAULT 0 CHECK (running >= 0),
    stopping     INTEGER NOT NULL DEFAULT 0 CHECK (stopping IN (0, 1)),
    -- a heartbeat always sets a later expiry (WorkerRegistration: a few leases on)
    CHECK (heartbeat_at < expires_at)
) STRICT, WITHOUT ROWID;
