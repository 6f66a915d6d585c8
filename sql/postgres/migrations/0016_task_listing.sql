-- GeoOrchestration schema, version 16: a job's tasks listed page by page, filtered by status.
-- {schema} is the one place the (validated, quoted) schema name enters.

-- `job tasks` and Get-GeoTask read a job's tasks in stage and plan order, a page at a time from
-- the last task shown (keyset paging), optionally of one status. The primary key finds a job's
-- tasks (a range of task ids) but not in plan order, so every page sorted the whole job. This
-- index seeks straight to a page: per status, in (stage, ordinal) order; TaskList merges the
-- statuses. It leaves out processing tasks: a claim, every lease renewal and a release rewrite a
-- processing row, and a partial index whose predicate the new row version fails takes no entry
-- for it, so the drain pays one entry per task at planning and one at its end, none per
-- heartbeat. Processing tasks are few (as many as the workers run) and come from tasks_lease_idx.
CREATE INDEX tasks_listing_idx ON {schema}.tasks (job_id, status, stage, ordinal) WHERE status <> 'processing';
