-- Retention queries of the SQLite store (migration 0020). Times and durations are milliseconds;
-- @now is the store's clock. Every prune statement is bounded (LIMIT) so that one batch, in one
-- BEGIN IMMEDIATE transaction, holds the file's write lock briefly.

-- name: RetentionGet
SELECT status, keep_for, updated_at FROM retention_policy;

-- name: RetentionSet
UPDATE retention_policy SET keep_for = @keep_for, updated_at = @now WHERE status = @status;

-- name: PruneCount
-- Ended jobs of one status older than the rule, through jobs_ended_idx; their tasks from the stage
-- counters (a primary-key read per job, never a scan of its tasks). Jobs being removed are counted
-- by PruneCountRemoving, so they are left out here.
SELECT count(*), coalesce(sum((SELECT sum(s.task_count) FROM stages s WHERE s.job_id = j.job_id)), 0)
FROM jobs j INDEXED BY jobs_ended_idx
WHERE j.status = @status AND j.completed_at IS NOT NULL AND j.completed_at <= @now - @older_than
  AND j.removing_at IS NULL;

-- name: PruneCountRemoving
SELECT count(*), coalesce(sum((SELECT sum(s.task_count) FROM stages s WHERE s.job_id = j.job_id)), 0)
FROM jobs j INDEXED BY jobs_removing_idx
WHERE j.removing_at IS NOT NULL;

-- name: PruneRemovingNext
-- A removal begun earlier (by this pass or one that was stopped): finished before a new one starts.
SELECT job_id FROM jobs INDEXED BY jobs_removing_idx WHERE removing_at IS NOT NULL ORDER BY removing_at, job_id LIMIT 1;

-- name: PruneCandidates
-- The oldest ended jobs of one status older than the rule: a seek in jobs_ended_idx.
SELECT job_id FROM jobs INDEXED BY jobs_ended_idx
WHERE status = @status AND completed_at IS NOT NULL AND completed_at <= @now - @older_than AND removing_at IS NULL
ORDER BY completed_at, job_id
LIMIT @limit;

-- name: PruneMark
-- Compare-and-set: only a job that has ended (with the status the rule names) and is not being
-- removed already, and none of whose tasks a handler still runs (a cancelled job's handlers stop at
-- their next heartbeat). Processing tasks are read through tasks_lease_idx (as many as the workers
-- run), never the job's range of tasks. From here a retry refuses the job (JobRetry).
UPDATE jobs SET removing_at = @now
WHERE job_id = @job_id AND status = @status AND completed_at IS NOT NULL AND removing_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM tasks t INDEXED BY tasks_lease_idx WHERE t.status = 'processing' AND t.job_id = @job_id)
RETURNING job_id;

-- name: PruneTasks
-- Up to @limit tasks of a job being removed: one range of the primary key.
DELETE FROM tasks WHERE task_id IN (
    SELECT task_id FROM tasks
    WHERE task_id >= @task_id_from AND task_id < @task_id_to AND job_id = @job_id
    LIMIT @limit);

-- name: PruneEvents
DELETE FROM job_events WHERE event_id IN (
    SELECT event_id FROM job_events WHERE job_id = @job_id ORDER BY event_id LIMIT @limit);

-- name: PruneJob
-- The job row last, once its tasks and events are gone: its stages and work items go by their
-- foreign keys' ON DELETE CASCADE (a few rows). Only a job whose removal began.
DELETE FROM jobs WHERE job_id = @job_id AND removing_at IS NOT NULL
RETURNING job_id;
