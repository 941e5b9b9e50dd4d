-- Every verified webhook event, stored before the PBX gets its 2xx, until cdr-service has it.
-- The key (tenant, webhook-id) is the replay guard: a redelivery finds its row and is not stored
-- twice, whichever replica it reaches and across restarts, for as long as retention keeps it.
create table inbox_event (
    tenant_id    uuid         not null,
    id           varchar(255) not null,
    -- arrival order, in which a tenant's events are forwarded
    seq          bigint       generated always as identity,
    body         text         not null,
    received_at  timestamptz  not null default now(),
    forwarded_at timestamptz,
    -- cdr-service's reason, where it refused the event itself (kept for the operator, not retried)
    rejected     text,
    primary key (tenant_id, id)
);

create index inbox_event_pending on inbox_event (tenant_id, seq) where forwarded_at is null and rejected is null;
create index inbox_event_done on inbox_event (received_at) where forwarded_at is not null or rejected is not null;
