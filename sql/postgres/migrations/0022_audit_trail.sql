-- The audit trail (issue 23): events where they happen, and an order a follower can read after.
--
-- New kinds, written by the engine's steps in the transactions that do what they record:
-- task_retrying (an attempt failed and the task runs again), task_failed (a task failed for good),
-- lease_expired (the janitor took a task back from a lost worker), repaired (the janitor gave a job
-- its lost next step; allowed since 0002, written from now on) and tasks_handed_back (a stopping
-- worker gave tasks back). The new list is a superset of the old, which every existing row meets:
-- NOT VALID skips a scan of the whole table under its lock (new rows are checked all the same).
ALTER TABLE {schema}.job_events DROP CONSTRAINT job_events_kind_check;
ALTER TABLE {schema}.job_events ADD CONSTRAINT job_events_kind_check
    CHECK (kind IN ('submitted', 'stage_planned', 'stage_completed', 'finalized', 'failed',
                    'cancelled', 'retried', 'repaired', 'timed_out', 'leases_rescued',
                    'task_retrying', 'task_failed', 'lease_expired', 'tasks_handed_back')) NOT VALID;

-- The writing transaction's id. Concurrent transactions commit in any order, so an event id (drawn
-- from a sequence at insert) can commit after a higher one a follower has already read past. Every
-- transaction older than the oldest one still running (pg_snapshot_xmin) has ended, so a follower
-- reading in (xact, event_id) order, only below that horizon, never finds an event later that sorts
-- before one it read. Added with a constant default (no rewrite: rows from before read 0, older than
-- any transaction after), then defaulted to the current transaction for new rows.
ALTER TABLE {schema}.job_events ADD COLUMN xact xid8 NOT NULL DEFAULT '0';
ALTER TABLE {schema}.job_events ALTER COLUMN xact SET DEFAULT pg_current_xact_id();

-- A job's events in that order: the follower's "after (xact, event_id)" is a seek into it.
CREATE INDEX job_events_job_order_idx ON {schema}.job_events (job_id, xact, event_id);
DROP INDEX {schema}.job_events_job_idx;
