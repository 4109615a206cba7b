-- pgTAP: Verbleib reports, objections, deadlines, deletion periods, "nobody is lost", the
-- Berufsschulpflicht and the DROP EXTENSION guard (docs/kette.md, docs/roles-and-bi.md).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SET LOCAL client_min_messages = warning;
SELECT plan(99);

-- ---- kaoa.berufsschulpflicht_ende --------------------------------------------------------------------------
SELECT is(kaoa.berufsschulpflicht_ende('2008-03-14'), '2026-07-31'::date, 'born March 2008: 18 in 2025/26, ends 31 July 2026');
SELECT is(kaoa.berufsschulpflicht_ende('2008-07-31'), '2026-07-31'::date, 'born 31 July: the same school year');
SELECT is(kaoa.berufsschulpflicht_ende('2008-08-01'), '2026-07-31'::date,
          'born 1 August: 18 completed at the end of 31 July 2026 (§ 187 Abs. 2, § 188 Abs. 2 BGB), ends then');
SELECT is(kaoa.berufsschulpflicht_ende('2008-08-02'), '2027-07-31'::date, 'born 2 August: 18 on 1 August, in 2026/27');
SELECT is(kaoa.berufsschulpflicht_ende('2009-01-01'), '2027-07-31'::date, 'born 1 January 2009: 18 completed on 31 December 2026');
SELECT is(kaoa.berufsschulpflicht_ende('2008-02-29'), '2026-07-31'::date, 'born on a leap day');
SELECT is(kaoa.berufsschulpflicht_ende(NULL), NULL, 'NULL in, NULL out');
SELECT is(kaoa.berufsschulpflicht_ende('infinity'), 'infinity'::date, 'infinity stays infinity');

-- ---- kaoa.verbleib_melden ------------------------------------------------------------------------------------
SELECT pg_temp.fall('V-1', :s1, 'anschluss_gesichert') AS v1, pg_temp.fall('V-2', :s1, 'anschluss_gesichert') AS v2,
       pg_temp.fall('V-3', :s1, 'angetreten', 2024) AS v3, pg_temp.fall('V-4', :s1, 'in_beratung') AS v4,
       pg_temp.fall('V-5', :s1, 'anschluss_gesichert') AS v5, pg_temp.fall('V-6', :s1, 'anschluss_gesichert') AS v6 \gset
SET LOCAL ROLE t_s1;
SELECT results_eq(format('UPDATE kaoa.fall SET aufnehmende_org = %s WHERE fall_id = %s RETURNING fall_id, aufnehmende_org', :ka, :v1),
                  format('VALUES (%s::bigint, %s::bigint)', :v1, :ka),
                  'the holder names the admitting Kammer');
UPDATE kaoa.fall SET aufnehmende_org = :be WHERE fall_id = :v2;
UPDATE kaoa.fall SET aufnehmende_org = :ka WHERE fall_id = :v4;
SELECT throws_ok(format('UPDATE kaoa.fall SET aufnehmende_org = %s WHERE fall_id = %s', :aa, :v5), 'KA008',
                 format('organisation %s cannot be the admitting organisation of a case', :aa),
                 'only a Berufskolleg, Kammer or Betrieb admits: KA008');
RESET ROLE;
SET LOCAL ROLE t_ka;
SELECT is(kaoa.verbleib_melden(:v1, true), 'angetreten'::kaoa.fall_status, 'the admitting Kammer reports a start: angetreten');
SELECT throws_ok(format('SELECT kaoa.verbleib_melden(%s, true)', :v4), 'KA001',
                 format('no Verbleib report applies to case %s in state in_beratung', :v4),
                 'no Verbleib for a case in counselling: KA001');
SELECT throws_ok(format('SELECT kaoa.verbleib_melden(%s, true)', :v5), 'KA004',
                 format('organisation %s may not report the Verbleib of case %s', :ka, :v5),
                 'a Kammer the case does not name reports nothing: KA004');
SELECT is(pg_temp.antwort(format('SELECT kaoa.verbleib_melden(%s, true)', :v5)),
          replace(pg_temp.antwort('SELECT kaoa.verbleib_melden(999999, true)'), '999999', :v5::text),
          '… and learns nothing: the same answer as for a case that does not exist');
