-- The report's per-number figures kept as they change (issue 40), so that a report reads no more
-- rows for a tenant that called 20,000 numbers than for one that called 20: the top numbers from
-- an index in the order the report lists them, and the unmatched calls and seconds (numbers the
-- phone book knows no contact for) and the count of numbers it was not asked about yet from one
-- row a tenant. Both move when a number's totals move (the fold writes call_number) and when what
-- the phone book said of a number moves (number_match), each in the statement that moved it.

-- Writers wait for this migration instead of moving totals it has not counted yet (reads go on).
lock table call_number, number_match in share row exclusive mode;

create index call_number_top on call_number (tenant_id, calls desc, number);

create table number_totals (
    tenant_id        uuid   primary key,
    unmatched_calls  bigint not null default 0,  -- calls of numbers the phone book has no contact for
    unmatched_us     bigint not null default 0,  -- and their seconds, in microseconds
    unknown_numbers  bigint not null default 0   -- numbers of calls it was not asked about yet
);

insert into number_totals (tenant_id, unmatched_calls, unmatched_us, unknown_numbers)
select n.tenant_id,
       coalesce(sum(n.calls) filter (where m.number is not null and m.name is null), 0),
       coalesce(sum(n.seconds_us) filter (where m.number is not null and m.name is null), 0),
       count(*) filter (where m.number is null)
from call_number n left join number_match m on m.tenant_id = n.tenant_id and m.number = n.number
group by n.tenant_id;

-- One part of a number's contribution, signed (+ as it is now, - as it was): unasked, how it
-- moves the count of numbers the phone book was not asked about (1, -1 or 0); calls and seconds,
-- counted as unmatched where it was asked (known) and named no contact (not matched).
create type number_part as (tenant_id uuid, unasked int, calls bigint, seconds_us bigint, known boolean, matched boolean);

create function number_totals_add(parts number_part[]) returns void
    language sql
as $$
    insert into number_totals as t (tenant_id, unmatched_calls, unmatched_us, unknown_numbers)
    select p.tenant_id,
           coalesce(sum(p.calls) filter (where p.known and not p.matched), 0),
           coalesce(sum(p.seconds_us) filter (where p.known and not p.matched), 0),
           coalesce(sum(p.unasked), 0)
    from unnest(parts) p
    group by p.tenant_id
    order by p.tenant_id
    on conflict (tenant_id) do update set
        unmatched_calls = t.unmatched_calls + excluded.unmatched_calls,
        unmatched_us = t.unmatched_us + excluded.unmatched_us,
        unknown_numbers = t.unknown_numbers + excluded.unknown_numbers
$$;

-- A number's totals moved (the fold, which holds its tenant's fold lock): in and out as the phone
-- book's answer for it stands now.
create function number_totals_on_numbers() returns trigger
    language plpgsql
as $$
declare
    parts number_part[];
begin
    if tg_op = 'INSERT' then
        select array_agg(row(n.tenant_id, (m.number is null)::int, n.calls, n.seconds_us, m.number is not null,
                             m.name is not null)::number_part)
        into parts
        from new_numbers n left join number_match m on m.tenant_id = n.tenant_id and m.number = n.number;
    elsif tg_op = 'DELETE' then
        select array_agg(row(o.tenant_id, -(m.number is null)::int, -o.calls, -o.seconds_us, m.number is not null,
                             m.name is not null)::number_part)
        into parts
        from old_numbers o left join number_match m on m.tenant_id = o.tenant_id and m.number = o.number;
    else
        select array_agg(row(n.tenant_id, 0, n.calls - o.calls, n.seconds_us - o.seconds_us, m.number is not null,
                             m.name is not null)::number_part)
        into parts
        from new_numbers n join old_numbers o on o.tenant_id = n.tenant_id and o.number = n.number
                           left join number_match m on m.tenant_id = n.tenant_id and m.number = n.number
        where n.calls <> o.calls or n.seconds_us <> o.seconds_us;
    end if;
    if parts is not null then
        perform number_totals_add(parts);
    end if;
    return null;
end
$$;

create trigger number_totals_insert after insert on call_number
    referencing new table as new_numbers for each statement execute function number_totals_on_numbers();
create trigger number_totals_update after update on call_number
    referencing old table as old_numbers new table as new_numbers for each statement execute function number_totals_on_numbers();
create trigger number_totals_delete after delete on call_number
    referencing old table as old_numbers for each statement execute function number_totals_on_numbers();

-- What the phone book said of a number: whether it named a contact.
create type number_answer as (tenant_id uuid, number varchar(32), matched boolean);

-- What the phone book said of numbers moved: each number's totals out as it was said (or in among
-- the numbers not asked about, for an answer removed), in as it is said now (or out of them, for a
-- new answer). The statement first takes the fold lock of each tenant it moved
-- (call_aggregates_fold's), so a fold and this never count a number's move twice or not at all,
-- whichever commits first.
create function number_totals_on_matches() returns trigger
    language plpgsql
as $$
declare
    said number_answer[] := '{}';  -- the statement's answers as they are now
    unsaid number_answer[] := '{}';  -- and as they were
    parts number_part[];
begin
    if tg_op <> 'DELETE' then
        select coalesce(array_agg(row(tenant_id, number, name is not null)::number_answer), '{}') into said from new_matches;
    end if;
    if tg_op <> 'INSERT' then
        select coalesce(array_agg(row(tenant_id, number, name is not null)::number_answer), '{}') into unsaid from old_matches;
    end if;
    perform pg_advisory_xact_lock(22, hashtext(t::text))
    from (select distinct a.tenant_id as t from unnest(said || unsaid) a order by 1) l;
    select array_agg(p) into parts from (
        select row(c.tenant_id, -1, c.calls, c.seconds_us, true, a.matched)::number_part as p
        from unnest(said) a join call_number c on c.tenant_id = a.tenant_id and c.number = a.number
        union all
        select row(c.tenant_id, 1, -c.calls, -c.seconds_us, true, a.matched)::number_part
        from unnest(unsaid) a join call_number c on c.tenant_id = a.tenant_id and c.number = a.number) x;
    if parts is not null then
        perform number_totals_add(parts);
    end if;
    return null;
end
$$;

create trigger number_totals_match_insert after insert on number_match
    referencing new table as new_matches for each statement execute function number_totals_on_matches();
create trigger number_totals_match_update after update on number_match
    referencing old table as old_matches new table as new_matches for each statement execute function number_totals_on_matches();
create trigger number_totals_match_delete after delete on number_match
    referencing old table as old_matches for each statement execute function number_totals_on_matches();
