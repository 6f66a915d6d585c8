-- GeoOrchestration schema, version 18: the ready rows as the outbox of a message transport (issue 19).
-- {schema} is the one place the (validated, quoted) schema name enters.
--
-- A message names one attempt of one work item (WorkAttempt: kind, job, stage, task, turn) and a
-- worker claims exactly that attempt (WorkClaimNamed, compare-and-set on the turn). The relay lists
-- what is ready and not dispatched, sends it, and marks it (OutboxList, OutboxMark in outbox.sql).

-- A task's turn rises each time the task becomes queued, whichever statement does it (a retry, a
-- hand-back, a rescued lease, a job retry, a pending task released): a new turn is a new message,
-- which duplicate detection lets through, and a message of a past turn claims nothing. A planned task
-- is inserted queued at turn 1 (the default: nothing per row of a plan's COPY). `queued_at` is when
-- the current turn became queued (NULL: when the task was created); `dispatched_at` is when the
-- current turn was sent (NULL: not yet). A turn passes only while a task is not processing, so with
-- the turn (unchanged by claim and completion) it says which turn was dispatched.
ALTER TABLE {schema}.tasks
    ADD COLUMN turn          integer NOT NULL DEFAULT 1 CHECK (turn >= 1),
    ADD COLUMN queued_at     timestamptz,
    ADD COLUMN dispatched_at timestamptz;

-- A trigger, not every requeueing statement: a statement added later cannot forget it. It fires only
-- for rows entering 'queued' (the WHEN clause is checked without calling the function), so claims,
-- completions and heartbeats, the hot path, never call it. It runs before the row is written, so the
-- new values go in with the row version the statement writes anyway.
CREATE FUNCTION {schema}.tasks_next_turn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.turn := OLD.turn + 1;
    NEW.queued_at := now();
    NEW.dispatched_at := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER tasks_next_turn
    BEFORE UPDATE OF status ON {schema}.tasks
    FOR EACH ROW
    WHEN (NEW.status = 'queued' AND OLD.status <> 'queued')
    EXECUTE FUNCTION {schema}.tasks_next_turn();

-- The outbox: queued turns not dispatched, in the order they became ready. With the database
-- transport nothing is ever marked, so this holds every queued task, as tasks_claim_idx does: one
-- index entry per task planned or requeued (measured in the report of issue 19; claims and completions
-- write rows that fail the predicate, so they add nothing here).
CREATE INDEX tasks_outbox_idx ON {schema}.tasks ((coalesce(queued_at, created_at)))
    WHERE status = 'queued' AND dispatched_at IS NULL;

-- Dispatched turns still unclaimed, oldest first: the sweeper re-sends those whose message was lost or
-- dead-lettered. Only marked rows are in it, so the database transport never writes an entry.
CREATE INDEX tasks_dispatched_idx ON {schema}.tasks (dispatched_at)
    WHERE status = 'queued' AND dispatched_at IS NOT NULL;

-- A control item's turn is the claim attempt it would be (attempts + 1): a claim ends the turn, and a
-- lease that expired leaves the next turn ready. The dispatched mark names the turn sent. job_work
-- holds only pending steps (a handful per live job), so it is read without an index of its own.
ALTER TABLE {schema}.job_work
    ADD COLUMN dispatched_turn integer,
    ADD COLUMN dispatched_at   timestamptz;
