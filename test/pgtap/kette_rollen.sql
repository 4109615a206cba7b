-- pgTAP: who sees what and who may do what (docs/roles-and-bi.md), role by role: row-level security on every
-- chain table, identities only where the law allows, the BI views with small counts suppressed,
-- registration of roles, and nothing for PUBLIC.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(106);

-- The situation (all done by the test's superuser, who acts as the system):
--   fa  school S1 holds it                     fb  S1 → Agentur (accepted) → Jobcenter (open)
--   fc  school S2 holds it                     fd  S1 → Agentur, declined: S1 holds it
--   fe  a Düsseldorf school holds it           ff  S1 → Träger under consent (accepted)
--   fg  the Berufskolleg holds it              fh, fi  two more open cases of S2
SELECT pg_temp.fall('R-a', :s1, 'ohne_anschluss') AS fa, pg_temp.fall('R-b', :s1, 'ohne_anschluss') AS fb,
       pg_temp.fall('R-c', :s2, 'offen') AS fc, pg_temp.fall('R-d', :s1, 'ohne_anschluss') AS fd,
       pg_temp.fall('R-e', :ds, 'offen') AS fe, pg_temp.fall('R-f', :s1, 'in_beratung') AS ff,
       pg_temp.fall('R-g', :bk, 'offen') AS fg, pg_temp.fall('R-h', :s2, 'offen') AS fh,
       pg_temp.fall('R-i', :s2, 'offen') AS fi \gset
SELECT kaoa.uebernehmen(kaoa.uebergeben(:fb, :aa, 'schuldueg_1_1')) \gset
SELECT kaoa.uebergeben(:fb, :jc, 'sgb10_69') AS ub2 \gset
SELECT kaoa.ablehnen(kaoa.uebergeben(:fd, :aa, 'schuldueg_1_1'), 'keine Kapazität') \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', pg_temp.person_von(:ff), 'sorgeberechtigt', '{traeger}', 'Coaching') RETURNING einwilligung_id AS ef \gset
SELECT kaoa.uebernehmen(kaoa.uebergeben(:ff, :tr, 'einwilligung', :ef)) \gset

CREATE FUNCTION pg_temp.sichtbar(tabelle text, spalte text) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE r bigint[];
BEGIN
    EXECUTE format('SELECT coalesce(array_agg(DISTINCT %s ORDER BY %s), ''{}'') FROM kaoa.%s', spalte, spalte, tabelle) INTO r;
    RETURN r;
END $$;
CREATE FUNCTION pg_temp.personen(VARIADIC faelle bigint[]) RETURNS bigint[] LANGUAGE sql AS
    $$ SELECT coalesce(array_agg(person_id ORDER BY person_id), '{}') FROM kaoa.fall WHERE fall_id = ANY (faelle) $$;
SELECT count(*) AS fb_events FROM kaoa.ereignis WHERE fall_id = :fb \gset
SELECT pg_temp.personen(:fa, :fb, :fd, :ff) AS p_s1, pg_temp.personen(:fc, :fh, :fi) AS p_s2,
       pg_temp.personen(:fa, :fb, :fc, :fd, :ff, :fg, :fh, :fi) AS p_koeln \gset

-- ---- cases -----------------------------------------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:fa, :fb, :fd, :ff]::bigint[],
          'school S1: the cases of its school, whoever holds them now');
SELECT is(pg_temp.sichtbar('person', 'person_id'), :'p_s1'::bigint[], 'school S1: their persons');
SELECT is(pg_temp.sichtbar('person_identitaet', 'person_id'), pg_temp.personen(:fa, :fd),
          'school S1: the identities of the pupils whose current case it holds (not of those handed on: fb, ff)');
