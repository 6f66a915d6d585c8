-- Job queries of the SQLite store. Times are Unix epoch milliseconds; @now is the store's clock
-- (TimeProvider), passed to every statement that needs it. Writes run in a BEGIN IMMEDIATE
-- transaction, so a statement sequence in one store call is atomic and alone among writers.

-- name: JobSubmit
-- ON CONFLICT DO NOTHING: the same request is the same job; the caller reads the existing one.
INSERT INTO jobs (job_id, job_type, parameters, status, stage, total_stages, created_at, updated_at, task_timeout, deadline_at, job_timeout,
                  request_id, run, traceparent, tracestate)
VALUES (@job_id, @job_type, @parameters, 'queued', 1, @total_stages, @now, @now, @task_timeout, @now + @job_timeout, @job_timeout,
        @request_id, @run, @traceparent, @tracestate)
ON CONFLICT (job_id) DO NOTHING
RETURNING job_id;

-- name: JobGet
-- Column aliases are the property names of the row types in Core (Store/Rows): rows are mapped by name.
SELECT job_id AS JobId, job_type AS JobType, parameters AS Parameters, status AS Status, stage AS Stage,
       total_stages AS TotalStages, result AS Result, error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt,
       completed_at AS CompletedAt, deadline_at AS DeadlineAt, task_timeout AS TaskTimeout, job_timeout AS JobTimeout,
       request_id AS RequestId, run AS Run, traceparent AS Traceparent, removing_at AS RemovingAt
FROM jobs WHERE job_id = @job_id;

-- name: JobList
SELECT job_id AS JobId, job_type AS JobType, parameters AS Parameters, status AS Status, stage AS Stage,
       total_stages AS TotalStages, result AS Result, error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt,
       completed_at AS CompletedAt, deadline_at AS DeadlineAt, task_timeout AS TaskTimeout, job_timeout AS JobTimeout,
       request_id AS RequestId, run AS Run, traceparent AS Traceparent, removing_at AS RemovingAt
FROM jobs
WHERE (@status IS NULL OR status = @status)
  AND (@job_type IS NULL OR job_type = @job_type)
  AND (@since IS NULL OR created_at >= @since)
  AND (@request_id IS NULL OR request_id = @request_id)
  -- Keyset paging: the jobs after the previous page's last one, in the same order.
  AND (@before_created IS NULL OR created_at < @before_created
       OR (created_at = @before_created AND job_id > @before_id))
ORDER BY created_at DESC, job_id
-- @skip: the first page of -Skip, counted off by the store instead of sent.
LIMIT @limit OFFSET @skip;

-- name: JobMarkProcessing
-- max(): a late, redelivered plan item of an earlier stage must not move the job backwards.
UPDATE jobs
SET status = 'processing', stage = max(stage, @stage), updated_at = @now
WHERE job_id = @job_id AND status IN ('queued', 'processing')
RETURNING task_timeout;

-- name: JobComplete
-- Compare-and-set: only a processing job can be finalised, so a second finalize is a reported no-op.
UPDATE jobs
SET status = @status, result = @result, updated_at = @now, completed_at = @now
WHERE job_id = @job_id AND status = 'processing'
RETURNING job_id;

-- name: JobFail
UPDATE jobs
SET status = 'failed', error = @error, updated_at = @now, completed_at = @now
WHERE job_id = @job_id AND status IN ('queued', 'processing')
RETURNING job_id;

-- name: JobCancel
UPDATE jobs
SET status = 'cancelled', error = @reason, updated_at = @now, completed_at = @now
WHERE job_id = @job_id AND status IN ('queued', 'processing')
RETURNING job_id;

