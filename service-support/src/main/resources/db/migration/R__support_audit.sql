-- support.audit: the audit trail of a service with a database (every such service's Flyway run
-- finds this file in service-support's jar): every request made with an admin API key, recorded
-- by AuditFilter. Append-only: updates, deletes and truncation are refused, except the deletes of
-- the trail's own retention (crm.audit.keep), which says so in its transaction. Repeatable and
-- idempotent: a changed file runs again.
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
    if tg_op = 'DELETE' and current_setting('crm.audit_retention', true) = 'on' then
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

-- Which instance runs a scheduled job (ShedLock: support.jobs.SchedulerLocksAutoConfiguration),
-- and until when: one of them at a time.
create table if not exists shedlock (
    name       varchar(64)  primary key,
    lock_until timestamptz  not null,
    locked_at  timestamptz  not null,
    locked_by  varchar(255) not null
);
