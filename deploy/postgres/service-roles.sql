-- One PostgreSQL role per service, each owning its own schema and nothing else
-- (docs/architecture.md, "One database role per service"). Run by the database administrator
-- (a superuser) on the system's database, as often as you like: it makes what is missing,
-- hands over what an older version left to the administrator, and changes nothing else.
--
-- Its inputs are settings of the session that runs it:
--   feedback_desk.services             the services, comma-separated; each gets the login role
--                                      <prefix><service>, owner of the schema <service>
--   feedback_desk.role_prefix          the roles' prefix (default fd_)
--   feedback_desk.password_<service>   that role's password; empty or unset leaves it as it is
--                                      (a server with trust authentication needs none)
--   feedback_desk.test_clock           on: the shared test clock's table, read by every role and
--                                      moved by the gateway's (test mode only, never in production)
-- tools/db/service-roles.ts sets them for `npm start` and the tests, provision-roles.psql from the
-- environment for psql (docker-compose.yml).
--
-- Roles belong to the whole server, databases do not: every database of the server (each test
-- run has its own) shares the roles, and a role's rights in a database come from owning its
-- schema there and being granted CONNECT to it.
DO $provision$
DECLARE
  services text[] := string_to_array(replace(current_setting('feedback_desk.services'), ' ', ''), ',');
  prefix text := coalesce(nullif(current_setting('feedback_desk.role_prefix', true), ''), 'fd_');
  test_clock boolean := lower(coalesce(current_setting('feedback_desk.test_clock', true), '')) IN ('on', '1', 'true');
  svc text;
  r text;
  pw text;
  owner_oid oid;
  obj record;
BEGIN
  -- two provisionings of one database take turns (an advisory lock is per database)
  PERFORM pg_advisory_xact_lock(hashtext('feedback_desk.provision-roles'));
  IF prefix !~ '^[a-z_][a-z0-9_]*$' THEN
    RAISE EXCEPTION 'feedback_desk.role_prefix: "%" is not a role name prefix', prefix;
  END IF;

  -- Nobody but the administrator creates objects in public or temporary tables, and only the
  -- roles granted CONNECT below connect to this database.
  IF EXISTS (SELECT FROM pg_namespace WHERE nspname = 'public') THEN
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  END IF;
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());

  -- The extensions the services' migrations use (pg_trgm: the purchases search's trigram
  -- indexes), made here in public: a service's role may not create one, and its migration's
  -- CREATE EXTENSION IF NOT EXISTS then finds it made.
  CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

  FOREACH svc IN ARRAY services LOOP
    IF svc !~ '^[a-z][a-z0-9_]*$' THEN
      RAISE EXCEPTION 'feedback_desk.services: "%" is not a service name', svc;
    END IF;
    r := prefix || svc;

    -- The role: a login with no power beyond what it owns or is granted. Another run on the
    -- same server may be creating it at this moment.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- made meanwhile by the other run
      END;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = r
               AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR NOT rolcanlogin)) THEN
      EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
    END IF;
    pw := current_setting('feedback_desk.password_' || svc, true);
    IF coalesce(pw, '') <> '' THEN
      EXECUTE format('ALTER ROLE %I PASSWORD %L', r, pw);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r);

    -- The schema, owned by the role: it runs its migrations there and needs nothing granted.
    SELECT nspowner INTO owner_oid FROM pg_namespace WHERE nspname = svc;
    IF NOT FOUND THEN
      EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', svc, r);
    ELSE
      -- made before the roles existed (every service was the administrator): hand it over with
      -- everything in it, or the service could not read its own tables
      IF owner_oid <> r::regrole THEN
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', svc, r);
      END IF;
      FOR obj IN
        SELECT c.relname, c.relkind FROM pg_class c
        WHERE c.relnamespace = svc::regnamespace AND c.relowner <> r::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      LOOP
        EXECUTE format('ALTER %s %I.%I OWNER TO %I',
          CASE obj.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
          svc, obj.relname, r);
      END LOOP;
      -- after the tables, which take the sequences of their serial columns with them
      FOR obj IN
        SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = svc::regnamespace AND c.relowner <> r::regrole AND c.relkind = 'S'
      LOOP
        EXECUTE format('ALTER SEQUENCE %I.%I OWNER TO %I', svc, obj.relname, r);
      END LOOP;
      FOR obj IN
        SELECT p.oid::regprocedure AS routine FROM pg_proc p
        WHERE p.pronamespace = svc::regnamespace AND p.proowner <> r::regrole
      LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', obj.routine, r);
      END LOOP;
      FOR obj IN
        SELECT t.oid::regtype AS type FROM pg_type t
        WHERE t.typnamespace = svc::regnamespace AND t.typowner <> r::regrole
          AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
      LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO %I', obj.type, r);
      END LOOP;
    END IF;
  END LOOP;

  -- The shared test clock (libs/platform/src/time/clock.ts): the administrator owns it, every
  -- service reads it (and inserts the first row, where a fresh clock starts), only the gateway
  -- moves it (POST /api/v1/_test/clock).
  IF test_clock THEN
    CREATE SCHEMA IF NOT EXISTS test_clock;
    CREATE TABLE IF NOT EXISTS test_clock.offset_ms (id boolean PRIMARY KEY DEFAULT true CHECK (id), offset_ms bigint NOT NULL);
    FOREACH svc IN ARRAY services LOOP
      EXECUTE format('GRANT USAGE ON SCHEMA test_clock TO %I', prefix || svc);
      EXECUTE format('GRANT SELECT, INSERT ON test_clock.offset_ms TO %I', prefix || svc);
    END LOOP;
    IF 'gateway' = ANY (services) THEN
      EXECUTE format('GRANT UPDATE ON test_clock.offset_ms TO %I', prefix || 'gateway');
    END IF;
  END IF;
END
$provision$;
