-- Task queries. {schema} is the validated, quoted schema name; @now is NULL except where a test pins time.
--
-- Task id ranges: a task id is "{first 16 hex of the job id}-s{stage}-{key}" (JobIdentity.TaskId)
-- and the key is byte-ordered (COLLATE "C"), so the tasks of a job are the ids from '{job16}-' up
-- to '{job16}.', and those of a stage from '{job16}-s{stage}-' up to '{job16}-s{stage}.' ('.' is
-- the byte after '-'). Queries by job or stage scan that range of the primary key, given as
-- @task_id_from (inclusive) and @task_id_to (exclusive) by JobIdentity.TaskIdsOf, which owns the id
-- format; the job_id test beside it only guards against two jobs sharing 64 bits of id.

-- name: TaskClaim
-- Hands out up to @limit runnable tasks under a lease. SKIP LOCKED lets concurrent claimers pass
-- each other instead of queueing on the same rows. The job's status comes along so the worker can
-- skip a task whose job ended meanwhile, and its trace context (the parent of the task's span) from
-- the same joined row. Expired leases are returned by the janitor, not here.
-- The locked rows are rewritten by their physical address (ctid), which the lock pins: no second
-- walk down the primary key per row.
WITH claimable AS (
    SELECT ctid AS row_address FROM {schema}.tasks
    WHERE status = 'queued' AND visible_at <= coalesce(@now::timestamptz, now())
    ORDER BY visible_at
    LIMIT @limit
    FOR UPDATE SKIP LOCKED
)
UPDATE {schema}.tasks t
SET status = 'processing', attempts = t.attempts + 1, lease_owner = @worker,
    lease_expires_at = coalesce(@now::timestamptz, now()) + @lease,
    lease_duration = @lease,
    claimed_at = coalesce(@now::timestamptz, now()),
    started_at = coalesce(t.started_at, coalesce(@now::timestamptz, now()))
FROM claimable c, {schema}.jobs j
WHERE t.ctid = c.row_address AND j.job_id = t.job_id
RETURNING t.task_id, t.job_id, t.stage, t.task_key, t.task_type, t.parameters::text, t.attempts, t.max_attempts,
          t.timeout, j.status, j.traceparent, j.tracestate;

-- name: TaskNextDue
-- How long until the next task scheduled for later (a retry's backoff) becomes claimable, by this
-- database's clock; NULL when none is. It runs in the claim's round trip and transaction (same
-- now()), and an idle worker sleeps that long instead of its fallback poll. One descent of the
-- claim index: it starts right of now(), past every visible task.
SELECT min(visible_at) - coalesce(@now::timestamptz, now())
FROM {schema}.tasks
WHERE status = 'queued' AND visible_at > coalesce(@now::timestamptz, now());

-- name: TaskComplete
-- Stores a batch of results and counts them against their stages in one statement: the stage
-- counter row is touched once per stage per batch, not once per task (one hot row caps single
-- updates at a few thousand commits/s). The status guard makes a second completion of a task
-- touch nothing: its result is never overwritten and it cannot decrement the counter twice. The
-- row lock on each stage row orders concurrent batches, so exactly one sees remaining reach 0.
-- Unlike failures, a completion is not tied to the attempt that reports it: the first completion
-- wins. An attempt whose lease lapsed still ran the handler to the end, and results are idempotent
-- by contract, so refusing it would only run the same work again; its task counts once (queued for
-- a retry, or running again elsewhere), and the later attempt's completion reports AlreadyCompleted.
-- Rows of kind 0 name the tasks this statement completed, with their job and stage; rows of kind 1
-- the stages it counted.
WITH input AS (
    SELECT * FROM unnest(@task_ids::text[], @results::text[]) AS i(task_id, result)
), done AS (
    UPDATE {schema}.tasks t
    SET status = 'completed', result = i.result::jsonb, lease_owner = NULL, lease_expires_at = NULL,
        completed_at = coalesce(@now::timestamptz, now())
    FROM input i
    WHERE t.task_id = i.task_id AND t.status IN ('queued', 'processing')
    RETURNING t.task_id, t.job_id, t.stage
), counted AS (
    SELECT job_id, stage, count(*)::integer AS n FROM done GROUP BY job_id, stage
), stage_counts AS (
    UPDATE {schema}.stages s
    SET remaining = s.remaining - c.n,
        completed_at = CASE WHEN s.remaining = c.n THEN coalesce(@now::timestamptz, now()) END
    FROM counted c, {schema}.jobs j
    WHERE s.job_id = c.job_id AND s.stage = c.stage AND j.job_id = c.job_id
    RETURNING s.job_id, s.stage, s.remaining, j.total_stages
)
SELECT 0 AS kind, task_id, job_id, stage, NULL::integer AS remaining, NULL::integer AS total_stages FROM done
UNION ALL
SELECT 1, NULL, job_id, stage, remaining, total_stages FROM stage_counts;

-- name: TaskStatuses
SELECT task_id, status FROM {schema}.tasks WHERE task_id = ANY(@task_ids);

-- name: TaskRetry
-- A worker's report on the attempt it holds: compare-and-set on status, lease owner and attempt,
-- so an attempt whose lease lapsed (its task requeued, maybe claimed again, even by the same
-- worker) changes nothing. TaskFail carries the same guard.
-- The backoff is a duration added to the database clock: a worker whose clock runs off the
-- database's would otherwise schedule the retry that much early or late.
-- A task whose job ended meanwhile is cancelled, not requeued: an ended job keeps no queued task.
-- The job is read under a share lock after the task row, as in TaskCancel. Returns the new status.
WITH held AS (
    SELECT job_id FROM {schema}.tasks
    WHERE task_id = @task_id AND status = 'processing' AND lease_owner = @worker AND attempts = @attempt
      AND attempts < max_attempts
    FOR UPDATE
), job AS (
    SELECT j.status IN ('queued', 'processing') AS live
    FROM {schema}.jobs j
    WHERE j.job_id = (SELECT job_id FROM held)
    FOR SHARE
)
UPDATE {schema}.tasks t
SET status = CASE WHEN job.live THEN 'queued' ELSE 'cancelled' END,
    visible_at = CASE WHEN job.live THEN coalesce(@now::timestamptz, now()) + @retry_delay ELSE t.visible_at END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    error_type = @error_type, error_message = @error_message
FROM job
WHERE t.task_id = @task_id AND t.status = 'processing' AND t.lease_owner = @worker AND t.attempts = @attempt
  AND t.attempts < t.max_attempts
RETURNING t.status, t.job_id, t.stage, t.max_attempts, t.visible_at;

-- name: TaskFail
UPDATE {schema}.tasks
SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
    error_type = @error_type, error_message = @error_message,
    completed_at = coalesce(@now::timestamptz, now())
WHERE task_id = @task_id AND status = 'processing' AND lease_owner = @worker AND attempts = @attempt
RETURNING job_id, stage;

-- name: TasksCancelForJob
UPDATE {schema}.tasks
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
       t.task_type AS TaskType, t.parameters::text AS Parameters, t.status AS Status, t.result::text AS Result,
       t.error_type AS ErrorType, t.error_message AS ErrorMessage, t.attempts AS Attempts, t.max_attempts AS MaxAttempts,
       t.lease_owner AS LeaseOwner, t.lease_expires_at AS LeaseExpiresAt, t.visible_at AS VisibleAt, t.created_at AS CreatedAt,
       t.started_at AS StartedAt, t.completed_at AS CompletedAt, t.timeout AS Timeout, t.claimed_at AS ClaimedAt,
       t.progress_percent::float8 AS ProgressPercent, t.progress_message AS ProgressMessage
FROM (
    (SELECT task_id, stage, ordinal FROM {schema}.tasks
     WHERE job_id = @job_id AND status = 'pending' AND status <> 'processing' AND (@status::text IS NULL OR @status::text = 'pending')
       AND (stage, ordinal) > (@from_stage::integer, @from_ordinal::integer) AND stage <= @to_stage::integer
     ORDER BY stage, ordinal LIMIT @limit::bigint + @skip::bigint)
    UNION ALL
    (SELECT task_id, stage, ordinal FROM {schema}.tasks
     WHERE job_id = @job_id AND status = 'queued' AND status <> 'processing' AND (@status::text IS NULL OR @status::text = 'queued')
       AND (stage, ordinal) > (@from_stage::integer, @from_ordinal::integer) AND stage <= @to_stage::integer
     ORDER BY stage, ordinal LIMIT @limit::bigint + @skip::bigint)
    UNION ALL
    (SELECT task_id, stage, ordinal FROM {schema}.tasks
     WHERE job_id = @job_id AND status = 'completed' AND status <> 'processing' AND (@status::text IS NULL OR @status::text = 'completed')
       AND (stage, ordinal) > (@from_stage::integer, @from_ordinal::integer) AND stage <= @to_stage::integer
     ORDER BY stage, ordinal LIMIT @limit::bigint + @skip::bigint)
    UNION ALL
    (SELECT task_id, stage, ordinal FROM {schema}.tasks
     WHERE job_id = @job_id AND status = 'failed' AND status <> 'processing' AND (@status::text IS NULL OR @status::text = 'failed')
       AND (stage, ordinal) > (@from_stage::integer, @from_ordinal::integer) AND stage <= @to_stage::integer
     ORDER BY stage, ordinal LIMIT @limit::bigint + @skip::bigint)
    UNION ALL
    (SELECT task_id, stage, ordinal FROM {schema}.tasks
     WHERE job_id = @job_id AND status = 'cancelled' AND status <> 'processing' AND (@status::text IS NULL OR @status::text = 'cancelled')
       AND (stage, ordinal) > (@from_stage::integer, @from_ordinal::integer) AND stage <= @to_stage::integer
     ORDER BY stage, ordinal LIMIT @limit::bigint + @skip::bigint)
    UNION ALL
    (SELECT task_id, stage, ordinal FROM {schema}.tasks
     WHERE job_id = @job_id AND status = 'processing' AND lease_expires_at IS NOT NULL AND (@status::text IS NULL OR @status::text = 'processing')
       AND (stage, ordinal) > (@from_stage::integer, @from_ordinal::integer) AND stage <= @to_stage::integer
     ORDER BY stage, ordinal LIMIT @limit::bigint + @skip::bigint)
) AS page
JOIN {schema}.tasks t ON t.task_id = page.task_id
ORDER BY page.stage, page.ordinal
LIMIT @limit OFFSET @skip;

-- name: TasksInsert
-- A small stage in one statement (COPY costs extra round trips that only pay off for many rows).
INSERT INTO {schema}.tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, status,
                            attempts, max_attempts, visible_at, created_at, timeout)
SELECT u.task_id, @job_id, @stage, (u.ordinal - 1)::integer, u.task_key, u.task_type, u.parameters::jsonb, 'queued',
       0, u.max_attempts, @visible_at, @visible_at, @timeout
FROM unnest(@task_ids::text[], @task_keys::text[], @task_types::text[], @parameters::text[], @max_attempts::integer[])
     WITH ORDINALITY AS u(task_id, task_key, task_type, parameters, max_attempts, ordinal);

-- name: TasksCopy
-- A whole stage in one binary COPY: the fastest way PostgreSQL takes many rows. Every column sent
-- costs the client a value conversion per row, so what is the same for all rows comes from the
-- column defaults: status 'queued', no attempts yet, and the plan transaction's now() as the time
-- the task was created and becomes visible.
COPY {schema}.tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, max_attempts, timeout)
FROM STDIN (FORMAT BINARY);

