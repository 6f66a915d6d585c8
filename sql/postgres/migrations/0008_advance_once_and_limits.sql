-- GeoOrchestration schema, version 8: a stage advances once, limits are stored as configured.
-- {schema} is the one place the (validated, quoted) schema name enters.

-- When the stage's next step ("plan S+1" or "finalize") and its stage_completed event were written.
-- Set once, by a compare-and-set (StageAdvance) that only a live job passes: the counter reaching
-- zero while the job is failed or cancelled leaves it NULL, and the retry's repair advances the
-- stage then. Stages already at zero were advanced by the build that counted them.
ALTER TABLE {schema}.stages ADD COLUMN advanced_at timestamptz;
UPDATE {schema}.stages SET advanced_at = completed_at WHERE remaining = 0;
ALTER TABLE {schema}.stages ADD CONSTRAINT stages_advanced_check CHECK (advanced_at IS NULL OR remaining = 0);

-- The job timeout as configured: a retry sets the deadline to now + this, and the timeout message
-- states it. Before, both were derived from deadline_at - created_at, which every retry stretched.
-- For a job that was retried before this migration that difference is all the row still tells.
ALTER TABLE {schema}.jobs ADD COLUMN job_timeout interval CHECK (job_timeout > interval '0');
UPDATE {schema}.jobs SET job_timeout = deadline_at - created_at WHERE deadline_at IS NOT NULL;
ALTER TABLE {schema}.jobs ADD CONSTRAINT jobs_deadline_check CHECK ((deadline_at IS NULL) = (job_timeout IS NULL));

-- The lease length the current attempt was claimed and renewed with, so that a lease expiry
-- states the limit the worker missed.
ALTER TABLE {schema}.tasks ADD COLUMN lease_duration interval;
