-- Read-only views of a job's progress for operators and the conformance suite: its audit events,
-- its stage counters, and pending control work. {schema} is the validated, quoted schema name.

-- name: JobEventList
-- In the order written (event_id is an identity): one job's rows of job_events_job_idx.
SELECT job_id AS JobId, stage AS Stage, kind AS Kind, detail::text AS Detail, occurred_at AS OccurredAt
FROM {schema}.job_events
WHERE job_id = @job_id
  AND (@kind::text IS NULL OR kind = @kind::text)
  AND (@stage::integer IS NULL OR stage = @stage::integer)
ORDER BY event_id;

-- name: StageList
SELECT job_id AS JobId, stage AS Stage, task_count AS TaskCount, remaining AS Remaining, planned_at AS PlannedAt,
       completed_at AS CompletedAt, advanced_at AS AdvancedAt
FROM {schema}.stages
WHERE job_id = @job_id
ORDER BY stage;

-- name: WorkList
SELECT job_id AS JobId, kind AS Kind, stage AS Stage, attempts AS Attempts, lease_owner AS LeaseOwner,
       visible_at AS VisibleAt, lease_expires_at AS LeaseExpiresAt
FROM {schema}.job_work
WHERE @job_id::text IS NULL OR job_id = @job_id::text
ORDER BY job_id, kind COLLATE "C", stage;
