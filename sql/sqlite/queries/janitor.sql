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
-- One expired attempt, ended with the status the janitor step decided (@status: queued, failed or
-- cancelled; EngineSteps.RescueOutcome), compare-and-set on the attempt found expired. A task whose
-- job has ended is cancelled whatever was decided (an ended job keeps no queued task): the job is
-- read in this statement, as on PostgreSQL (here the round's write lock already keeps it from ending
-- after JanitorExpiredLeases read it).
UPDATE tasks
SET status = CASE WHEN j.status IN ('queued', 'processing') THEN @status ELSE 'cancelled' END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = @now,
    error_type = CASE WHEN j.status IN ('queued', 'processing') AND @status <> 'cancelled' THEN 'LeaseExpired' ELSE error_type END,
    error_message = CASE WHEN j.status IN ('queued', 'processing') AND @status <> 'cancelled' THEN @message ELSE error_message END,
    completed_at = CASE WHEN j.status IN ('queued', 'processing') AND @status = 'failed' THEN @now END
FROM jobs AS j
WHERE tasks.task_id = @task_id AND tasks.status = 'processing' AND tasks.attempts = @attempt AND j.job_id = tasks.job_id
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
