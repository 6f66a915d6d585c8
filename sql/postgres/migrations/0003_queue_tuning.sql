-- GeoOrchestration schema, version 3: storage settings for a queue that churns.
-- {schema} is the one place the (validated, quoted) schema name enters.

-- A task id is derived from (job, stage, key), so the primary key already makes that triple unique;
-- the second unique index only cost an index insert per planned task.
ALTER TABLE {schema}.tasks DROP CONSTRAINT tasks_job_id_stage_task_key_key;

-- Every claim and completion leaves a dead task version behind (status is in partial index
-- predicates, so those updates cannot be HOT). Vacuum the table early and without throttling, so
-- dead versions do not pile up in the claim index faster than they are removed; leave room in
-- each page for the new versions.
ALTER TABLE {schema}.tasks SET (
    fillfactor = 85,
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_insert_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 0
);

-- The stage counter row is updated once per completion batch; only unindexed columns change, so
-- with free space in its page every update is HOT and never touches an index.
ALTER TABLE {schema}.stages SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE {schema}.job_work SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 0);