SELECT is(pg_temp.sichtbar('uebergabe', 'fall_id'), ARRAY[:fb, :fd, :ff]::bigint[], 'school S1: the hand-offs it sent');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:fc, :fh, :fi]::bigint[], 'school S2: only its own cases');
SELECT is(pg_temp.sichtbar('person_identitaet', 'person_id'), :'p_s2'::bigint[], 'school S2: only its own pupils'' identities');
SELECT is(pg_temp.sichtbar('kontaktversuch', 'fall_id'), ARRAY[:fc, :fh, :fi]::bigint[], 'school S2: attempts on its cases');
SELECT is(pg_temp.sichtbar('ereignis', 'fall_id'), ARRAY[:fc, :fh, :fi]::bigint[], 'school S2: the log of its cases');
SELECT is(pg_temp.sichtbar('uebergabe', 'fall_id'), '{}'::bigint[], 'school S2: no hand-offs');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:fb]::bigint[],
          'Agentur: the case it holds; not the one it declined');
SELECT is(pg_temp.sichtbar('person', 'person_id'), pg_temp.personen(:fb), 'Agentur: that person, pseudonymous');
SELECT is(pg_temp.sichtbar('person_identitaet', 'person_id'), '{}'::bigint[], 'Agentur: no identity directly');
SELECT is(pg_temp.sichtbar('uebergabe', 'fall_id'), ARRAY[:fb, :fd]::bigint[],
          'Agentur: the hand-offs it received or sent, declined ones included');
SELECT is(pg_temp.sichtbar('ereignis', 'fall_id'), ARRAY[:fb]::bigint[], 'Agentur: the log of its case');
RESET ROLE;
SET LOCAL ROLE t_jc;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:fb]::bigint[], 'Jobcenter: the case offered to it');
SELECT is(pg_temp.sichtbar('person_identitaet', 'person_id'), '{}'::bigint[], 'Jobcenter: no identity directly');
SELECT ok(kaoa.uebergabe_daten(:ub2) ? 'nachname', 'Jobcenter: the identity through uebergabe_daten only');
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE fall_id = :fb), :fb_events::bigint,
          'Jobcenter: the whole log of the offered case');
RESET ROLE;
SET LOCAL ROLE t_ja;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), '{}'::bigint[], 'Jugendamt: nothing');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:ff]::bigint[], 'Träger: the case it took over with consent');
SELECT is(pg_temp.sichtbar('einwilligung', 'einwilligung_id'), ARRAY[:ef]::bigint[], 'Träger: the consent of that person');
RESET ROLE;
SET LOCAL ROLE t_bk;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:fg]::bigint[], 'Berufskolleg: its own case');
SELECT is(pg_temp.sichtbar('person_identitaet', 'person_id'), pg_temp.personen(:fg), 'Berufskolleg: its pupil''s identity');
RESET ROLE;
SET LOCAL ROLE t_jba;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), '{}'::bigint[], 'JBA: no case');
SELECT is(pg_temp.sichtbar('person', 'person_id'), '{}'::bigint[], 'JBA: no person');
SELECT is((SELECT count(*) FROM kaoa.organisation), 14::bigint, 'JBA: reads the organisations');
SELECT throws_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'telefon', false)$$, :fa),
                 '42501', NULL, 'JBA: records no contact attempts (42501)');
SELECT throws_ok(format($$UPDATE kaoa.fall SET grund = 'x' WHERE fall_id = %s$$, :fa), '42501', NULL,
                 'JBA: changes no case (42501)');
RESET ROLE;
SET LOCAL ROLE t_ka;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), '{}'::bigint[], 'Kammer: nothing');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:fa, :fb, :fc, :fd, :ff, :fg, :fh, :fi]::bigint[],
          'KoKo: every case of its Kommune');
SELECT is(pg_temp.sichtbar('person', 'person_id'), :'p_koeln'::bigint[], 'KoKo: every person of its Kommune, pseudonymous');
SELECT is(pg_temp.sichtbar('person_identitaet', 'person_id'), '{}'::bigint[], 'KoKo: no identity');
SELECT is(pg_temp.sichtbar('uebergabe', 'fall_id'), ARRAY[:fb, :fd, :ff]::bigint[], 'KoKo: every hand-off of its Kommune');
SELECT is(pg_temp.sichtbar('einwilligung', 'einwilligung_id'), ARRAY[:ef]::bigint[], 'KoKo: every consent of its Kommune');
SELECT is(pg_temp.sichtbar('ereignis', 'fall_id'), ARRAY[:fa, :fb, :fc, :fd, :ff, :fg, :fh, :fi]::bigint[],
          'KoKo: the whole log of its Kommune');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:fe]::bigint[], 'KoKo Düsseldorf: only Düsseldorf');
