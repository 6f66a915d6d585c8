-- Read-only views of a job's progress for operators and the conformance suite: its stage counters
-- and pending control work (its events: events.sql). Times are Unix epoch milliseconds.

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
