-- Missed-call follow-ups (GET /cdr/follow-ups): how long a tenant gives itself to return a missed
-- call before the caller is listed, and the callers marked called back by hand. An answered call
-- to or from the number clears its entry by itself; a mark clears what was missed before it.
alter table tenant add column follow_up_minutes integer not null default 15
    check (follow_up_minutes between 0 and 10080);

create table follow_up_done (
    tenant_id  uuid        not null,
    key        varchar(32) not null, -- the entry's key: the phone book's E.164 for the number, else the number
    done_at    timestamptz not null default now(),
    primary key (tenant_id, key)
);
