-- support.audit: the audit trail of a service with a database (every such service's Flyway run
-- finds this file in service-support's jar): every request made with an admin API key, and a
-- tenant key's writes named in crm.audit.tenant-writes, recorded by AuditFilter.
--
-- Two walls keep it append-only:
-- * the table belongs to the role migrations run as (the database's owner), not to the role the
--   service runs as (<database>_app, see afterMigrate__support_app_role.sql), which may only insert
--   and select: it can neither delete, nor alter the table, nor disable its triggers;
-- * a trigger refuses updates, deletes and truncation to every role, the owner too, except the
--   deletes of audit_entry_forget, the trail's retention (crm.audit.keep), which runs as the owner.
-- Repeatable and idempotent: a changed file runs again.
create table if not exists audit_entry (
    id        bigint        generated always as identity primary key,
    at        timestamptz   not null default now(),
    key_name  varchar(255)  not null,
    method    varchar(16)   not null,
    path      varchar(2048) not null,
    tenant_id uuid,
    status    integer       not null,
    trace_id  varchar(32)
);
create index if not exists audit_entry_at on audit_entry (at);

create or replace function audit_entry_append_only() returns trigger
    language plpgsql
as $$
begin
    -- The setting alone is not enough: any session may set it. Only the table's owner, which the
    -- service's own role is not, gets past, and the owner does so through audit_entry_forget.
    if tg_op = 'DELETE' and current_setting('crm.audit_retention', true) = 'on'
       and current_user = (select pg_get_userbyid(relowner) from pg_class where oid = tg_relid) then
        return old;
    end if;
    raise exception 'audit_entry is append-only (%)', tg_op using errcode = 'insufficient_privilege';
end
$$;

drop trigger if exists audit_entry_append_only on audit_entry;
create trigger audit_entry_append_only before update or delete on audit_entry
    for each row execute function audit_entry_append_only();
drop trigger if exists audit_entry_no_truncate on audit_entry;
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_entry_append_only();

-- The retention: runs as the function's owner (the table's), whoever calls it. It forgets only what
-- is older than 30 days whatever it is asked, so a service that is taken over cannot empty the trail.
create or replace function audit_entry_forget(keep interval) returns integer
    language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    gone integer;
begin
    if keep is null or keep < interval '30 days' then
        raise exception 'audit_entry keeps at least 30 days, not %', keep using errcode = 'invalid_parameter_value';
    end if;
    perform set_config('crm.audit_retention', 'on', true);
    delete from audit_entry where at < now() - keep;
    get diagnostics gone = row_count;
    perform set_config('crm.audit_retention', 'off', true);
    return gone;
end
$$;
revoke all on function audit_entry_forget(interval) from public;

-- Which instance runs a scheduled job (ShedLock: support.jobs.SchedulerLocksAutoConfiguration),
-- and until when: one of them at a time.
create table if not exists shedlock (
    name       varchar(64)  primary key,
    lock_until timestamptz  not null,
    locked_at  timestamptz  not null,
    locked_by  varchar(255) not null
);
