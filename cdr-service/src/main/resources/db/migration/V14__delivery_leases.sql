-- Which instance holds a delivery it took. A lease covers a whole batch sent one after another
-- (crm.outbound.timeout each), minutes; an instance that was killed and started again gives its
-- own leases back at once instead of leaving its batch waiting for them to run out.
alter table webhook_delivery add column leased_by varchar(255);
