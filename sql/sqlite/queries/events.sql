-- The audit trail: a job's events, read in the store's order. Times are Unix epoch milliseconds.
-- Columns are named as JobEventRow's properties, which Dapper maps by name.

-- name: JobEventList
-- One seek into job_events_job_idx: the job's events after the cursor, in the order written.
-- event_id is the rowid, and SQLite commits one writer at a time in the order it assigns them, so a
-- follower reading after the last id it got misses nothing: Xact is always 0 and @settled changes
-- nothing here. Kinds (a JSON array of names) and stage narrow within the job's range; a null @limit
-- is no limit (-1).
SELECT job_id AS JobId, stage AS Stage, kind AS Kind, detail AS Detail, occurred_at AS OccurredAt,
       0 AS Xact, event_id AS EventId
FROM job_events
WHERE job_id = @job_id
  AND event_id > @after_id
  AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
  AND (@stage IS NULL OR stage = @stage)
ORDER BY event_id
LIMIT coalesce(@limit, -1);
