#!/usr/bin/env bash
# Makes a PostgreSQL server available on 127.0.0.1:5432 for the tests: installs Debian's package when
# missing (as root), starts the cluster, and creates the test role. Prints the connection string.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then echo "PostgreSQL is not installed; run as root or install the 'postgresql' package" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(pg_lsclusters --no-header | awk 'NR==1 {print $1}')
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $2}')
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1); cluster=main
  pg_createcluster "$version" "$cluster" >&2
fi
if ! pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
  pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='grondslag'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE grondslag LOGIN SUPERUSER PASSWORD 'grondslag'\"" >&2
# Least privilege (scripts/postgres-roles.sql): a migration role that owns the database "grondslag" and an application
# role with DML only (no UPDATE/DELETE/TRUNCATE on the audit log, no DDL, 40 connections). Development passwords.
su postgres -c "psql -q -v owner=grondslag_owner -v owner_password=grondslag-owner -v app=grondslag_app -v app_password=grondslag-app -v database=grondslag -f '$(cd "$(dirname "$0")" && pwd)/postgres-roles.sql'" >&2
echo "Server:    Grondslag__Database__ConnectionString='Host=127.0.0.1;Port=5432;Username=grondslag_app;Password=grondslag-app;Database=grondslag'" >&2
echo "Migration: Grondslag__Database__MigrationConnectionString='Host=127.0.0.1;Port=5432;Username=grondslag_owner;Password=grondslag-owner;Database=grondslag'" >&2
echo "Host=127.0.0.1;Port=5432;Username=grondslag;Password=grondslag;Database=postgres"
