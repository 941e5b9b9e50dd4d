#!/bin/bash
# One database and one owner per service that keeps data (run once, on an empty volume).
set -euo pipefail
: "${CDR_DB_PASSWORD:?set CDR_DB_PASSWORD (see .env.example)}"
: "${PHONEBOOK_DB_PASSWORD:?set PHONEBOOK_DB_PASSWORD (see .env.example)}"
: "${PBX_DB_PASSWORD:?set PBX_DB_PASSWORD (see .env.example)}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v cdr_password="$CDR_DB_PASSWORD" -v phonebook_password="$PHONEBOOK_DB_PASSWORD" \
  -v pbx_password="$PBX_DB_PASSWORD" <<'SQL'
CREATE ROLE cdr LOGIN PASSWORD :'cdr_password';
CREATE DATABASE cdr OWNER cdr;
CREATE ROLE phonebook LOGIN PASSWORD :'phonebook_password';
CREATE DATABASE phonebook OWNER phonebook;
CREATE ROLE pbx LOGIN PASSWORD :'pbx_password';
CREATE DATABASE pbx OWNER pbx;
SQL
