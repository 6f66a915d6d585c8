-- Read-only views of a job's progress for operators and the conformance suite: its audit events,
-- its stage counters, and pending control work. Times are Unix epoch milliseconds.

-- name: JobEventList
-- In the order written (event_id is the rowid): one job's rows of job_events_job_idx.
SELECT job_id, stage, kind, detail, occurred_at
FROM job_events
WHERE job_id = @job_id
  AND (@kind IS NULL OR kind = @kind)
  AND (@stage IS NULL OR stage = @stage)
ORDER BY event_id;

-- name: StageList
SELECT job_id, stage, task_count, remaining, planned_at, completed_at, advanced_at
FROM stages
WHERE job_id = @job_id
ORDER BY stage;

-- name: WorkList
SELECT job_id, kind, stage, attempts, lease_owner, visible_at, lease_expires_at
FROM job_work
WHERE @job_id IS NULL OR job_id = @job_id
ORDER BY job_id, kind, stage;
