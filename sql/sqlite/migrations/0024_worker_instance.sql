-- GeoOrchestration schema for SQLite, version 24: one live process per worker id, as
-- sql/postgres/migrations/0024 adds it on PostgreSQL.

-- The registering process's instance token (a random id each Worker draws when it is created):
-- WorkerRegister takes a row over only when the token is its own or the row is lost; heartbeats
-- and the clean stop's removal match it too. Rows from before this migration have ''.
ALTER TABLE workers ADD COLUMN instance TEXT NOT NULL DEFAULT '' CHECK (length(instance) <= 64);
