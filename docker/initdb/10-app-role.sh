#!/bin/sh
# Runs once, when the postgres container initialises an empty data folder. POSTGRES_USER (keshikomi)
# owns the schema and runs the migrations; the service logs in as keshikomi_app, which owns nothing
# and gets its grants from `keshikomi migrate --app-role keshikomi_app` (the migrate service).
set -eu
psql -v ON_ERROR_STOP=1 -v app_password="$KESHIKOMI_APP_PASSWORD" -v db="$POSTGRES_DB" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE keshikomi_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO keshikomi_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
