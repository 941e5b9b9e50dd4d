-- A tenant's shares (issue 39): what it may hold beyond the deployment's defaults
-- (crm.shares.defaults, crm.gateway.rate-limit). A null column is the default.
create table tenant_share (
    tenant_id            uuid primary key references tenant (id),
    streams              integer check (streams between 0 and 10000),
    jobs                 integer check (jobs between 0 and 1000),
    deliveries           integer check (deliveries between 0 and 1000),
    requests_per_second  double precision check (requests_per_second > 0 and requests_per_second <= 100000),
    burst                integer check (burst between 1 and 1000000),
    updated_at           timestamptz not null default now()
);

-- A key imported from a deployment's configuration (its gateway's YAML keys, at the first start)
-- arrives as an HMAC only: there is no text to take a prefix from.
alter table api_key alter column prefix drop not null;
