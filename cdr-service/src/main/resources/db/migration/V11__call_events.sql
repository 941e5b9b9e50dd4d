-- Calls as they happen (GET /cdr/events): each change of a call's state (ringing, answered, ended,
-- missed) is an event, written by the statement that changed the call, in its transaction, and
-- announced to every instance (NOTIFY call_event, the tenant as payload). The events are the
-- bounded history a stream resumes from (Last-Event-ID is an event's id).
create table call_event (
    id                  bigint generated always as identity primary key,
    tenant_id           uuid         not null,
    call_uuid           varchar(64)  not null,
    state               varchar(8)   not null check (state in ('ringing', 'answered', 'ended', 'missed')),
    direction           varchar(8),
    caller_number       varchar(32),
    destination_number  varchar(32),
    caller_name         varchar(255),
    call_start          timestamptz,
    answer_start        timestamptz,
    call_end            timestamptz,
    duration            integer,
    created_at          timestamptz  not null default now()
);
create index call_event_tenant on call_event (tenant_id, id);
create index call_event_created on call_event (created_at);

-- A call's state from its facts: a call posted whole (no action) has one too.
create function call_state(action text, direction text, answer_start timestamptz, call_end timestamptz)
    returns varchar language sql immutable parallel safe
as $$
select case
    when action = 'HANGUP' or call_end is not null then
        case when answer_start is null and direction = 'inbound' then 'missed' else 'ended' end
    when action = 'ANSWERED' or answer_start is not null then 'answered'
    else 'ringing'
end
$$;

create function call_state(c call_record) returns varchar language sql immutable parallel safe
as $$ select call_state(c.action, c.direction, c.answer_start, c.call_end) $$;

-- Only what is happening is news: a call whose latest moment is more than an hour old (a sync of
-- past days, an import) changes no screen. A call with no time at all is happening now.
create function call_is_live(c call_record) returns boolean language sql stable parallel safe
as $$ select coalesce(greatest(c.call_start, c.ring_start, c.answer_start, c.call_end), now()) > now() - interval '1 hour' $$;

-- A tenant's events take their ids in the order their transactions commit: the lock is held to
-- the end of the writing transaction, so a reader that saw id n never later finds an n - 1 of the
-- same tenant (streams resume from an id, and skip none). Statements that change no live call's
-- state write no event and take no lock.
create function call_event_lock(tenants uuid[]) returns void
    language plpgsql
as $$
begin
    -- (PERFORM runs the whole query: a SQL function's last select would stop at its first row.)
    perform pg_advisory_xact_lock(hashtextextended('call_event ' || t::text, 0)) from unnest(tenants) t;
end
$$;

create function call_event_on_insert() returns trigger
    language plpgsql
as $$
declare
    tenants uuid[];
begin
    select array_agg(distinct n.tenant_id order by n.tenant_id) into tenants from new_calls n where call_is_live(n);
    if tenants is not null then
        perform call_event_lock(tenants);
        insert into call_event (tenant_id, call_uuid, state, direction, caller_number, destination_number, caller_name,
                                call_start, answer_start, call_end, duration)
        select n.tenant_id, n.uuid, call_state(n), n.direction, n.caller_number, n.destination_number, n.caller_name,
               n.call_start, n.answer_start, n.call_end, n.duration
        from new_calls n
        where call_is_live(n)
        order by n.tenant_id, coalesce(n.call_end, n.answer_start, n.ring_start, n.call_start), n.uuid;
        perform pg_notify('call_event', t::text) from unnest(tenants) t;
    end if;
    return null;
end
$$;

create function call_event_on_update() returns trigger
    language plpgsql
as $$
declare
    tenants uuid[];
begin
    select array_agg(distinct n.tenant_id order by n.tenant_id) into tenants
    from new_calls n join old_calls o on o.id = n.id
    where call_is_live(n) and call_state(n) is distinct from call_state(o);
    if tenants is not null then
        perform call_event_lock(tenants);
        insert into call_event (tenant_id, call_uuid, state, direction, caller_number, destination_number, caller_name,
                                call_start, answer_start, call_end, duration)
        select n.tenant_id, n.uuid, call_state(n), n.direction, n.caller_number, n.destination_number, n.caller_name,
               n.call_start, n.answer_start, n.call_end, n.duration
        from new_calls n join old_calls o on o.id = n.id
        where call_is_live(n) and call_state(n) is distinct from call_state(o)
        order by n.tenant_id, coalesce(n.call_end, n.answer_start, n.ring_start, n.call_start), n.uuid;
        perform pg_notify('call_event', t::text) from unnest(tenants) t;
    end if;
    return null;
end
$$;

create trigger call_event_insert after insert on call_record
    referencing new table as new_calls for each statement execute function call_event_on_insert();
create trigger call_event_update after update on call_record
    referencing old table as old_calls new table as new_calls for each statement execute function call_event_on_update();