RESET ROLE;
SET LOCAL ROLE t_ds;
SELECT is(pg_temp.sichtbar('person_identitaet', 'person_id'), pg_temp.personen(:fe), 'Düsseldorf school: its pupil''s identity');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT is(pg_temp.sichtbar('fall', 'fall_id'), ARRAY[:fa, :fb, :fc, :fd, :fe, :ff, :fg, :fh, :fi]::bigint[],
          'system: everything');
SELECT is(array_length(pg_temp.sichtbar('person_identitaet', 'person_id'), 1), 9, 'system: every identity');
RESET ROLE;

-- ---- what each may write -----------------------------------------------------------------------------------------------
SELECT ok(has_table_privilege('t_s1', 'kaoa.fall', 'INSERT') AND has_table_privilege('t_s1', 'kaoa.person', 'INSERT')
          AND has_any_column_privilege('t_s1', 'kaoa.person_identitaet', 'UPDATE'), 'schools register persons, identities, cases');
SELECT ok(NOT has_table_privilege('t_aa', 'kaoa.fall', 'INSERT') AND has_any_column_privilege('t_aa', 'kaoa.fall', 'UPDATE')
          AND NOT has_table_privilege('t_aa', 'kaoa.person', 'INSERT'), 'the Agentur changes cases it holds, creates none');
SELECT ok(NOT has_table_privilege('t_s1', 'kaoa.uebergabe', 'INSERT') AND NOT has_table_privilege('t_s1', 'kaoa.ereignis', 'INSERT'),
          'nobody writes hand-offs or the log directly');
SELECT ok(NOT has_table_privilege('t_s1', 'kaoa.person_identitaet', 'DELETE') AND has_table_privilege('t_system', 'kaoa.person_identitaet', 'DELETE'),
          'only the system deletes identities');
SELECT ok(has_any_column_privilege('t_ko', 'kaoa.fristen', 'UPDATE') AND NOT has_any_column_privilege('t_s1', 'kaoa.fristen', 'UPDATE'),
          'the KoKo keeps the deadlines');
SET LOCAL ROLE t_ko;
SELECT results_eq($$UPDATE kaoa.fristen SET uebernahme_tage = 12 WHERE kommune = '05315' AND schuljahr = 2025
                      RETURNING kommune, schuljahr, uebernahme_tage$$,
                  $$VALUES ('05315', 2025, 12)$$, 'KoKo: changes its Kommune''s deadlines');
SELECT throws_ok($$INSERT INTO kaoa.fristen (kommune, schuljahr, identifikation_von, identifikation_bis) VALUES ('05111', 2025, '2026-03-01', '2026-05-31')$$,
                 '42501', NULL, 'KoKo: not another Kommune''s (42501)');
UPDATE kaoa.fristen SET uebernahme_tage = 99 WHERE kommune = '05111';
SELECT lives_ok($$INSERT INTO kaoa.organisation (kommune, typ, name, schluessel) VALUES ('05315', 'traeger', 'Neuer Träger', 'TR2')$$,
                'KoKo: registers an organisation of its Kommune');
SELECT throws_ok($$UPDATE kaoa.organisation SET typ = 'betrieb' WHERE schluessel = 'TR2'$$,
                 'KA006', 'column typ of kaoa.organisation cannot change', 'an organisation''s type never changes: KA006');
RESET ROLE;
SELECT is((SELECT uebernahme_tage FROM kaoa.fristen WHERE kommune = '05315' AND schuljahr = 2025), 12, 'the KoKo''s change landed');
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$DELETE FROM kaoa.person_identitaet WHERE person_id = %s$$, pg_temp.person_von(:fa)),
                 '42501', NULL, 'a school deletes no identity (42501)');
