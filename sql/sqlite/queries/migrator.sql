-- Queries of the SQLite schema migrator. Deployers are serialised by the write lock of the deploy
-- transaction (BEGIN IMMEDIATE), which SQLite gives to one connection of one process at a time.

-- name: MigratorBootstrap
-- The schema history: one row per applied migration, with the checksum of its file as shipped.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    checksum    TEXT    NOT NULL,
    applied_at  INTEGER NOT NULL
) STRICT;

-- name: MigratorHistoryExists
SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations';

-- name: MigratorOtherTables
-- Tables that are not SQLite's own: a file that has some but no schema history belongs to
-- something else, and the store does not add its tables to it.
SELECT group_concat(name, ', ') FROM (
    SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name LIMIT 5
);

-- name: MigratorApplied
SELECT version, name, checksum FROM schema_migrations ORDER BY version;

-- name: MigratorRecord
INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @now);
