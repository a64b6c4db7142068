#!/bin/sh
# Runs once, when the postgres service starts on an empty data volume, as the superuser.
# Two roles (docs/deployment.md, "The case database's roles"):
#   facecompare_owner  owns the database, runs the migrations, owns tables and triggers;
#   facecompare_app    what workstations, kiosks and the server log in as: after the `migrate`
#                      service's grants it may only SELECT and INSERT (see app/cases/pgroles.py).
# The superuser (POSTGRES_USER) is for this script and the DBA only; nothing connects with it.
set -eu
secrets=${SECRETS_DIR:-/run/secrets}
owner_pw=$(cat "$secrets/cases_owner_password")
app_pw=$(cat "$secrets/cases_app_password")
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_pw="$owner_pw" -v app_pw="$app_pw" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE facecompare_owner LOGIN PASSWORD :'owner_pw';
CREATE ROLE facecompare_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_pw';
ALTER DATABASE :"db" OWNER TO facecompare_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO facecompare_app;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "ALTER SCHEMA public OWNER TO facecompare_owner" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC"
