-- Stage and control-work queries of the SQLite store. Times are Unix epoch milliseconds.

-- name: StageInsert
-- The primary key makes planning a stage twice (a redelivered plan item) insert nothing. The
-- tasks are written after this row, so their number is not known yet: StagePlanFinish sets it in
-- the same transaction, and no one sees the placeholder. Inserts only for a job still live.
INSERT INTO stages (job_id, stage, task_count, remaining, planned_at, completed_at)
SELECT @job_id, @stage, 2147483647, 2147483647, @now, NULL
WHERE EXISTS (SELECT 1 FROM jobs WHERE job_id = @job_id AND status IN ('queued', 'processing'))
ON CONFLICT (job_id, stage) DO NOTHING
RETURNING stage;

-- name: StagePlanFinish
UPDATE stages
SET task_count = @task_count, remaining = @task_count, failures_allowed = @failures_allowed,
    completed_at = CASE WHEN @task_count = 0 THEN @now END
WHERE job_id = @job_id AND stage = @stage;

-- name: StageCount
-- A batch's completions of one stage counted at once; `remaining` 0 means this transaction closed it.
UPDATE stages
SET remaining = remaining - @n,
    completed_at = CASE WHEN remaining = @n THEN @now END
WHERE job_id = @job_id AND stage = @stage
RETURNING remaining, (SELECT total_stages FROM jobs j WHERE j.job_id = stages.job_id) AS total_stages;

-- name: StageResults
-- The stage's tasks are one range of the primary key (see the task id note in tasks.sql).
-- A failed task (tolerated by the stage) comes with its error and its parameters.
SELECT task_id AS TaskId, task_key AS TaskKey, status AS Status, result AS Result,
       error_type AS ErrorType, error_message AS ErrorMessage,
       CASE WHEN status = 'failed' THEN parameters END AS Parameters
FROM tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND stage = @stage
ORDER BY ordinal;

-- name: StageResultsPage
-- A page of a completed stage's results in plan order: its completed tasks after plan position
-- @after (keyset; -1 for the first page), at most @limit. One seek of tasks_listing_idx (job_id,
-- status, stage, ordinal) that stops after @limit rows, however far into the stage the page is;
-- the WHERE repeats the index's predicate (status <> 'processing') so that SQLite uses it. The
-- stage's tolerated failures are not results (TaskFailures reads them).
SELECT task_id AS TaskId, task_key AS TaskKey, ordinal AS Ordinal, result AS Result
FROM tasks
WHERE job_id = @job_id AND status = 'completed' AND status <> 'processing'
  AND stage = @stage AND ordinal > @after
ORDER BY ordinal
LIMIT @limit;

-- name: StageTaskCounts
SELECT task_count FROM stages WHERE job_id = @job_id ORDER BY stage;

-- name: WorkEnqueue
-- The next step after a stage: "plan S+1" or "finalize". The key (job, kind, stage) refuses a
-- second copy, the backstop behind the stage counter for exactly-once advancement.
INSERT INTO job_work (job_id, kind, stage, visible_at, created_at)
VALUES (@job_id, @kind, @stage, @now, @now)
ON CONFLICT (job_id, kind, stage) DO NOTHING;

-- name: WorkClaim
-- One writer at a time holds the database, so there is nothing to skip past: the oldest visible
-- items whose lease is free are taken.
UPDATE job_work
SET lease_owner = @worker, lease_expires_at = @now + @lease, attempts = attempts + 1
WHERE (job_id, kind, stage) IN (
    SELECT job_id, kind, stage FROM job_work
    WHERE visible_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at < @now)
    ORDER BY visible_at
    LIMIT @limit)
RETURNING job_id, kind, stage, attempts,
          (SELECT traceparent FROM jobs j WHERE j.job_id = job_work.job_id) AS traceparent,
          (SELECT tracestate FROM jobs j WHERE j.job_id = job_work.job_id) AS tracestate;

-- name: WorkDelete
DELETE FROM job_work WHERE job_id = @job_id AND kind = @kind AND stage = @stage;

-- name: WorkDeleteKind
DELETE FROM job_work WHERE job_id = @job_id AND kind = @kind;

-- name: WorkDeleteForJob
DELETE FROM job_work WHERE job_id = @job_id;

