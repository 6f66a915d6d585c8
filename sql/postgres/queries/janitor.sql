-- Janitor queries: run by one worker at a time (advisory lock) to return expired leases, enforce
-- timeouts, and repair jobs whose next step went missing. {schema} is the validated schema name.

-- name: JanitorLock
-- Transaction-scoped and non-blocking: a worker that does not get it skips this round.
SELECT pg_try_advisory_xact_lock(hashtextextended('geoorch.janitor.' || @schema_name, 0));

-- name: JanitorExpiredLeases
-- Leases that expired belong to workers that died or hung. The rows stay locked for JanitorRescue,
-- which the store runs next with the reason it words for each (LimitMessages.LeaseExpired).
SELECT t.task_id, t.attempts, t.max_attempts, t.lease_owner, t.lease_duration,
       j.status NOT IN ('queued', 'processing') AS job_ended
FROM {schema}.tasks t JOIN {schema}.jobs j ON j.job_id = t.job_id
WHERE t.status = 'processing' AND t.lease_expires_at < coalesce(@now::timestamptz, now())
ORDER BY t.lease_expires_at
LIMIT 1000
FOR UPDATE OF t SKIP LOCKED;

-- name: JanitorRescue
-- The task runs again (the expired attempt counts, so a task that kills its workers ends up failed,
-- not retried forever); a task whose job ended meanwhile is cancelled instead. Compare-and-set on
-- the attempt found expired, like every report on an attempt: it never touches a newer one.
UPDATE {schema}.tasks t
SET status = CASE WHEN e.job_ended THEN 'cancelled' WHEN t.attempts >= t.max_attempts THEN 'failed' ELSE 'queued' END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = coalesce(@now::timestamptz, now()),
    error_type = CASE WHEN e.job_ended THEN t.error_type ELSE 'LeaseExpired' END,
    error_message = CASE WHEN e.job_ended THEN t.error_message ELSE e.message END,
    completed_at = CASE WHEN t.attempts >= t.max_attempts AND NOT e.job_ended THEN coalesce(@now::timestamptz, now()) END
FROM unnest(@task_ids::text[], @attempts::integer[], @job_ended::boolean[], @messages::text[]) AS e(task_id, attempt, job_ended, message)
WHERE t.task_id = e.task_id AND t.status = 'processing' AND t.attempts = e.attempt
RETURNING t.task_id, t.job_id, t.status, t.error_message, t.stage;

-- name: JanitorOverdueTasks
-- Attempts running longer than their task timeout: the worker's own timer normally stops them;
-- this catches a worker that still heartbeats while its handler hangs. Locked for
-- JanitorTaskTimeouts, which records the reason the store words (LimitMessages.TaskTimedOut).
SELECT task_id, attempts, timeout
FROM {schema}.tasks
WHERE status = 'processing' AND timeout IS NOT NULL AND claimed_at + timeout < coalesce(@now::timestamptz, now())
LIMIT 1000
FOR UPDATE SKIP LOCKED;

-- name: JanitorTaskTimeouts
UPDATE {schema}.tasks t
SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
    error_type = 'TaskTimeout', error_message = e.message,
    completed_at = coalesce(@now::timestamptz, now())
FROM unnest(@task_ids::text[], @attempts::integer[], @messages::text[]) AS e(task_id, attempt, message)
WHERE t.task_id = e.task_id AND t.status = 'processing' AND t.attempts = e.attempt
RETURNING t.task_id, t.job_id, t.error_message, t.stage;

-- name: JanitorJobTimeouts
SELECT job_id, job_timeout
FROM {schema}.jobs
WHERE status IN ('queued', 'processing') AND deadline_at < coalesce(@now::timestamptz, now())
LIMIT 1000;
