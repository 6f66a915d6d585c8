-- Task queries of the SQLite store. Times are Unix epoch milliseconds; @lease and timeouts are
-- milliseconds.
--
-- Task id ranges: a task id is "{first 16 hex of the job id}-s{stage}-{key}" (JobIdentity.TaskId)
-- and SQLite compares text bytewise (BINARY collation), so the tasks of a job are the ids from
-- '{job16}-' up to '{job16}.', and those of a stage from '{job16}-s{stage}-' up to
-- '{job16}-s{stage}.' ('.' is the byte after '-'): a range of the primary key index. Queries by job
-- or stage take the range as @task_id_from (inclusive) and @task_id_to (exclusive), computed by
-- JobIdentity.TaskIdsOf, which owns the id format. The job_id test beside it only guards against two
-- jobs sharing 64 bits of id.

-- name: TaskClaim
-- Hands out up to @limit runnable tasks under a lease, oldest visible first, through the partial
-- claim index (the inner WHERE repeats its predicate). The job's status comes along so the worker
-- can skip a task whose job ended meanwhile, and its trace context (the parent of the task's span):
-- primary-key reads of one row the first subquery has just brought into the page cache. Expired leases are returned by the janitor.
UPDATE tasks
SET status = 'processing', attempts = attempts + 1, lease_owner = @worker, lease_expires_at = @now + @lease,
    lease_duration = @lease, claimed_at = @now, started_at = coalesce(started_at, @now)
WHERE task_id IN (
    SELECT task_id FROM tasks
    WHERE status = 'queued' AND visible_at <= @now
    ORDER BY visible_at
    LIMIT @limit)
RETURNING task_id, job_id, stage, task_key, task_type, parameters, attempts, max_attempts, timeout,
          (SELECT status FROM jobs j WHERE j.job_id = tasks.job_id) AS job_status,
          (SELECT traceparent FROM jobs j WHERE j.job_id = tasks.job_id) AS traceparent,
          (SELECT tracestate FROM jobs j WHERE j.job_id = tasks.job_id) AS tracestate;

-- name: TaskNextDue
-- How long until the next task scheduled for later (a retry's backoff) becomes claimable, by the
-- store's clock; NULL when none is. The claim passes its own @now, so a task not yet due when
-- claiming is counted here: with a later @now, one falling due in between would be in neither
-- answer. The claim index's range right of @now, past every visible task.
SELECT min(visible_at) - @now FROM tasks WHERE status = 'queued' AND visible_at > @now;

-- name: TasksInsert
-- One planned task; the plan transaction runs it once per task with the statement prepared once.
INSERT INTO tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, status,
                   attempts, max_attempts, visible_at, created_at, timeout)
VALUES (@task_id, @job_id, @stage, @ordinal, @task_key, @task_type, @parameters, 'queued',
        0, @max_attempts, @now, @now, @timeout);

-- name: TaskComplete
-- The status guard makes a second completion touch nothing: the result is never overwritten and
-- the stage counter is not decremented twice.
-- Unlike failures, a completion is not tied to the attempt that reports it: the first completion
-- wins. An attempt whose lease lapsed still ran the handler to the end, and results are idempotent
-- by contract, so refusing it would only run the same work again; its task counts once (queued for
-- a retry, or running again elsewhere), and the later attempt's completion reports AlreadyCompleted.
UPDATE tasks
SET status = 'completed', result = @result, lease_owner = NULL, lease_expires_at = NULL, completed_at = @now
WHERE task_id = @task_id AND status IN ('queued', 'processing')
RETURNING job_id, stage;

-- name: TaskStatus
SELECT status FROM tasks WHERE task_id = @task_id;

-- name: TaskRetry
-- A worker's report on the attempt it holds: compare-and-set on status, lease owner and attempt,
-- so an attempt whose lease lapsed (its task requeued, maybe claimed again, even by the same
-- worker) changes nothing. TaskFail carries the same guard.
-- The backoff is a duration (ms) added to the store's clock: a worker whose clock runs off the
-- store's would otherwise schedule the retry that much early or late.
-- A task whose job ended meanwhile is cancelled, not requeued: an ended job keeps no queued task.
-- The job is read here, under the write lock. Returns the new status.
UPDATE tasks
SET status = CASE WHEN j.live THEN 'queued' ELSE 'cancelled' END,
    visible_at = CASE WHEN j.live THEN @now + @retry_delay ELSE visible_at END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    error_type = @error_type, error_message = @error_message
FROM (SELECT status IN ('queued', 'processing') AS live FROM jobs
      WHERE job_id = (SELECT job_id FROM tasks WHERE task_id = @task_id)) AS j
WHERE task_id = @task_id AND status = 'processing' AND lease_owner = @worker AND attempts = @attempt
  AND attempts < max_attempts
RETURNING status, job_id, stage, max_attempts, visible_at;

-- name: TaskFail
UPDATE tasks
SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
    error_type = @error_type, error_message = @error_message, completed_at = @now
WHERE task_id = @task_id AND status = 'processing' AND lease_owner = @worker AND attempts = @attempt
RETURNING job_id, stage;

-- name: TasksCancelForJob
UPDATE tasks
SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND status IN ('pending', 'queued');

-- name: TaskList
-- A page of a job's tasks in stage and plan order: those after (@from_stage, @from_ordinal), up to
-- stage @to_stage, of status @status (NULL: any), at most @limit (TaskListParams works the bounds
-- out for every store). Each status is one seek of tasks_listing_idx that stops after @limit rows
-- (processing tasks, which that index leaves out, come from tasks_lease_idx: only processing tasks,
-- as many as the workers run, all leased, and the lease test makes it a search of that index); the
-- merge keeps the first @limit after skipping @skip (each branch reads @limit + @skip: the rows
-- skipped are counted in the index, never sent). A status filtered out costs
-- nothing: its branch's status test holds no column, so it is decided once, before any row is read.
-- Column aliases are the property names of the row types in Core (Store/Rows): rows are mapped by name.
SELECT t.task_id AS TaskId, t.job_id AS JobId, t.stage AS Stage, t.ordinal AS Ordinal, t.task_key AS TaskKey,
       t.task_type AS TaskType, t.parameters AS Parameters, t.status AS Status, t.result AS Result,
       t.error_type AS ErrorType, t.error_message AS ErrorMessage, t.attempts AS Attempts, t.max_attempts AS MaxAttempts,
       t.lease_owner AS LeaseOwner, t.lease_expires_at AS LeaseExpiresAt, t.visible_at AS VisibleAt, t.created_at AS CreatedAt,
       t.started_at AS StartedAt, t.completed_at AS CompletedAt, t.timeout AS Timeout, t.claimed_at AS ClaimedAt,
       t.progress_percent AS ProgressPercent, t.progress_message AS ProgressMessage
FROM (
    SELECT * FROM (SELECT task_id, stage, ordinal FROM tasks
     WHERE job_id = @job_id AND status = 'pending' AND status <> 'processing' AND (@status IS NULL OR @status = 'pending')
       AND (stage, ordinal) > (@from_stage, @from_ordinal) AND stage <= @to_stage
     ORDER BY stage, ordinal LIMIT @limit + @skip)
    UNION ALL
    SELECT * FROM (SELECT task_id, stage, ordinal FROM tasks
     WHERE job_id = @job_id AND status = 'queued' AND status <> 'processing' AND (@status IS NULL OR @status = 'queued')
       AND (stage, ordinal) > (@from_stage, @from_ordinal) AND stage <= @to_stage
     ORDER BY stage, ordinal LIMIT @limit + @skip)
    UNION ALL
    SELECT * FROM (SELECT task_id, stage, ordinal FROM tasks
     WHERE job_id = @job_id AND status = 'completed' AND status <> 'processing' AND (@status IS NULL OR @status = 'completed')
       AND (stage, ordinal) > (@from_stage, @from_ordinal) AND stage <= @to_stage
     ORDER BY stage, ordinal LIMIT @limit + @skip)
    UNION ALL
    SELECT * FROM (SELECT task_id, stage, ordinal FROM tasks
     WHERE job_id = @job_id AND status = 'failed' AND status <> 'processing' AND (@status IS NULL OR @status = 'failed')
       AND (stage, ordinal) > (@from_stage, @from_ordinal) AND stage <= @to_stage
     ORDER BY stage, ordinal LIMIT @limit + @skip)
    UNION ALL
    SELECT * FROM (SELECT task_id, stage, ordinal FROM tasks
     WHERE job_id = @job_id AND status = 'cancelled' AND status <> 'processing' AND (@status IS NULL OR @status = 'cancelled')
       AND (stage, ordinal) > (@from_stage, @from_ordinal) AND stage <= @to_stage
     ORDER BY stage, ordinal LIMIT @limit + @skip)
    UNION ALL
    SELECT * FROM (SELECT task_id, stage, ordinal FROM tasks
     WHERE job_id = @job_id AND status = 'processing' AND lease_expires_at IS NOT NULL AND (@status IS NULL OR @status = 'processing')
       AND (stage, ordinal) > (@from_stage, @from_ordinal) AND stage <= @to_stage
     ORDER BY stage, ordinal LIMIT @limit + @skip)
) AS page
JOIN tasks t ON t.task_id = page.task_id
ORDER BY page.stage, page.ordinal
LIMIT @limit OFFSET @skip;

-- name: LeaseRenew
-- The heartbeat of one task. A task not returned is no longer this attempt's (compare-and-set on
-- owner and attempt: a lapsed attempt neither extends a newer attempt's lease nor overwrites its
-- progress); the job status lets the worker stop handlers whose job was cancelled or failed.
UPDATE tasks
SET lease_expires_at = @now + @lease,
    lease_duration = @lease,
    progress_percent = coalesce(@percent, progress_percent),
    progress_message = coalesce(@message, progress_message)
