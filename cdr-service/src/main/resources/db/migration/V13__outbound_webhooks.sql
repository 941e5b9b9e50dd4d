-- Webhooks to a tenant's own endpoints (POST /cdr/webhooks): every call event an endpoint asked
-- for becomes a delivery in the same transaction as the event (an outbox: a write that commits
-- is delivered, whatever fails after), retried with backoff until the endpoint answers 2xx, in
-- order per call. Its id is the webhook-id a receiver deduplicates by.
create table webhook_endpoint (
    id               uuid          primary key,
    tenant_id        uuid          not null,
    url              varchar(2048) not null,
    events           varchar(8)[]  not null,
    secret           varchar(128)  not null,  -- whsec_<base64>, the endpoint's signing key
    enabled          boolean       not null default true,
    failing_since    timestamptz,             -- the first failure since its last success
    disabled_reason  text,
    created_at       timestamptz   not null default now()
);
create index webhook_endpoint_tenant on webhook_endpoint (tenant_id);

create table webhook_delivery (
    id               bigint generated always as identity primary key,
    endpoint_id      uuid         not null references webhook_endpoint (id) on delete cascade,
    event_id         bigint       not null,
    call_uuid        varchar(64)  not null,
    state            varchar(9)   not null default 'pending' check (state in ('pending', 'delivered')),
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz  not null default now(),
    last_status      integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz  not null default now(),
    constraint webhook_delivery_once unique (endpoint_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where state = 'pending';
create index webhook_delivery_call on webhook_delivery (endpoint_id, call_uuid, id) where state = 'pending';
create index webhook_delivery_event on webhook_delivery (event_id) where state = 'pending';
create index webhook_delivery_log on webhook_delivery (endpoint_id, id desc);

create function webhook_delivery_enqueue() returns trigger
    language plpgsql
as $$
begin
    insert into webhook_delivery (endpoint_id, event_id, call_uuid)
    select w.id, e.id, e.call_uuid
    from new_events e
    join webhook_endpoint w on w.tenant_id = e.tenant_id and w.enabled and e.state = any (w.events)
    order by e.id;
    return null;
end
$$;

create trigger webhook_delivery_enqueue after insert on call_event
    referencing new table as new_events for each statement execute function webhook_delivery_enqueue();
