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
