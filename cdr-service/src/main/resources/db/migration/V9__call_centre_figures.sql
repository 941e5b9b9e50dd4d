-- Call-centre figures kept as V7 keeps the report's: per hour, two histograms of inbound calls in
-- whole seconds, so that a report answers the service level for any N and the abandons for any
-- short-abandon threshold from the hour rows alone; per extension (the internal party), all-time
-- totals. Arrays inside the hour rows add no delta rows (what a write costs, bench/RESULTS.md 1.);
-- an extension's deltas are one row per extension a statement touches.
--
-- wait_hist[s + 1]:   answered inbound calls answered after at most s seconds and more than s - 1
--                     (the wait rounded up: "within N" is sum(wait_hist[1 .. N + 1])); the last
--                     element, 122, counts waits over 120 s.
-- abandon_hist[s + 1]: inbound calls that ended unanswered after ringing s to s + 1 seconds
--                     (rounded down: "shorter than T" is sum(abandon_hist[1 .. T])); 122: 121 s on.
-- A wait runs from ringStart (callStart without it) to answerStart; a ring to callEnd; a call with
-- neither start has neither (the explicit test: greatest() and least() skip nulls, so they would
-- turn an unknown time into 0 s).

alter type call_fact add attribute wait_s int;          -- answered inbound: its histogram index - 1
alter type call_fact add attribute abandon_s int;       -- ended unanswered inbound: likewise
alter type call_fact add attribute wait_us bigint;      -- answered inbound: the exact wait
alter type call_fact add attribute extension varchar(32);

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

-- h with n more at index i (1-based), grown with zeros as needed; null i leaves h as it is.
create function histogram_add(h bigint[], i int, n bigint) returns bigint[]
    language plpgsql immutable parallel safe
as $$
begin
    if i is null then
        return h;
    end if;
    h := coalesce(h, '{}');
    for k in coalesce(array_length(h, 1), 0) + 1 .. i loop
        h[k] := 0;
    end loop;
    h[i] := h[i] + n;
    return h;
end
$$;

-- a + b, element by element (the shorter padded with zeros).
create function histogram_sum(a bigint[], b bigint[]) returns bigint[]
    language sql immutable parallel safe
as $$
select case when a is null then b when b is null then a
            else array(select coalesce(x, 0) + coalesce(y, 0) from unnest(a, b) as u(x, y)) end
$$;

create aggregate histogram(int, bigint) (sfunc = histogram_add, stype = bigint[]);
create aggregate histogram_merge(bigint[]) (sfunc = histogram_sum, stype = bigint[]);

alter table call_hour add column inbound_answered bigint not null default 0,
                      add column wait_us bigint not null default 0,
                      add column wait_hist bigint[],
                      add column abandon_hist bigint[];
alter table call_hour_delta add column inbound_answered bigint not null default 0,
                            add column wait_us bigint not null default 0,
                            add column wait_hist bigint[],
                            add column abandon_hist bigint[];

-- All time, per extension: its calls, the inbound ones it answered and missed (ended unanswered), its talk.
create table call_extension (
    tenant_id   uuid        not null,
    extension   varchar(32) not null,
    calls       bigint      not null,
    answered    bigint      not null,
    missed      bigint      not null,
    talk_us     bigint      not null,
    primary key (tenant_id, extension)
);
create table call_extension_delta (like call_extension);
create index call_extension_delta_tenant on call_extension_delta (tenant_id);

create or replace function call_aggregates_apply() returns trigger
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
            ring_gone_us, inbound_answered, wait_us, wait_hist, abandon_hist)
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
               max(ring_us) filter (where sign = -1),
               coalesce(sum(sign) filter (where wait_us is not null), 0),
               coalesce(sum(sign * wait_us), 0),
               histogram(wait_s + 1, sign) filter (where wait_s is not null),
               histogram(abandon_s + 1, sign) filter (where abandon_s is not null)
        from delta group by tenant_id, bucket
        $sql$, prefix, delta);
    execute format($sql$
        with %s delta as (%s)
        insert into call_number_delta (tenant_id, number, calls, seconds_us)
        select tenant_id, other_number, sum(sign), coalesce(sum(sign * seconds_us), 0)
        from delta where other_number is not null
        group by tenant_id, other_number having sum(sign) <> 0 or coalesce(sum(sign * seconds_us), 0) <> 0
        $sql$, prefix, delta);
    execute format($sql$
        with %s delta as (%s)
        insert into call_extension_delta (tenant_id, extension, calls, answered, missed, talk_us)
        select tenant_id, extension, sum(sign),
               coalesce(sum(sign) filter (where wait_s is not null), 0),
               coalesce(sum(sign) filter (where abandon_s is not null), 0),
               coalesce(sum(sign * talk_us), 0)
        from delta where extension is not null
        group by tenant_id, extension
        having sum(sign) <> 0 or coalesce(sum(sign) filter (where wait_s is not null), 0) <> 0
            or coalesce(sum(sign) filter (where abandon_s is not null), 0) <> 0 or coalesce(sum(sign * talk_us), 0) <> 0
        $sql$, prefix, delta);
    return null;
end
$$;

create or replace function call_aggregates_fold(tenant uuid) returns void
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
               sum(no_number_us) as no_number_us, max(ring_gone_us) as ring_gone_us,
               sum(inbound_answered) as inbound_answered, sum(wait_us) as wait_us,
               histogram_merge(wait_hist) as wait_hist, histogram_merge(abandon_hist) as abandon_hist
        from moved group by hour),
    folded as (
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

    with moved as (delete from call_extension_delta where tenant_id = tenant
                   returning extension, calls, answered, missed, talk_us),
    folded as (
        insert into call_extension as t (tenant_id, extension, calls, answered, missed, talk_us)
        select tenant, extension, sum(calls), sum(answered), sum(missed), sum(talk_us)
        from moved group by extension order by extension
        on conflict (tenant_id, extension) do update set
            calls = t.calls + excluded.calls, answered = t.answered + excluded.answered,
            missed = t.missed + excluded.missed, talk_us = t.talk_us + excluded.talk_us
        returning t.extension, t.calls)
    select coalesce(array_agg(extension) filter (where calls = 0), '{}') into gone from folded;
    delete from call_extension where tenant_id = tenant and extension = any(gone);
end
$$;

-- The calls stored before this migration (folded first, so that the new columns start from the
-- calls and no delta written before is counted twice).
do $$
declare
    t uuid;
begin
    for t in select distinct tenant_id from call_hour_delta union select distinct tenant_id from call_number_delta loop
        perform call_aggregates_fold(t);
    end loop;
end
$$;

update call_hour h set inbound_answered = f.inbound_answered, wait_us = f.wait_us,
                       wait_hist = f.wait_hist, abandon_hist = f.abandon_hist
from (select tenant_id, bucket, count(wait_us) as inbound_answered, coalesce(sum(wait_us), 0) as wait_us,
             histogram(wait_s + 1, 1) filter (where wait_s is not null) as wait_hist,
             histogram(abandon_s + 1, 1) filter (where abandon_s is not null) as abandon_hist
      from (select c.tenant_id, (call_fact(c)).* from call_record c) x
      group by tenant_id, bucket) f
where h.tenant_id = f.tenant_id and h.hour = f.bucket;

insert into call_extension (tenant_id, extension, calls, answered, missed, talk_us)
select tenant_id, extension, count(*), count(wait_s), count(abandon_s), coalesce(sum(talk_us), 0)
from (select c.tenant_id, (call_fact(c)).* from call_record c) f
where extension is not null
group by tenant_id, extension;
