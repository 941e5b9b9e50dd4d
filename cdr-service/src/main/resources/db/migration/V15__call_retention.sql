-- How long a tenant's calls are kept (issue 25): days from the call's start (from when it was last
-- written, for a call without a start); null keeps them all. The retention job deletes in
-- batches; the aggregate triggers (V7, V10) take the calls out of the report's figures as for any
-- delete, and the upsert skips calls already past the period, so a sync does not bring them back.
alter table tenant add column call_retention_days integer
    check (call_retention_days between 1 and 36500);

-- Calls without a start expire by when they were written.
create index call_record_no_start on call_record (tenant_id, updated_at) where call_start is null;