WHERE task_id = @task_id AND status = 'processing' AND lease_owner = @worker AND attempts = @attempt
RETURNING task_id, (SELECT status FROM jobs j WHERE j.job_id = tasks.job_id) AS job_status;

-- name: TaskRelease
-- Graceful shutdown: hand an unfinished task back at once, without counting the attempt.
-- Compare-and-set on the attempt the worker holds: a lapsed one must not requeue a newer attempt.
-- A task whose job ended meanwhile is cancelled, not requeued: an ended job keeps no queued task
-- (nothing would claim it but to cancel it). The job is read here, under the write lock.
UPDATE tasks
SET status = CASE WHEN j.live THEN 'queued' ELSE 'cancelled' END,
    attempts = CASE WHEN j.live THEN max(attempts - 1, 0) ELSE attempts END,
    visible_at = CASE WHEN j.live THEN @now ELSE visible_at END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL
FROM (SELECT status IN ('queued', 'processing') AS live FROM jobs
      WHERE job_id = (SELECT job_id FROM tasks WHERE task_id = @task_id)) AS j
WHERE task_id = @task_id AND lease_owner = @worker AND attempts = @attempt AND status = 'processing'
RETURNING status, job_id, stage;

-- name: TaskCancel
-- A worker stops the task it holds because the task's job ended. Compare-and-set on the attempt
-- (a lapsed attempt must not end a newer one). The job is read here, under the write lock, not
-- trusted from the worker's earlier look: a job retried since then is live again, and its task is
-- handed back (attempt not counted) rather than cancelled, which would strand the retried job.
UPDATE tasks
SET status = CASE WHEN j.live THEN 'queued' ELSE 'cancelled' END,
    attempts = CASE WHEN j.live THEN max(attempts - 1, 0) ELSE attempts END,
    visible_at = CASE WHEN j.live THEN @now ELSE visible_at END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL
