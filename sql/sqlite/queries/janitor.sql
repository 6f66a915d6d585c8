-- Janitor queries of the SQLite store: return expired leases, enforce timeouts. A round runs in
-- one BEGIN IMMEDIATE transaction, so rounds of several workers run one after the other (the
-- later ones find nothing to do) instead of being skipped under a try-lock as on PostgreSQL.

-- name: JanitorRescue
-- Leases that expired belong to workers that died or hung. The task runs again (the expired
-- attempt counts, so a task that kills its workers ends up failed, not retried forever); a task
-- whose job ended meanwhile is cancelled instead.
WITH expired AS (
    SELECT t.task_id, t.attempts >= t.max_attempts AS exhausted, j.status NOT IN ('queued', 'processing') AS job_ended
    FROM tasks t JOIN jobs j ON j.job_id = t.job_id
    WHERE t.status = 'processing' AND t.lease_expires_at < @now
    ORDER BY t.lease_expires_at
    LIMIT 1000
)
UPDATE tasks
SET status = CASE WHEN e.job_ended THEN 'cancelled' WHEN e.exhausted THEN 'failed' ELSE 'queued' END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = @now,
    error_type = CASE WHEN e.job_ended THEN error_type ELSE 'LeaseExpired' END,
    error_message = CASE WHEN e.job_ended THEN error_message
                         ELSE 'The lease of ' || lease_owner || ' expired on attempt ' || attempts || ' of ' || max_attempts || ' (worker lost or hung).' END,
    completed_at = CASE WHEN e.exhausted AND NOT e.job_ended THEN @now END
FROM expired e
WHERE tasks.task_id = e.task_id
RETURNING task_id, job_id, status, error_message;

-- name: JanitorTaskTimeouts
-- Attempts running longer than their task timeout: the worker's own timer normally stops them;
-- this catches a worker that still heartbeats while its handler hangs.
UPDATE tasks
SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
    error_type = 'TaskTimeout',
    error_message = 'The task ran longer than its timeout of ' || printf('%.3f', timeout / 1000.0) || ' s.',
    completed_at = @now
WHERE status = 'processing' AND timeout IS NOT NULL AND claimed_at + timeout < @now
RETURNING task_id, job_id, error_message;

-- name: JanitorJobTimeouts
SELECT job_id, deadline_at - created_at AS timeout
FROM jobs
WHERE status IN ('queued', 'processing') AND deadline_at < @now
LIMIT 1000;