-- name: JobRetry
-- Back to processing, compare-and-set on the status the engine found (which statuses may be retried
-- is the engine's rule, GeoStoreSteps.IsRetryable). Timeouts given with the retry replace the job's;
-- the job timeout as configured runs again from now.
UPDATE jobs
SET status = 'processing', error = NULL, result = NULL, completed_at = NULL, updated_at = @now,
    task_timeout = coalesce(@task_timeout, task_timeout),
    job_timeout = coalesce(@job_timeout, job_timeout),
    deadline_at = @now + coalesce(@job_timeout, job_timeout)
-- A job whose removal began (retention, migration 0020) is not retried: its tasks are going.
WHERE job_id = @job_id AND status = @expected AND removing_at IS NULL
RETURNING stage;

-- name: JobEventInsert
INSERT INTO job_events (job_id, stage, kind, detail, occurred_at)
VALUES (@job_id, @stage, @kind, @detail, @now);

-- name: JobEventCount
SELECT count(*) FROM job_events WHERE job_id = @job_id AND kind = @kind AND (@stage IS NULL OR stage = @stage);

-- name: JobsMissingNextStep
-- Live jobs with nothing queued, running or scheduled: the step that should follow their current
-- stage was lost (or the job was just retried). `completed` says whether the current stage's
-- counter reached zero (advance it, or give it back the next step it already advanced to) or the
-- stage was never planned (plan it).
SELECT j.job_id, j.stage, j.total_stages, s.job_id IS NOT NULL AND s.remaining = 0 AS completed
FROM jobs j
LEFT JOIN stages s ON s.job_id = j.job_id AND s.stage = j.stage
WHERE j.status IN ('queued', 'processing')
  AND (@job_id IS NULL OR j.job_id = @job_id)
  AND (s.job_id IS NULL OR s.remaining = 0)
  AND NOT EXISTS (SELECT 1 FROM job_work w WHERE w.job_id = j.job_id)
LIMIT 1000;

-- name: JobFind
-- Ids starting with a prefix, as a range scan of the primary key: ids are lowercase hex, so every
-- id with the prefix sorts between the prefix and the prefix followed by 'g' (BINARY collation,
-- byte order). The substr() test keeps the answer exact; the range only makes it fast.
SELECT job_id FROM jobs
WHERE job_id >= @prefix AND job_id < @prefix || 'g' AND substr(job_id, 1, length(@prefix)) = @prefix
ORDER BY job_id
LIMIT @limit;

-- name: WorkerActivity
-- The latest mark any worker left: a live lease (a worker is there now, renewing it) or else the
-- newest stage or job event a worker wrote ('submitted' is written by submitters).
SELECT max(
    coalesce((SELECT @now FROM tasks WHERE status = 'processing' AND lease_expires_at > @now LIMIT 1), 0),
    coalesce((SELECT @now FROM job_work WHERE lease_expires_at > @now LIMIT 1), 0),
    coalesce((SELECT occurred_at FROM job_events WHERE kind <> 'submitted' ORDER BY event_id DESC LIMIT 1), 0));

-- name: JobProgressGet
-- One job's current stage counter (the stages primary key) and, for a live job, the progress its
-- processing tasks last reported, in tasks (percent summed / 100), read through tasks_lease_idx
-- (processing tasks only, as many as the workers run): never a range of the stage's tasks, which
-- a million-task stage would make slow. No row while the stage is not planned.
SELECT s.job_id AS JobId, s.stage AS Stage, s.task_count AS TaskCount, s.remaining AS Remaining,
       CASE WHEN @live THEN coalesce((SELECT sum(t.progress_percent) FROM tasks t INDEXED BY tasks_lease_idx
                                      WHERE t.status = 'processing' AND t.job_id = s.job_id AND t.stage = s.stage), 0) / 100.0
            ELSE 0.0 END AS Running
FROM stages s
WHERE s.job_id = @job_id AND s.stage = @stage;

-- name: JobLatestRun
-- The latest run of a request: one seek from the end of its range of jobs_request_run_idx.
SELECT job_id AS JobId, job_type AS JobType, parameters AS Parameters, status AS Status, stage AS Stage,
       total_stages AS TotalStages, result AS Result, error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt,
       completed_at AS CompletedAt, deadline_at AS DeadlineAt, task_timeout AS TaskTimeout, job_timeout AS JobTimeout,
       request_id AS RequestId, run AS Run, traceparent AS Traceparent, removing_at AS RemovingAt
FROM jobs WHERE request_id = @request_id
ORDER BY run DESC
LIMIT 1;

-- name: JobRunningTaskCount
-- Tasks of a job a handler still runs: an ended job is deleted only when there are none.
SELECT count(*) FROM tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND status = 'processing';

-- name: JobDeleteTasks
-- A job's tasks are one range of the primary key (they have no foreign key to cascade from).
DELETE FROM tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id;

-- name: JobDelete
-- Stages, work items and events go by their foreign keys' ON DELETE CASCADE (foreign_keys is on
-- for every connection, see connection.sql). Compare-and-set on the job having ended.
DELETE FROM jobs
WHERE job_id = @job_id AND status IN ('completed', 'completed_with_errors', 'failed', 'cancelled')
RETURNING job_id;
