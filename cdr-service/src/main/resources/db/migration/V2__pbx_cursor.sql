-- Where the last sync's last stored page ended in the PBX's call feed (its /cdrs cursor).
alter table tenant add column pbx_cursor bigint not null default 0;
