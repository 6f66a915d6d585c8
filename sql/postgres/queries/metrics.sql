-- Measurement queries for `geoorch bench`. {schema} is the validated, quoted schema name.

-- name: MetricsStageSpan
-- From the commit of a stage's plan to the commit that completed it (event times are clock times).
SELECT extract(epoch FROM (c.occurred_at - p.occurred_at))::float8
FROM {schema}.job_events p
JOIN {schema}.job_events c ON c.job_id = p.job_id AND c.stage = p.stage AND c.kind = 'stage_completed'
WHERE p.job_id = @job_id AND p.stage = @stage AND p.kind = 'stage_planned';

-- name: MetricsPlanSpan
-- From submission to the end of planning stage 1.
SELECT extract(epoch FROM (p.occurred_at - j.created_at))::float8
FROM {schema}.jobs j
JOIN {schema}.job_events p ON p.job_id = j.job_id AND p.stage = 1 AND p.kind = 'stage_planned'
WHERE j.job_id = @job_id;

-- name: MetricsHandoffs
-- Per stage boundary: last task of stage S completed -> first task of stage S+1 started, in ms.
SELECT extract(epoch FROM (min(n.started_at) - max(t.completed_at)))::float8 * 1000
FROM {schema}.tasks t
JOIN {schema}.tasks n ON n.job_id = t.job_id AND n.stage = t.stage + 1
WHERE t.job_id = @job_id
GROUP BY t.stage
ORDER BY t.stage;

-- name: MetricsRetryDelays
-- Per retried task, in ms: from the moment its last retry fell due (visible_at, which the failure
-- set on the database clock) to the claim that took it (claimed_at). How long a due retry waited.
SELECT extract(epoch FROM (claimed_at - visible_at))::float8 * 1000
FROM {schema}.tasks
WHERE task_id >= @task_id_from AND task_id < @task_id_to
  AND job_id = @job_id AND attempts > 1 AND claimed_at IS NOT NULL;

-- name: MetricsCommits
SELECT xact_commit FROM pg_stat_database WHERE datname = current_database();

-- name: MetricsDropSchema
DROP SCHEMA IF EXISTS {schema} CASCADE;
