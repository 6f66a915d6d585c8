-- The outbox of a message transport (migration 0018): ready attempts listed, marked as dispatched,
-- and claimed by name. {schema} is the validated, quoted schema name; @now is NULL except where a
-- test pins time. A task's turn is its `turn` column; a control item's is attempts + 1.

-- name: OutboxList
-- Undispatched attempts and, with @stranded_after, dispatched ones still unclaimed that long after
-- their send, oldest first, at most @limit. Each branch reads at most @limit rows in the order of its
-- index, the @ready_for bound a range of it: later turns through tasks_outbox_idx, first turns through
-- tasks_claim_idx, stranded ones through tasks_dispatched_idx; control items from job_work (pending steps only).
-- A control item is ready while its lease is free: since it was enqueued, or since its last lease expired.
-- ready_for: how long since it became ready (or, stranded, since it was sent); due_in: until it may run.
WITH control AS (
    SELECT w.kind, w.job_id, w.stage, NULL::text AS task_id, w.attempts + 1 AS turn,
           greatest(w.visible_at - coalesce(@now::timestamptz, now()), interval '0') AS due_in,
           coalesce(@now::timestamptz, now()) - CASE WHEN w.dispatched_turn IS NOT DISTINCT FROM w.attempts + 1 THEN w.dispatched_at
                        ELSE coalesce(w.lease_expires_at, w.visible_at) END AS ready_for
    FROM {schema}.job_work w
    WHERE (w.lease_expires_at IS NULL OR w.lease_expires_at < coalesce(@now::timestamptz, now()))
      AND CASE WHEN w.dispatched_turn IS NOT DISTINCT FROM w.attempts + 1
               THEN @stranded_after::interval IS NOT NULL AND w.dispatched_at <= coalesce(@now::timestamptz, now()) - @stranded_after::interval
               ELSE coalesce(w.lease_expires_at, w.visible_at) <= coalesce(@now::timestamptz, now()) - @ready_for::interval END
), requeued AS (
    SELECT 'task'::text AS kind, t.job_id, t.stage, t.task_id, t.turn,
           greatest(t.visible_at - coalesce(@now::timestamptz, now()), interval '0') AS due_in,
           coalesce(@now::timestamptz, now()) - coalesce(t.queued_at, t.created_at) AS ready_for
    FROM {schema}.tasks t
    WHERE t.status = 'queued' AND t.dispatched_at IS NULL AND t.turn > 1
      AND coalesce(t.queued_at, t.created_at) <= coalesce(@now::timestamptz, now()) - @ready_for::interval
    ORDER BY coalesce(t.queued_at, t.created_at)
    LIMIT @limit
), planned AS (
    -- First turns through tasks_claim_idx (see migration 0019): ready since visible_at, their
    -- creation. The dispatched ones it passes are read and skipped, so a sweep costs as much as the
    -- queue is deep (a relay marks what it sends at once; what a sweep finds is what a relay missed).
    SELECT 'task'::text AS kind, t.job_id, t.stage, t.task_id, t.turn,
           interval '0' AS due_in,
           coalesce(@now::timestamptz, now()) - t.visible_at AS ready_for
    FROM {schema}.tasks t
    WHERE t.status = 'queued' AND t.visible_at <= coalesce(@now::timestamptz, now()) - @ready_for::interval
      AND t.dispatched_at IS NULL AND t.turn = 1
    ORDER BY t.visible_at
    LIMIT @limit
), stranded AS (
    SELECT 'task'::text AS kind, t.job_id, t.stage, t.task_id, t.turn,
           greatest(t.visible_at - coalesce(@now::timestamptz, now()), interval '0') AS due_in,
           coalesce(@now::timestamptz, now()) - t.dispatched_at AS ready_for
    FROM {schema}.tasks t
    WHERE @stranded_after::interval IS NOT NULL
      AND t.status = 'queued' AND t.dispatched_at IS NOT NULL
      AND t.dispatched_at <= coalesce(@now::timestamptz, now()) - @stranded_after::interval
    ORDER BY t.dispatched_at
    LIMIT @limit
)
SELECT kind, job_id, stage, task_id, turn, due_in, ready_for
FROM (SELECT * FROM control UNION ALL SELECT * FROM requeued UNION ALL SELECT * FROM planned UNION ALL SELECT * FROM stranded) AS ready
ORDER BY ready_for DESC, job_id, stage, task_id NULLS FIRST
LIMIT @limit;

-- name: OutboxMarkTasks
-- Compare-and-set on the turn: a task claimed, done or queued again (a newer turn) since it was
-- listed keeps its own mark. Marking a stranded turn again restarts its wait.
UPDATE {schema}.tasks t
SET dispatched_at = coalesce(@now::timestamptz, now())
FROM unnest(@task_ids::text[], @turns::integer[]) AS m(task_id, turn)
WHERE t.task_id = m.task_id AND t.turn = m.turn AND t.status = 'queued';

