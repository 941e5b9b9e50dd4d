-- support: the role a service runs as, when it is not the one its migrations run as. Flyway runs
-- this after every migration, as the database's owner (spring.flyway.user).
--
-- The runtime role is named after the database, <database>_app (compose: cdr_app, phonebook_app,
-- pbx_app, made by deploy/kubernetes/overlays/dev/postgres/init-databases.sh; the local run: cdr_service_app and so on,
-- made by the embedded-postgres module). It gets rows, not the schema: no DDL, no ownership, no
-- trigger to disable. On the audit trail it may only insert and select, and forget through
-- audit_entry_forget. Where no such role exists (tests, or a deployment that runs the service as
-- the owner), there is nothing to do, and the trail keeps only its trigger.
do $$
declare
    app text := current_database() || '_app';
begin
    if app = current_user or not exists (select from pg_roles where rolname = app) then
        return;
    end if;
    execute format('grant usage on schema public to %I', app);
    execute format('grant select, insert, update, delete on all tables in schema public to %I', app);
    execute format('grant usage, select on all sequences in schema public to %I', app);
    execute format('revoke all on flyway_schema_history from %I', app);
    execute format('revoke update, delete, truncate, references, trigger on audit_entry from %I', app);
    execute format('grant execute on function audit_entry_forget(interval) to %I', app);
end
$$;
