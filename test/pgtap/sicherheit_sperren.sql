-- pgTAP, security class 6 (availability), the part one session can show: no organisation's role
-- and no BI role can LOCK any table or view of kaoa in a mode above ROW EXCLUSIVE (42501; PostgreSQL
-- 15 allows those modes only with table-level UPDATE, DELETE or TRUNCATE, and kaoa grants UPDATE per
-- column and DELETE to no organisation); organisations delete through owner-run functions that
-- delete exactly what row-level security lets them reach; registered roles get lock_timeout and
-- idle_in_transaction_session_timeout in this database (organisations and BI also statement_timeout),
-- and a value the DBA set is kept.  The
-- sessions that wait (or do not) are in test/scripts/sicherheit_sperren.sh.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(52);

-- pg_temp.sperren(): as the current role, every table and view of kaoa in every mode above ROW
-- EXCLUSIVE; returns the "table mode" pairs that were NOT refused with 42501 (each try in its own
-- subtransaction, so a refusal leaves nothing behind)
CREATE FUNCTION pg_temp.sperren() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
    m text;
    offen text[] := '{}';
BEGIN
    FOR t IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind IN ('r', 'v') ORDER BY 1 LOOP
        FOREACH m IN ARRAY ARRAY['ROW SHARE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE',
                                 'ACCESS EXCLUSIVE'] LOOP
            BEGIN
                EXECUTE format('LOCK TABLE %s IN %s MODE NOWAIT', t, m);
                offen := offen || (t::text || ' ' || m);
            EXCEPTION WHEN insufficient_privilege THEN
                NULL;
            WHEN OTHERS THEN
                offen := offen || (t::text || ' ' || m || ' ' || SQLSTATE);
            END;
        END LOOP;
    END LOOP;
    RETURN offen;
END $$;
SELECT count(*) AS tabellen FROM pg_class c WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind IN ('r', 'v') \gset
SELECT cmp_ok(:tabellen, '>=', 30, 'every table and view of kaoa is tried (' || :tabellen || ')');

SET LOCAL ROLE t_s1;  SELECT is(pg_temp.sperren(), '{}', 'a school cannot LOCK any table of kaoa above ROW EXCLUSIVE (42501)'); RESET ROLE;
SET LOCAL ROLE t_bk;  SELECT is(pg_temp.sperren(), '{}', 'nor a Berufskolleg'); RESET ROLE;
SET LOCAL ROLE t_aa;  SELECT is(pg_temp.sperren(), '{}', 'nor an Agentur'); RESET ROLE;
SET LOCAL ROLE t_jc;  SELECT is(pg_temp.sperren(), '{}', 'nor a Jobcenter'); RESET ROLE;
SET LOCAL ROLE t_ja;  SELECT is(pg_temp.sperren(), '{}', 'nor a Jugendamt'); RESET ROLE;
SET LOCAL ROLE t_jba; SELECT is(pg_temp.sperren(), '{}', 'nor a JBA'); RESET ROLE;
SET LOCAL ROLE t_ko;  SELECT is(pg_temp.sperren(), '{}', 'nor a KoKo (it keeps its Kommune''s configuration)'); RESET ROLE;
SET LOCAL ROLE t_ka;  SELECT is(pg_temp.sperren(), '{}', 'nor a Kammer'); RESET ROLE;
SET LOCAL ROLE t_tr;  SELECT is(pg_temp.sperren(), '{}', 'nor a Träger'); RESET ROLE;
SET LOCAL ROLE t_be;  SELECT is(pg_temp.sperren(), '{}', 'nor a Betrieb'); RESET ROLE;
SET LOCAL ROLE t_bi;  SELECT is(pg_temp.sperren(), '{}', 'nor a BI role'); RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok('LOCK TABLE kaoa.fall IN ACCESS EXCLUSIVE MODE', '42501', 'permission denied for table fall',
                 'the example of the finding: LOCK TABLE kaoa.fall IN ACCESS EXCLUSIVE MODE is 42501');
