-- Read-only views of a job's progress for operators and the conformance suite: its audit events,
-- its stage counters, and pending control work. {schema} is the validated, quoted schema name.

-- name: JobEventList
-- In the order written (event_id is an identity): one job's rows of job_events_job_idx.
SELECT job_id, stage, kind, detail::text, occurred_at
FROM {schema}.job_events
WHERE job_id = @job_id
  AND (@kind::text IS NULL OR kind = @kind::text)
  AND (@stage::integer IS NULL OR stage = @stage::integer)
ORDER BY event_id;

-- name: StageList
SELECT job_id, stage, task_count, remaining, planned_at, completed_at, advanced_at
FROM {schema}.stages
WHERE job_id = @job_id
ORDER BY stage;

-- name: WorkList
SELECT job_id, kind, stage, attempts, lease_owner, visible_at, lease_expires_at
FROM {schema}.job_work
WHERE @job_id::text IS NULL OR job_id = @job_id::text
ORDER BY job_id, kind COLLATE "C", stage;
