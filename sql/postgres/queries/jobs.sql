-- Job queries. {schema} is the validated, quoted schema name; @now is NULL except where a test pins time.

-- name: JobSubmit
-- Insert the job and its first work item in one statement. ON CONFLICT DO NOTHING waits for a
-- concurrent submitter of the same job to commit, so the loser sees no row and reads the winner's.
-- No conflict target: a run's job_id and its (request_id, run) are one key (the id is derived from
-- the pair), and with only job_id as the arbiter two concurrent submitters of the same run could
-- meet on jobs_request_run_idx first, which raised a unique violation instead of waiting.
WITH inserted AS (
    INSERT INTO {schema}.jobs (job_id, job_type, parameters, status, stage, total_stages, created_at, updated_at,
                               task_timeout, deadline_at, job_timeout,
                               request_id, run, traceparent, tracestate)
    VALUES (@job_id, @job_type, @parameters::jsonb, 'queued', 1, @total_stages,
            coalesce(@now::timestamptz, now()), coalesce(@now::timestamptz, now()),
            @task_timeout::interval, coalesce(@now::timestamptz, now()) + @job_timeout::interval, @job_timeout::interval,
            @request_id, @run, @traceparent::text, @tracestate::text)
    ON CONFLICT DO NOTHING
    RETURNING *
), work AS (
    INSERT INTO {schema}.job_work (job_id, kind, stage, visible_at, created_at)
    SELECT job_id, 'plan', 1, created_at, created_at FROM inserted
), event AS (
    INSERT INTO {schema}.job_events (job_id, stage, kind, occurred_at)
    SELECT job_id, NULL, 'submitted', created_at FROM inserted
)
SELECT job_id AS JobId, job_type AS JobType, parameters::text AS Parameters, status AS Status, stage AS Stage,
       total_stages AS TotalStages, result::text AS Result, error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt,
       completed_at AS CompletedAt, deadline_at AS DeadlineAt, task_timeout AS TaskTimeout, job_timeout AS JobTimeout,
       request_id AS RequestId, run AS Run, traceparent AS Traceparent, removing_at AS RemovingAt,
       pg_notify(@channel, 'job')::text AS Notified
FROM inserted;

-- name: JobGet
-- Column aliases are the property names of the row types in Core (Store/Rows): rows are mapped by name.
SELECT job_id AS JobId, job_type AS JobType, parameters::text AS Parameters, status AS Status, stage AS Stage,
       total_stages AS TotalStages, result::text AS Result, error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt,
       completed_at AS CompletedAt, deadline_at AS DeadlineAt, task_timeout AS TaskTimeout, job_timeout AS JobTimeout,
       request_id AS RequestId, run AS Run, traceparent AS Traceparent, removing_at AS RemovingAt
FROM {schema}.jobs WHERE job_id = @job_id;

-- name: JobList
SELECT job_id AS JobId, job_type AS JobType, parameters::text AS Parameters, status AS Status, stage AS Stage,
       total_stages AS TotalStages, result::text AS Result, error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt,
       completed_at AS CompletedAt, deadline_at AS DeadlineAt, task_timeout AS TaskTimeout, job_timeout AS JobTimeout,
       request_id AS RequestId, run AS Run, traceparent AS Traceparent, removing_at AS RemovingAt
FROM {schema}.jobs
WHERE (@status::text IS NULL OR status = @status::text)
  AND (@job_type::text IS NULL OR job_type = @job_type::text)
  AND (@since::timestamptz IS NULL OR created_at >= @since::timestamptz)
  AND (@request_id::text IS NULL OR request_id = @request_id::text)
  -- Keyset paging: the jobs after the previous page's last one, in the same order.
  AND (@before_created::timestamptz IS NULL OR created_at < @before_created::timestamptz
       OR (created_at = @before_created::timestamptz AND job_id > @before_id::text))
ORDER BY created_at DESC, job_id
-- @skip: the first page of -Skip, counted off by the store instead of sent.
LIMIT @limit OFFSET @skip;

-- name: JobMarkProcessing
-- greatest(): a late, redelivered plan item of an earlier stage must not move the job backwards.
UPDATE {schema}.jobs
SET status = 'processing', stage = greatest(stage, @stage), updated_at = coalesce(@now::timestamptz, now())
WHERE job_id = @job_id AND status IN ('queued', 'processing')
RETURNING job_id, coalesce(@now::timestamptz, now()), task_timeout;

-- name: JobComplete
-- Compare-and-set: only a processing job can be finalised, so a second finalize is a reported no-op.
UPDATE {schema}.jobs
SET status = @status, result = @result::jsonb, updated_at = coalesce(@now::timestamptz, now()),
    completed_at = coalesce(@now::timestamptz, now())
WHERE job_id = @job_id AND status = 'processing'
RETURNING job_id;

-- name: JobFail
UPDATE {schema}.jobs
SET status = 'failed', error = @error, updated_at = coalesce(@now::timestamptz, now()),
    completed_at = coalesce(@now::timestamptz, now())
WHERE job_id = @job_id AND status IN ('queued', 'processing')
RETURNING job_id;