-- name: TasksCopyAt
-- The same, for a clock pinned by tests: the times are sent.
COPY {schema}.tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, max_attempts, timeout,
                     visible_at, created_at)
FROM STDIN (FORMAT BINARY);

-- name: LeaseRenew
-- The heartbeat: one statement renews every task a worker holds and stores their progress. A task
-- missing from the result is no longer this attempt's (compare-and-set on owner and attempt: a
-- lapsed attempt neither extends a newer attempt's lease nor overwrites its progress); the job
-- status lets the worker stop handlers whose job was cancelled or failed.
UPDATE {schema}.tasks t
SET lease_expires_at = coalesce(@now::timestamptz, now()) + @lease,
    lease_duration = @lease,
    progress_percent = coalesce(p.percent, t.progress_percent),
    progress_message = coalesce(p.message, t.progress_message)
FROM unnest(@task_ids::text[], @attempts::integer[], @percents::real[], @messages::text[]) AS p(task_id, attempt, percent, message),
     {schema}.jobs j
WHERE t.task_id = p.task_id AND t.status = 'processing' AND t.lease_owner = @worker AND t.attempts = p.attempt
  AND j.job_id = t.job_id
RETURNING t.task_id, j.status;

-- name: TaskRelease
-- Graceful shutdown: hand unfinished tasks back at once, without counting the attempt.
-- Compare-and-set on the attempts the worker holds: a lapsed one must not requeue a newer attempt.
-- A task whose job ended meanwhile is cancelled, not requeued: an ended job keeps no queued task
-- (nothing would claim it but to cancel it). As in TaskCancel, the job is read here under a share
-- lock, after the task rows: a cancel or failure committing later finds the task queued and
-- cancels it itself. Every row returned was still held; its status says which way it went.
WITH held AS (
    SELECT t.task_id, t.job_id, t.attempts FROM {schema}.tasks t
    JOIN unnest(@task_ids::text[], @attempts::integer[]) AS r(task_id, attempt)
      ON t.task_id = r.task_id AND t.attempts = r.attempt
    WHERE t.lease_owner = @worker AND t.status = 'processing'
    FOR UPDATE OF t
), job AS (
    SELECT j.job_id, j.status IN ('queued', 'processing') AS live
    FROM {schema}.jobs j
    WHERE j.job_id IN (SELECT job_id FROM held)
    FOR SHARE
)
UPDATE {schema}.tasks t
SET status = CASE WHEN job.live THEN 'queued' ELSE 'cancelled' END,
    attempts = CASE WHEN job.live THEN greatest(t.attempts - 1, 0) ELSE t.attempts END,
    visible_at = CASE WHEN job.live THEN coalesce(@now::timestamptz, now()) ELSE t.visible_at END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL
