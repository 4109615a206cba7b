-- pgTAP: the matching tables (docs/design.md, docs/roles-and-bi.md) — the consent rule for profiles written by
-- organisations (C trigger, KA002/KA006), who sees and writes profiles, offers and weights, the
-- CHECK constraints, dump registration and indexes.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir match_fixture.psql
SELECT plan(48);

-- consents of me (S1's pupil without a profile) and of ma
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab) VALUES
    ('05315', :me, 'sorgeberechtigt', '{schule,agentur}', 'Berufsorientierung', current_date - 1),
    ('05315', :me, 'sorgeberechtigt', '{agentur}', 'Beratung', current_date - 1),
    ('05315', :ma, 'sorgeberechtigt', '{schule}', 'Berufsorientierung', current_date - 1),
    ('05315', :me, 'sorgeberechtigt', '{schule}', 'später', current_date + 5),
    ('05315', :me, 'sorgeberechtigt', '{schule}', 'widerrufen', current_date - 3);
SELECT max(einwilligung_id) FILTER (WHERE zweck = 'Berufsorientierung' AND person_id = :me) AS e_ok,
       max(einwilligung_id) FILTER (WHERE zweck = 'Beratung') AS e_agentur,
       max(einwilligung_id) FILTER (WHERE zweck = 'Berufsorientierung' AND person_id = :ma) AS e_ma,
       max(einwilligung_id) FILTER (WHERE zweck = 'später') AS e_spaeter,
       max(einwilligung_id) FILTER (WHERE zweck = 'widerrufen') AS e_widerrufen
  FROM kaoa.einwilligung \gset
UPDATE kaoa.einwilligung SET widerrufen_am = now() - interval '1 minute' WHERE einwilligung_id = :e_widerrufen;

-- ---- the consent rule ----------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche) VALUES (''05315'', %s, ''{26312}'')', :me),
                 'KA002', 'a profile recorded by an organisation needs the young person''s consent',
                 'a school records a profile without consent: KA002');
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, %s)', :me, :e_agentur),
                 'KA002', format('consent %s does not name organisations of type schule', :e_agentur),
                 'a consent for the Agentur only: KA002');
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, %s)', :me, :e_ma),
                 'KA002', format('consent %s is not a consent of person %s', :e_ma, :me), 'the consent of another person: KA002');
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, %s)', :me, :e_spaeter),
                 'KA002', format('consent %s is not valid now', :e_spaeter), 'a consent valid only from next week: KA002');
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, %s)', :me, :e_widerrufen),
                 'KA002', NULL, 'a revoked consent: KA002');
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, 999999999)', :me),
                 'KA002', format('consent 999999999 is not a consent of person %s', :me), 'a consent that does not exist: the same answer (KA002)');
SELECT lives_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, einwilligung_id) VALUES (''05315'', %s, ''{26312}'', %s)', :me, :e_ok),
                'a school records a profile under a valid consent naming schools');
SELECT results_eq(format('UPDATE kaoa.bewerberprofil SET max_km = 30 WHERE person_id = %s RETURNING person_id, max_km', :me),
                  format('VALUES (%s::bigint, 30::float8)', :me), 'and updates it');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET einwilligung_id = NULL WHERE person_id = %s', :me),
                 'KA002', NULL, 'an organisation may not drop the consent (KA002)');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET person_id = %s WHERE person_id = %s', :mb, :me),
                 'KA006', 'the person of a profile cannot change', 'moving a profile to another person: KA006');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET max_km = 40 WHERE person_id = %s', :ma), 'KA002', NULL,
                 'ma''s profile was imported without consent: an organisation may not change it without one (KA002)');
SELECT results_eq(format('UPDATE kaoa.bewerberprofil SET max_km = 40, einwilligung_id = %s WHERE person_id = %s
                          RETURNING person_id, max_km, einwilligung_id', :e_ma, :ma),
                  format('VALUES (%s::bigint, 40::float8, %s::bigint)', :ma, :e_ma),
                'with ma''s consent it may');
RESET ROLE;
UPDATE kaoa.einwilligung SET widerrufen_am = now() - interval '1 second' WHERE einwilligung_id = :e_ok;
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET max_km = 20 WHERE person_id = %s', :me), 'KA002', NULL,
                 'after the consent was revoked the school may not change the profile (KA002)');
