-- Queries of a large stage planned in bounded transactions (GeoStoreSteps.ChunkedPlanAsync): its
-- tasks are written pending, its stage row is inserted once they all are, then they are released
-- (queued) in batches. Times are Unix epoch milliseconds. Task id ranges: see tasks.sql.

-- name: PlanChunkState
-- Where a chunked plan stands, read under the write lock at the start of each of its steps: whether
-- the job is live and the planner (when it names itself) still holds the plan item (compare-and-set
-- on owner and attempt, as WorkLeaseRenew), whether the stage row stands (the stage is marked
-- planned), and the job's task timeout, which its tasks carry.
SELECT EXISTS (SELECT 1 FROM jobs WHERE job_id = @job_id AND status IN ('queued', 'processing'))
       AND (@worker IS NULL OR EXISTS (
           SELECT 1 FROM job_work
           WHERE job_id = @job_id AND kind = 'plan' AND stage = @stage AND lease_owner = @worker AND attempts = @attempt)) AS held,
       EXISTS (SELECT 1 FROM stages WHERE job_id = @job_id AND stage = @stage) AS marked,
       (SELECT task_timeout FROM jobs WHERE job_id = @job_id) AS task_timeout;

-- name: TaskPendingInsert
-- One task of a chunk, as TasksInsert writes it but pending: the claim index covers queued tasks
-- only, so no worker sees it until its stage is marked planned and it is released.
INSERT INTO tasks (task_id, job_id, stage, ordinal, task_key, task_type, parameters, status,
                   attempts, max_attempts, visible_at, created_at, timeout)
VALUES (@task_id, @job_id, @stage, @ordinal, @task_key, @task_type, @parameters, 'pending',
        0, @max_attempts, @now, @now, @timeout);

-- name: TasksPendingDiscard
-- Up to @limit pending tasks an unfinished plan of an unmarked stage left (its planner died or
-- lost its lease): deleted a bounded batch at a time before the stage is planned again.
DELETE FROM tasks
WHERE task_id IN (
    SELECT task_id FROM tasks
    WHERE task_id >= @task_id_from AND task_id < @task_id_to
      AND job_id = @job_id AND stage = @stage AND status = 'pending'
    LIMIT @limit);

-- name: StageInsertPlanned
-- The stage row of a chunked plan, with its counts at once: it is inserted only after every task
-- is written, so no reader sees a stage whose tasks are still being written. The key refuses a
-- second row, as StageInsert's does.
INSERT INTO stages (job_id, stage, task_count, remaining, planned_at, completed_at, failures_allowed)
VALUES (@job_id, @stage, @task_count, @task_count, @now, NULL, @failures_allowed)
ON CONFLICT (job_id, stage) DO NOTHING
RETURNING stage;

-- name: TasksPendingRelease
-- Makes up to @limit pending tasks of a marked stage runnable, in task id order after @after (the
-- last id of the previous batch), so each batch starts where the last ended: one range of the
-- primary key per batch, not a scan from the stage's first task. The ids come back for the next @after.
UPDATE tasks
SET status = 'queued', visible_at = @now
WHERE task_id IN (
    SELECT task_id FROM tasks
    WHERE task_id > coalesce(@after, @task_id_from)
      AND task_id < @task_id_to
      AND job_id = @job_id AND stage = @stage AND status = 'pending'
    ORDER BY task_id
    LIMIT @limit)
RETURNING task_id;

-- name: TasksPendingDeleteUnmarked
-- A job that ends (cancelled, failed) while a stage of it is being planned in chunks: the tasks
-- written so far belong to no stage row, so they are deleted rather than cancelled (a cancelled
-- task of a stage never planned would count nowhere). Pending tasks of a marked stage are counted
-- by it and are cancelled with its queued ones (TasksCancelForJob).
DELETE FROM tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND status = 'pending'
  AND NOT EXISTS (SELECT 1 FROM stages s WHERE s.job_id = tasks.job_id AND s.stage = tasks.stage);
