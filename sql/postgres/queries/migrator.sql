-- Queries of the schema migrator. {schema} is the validated, quoted schema name.

-- name: MigratorLock
-- Serialises deployers of the same schema for the length of the deploy transaction.
SELECT pg_advisory_xact_lock(hashtextextended('geoorch.migrate.' || @schema_name, 0));

-- name: MigratorBootstrap
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
    version     integer     PRIMARY KEY,
    name        text        NOT NULL,
    checksum    text        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- name: MigratorApplied
SELECT version, name, checksum FROM {schema}.schema_migrations ORDER BY version;

-- name: MigratorRecord
INSERT INTO {schema}.schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum);

-- name: MigratorSchemaExists
SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema_name)
   AND EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = @schema_name AND tablename = 'schema_migrations');