SELECT is(kaoa.bewerberprofil_loeschen(:me), 1, 'but it may delete it (kaoa.bewerberprofil_loeschen: one row)');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT lives_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche) VALUES (''05315'', %s, ''{71402}'')', :me),
                'the system imports a profile without consent');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET einwilligung_id = %s WHERE person_id = %s', :e_ma, :me), 'KA002', NULL,
                 'the system may not attach another person''s consent (KA002)');
RESET ROLE;

-- ---- who sees profiles ----------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT is((SELECT array_agg(person_id ORDER BY person_id) FROM kaoa.bewerberprofil), ARRAY[:ma, :mb, :me]::bigint[],
          'school S1 sees the profiles of its pupils');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is((SELECT array_agg(person_id ORDER BY person_id) FROM kaoa.bewerberprofil), ARRAY[:mc, :md]::bigint[],
          'school S2 sees the profiles of its pupils only');
SELECT is((SELECT count(*) FROM kaoa.bewerberprofil WHERE person_id = :ma), 0::bigint, 'school S2 does not see ma''s profile');
SELECT results_eq(format('UPDATE kaoa.bewerberprofil SET max_km = 1 WHERE person_id = %s RETURNING 1', :ma), 'SELECT 1 WHERE false',
                  'school S2 cannot change ma''s profile (no row)');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is((SELECT count(*) FROM kaoa.bewerberprofil WHERE kommune = '05315'), 0::bigint,
          'the KoKo reads no profile of Köln: it holds none of these cases (profiles hold the home coordinates; sicherheit_wohnort.sql)');
SELECT is((SELECT count(*) FROM kaoa.bewerberprofil WHERE kommune = '05111'), 0::bigint, 'but none of Düsseldorf');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok('SELECT * FROM kaoa.bewerberprofil', '42501', NULL, 'a BI role reads no profile (42501)');
RESET ROLE;

-- ---- offers: readable by every actor, written by the system, the KoKo, and the offering organisation
SET LOCAL ROLE t_ds;
SELECT is((SELECT count(*) FROM kaoa.angebot), 9::bigint, 'a Düsseldorf school reads every offer, Köln''s too');
SELECT throws_ok($$INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel) VALUES ('05111', 'X1', '26312', 'x')$$,
                 '42501', NULL, 'a school may not publish offers of other organisations (42501)');
RESET ROLE;
SET LOCAL ROLE t_be;
SELECT lives_ok(format($$INSERT INTO kaoa.angebot (kommune, extern_id, org_id, kldb, titel) VALUES ('05315', 'B1', %s, '29212', 'Bäcker/in')$$, :be),
                'a Betrieb publishes its own offer');
SELECT throws_ok(format($$INSERT INTO kaoa.angebot (kommune, extern_id, org_id, kldb, titel) VALUES ('05315', 'B2', %s, '29212', 'x')$$, :ka),
                 '42501', NULL, 'but not one of another organisation (42501)');
SELECT is((SELECT count(*) FROM kaoa.angebot WHERE extern_id = 'O1'), 1::bigint,
          'the Betrieb reads the others'' offers');
SELECT results_eq($$UPDATE kaoa.angebot SET plaetze = 9 WHERE extern_id = 'O1' RETURNING 1$$, 'SELECT 1 WHERE false',
                  'but cannot change them (no row)');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT results_eq($$UPDATE kaoa.angebot SET plaetze = 3 WHERE extern_id = 'O2' RETURNING extern_id, plaetze$$,
                  $$VALUES ('O2', 3)$$, 'the KoKo changes offers of its Kommune');
SELECT results_eq($$UPDATE kaoa.angebot SET plaetze = 3 WHERE extern_id = 'O6' RETURNING 1$$, 'SELECT 1 WHERE false',
                  'but not those of Düsseldorf');
