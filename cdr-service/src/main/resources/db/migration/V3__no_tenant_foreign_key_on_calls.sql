-- Measured (bench/RESULTS.md, ingest): the per-row foreign-key check on tenant cost about a
-- third of a bulk upsert's time, and concurrent batches of one tenant queued on its row lock.
-- CallService creates the tenant row in the same transaction before any of its calls, and
-- tenants are never deleted, so the constraint guarded nothing the code does not already keep.
alter table call_record drop constraint if exists call_record_tenant_id_fkey;
