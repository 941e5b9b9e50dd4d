-- A check value of the PRIVACY_KEY the tombstones were made with (an HMAC of a fixed text, not the
-- key): a service started with another key would silently un-erase everyone, since no tombstone
-- would match again, so it refuses to start instead (call.PrivacyKeyCheck).
create table privacy_key_check (
    id          int      primary key check (id = 1),
    check_value char(64) not null,
    set_at      timestamptz not null default now()
);
