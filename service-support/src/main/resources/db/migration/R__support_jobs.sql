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

-- Jobs that survive their pod (issue 41): the queue is this table, not an instance's memory. A
-- job's kind and parameters say what to do, its upload waits in job_file (1 MiB parts, read back
-- a part at a time), and any instance of the service takes the next queued job (SKIP LOCKED).
-- owner: the process running it; attempts: how often it was taken (an instance that stopped
-- without handing it back costs one; a job taken max-attempts times and lost again fails).
alter table job add column if not exists parameters jsonb;
alter table job add column if not exists owner varchar(255);
alter table job add column if not exists attempts integer not null default 0;
create index if not exists job_waiting on job (state, created_at) where state in ('queued', 'running');
create table if not exists job_file (
    job_id uuid    not null references job (id) on delete cascade,
    part   integer not null,
    data   bytea   not null,
    primary key (job_id, part)
);