SELECT is(pg_temp.antwort(format('SELECT kaoa.verbleib_melden(%s, false)', :v6)),
          replace(pg_temp.antwort('SELECT kaoa.verbleib_melden(999999, false)'), '999999', :v6::text),
          '… nor can it flip a case nobody named it for');
SELECT is(kaoa.verbleib_melden(:v1, false), 'nicht_angetreten'::kaoa.fall_status, 'the Kammer reports a drop-out before the stichtag');
RESET ROLE;
SET LOCAL ROLE t_be;
SELECT is(kaoa.verbleib_melden(:v2, false), 'nicht_angetreten'::kaoa.fall_status, 'the admitting Betrieb reports a no-show');
SELECT is(pg_temp.antwort(format('SELECT kaoa.verbleib_melden(%s, false)', :v6)),
          replace(pg_temp.antwort('SELECT kaoa.verbleib_melden(999999, false)'), '999999', :v6::text),
          'any other Betrieb of the Kommune gets the answer for a missing case');
RESET ROLE;
SELECT is(status::text, 'anschluss_gesichert', '… and the case is unchanged') FROM kaoa.fall WHERE fall_id = :v6;
SET LOCAL ROLE t_ko;
SELECT throws_ok(format('SELECT kaoa.verbleib_melden(%s, false)', :v3), 'KA001',
                 format('case %s is angetreten and its verbleib_stichtag has passed', :v3),
                 'no drop-out after the verbleib_stichtag: KA001');
SELECT is(kaoa.verbleib_melden(:v6, true), 'angetreten'::kaoa.fall_status, 'the KoKo reports for any case of its Kommune');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT throws_ok(format('SELECT kaoa.verbleib_melden(%s, true)', :v5), 'KA004', NULL,
                 'an Agentur that does not see the case: KA004');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is(pg_temp.antwort(format('SELECT kaoa.verbleib_melden(%s, true)', :v5)),
          replace(pg_temp.antwort('SELECT kaoa.verbleib_melden(999999, true)'), '999999', :v5::text),
          'another school: the answer for a missing case, no holder, no status');
RESET ROLE;
SET LOCAL ROLE t_jba;
SELECT throws_ok(format('SELECT kaoa.verbleib_melden(%s, true)', :v5), 'KA004', NULL, 'nor does the JBA: KA004');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT is(pg_temp.antwort(format('SELECT kaoa.verbleib_melden(%s, true)', :v5)),
          replace(pg_temp.antwort('SELECT kaoa.verbleib_melden(999999, true)'), '999999', :v5::text),
          'nor a KoKo of another Kommune, which learns nothing either');
RESET ROLE;
SELECT kaoa.uebernehmen(kaoa.uebergeben(pg_temp.fall('V-7', :s1, 'ohne_anschluss'), :aa, 'schuldueg_1_1')) \gset
SELECT max(fall_id) AS v7 FROM kaoa.fall \gset
SET LOCAL ROLE t_s1;
SELECT is(pg_temp.antwort(format('SELECT kaoa.verbleib_melden(%s, true)', :v7)),
          format('KA004: Role "t_s1" acts for organisation %s (schule); case %s of Kommune 05315 is held by organisation %s and names no admitting organisation.',
                 :s1, :v7, :aa),
          'the school of a case it no longer holds sees it, so it is told who holds it');
SELECT is(kaoa.verbleib_melden(:v5, true), 'angetreten'::kaoa.fall_status, 'the holder reports too');
RESET ROLE;
SELECT results_eq(format($$SELECT art, org_id, von_status::text, nach_status::text FROM kaoa.ereignis
                            WHERE fall_id = %s AND art = 'verbleib' ORDER BY ereignis_id$$, :v1),
                  format($$VALUES ('verbleib', %s::bigint, 'anschluss_gesichert', 'angetreten'),
                                  ('verbleib', %s::bigint, 'angetreten', 'nicht_angetreten')$$, :ka, :ka),
                  'Verbleib reports are logged as such, by the reporter');
SELECT is(zustaendig_org, :s1::bigint, 'a Verbleib report does not move responsibility') FROM kaoa.fall WHERE fall_id = :v1;
SET LOCAL ROLE t_s1;
UPDATE kaoa.fall SET status = 'in_beratung' WHERE fall_id = :v2;
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'eq' WHERE fall_id = :v2;
UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id = :v2;
RESET ROLE;
SELECT results_eq(format('SELECT anschluss, aufnehmende_org FROM kaoa.fall WHERE fall_id = %s', :v2),
                  'VALUES (NULL::text, NULL::bigint)',
                  'back to ohne_anschluss: anschluss and the admitting organisation are cleared');

