-- How long a tenant's contacts are kept (issue 25): days since a contact was last written; null
-- keeps them all. The retention job deletes in batches, on one instance at a time (shedlock,
-- R__support_audit.sql in service-support), and
-- the change feed (V2) tells cdr-service which numbers lost their contact.
create table tenant_setting (
    tenant_id               uuid primary key,
    contact_retention_days  integer check (contact_retention_days between 1 and 36500)
);

create index contact_tenant_updated on contact (tenant_id, updated_at);

