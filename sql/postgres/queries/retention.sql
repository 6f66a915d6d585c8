-- Retention queries (migration 0020). {schema} is the validated, quoted schema name; @now is NULL
-- except where a test pins time (the database's clock otherwise). Every prune statement is bounded
-- (LIMIT): a batch locks only the rows it deletes, for a short transaction.

-- name: PruneLock
-- Transaction-scoped and non-blocking, like the janitor's lock but a key of its own: a prune batch
-- never makes a janitor round skip. A pruner that does not get it ends its pass (another prunes).
SELECT pg_try_advisory_xact_lock(hashtextextended('geoorch.prune.' || @schema_name, 0));

-- name: RetentionGet
SELECT status, extract(epoch FROM keep_for)::float8 * 1000, updated_at FROM {schema}.retention_policy;

-- name: RetentionSet
UPDATE {schema}.retention_policy SET keep_for = @keep_for::interval, updated_at = coalesce(@now::timestamptz, now())
WHERE status = @status;

-- name: PruneCount
-- Ended jobs of one status older than the rule, through jobs_ended_idx; their tasks from the stage
-- counters (never a scan of the tasks). Jobs being removed are counted by PruneCountRemoving.
SELECT count(*), coalesce(sum((SELECT sum(s.task_count) FROM {schema}.stages s WHERE s.job_id = j.job_id)), 0)::bigint
FROM {schema}.jobs j
WHERE j.status = @status AND j.completed_at <= coalesce(@now::timestamptz, now()) - @older_than::interval
  AND j.removing_at IS NULL;

-- name: PruneCountRemoving
SELECT count(*), coalesce(sum((SELECT sum(s.task_count) FROM {schema}.stages s WHERE s.job_id = j.job_id)), 0)::bigint
FROM {schema}.jobs j
WHERE j.removing_at IS NOT NULL;

-- name: PruneRemovingNext
-- A removal begun earlier (by this pass or one that was stopped): finished before a new one starts.
SELECT job_id FROM {schema}.jobs WHERE removing_at IS NOT NULL ORDER BY removing_at, job_id LIMIT 1;

-- name: PruneCandidates
-- The oldest ended jobs of one status older than the rule: a seek in jobs_ended_idx.
SELECT job_id FROM {schema}.jobs
WHERE status = @status AND completed_at <= coalesce(@now::timestamptz, now()) - @older_than::interval AND removing_at IS NULL
ORDER BY completed_at, job_id
LIMIT @limit;

-- name: PruneMark
-- Compare-and-set: only a job that has ended (with the status the rule names), is not being removed
-- already, and none of whose tasks a handler still runs (read through tasks_lease_idx: processing
-- tasks only). The row lock orders it against a concurrent retry: whichever commits first, the other
-- finds what it refuses (JobRetry refuses a job being removed).
UPDATE {schema}.jobs SET removing_at = coalesce(@now::timestamptz, now())
WHERE job_id = @job_id AND status = @status AND removing_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM {schema}.tasks t WHERE t.status = 'processing' AND t.job_id = @job_id)
RETURNING job_id;

-- name: PruneTasks
-- Up to @limit tasks of a job being removed: one range of the primary key.
WITH doomed AS (
    SELECT task_id FROM {schema}.tasks
    WHERE task_id >= @task_id_from AND task_id < @task_id_to AND job_id = @job_id
    LIMIT @limit
)
DELETE FROM {schema}.tasks t USING doomed d WHERE t.task_id = d.task_id;

-- name: PruneEvents
WITH doomed AS (
    SELECT event_id FROM {schema}.job_events WHERE job_id = @job_id ORDER BY event_id LIMIT @limit
)
DELETE FROM {schema}.job_events e USING doomed d WHERE e.event_id = d.event_id;

-- name: PruneJob
-- The job row last, once its tasks and events are gone: stages and work items go by their foreign
-- keys' ON DELETE CASCADE (a few rows). Only a job whose removal began.
DELETE FROM {schema}.jobs WHERE job_id = @job_id AND removing_at IS NOT NULL
RETURNING job_id;
