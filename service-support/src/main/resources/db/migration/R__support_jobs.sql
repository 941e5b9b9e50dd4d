-- support.jobs.Jobs: long work of a service with a database (every such service's Flyway run finds
-- this file in service-support's jar). Repeatable and idempotent: a changed file runs again.
create table if not exists job (
    id          uuid primary key,
    tenant_id   uuid,                       -- null: an admin's job over every tenant
    kind        varchar(32) not null,
    state       varchar(16) not null check (state in ('queued', 'running', 'succeeded', 'failed')),
    done        bigint not null default 0,
    total       bigint,
    error_count bigint not null default 0,
    errors      jsonb  not null default '[]', -- the first Jobs.MAX_ERRORS
    result      jsonb,
    failure     text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),  -- the instance's heartbeat while it is not ended
    finished_at timestamptz
);
create index if not exists job_finished_at on job (finished_at);