FROM (SELECT status IN ('queued', 'processing') AS live FROM jobs
      WHERE job_id = (SELECT job_id FROM tasks WHERE task_id = @task_id)) AS j
WHERE task_id = @task_id AND status = 'processing' AND lease_owner = @worker AND attempts = @attempt
RETURNING status;

-- name: TasksRequeueForStage
-- Retry of a job: its failed and cancelled tasks of the stage get fresh attempts, under the job's
-- task timeout as it is now (a retry may have replaced it). Failed tasks of a stage that advanced
-- (failures it tolerated) keep their outcome, as the stage does.
UPDATE tasks
SET status = 'queued', attempts = 0, lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = @now, completed_at = NULL, progress_percent = NULL, progress_message = NULL,
    timeout = (SELECT j.task_timeout FROM jobs j WHERE j.job_id = @job_id)
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND stage = @stage AND status IN ('failed', 'cancelled')
  AND (status = 'cancelled' OR NOT EXISTS (
      SELECT 1 FROM stages s WHERE s.job_id = @job_id AND s.stage = @stage AND s.advanced_at IS NOT NULL))
RETURNING task_id;

-- name: TaskFailures
-- A job's failed tasks through the partial index of failed tasks (O(failures), not O(tasks)).
SELECT task_id, task_key, stage, error_type, error_message, parameters
FROM tasks
WHERE job_id = @job_id AND status = 'failed'
ORDER BY stage, ordinal;

-- name: TaskGet
-- One task by id, as TaskList returns it (a keyset page starts after it). The primary key.
SELECT task_id AS TaskId, job_id AS JobId, stage AS Stage, ordinal AS Ordinal, task_key AS TaskKey,
       task_type AS TaskType, parameters AS Parameters, status AS Status, result AS Result,
       error_type AS ErrorType, error_message AS ErrorMessage, attempts AS Attempts, max_attempts AS MaxAttempts,
       lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt, visible_at AS VisibleAt, created_at AS CreatedAt,
       started_at AS StartedAt, completed_at AS CompletedAt, timeout AS Timeout, claimed_at AS ClaimedAt,
       progress_percent AS ProgressPercent, progress_message AS ProgressMessage
FROM tasks
WHERE task_id = @task_id;