SELECT results_eq(format($$UPDATE kaoa.person_identitaet SET anschrift = 'Ringstraße 9, 50667 Köln' WHERE person_id = %s
                           RETURNING person_id, anschrift$$, pg_temp.person_von(:fa)),
                  format($$VALUES (%s::bigint, 'Ringstraße 9, 50667 Köln')$$, pg_temp.person_von(:fa)),
                  'the school updates its pupil''s address');
RESET ROLE;
SET LOCAL ROLE t_s2;
UPDATE kaoa.person_identitaet SET anschrift = 'fremd' WHERE person_id = pg_temp.person_von(:fa);
RESET ROLE;
SELECT is(anschrift, 'Ringstraße 9, 50667 Köln', 'another school''s UPDATE of that identity touched nothing')
  FROM kaoa.person_identitaet WHERE person_id = pg_temp.person_von(:fa);
SET LOCAL ROLE t_system;
SELECT results_eq(format($$DELETE FROM kaoa.person_identitaet WHERE person_id = %s RETURNING person_id$$, pg_temp.person_von(:fi)),
                  format('VALUES (%s::bigint)', pg_temp.person_von(:fi)), 'the system deletes an identity');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'identitaet_geloescht' AND fall_id = :fi), 1::bigint,
          'the deletion is logged on the person''s case');

-- ---- BI ------------------------------------------------------------------------------------------------------------------
-- A count whose true value is 1 … min_fallzahl − 1 (Köln 3, Düsseldorf 5) is NULL and its row stays;
-- every other count is rounded to a multiple of min_fallzahl next to its true count
-- (docs/roles-and-bi.md#small-counts; the attacks are tried in sicherheit_kleinzahlen.sql).
CREATE FUNCTION pg_temp.wahr_kette() RETURNS TABLE (kommune text, schuljahr int, status text, anzahl bigint, ueberfaellig bigint)
LANGUAGE sql AS $$
    SELECT f.kommune, f.schuljahr, f.status::text, count(*),
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM kaoa.uebergabe u WHERE u.fall_id = f.fall_id AND u.uebernommen_am IS NULL
                                             AND u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL AND u.faellig_am < current_date))
      FROM kaoa.fall f GROUP BY 1, 2, 3
$$;
CREATE TEMP TABLE wahr AS SELECT * FROM pg_temp.wahr_kette();
CREATE TEMP TABLE wahr_verbleib AS
SELECT f.kommune, f.schuljahr, f.schule_org, f.anschluss, count(*) AS anzahl FROM kaoa.fall f GROUP BY 1, 2, 3, 4;
GRANT SELECT ON wahr, wahr_verbleib TO PUBLIC;
SELECT is(array_agg(c.oid::regclass::text ORDER BY 1), NULL, 'the BI role can read no table of kaoa')
  FROM pg_class c WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind IN ('r', 'p')
   AND has_table_privilege('t_bi', c.oid, 'SELECT');
SET LOCAL ROLE t_bi;
SELECT throws_ok('SELECT * FROM kaoa.person_identitaet', '42501', NULL, 'BI: kaoa.person_identitaet is closed (42501)');
SELECT throws_ok('SELECT * FROM kaoa.ereignis', '42501', NULL, 'BI: kaoa.ereignis is closed (42501)');
SELECT throws_ok('SELECT kaoa.fall_sichtbar(''05315'', 1)', '42501', NULL, 'BI: the chain functions are closed (42501)');
SELECT is((SELECT count(*) FROM wahr w FULL JOIN kaoa.v_kette k USING (kommune, schuljahr, status)
            WHERE coalesce(w.kommune, k.kommune) = '05315'
              AND (w.kommune IS NULL OR k.kommune IS NULL
                   OR (k.anzahl IS NULL) <> (w.anzahl BETWEEN 1 AND 2) OR (k.ueberfaellig IS NULL) <> (w.ueberfaellig BETWEEN 1 AND 2)
                   OR k.anzahl % 3 <> 0 OR k.ueberfaellig % 3 <> 0
                   OR abs(k.anzahl - w.anzahl) >= 3 OR abs(k.ueberfaellig - w.ueberfaellig) >= 3)),
          0::bigint, 'v_kette (min_fallzahl 3): a row for every status with cases; a true 1 or 2 is NULL, every other count a multiple of 3 within 2 of the truth');
