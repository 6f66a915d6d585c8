-- Task queries of the SQLite store. Times are Unix epoch milliseconds; @lease and timeouts are
-- milliseconds.
--
-- Task id ranges: a task id is "{first 16 hex of the job id}-s{stage}-{key}" (JobIdentity.TaskId)
-- and SQLite compares text bytewise (BINARY collation), so the tasks of a job are the ids from
-- '{job16}-' up to '{job16}.', and those of a stage from '{job16}-s{stage}-' up to
-- '{job16}-s{stage}.' ('.' is the byte after '-'): a range of the primary key index. The job_id
-- test beside it only guards against two jobs sharing 64 bits of id.

-- name: TaskClaim
-- Hands out up to @limit runnable tasks under a lease, oldest visible first, through the partial
-- claim index (the inner WHERE repeats its predicate). The job's status comes along so the worker
-- can skip a task whose job ended meanwhile. Expired leases are returned by the janitor.
UPDATE tasks
SET status = 'processing', attempts = attempts + 1, lease_owner = @worker, lease_expires_at = @now + @lease,
    claimed_at = @now, started_at = coalesce(started_at, @now)
WHERE task_id IN (
    SELECT task_id FROM tasks
    WHERE status = 'queued' AND visible_at <= @now
    ORDER BY visible_at
    LIMIT @limit)
RETURNING task_id, job_id, stage, task_key, task_type, parameters, attempts, max_attempts, timeout,
          (SELECT status FROM jobs j WHERE j.job_id = tasks.job_id) AS job_status;

-- name: TasksInsert
-- One planned task; the plan transaction runs it once per task with the statement prepared once.
INSERT INTO tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, status,
                   attempts, max_attempts, visible_at, created_at, timeout)
VALUES (@task_id, @job_id, @stage, @ordinal, @task_key, @task_type, @parameters, 'queued',
        0, @max_attempts, @now, @now, @timeout);

-- name: TaskComplete
-- The status guard makes a second completion touch nothing: the result is never overwritten and
-- the stage counter is not decremented twice.
UPDATE tasks
SET status = 'completed', result = @result, lease_owner = NULL, lease_expires_at = NULL, completed_at = @now
WHERE task_id = @task_id AND status IN ('queued', 'processing')
RETURNING job_id, stage;

-- name: TaskStatus
SELECT status FROM tasks WHERE task_id = @task_id;

-- name: TaskRetry
UPDATE tasks
SET status = 'queued', visible_at = @retry_at, lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    error_type = @error_type, error_message = @error_message
WHERE task_id = @task_id AND status = 'processing' AND attempts < max_attempts
RETURNING task_id;

-- name: TaskFail
UPDATE tasks
SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
    error_type = @error_type, error_message = @error_message, completed_at = @now
WHERE task_id = @task_id AND status IN ('queued', 'processing')
RETURNING job_id, stage;

-- name: TasksCancelForJob
UPDATE tasks
SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL
WHERE task_id >= substr(@job_id, 1, 16) || '-' AND task_id < substr(@job_id, 1, 16) || '.'
  AND job_id = @job_id AND status IN ('pending', 'queued');

-- name: TaskList
SELECT task_id, job_id, stage, task_key, task_type, parameters, status, result,
       error_type, error_message, attempts, max_attempts, lease_owner, lease_expires_at,
       visible_at, created_at, started_at, completed_at, timeout, claimed_at, progress_percent, progress_message
FROM tasks
WHERE task_id >= substr(@job_id, 1, 16) || coalesce('-s' || @stage, '') || '-'
  AND task_id < substr(@job_id, 1, 16) || coalesce('-s' || @stage, '') || '.'
  AND job_id = @job_id AND (@stage IS NULL OR stage = @stage)
ORDER BY stage, ordinal
LIMIT @limit;

-- name: LeaseRenew
-- The heartbeat of one task; a task not returned is no longer this worker's. The job status lets
-- the worker stop handlers whose job was cancelled or failed.
UPDATE tasks
SET lease_expires_at = @now + @lease,
    progress_percent = coalesce(@percent, progress_percent),
    progress_message = coalesce(@message, progress_message)
WHERE task_id = @task_id AND status = 'processing' AND lease_owner = @worker
RETURNING task_id, (SELECT status FROM jobs j WHERE j.job_id = tasks.job_id) AS job_status;

-- name: TaskRelease
-- Graceful shutdown: hand an unfinished task back at once, without counting the attempt.
UPDATE tasks
SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    attempts = max(attempts - 1, 0), visible_at = @now
WHERE task_id = @task_id AND lease_owner = @worker AND status = 'processing'
RETURNING task_id;

-- name: TaskCancel
UPDATE tasks
SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL
WHERE task_id = @task_id AND status IN ('queued', 'processing')
RETURNING task_id;

-- name: TasksRequeueForStage
-- Retry of a failed job: its failed and cancelled tasks of the stage get fresh attempts.
UPDATE tasks
SET status = 'queued', attempts = 0, lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = @now, completed_at = NULL, progress_percent = NULL, progress_message = NULL
WHERE task_id >= substr(@job_id, 1, 16) || '-s' || @stage || '-' AND task_id < substr(@job_id, 1, 16) || '-s' || @stage || '.'
  AND job_id = @job_id AND stage = @stage AND status IN ('failed', 'cancelled')
RETURNING task_id;
