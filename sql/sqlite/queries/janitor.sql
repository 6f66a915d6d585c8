-- Janitor queries of the SQLite store: return expired leases, enforce timeouts. A round runs in
-- one BEGIN IMMEDIATE transaction, so rounds of several workers run one after the other (the
-- later ones find nothing to do) instead of being skipped under a try-lock as on PostgreSQL.
-- Each task step first reads the attempts it will end, then ends exactly those attempts
-- (compare-and-set on the attempt number) with a reason worded by LimitMessages, which states the
-- limit as configured; SQL cannot share that wording, so it takes two statements.

-- name: JanitorExpiredLeases
-- Leases that expired belong to workers that died or hung.
SELECT t.task_id, t.attempts, t.max_attempts, t.lease_owner, t.lease_duration,
       j.status NOT IN ('queued', 'processing') AS job_ended
FROM tasks t JOIN jobs j ON j.job_id = t.job_id
WHERE t.status = 'processing' AND t.lease_expires_at < @now
ORDER BY t.lease_expires_at
LIMIT 1000;

-- name: JanitorRescue
-- One expired attempt: the task runs again (the expired attempt counts, so a task that kills its
-- workers ends up failed, not retried forever); a task whose job ended meanwhile is cancelled instead.
UPDATE tasks
SET status = CASE WHEN @job_ended THEN 'cancelled' WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = @now,
    error_type = CASE WHEN @job_ended THEN error_type ELSE 'LeaseExpired' END,
    error_message = CASE WHEN @job_ended THEN error_message ELSE @message END,
    completed_at = CASE WHEN attempts >= max_attempts AND NOT @job_ended THEN @now END
WHERE task_id = @task_id AND status = 'processing' AND attempts = @attempt
RETURNING task_id, job_id, status, error_message, stage;

-- name: JanitorOverdueTasks
-- Attempts running longer than their task timeout: the worker's own timer normally stops them;
-- this catches a worker that still heartbeats while its handler hangs.
SELECT task_id, attempts, timeout
FROM tasks
WHERE status = 'processing' AND timeout IS NOT NULL AND claimed_at + timeout < @now
LIMIT 1000;

-- name: JanitorTaskTimeout
UPDATE tasks
SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
    error_type = 'TaskTimeout', error_message = @message, completed_at = @now
WHERE task_id = @task_id AND status = 'processing' AND attempts = @attempt
RETURNING task_id, job_id, error_message, stage;

-- name: JanitorJobTimeouts
SELECT job_id, job_timeout
FROM jobs
WHERE status IN ('queued', 'processing') AND deadline_at < @now
LIMIT 1000;
