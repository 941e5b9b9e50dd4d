-- The numbers whose contact came, went, was renamed or renumbered, per tenant: the feed behind
-- GET /phone_book/changes, so that a service that keeps what lookups told it (cdr-service's
-- report) asks again about those numbers only. Rows carry their transaction's id: a reader that
-- took everything below the oldest transaction still running has seen every change before it,
-- whatever order the transactions committed in (ids of a sequence would not say that).
create table contact_change (
    tenant_id  uuid        not null,
    txid       xid8        not null default pg_current_xact_id(),
    number     varchar(16) not null,
    changed_at timestamptz not null default now()
);
create index contact_change_tenant_txid on contact_change (tenant_id, txid);

create function contact_change_log() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        insert into contact_change (tenant_id, number) select distinct tenant_id, number from new_contacts;
    elsif tg_op = 'DELETE' then
        insert into contact_change (tenant_id, number) select distinct tenant_id, number from old_contacts;
    else
        insert into contact_change (tenant_id, number)
        select distinct tenant_id, number from (
            select n.tenant_id, n.number from new_contacts n join old_contacts o on o.id = n.id
            where n.number is distinct from o.number or n.name is distinct from o.name
            union all
            select o.tenant_id, o.number from new_contacts n join old_contacts o on o.id = n.id
            where n.number is distinct from o.number) changed;
    end if;
    return null;
end
$$;

create trigger contact_change_insert after insert on contact
    referencing new table as new_contacts for each statement execute function contact_change_log();
create trigger contact_change_update after update on contact
    referencing old table as old_contacts new table as new_contacts for each statement execute function contact_change_log();
create trigger contact_change_delete after delete on contact
    referencing old table as old_contacts for each statement execute function contact_change_log();
