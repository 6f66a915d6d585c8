-- GeoOrchestration schema, version 17: runs of a request (issue 17).
-- {schema} is the one place the (validated, quoted) schema name enters.

-- A job is run `run` of the request `request_id`: the id a job type, parameters and run key give
-- (JobIdentity.JobId). Run 1's job id is the request id itself, so every job submitted before this
-- migration is run 1 of its own request, and a request never forced keeps the id it always had. A
-- forced resubmission (Submit-GeoJob -Force, geoorch submit --force) adds the next run, whose job id
-- is derived from the request id and the run number (JobIdentity.RunJobId).
ALTER TABLE {schema}.jobs ADD COLUMN request_id text;
ALTER TABLE {schema}.jobs ADD COLUMN run integer NOT NULL DEFAULT 1 CHECK (run >= 1);
UPDATE {schema}.jobs SET request_id = job_id;
ALTER TABLE {schema}.jobs ALTER COLUMN request_id SET NOT NULL;
ALTER TABLE {schema}.jobs ADD CONSTRAINT jobs_request_id_check CHECK (request_id ~ '^[0-9a-f]{64}$');
-- Run 1 is the request's own id, and only run 1 is.
ALTER TABLE {schema}.jobs ADD CONSTRAINT jobs_request_run_check CHECK ((run = 1) = (job_id = request_id));

-- One job per run of a request; the latest run (a resubmission returns it) is one seek from the
-- end of a request's range, and Get-GeoJob -RequestId lists a request's runs from it.
CREATE UNIQUE INDEX jobs_request_run_idx ON {schema}.jobs (request_id, run);
