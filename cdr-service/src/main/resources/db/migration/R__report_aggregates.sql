-- The report's current definitions, in one place (docs/reports.md): what one call contributes to
-- the kept totals (call_fact), how a change to call_record is recorded (call_aggregates_apply,
-- statement triggers of V10) and how the recorded changes are added into call_hour, call_number
-- and call_extension (call_aggregates_fold). The versioned migrations made and changed them (V7,
-- V9, V10: their history); from now on a change to any of them is made here, and Flyway runs this
-- file again after the versioned ones whenever it changes. A change to the row types
-- (call_fact's attributes, the tables' columns) is still a versioned migration, before this file.

create or replace function call_fact(c call_record) returns call_fact
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
    case when c.direction = 'outbound' then c.destination_number else c.caller_number end,
    case when c.direction = 'inbound' and c.answer_start is not null and coalesce(c.ring_start, c.call_start) is not null
         then least(greatest(ceil(extract(epoch from c.answer_start - coalesce(c.ring_start, c.call_start))), 0), 121)::int end,
    case when c.direction = 'inbound' and c.answer_start is null and c.call_end is not null
              and coalesce(c.ring_start, c.call_start) is not null
         then least(greatest(floor(extract(epoch from c.call_end - coalesce(c.ring_start, c.call_start))), 0), 121)::int end,
    case when c.direction = 'inbound' and c.answer_start is not null and coalesce(c.ring_start, c.call_start) is not null
         then greatest((extract(epoch from c.answer_start - coalesce(c.ring_start, c.call_start)) * 1000000)::bigint, 0) end,
    case when c.direction = 'outbound' then c.caller_number when c.direction = 'inbound' then c.destination_number end
)::call_fact
$$;

