-- Leases seen from outside their holder. {schema} is the validated, quoted schema name.

-- name: LeasesElsewhere
-- What other workers hold: an idle worker counts it as work that may come back (a holder that died
-- leaves its leases to expire, and a janitor then queues the tasks again). Processing tasks are
-- counted with expired leases too, until a janitor takes them back; a control item whose lease
-- expired is claimable at once (WorkClaim takes it), so only unexpired ones count. The tasks come
-- from the partial lease index (processing tasks only, as many as the fleet runs), the control
-- items from job_work, which holds only pending steps.
SELECT count(*) FILTER (WHERE kind = 'task')::integer AS tasks,
       count(*) FILTER (WHERE kind = 'control')::integer AS control_items,
       count(DISTINCT job_id)::integer AS jobs,
       min(job_id) AS job_id,
       extract(epoch FROM max(lease_expires_at) - coalesce(@now::timestamptz, now()))::float8 AS last_expires_in
FROM (SELECT 'task' AS kind, job_id, lease_expires_at FROM {schema}.tasks
      WHERE status = 'processing' AND lease_expires_at IS NOT NULL AND lease_owner <> @worker
      UNION ALL
      SELECT 'control', job_id, lease_expires_at FROM {schema}.job_work
      WHERE lease_expires_at > coalesce(@now::timestamptz, now()) AND lease_owner <> @worker) AS held;
