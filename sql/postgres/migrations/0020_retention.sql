-- GeoOrchestration schema, version 20: retention (issue 23 part 1).
-- {schema} is the one place the (validated, quoted) schema name enters.

-- How long an ended job is kept after it ended (jobs.completed_at, by the database's clock), per
-- terminal status; NULL keeps it forever. The janitor's pruner removes what is older. Defaults:
-- a clean completion is only history after a week; a failure (or a completion with errors) is
-- what an operator comes back to investigate or retry, so it is kept a month, as river and
-- Hangfire users ask; a cancellation was asked for, so a week. Set with Set-GeoRetention.
CREATE TABLE {schema}.retention_policy (
    status      text        NOT NULL PRIMARY KEY
                CHECK (status IN ('completed', 'completed_with_errors', 'failed', 'cancelled')),
    keep_for    interval    CHECK (keep_for >= interval '0'),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO {schema}.retention_policy (status, keep_for) VALUES
    ('completed', interval '7 days'),
    ('completed_with_errors', interval '30 days'),
    ('failed', interval '30 days'),
    ('cancelled', interval '7 days');

-- When removal of this ended job began. A job of a million tasks is removed over many small
-- transactions (tasks first, then events, then the job row with its stages and work items): the
-- mark, set by a compare-and-set on the job having ended with no handler running, makes a retry
-- refuse it from then on, and tells any later prune pass to finish it first. Only an ended job.
ALTER TABLE {schema}.jobs ADD COLUMN removing_at timestamptz;
ALTER TABLE {schema}.jobs ADD CONSTRAINT jobs_removing_ended_check CHECK (removing_at IS NULL OR completed_at IS NOT NULL);

-- The pruner finds the oldest ended jobs of a status: a seek per status, ended jobs only (a live
-- job's row is written often; it is not in this index).
CREATE INDEX jobs_ended_idx ON {schema}.jobs (status, completed_at) WHERE completed_at IS NOT NULL;
-- Jobs whose removal began, to be finished first: few at any time.
CREATE INDEX jobs_removing_idx ON {schema}.jobs (removing_at) WHERE removing_at IS NOT NULL;