SELECT ok((SELECT count(*) FROM wahr WHERE kommune = '05315' AND anzahl BETWEEN 1 AND 2) > 0,
          '… and Köln has such small cells here (the check above covers NULLs)');
SELECT is((SELECT count(*) FROM kaoa.v_kette WHERE kommune <> '05315'), 0::bigint, 'BI: only its Kommune');
SELECT is((SELECT (coalesce(sum(anzahl), 0) % 3) FROM kaoa.v_verbleib) + (SELECT (coalesce(sum(anzahl), 0) % 3) FROM kaoa.v_kette),
          0::bigint, 'the shown counts of v_verbleib and of v_kette each add up to a multiple of 3, so their difference is one too');
SELECT is((SELECT count(*) FROM wahr_verbleib w FULL JOIN kaoa.v_verbleib v
                 ON (v.kommune, v.schuljahr, v.schule_org) = (w.kommune, w.schuljahr, w.schule_org) AND v.anschluss IS NOT DISTINCT FROM w.anschluss
            WHERE coalesce(w.kommune, v.kommune) = '05315'
              AND (w.kommune IS NULL OR v.kommune IS NULL OR (v.anzahl IS NULL) <> (w.anzahl BETWEEN 1 AND 2)
                   OR v.anzahl % 3 <> 0 OR v.anzahl <= 0 OR abs(v.anzahl - w.anzahl) >= 3)),
          0::bigint, 'v_verbleib: a row for every cell with cases; a true 1 or 2 is NULL, every other count a positive multiple of 3 within 2');
SELECT throws_ok('SELECT * FROM kaoa.bi_faelle()', '42501', NULL, 'BI: the rounded atoms behind the views are closed (42501)');
RESET ROLE;
SET LOCAL ROLE t_dbi;
SELECT results_eq($$SELECT kommune, status, anzahl, ueberfaellig FROM kaoa.v_kette$$,
                  $$SELECT (SELECT kommune FROM wahr WHERE kommune = '05111'), (SELECT status FROM wahr WHERE kommune = '05111'), NULL::integer, 0$$,
                  'the Düsseldorf BI role: its single case has its row, the count NULL (never 1), ueberfaellig a true 0');
SELECT is((SELECT count(*) FROM kaoa.v_kette WHERE kommune <> '05111'), 0::bigint, 'the Düsseldorf BI role sees Düsseldorf only');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT results_eq('SELECT DISTINCT kommune FROM kaoa.v_kette', ARRAY['05315'], 'the KoKo reads the views of its Kommune');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok('SELECT * FROM kaoa.v_kette', '42501', NULL, 'a school does not read the BI views (42501)');
SELECT throws_ok('SELECT * FROM kaoa.bi_faelle()', '42501', NULL,
                 'a school cannot call kaoa.bi_faelle() either: the true counts behind v_kette and v_verbleib (42501)');
RESET ROLE;

-- overdue hand-offs in v_kette: three cases with an open hand-off due in the past
SELECT pg_temp.fall('R-u1', :s2, 'ohne_anschluss') AS u1, pg_temp.fall('R-u2', :s2, 'ohne_anschluss') AS u2,
       pg_temp.fall('R-u3', :s2, 'ohne_anschluss') AS u3 \gset
SELECT array_agg(kaoa.uebergeben(f, :aa, 'schuldueg_1_1')) AS ux FROM unnest(ARRAY[:u1, :u2, :u3]::bigint[]) f \gset
SET LOCAL session_replication_role = replica;
UPDATE kaoa.uebergabe SET faellig_am = current_date - 1 WHERE fall_id IN (:u1, :u2, :u3);
RESET session_replication_role;
SELECT is((SELECT ueberfaellig FROM pg_temp.wahr_kette() WHERE kommune = '05315' AND status = 'ohne_anschluss'), 3::bigint,
          'three ohne_anschluss cases now have an overdue hand-off');