SELECT lives_ok('LOCK TABLE kaoa.fall IN ROW EXCLUSIVE MODE', 'ROW EXCLUSIVE (what its own UPDATE takes) is allowed: it blocks no reader or writer');
RESET ROLE;
SELECT ok(NOT EXISTS (SELECT 1 FROM pg_class c, kaoa.akteur a
                       WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'r' AND a.org_id IS NOT NULL
                         AND (has_table_privilege(a.rolle, c.oid, 'UPDATE') OR has_table_privilege(a.rolle, c.oid, 'DELETE')
                              OR has_table_privilege(a.rolle, c.oid, 'TRUNCATE'))),
          'no organisation''s role has table-level UPDATE, DELETE or TRUNCATE on any table');

-- ---- the UPDATE they need still works, per column --------------------------------------------------------------------
SELECT pg_temp.fall('SP-a', :s1, 'offen') AS fa, pg_temp.fall('SP-b', :s2, 'offen') AS fb \gset
SELECT pg_temp.person_von(:fa) AS pa, pg_temp.person_von(:fb) AS pb \gset
SET LOCAL ROLE t_s1;
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'ohne_anschluss', grund = 'Identifikation' WHERE fall_id = %s RETURNING fall_id, status::text$$, :fa),
                  format($$VALUES (%s::bigint, 'ohne_anschluss')$$, :fa), 'a school updates its case (UPDATE granted per column)');
RESET ROLE;

-- ---- deleting through the owner-run functions ------------------------------------------------------------------------
INSERT INTO kaoa.angebot (kommune, extern_id, org_id, kldb, titel, mindest_abschluss, beginn, plaetze, lat, lon) VALUES
    ('05315', 'SP-1', :be, '82302', 'Bäcker/in', 'ESA', '2026-08-01', 2, 50.94, 6.96),
    ('05315', 'SP-2', :ka, '71302', 'Kaufmann/-frau', 'MSA', '2026-08-01', 3, 50.93, 6.95);
SELECT angebot_id AS o1 FROM kaoa.angebot WHERE extern_id = 'SP-1' \gset
SELECT angebot_id AS o2 FROM kaoa.angebot WHERE extern_id = 'SP-2' \gset
SET LOCAL ROLE t_be;
SELECT throws_ok(format('DELETE FROM kaoa.angebot WHERE angebot_id = %s', :o1), '42501', 'permission denied for table angebot',
                 'an organisation has no DELETE on a shared table (42501)');
SELECT is(kaoa.angebot_loeschen(:o2), 0, 'the Betrieb cannot delete the Kammer''s offer: 0 rows');
SELECT is(kaoa.angebot_loeschen(:o1), 1, 'it deletes its own offer: 1 row');
RESET ROLE;
SELECT results_eq('SELECT extern_id FROM kaoa.angebot WHERE extern_id LIKE ''SP-%'' ORDER BY 1', $$VALUES ('SP-2')$$,
                  'only its own offer is gone');

INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :pa, 'sorgeberechtigt', '{schule}', 'Matching') RETURNING einwilligung_id AS ea \gset
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, lat, lon, einwilligung_id)
VALUES ('05315', :pa, '{82302}', 50.94, 6.96, :ea), ('05315', :pb, '{82302}', 50.94, 6.96, NULL);
SET LOCAL ROLE t_s2;
SELECT is(kaoa.bewerberprofil_loeschen(:pa), 0, 'school S2 cannot delete a profile of S1''s pupil: 0 rows');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is(kaoa.bewerberprofil_loeschen(:pa), 1, 'school S1 deletes its pupil''s profile: 1 row');
RESET ROLE;
SELECT results_eq(format('SELECT person_id FROM kaoa.bewerberprofil WHERE person_id IN (%s, %s)', :pa, :pb),
                  format('VALUES (%s::bigint)', :pb), 'only that profile is gone');

INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05315', :tr, 'Bewerbungstraining', 'bewerbungstraining', '[9,10]', '[2025-09-01,2026-06-30]') RETURNING massnahme_id AS m1 \gset
SET LOCAL ROLE t_be;
SELECT throws_ok(format('SELECT kaoa.massnahme_loeschen(%s)', :m1), 'KA004', NULL,
                 'another organisation''s measure: refused by the rule trigger (KA004), as a plain DELETE was');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(kaoa.massnahme_loeschen(:m1), 1, 'the Träger deletes its own measure');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.massnahme WHERE massnahme_id = :m1), 0::bigint, 'the measure is gone');

-- ---- session defaults of the registered roles ------------------------------------------------------------------------
CREATE FUNCTION pg_temp.einstellung(rolle name, name text) RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(split_part(c, '=', 2), ',')
      FROM pg_db_role_setting s, unnest(s.setconfig) c
     WHERE s.setrole = rolle::regrole AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND split_part(c, '=', 1) = name $$;
