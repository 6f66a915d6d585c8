-- Measurement queries for `geoorch bench` on the SQLite store. Times are the store's own clock in
-- Unix epoch milliseconds (whole milliseconds: finer spans read as 0 or 1 ms).

-- name: MetricsStageSpan
-- From the commit of a stage's plan to the commit that completed it, in seconds.
SELECT (c.occurred_at - p.occurred_at) / 1000.0
FROM job_events p
JOIN job_events c ON c.job_id = p.job_id AND c.stage = p.stage AND c.kind = 'stage_completed'
WHERE p.job_id = @job_id AND p.stage = @stage AND p.kind = 'stage_planned';

-- name: MetricsPlanSpan
-- From submission to the end of planning stage 1, in seconds.
SELECT (p.occurred_at - j.created_at) / 1000.0
FROM jobs j
JOIN job_events p ON p.job_id = j.job_id AND p.stage = 1 AND p.kind = 'stage_planned'
WHERE j.job_id = @job_id;

-- name: MetricsHandoffs
-- Per stage boundary: last task of stage S completed -> first task of stage S+1 started, in ms.
-- The task id range (see tasks.sql) keeps both sides on the primary key.
SELECT CAST(min(n.started_at) - max(t.completed_at) AS REAL)
FROM tasks t
JOIN tasks n ON n.task_id >= @task_id_from AND n.task_id < @task_id_to
            AND n.job_id = t.job_id AND n.stage = t.stage + 1
WHERE t.task_id >= @task_id_from AND t.task_id < @task_id_to
  AND t.job_id = @job_id
GROUP BY t.stage
ORDER BY t.stage;

-- name: MetricsRetryDelays
-- Per retried task, in ms: from the moment its last retry fell due (visible_at, which the failure
-- set on the store's clock) to the claim that took it (claimed_at). How long a due retry waited.
SELECT CAST(claimed_at - visible_at AS REAL)
FROM tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND attempts > 1 AND claimed_at IS NOT NULL;
