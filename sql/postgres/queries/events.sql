-- The audit trail: a job's events, read in the store's order. {schema} is the validated, quoted
-- schema name. Columns are named as JobEventRow's properties, which Dapper maps by name.

-- name: JobEventList
-- One seek into job_events_job_order_idx: the job's events after the cursor (xact, event_id), in
-- that order (migration 0022 says why the writing transaction comes first). Kinds and stage narrow
-- within the job's range. @settled (a follower's read) keeps only the events of transactions older
-- than the oldest one still running: every one of those has ended, so no event can commit later
-- that sorts before the last one returned. pg_current_snapshot() is this statement's own snapshot,
-- the one the rows are read in. A null @limit is no limit.
SELECT job_id AS JobId, stage AS Stage, kind AS Kind, detail::text AS Detail, occurred_at AS OccurredAt,
       xact::text::bigint AS Xact, event_id AS EventId
FROM {schema}.job_events
WHERE job_id = @job_id
  AND (xact, event_id) > (@after_xact::text::xid8, @after_id::bigint)
  AND (@kinds::text[] IS NULL OR kind = ANY (@kinds::text[]))
  AND (@stage::integer IS NULL OR stage = @stage::integer)
  AND (NOT @settled::boolean OR xact < pg_snapshot_xmin(pg_current_snapshot()))
ORDER BY xact, event_id
LIMIT @limit::integer;
