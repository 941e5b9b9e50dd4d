-- A tenant's PBX (issue 39): where its calls are pulled from and how its webhooks are checked.
-- The credentials and the webhook secret are sealed (AES-GCM under a key derived from
-- API_KEY_SECRET, bound to the tenant): pbx-integration-service needs them back to sign
-- requests and check signatures, so a hash would not do; a copy of the table alone reveals none.
create table pbx_connection (
    tenant_id        uuid primary key references tenant (id),
    base_url         text not null check (length(base_url) between 1 and 2000),
    kind             text not null check (kind in ('signed', 'original')),
    credentials      bytea,
    webhook_secret   bytea,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    -- As pbx-integration-service reports them.
    last_pull_at     timestamptz,
    last_webhook_at  timestamptz,
    subscription     text check (subscription in ('subscribed', 'not supported')),
    subscribed_at    timestamptz,
    last_error       text check (length(last_error) <= 500),
    last_error_at    timestamptz,
    check (kind = 'signed' or webhook_secret is null)
);
