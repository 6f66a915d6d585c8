-- GeoOrchestration schema, version 24: one live process per worker id (issue 23's registry, finished).
-- {schema} is the one place the (validated, quoted) schema name enters.

-- The registering process's instance token (a random id each Worker draws when it is created):
-- a worker id is a lease owner, so two processes given the same one would renew, complete and hand
-- back each other's leases. WorkerRegister takes a row over only when the token is its own or the
-- row is lost (its expiry passed); heartbeats and the clean stop's removal match it too, so a
-- refused second process never moves nor removes the first one's row. Host and pid cannot tell
-- two processes apart: in containers every pid is 1. Rows from before this migration have ''.
ALTER TABLE {schema}.workers ADD COLUMN instance text NOT NULL DEFAULT '' CHECK (length(instance) <= 64);
