-- Totals of the listings (Get-GeoJob / Get-GeoTask -IncludeTotalCount): the filters of JobList and
-- TaskList without their cursors and limits, counted by the store.

-- name: JobCount
SELECT count(*) FROM jobs
WHERE (@status IS NULL OR status = @status)
  AND (@job_type IS NULL OR job_type = @job_type)
  AND (@since IS NULL OR created_at >= @since)
  AND (@request_id IS NULL OR request_id = @request_id);

-- name: TaskCount
SELECT count(*) FROM tasks
WHERE job_id = @job_id AND (@status IS NULL OR status = @status)
  AND stage >= @from_stage AND stage <= @to_stage;