SET LOCAL ROLE t_bi;
SELECT results_eq($$SELECT ueberfaellig FROM kaoa.v_kette WHERE status = 'ohne_anschluss'$$, ARRAY[3],
                  'v_kette counts the cases with an overdue hand-off (3, a multiple of 3, stays exact)');
SELECT ok((SELECT anzahl FROM kaoa.v_kette WHERE status = 'ohne_anschluss') IN (3, 6),
          '… of the 5 ohne_anschluss cases, published as 3 or 6');
RESET ROLE;

-- ---- the subtraction attack of 0.1.0: v_kette's total against v_verbleib's cells ---------------------
-- 2026: S1 has 6 cases, S2 1, all open; 2027: S1 has 5 open cases and 1 ohne_anschluss; 2028: three schools
-- with one open case each.  In 0.1.0 one view's total minus the other's shown cells could give a single case.
SELECT count(pg_temp.fall('Z-a' || i, :s1, 'offen', 2026)) AS z_a FROM generate_series(1, 6) i \gset
SELECT pg_temp.fall('Z-b1', :s2, 'offen', 2026) \gset
SELECT count(pg_temp.fall('Z-c' || i, :s1, 'offen', 2027)) AS z_c FROM generate_series(1, 5) i \gset
SELECT pg_temp.fall('Z-d1', :s1, 'ohne_anschluss', 2027) \gset
SELECT pg_temp.fall('Z-e1', :s1, 'offen', 2028), pg_temp.fall('Z-e2', :s2, 'offen', 2028), pg_temp.fall('Z-e3', :bk, 'offen', 2028) \gset
SET LOCAL ROLE t_bi;
CREATE TEMP VIEW angriff AS
SELECT k.schuljahr, k.gesamt, v.gezeigt, coalesce(k.gesamt, 0) - coalesce(v.gezeigt, 0) AS differenz
  FROM (SELECT schuljahr, sum(anzahl) AS gesamt FROM kaoa.v_kette GROUP BY schuljahr) k
  FULL JOIN (SELECT schuljahr, sum(anzahl) AS gezeigt FROM kaoa.v_verbleib GROUP BY schuljahr) v USING (schuljahr);
SELECT is((SELECT count(*) FROM angriff WHERE differenz % 3 <> 0), 0::bigint,
          'every school year: v_kette''s shown total minus v_verbleib''s shown cells is a multiple of 3, never 1 or 2');
SELECT results_eq(format('SELECT anzahl FROM kaoa.v_verbleib WHERE schuljahr = 2026 AND schule_org = %s', :s2), ARRAY[NULL::integer],
                  '2026: S2''s single case has its row with the count NULL, never 1');
SELECT results_eq(format('SELECT anzahl FROM kaoa.v_verbleib WHERE schuljahr = 2026 AND schule_org = %s', :s1), ARRAY[6],
                  '2026: S1''s 6 cases (a multiple of 3) stay exact');
SELECT results_eq($$SELECT anzahl FROM kaoa.v_kette WHERE schuljahr = 2027 AND status = 'ohne_anschluss'$$, ARRAY[NULL::integer],
                  '2027: the single ohne_anschluss case: its row, the count NULL');
SELECT results_eq($$SELECT status, anzahl FROM kaoa.v_kette WHERE schuljahr = 2028$$, $$VALUES ('offen', 3)$$,
                  '2028: three single cases: the status total 3 (a true 3 stays)');
SELECT results_eq($$SELECT count(*), count(anzahl) FROM kaoa.v_verbleib WHERE schuljahr = 2028$$, $$VALUES (3::bigint, 0::bigint)$$,
                  '2028: … each school''s single case a row with the count NULL');
SELECT is((SELECT count(*) FROM kaoa.v_verbleib WHERE anzahl % 3 <> 0), 0::bigint, 'no school year shows a count that is no multiple of 3');
RESET ROLE;