-- weights of the Kommune
SELECT lives_ok($$INSERT INTO kaoa.gewichtung (kommune, beruf) VALUES ('05315', 50)$$, 'the KoKo sets its Kommune''s weights');
SELECT is(kaoa.passung(:md, :o1), 100::float8, 'everything fits: still 100 under other weights');
SELECT ok(abs(kaoa.passung(:ma, :o2) - 100.0 * (50 * 0.85 + 15 * 0 + 20 * (40 - 27.5) / 35 + 15 * 0 + 5 * 0.5 + 10 * 0.25) / 115) < 1e-9,
          'ma/o2 under beruf 50 (and ma''s max_km now 40): 100 · (42.5 + 20 · 12.5/35 + 2.5 + 2.5) / 115');
SELECT throws_ok($$INSERT INTO kaoa.gewichtung (kommune) VALUES ('05111')$$, '42501', NULL, 'not those of Düsseldorf (42501)');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok($$UPDATE kaoa.gewichtung SET beruf = 1$$, '42501', NULL, 'a school may not change weights (42501)');
RESET ROLE;

-- ---- CHECK constraints ---------------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO kaoa.gewichtung (kommune, weg) VALUES ('05111', -1)$$, '23514', NULL, 'a negative weight (23514)');
SELECT throws_ok($$UPDATE kaoa.gewichtung SET beruf = 'NaN' WHERE kommune = '05315'$$, '23514', NULL, 'a NaN weight (23514)');
SELECT throws_ok($$UPDATE kaoa.gewichtung SET beruf = 0, interessen = 0, weg = 0, abschluss = 0, beginn = 0, kompetenzen = 0$$,
                 '23514', NULL, 'all weights zero (23514)');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET lat = NULL WHERE person_id = %s', :ma), '23514', NULL,
                 'a latitude without longitude (23514)');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET max_km = -1 WHERE person_id = %s', :ma), '23514', NULL, 'max_km < 0 (23514)');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET wuensche = ''{1,2,3,4,5,6,7,8,9,11,12}'' WHERE person_id = %s', :ma),
                 '23514', NULL, 'more than 10 wishes (23514)');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET wuensche = ''{1,NULL}'' WHERE person_id = %s', :ma), '23514', NULL,
                 'a NULL wish (23514)');
SELECT throws_ok($$INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, mindest_hart) VALUES ('05315', 'H', '2', 'x', true)$$,
                 '23514', NULL, 'a hard minimum without a minimum (23514)');
SELECT throws_ok($$INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, plaetze) VALUES ('05315', 'N', '2', 'x', -1)$$,
                 '23514', NULL, 'negative seats (23514)');
SELECT throws_ok($$INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel) VALUES ('05315', 'O1', '2', 'x')$$,
                 '23505', NULL, 'extern_id is unique per Kommune (23505)');

-- ---- keys, indexes and pg_dump registration ------------------------------------------------------
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
            WHERE c.oid IN (SELECT unnest(extconfig) FROM pg_extension WHERE extname = 'kaoa')
              AND c.relname IN ('bewerberprofil', 'angebot', 'angebot_angebot_id_seq', 'gewichtung', 'zuteilung_lauf',
                                'zuteilung_lauf_lauf_id_seq', 'zuteilung', 'zuteilung_grenze')),
          ARRAY['angebot', 'angebot_angebot_id_seq', 'bewerberprofil', 'gewichtung', 'zuteilung', 'zuteilung_grenze',
                'zuteilung_lauf', 'zuteilung_lauf_lauf_id_seq'],
          'every matching table and identity sequence is dumped by pg_dump');
SELECT is((SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indnatts = 1 AND ((i.indrelid, a.attname) IN (('kaoa.angebot'::regclass, 'angebot_id'),
                  ('kaoa.zuteilung_lauf'::regclass, 'lauf_id'), ('kaoa.bewerberprofil'::regclass, 'person_id'),
                  ('kaoa.zuteilung'::regclass, 'lauf_id'), ('kaoa.zuteilung'::regclass, 'person_id')))),
          5::bigint, 'every id column has a btree index of its own');

SELECT * FROM finish();
ROLLBACK;
