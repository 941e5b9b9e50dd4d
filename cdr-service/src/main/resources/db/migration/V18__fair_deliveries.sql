-- Fair outbound deliveries (issue 37). An endpoint backs off as a whole: after a failure none of
-- its deliveries is tried before blocked_until, which grows with its failures in a row, so an
-- unreachable endpoint costs one attempt per back-off, not one per pending delivery. Candidates
-- are read per endpoint, oldest first (webhook_delivery_endpoint_due), and shared round robin
-- across tenants by the instance.
alter table webhook_endpoint add column blocked_until timestamptz;
alter table webhook_endpoint add column failures integer not null default 0;
create index webhook_delivery_endpoint_due on webhook_delivery (endpoint_id, id) where state = 'pending';

-- A call without any time is not news: posting timeless calls made events (and deliveries) at
-- will; the PBX's live webhooks always carry the call's start.
create or replace function call_is_live(c call_record) returns boolean language sql stable parallel safe
as $$ select coalesce(greatest(c.call_start, c.ring_start, c.answer_start, c.call_end) > now() - interval '1 hour', false) $$;