FROM held h JOIN job ON job.job_id = h.job_id
WHERE t.task_id = h.task_id AND t.lease_owner = @worker AND t.attempts = h.attempts AND t.status = 'processing'
RETURNING t.status, t.task_id, t.job_id, t.stage;

-- name: TaskCancel
-- A worker stops the task it holds because the task's job ended. Compare-and-set on the attempt
-- (a lapsed attempt must not end a newer one). The job is read here under a share lock, not
-- trusted from the worker's earlier look: a job retried since then is live again, and its task is
-- handed back (attempt not counted) rather than cancelled, which would strand the retried job.
-- The task row is locked before the job row, the order the janitor and TaskFail take them in.
WITH held AS (
    SELECT job_id FROM {schema}.tasks
    WHERE task_id = @task_id AND status = 'processing' AND lease_owner = @worker AND attempts = @attempt
    FOR UPDATE
), job AS (
    SELECT j.status IN ('queued', 'processing') AS live
    FROM {schema}.jobs j
    WHERE j.job_id = (SELECT job_id FROM held)
    FOR SHARE
)
UPDATE {schema}.tasks t
SET status = CASE WHEN job.live THEN 'queued' ELSE 'cancelled' END,
    attempts = CASE WHEN job.live THEN greatest(t.attempts - 1, 0) ELSE t.attempts END,
    visible_at = CASE WHEN job.live THEN coalesce(@now::timestamptz, now()) ELSE t.visible_at END,
    lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL
