-- Job queries. {schema} is the validated, quoted schema name; @now is NULL except where a test pins time.

-- name: JobSubmit
-- Insert the job and its first work item in one statement. ON CONFLICT DO NOTHING waits for a
-- concurrent submitter of the same job to commit, so the loser sees no row and reads the winner's.
WITH inserted AS (
    INSERT INTO {schema}.jobs (job_id, job_type, parameters, status, stage, total_stages, created_at, updated_at)
    VALUES (@job_id, @job_type, @parameters::jsonb, 'queued', 1, @total_stages,
            coalesce(@now::timestamptz, now()), coalesce(@now::timestamptz, now()))
    ON CONFLICT (job_id) DO NOTHING
    RETURNING *
), work AS (
    INSERT INTO {schema}.job_work (job_id, kind, stage, visible_at, created_at)
    SELECT job_id, 'plan', 1, created_at, created_at FROM inserted
), event AS (
    INSERT INTO {schema}.job_events (job_id, stage, kind, occurred_at)
    SELECT job_id, NULL, 'submitted', created_at FROM inserted
)
SELECT job_id, job_type, parameters::text, status, stage, total_stages, result::text, error,
       created_at, updated_at, completed_at, pg_notify(@channel, 'job')::text
FROM inserted;

-- name: JobGet
SELECT job_id, job_type, parameters::text, status, stage, total_stages, result::text, error,
       created_at, updated_at, completed_at
FROM {schema}.jobs WHERE job_id = @job_id;

-- name: JobList
SELECT job_id, job_type, parameters::text, status, stage, total_stages, result::text, error,
       created_at, updated_at, completed_at
FROM {schema}.jobs
WHERE (@status::text IS NULL OR status = @status::text)
  AND (@job_type::text IS NULL OR job_type = @job_type::text)
ORDER BY created_at DESC, job_id
LIMIT @limit;

-- name: JobMarkProcessing
-- greatest(): a late, redelivered plan item of an earlier stage must not move the job backwards.
UPDATE {schema}.jobs
SET status = 'processing', stage = greatest(stage, @stage), updated_at = coalesce(@now::timestamptz, now())
WHERE job_id = @job_id AND status IN ('queued', 'processing')
RETURNING job_id;

-- name: JobComplete
-- Compare-and-set: only a processing job can be finalised, so a second finalize is a reported no-op.
UPDATE {schema}.jobs
SET status = @status, result = @result::jsonb, updated_at = coalesce(@now::timestamptz, now()),
    completed_at = coalesce(@now::timestamptz, now())
WHERE job_id = @job_id AND status = 'processing'
RETURNING job_id;

-- name: JobFail
UPDATE {schema}.jobs
SET status = 'failed', error = @error, updated_at = coalesce(@now::timestamptz, now()),
    completed_at = coalesce(@now::timestamptz, now())
WHERE job_id = @job_id AND status IN ('queued', 'processing')
RETURNING job_id;

-- name: JobEventInsert
INSERT INTO {schema}.job_events (job_id, stage, kind, detail, occurred_at)
VALUES (@job_id, @stage, @kind, @detail::jsonb, coalesce(@now::timestamptz, now()));

-- name: JobEventCount
SELECT count(*) FROM {schema}.job_events WHERE job_id = @job_id AND kind = @kind AND (@stage::integer IS NULL OR stage = @stage::integer);