-- ---- registering roles -------------------------------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.akteur_anlegen(%L, %s)', 't_fremd', :s1), '42501',
                 'permission denied for function akteur_anlegen', 'only the DBA registers roles (42501: not granted to any registered role)');
RESET ROLE;
SELECT throws_ok(format('SELECT kaoa.akteur_anlegen(%L, %s)', 't_gibtsnicht', :s1), '42704', NULL, 'an unknown role: 42704');
SELECT throws_ok('SELECT kaoa.akteur_anlegen(''t_fremd'', 999999)', 'P0002', 'organisation 999999 does not exist', 'an unknown organisation: P0002');
SELECT throws_ok('SELECT kaoa.akteur_anlegen(''t_bi'', 1)', '22023', NULL, 'a BI role cannot become an actor: 22023');
SELECT throws_ok('SELECT kaoa.bi_zugang(''t_s1'', ''05315'')', '22023', NULL, 'an actor cannot become a BI role: 22023');
SELECT throws_ok('SELECT kaoa.bi_zugang(''t_fremd'', ''05999'')', 'P0002', NULL, 'BI access to an unknown Kommune: P0002');
CREATE ROLE t_wechsel;
SELECT kaoa.akteur_anlegen('t_wechsel', :s1) \gset
SELECT ok(has_table_privilege('t_wechsel', 'kaoa.fall', 'INSERT'), 'mapped to a school: may create cases');
SELECT kaoa.akteur_anlegen('t_wechsel', :aa) \gset
SELECT ok(NOT has_table_privilege('t_wechsel', 'kaoa.fall', 'INSERT') AND has_any_column_privilege('t_wechsel', 'kaoa.fall', 'UPDATE'),
          're-mapped to the Agentur: the school''s rights are gone');
SET LOCAL ROLE t_wechsel;
SELECT results_eq('SELECT art, org_id, org_typ::text FROM kaoa.akteur_aktuell()', format($$VALUES ('organisation', %s::bigint, 'agentur')$$, :aa),
                  'the cached actor follows the new mapping within the transaction');
RESET ROLE;
SELECT is(array_agg(DISTINCT grantee::text), NULL, 'nothing of the chain is granted to PUBLIC')
  FROM information_schema.role_table_grants WHERE table_schema = 'kaoa' AND grantee = 'PUBLIC';
GRANT EXECUTE ON FUNCTION kaoa.akteur_aktuell() TO t_fremd;
SET LOCAL ROLE t_fremd;
SELECT results_eq('SELECT art FROM kaoa.akteur_aktuell()', $$VALUES ('keiner')$$, 'an unregistered role is nobody');
SELECT throws_ok('SELECT * FROM kaoa.fall', '42501', NULL, 'and reads no case even with SELECT on the table (42501)');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok('SELECT * FROM kaoa.akteur_aktuell()', '42501', NULL, 'BI roles cannot even ask who they are');
RESET ROLE;

-- ---- what each kind of role gets is data ------------------------------------------------------------
SELECT ok(has_function_privilege('t_bi', 'kaoa.bi_kommunen()', 'EXECUTE') AND has_function_privilege('t_bi', 'kaoa.bi_sbo()', 'EXECUTE')
          AND NOT has_function_privilege('t_bi', 'kaoa.fall_sichtbar(text, bigint)', 'EXECUTE'),
          'BI roles execute exactly the functions their kaoa.rolle_recht rows name');
CREATE FUNCTION kaoa.t_bi_probe() RETURNS integer LANGUAGE sql STABLE AS 'SELECT 1';
REVOKE ALL ON FUNCTION kaoa.t_bi_probe() FROM PUBLIC;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte) VALUES ('bi', 'kaoa.t_bi_probe()', 'EXECUTE');
SELECT kaoa.bi_zugang('t_bi', '05315') \gset
SELECT ok(has_function_privilege('t_bi', 'kaoa.t_bi_probe()', 'EXECUTE'), 'a row (objekt a function signature, EXECUTE) grants a function, no C needed');
SELECT throws_ok($$UPDATE kaoa.rolle_recht SET rechte = 'SELECT' WHERE fuer = 'traeger' AND objekt = 'kaoa.einwilligung'$$,
                 'KA006', 'row (traeger, kaoa.einwilligung) of kaoa.rolle_recht is shipped with kaoa and cannot change',
                 'a shipped right cannot be edited in place (pg_dump would lose the edit): KA006');
