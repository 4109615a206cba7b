-- pgTAP, security suite (issue 10, classes 2 and 3, and integrity; the red-team review's
-- reproductions 02 and 06): who writes what is recorded about a person.  Acting as the roles
-- concerned.
--
-- Enrolments.  The school of a person's latest enrolment is "their school" for every SBO record
-- (it reads the Standardelemente and the Potenzialanalyse, deletes and corrects them, records
-- Anschlussvereinbarungen).  So an enrolment is recorded only by the pupil's school — the school of
-- their current case, until another school takes the case over; before a first case the school that
-- registered them — for itself, by the KoKo of the Kommune or by the system; a move to another school is the KoKo's or the
-- system's; schuljahr reaches at most the school year after the current one (Berlin days).  A
-- Berufskolleg merely offered a case (also after declining), a receiver that is not the case's
-- school, a school that registered the person after the system gave the case to another school:
-- KA004, with the words for a person that does not exist.
--
-- Every refusal is asserted with its SQLSTATE and with the tables unchanged (a fingerprint of every
-- row, taken as the superuser); every permitted write with the rows it changed.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(31);

-- pg_temp.abdruck(table): a fingerprint of every row of a kaoa table (call it as the superuser)
CREATE FUNCTION pg_temp.abdruck(tabelle text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT count(*) || '':'' || coalesce(md5(string_agg(t::text, E''\n'' ORDER BY t::text)), '''') FROM kaoa.%I t', tabelle)
       INTO r;
    RETURN r;
END $$;
CREATE FUNCTION pg_temp.sbo_abdruck() RETURNS text LANGUAGE sql AS $$
    SELECT pg_temp.abdruck('schulbesuch') || ' ' || pg_temp.abdruck('sbo_teilnahme') || ' ' || pg_temp.abdruck('anschlussvereinbarung')
$$;
-- the current school year (start year, Europe/Berlin) and the first one too far ahead
SELECT CASE WHEN extract(month FROM kaoa.heute()) >= 8 THEN extract(year FROM kaoa.heute())::int
            ELSE extract(year FROM kaoa.heute())::int - 1 END AS sj \gset
SELECT :sj + 1 AS sj_naechstes, :sj + 2 AS sj_zu_weit \gset

-- ---- the pupil of S1: a case (identified), enrolled, two Standardelemente, an agreement -------------------------------
SELECT pg_temp.fall('E-1', :s1, 'ohne_anschluss') AS fe \gset
SELECT pg_temp.person_von(:fe) AS pe \gset
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', :pe, 2025, :s1, 10);
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, kompetenzen)
VALUES ('05315', :pe, 'SBO 4.1', '2025-09-15', 'sorgfalt=4') RETURNING teilnahme_id AS te1 \gset
SELECT pg_temp.sbo(:pe, 'SBO 5.1', '2025-10-06', 'elektro') AS te2, pg_temp.av(:pe, '2026-02-10', '{26312}') AS ve \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fe, :bk, 'schulg_120') AS ue \gset
RESET ROLE;
SELECT pg_temp.sbo_abdruck() AS sbo0 \gset

-- a Berufskolleg merely offered the case (reproduction 02)
SET LOCAL ROLE t_bk;
SELECT is((SELECT count(*) FROM kaoa.sbo_teilnahme WHERE person_id = :pe), 0::bigint,
          'offered: the Berufskolleg reads none of the pupil''s Standardelemente');
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe, :sj, :bk),
                 'KA004', format('organisation %s may not enrol person %s', :bk, :pe),
                 'offered: it cannot enrol the pupil at itself (KA004) …');
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe, :sj, :bk)),
          replace(pg_temp.antwort(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', 999999, %s, %s, 11)$$, :sj, :bk)),
                  '999999', :pe::text),
          '… with the very answer for a person that does not exist');
SELECT throws_ok(format($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', %s, 'SBO 4.1', '2026-01-10')$$, :pe),
                 'KA004', NULL, 'offered: no Standardelement of the pupil recorded (KA004)');
SELECT throws_ok(format($$INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, naechster_schritt) VALUES ('05315', %s, 'BK')$$, :pe),
                 'KA004', NULL, 'offered: no Anschlussvereinbarung recorded (KA004)');
SELECT is(kaoa.sbo_teilnahme_loeschen(:te1), 0, 'offered: deleting the Potenzialanalyse reaches no row');
SELECT results_eq(format($$UPDATE kaoa.sbo_teilnahme SET teilgenommen = false, kompetenzen = NULL WHERE person_id = %s RETURNING teilnahme_id$$, :pe),
                  'SELECT NULL::bigint WHERE false', 'offered: marking them not attended touches no row');
SELECT kaoa.ablehnen(:ue, 'kein Platz') \gset
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe, :sj_naechstes, :bk),
                 'KA004', format('organisation %s may not enrol person %s', :bk, :pe), 'declined: still no enrolment (KA004)');
SELECT is((SELECT count(*) FROM kaoa.sbo_teilnahme WHERE person_id = :pe), 0::bigint, 'declined: still nothing of the record to read');
RESET ROLE;
SELECT is(pg_temp.sbo_abdruck(), :'sbo0', 'enrolments, Standardelemente and agreements are unchanged');

-- the pupil's school keeps sight and keeps the record
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.sbo_teilnahme WHERE person_id = :pe), 2::bigint, 'the pupil''s school still reads both Standardelemente');
SELECT results_eq(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 10)
                            RETURNING person_id, schuljahr, schule_org, schulform$$, :pe, :sj, :s1),
                  format($$VALUES (%s::bigint, %s, %s::bigint, 'GE')$$, :pe, :sj, :s1),
                  'the school keeping the pupil''s records enrols them for the current school year');
RESET ROLE;
SELECT pg_temp.abdruck('schulbesuch') AS sb1 \gset
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe, :sj_zu_weit, :s1),
                 '22023', format('school year %s is too far ahead for an enrolment', :sj_zu_weit),
                 'two school years ahead: refused (22023), so nobody wins "the latest year" by writing one far ahead');
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe, :sj_naechstes, :s2),
                 'KA004', format('organisation %s may not change the enrolments of school %s', :s1, :s2),
                 'enrolling the pupil at another school is the KoKo''s (KA004)');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe, :sj_zu_weit, :s1),
                 '22023', NULL, 'the bound holds for a system role too');
RESET ROLE;
SELECT is(pg_temp.abdruck('schulbesuch'), :'sb1', 'no enrolment was added by the refused statements');
SELECT is((SELECT pg_temp.antwort(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe, :sj_zu_weit, :s1))),
          format('22023: The enrolment of person %s names schuljahr %s; today (%s, Europe/Berlin) lies in school year %s.', :pe, :sj_zu_weit, kaoa.heute(), :sj),
          'the detail names the year given and today''s');
SET LOCAL ROLE t_ko;
SELECT results_eq(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)
                            RETURNING person_id, schuljahr, schule_org$$, :pe, :sj_naechstes, :s2),
                  format($$VALUES (%s::bigint, %s, %s::bigint)$$, :pe, :sj_naechstes, :s2),
                  'the KoKo moves the pupil to another school (next school year)');
RESET ROLE;

-- ---- a receiver that took the case over but is not its school: enrols once it opened its own case ----------------------
SELECT pg_temp.fall('E-2', :s1, 'ohne_anschluss') AS fe2 \gset
SELECT pg_temp.person_von(:fe2) AS pe2 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fe2, :bk, 'schulg_120') AS ue2 \gset
RESET ROLE;
SET LOCAL ROLE t_bk;
SELECT kaoa.uebernehmen(:ue2) \gset
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe2, :sj, :bk),
                 'KA004', format('organisation %s may not enrol person %s', :bk, :pe2),
                 'accepted under schulg_120, but the case is S1''s as its school: no enrolment yet (KA004)');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)$$, :pe2, :sj, :s1),
                 'KA004', format('organisation %s may not enrol person %s', :s1, :pe2),
                 '… nor by S1 any more: the Berufskolleg took the case over');
RESET ROLE;
SET LOCAL ROLE t_bk;
SELECT results_eq(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, %s, %s)
                            RETURNING schuljahr, schule_org, zustaendig_org$$, :pe2, :sj, :bk),
                  format($$VALUES (%s, %s::bigint, %s::bigint)$$, :sj, :bk, :bk),
                  'the holder opens the next school year''s case as its own school …');
SELECT results_eq(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 11)
                            RETURNING schuljahr, schule_org, schulform$$, :pe2, :sj, :bk),
                  format($$VALUES (%s, %s::bigint, 'BK')$$, :sj, :bk),
                  '… and then enrols the young person, as their school now');
RESET ROLE;

-- ---- the Agentur holds the leaver's case: the school stays the pupil's school ---------------------------------------------
SELECT pg_temp.fall('E-3', :s1, 'ohne_anschluss') AS fe3 \gset
SELECT pg_temp.person_von(:fe3) AS pe3 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fe3, :aa, 'schuldueg_1_1') AS ue3 \gset
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT kaoa.uebernehmen(:ue3) \gset
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT results_eq(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, 2025, %s, 10)
                            RETURNING person_id, schuljahr, schule_org$$, :pe3, :s1),
                  format($$VALUES (%s::bigint, 2025, %s::bigint)$$, :pe3, :s1),
                  'the Agentur counsels the leaver: the school of the case still records the leaver''s enrolment');
RESET ROLE;

-- ---- a school that only registered the person, after the system gave the case to another school --------------------------
SET LOCAL ROLE t_s2;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05315', 'R-1', '2010-05-01') RETURNING person_id AS pr \gset
SELECT results_eq(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, 2025, %s, 9)
                            RETURNING person_id, schule_org$$, :pr, :s2),
                  format($$VALUES (%s::bigint, %s::bigint)$$, :pr, :s2),
                  'before a first case the registering school enrols its pupil');
RESET ROLE;
SELECT pg_temp.sbo(:pr, 'SBO 4.1', '2025-09-20') AS tr1 \gset
SET LOCAL ROLE t_system;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', :pr, 2025, :s1);
RESET ROLE;
SELECT pg_temp.sbo_abdruck() AS sbo2 \gset
SET LOCAL ROLE t_s2;
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 10)$$, :pr, :sj, :s2),
                 'KA004', format('organisation %s may not enrol person %s', :s2, :pr),
                 'the system gave the case to S1: the registering school no longer enrols the pupil (KA004)');
RESET ROLE;
SELECT is(pg_temp.sbo_abdruck(), :'sbo2', '… and nothing changed');
SET LOCAL ROLE t_s1;
SELECT results_eq(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 10)
                            RETURNING person_id, schule_org$$, :pr, :sj, :s1),
                  format($$VALUES (%s::bigint, %s::bigint)$$, :pr, :s1),
                  'the school holding the case as its school enrols the pupil …');
SELECT is((SELECT array_agg(teilnahme_id) FROM kaoa.sbo_teilnahme WHERE person_id = :pr), ARRAY[:tr1::bigint],
          '… and reads the pupil''s Standardelemente from then on');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is((SELECT count(*) FROM kaoa.sbo_teilnahme WHERE person_id = :pr), 0::bigint, 'the former school no longer does');
RESET ROLE;

-- ---- a pupil registered by the system, without a case: the school of the current enrolment keeps the record -----------
SELECT pg_temp.schueler('P-1', :s1, 8) AS pp \gset
SET LOCAL ROLE t_s1;
SELECT results_eq(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 9)
                            RETURNING person_id, schuljahr$$, :pp, :sj, :s1),
                  format($$VALUES (%s::bigint, %s)$$, :pp, :sj),
                  'a pupil the system registered, without a case: the school of the current enrolment enrols them for the next year');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 9)$$, :pp, :sj_naechstes, :s2),
                 'KA004', format('organisation %s may not enrol person %s', :s2, :pp), '… another school does not (KA004)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
