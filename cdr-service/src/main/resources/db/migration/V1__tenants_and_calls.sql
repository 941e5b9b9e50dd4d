create table tenant (
    id             uuid primary key,
    created_at     timestamptz not null default now(),
    last_synced_at timestamptz
);

-- The order in which a call's events happen; a late event never moves a call backwards.
create function call_action_rank(action text) returns int
    language sql immutable parallel safe
as $$
select case action when 'ORIGINATE' then 1 when 'RING' then 2 when 'ANSWERED' then 3 when 'HANGUP' then 4 end
$$;

create table call_record (
    id                          bigint generated always as identity primary key,
    tenant_id                   uuid         not null references tenant (id),
    uuid                        varchar(64)  not null,
    domain_name                 varchar(255),
    caller_name                 varchar(255),
    -- Numbers are kept as the digits they arrived as (leading zeros, '+'); *_numeric says
    -- whether they arrived as a JSON number, so they go out in the same form.
    caller_number               varchar(32),
    caller_number_numeric       boolean,
    destination_number          varchar(32),
    destination_number_numeric  boolean,
    direction                   varchar(8) check (direction in ('inbound', 'outbound')),
    call_start                  timestamptz,
    ring_start                  timestamptz,
    answer_start                timestamptz,
    call_end                    timestamptz,
    duration                    integer check (duration >= 0),
    recording                   varchar(64),
    click_to_call               boolean,
    click_to_call_data          text,
    action                      varchar(16) check (action is null or call_action_rank(action) is not null),
    updated_at                  timestamptz  not null default now(),
    constraint call_record_tenant_uuid unique (tenant_id, uuid)
);

create index call_record_tenant_call_start on call_record (tenant_id, call_start desc);
create index call_record_tenant_recording on call_record (tenant_id, recording);
