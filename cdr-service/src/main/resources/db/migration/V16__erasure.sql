-- Erasure of a person (issue 25). erased_number is the tombstone: each form in which the tenant's
-- calls held an erased number, as an HMAC under the service's PRIVACY_KEY (never the number), with
-- the pseudonym that replaced it; every write of calls looks here first, so a sync does not bring
-- the number back. erasure is the receipt: what was asked (as an HMAC too), by whom, and how far
-- it got in each service, so that the same request again answers the same receipt and finishes
-- what a failed dependency left.
create table erased_number (
    tenant_id  uuid        not null,
    number_key char(64)    not null,
    pseudonym  varchar(32) not null,
    erased_at  timestamptz not null default now(),
    primary key (tenant_id, number_key)
);

create table erasure (
    id            uuid         primary key,
    tenant_id     uuid         not null,
    subject_key   char(64)     not null,
    kind          varchar(6)   not null check (kind in ('number', 'email')),
    requested_by  varchar(255),
    requested_at  timestamptz  not null default now(),
    completed_at  timestamptz,
    pseudonyms    text[]       not null default '{}',
    steps         jsonb        not null default '{}'::jsonb,
    unique (tenant_id, subject_key)
);