-- ---- kaoa.widerspruch_erheben --------------------------------------------------------------------------------
SELECT pg_temp.fall('W-1', :s1, 'in_beratung') AS w1 \gset
SELECT pg_temp.person_von(:w1) AS pw1 \gset
SET LOCAL ROLE t_ko;
SELECT kaoa.widerspruch_erheben(pg_temp.person_von(:w1)) AS zeitpunkt \gset
SELECT is(:'zeitpunkt'::timestamptz, now(), 'the KoKo records an objection; it returns when');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is(kaoa.widerspruch_erheben(pg_temp.person_von(:w1)), :'zeitpunkt'::timestamptz, 'a second objection returns the first');
SELECT throws_ok(format('UPDATE kaoa.person SET widerspruch_am = NULL WHERE person_id = %s', pg_temp.person_von(:w1)),
                 'KA006', 'column widerspruch_am of kaoa.person cannot change', 'an objection cannot be cleared: KA006');
SELECT throws_ok(format($$UPDATE kaoa.person SET pseudonym = 'neu' WHERE person_id = %s$$, pg_temp.person_von(:w1)),
                 'KA006', 'column pseudonym of kaoa.person cannot change', 'the pseudonym never changes: KA006');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'widerspruch' AND fall_id = :w1), 1::bigint, 'logged once');
SET LOCAL ROLE t_s2;
SELECT throws_ok(format('SELECT kaoa.widerspruch_erheben(%s)', :pw1), 'KA004', NULL,
                 'an organisation that does not see the person: KA004');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT throws_ok(format('UPDATE kaoa.person SET geburtsmonat = ''2008-04-01'' WHERE person_id = %s', :pw1),
                 '42501', NULL, 'only schools write person rows (42501)');
RESET ROLE;
SELECT throws_ok('SELECT kaoa.widerspruch_erheben(999999)', 'P0002', 'person 999999 does not exist', 'the system: P0002');

-- ---- kaoa.fristen_pruefen --------------------------------------------------------------------------------------
SELECT pg_temp.fall('F-1', :s1, 'ohne_anschluss') AS f1, pg_temp.fall('F-2', :s2, 'ohne_anschluss') AS f2,
       pg_temp.fall('F-3', :ds, 'ohne_anschluss') AS f3 \gset
SELECT kaoa.uebergeben(:f1, :aa, 'schuldueg_1_1') AS uf1, kaoa.uebergeben(:f2, :aa, 'schuldueg_1_1') AS uf2,
       kaoa.uebergeben(:f3, :daa, 'schuldueg_1_1') AS uf3 \gset
SET LOCAL session_replication_role = replica;
UPDATE kaoa.uebergabe SET faellig_am = current_date - 2 WHERE uebergabe_id IN (:uf1, :uf3);
UPDATE kaoa.uebergabe SET faellig_am = current_date + 5 WHERE uebergabe_id = :uf2;
RESET session_replication_role;
SET LOCAL ROLE t_system;
SELECT results_eq('SELECT kommune, fall_id, uebergabe_id, problem, faellig_am FROM kaoa.fristen_pruefen()',
                  format($$VALUES ('05111', %s::bigint, %s::bigint, 'uebernahme_ueberfaellig', current_date - 2),
                                  ('05315', %s, %s, 'uebernahme_ueberfaellig', current_date - 2)$$, :f3, :uf3, :f1, :uf1),
                  'system: every overdue hand-off of every Kommune');
SELECT is((SELECT count(*) FROM kaoa.fristen_pruefen()), 2::bigint, 'a second check lists them again');
RESET ROLE;
SELECT results_eq($$SELECT fall_id, org_id, details ->> 'uebergabe_id' FROM kaoa.ereignis WHERE art = 'frist_ueberschritten' ORDER BY fall_id$$,
                  format($$VALUES (%s::bigint, NULL::bigint, %L::text), (%s, NULL, %L)$$, :f1, :uf1, :f3, :uf3),
                  '… but each overdue hand-off is logged once, without an organisation');
