-- The report's figures kept as calls are written, so that a report reads buckets, not calls
-- (bench/RESULTS.md, 2.). Every figure is a sum that a call adds to and takes back from, in
-- whole microseconds (timestamps' precision: adding and then removing a call leaves no
-- rounding behind), except the longest ring, which is recomputed from the bucket's calls when a
-- call that may have held it leaves.
--
-- A write appends what it changed to the *_delta tables in its own transaction (no row that
-- another write updates, so concurrent batches of one tenant never wait for each other there);
-- call_aggregates_fold(tenant) adds a tenant's deltas into call_hour and call_number, before
-- each report and in the background (cdr-service). Measured on batches of 1,000 calls over 30
-- days: updating the totals in place cost 30-45 ms a batch, and a tenant's batches queued on
-- its shared hours.

-- What one call contributes, shared by the triggers below and by the report's edge buckets
-- (ReportRepository), so that both count a call the same way. Called as (call_fact(c)).*, in
-- the select list, where PostgreSQL inlines it: in FROM it is a function call per row, three
-- times slower (measured on 31,000 calls: 130 ms against 45).
create type call_fact as (
    bucket        timestamptz, -- its UTC hour; '-infinity' for a call without a start
    inbound       boolean,
    outbound      boolean,
    answered      boolean,
    seconds_us    bigint,      -- duration as the PBX gave it, else start to end
    talk_us       bigint,      -- answer to end, when both are known
    ring_us       bigint,      -- ring start to answer (or to end), when known
    other_number  varchar(32)  -- the party at the other end: who called in, or whom we called
);

create function call_fact(c call_record) returns call_fact
    language sql immutable parallel safe
as $$
select row(
    coalesce(date_trunc('hour', c.call_start, 'UTC'), '-infinity'),
    c.direction = 'inbound',
    c.direction = 'outbound',
    c.answer_start is not null,
    coalesce(c.duration::bigint * 1000000, (extract(epoch from c.call_end - c.call_start) * 1000000)::bigint),
    (extract(epoch from c.call_end - c.answer_start) * 1000000)::bigint,
    (extract(epoch from coalesce(c.answer_start, c.call_end) - c.ring_start) * 1000000)::bigint,
    case when c.direction = 'outbound' then c.destination_number else c.caller_number end
)::call_fact
$$;

create table call_hour (
    tenant_id         uuid        not null,
    hour              timestamptz not null,
    calls             bigint      not null,
    inbound           bigint      not null,
    outbound          bigint      not null,
    answered          bigint      not null,
    answered_us       bigint      not null, -- seconds of answered calls
    unanswered_us     bigint      not null,
    talk_us           bigint      not null,
    talk_calls        bigint      not null, -- calls with a talk time (answered and ended)
    ring_us           bigint      not null,
    ring_calls        bigint      not null,
    ring_max_us       bigint,
    no_number_calls   bigint      not null, -- calls without another party's number
    no_number_us      bigint      not null,
    primary key (tenant_id, hour)
);

-- All time, per other-party number: the report's top numbers and the numbers to match.
create table call_number (
    tenant_id   uuid        not null,
    number      varchar(32) not null,
    calls       bigint      not null,
    seconds_us  bigint      not null,
    primary key (tenant_id, number)
);

-- Not yet folded: one row per statement and bucket (or number); ring_gone_us, the longest ring
-- of the calls that left the bucket.
create table call_hour_delta (like call_hour);
alter table call_hour_delta add column ring_gone_us bigint;
create index call_hour_delta_tenant on call_hour_delta (tenant_id);
create table call_number_delta (like call_number);
create index call_number_delta_tenant on call_number_delta (tenant_id);

-- One statement's calls in, and the same statement's calls as they were out.
create function call_aggregates_apply() returns trigger
    language plpgsql
