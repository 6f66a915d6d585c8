-- GeoOrchestration schema for SQLite, version 16: a job's tasks listed page by page, filtered by
-- status, as sql/migrations/0016 adds it on PostgreSQL.

-- `job tasks` and Get-GeoTask read a job's tasks in stage and plan order, a page at a time from
-- the last task shown (keyset paging), optionally of one status. The primary key finds a job's
-- tasks (a range of task ids) but not in plan order, so every page sorted the whole job. This
-- index seeks straight to a page: per status, in (stage, ordinal) order; TaskList merges the
-- statuses. SQLite updates an index only when a column it holds changes, and a partial index only
-- when its predicate's columns do: leaving processing tasks out, a task's entry is written when it
-- is planned, removed when it is claimed and written again when it ends; heartbeats touch nothing.
-- Processing tasks are few (as many as the workers run) and come from tasks_lease_idx. A query
-- uses the index only when its WHERE repeats the predicate (status <> 'processing').
CREATE INDEX tasks_listing_idx ON tasks (job_id, status, stage, ordinal) WHERE status <> 'processing';
