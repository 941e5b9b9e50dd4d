-- The tenant registry (issue 39): tenants and their API keys. A suspended tenant keeps its row
-- and its data elsewhere; its keys are refused. Names are unique ignoring case, so that two
-- tenants an operator would read as one cannot both exist.
create table tenant (
    id            uuid primary key,
    name          text not null check (length(name) between 1 and 100),
    region        char(2) not null,
    time_zone     text not null,
    created_at    timestamptz not null default now(),
    suspended_at  timestamptz
);

create unique index tenant_name_unique on tenant (lower(name));

-- A key is kept only as its HMAC-SHA256 under API_KEY_SECRET (the gateway's secret): the registry
-- can tell the gateway whose a presented key is, and cannot give a key back. prefix is the key's
-- first characters, shown in lists and searchable in logs, never enough to use it. An admin key
-- has no tenant.
create table api_key (
    id            uuid primary key,
    tenant_id     uuid references tenant (id),
    name          text not null check (length(name) between 1 and 100),
    prefix        text not null,
    hmac          text not null unique,
    role          text not null check (role in ('tenant', 'read-only', 'admin')),
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    check ((role = 'admin') = (tenant_id is null))
);

create index api_key_tenant on api_key (tenant_id, created_at);
