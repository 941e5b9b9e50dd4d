-- How often the stuck-call job pulled a tenant's calls again for one call still on a non-final
-- event (issue 37): at most crm.reconciliation.max-pulls times, then the call waits for a person
-- (the reconciliation report shows it). Without it a call left on RING made the job re-read its
-- tenant's whole PBX feed every 5 minutes for a week.
create table stuck_pull (
    tenant_id  uuid        not null,
    uuid       varchar(64) not null,
    pulls      integer     not null default 0,
    pulled_at  timestamptz not null default now(),
    primary key (tenant_id, uuid)
);
