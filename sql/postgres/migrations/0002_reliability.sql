-- GeoOrchestration schema, version 2: leases with progress, timeouts, cancellation and retry.
-- {schema} is the one place the (validated, quoted) schema name enters.

-- Per-job timeouts: how long one task attempt may run, and when the whole job must have ended.
ALTER TABLE {schema}.jobs
    ADD COLUMN task_timeout interval CHECK (task_timeout > interval '0'),
    ADD COLUMN deadline_at  timestamptz;

ALTER TABLE {schema}.tasks
    ADD COLUMN timeout          interval CHECK (timeout > interval '0'),
    -- when the current attempt was claimed: what a task timeout is measured from
    ADD COLUMN claimed_at       timestamptz,
    ADD COLUMN progress_percent real CHECK (progress_percent BETWEEN 0 AND 100),
    ADD COLUMN progress_message text CHECK (length(progress_message) <= 1000);

ALTER TABLE {schema}.job_events DROP CONSTRAINT job_events_kind_check;
ALTER TABLE {schema}.job_events ADD CONSTRAINT job_events_kind_check
    CHECK (kind IN ('submitted', 'stage_planned', 'stage_completed', 'finalized', 'failed',
                    'cancelled', 'retried', 'repaired', 'timed_out', 'leases_rescued'));

-- The janitor looks for live jobs whose next step went missing, and for jobs past their deadline.
CREATE INDEX jobs_live_idx ON {schema}.jobs (deadline_at) WHERE status IN ('queued', 'processing');
