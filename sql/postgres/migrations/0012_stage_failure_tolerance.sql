-- GeoOrchestration schema, version 12: stage failure tolerance.
-- {schema} is the one place the (validated, quoted) schema name enters.

-- How many of the stage's tasks may fail for good while the job goes on (resolved from the job
-- type's tolerance and the number of tasks when the stage is planned), and how many did. A
-- tolerated failure counts toward the stage's completion like a completed task: it decrements
-- `remaining` in the same statement that increments `failed`, so the counter still reaches zero
-- exactly once. Stages planned before this version tolerate nothing, as they did.
ALTER TABLE {schema}.stages ADD COLUMN failures_allowed integer NOT NULL DEFAULT 0;
ALTER TABLE {schema}.stages ADD COLUMN failed integer NOT NULL DEFAULT 0;
ALTER TABLE {schema}.stages ADD CONSTRAINT stages_failures_allowed_check CHECK (failures_allowed BETWEEN 0 AND task_count);
ALTER TABLE {schema}.stages ADD CONSTRAINT stages_failed_check CHECK (failed BETWEEN 0 AND failures_allowed);

-- A job's failed tasks, for its result and for fan-in tasks, without reading its other tasks:
-- failures are few, so the index is small however large the job.
CREATE INDEX tasks_failed_idx ON {schema}.tasks (job_id, stage, ordinal) WHERE status = 'failed';
