-- Totals of the listings (Get-GeoJob / Get-GeoTask -IncludeTotalCount): the filters of JobList and
-- TaskList without their cursors and limits, counted by the store.

-- name: JobCount
SELECT count(*) FROM {schema}.jobs
WHERE (@status::text IS NULL OR status = @status::text)
  AND (@job_type::text IS NULL OR job_type = @job_type::text)
  AND (@since::timestamptz IS NULL OR created_at >= @since::timestamptz)
  AND (@request_id::text IS NULL OR request_id = @request_id::text);

-- name: TaskCount
SELECT count(*) FROM {schema}.tasks
WHERE job_id = @job_id AND (@status::text IS NULL OR status = @status::text)
  AND stage >= @from_stage::integer AND stage <= @to_stage::integer;
