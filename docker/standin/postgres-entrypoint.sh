#!/bin/bash
# Entry point of the PostgreSQL stand-in image (Debian's postgresql-15), honouring the official
# postgres image's variables: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA,
# POSTGRES_INITDB_ARGS, and the scripts in /docker-entrypoint-initdb.d on first start.
set -euo pipefail
export PATH=/usr/lib/postgresql/15/bin:$PATH
export PGDATA=${PGDATA:-/var/lib/postgresql/data}
POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set, as for the official image}"

mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
as_postgres() { runuser -u postgres -- "$@"; }

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  pwfile=$(mktemp); echo "$POSTGRES_PASSWORD" >"$pwfile"; chown postgres "$pwfile"
  # shellcheck disable=SC2086
  as_postgres initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/run/postgresql" -w start >/dev/null
  if [[ "$POSTGRES_DB" != postgres ]]; then
    as_postgres psql -v ON_ERROR_STOP=1 -h /run/postgresql -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  export PGHOST=/run/postgresql
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; runuser -u postgres --preserve-environment -- bash "$f" ;;
      *.sql) echo "running $f"; as_postgres psql -v ON_ERROR_STOP=1 -h /run/postgresql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -f "$f" ;;
    esac
  done
  unset PGHOST
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi
exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/run/postgresql