-- name: JobEventInsert
-- clock_timestamp(), not now(): an event is stamped when it is written (just before its commit),
-- not when its transaction began, so event times measure the engine (see geoorch bench).
INSERT INTO {schema}.job_events (job_id, stage, kind, detail, occurred_at)
VALUES (@job_id, @stage, @kind, @detail::jsonb, coalesce(@now::timestamptz, clock_timestamp()));

-- name: JobEventCount
SELECT count(*) FROM {schema}.job_events WHERE job_id = @job_id AND kind = @kind AND (@stage::integer IS NULL OR stage = @stage::integer);

-- name: JobCancel
UPDATE {schema}.jobs
SET status = 'cancelled', error = @reason, updated_at = coalesce(@now::timestamptz, now()),
    completed_at = coalesce(@now::timestamptz, now())
WHERE job_id = @job_id AND status IN ('queued', 'processing')
RETURNING job_id;

-- name: JobRetry
-- Back to processing, compare-and-set on the status the engine found (which statuses may be retried
-- is the engine's rule, GeoStoreSteps.IsRetryable). Timeouts given with the retry replace the job's;
-- the job timeout as configured runs again from now.
UPDATE {schema}.jobs
SET status = 'processing', error = NULL, result = NULL, completed_at = NULL,
    updated_at = coalesce(@now::timestamptz, now()),
    task_timeout = coalesce(@task_timeout::interval, task_timeout),
    job_timeout = coalesce(@job_timeout::interval, job_timeout),
    deadline_at = coalesce(@now::timestamptz, now()) + coalesce(@job_timeout::interval, job_timeout)
-- A job whose removal began (retention, migration 0020) is not retried: its tasks are going.
WHERE job_id = @job_id AND status = @expected AND removing_at IS NULL
RETURNING stage;

-- name: JobsMissingNextStep
-- Live jobs with nothing queued, running or scheduled: the step that should follow their current
-- stage was lost (or the job was just retried). `completed` says whether the current stage's
-- counter reached zero (advance it, or give it back the next step it already advanced to) or the
-- stage was never planned (plan it).
SELECT j.job_id, j.stage, j.total_stages, s.job_id IS NOT NULL AND s.remaining = 0 AS completed
FROM {schema}.jobs j
LEFT JOIN {schema}.stages s ON s.job_id = j.job_id AND s.stage = j.stage
WHERE j.status IN ('queued', 'processing')
  AND (@job_id::text IS NULL OR j.job_id = @job_id::text)
  AND (s.job_id IS NULL OR s.remaining = 0)
  AND NOT EXISTS (SELECT 1 FROM {schema}.job_work w WHERE w.job_id = j.job_id)
LIMIT 1000;

-- name: JobFind
-- Ids starting with a prefix, as a range scan of the primary key: ids are lowercase hex, so every
-- id with the prefix sorts between the prefix and the prefix followed by 'g'. The left() test keeps
-- the answer exact under any collation; the range only makes it fast.
SELECT job_id FROM {schema}.jobs
WHERE job_id >= @prefix AND job_id < @prefix || 'g' AND left(job_id, length(@prefix)) = @prefix
ORDER BY job_id
LIMIT @limit;

-- name: JobLatestRun
-- The latest run of a request: one seek from the end of its range of jobs_request_run_idx.
SELECT job_id AS JobId, job_type AS JobType, parameters::text AS Parameters, status AS Status, stage AS Stage,
       total_stages AS TotalStages, result::text AS Result, error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt,
       completed_at AS CompletedAt, deadline_at AS DeadlineAt, task_timeout AS TaskTimeout, job_timeout AS JobTimeout,
       request_id AS RequestId, run AS Run, traceparent AS Traceparent, removing_at AS RemovingAt
FROM {schema}.jobs WHERE request_id = @request_id
ORDER BY run DESC
LIMIT 1;

-- name: JobDelete
-- An ended job and everything of it, in one statement: compare-and-set on the job having ended and
-- no handler still running one of its tasks (a cancelled job's handlers stop at their next
-- heartbeat). Stages, work items and events go by their foreign keys' ON DELETE CASCADE; tasks have
-- no foreign key since 0004 and are one range of the primary key. The row lock on the job orders it
-- against a concurrent retry: whichever commits first, the other finds the status it refuses.
WITH deleted AS (
    DELETE FROM {schema}.jobs j
    WHERE j.job_id = @job_id AND j.status IN ('completed', 'completed_with_errors', 'failed', 'cancelled')
      AND NOT EXISTS (SELECT 1 FROM {schema}.tasks t
                      WHERE t.task_id >= @task_id_from AND t.task_id < @task_id_to
                        AND t.job_id = @job_id AND t.status = 'processing')
    RETURNING j.job_id
), tasks AS (
    DELETE FROM {schema}.tasks t
    WHERE t.task_id >= @task_id_from AND t.task_id < @task_id_to
      AND t.job_id = @job_id AND EXISTS (SELECT 1 FROM deleted)
    RETURNING 1
)
SELECT (SELECT count(*) FROM deleted)::integer, (SELECT count(*) FROM tasks)::integer;

-- name: JobRunningTaskCount
-- Tasks of a job a handler still runs: why an ended job cannot be deleted yet.
SELECT count(*)::integer FROM {schema}.tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND status = 'processing';
