-- Janitor queries: run by one worker at a time (advisory lock) to return expired leases, enforce
-- timeouts, and repair jobs whose next step went missing. {schema} is the validated schema name.

-- name: JanitorLock
-- Transaction-scoped and non-blocking: a worker that does not get it skips this round.
SELECT pg_try_advisory_xact_lock(hashtextextended('geoorch.janitor.' || @schema_name, 0));

-- name: JanitorRescue
-- Leases that expired belong to workers that died or hung. The task runs again (the expired
-- attempt counts, so a task that kills its workers ends up failed, not retried forever); a task
-- whose job ended meanwhile is cancelled instead.
WITH expired AS (
    SELECT t.task_id, t.attempts >= t.max_attempts AS exhausted, j.status NOT IN ('queued', 'processing') AS job_ended
    FROM {schema}.tasks t JOIN {schema}.jobs j ON j.job_id = t.job_id
    WHERE t.status = 'processing' AND t.lease_expires_at < coalesce(@now::timestamptz, now())
    ORDER BY t.lease_expires_at
    LIMIT 1000
    FOR UPDATE OF t SKIP LOCKED
)
UPDATE {schema}.tasks t
SET status = CASE WHEN e.job_ended THEN 'cancelled' WHEN e.exhausted THEN 'failed' ELSE 'queued' END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = coalesce(@now::timestamptz, now()),
    error_type = CASE WHEN e.job_ended THEN t.error_type ELSE 'LeaseExpired' END,
    error_message = CASE WHEN e.job_ended THEN t.error_message
                         ELSE 'The lease of ' || t.lease_owner || ' expired on attempt ' || t.attempts || ' of ' || t.max_attempts || ' (worker lost or hung).' END,
    completed_at = CASE WHEN e.exhausted AND NOT e.job_ended THEN coalesce(@now::timestamptz, now()) END
FROM expired e
WHERE t.task_id = e.task_id
RETURNING t.task_id, t.job_id, t.status, t.error_message;

-- name: JanitorTaskTimeouts
-- Attempts running longer than their task timeout: the worker's own timer normally stops them;
-- this catches a worker that still heartbeats while its handler hangs.
UPDATE {schema}.tasks
SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
    error_type = 'TaskTimeout',
    error_message = 'The task ran longer than its timeout of ' || timeout || '.',
    completed_at = coalesce(@now::timestamptz, now())
WHERE status = 'processing' AND timeout IS NOT NULL AND claimed_at + timeout < coalesce(@now::timestamptz, now())
RETURNING task_id, job_id, error_message;

-- name: JanitorJobTimeouts
SELECT job_id, deadline_at - created_at AS timeout
FROM {schema}.jobs
WHERE status IN ('queued', 'processing') AND deadline_at < coalesce(@now::timestamptz, now())
LIMIT 1000;