-- name: OutboxMarkControl
-- The same for control items: the turn is still the next claim and no lease holds the item.
UPDATE {schema}.job_work w
SET dispatched_turn = m.turn, dispatched_at = coalesce(@now::timestamptz, now())
FROM unnest(@job_ids::text[], @kinds::text[], @stages::integer[], @turns::integer[]) AS m(job_id, kind, stage, turn)
WHERE w.job_id = m.job_id AND w.kind = m.kind AND w.stage = m.stage AND w.attempts + 1 = m.turn
  AND (w.lease_expires_at IS NULL OR w.lease_expires_at < coalesce(@now::timestamptz, now()));

-- name: WorkClaimNamedControl
-- The named control items whose turn is still the next claim and whose lease is free, under the same
-- lease as WorkClaim (compare-and-set: of two claims of one turn, the second finds attempts moved on).
-- Not their visible_at: the message's delivery was the wait. Columns as WorkClaim's.
UPDATE {schema}.job_work w
SET lease_owner = @worker, lease_expires_at = coalesce(@now::timestamptz, now()) + @lease, attempts = w.attempts + 1
FROM unnest(@job_ids::text[], @kinds::text[], @stages::integer[], @turns::integer[]) AS n(job_id, kind, stage, turn),
     {schema}.jobs j
WHERE w.job_id = n.job_id AND w.kind = n.kind AND w.stage = n.stage AND w.attempts + 1 = n.turn
  AND (w.lease_expires_at IS NULL OR w.lease_expires_at < coalesce(@now::timestamptz, now()))
  AND j.job_id = w.job_id
RETURNING w.job_id, w.kind, w.stage, j.job_type, j.parameters::text, j.status, j.total_stages, w.attempts, j.traceparent, j.tracestate;

-- name: WorkClaimNamedTasks
-- The named tasks still queued at the named turn, under the same lease as TaskClaim. No SKIP LOCKED:
-- a second claim of the same turn waits for the first and then finds the task processing (or, had the
-- first rolled back, claims it). Not visible_at: a retry's message was scheduled for its due time.
-- Columns as TaskClaim's.
UPDATE {schema}.tasks t
SET status = 'processing', attempts = t.attempts + 1, lease_owner = @worker,
    lease_expires_at = coalesce(@now::timestamptz, now()) + @lease,
    lease_duration = @lease,
    claimed_at = coalesce(@now::timestamptz, now()),
    started_at = coalesce(t.started_at, coalesce(@now::timestamptz, now()))
FROM unnest(@task_ids::text[], @turns::integer[]) AS n(task_id, turn), {schema}.jobs j
WHERE t.task_id = n.task_id AND t.turn = n.turn AND t.status = 'queued' AND j.job_id = t.job_id
RETURNING t.task_id, t.job_id, t.stage, t.task_key, t.task_type, t.parameters::text, t.attempts, t.max_attempts,
          t.timeout, j.status, j.traceparent, j.tracestate;

-- name: OutboxBacklog
-- What waits undispatched now (scheduled retries not yet due left out), for one job or all: the count
-- and how long the oldest has waited. Later turns through tasks_outbox_idx, first turns through
-- tasks_claim_idx (O(queued tasks): for a front end's report, not a hot path).
WITH waiting AS (
    SELECT coalesce(t.queued_at, t.created_at) AS since
    FROM {schema}.tasks t
    WHERE t.status = 'queued' AND t.dispatched_at IS NULL AND t.turn > 1 AND t.visible_at <= coalesce(@now::timestamptz, now())
      AND (@job_id::text IS NULL OR t.job_id = @job_id::text)
    UNION ALL
    SELECT t.visible_at
    FROM {schema}.tasks t
    WHERE t.status = 'queued' AND t.visible_at <= coalesce(@now::timestamptz, now()) AND t.dispatched_at IS NULL AND t.turn = 1
      AND (@job_id::text IS NULL OR t.job_id = @job_id::text)
    UNION ALL
    SELECT coalesce(w.lease_expires_at, w.visible_at)
    FROM {schema}.job_work w
    WHERE (w.lease_expires_at IS NULL OR w.lease_expires_at < coalesce(@now::timestamptz, now()))
      AND w.dispatched_turn IS DISTINCT FROM w.attempts + 1 AND w.visible_at <= coalesce(@now::timestamptz, now())
      AND (@job_id::text IS NULL OR w.job_id = @job_id::text)
)
SELECT count(*), max(coalesce(@now::timestamptz, now()) - since) FROM waiting;