as $$
declare
    delta text := case tg_op
        when 'INSERT' then 'select 1 as sign, (call_fact(n)).*, n.tenant_id from new_calls n'
        when 'DELETE' then 'select -1 as sign, (call_fact(o)).*, o.tenant_id from old_calls o'
        -- Only the calls whose contribution changed (a caller's name, for one, changes none).
        else 'select 1 as sign, (fn).*, tenant_id from changed union all select -1, (fo).*, tenant_id from changed' end;
    changed text := 'changed as (select * from (select call_fact(n) as fn, call_fact(o) as fo, n.tenant_id'
        || ' from new_calls n join old_calls o on o.id = n.id) c where fn is distinct from fo), ';
    prefix text := case when tg_op = 'UPDATE' then changed else '' end;
begin
    execute format($sql$
        with %s delta as (%s)
        insert into call_hour_delta (tenant_id, hour, calls, inbound, outbound, answered, answered_us,
            unanswered_us, talk_us, talk_calls, ring_us, ring_calls, ring_max_us, no_number_calls, no_number_us,
            ring_gone_us)
        select tenant_id, bucket, sum(sign),
               coalesce(sum(sign) filter (where inbound), 0),
               coalesce(sum(sign) filter (where outbound), 0),
               coalesce(sum(sign) filter (where answered), 0),
               coalesce(sum(sign * seconds_us) filter (where answered), 0),
               coalesce(sum(sign * seconds_us) filter (where not answered), 0),
               coalesce(sum(sign * talk_us), 0),
               coalesce(sum(sign) filter (where talk_us is not null), 0),
               coalesce(sum(sign * ring_us), 0),
               coalesce(sum(sign) filter (where ring_us is not null), 0),
               max(ring_us) filter (where sign = 1),
               coalesce(sum(sign) filter (where other_number is null), 0),
               coalesce(sum(sign * seconds_us) filter (where other_number is null), 0),
               max(ring_us) filter (where sign = -1)
        from delta group by tenant_id, bucket
        $sql$, prefix, delta);
    execute format($sql$
        with %s delta as (%s)
        insert into call_number_delta (tenant_id, number, calls, seconds_us)
        select tenant_id, other_number, sum(sign), coalesce(sum(sign * seconds_us), 0)
        from delta where other_number is not null
        group by tenant_id, other_number having sum(sign) <> 0 or coalesce(sum(sign * seconds_us), 0) <> 0
        $sql$, prefix, delta);
    return null;
end
$$;

create trigger call_aggregates_insert after insert on call_record
    referencing new table as new_calls for each statement execute function call_aggregates_apply();
create trigger call_aggregates_update after update on call_record
    referencing old table as old_calls new table as new_calls for each statement execute function call_aggregates_apply();
create trigger call_aggregates_delete after delete on call_record
    referencing old table as old_calls for each statement execute function call_aggregates_apply();

-- Adds a tenant's deltas into its totals, one fold of a tenant at a time (a transaction lock),
-- rows in key order. A bucket whose longest ring may have left is read again from its calls
-- (one tenant's hour, on the (tenant_id, call_start) index); buckets and numbers with no call
-- left go. Deltas committed meanwhile wait for the next fold.
create function call_aggregates_fold(tenant uuid) returns void
    language plpgsql
as $$
declare
    mend timestamptz[];
    emptied timestamptz[];
    gone varchar[];
begin
    perform pg_advisory_xact_lock(22, hashtext(tenant::text));
    with moved as (delete from call_hour_delta where tenant_id = tenant returning *),
    summed as (
        select hour, sum(calls) as calls, sum(inbound) as inbound, sum(outbound) as outbound, sum(answered) as answered,
               sum(answered_us) as answered_us, sum(unanswered_us) as unanswered_us, sum(talk_us) as talk_us,
               sum(talk_calls) as talk_calls, sum(ring_us) as ring_us, sum(ring_calls) as ring_calls,
               max(ring_max_us) as ring_max_us, sum(no_number_calls) as no_number_calls,
               sum(no_number_us) as no_number_us, max(ring_gone_us) as ring_gone_us
        from moved group by hour),
    folded as (
        insert into call_hour as h (tenant_id, hour, calls, inbound, outbound, answered, answered_us,
            unanswered_us, talk_us, talk_calls, ring_us, ring_calls, ring_max_us, no_number_calls, no_number_us)
        select tenant, hour, calls, inbound, outbound, answered, answered_us, unanswered_us, talk_us, talk_calls,
               ring_us, ring_calls, ring_max_us, no_number_calls, no_number_us
        from summed order by hour
        on conflict (tenant_id, hour) do update set
            calls = h.calls + excluded.calls,
            inbound = h.inbound + excluded.inbound,
            outbound = h.outbound + excluded.outbound,
            answered = h.answered + excluded.answered,
            answered_us = h.answered_us + excluded.answered_us,
            unanswered_us = h.unanswered_us + excluded.unanswered_us,
            talk_us = h.talk_us + excluded.talk_us,
            talk_calls = h.talk_calls + excluded.talk_calls,
            ring_us = h.ring_us + excluded.ring_us,
            ring_calls = h.ring_calls + excluded.ring_calls,
            ring_max_us = greatest(h.ring_max_us, excluded.ring_max_us),
            no_number_calls = h.no_number_calls + excluded.no_number_calls,
            no_number_us = h.no_number_us + excluded.no_number_us
        returning h.hour, h.ring_max_us, h.calls)
    select coalesce(array_agg(f.hour) filter (where s.ring_gone_us is not null
                        and (f.ring_max_us is null or s.ring_gone_us >= f.ring_max_us)), '{}'),
           coalesce(array_agg(f.hour) filter (where f.calls = 0), '{}')
    into mend, emptied
    from folded f join summed s on s.hour = f.hour;

    update call_hour h set ring_max_us = (
        select max((call_fact(c)).ring_us) from call_record c
        where c.tenant_id = tenant
          and ((h.hour = '-infinity' and c.call_start is null)
               or (c.call_start >= h.hour and c.call_start < h.hour + interval '1 hour')))
    where h.tenant_id = tenant and h.hour = any(mend);
    delete from call_hour where tenant_id = tenant and hour = any(emptied);

    with moved as (delete from call_number_delta where tenant_id = tenant returning number, calls, seconds_us),
    folded as (
        insert into call_number as t (tenant_id, number, calls, seconds_us)
        select tenant, number, sum(calls), sum(seconds_us) from moved group by number order by number
        on conflict (tenant_id, number) do update set
            calls = t.calls + excluded.calls, seconds_us = t.seconds_us + excluded.seconds_us
        returning t.number, t.calls)
    select coalesce(array_agg(number) filter (where calls = 0), '{}') into gone from folded;
    delete from call_number where tenant_id = tenant and number = any(gone);
end
$$;

-- The calls stored before this migration.
insert into call_hour (tenant_id, hour, calls, inbound, outbound, answered, answered_us, unanswered_us,
    talk_us, talk_calls, ring_us, ring_calls, ring_max_us, no_number_calls, no_number_us)
select tenant_id, bucket, count(*), count(*) filter (where inbound), count(*) filter (where outbound),
       count(*) filter (where answered),
       coalesce(sum(seconds_us) filter (where answered), 0), coalesce(sum(seconds_us) filter (where not answered), 0),
       coalesce(sum(talk_us), 0), count(talk_us), coalesce(sum(ring_us), 0), count(ring_us), max(ring_us),
       count(*) filter (where other_number is null), coalesce(sum(seconds_us) filter (where other_number is null), 0)
from (select c.tenant_id, (call_fact(c)).* from call_record c) f
group by tenant_id, bucket;

insert into call_number (tenant_id, number, calls, seconds_us)
select tenant_id, other_number, count(*), coalesce(sum(seconds_us), 0)
from (select c.tenant_id, (call_fact(c)).* from call_record c) f
where other_number is not null
group by tenant_id, other_number;
