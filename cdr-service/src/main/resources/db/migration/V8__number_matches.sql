-- What the phone book said of each number the tenant's calls have, so that a report asks it only
-- about numbers it has not seen and numbers whose contact changed since (its change feed,
-- GET /phone_book/changes), not about every number each time.
create table number_match (
    tenant_id   uuid         not null,
    number      varchar(32)  not null, -- as the calls have it
    normalized  varchar(16),           -- the phone book's E.164 for it; null: not a number it can match
    name        varchar(255),          -- the contact's name; null: no contact
    primary key (tenant_id, number)
);
create index number_match_normalized on number_match (tenant_id, normalized);

-- Where the tenant's reading of the phone book's change feed stands; null: never read.
alter table tenant add column phonebook_position bigint;