SET LOCAL ROLE t_s2;
SELECT results_eq('SELECT uebergabe_id FROM kaoa.fristen_pruefen(current_date + 6)', format('VALUES (%s::bigint)', :uf2),
                  'a school: its own hand-offs, as of a future date');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'frist_ueberschritten' AND fall_id = :f2), 0::bigint,
          'a check as of a future date logs nothing');
SET LOCAL ROLE t_aa;
SELECT results_eq('SELECT uebergabe_id FROM kaoa.fristen_pruefen()', format('VALUES (%s::bigint)', :uf1),
                  'the receiver sees what it has not answered in time');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT results_eq('SELECT uebergabe_id FROM kaoa.fristen_pruefen(current_date + 6)',
                  format('VALUES (%s::bigint), (%s::bigint)', :uf1, :uf2), 'the KoKo: its whole Kommune');
RESET ROLE;
SET LOCAL ROLE t_jc;
SELECT is((SELECT count(*) FROM kaoa.fristen_pruefen()), 0::bigint, 'an uninvolved Jobcenter: nothing');
RESET ROLE;

-- ---- kaoa.kette_pruefen (Düsseldorf: a fristen row with the Verbleib date 60 days ahead) ---------------------
INSERT INTO kaoa.fristen (kommune, schuljahr, identifikation_von, identifikation_bis, verbleib_stichtag)
VALUES ('05111', 2025, current_date - 30, current_date + 30, current_date + 60);
SELECT pg_temp.fall('K-1', :ds, 'offen') AS k1, pg_temp.fall('K-2', :ds, 'ohne_anschluss', kontakte => 0) AS k2,
       pg_temp.fall('K-3', :ds, 'ohne_anschluss') AS k3, pg_temp.fall('K-4', :ds, 'ohne_anschluss') AS k4,
       pg_temp.fall('K-5', :ds, 'ausgenommen') AS k5, pg_temp.fall('K-6', :ds, 'anschluss_gesichert') AS k6 \gset
SET LOCAL ROLE t_ds;
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05111', :k3, 'persoenlich', true);
SELECT kaoa.uebergeben(:k4, :daa, 'schuldueg_1_1') AS uk4 \gset
SELECT kaoa.verbleib_melden(:k6, true) \gset
SELECT throws_ok('SELECT * FROM kaoa.kette_pruefen(''05111'', 2025)', 'KA004',
                 format('organisation %s may not check the chain of Kommune 05111', :ds), 'a school does not check the chain: KA004');
RESET ROLE;
SET LOCAL session_replication_role = replica;
UPDATE kaoa.uebergabe SET faellig_am = current_date - 1 WHERE uebergabe_id = :uk4;
RESET session_replication_role;
SET LOCAL ROLE t_dko;
SELECT results_eq('SELECT fall_id, problem FROM kaoa.kette_pruefen(''05111'', 2025)',
                  format($$VALUES (%s::bigint, 'uebergabe_ueberfaellig'), (%s, 'ohne_nachricht'), (%s, 'uebergabe_ueberfaellig')$$,
                         :f3, :k2, :k4),
                  'today: the two overdue hand-offs, and the case without news by an organisation (only system events)');
SELECT results_eq('SELECT fall_id, problem FROM kaoa.kette_pruefen(''05111'', 2025, current_date + 61)',
                  format($$VALUES (%s::bigint, 'ohne_nachricht'), (%s, 'uebergabe_ueberfaellig'), (%s, 'verbleib_ungeklaert'),
                                  (%s, 'verbleib_ungeklaert'),
                                  (%s, 'ohne_nachricht'), (%s, 'verbleib_ungeklaert'),
                                  (%s, 'ohne_nachricht'), (%s, 'verbleib_ungeklaert'),
                                  (%s, 'ohne_nachricht'), (%s, 'uebergabe_ueberfaellig'), (%s, 'verbleib_ungeklaert')$$,
                         :f3, :f3, :f3, :k1, :k2, :k2, :k3, :k3, :k4, :k4, :k4),
                  'after the verbleib_stichtag: every case neither angetreten nor ausgenommen, and no news for 30 days');
