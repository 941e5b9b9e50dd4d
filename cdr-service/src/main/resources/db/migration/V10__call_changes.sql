-- The write pays for a list, the fold for the arithmetic (bench/RESULTS.md 1.). V7 and V9's
-- triggers grouped every statement's calls by hour, number and extension and wrote a delta row for
-- each group (a batch of 1,000 calls over a month: ~1,440 rows and index entries, histograms built
-- per hour). Now a statement's trigger writes one row per tenant: the facts (call_fact) of the
-- calls it added and of the calls as they were before it changed or removed them, in the same
-- transaction as the write, so nothing a committed write changed can be missed. The fold (before
-- each report and every few seconds) groups all the statements since the last fold at once and
-- adds them into the same totals as before; the figures do not change.

-- Writers wait for this migration instead of writing deltas in the old shape meanwhile (reads go on).
lock table call_record in share row exclusive mode;

-- What was written before, folded by V9's fold, so that the delta tables can go.
do $$
declare
    t uuid;
begin
    for t in select tenant_id from call_hour_delta union select tenant_id from call_number_delta
             union select tenant_id from call_extension_delta loop
        perform call_aggregates_fold(t);
    end loop;
end
$$;

drop table call_hour_delta, call_number_delta, call_extension_delta;
drop aggregate histogram_merge(bigint[]);   -- V9's fold was its one user

-- A later change to call_fact's attributes folds every tenant first and alters this column with
-- the type (alter type ... cascade): the facts written before it have the old shape.
create table call_change (
    tenant_id  uuid not null,
    added      call_fact[],   -- the statement's calls as they are now
    removed    call_fact[]    -- and as they were (an update's calls whose facts changed; deleted calls)
);
create index call_change_tenant on call_change (tenant_id);

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

-- Adds a tenant's changes into its totals, one fold of a tenant at a time (a transaction lock),
-- rows in key order. A bucket whose longest ring may have left is read again from its calls
-- (one tenant's hour, on the (tenant_id, call_start) index); buckets, numbers and extensions with
-- no call left go.
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
