-- Trusted extension (PostgreSQL 13+): the database owner may create it.
create extension if not exists pg_trgm;

create table contact (
    id          bigint generated always as identity primary key,
    tenant_id   uuid         not null,
    -- E.164, the key lookups match on; raw_number is the form the contact was given in.
    number      varchar(16)  not null,
    raw_number  varchar(64)  not null,
    name        varchar(255) not null,
    email       varchar(320),
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    constraint contact_tenant_number unique (tenant_id, number)
);

-- Listing is by name within a tenant; search is a substring of the name or the number.
create index contact_tenant_name on contact (tenant_id, name, number);
create index contact_name_trgm on contact using gin (lower(name) gin_trgm_ops);
create index contact_number_trgm on contact using gin (number gin_trgm_ops);