FROM job
WHERE t.task_id = @task_id AND t.status = 'processing' AND t.lease_owner = @worker AND t.attempts = @attempt
RETURNING t.status;

-- name: TasksRequeueForStage
-- Retry of a job: its failed and cancelled tasks of the stage get fresh attempts, under the job's
-- task timeout as it is now (a retry may have replaced it). Failed tasks of a stage that advanced
-- (failures it tolerated) keep their outcome, as the stage does.
UPDATE {schema}.tasks
SET status = 'queued', attempts = 0, lease_owner = NULL, lease_expires_at = NULL, claimed_at = NULL,
    visible_at = coalesce(@now::timestamptz, now()), completed_at = NULL, progress_percent = NULL, progress_message = NULL,
    timeout = (SELECT j.task_timeout FROM {schema}.jobs j WHERE j.job_id = @job_id)
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND stage = @stage AND status IN ('failed', 'cancelled')
  AND (status = 'cancelled' OR NOT EXISTS (
      SELECT 1 FROM {schema}.stages s WHERE s.job_id = @job_id AND s.stage = @stage AND s.advanced_at IS NOT NULL))
RETURNING task_id;

-- name: TaskFailures
-- A job's failed tasks through the partial index of failed tasks (O(failures), not O(tasks)).
SELECT task_id, task_key, stage, error_type, error_message, parameters::text
FROM {schema}.tasks
WHERE job_id = @job_id AND status = 'failed'
ORDER BY stage, ordinal;

-- name: TaskGet
-- One task by id, as TaskList returns it (a keyset page starts after it). The primary key.
SELECT task_id AS TaskId, job_id AS JobId, stage AS Stage, ordinal AS Ordinal, task_key AS TaskKey,
       task_type AS TaskType, parameters::text AS Parameters, status AS Status, result::text AS Result,
       error_type AS ErrorType, error_message AS ErrorMessage, attempts AS Attempts, max_attempts AS MaxAttempts,
       lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt, visible_at AS VisibleAt, created_at AS CreatedAt,
       started_at AS StartedAt, completed_at AS CompletedAt, timeout AS Timeout, claimed_at AS ClaimedAt,
       progress_percent::float8 AS ProgressPercent, progress_message AS ProgressMessage
FROM {schema}.tasks
WHERE task_id = @task_id;
