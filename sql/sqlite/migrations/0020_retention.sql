-- GeoOrchestration schema for SQLite, version 20: retention, as sql/postgres/migrations/0020 adds
-- it on PostgreSQL (keep_for in milliseconds, times in Unix epoch milliseconds).

-- How long an ended job is kept after it ended (jobs.completed_at, by the store's clock), per
-- terminal status; NULL keeps it forever. Defaults and why: see the PostgreSQL migration (a week
-- for completed and cancelled, a month for failed and completed_with_errors).
CREATE TABLE retention_policy (
    status      TEXT    NOT NULL PRIMARY KEY
                CHECK (status IN ('completed', 'completed_with_errors', 'failed', 'cancelled')),
    keep_for    INTEGER CHECK (keep_for >= 0),
    updated_at  INTEGER NOT NULL
) STRICT;
INSERT INTO retention_policy (status, keep_for, updated_at) VALUES
    ('completed', 604800000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
    ('completed_with_errors', 2592000000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
    ('failed', 2592000000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
    ('cancelled', 604800000, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

-- When removal of this ended job began (see the PostgreSQL migration): a retry refuses a job so
-- marked, and a prune pass finishes it first. SQLite cannot add a table CHECK to an existing table
-- (see 0002), so the column's own CHECK holds it: ADD COLUMN allows a CHECK on the new column that
-- reads other columns of the row.
ALTER TABLE jobs ADD COLUMN removing_at INTEGER CHECK (removing_at IS NULL OR completed_at IS NOT NULL);

CREATE INDEX jobs_ended_idx ON jobs (status, completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX jobs_removing_idx ON jobs (removing_at) WHERE removing_at IS NOT NULL;
