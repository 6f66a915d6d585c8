-- Stage and control-work queries. {schema} is the validated, quoted schema name.

-- name: StageInsert
-- The primary key makes planning a stage twice (a redelivered plan item) insert nothing, and
-- makes a second planner running at the same time wait here for the first. The tasks are streamed
-- in after this row, so their number is not known yet: StagePlanFinish sets it in the same
-- transaction, and no one sees the placeholder.
-- It runs in the same round trip as JobMarkProcessing, so it inserts only for a job still live.
INSERT INTO {schema}.stages (job_id, stage, task_count, remaining, planned_at, completed_at)
SELECT @job_id, @stage, 2147483647, 2147483647, coalesce(@now::timestamptz, now()), NULL
WHERE EXISTS (SELECT 1 FROM {schema}.jobs WHERE job_id = @job_id AND status IN ('queued', 'processing'))
ON CONFLICT (job_id, stage) DO NOTHING
RETURNING stage;

-- name: StageResults
-- The stage's tasks are one range of the primary key (see the task id range note in tasks.sql).
-- A failed task (tolerated by the stage) comes with its error and its parameters.
SELECT task_id AS TaskId, task_key AS TaskKey, status AS Status, result::text AS Result,
       error_type AS ErrorType, error_message AS ErrorMessage,
       CASE WHEN status = 'failed' THEN parameters::text END AS Parameters
FROM {schema}.tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND stage = @stage
ORDER BY ordinal;

-- name: StageResultsPage
-- A page of a completed stage's results in plan order: its completed tasks after plan position
-- @after (keyset; -1 for the first page), at most @limit. One seek of tasks_listing_idx (job_id,
-- status, stage, ordinal) that stops after @limit rows, however far into the stage the page is.
-- The stage's tolerated failures are not results (TaskFailures reads them).
SELECT task_id AS TaskId, task_key AS TaskKey, ordinal AS Ordinal, result::text AS Result
FROM {schema}.tasks
WHERE job_id = @job_id AND status = 'completed' AND status <> 'processing'
  AND stage = @stage AND ordinal > @after
ORDER BY ordinal
LIMIT @limit;

-- name: StageTaskCounts
SELECT task_count FROM {schema}.stages WHERE job_id = @job_id ORDER BY stage;

-- name: WorkEnqueue
-- The next step after a stage: "plan S+1" or "finalize". The key (job, kind, stage) refuses a
-- second copy, the backstop behind the stage counter for exactly-once advancement.
INSERT INTO {schema}.job_work (job_id, kind, stage, visible_at, created_at)
VALUES (@job_id, @kind, @stage, coalesce(@now::timestamptz, now()), coalesce(@now::timestamptz, now()))
ON CONFLICT (job_id, kind, stage) DO NOTHING
RETURNING job_id;

-- name: WorkClaim
WITH claimable AS (
    SELECT job_id, kind, stage FROM {schema}.job_work
    WHERE visible_at <= coalesce(@now::timestamptz, now())
      AND (lease_expires_at IS NULL OR lease_expires_at < coalesce(@now::timestamptz, now()))
    ORDER BY visible_at
    LIMIT @limit
    FOR UPDATE SKIP LOCKED
)
UPDATE {schema}.job_work w
SET lease_owner = @worker, lease_expires_at = coalesce(@now::timestamptz, now()) + @lease, attempts = w.attempts + 1
FROM claimable c, {schema}.jobs j
WHERE w.job_id = c.job_id AND w.kind = c.kind AND w.stage = c.stage AND j.job_id = w.job_id
RETURNING w.job_id, w.kind, w.stage, j.job_type, j.parameters::text, j.status, j.total_stages, w.attempts, j.traceparent, j.tracestate;

-- name: WorkDelete
DELETE FROM {schema}.job_work WHERE job_id = @job_id AND kind = @kind AND stage = @stage;

-- name: WorkDeleteForJob
DELETE FROM {schema}.job_work WHERE job_id = @job_id;

-- name: Notify
SELECT pg_notify(@channel, @payload);

-- name: WorkDeleteKind
DELETE FROM {schema}.job_work WHERE job_id = @job_id AND kind = @kind;

-- name: StageAdvance
-- What follows a completed stage, in one round trip: "plan S+1" or "finalize" and the audit event
-- (the engine's step asks for the wake-up: no statement wakes on its own). A compare-and-set on the stage row decides it: advanced_at is
-- set once, and only while the job is live, so each stage has one stage_completed event whatever
-- repeats (redelivery, repair, retry) and none once its job failed or was cancelled. Completions
-- that close a stage of an ended job still count; the retry's repair advances the stage then.
-- Ending a job locks its stage rows (StagesLockForJob) and this statement runs after the
-- completion's counter update locked the row, so the two cannot interleave. Returns a row when it
-- advanced the stage.
WITH advanced AS (
    UPDATE {schema}.stages s
    SET advanced_at = coalesce(@now::timestamptz, now())
    WHERE s.job_id = @job_id AND s.stage = @stage AND s.remaining = 0 AND s.advanced_at IS NULL
      AND EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.job_id = @job_id AND j.status IN ('queued', 'processing'))
    RETURNING s.stage
), enqueue AS (
    INSERT INTO {schema}.job_work (job_id, kind, stage, visible_at, created_at)
    SELECT @job_id, @kind, @next_stage, coalesce(@now::timestamptz, now()), coalesce(@now::timestamptz, now())
    FROM advanced
    ON CONFLICT (job_id, kind, stage) DO NOTHING
), event AS (
    INSERT INTO {schema}.job_events (job_id, stage, kind, occurred_at)
    SELECT @job_id, @stage, 'stage_completed', coalesce(@now::timestamptz, clock_timestamp())
    FROM advanced
)
SELECT stage FROM advanced;

