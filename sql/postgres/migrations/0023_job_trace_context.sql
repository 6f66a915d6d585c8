-- GeoOrchestration schema, version 23: the W3C trace context of a job (issue 23, traces).
-- {schema} is the one place the (validated, quoted) schema name enters.

-- The submitting process's trace context (the submit span, or the host's own), as W3C headers: every
-- plan, task attempt and finalize span of the job, in any worker, takes it as its parent. The claims
-- (TaskClaim, WorkClaim) return it from the job row they already join, so carrying it costs no read.
-- Stored as the submitter gave it; a worker ignores text that does not parse. Jobs from before this
-- migration have none: their spans start traces of their own. The lengths bound what W3C allows
-- (a traceparent of version 00 is 55 characters; vendors propagate 512 characters of tracestate).
ALTER TABLE {schema}.jobs ADD COLUMN traceparent text CHECK (length(traceparent) <= 128);
ALTER TABLE {schema}.jobs ADD COLUMN tracestate text CHECK (length(tracestate) <= 512);
