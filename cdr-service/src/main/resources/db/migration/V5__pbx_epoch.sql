-- What the stored cursor counts in: the PBX's name for the numbering of its feed, which a
-- restarted PBX changes. A cursor of another epoch means nothing there; the next sync reads the
-- feed from its start (null: a PBX that names no epoch).
alter table tenant add column pbx_epoch varchar(64);
