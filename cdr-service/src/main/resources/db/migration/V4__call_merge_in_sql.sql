-- How an event about a call merges into the stored call, column by column (the upsert in
-- CallRepository). An event older than what is stored (a lower action rank) only fills gaps;
-- any other event overwrites, but a null never wipes a known value. Plain immutable SQL: the
-- planner inlines it into the upsert.
create function call_merge(stored_action text, incoming_action text, stored anyelement, incoming anyelement)
    returns anyelement
    language sql immutable parallel safe
as $$
select case
           when incoming_action is not null and stored_action is not null
               and call_action_rank(incoming_action) < call_action_rank(stored_action)
               then coalesce(stored, incoming)
           else coalesce(incoming, stored)
       end
$$;

-- A replay that changes nothing does not touch the row at all (no new row version, updated_at
-- kept, not counted as updated); anything else stamps updated_at.
create function call_record_skip_unchanged() returns trigger
    language plpgsql
as $$
begin
    new.updated_at := old.updated_at;
    if new is not distinct from old then
        return null;
    end if;
    new.updated_at := now();
    return new;
end
$$;

create trigger call_record_skip_unchanged
    before update on call_record
    for each row execute function call_record_skip_unchanged();