SELECT is((SELECT count(*) FROM kaoa.kette_pruefen('05111', 2024)), 0::bigint, 'another school year: nothing');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT throws_ok('SELECT * FROM kaoa.kette_pruefen(''05111'', 2025)', 'KA004', NULL, 'the KoKo of Köln does not check Düsseldorf: KA004');
RESET ROLE;
SELECT throws_ok('SELECT * FROM kaoa.kette_pruefen(''05999'', 2025)', 'P0002', 'Kommune 05999 does not exist', 'an unknown Kommune: P0002');

-- ---- kaoa.loeschfristen_anwenden -------------------------------------------------------------------------------
INSERT INTO kaoa.fristen (kommune, schuljahr, identifikation_von, identifikation_bis, verbleib_stichtag)
VALUES ('05315', 2023, NULL, NULL, current_date - 200), ('05315', 2022, NULL, NULL, current_date - 400);
SELECT pg_temp.fall('L-1', :s2, 'ausgenommen') AS l1, pg_temp.fall('L-2', :s2, 'ausgenommen') AS l2,
       pg_temp.fall('L-3', :s2, 'angetreten', 2023) AS l3, pg_temp.fall('L-4', :s2, 'in_beratung', 2022) AS l4,
       pg_temp.fall('L-5', :s2, 'in_beratung') AS l5, pg_temp.fall('L-6', :s2, 'angetreten', 2023) AS l6,
       pg_temp.fall('L-7', :s2, 'angetreten', 2024) AS l7 \gset
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', pg_temp.person_von(:l6), 2025, :s2);
SET LOCAL session_replication_role = replica;
UPDATE kaoa.fall SET status_seit = now() - interval '7 months' WHERE fall_id = :l1;
UPDATE kaoa.fall SET status_seit = now() - interval '2 months' WHERE fall_id = :l2;
UPDATE kaoa.fall SET status_seit = now() - interval '250 days' WHERE fall_id IN (:l3, :l6);
RESET session_replication_role;
SET LOCAL ROLE t_ko;
SELECT throws_ok('SELECT kaoa.loeschfristen_anwenden()', 'KA004', NULL, 'only a system role applies deletion periods: KA004');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok('SELECT kaoa.loeschfristen_anwenden(current_date + 1)', '22023', NULL, 'never by a future date: 22023');
SELECT is(kaoa.loeschfristen_anwenden(), 3, 'three identities reached their deletion period');
SELECT is(kaoa.loeschfristen_anwenden(), 0, 'a second run finds nothing more');
RESET ROLE;
SELECT is(ARRAY(SELECT f.fall_id FROM kaoa.fall f
                 WHERE f.fall_id IN (:l1, :l2, :l3, :l4, :l5, :l6, :l7)
                   AND NOT EXISTS (SELECT 1 FROM kaoa.person_identitaet i WHERE i.kommune = f.kommune AND i.person_id = f.person_id)
                 ORDER BY 1),
          ARRAY[:l1, :l3, :l4]::bigint[],
          'deleted: ausgenommen 7 months ago, angetreten with its stichtag 200 days back, any case whose stichtag is over 12 months back');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet i JOIN kaoa.fall f USING (kommune, person_id) WHERE f.fall_id IN (:l2, :l5, :l6, :l7)),
          4::bigint, 'kept: ausgenommen 2 months ago, open cases, a person with a newer open case, a stichtag of yesterday');
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'identitaet_geloescht' AND fall_id IN (:l1, :l3, :l4)), 3::bigint,
          'each deletion is logged');
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id IN (:l1, :l3, :l4)), 3::bigint, 'the pseudonymous cases stay');
SET LOCAL ROLE t_s2;
SELECT is((SELECT count(*) FROM kaoa.person_identitaet i JOIN kaoa.fall f USING (kommune, person_id) WHERE f.fall_id = :l1), 0::bigint,
          'the school no longer reads a deleted identity');