-- name: StagesLockForJob
-- Ending a job (fail, cancel) takes its stage rows before writing its event: a completion that
-- closed a stage first holds the row until its advance committed (its event comes before the
-- job's), and one that comes later finds the job ended when it advances (no event at all).
SELECT stage FROM {schema}.stages WHERE job_id = @job_id FOR UPDATE;

-- name: StagePlanFinish
-- The end of planning, in one round trip: the stage's task count, the audit event, the plan item
-- removed (the engine's step asks for the wake-up).
WITH counted AS (
    UPDATE {schema}.stages
    SET task_count = @task_count, remaining = @task_count, failures_allowed = @failures_allowed,
        completed_at = CASE WHEN @task_count = 0 THEN coalesce(@now::timestamptz, now()) END
    WHERE job_id = @job_id AND stage = @stage
), event AS (
    INSERT INTO {schema}.job_events (job_id, stage, kind, detail, occurred_at)
    VALUES (@job_id, @stage, 'stage_planned', @detail::jsonb, coalesce(@now::timestamptz, clock_timestamp()))
), done AS (
    DELETE FROM {schema}.job_work WHERE job_id = @job_id AND kind = 'plan' AND stage = @stage
)
SELECT @stage AS planned_stage;

-- name: WorkLeaseRenew
-- The heartbeat of plan and finalize items: planning a very large stage can outlast one lease.
-- Compare-and-set on the claim the worker holds (owner and attempt): an item whose lease lapsed and
-- was claimed again, even by the same worker, keeps its newer lease.
UPDATE {schema}.job_work w
SET lease_expires_at = coalesce(@now::timestamptz, now()) + @lease
FROM unnest(@job_ids::text[], @kinds::text[], @stages::integer[], @attempts::integer[]) AS k(job_id, kind, stage, attempt)
WHERE w.job_id = k.job_id AND w.kind = k.kind AND w.stage = k.stage AND w.lease_owner = @worker AND w.attempts = k.attempt;

-- name: StageTolerateFailure
-- A task failed for good: it counts toward its stage's completion when the stage tolerates one
-- more failure. A compare-and-set on the counters; the row lock orders it with completions
-- (TaskComplete takes the same row), so exactly one transaction sees remaining reach 0 and
-- advances the stage. No row: the stage tolerates no more, and the job fails.
UPDATE {schema}.stages s
SET failed = s.failed + 1, remaining = s.remaining - 1,
    completed_at = CASE WHEN s.remaining = 1 THEN coalesce(@now::timestamptz, now()) END
FROM {schema}.jobs j
WHERE s.job_id = @job_id AND s.stage = @stage AND s.failed < s.failures_allowed AND s.remaining > 0 AND j.job_id = s.job_id
RETURNING s.remaining, j.total_stages, s.failures_allowed;

-- name: StageFailuresAllowed
-- A failure beyond the stage's tolerance: what the stage allowed, for the job's error.
SELECT s.remaining, j.total_stages, s.failures_allowed
FROM {schema}.stages s JOIN {schema}.jobs j ON j.job_id = s.job_id
WHERE s.job_id = @job_id AND s.stage = @stage;

-- name: StageReopenFailures
-- Retry of a failed job: the failures its current stage tolerated run again (TasksRequeueForStage),
-- so they leave the stage's counts. A stage that advanced keeps its outcome (its failed tasks stay).
UPDATE {schema}.stages
SET remaining = remaining + failed, failed = 0, completed_at = NULL
WHERE job_id = @job_id AND stage = @stage AND advanced_at IS NULL AND failed > 0;

-- name: StageFirstWithFailures
-- Retry of a job that completed with errors: the earliest stage whose tolerated failures run again.
SELECT min(stage) FROM {schema}.stages WHERE job_id = @job_id AND failed > 0;

-- name: StageRewind
-- Retry of a job that completed with errors, taken back to @stage: the later stages depend on its
-- results, so their tasks and rows go (they are planned again once it has advanced); its tolerated
-- failures leave its counts (TasksRequeueForStage runs them again) and its advance is undone, so it
-- advances again, once; it becomes the job's current stage. The rows removed are counted.
WITH removed AS (
    DELETE FROM {schema}.tasks
    WHERE task_id >= @task_id_from AND task_id < @task_id_to
      AND job_id = @job_id AND stage > @stage
    RETURNING 1
), later AS (
    DELETE FROM {schema}.stages WHERE job_id = @job_id AND stage > @stage
), reopened AS (
    UPDATE {schema}.stages
    SET remaining = remaining + failed, failed = 0, advanced_at = NULL,
        completed_at = CASE WHEN remaining + failed > 0 THEN NULL ELSE completed_at END
    WHERE job_id = @job_id AND stage = @stage
), job AS (
    UPDATE {schema}.jobs SET stage = @stage WHERE job_id = @job_id
)
SELECT count(*)::integer FROM removed;
