-- Least privilege for Grondslag on PostgreSQL (issue 17). Run once as a superuser (or a role with CREATEROLE and
-- CREATEDB):
--   psql -v owner=grondslag_owner -v owner_password='…' -v app=grondslag_app -v app_password='…' \
--        -v database=grondslag -f scripts/postgres-roles.sql
-- It creates (when missing):
--   * the migration role (:owner): owns the database and its schema; the server uses it only to migrate
--     (Grondslag__Database__MigrationConnectionString or GRONDSLAG_DB_MIGRATION);
--   * the application role (:app): the server's everyday connection (Grondslag__Database__ConnectionString or
--     GRONDSLAG_DB). Not a superuser, cannot create roles or databases, owns nothing, at most 40 connections (the
--     server's pool is 30). After each migration the server, as :owner, grants it DML on every table and revokes
--     UPDATE, DELETE and TRUNCATE on the audit log (Grondslag.Storage.PostgreSqlPrivileges), and default privileges
--     give it DML on tables later migrations create.
--   * the database (:database), owned by :owner, which only :owner and :app may connect to.
\set ON_ERROR_STOP on
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'owner', :'owner_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT CONNECTION LIMIT 40 PASSWORD %L', :'app', :'app_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'database', :'app') \gexec
\connect :"database"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
