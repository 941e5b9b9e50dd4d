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

-- One part of a number's contribution, signed (+ as it is now, - as it was): numbers, 1 for a
-- number coming in or -1 going out (0 for its totals moving); known: the phone book was asked
-- about it; matched: it named a contact.
create type number_part as (tenant_id uuid, numbers int, calls bigint, seconds_us bigint, known boolean, matched boolean);

create function number_totals_add(parts number_part[]) returns void
    language sql
as $$
    insert into number_totals as t (tenant_id, unmatched_calls, unmatched_us, unknown_numbers)
    select p.tenant_id,
           coalesce(sum(p.calls) filter (where p.known and not p.matched), 0),
           coalesce(sum(p.seconds_us) filter (where p.known and not p.matched), 0),
           coalesce(sum(p.numbers) filter (where not p.known), 0)
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
        select array_agg(row(n.tenant_id, 1, n.calls, n.seconds_us, m.number is not null, m.name is not null)::number_part)
        into parts
        from new_numbers n left join number_match m on m.tenant_id = n.tenant_id and m.number = n.number;
    elsif tg_op = 'DELETE' then
        select array_agg(row(o.tenant_id, -1, -o.calls, -o.seconds_us, m.number is not null, m.name is not null)::number_part)
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

-- What the phone book said of numbers moved: each number's totals out as it was said, in as it is.
-- The statement first takes the fold lock of each tenant it moved (call_aggregates_fold's), so a
-- fold and this never count a number's move twice or not at all, whichever commits first.
create function number_totals_on_matches() returns trigger
    language plpgsql
as $$
declare
    parts number_part[];
begin
    if tg_op = 'INSERT' then
        perform pg_advisory_xact_lock(22, hashtext(t::text)) from (select distinct tenant_id as t from new_matches order by 1) l;
        select array_agg(p) into parts from (
            select row(c.tenant_id, 1, c.calls, c.seconds_us, true, m.name is not null)::number_part as p
            from new_matches m join call_number c on c.tenant_id = m.tenant_id and c.number = m.number
            union all
            select row(c.tenant_id, -1, -c.calls, -c.seconds_us, false, false)::number_part
            from new_matches m join call_number c on c.tenant_id = m.tenant_id and c.number = m.number) x;
    elsif tg_op = 'DELETE' then
        perform pg_advisory_xact_lock(22, hashtext(t::text)) from (select distinct tenant_id as t from old_matches order by 1) l;
        select array_agg(p) into parts from (
            select row(c.tenant_id, -1, -c.calls, -c.seconds_us, true, m.name is not null)::number_part as p
            from old_matches m join call_number c on c.tenant_id = m.tenant_id and c.number = m.number
            union all
            select row(c.tenant_id, 1, c.calls, c.seconds_us, false, false)::number_part
            from old_matches m join call_number c on c.tenant_id = m.tenant_id and c.number = m.number) x;
    else
        perform pg_advisory_xact_lock(22, hashtext(t::text)) from (select distinct tenant_id as t from new_matches order by 1) l;
        select array_agg(p) into parts from (
            select row(c.tenant_id, 0, c.calls, c.seconds_us, true, n.name is not null)::number_part as p
            from new_matches n join old_matches o on o.tenant_id = n.tenant_id and o.number = n.number
                               join call_number c on c.tenant_id = n.tenant_id and c.number = n.number
            where (n.name is null) <> (o.name is null)
            union all
            select row(c.tenant_id, 0, -c.calls, -c.seconds_us, true, o.name is not null)::number_part
            from new_matches n join old_matches o on o.tenant_id = n.tenant_id and o.number = n.number
                               join call_number c on c.tenant_id = n.tenant_id and c.number = n.number
            where (n.name is null) <> (o.name is null)) x;
    end if;
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