create or replace function call_aggregates_apply() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        insert into call_change (tenant_id, added)
        select tenant_id, array_agg(call_fact(n)) from new_calls n group by tenant_id;
    elsif tg_op = 'DELETE' then
        insert into call_change (tenant_id, removed)
        select tenant_id, array_agg(call_fact(o)) from old_calls o group by tenant_id;
    else
        -- Only the calls whose contribution changed (a caller's name, for one, changes none).
        insert into call_change (tenant_id, added, removed)
        select tenant_id, array_agg(fn), array_agg(fo)
        from (select n.tenant_id, call_fact(n) as fn, call_fact(o) as fo
              from new_calls n join old_calls o on o.id = n.id) c
        where fn is distinct from fo
        group by tenant_id;
    end if;
    return null;
end
$$;

create or replace function call_aggregates_fold(tenant uuid) returns void
    language plpgsql
as $$
declare
    mend timestamptz[];
    emptied timestamptz[];
    gone_numbers varchar[];
    gone_extensions varchar[];
begin
    perform pg_advisory_xact_lock(22, hashtext(tenant::text));
    with moved as (delete from call_change where tenant_id = tenant returning added, removed),
    delta as materialized (
        select 1 as sign, f.* from moved cross join lateral unnest(moved.added) as f
        union all
        select -1, f.* from moved cross join lateral unnest(moved.removed) as f),
    summed as (
        select bucket as hour, sum(sign) as calls,
               coalesce(sum(sign) filter (where inbound), 0) as inbound,
               coalesce(sum(sign) filter (where outbound), 0) as outbound,
               coalesce(sum(sign) filter (where answered), 0) as answered,
               coalesce(sum(sign * seconds_us) filter (where answered), 0) as answered_us,
               coalesce(sum(sign * seconds_us) filter (where not answered), 0) as unanswered_us,
               coalesce(sum(sign * talk_us), 0) as talk_us,
               coalesce(sum(sign) filter (where talk_us is not null), 0) as talk_calls,
               coalesce(sum(sign * ring_us), 0) as ring_us,
               coalesce(sum(sign) filter (where ring_us is not null), 0) as ring_calls,
               max(ring_us) filter (where sign = 1) as ring_max_us,
               coalesce(sum(sign) filter (where other_number is null), 0) as no_number_calls,
               coalesce(sum(sign * seconds_us) filter (where other_number is null), 0) as no_number_us,
               max(ring_us) filter (where sign = -1) as ring_gone_us,
               coalesce(sum(sign) filter (where wait_us is not null), 0) as inbound_answered,
               coalesce(sum(sign * wait_us), 0) as wait_us,
               histogram(wait_s + 1, sign) filter (where wait_s is not null) as wait_hist,
               histogram(abandon_s + 1, sign) filter (where abandon_s is not null) as abandon_hist
        from delta group by bucket),
    hours as (
        insert into call_hour as h (tenant_id, hour, calls, inbound, outbound, answered, answered_us,
            unanswered_us, talk_us, talk_calls, ring_us, ring_calls, ring_max_us, no_number_calls, no_number_us,
            inbound_answered, wait_us, wait_hist, abandon_hist)
        select tenant, hour, calls, inbound, outbound, answered, answered_us, unanswered_us, talk_us, talk_calls,
               ring_us, ring_calls, ring_max_us, no_number_calls, no_number_us, inbound_answered, wait_us,
               wait_hist, abandon_hist
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
            no_number_us = h.no_number_us + excluded.no_number_us,
            inbound_answered = h.inbound_answered + excluded.inbound_answered,
            wait_us = h.wait_us + excluded.wait_us,
            wait_hist = histogram_sum(h.wait_hist, excluded.wait_hist),
            abandon_hist = histogram_sum(h.abandon_hist, excluded.abandon_hist)
        returning h.hour, h.ring_max_us, h.calls),
    numbers as (
        insert into call_number as t (tenant_id, number, calls, seconds_us)
        select tenant, other_number, sum(sign), coalesce(sum(sign * seconds_us), 0)
        from delta where other_number is not null
        group by other_number having sum(sign) <> 0 or coalesce(sum(sign * seconds_us), 0) <> 0
        order by other_number
        on conflict (tenant_id, number) do update set
            calls = t.calls + excluded.calls, seconds_us = t.seconds_us + excluded.seconds_us
        returning t.number, t.calls),
    extensions as (
        insert into call_extension as t (tenant_id, extension, calls, answered, missed, talk_us)
        select tenant, extension, sum(sign),
               coalesce(sum(sign) filter (where wait_s is not null), 0),
               coalesce(sum(sign) filter (where abandon_s is not null), 0),
               coalesce(sum(sign * talk_us), 0)
        from delta where extension is not null
        group by extension
        having sum(sign) <> 0 or coalesce(sum(sign) filter (where wait_s is not null), 0) <> 0
            or coalesce(sum(sign) filter (where abandon_s is not null), 0) <> 0 or coalesce(sum(sign * talk_us), 0) <> 0
        order by extension
        on conflict (tenant_id, extension) do update set
            calls = t.calls + excluded.calls, answered = t.answered + excluded.answered,
            missed = t.missed + excluded.missed, talk_us = t.talk_us + excluded.talk_us
        returning t.extension, t.calls)
    select (select coalesce(array_agg(f.hour) filter (where s.ring_gone_us is not null
                                and (f.ring_max_us is null or s.ring_gone_us >= f.ring_max_us)), '{}')
            from hours f join summed s on s.hour = f.hour),
           (select coalesce(array_agg(hour) filter (where calls = 0), '{}') from hours),
           (select coalesce(array_agg(number) filter (where calls = 0), '{}') from numbers),
           (select coalesce(array_agg(extension) filter (where calls = 0), '{}') from extensions)
    into mend, emptied, gone_numbers, gone_extensions;

    update call_hour h set ring_max_us = (
        select max((call_fact(c)).ring_us) from call_record c
        where c.tenant_id = tenant
          and ((h.hour = '-infinity' and c.call_start is null)
               or (c.call_start >= h.hour and c.call_start < h.hour + interval '1 hour')))
    where h.tenant_id = tenant and h.hour = any(mend);
    delete from call_hour where tenant_id = tenant and hour = any(emptied);
    delete from call_number where tenant_id = tenant and number = any(gone_numbers);
    delete from call_extension where tenant_id = tenant and extension = any(gone_extensions);
end
$$;
