-- GeoOrchestration schema for SQLite, version 23: the W3C trace context of a job, as
-- sql/postgres/migrations/0023 adds it on PostgreSQL.

-- The submitting process's trace context (the submit span, or the host's own), as W3C headers: every
-- plan, task attempt and finalize span of the job, in any worker, takes it as its parent. The claims
-- return it beside the job's status. Stored as the submitter gave it; a worker ignores text that
-- does not parse. Jobs from before this migration have none. An added column can carry a CHECK.
ALTER TABLE jobs ADD COLUMN traceparent TEXT CHECK (length(traceparent) <= 128);
ALTER TABLE jobs ADD COLUMN tracestate TEXT CHECK (length(tracestate) <= 512);
