-- Delivery leases that do not outlive their pod (issue 41). Each instance running deliveries has
-- a row here, seen every third of crm.outbound.lease; a delivery's lease is short and renewed
-- while it is in flight. An instance not seen for a lease (a pod replaced under a new name, a
-- crash) loses its row, and any other instance's heartbeat makes its deliveries due at once.
create table outbound_instance (
    id      varchar(255) primary key,
    seen_at timestamptz not null default now()
);
