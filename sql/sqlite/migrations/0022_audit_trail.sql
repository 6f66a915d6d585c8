-- GeoOrchestration schema for SQLite, version 22: the audit trail's new event kinds, as
-- sql/postgres/migrations/0022 adds them on PostgreSQL: task_retrying (an attempt failed and the
-- task runs again), task_failed (a task failed for good), lease_expired (the janitor took a task
-- back from a lost worker), repaired (the janitor gave a job its lost next step; allowed since 0001,
-- written from now on) and tasks_handed_back (a stopping worker gave tasks back).
--
-- SQLite cannot alter a CHECK constraint, so the table is rebuilt as its documentation prescribes
-- (https://www.sqlite.org/lang_altertable.html#otheralter): create the new table, copy the rows,
-- drop the old one, rename the new one, recreate the index; all in the migration's transaction.
-- Nothing references job_events (no foreign key, trigger or view), so enforced foreign keys do not
-- stand in the way. event_id is copied as it was: the rowid order is the order events were written,
-- which SQLite's one writer at a time makes the order they committed, so no column like
-- PostgreSQL's xact is needed for a follower to read "after the last event" safely.
CREATE TABLE job_events_0022 (
    event_id    INTEGER NOT NULL PRIMARY KEY,
    job_id      TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    stage       INTEGER,
    kind        TEXT    NOT NULL CHECK (kind IN ('submitted', 'stage_planned', 'stage_completed', 'finalized', 'failed',
                                                 'cancelled', 'retried', 'repaired', 'timed_out', 'leases_rescued',
                                                 'task_retrying', 'task_failed', 'lease_expired', 'tasks_handed_back')),
    detail      TEXT    CHECK (detail IS NULL OR json_valid(detail)),
    occurred_at INTEGER NOT NULL
) STRICT;

INSERT INTO job_events_0022 (event_id, job_id, stage, kind, detail, occurred_at)
SELECT event_id, job_id, stage, kind, detail, occurred_at FROM job_events ORDER BY event_id;

DROP TABLE job_events;
ALTER TABLE job_events_0022 RENAME TO job_events;
CREATE INDEX job_events_job_idx ON job_events (job_id, event_id);
