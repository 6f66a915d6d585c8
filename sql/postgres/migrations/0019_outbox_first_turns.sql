-- GeoOrchestration schema, version 19: the outbox index keeps only later turns (issue 19).
-- {schema} is the one place the (validated, quoted) schema name enters.

-- Migration 0018 indexed every undispatched queued task. The database transport never marks
-- anything, so that index took one entry per task of every plan's COPY: 200,000-row inserts took
-- ~20% longer (measured interleaved against the build before 0018). A first turn (a planned task)
-- is found through tasks_claim_idx instead, where it is ready since its visible_at (= created_at;
-- OutboxList's `planned` branch). Later turns (a retry, a hand-back, a rescue, a requeue: few) are
-- written by an UPDATE that writes every index of the row anyway, and keep this one, in the order
-- they became ready; a scheduled retry is in it from the moment it is scheduled.
DROP INDEX {schema}.tasks_outbox_idx;
CREATE INDEX tasks_outbox_idx ON {schema}.tasks ((coalesce(queued_at, created_at)))
    WHERE status = 'queued' AND dispatched_at IS NULL AND turn > 1;