RESET ROLE;
UPDATE kaoa.kommune SET aufbewahrung_monate = 1 WHERE kommune = '05315';
SET LOCAL ROLE t_system;
SELECT is(kaoa.loeschfristen_anwenden(), 1, 'a shorter retention of the Kommune deletes the next one');
RESET ROLE;
-- a deleted identity is not recorded again — until the person gets a new case
SELECT pg_temp.person_von(:l1) AS pl1 \gset
SET LOCAL ROLE t_s2;
SELECT throws_ok(format($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', %s, 'Neu', 'Import')$$, :pl1),
                 'KA006', format('the identity of person %s was deleted and is not recorded again', :pl1),
                 'the school of the current case cannot re-create a deleted identity: KA006');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok(format($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', %s, 'Neu', 'Import')$$, :pl1),
                 'KA006', NULL, 'nor can a re-import by a system role: KA006');
SELECT lives_ok(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2026, %s)$$, :pl1, :s2),
                'the person comes back with a case for a later school year');
SELECT lives_ok(format($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', %s, 'Neu', 'Import')$$, :pl1),
                'now the identity may be recorded again');
RESET ROLE;

-- ---- append-only history, statement by statement ---------------------------------------------------------------
SELECT throws_ok('DELETE FROM kaoa.ereignis WHERE false', 'KA006', 'DELETE on kaoa.ereignis is not allowed', 'ereignis: DELETE (no row): KA006');
SELECT throws_ok('TRUNCATE kaoa.ereignis', 'KA006', 'TRUNCATE on kaoa.ereignis is not allowed', 'ereignis: TRUNCATE: KA006');
SELECT throws_ok('UPDATE kaoa.kontaktversuch SET kanal = kanal WHERE false', 'KA006', NULL, 'kontaktversuch: UPDATE (no row): KA006');
SELECT throws_ok('DELETE FROM kaoa.uebergabe WHERE false', 'KA006', NULL, 'uebergabe: DELETE (no row): KA006');
SELECT throws_ok('DELETE FROM kaoa.fall WHERE false', 'KA006', NULL, 'fall: DELETE (no row): KA006');
SELECT throws_ok('DELETE FROM kaoa.person WHERE false', 'KA006', NULL, 'person: DELETE (no row): KA006');
SELECT throws_ok('DELETE FROM kaoa.einwilligung WHERE false', 'KA006', NULL, 'einwilligung: DELETE (no row): KA006');
SELECT throws_ok('TRUNCATE kaoa.person_identitaet', 'KA006', NULL, 'person_identitaet: TRUNCATE: KA006');
SELECT throws_ok('TRUNCATE kaoa.fall CASCADE', 'KA006', NULL, 'fall: TRUNCATE CASCADE: KA006');
SELECT throws_ok('UPDATE kaoa.ereignis SET details = NULL WHERE false', 'KA006', 'UPDATE on kaoa.ereignis is not allowed', 'ereignis: UPDATE (no row): KA006');
SELECT throws_ok('DELETE FROM kaoa.kontaktversuch WHERE false', 'KA006', 'DELETE on kaoa.kontaktversuch is not allowed', 'kontaktversuch: DELETE (no row): KA006');
SELECT throws_ok('TRUNCATE kaoa.kontaktversuch', 'KA006', 'TRUNCATE on kaoa.kontaktversuch is not allowed', 'kontaktversuch: TRUNCATE: KA006');
SELECT throws_ok('TRUNCATE kaoa.uebergabe', 'KA006', 'TRUNCATE on kaoa.uebergabe is not allowed', 'uebergabe: TRUNCATE: KA006');
SELECT throws_ok('TRUNCATE kaoa.person CASCADE', 'KA006', NULL, 'person: TRUNCATE CASCADE: KA006');
SELECT throws_ok('TRUNCATE kaoa.einwilligung CASCADE', 'KA006', NULL, 'einwilligung: TRUNCATE CASCADE: KA006');
SELECT throws_ok('UPDATE kaoa.uebergabe SET grund = NULL WHERE false', 'KA006', 'UPDATE on kaoa.uebergabe is not allowed', 'uebergabe: UPDATE outside the answer functions (no row): KA006');
-- fixed columns, per row (0.2.0): a changed value is refused whoever sends it, the system too; a
-- repeated one passes (test/pgtap/orm_volle_zeile.sql)
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', pg_temp.person_von(:v2), 'sorgeberechtigt', '{traeger}', 'Coaching') RETURNING einwilligung_id AS e_widerruf \gset
SELECT throws_ok(format('UPDATE kaoa.einwilligung SET zweck = %L WHERE einwilligung_id = %s', 'x', :e_widerruf),
                 'KA006', 'column zweck of kaoa.einwilligung cannot change', 'einwilligung: a changed fixed column: KA006');
SELECT throws_ok(format('UPDATE kaoa.person SET pseudonym = pseudonym || %L WHERE person_id = %s', '-x', pg_temp.person_von(:v2)),
                 'KA006', 'column pseudonym of kaoa.person cannot change', 'person: a changed fixed column: KA006');
SELECT throws_ok(format('UPDATE kaoa.fall SET schuljahr = 2030 WHERE fall_id = %s', :v2),
                 'KA006', 'column schuljahr of kaoa.fall cannot change', 'fall: a changed fixed column: KA006');
SELECT throws_ok(format('UPDATE kaoa.fall SET zustaendig_org = %s WHERE fall_id = %s', :aa, :v2),
                 'KA004', format('zustaendig_org of case %s changes only by an accepted hand-off', :v2),
                 'fall: a changed zustaendig_org: KA004');
SELECT results_eq(format('UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s
                          RETURNING einwilligung_id, widerrufen_am = now()', :e_widerruf),
                  format('VALUES (%s::bigint, true)', :e_widerruf), 'einwilligung: widerrufen_am may be set');
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', pg_temp.person_von(:v1), 'sorgeberechtigt', '{traeger}', 'Coaching') RETURNING einwilligung_id AS e_versteckt \gset
SET LOCAL ROLE t_s2;
SELECT is((SELECT count(*) FROM kaoa.einwilligung WHERE einwilligung_id = :e_versteckt), 0::bigint, 'a consent school S2 does not see');
SELECT results_eq(format('UPDATE kaoa.einwilligung SET zweck = %L WHERE einwilligung_id = %s RETURNING einwilligung_id', 'x', :e_versteckt),
                  'SELECT NULL::bigint WHERE false',
                  'an UPDATE of a hidden consent touches no row (UPDATE 0), as its SELECT shows none');
RESET ROLE;
SELECT is((SELECT zweck FROM kaoa.einwilligung WHERE einwilligung_id = :e_versteckt), 'Coaching', '… and the consent keeps its terms');
SELECT min(ereignis_id) AS e_erstes FROM kaoa.ereignis \gset
SET LOCAL session_replication_role = replica;
SELECT results_eq(format('DELETE FROM kaoa.ereignis WHERE ereignis_id = %s RETURNING ereignis_id', :e_erstes),
                  format('VALUES (%s::bigint)', :e_erstes),
                  'with session_replication_role = replica the rules are off (restore): a log row can go');
RESET session_replication_role;

-- ---- DROP EXTENSION guard ---------------------------------------------------------------------------------------
SELECT throws_ok('DROP EXTENSION kaoa', 'KA006', 'DROP EXTENSION kaoa refused: kaoa holds case data', 'DROP EXTENSION with case data: KA006');
SET LOCAL session_replication_role = replica;
SELECT throws_ok('DROP EXTENSION kaoa', 'KA006', 'DROP EXTENSION kaoa refused: kaoa holds case data',
                 'the guard holds under session_replication_role = replica too (a restore with pg_restore --clean)');
SELECT is(evtenabled, 'A', 'the guard is an ENABLE ALWAYS event trigger') FROM pg_event_trigger WHERE evtname = 'kaoa_drop_schutz';
RESET session_replication_role;
SELECT throws_ok('DROP SCHEMA kaoa CASCADE', 'KA006', 'DROP SCHEMA kaoa refused: kaoa holds case data', 'DROP SCHEMA kaoa CASCADE: KA006');
SELECT throws_ok(format('DROP OWNED BY %I', current_user), 'KA006', NULL, 'DROP OWNED BY the extension owner: KA006');
SELECT lives_ok('DROP EXTENSION IF EXISTS kaoa_gibt_es_nicht', 'other DROP EXTENSIONs pass untouched');
DROP FUNCTION pg_temp.fall(text, bigint, kaoa.fall_status, integer, integer);
SET LOCAL kaoa.daten_loeschen_erlaubt = on;
SELECT lives_ok('DROP EXTENSION kaoa', 'with kaoa.daten_loeschen_erlaubt = on a superuser drops it');
SELECT is((SELECT count(*) FROM pg_extension WHERE extname = 'kaoa'), 0::bigint, 'gone (until ROLLBACK)');

SELECT * FROM finish();
ROLLBACK;
