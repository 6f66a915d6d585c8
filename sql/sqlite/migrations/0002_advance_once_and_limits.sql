-- GeoOrchestration schema for SQLite, version 2: what sql/migrations/0008 adds on PostgreSQL (a
-- stage advances once, limits are stored as configured), in this schema's units (milliseconds).

-- When the stage's next step ("plan S+1" or "finalize") and its stage_completed event were written.
-- Set once, by a compare-and-set (StageAdvance) that only a live job passes: the counter reaching
-- zero while the job is failed or cancelled leaves it NULL, and the retry's repair advances the
-- stage then. Stages already at zero were advanced by the build that counted them. (ADD COLUMN
-- checks a new column's constraints against the existing rows, all NULL here, so the UPDATE
-- after it is checked too.)
ALTER TABLE stages ADD COLUMN advanced_at INTEGER CHECK (advanced_at IS NULL OR remaining = 0);
UPDATE stages SET advanced_at = completed_at WHERE remaining = 0;

-- The job timeout as configured (ms): a retry sets the deadline to now + this, and the timeout
-- message states it. Before, both were derived from deadline_at - created_at, which every retry
-- stretched; for a job retried before this migration that difference is all the row still tells.
ALTER TABLE jobs ADD COLUMN job_timeout INTEGER CHECK (job_timeout > 0);
UPDATE jobs SET job_timeout = deadline_at - created_at WHERE deadline_at IS NOT NULL;

-- A deadline exactly when there is a job timeout. PostgreSQL holds this as a table CHECK; SQLite
-- cannot add one to an existing table (short of rebuilding it, which the foreign keys that cascade
-- from jobs make unsafe inside the migration's transaction), so two triggers hold it instead.
CREATE TRIGGER jobs_deadline_check_insert BEFORE INSERT ON jobs
WHEN (NEW.deadline_at IS NULL) <> (NEW.job_timeout IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: jobs_deadline_check');
END;

CREATE TRIGGER jobs_deadline_check_update BEFORE UPDATE OF deadline_at, job_timeout ON jobs
WHEN (NEW.deadline_at IS NULL) <> (NEW.job_timeout IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: jobs_deadline_check');
END;

-- The lease length (ms) the current attempt was claimed and renewed with, so that a lease expiry
-- states the limit the worker missed.
ALTER TABLE tasks ADD COLUMN lease_duration INTEGER CHECK (lease_duration > 0);
