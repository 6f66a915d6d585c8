-- Read-only views of a job's progress, for operators and for the conformance suite, which asserts
-- through them instead of through SQL of its own. Columns are named as the row types' properties
-- (Core Store/Rows), which Dapper maps by name. {schema} is the validated, quoted schema name.
-- Each reads one range of an index in its order: the job's prefix of a primary key, so a job's rows
-- cost the same however many other jobs there are. Its events are read in events.sql.

-- name: StageList
-- The job's prefix of the primary key (job_id, stage), in stage order.
SELECT job_id AS JobId, stage AS Stage, task_count AS TaskCount, remaining AS Remaining, planned_at AS PlannedAt,
       completed_at AS CompletedAt, advanced_at AS AdvancedAt, failed AS Failed, failures_allowed AS FailuresAllowed
FROM {schema}.stages
WHERE job_id = @job_id
ORDER BY stage;

-- name: WorkListForJob
-- The job's prefix of the primary key (job_id, kind, stage), in key order.
SELECT job_id AS JobId, kind AS Kind, stage AS Stage, attempts AS Attempts, lease_owner AS LeaseOwner,
       visible_at AS VisibleAt, lease_expires_at AS LeaseExpiresAt
FROM {schema}.job_work
WHERE job_id = @job_id
ORDER BY job_id, kind, stage;

-- name: WorkList
-- Every job's items, in primary key order. A query of its own rather than an optional job filter:
-- a prepared statement's generic plan cannot use the key for "@job_id IS NULL OR job_id = @job_id".
SELECT job_id AS JobId, kind AS Kind, stage AS Stage, attempts AS Attempts, lease_owner AS LeaseOwner,
       visible_at AS VisibleAt, lease_expires_at AS LeaseExpiresAt
FROM {schema}.job_work
ORDER BY job_id, kind, stage;
