-- The audit trail: a job's events, read in the store's order. {schema} is the validated, quoted
-- schema name. Columns are named as JobEventRow's properties, which Dapper maps by name.

-- name: JobEventList
-- One seek into job_events_job_order_idx: the job's events after the cursor (xact, event_id), in
-- that order (migration 0022 says why the writing transaction comes first). Kinds and stage narrow
-- within the job's range. A null @limit is no limit. A follower reads with JobEventFollow instead.
SELECT job_id AS JobId, stage AS Stage, kind AS Kind, detail::text AS Detail, occurred_at AS OccurredAt,
       xact::text::bigint AS Xact, event_id AS EventId
FROM {schema}.job_events
WHERE job_id = @job_id
  AND (xact, event_id) > (@after_xact::text::xid8, @after_id::bigint)
  AND (@kinds::text[] IS NULL OR kind = ANY (@kinds::text[]))
  AND (@stage::integer IS NULL OR stage = @stage::integer)
ORDER BY xact, event_id
LIMIT @limit::integer;

-- name: JobEventFollow
-- A follower's read: the job's events committed since its last read, each once, whatever other
-- transactions run. The rule: a row is visible in this statement's snapshot (pg_current_snapshot(),
-- the one the rows are read in) exactly when its writing transaction (xact, the top-level xid the
-- row's default took) committed before it. So the events a follower has not had are those visible
-- now and not in @seen, the snapshot of its last finished read: those whose xact is at or past
-- @seen's xmax, or one of the transactions @seen saw running (its xip). Two seeks into
-- job_events_job_order_idx, not a scan of everything since @seen's xmin: a long transaction elsewhere
-- (pg_dump, an idle session) holds back no event and costs no re-read. A null @seen is "nothing read
-- yet": every event. When a read takes more than one batch (@limit), its later batches keep to the
-- events visible in its first one's snapshot (@reading) and after the last one returned (@after_*),
-- so the read returns one fixed set. The snapshot comes back on every row (one row of nulls when
-- there is no event), for the caller's next @seen or @reading.
SELECT now_.snapshot AS Snapshot, e.job_id AS JobId, e.stage AS Stage, e.kind AS Kind, e.detail::text AS Detail,
       e.occurred_at AS OccurredAt, e.xact::text::bigint AS Xact, e.event_id AS EventId
FROM (SELECT pg_current_snapshot()::text AS snapshot) now_
LEFT JOIN LATERAL (
    SELECT n.*
    FROM (
        SELECT * FROM {schema}.job_events
        WHERE job_id = @job_id
          AND xact >= coalesce(pg_snapshot_xmax(@seen::text::pg_snapshot), '0'::xid8)
          AND (xact, event_id) > (@after_xact::text::xid8, @after_id::bigint)
        UNION ALL
        SELECT * FROM {schema}.job_events
        WHERE job_id = @job_id
          AND xact = ANY (ARRAY(SELECT pg_snapshot_xip(@seen::text::pg_snapshot)))
          -- The cursor spelled out, not as a row comparison: that would take the index condition
          -- and leave the xip list a filter over the job's whole range.
          AND (xact > @after_xact::text::xid8 OR (xact = @after_xact::text::xid8 AND event_id > @after_id::bigint))
    ) n
    WHERE (@kinds::text[] IS NULL OR n.kind = ANY (@kinds::text[]))
      AND (@stage::integer IS NULL OR n.stage = @stage::integer)
      AND (@reading::text IS NULL OR pg_visible_in_snapshot(n.xact, @reading::text::pg_snapshot))
    ORDER BY n.xact, n.event_id
    LIMIT @limit::integer
) e ON true
ORDER BY e.xact, e.event_id;