SELECT is(pg_temp.einstellung('t_s1', 'lock_timeout') || ' ' || pg_temp.einstellung('t_s1', 'idle_in_transaction_session_timeout'),
          '5s 1min', 'an organisation''s role: lock_timeout 5s, idle_in_transaction_session_timeout 1min (this database)');
SELECT is(pg_temp.einstellung('t_bi', 'lock_timeout') || ' ' || pg_temp.einstellung('t_bi', 'idle_in_transaction_session_timeout'),
          '5s 1min', 'a BI role: the same');
SELECT is(pg_temp.einstellung('t_system', 'lock_timeout') || ' ' || pg_temp.einstellung('t_system', 'idle_in_transaction_session_timeout'),
          '1min 10min', 'a system role (imports, jobs): 1min and 10min');
SELECT is(ARRAY[pg_temp.einstellung('t_s1', 'statement_timeout'), pg_temp.einstellung('t_ko', 'statement_timeout'),
                 pg_temp.einstellung('t_bi', 'statement_timeout'), pg_temp.einstellung('t_system', 'statement_timeout')],
          ARRAY['1min', '1min', '5min', NULL],
          'statement_timeout: organisations 1min, BI 5min, system roles none of kaoa''s (the server''s applies)');
DO $$ BEGIN EXECUTE format('ALTER ROLE t_ka IN DATABASE %I SET statement_timeout = %L', current_database(), '10min'); END $$;
SELECT kaoa.akteur_anlegen('t_ka', :ka) \gset
SELECT is(pg_temp.einstellung('t_ka', 'statement_timeout'), '10min',
          're-registering keeps the statement_timeout the DBA set for the role');
ALTER ROLE t_s2 SET lock_timeout = '2s';
DO $$ BEGIN EXECUTE format('ALTER ROLE t_s2 IN DATABASE %I RESET lock_timeout', current_database()); END $$;
DO $$ BEGIN EXECUTE format('ALTER ROLE t_s2 IN DATABASE %I SET idle_in_transaction_session_timeout = %L', current_database(), '30s'); END $$;
SELECT kaoa.akteur_anlegen('t_s2', :s2) \gset
SELECT is(pg_temp.einstellung('t_s2', 'lock_timeout'), NULL,
          're-registering keeps a lock_timeout the DBA set for the role in every database (no second value here)');
SELECT is(pg_temp.einstellung('t_s2', 'idle_in_transaction_session_timeout'), '30s',
          '… and the DBA''s idle_in_transaction_session_timeout in this database');

-- ---- explicit row locks (red-team repro 04): a school locked every measure of its Kommune and the cases it handed on ----
-- with SELECT … FOR UPDATE (the UPDATE policy is the SELECT policy), and kept them as long as its transaction ran.
-- Organisations and BI may lock no row of kaoa explicitly (42501); their own UPDATE locks what it changes.
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05315', :tr, 'Praxiskurs', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]') RETURNING massnahme_id AS m2 \gset
SELECT pg_temp.fall('SP-r', :s1, 'ohne_anschluss') AS fr \gset
SELECT kaoa.uebergeben(:fr, :aa, 'schuldueg_1_1') AS ur \gset
SET LOCAL ROLE t_aa;
SELECT kaoa.uebernehmen(:ur) AS uebernommen \gset
RESET ROLE;
SELECT string_agg(format('%s:%s', massnahme_id, titel), ',' ORDER BY massnahme_id) AS massnahmen FROM kaoa.massnahme \gset
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.massnahme WHERE massnahme_id = :m2), 1::bigint, 'a school sees the Träger''s measure …');
SELECT throws_ok('SELECT massnahme_id FROM kaoa.massnahme FOR UPDATE', '42501',
                 'role "t_s1" may not lock rows of kaoa.massnahme explicitly',
                 '… and may not lock it (FOR UPDATE: 42501; was: the KoKo''s kaoa.anmelden waited)');
SELECT throws_ok(format('SELECT 1 FROM kaoa.fall WHERE fall_id = %s FOR UPDATE', :fr), '42501', NULL,
                 'a case it handed on: FOR UPDATE refused (was: the new holder''s UPDATE waited)');
