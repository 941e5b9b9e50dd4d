#!/bin/bash
# One database per service that keeps data, with two roles (run once, on an empty volume): its
# owner, as which migrations run, and <name>_app, as which the service runs. Migrations hand the
# latter its rows (service-support's afterMigrate__support_app_role.sql): no DDL, and on the
# audit trail insert and select only.
set -euo pipefail
: "${CDR_DB_PASSWORD:?set CDR_DB_PASSWORD (see .env.example)}"
: "${PHONEBOOK_DB_PASSWORD:?set PHONEBOOK_DB_PASSWORD (see .env.example)}"
: "${PBX_DB_PASSWORD:?set PBX_DB_PASSWORD (see .env.example)}"
: "${CDR_APP_DB_PASSWORD:?set CDR_APP_DB_PASSWORD (see .env.example)}"
: "${PHONEBOOK_APP_DB_PASSWORD:?set PHONEBOOK_APP_DB_PASSWORD (see .env.example)}"
: "${PBX_APP_DB_PASSWORD:?set PBX_APP_DB_PASSWORD (see .env.example)}"
: "${TENANT_DB_PASSWORD:?set TENANT_DB_PASSWORD (see .env.example)}"
: "${TENANT_APP_DB_PASSWORD:?set TENANT_APP_DB_PASSWORD (see .env.example)}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v cdr_password="$CDR_DB_PASSWORD" -v phonebook_password="$PHONEBOOK_DB_PASSWORD" \
  -v pbx_password="$PBX_DB_PASSWORD" -v cdr_app_password="$CDR_APP_DB_PASSWORD" \
  -v phonebook_app_password="$PHONEBOOK_APP_DB_PASSWORD" -v pbx_app_password="$PBX_APP_DB_PASSWORD" \
  -v tenant_password="$TENANT_DB_PASSWORD" -v tenant_app_password="$TENANT_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE cdr LOGIN PASSWORD :'cdr_password';
CREATE DATABASE cdr OWNER cdr;
CREATE ROLE phonebook LOGIN PASSWORD :'phonebook_password';
CREATE DATABASE phonebook OWNER phonebook;
CREATE ROLE pbx LOGIN PASSWORD :'pbx_password';
CREATE DATABASE pbx OWNER pbx;
CREATE ROLE tenant LOGIN PASSWORD :'tenant_password';
CREATE DATABASE tenant OWNER tenant;
CREATE ROLE cdr_app LOGIN PASSWORD :'cdr_app_password';
CREATE ROLE phonebook_app LOGIN PASSWORD :'phonebook_app_password';
CREATE ROLE pbx_app LOGIN PASSWORD :'pbx_app_password';
CREATE ROLE tenant_app LOGIN PASSWORD :'tenant_app_password';
SQL
