-- Progress queries for front ends that watch jobs. {schema} is the validated, quoted schema name.

-- name: WorkerActivity
-- The latest mark any worker left. A live lease (a task running, a control item held) means a
-- worker is there now: it renews the lease for as long as it works, however long the task runs.
-- Otherwise the newest stage or job event a worker wrote ('submitted' is written by submitters).
-- Both probes are index scans that stop at the first row.
SELECT now(), greatest(
    (SELECT now() FROM {schema}.tasks WHERE status = 'processing' AND lease_expires_at > now() LIMIT 1),
    (SELECT now() FROM {schema}.job_work WHERE lease_expires_at > now() LIMIT 1),
    (SELECT occurred_at FROM {schema}.job_events WHERE kind <> 'submitted' ORDER BY event_id DESC LIMIT 1));

-- name: JobProgressList
-- The current stage counter of each listed job (the stages primary key) and, for a live job, the
-- progress its processing tasks last reported, in tasks (percent summed / 100). The running tasks
-- are read once for the whole call, as a set of their own: every processing task, through
-- tasks_lease_idx (as many as the workers run), never a range of a stage's tasks, which a
-- million-task stage would make slow. A job whose stage is not planned yields no row.
WITH wanted AS (
    SELECT * FROM unnest(@job_ids::text[], @stages::integer[], @live::boolean[]) AS p(job_id, stage, live)
), running AS MATERIALIZED (
    SELECT job_id, stage, sum(progress_percent)::float8 / 100 AS running
    FROM {schema}.tasks
    WHERE status = 'processing'
    GROUP BY job_id, stage
)
SELECT s.job_id AS JobId, s.stage AS Stage, s.task_count AS TaskCount, s.remaining AS Remaining,
       CASE WHEN p.live THEN coalesce(r.running, 0) ELSE 0 END AS Running
FROM wanted p
JOIN {schema}.stages s ON s.job_id = p.job_id AND s.stage = p.stage
LEFT JOIN running r ON r.job_id = p.job_id AND r.stage = p.stage;
