-- GeoOrchestration schema for SQLite, version 17: runs of a request, as sql/migrations/0017 adds
-- them on PostgreSQL.

-- A job is run `run` of the request `request_id`: the id a job type, parameters and run key give
-- (JobIdentity.JobId). Run 1's job id is the request id itself, so every job submitted before this
-- migration is run 1 of its own request. A forced resubmission adds the next run, whose job id is
-- derived from the request id and the run number (JobIdentity.RunJobId).
ALTER TABLE jobs ADD COLUMN request_id TEXT CHECK (length(request_id) = 64 AND request_id NOT GLOB '*[^0-9a-f]*');
ALTER TABLE jobs ADD COLUMN run INTEGER NOT NULL DEFAULT 1 CHECK (run >= 1);
UPDATE jobs SET request_id = job_id;

-- SQLite cannot make an added column NOT NULL nor add a table CHECK to an existing table (short of
-- rebuilding it, see 0002), so triggers hold what PostgreSQL holds as constraints: run 1 is the
-- request's own id, and only run 1 is. A row written without a request id (another client that
-- predates runs) is run 1 of its own request, as every job from before this migration.
CREATE TRIGGER jobs_request_run_check_insert BEFORE INSERT ON jobs
WHEN (NEW.request_id IS NULL AND NEW.run <> 1)
  OR (NEW.request_id IS NOT NULL AND (NEW.run = 1) <> (NEW.job_id = NEW.request_id))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: jobs_request_run_check');
END;

CREATE TRIGGER jobs_request_id_default AFTER INSERT ON jobs
WHEN NEW.request_id IS NULL
BEGIN
    UPDATE jobs SET request_id = NEW.job_id WHERE job_id = NEW.job_id;
END;

CREATE TRIGGER jobs_request_run_check_update BEFORE UPDATE OF job_id, request_id, run ON jobs
WHEN NEW.request_id IS NULL OR (NEW.run = 1) <> (NEW.job_id = NEW.request_id)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: jobs_request_run_check');
END;

-- One job per run of a request; the latest run is one seek from the end of a request's range.
CREATE UNIQUE INDEX jobs_request_run_idx ON jobs (request_id, run);
