-- Read-only views of a job's progress for operators and the conformance suite: its audit events,
-- its stage counters, and pending control work. Times are Unix epoch milliseconds.

-- name: JobEventList
-- In the order written (event_id is the rowid): one job's rows of job_events_job_idx.
SELECT job_id AS JobId, stage AS Stage, kind AS Kind, detail AS Detail, occurred_at AS OccurredAt
FROM job_events
WHERE job_id = @job_id
  AND (@kind IS NULL OR kind = @kind)
  AND (@stage IS NULL OR stage = @stage)
ORDER BY event_id;

-- name: StageList
SELECT job_id AS JobId, stage AS Stage, task_count AS TaskCount, remaining AS Remaining, planned_at AS PlannedAt,
       completed_at AS CompletedAt, advanced_at AS AdvancedAt, failed AS Failed, failures_allowed AS FailuresAllowed
FROM stages
WHERE job_id = @job_id
ORDER BY stage;

-- name: WorkList
SELECT job_id AS JobId, kind AS Kind, stage AS Stage, attempts AS Attempts, lease_owner AS LeaseOwner,
       visible_at AS VisibleAt, lease_expires_at AS LeaseExpiresAt
FROM job_work
WHERE @job_id IS NULL OR job_id = @job_id
ORDER BY job_id, kind, stage;