-- name: WorkLeaseRenew
-- The heartbeat of plan and finalize items: planning a very large stage can outlast one lease.
-- Compare-and-set on the claim the worker holds (owner and attempt): an item whose lease lapsed and
-- was claimed again, even by the same worker, keeps its newer lease.
UPDATE job_work
SET lease_expires_at = @now + @lease
WHERE job_id = @job_id AND kind = @kind AND stage = @stage AND lease_owner = @worker AND attempts = @attempt;

-- name: WorkAvailable
-- Whether a claim would find anything, read without the write lock: an idle worker that is woken
-- by unrelated commits (heartbeats, completions elsewhere) does not queue for the lock to find
-- nothing. Both probes use an index (job_work_visible_idx, the partial tasks_claim_idx). When
-- nothing is, next_due tells how long until the next queued task falls due (as TaskNextDue):
-- one statement reads one snapshot at one @now, so a task is in one answer or the other.
SELECT EXISTS (SELECT 1 FROM job_work WHERE visible_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at < @now))
    OR EXISTS (SELECT 1 FROM tasks WHERE status = 'queued' AND visible_at <= @now) AS available,
       (SELECT min(visible_at) FROM tasks WHERE status = 'queued' AND visible_at > @now) - @now AS next_due;

-- name: StageAdvance
-- Marks a completed stage advanced: a compare-and-set on advanced_at, set once and only while the
-- job is live, so each stage has one stage_completed event whatever repeats (redelivery, repair,
-- retry) and none once its job failed or was cancelled. Completions that close a stage of an ended
-- job still count; the retry's repair advances the stage then. One writer holds the database at a
-- time, so ending a job and closing a stage cannot interleave: whichever commits first is seen
-- whole by the other. Returns a row when it advanced the stage; the store then enqueues the next
-- step and writes the event in the same transaction.
UPDATE stages
SET advanced_at = @now
WHERE job_id = @job_id AND stage = @stage AND remaining = 0 AND advanced_at IS NULL
  AND EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = @job_id AND j.status IN ('queued', 'processing'))
RETURNING stage;

-- name: StageTolerateFailure
-- A task failed for good: it counts toward its stage's completion when the stage tolerates one
-- more failure (a compare-and-set on the counters, under the one write lock, so exactly one
-- transaction sees remaining reach 0 and advances the stage). No row: the stage tolerates no
-- more (the engine then fails the job).
UPDATE stages
SET failed = failed + 1, remaining = remaining - 1,
    completed_at = CASE WHEN remaining = 1 THEN @now END
WHERE job_id = @job_id AND stage = @stage AND failed < failures_allowed AND remaining > 0
RETURNING remaining, (SELECT total_stages FROM jobs j WHERE j.job_id = stages.job_id) AS total_stages, failures_allowed;

-- name: StageFailuresAllowed
-- A failure beyond the stage's tolerance: what the stage allowed, for the job's error.
SELECT s.remaining, j.total_stages, s.failures_allowed
FROM stages s JOIN jobs j ON j.job_id = s.job_id
WHERE s.job_id = @job_id AND s.stage = @stage;

-- name: StageReopenFailures
-- Retry of a failed job: the failures its current stage tolerated run again (TasksRequeueForStage),
-- so they leave the stage's counts. A stage that advanced keeps its outcome (its failed tasks stay).
UPDATE stages
SET remaining = remaining + failed, failed = 0, completed_at = NULL
WHERE job_id = @job_id AND stage = @stage AND advanced_at IS NULL AND failed > 0;

-- name: StageFirstWithFailures
-- Retry of a job that completed with errors: the earliest stage whose tolerated failures run again.
SELECT min(stage) FROM stages WHERE job_id = @job_id AND failed > 0;

-- name: StageRewindTasks
-- Retry of a job that completed with errors, taken back to @stage: the later stages depend on its
-- results, so their tasks go (they are planned again once it has advanced). The rows removed are
-- counted by the caller. StageRewind follows in the same transaction.
DELETE FROM tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND stage > @stage;

-- name: StageRewind
-- The later stages' rows go; the stage's tolerated failures leave its counts (TasksRequeueForStage
-- runs them again) and its advance is undone, so it advances again, once; it becomes the job's
-- current stage.
DELETE FROM stages WHERE job_id = @job_id AND stage > @stage;
UPDATE stages
SET remaining = remaining + failed, failed = 0, advanced_at = NULL,
    completed_at = CASE WHEN remaining + failed > 0 THEN NULL ELSE completed_at END
WHERE job_id = @job_id AND stage = @stage;
UPDATE jobs SET stage = @stage WHERE job_id = @job_id;
