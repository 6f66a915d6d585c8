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
-- Ends each expired attempt with the status the janitor step decided (@statuses: queued, failed or
-- cancelled; EngineSteps.RescueOutcome), compare-and-set on the attempt found expired, like every
-- report on an attempt: it never touches a newer one. One rule stays here, where atomicity needs it:
-- a task whose job has ended by now is cancelled whatever was decided (an ended job keeps no queued
-- task). The job is read under a share lock after the task row, as in TaskRetry, so a job that ended
-- after JanitorExpiredLeases read it is not missed.
WITH e AS (
    SELECT * FROM unnest(@task_ids::text[], @attempts::integer[], @statuses::text[], @messages::text[]) AS e(task_id, attempt, status, message)
), job AS (
    SELECT j.job_id, j.status IN ('queued', 'processing') AS live
    FROM {schema}.jobs j
    WHERE j.job_id IN (SELECT t.job_id FROM {schema}.tasks t JOIN e ON t.task_id = e.task_id)
    FOR SHARE
), decided AS (
    SELECT e.task_id, e.attempt, e.message, CASE WHEN job.live THEN e.status ELSE 'cancelled' END AS status
    FROM e JOIN {schema}.tasks t ON t.task_id = e.task_id JOIN job ON job.job_id = t.job_id
)
UPDATE {schema}.tasks t
SET status = d.status,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = coalesce(@now::timestamptz, now()),
    error_type = CASE WHEN d.status = 'cancelled' THEN t.error_type ELSE 'LeaseExpired' END,
    error_message = CASE WHEN d.status = 'cancelled' THEN t.error_message ELSE d.message END,
    completed_at = CASE WHEN d.status = 'failed' THEN coalesce(@now::timestamptz, now()) END
FROM decided d
WHERE t.task_id = d.task_id AND t.status = 'processing' AND t.attempts = d.attempt
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