SELECT throws_ok('SELECT 1 FROM kaoa.fall FOR NO KEY UPDATE', '42501', NULL, 'FOR NO KEY UPDATE: refused');
SELECT throws_ok('SELECT 1 FROM kaoa.fall FOR SHARE', '42501', NULL, 'FOR SHARE: refused');
SELECT throws_ok('SELECT 1 FROM kaoa.fall FOR KEY SHARE', '42501', NULL, 'FOR KEY SHARE: refused');
SELECT throws_ok('SELECT 1 FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id) FOR UPDATE OF p', '42501', NULL,
                 '… also of one table of a join');
SELECT throws_ok('SELECT 1 FROM (SELECT 1 FROM kaoa.massnahme FOR UPDATE) s', '42501', NULL, '… also in a subquery');
SELECT throws_ok('DO $d$ BEGIN PERFORM 1 FROM kaoa.massnahme FOR UPDATE; END $d$', '42501', NULL, '… also from PL/pgSQL');
SELECT results_eq(format('UPDATE kaoa.fall SET grund = grund WHERE fall_id = (SELECT max(fall_id) FROM kaoa.fall WHERE zustaendig_org = %s) RETURNING zustaendig_org', :s1),
                  format('VALUES (%s::bigint)', :s1), 'its own UPDATE of a case it holds still runs (and locks that row)');
-- the same lock by another way: an upsert whose WHERE leaves the conflicting row alone still locks it
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme (kommune, massnahme_id, traeger_org, titel, art, jahrgaenge, zeitraum)
                          OVERRIDING SYSTEM VALUE VALUES ('05315', %s, %s, 'x', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]')
                          ON CONFLICT (kommune, massnahme_id) DO UPDATE SET titel = excluded.titel WHERE false$$, :m2, :s1),
                 '42501', NULL, 'INSERT … ON CONFLICT DO UPDATE … WHERE false on the Träger''s measure: refused (was: locked it silently)');
SELECT throws_ok(format($$WITH u AS (INSERT INTO kaoa.massnahme (kommune, massnahme_id, traeger_org, titel, art, jahrgaenge, zeitraum)
                          OVERRIDING SYSTEM VALUE VALUES ('05315', %s, %s, 'x', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]')
                          ON CONFLICT (kommune, massnahme_id) DO UPDATE SET titel = excluded.titel WHERE false RETURNING 1)
                          SELECT count(*) FROM u$$, :m2, :s1),
                 '42501', NULL, '… also inside WITH');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme (kommune, massnahme_id, traeger_org, titel, art, jahrgaenge, zeitraum)
                          OVERRIDING SYSTEM VALUE VALUES ('05315', %s, %s, 'x', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]')
                          ON CONFLICT (kommune, massnahme_id) DO UPDATE SET titel = excluded.titel$$, :m2, :s1),
                 'KA004', NULL, 'without WHERE the upsert is an UPDATE the rule trigger refuses (KA004), and the refusal ends the lock');
RESET ROLE;
SELECT is((SELECT count(*) FROM pg_locks l WHERE l.pid = pg_backend_pid() AND l.locktype = 'tuple'), 0::bigint,
          'no tuple lock is left by the refusals');
SELECT is((SELECT string_agg(format('%s:%s', massnahme_id, titel), ',' ORDER BY massnahme_id) FROM kaoa.massnahme), :'massnahmen',
          'the measures are unchanged');
SET LOCAL ROLE t_bi;
SELECT throws_ok('SELECT 1 FROM kaoa.v_kette FOR UPDATE', '42501', NULL, 'a BI role cannot lock a view''s rows either (42501: FOR UPDATE needs UPDATE on the view)');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT is((SELECT count(*) FROM (SELECT 1 FROM kaoa.massnahme WHERE massnahme_id = :m2 FOR UPDATE) s), 1::bigint,
          'negative control: a system role still locks rows (imports, jobs)');
RESET ROLE;
SELECT is((SELECT count(*) FROM (SELECT 1 FROM kaoa.massnahme WHERE massnahme_id = :m2 FOR UPDATE) s), 1::bigint,
          '… and so does the superuser');
SET LOCAL ROLE t_aa;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :fr), 1::bigint,
          'kaoa''s functions lock as the owner: the Agentur took the case over (kaoa.uebernehmen locks it FOR NO KEY UPDATE)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
