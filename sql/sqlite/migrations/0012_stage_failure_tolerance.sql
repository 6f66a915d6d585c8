-- GeoOrchestration schema for SQLite, version 12: stage failure tolerance, as sql/migrations/0012
-- adds it on PostgreSQL.

-- How many of the stage's tasks may fail for good while the job goes on (resolved from the job
-- type's tolerance and the number of tasks when the stage is planned), and how many did. A
-- tolerated failure counts toward the stage's completion like a completed task: it decrements
-- `remaining` in the same statement that increments `failed`, so the counter still reaches zero
-- exactly once. Stages planned before this version tolerate nothing, as they did.
ALTER TABLE stages ADD COLUMN failures_allowed INTEGER NOT NULL DEFAULT 0 CHECK (failures_allowed BETWEEN 0 AND task_count);
ALTER TABLE stages ADD COLUMN failed INTEGER NOT NULL DEFAULT 0 CHECK (failed BETWEEN 0 AND failures_allowed);

-- A job's failed tasks, for its result and for fan-in tasks, without reading its other tasks:
-- failures are few, so the index is small however large the job.
CREATE INDEX tasks_failed_idx ON tasks (job_id, stage, ordinal) WHERE status = 'failed';