SELECT throws_ok($$DELETE FROM kaoa.anschluss_kategorie WHERE code = 'eq'$$,
                 'KA006', 'row (eq) of kaoa.anschluss_kategorie is shipped with kaoa and cannot be deleted', 'nor a shipped category deleted');
SELECT throws_ok($$UPDATE kaoa.anschluss_kategorie SET sichert = false WHERE code = 'eq'$$, 'KA006', NULL, 'or changed');
SELECT throws_ok($$INSERT INTO kaoa.anschluss_kategorie (code, sektor, sichert, bezeichnung, mitgeliefert) VALUES ('x', 'SONSTIGE', false, 'x', true)$$,
                 'KA006', 'a row of kaoa.anschluss_kategorie cannot be marked as shipped', 'and no row can pretend to be shipped (it would not be dumped)');
SELECT lives_ok($$INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte) VALUES ('traeger', 'kaoa.einwilligung', 'SELECT'),
                                                                          ('traeger', 'kaoa.kontaktversuch', '')$$,
                'the DBA adds its own rows for a shipped kind and object');
SELECT kaoa.akteur_anlegen('t_tr', :tr) \gset
SELECT ok(has_table_privilege('t_tr', 'kaoa.einwilligung', 'SELECT') AND NOT has_table_privilege('t_tr', 'kaoa.einwilligung', 'INSERT')
          AND NOT has_table_privilege('t_tr', 'kaoa.kontaktversuch', 'INSERT') AND has_table_privilege('t_tr', 'kaoa.kontaktversuch', 'SELECT'),
          'they replace the shipped rows: the Träger reads consents and attempts (every organisation may) but records neither');

-- ---- who the actor is (docs/roles-and-bi.md): the role SET ROLE selected, matched exactly ------------------------------------------
CREATE ROLE t_mitglied;
GRANT t_s1 TO t_mitglied;
SET LOCAL ROLE t_mitglied;
SELECT results_eq('SELECT art FROM kaoa.akteur_aktuell()', $$VALUES ('keiner')$$,
                  'a member of a registered role (without SET ROLE to it) is nobody: no role inheritance');
SELECT is((SELECT count(*) FROM kaoa.fall), 0::bigint, '… sees no case through the inherited grants');
SELECT throws_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich) VALUES ('05315', %s, %s, 'telefon', false)$$, :fa, :s1),
                 '42501', 'role "t_mitglied" does not act for an organisation in kaoa', '… and is refused by the rules (42501)');
RESET ROLE;
CREATE FUNCTION pg_temp.wer_definer() RETURNS text LANGUAGE sql SECURITY DEFINER AS
    $$ SELECT art || ' ' || coalesce(org_id::text, '-') FROM kaoa.akteur_aktuell() $$;
CREATE FUNCTION pg_temp.aendern_definer(f bigint) RETURNS void LANGUAGE sql SECURITY DEFINER AS
    $$ UPDATE kaoa.fall SET grund = 'über eine SECURITY DEFINER-Funktion' WHERE fall_id = f $$;
SET LOCAL ROLE t_s1;
SELECT is(pg_temp.wer_definer(), 'organisation ' || :s1,
          'inside a SECURITY DEFINER function owned by the superuser the actor is still the outer role');
SELECT throws_ok(format('SELECT pg_temp.aendern_definer(%s)', :fc), 'KA004', NULL,
                 '… so the superuser owner''s rights do not make it the system: KA004 on a case it does not hold');
RESET ROLE;
ALTER FUNCTION pg_temp.wer_definer() OWNER TO t_s2;
SET LOCAL ROLE t_s1;
SELECT is(pg_temp.wer_definer(), 'organisation ' || :s1, '… and inside one owned by another school too');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
