-- pgTAP: the rules of the Standardelemente and the measures (docs/sbo.md): every refusal with its
-- SQLSTATE, constraint and column, the catalogue editions, the defaults the triggers fill in, the
-- flags of participation outside a measure's target group, and the append-only agreements.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(55);

-- SQLSTATE, constraint and column of the error a statement raises ('kein Fehler' when none).
CREATE FUNCTION pg_temp.fehler(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s text; c text; col text;
BEGIN
    EXECUTE sql;
    RETURN 'kein Fehler';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, c = CONSTRAINT_NAME, col = COLUMN_NAME;
    RETURN s || ' ' || coalesce(nullif(c, ''), '-') || ' ' || coalesce(nullif(col, ''), '-');
END $$;

SELECT pg_temp.schueler('A', :s1, 8) AS pa, pg_temp.schueler('B', :s2, 9) AS pb \gset
CREATE FUNCTION pg_temp.teilnahme(spalten text, werte text) RETURNS text LANGUAGE sql AS
    $$ SELECT format('INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, %s) VALUES (''05315'', %s, %s)',
                     spalten, current_setting('test.pa'), werte) $$;
SELECT set_config('test.pa', :'pa', true);

-- ---- participations ----------------------------------------------------------------------------------------
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum', $$'SBO 5.1', '2025-10-01'$$)),
          '23502 sbo_teilnahme_berufsfeld_noetig berufsfeld', 'a Berufsfelderkundung without a Berufsfeld: 23502');
SELECT throws_ok(pg_temp.teilnahme('sbo_code, datum', $$'SBO 5.1', '2025-10-01'$$), '23502',
                 'SBO 5.1 (Berufsfelderkundungen) needs a Berufsfeld', 'the message names code and element');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum', $$'SBO 5.2', '2025-10-01'$$)),
          '23502 sbo_teilnahme_berufsfeld_noetig berufsfeld', 'the STAR Berufsfelderkundung needs one too');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum', $$'SBO 9.9', '2025-10-01'$$)),
          '23503 sbo_teilnahme_sbo_code sbo_code', 'a code unknown to the edition: 23503');
SELECT throws_ok(pg_temp.teilnahme('sbo_code, datum', $$'SBO 5.1.', '2025-10-01'$$), '23503',
                 'SBO code "SBO 5.1." is not in catalogue edition "svws_1"', 'the message names code and edition');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('katalog_version, sbo_code, datum', $$'kaoa_2012', 'SBO 5.1', '2025-10-01'$$)),
          '23503 sbo_teilnahme_katalog_version katalog_version', 'an unknown edition: 23503');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum, bis', $$'SBO 6.1', '2026-03-02', '2026-03-01'$$)),
          '23514 sbo_teilnahme_zeitraum bis', 'a Praktikum ending before it starts: 23514');
SELECT throws_ok(pg_temp.teilnahme('sbo_code, datum, bis', $$'SBO 6.1', '2026-03-02', '2026-03-01'$$), '23514',
                 'participation period is inverted: bis 2026-03-01 is before datum 2026-03-02', 'the message names both days');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum, berufsfeld', $$'SBO 5.1', '2025-10-01', 'raumfahrt'$$)),
          '23503 sbo_teilnahme_berufsfeld berufsfeld', 'an unknown Berufsfeld: 23503');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum, kompetenzen', $$'SBO 6.1', '2026-03-02', 'sorgfalt=3'$$)),
          '23514 sbo_teilnahme_kompetenzen kompetenzen', 'competences on a Praktikum: 23514');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum, bis, berufsfeld', $$'SBO 5.1', '2025-10-02', '2025-10-01', NULL$$)),
          '23514 sbo_teilnahme_zeitraum bis', 'the period is checked before the Berufsfeld');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum, berufsfeld', $$'SBO 5.1', '2025-10-01', 'elektro'$$)),
          'kein Fehler', 'a Berufsfelderkundung with its Berufsfeld');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum, bis, berufsfeld', $$'SBO 6.1', '2026-03-02', '2026-03-13', 'elektro'$$)),
          'kein Fehler', 'a two-week Praktikum with a Berufsfeld');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum, kompetenzen', $$'SBO 4.1', '2025-09-15', 'sorgfalt=3,teamfaehigkeit=4'$$)),
          'kein Fehler', 'a Potenzialanalyse with competences');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum, kompetenzen', $$'SBO 4.2', '2025-09-16', 'planung=2'$$)),
          'kein Fehler', 'the 2-day Potenzialanalyse records competences too');

-- defaults filled in by the trigger
SELECT results_eq(format($$SELECT katalog_version, erfasst_von IS NULL FROM kaoa.sbo_teilnahme
                           WHERE person_id = %s AND sbo_code = 'SBO 4.1'$$, :pa),
                  $$VALUES ('svws_1', true)$$, 'edition in force filled in; the system records without an organisation');

-- a second edition, in force from 2030: the default follows the date, codes are per edition
INSERT INTO kaoa.sbo_katalog_version (version, gueltig_ab, bezeichnung) VALUES ('test_2030', '2030-08-01', 'Testausgabe');
INSERT INTO kaoa.sbo_katalog (version, code, element, name, jahrgang_von, jahrgang_bis, pflicht, mit_kompetenzen)
VALUES ('test_2030', 'PA', 'potenzialanalyse', 'Potenzialanalyse', 8, 8, true, true);
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum', $$'SBO 4.1', '2031-01-10'$$)),
          '23503 sbo_teilnahme_sbo_code sbo_code', 'in 2031 edition test_2030 is in force: SBO 4.1 is unknown there');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('sbo_code, datum', $$'PA', '2031-01-10'$$)), 'kein Fehler',
          'its own code is accepted');
SELECT is(pg_temp.fehler(pg_temp.teilnahme('katalog_version, sbo_code, datum', $$'svws_1', 'SBO 4.1', '2031-01-11'$$)),
          'kein Fehler', 'an explicit katalog_version wins over the date');
SELECT results_eq(format($$SELECT sbo_code, katalog_version FROM kaoa.sbo_teilnahme
                           WHERE person_id = %s AND datum > '2031-01-01' ORDER BY datum$$, :pa),
                  $$VALUES ('PA', 'test_2030'), ('SBO 4.1', 'svws_1')$$, 'editions as filled in or given');
SELECT throws_ok($$INSERT INTO kaoa.sbo_katalog_version (version, gueltig_ab, bezeichnung) VALUES ('zweite', NULL, 'x')$$,
                 '23505', NULL, 'only one edition applies from the beginning');

-- shipped reference rows stay as shipped (they are not dumped)
SELECT is(pg_temp.fehler($$UPDATE kaoa.sbo_katalog SET pflicht = false WHERE version = 'svws_1' AND code = 'SBO 6.1'$$),
          'KA006 mitgeliefert_schuetzen mitgeliefert', 'a shipped catalogue row cannot change (KA006)');
SELECT is(pg_temp.fehler($$DELETE FROM kaoa.berufsfeld WHERE code = 'medien'$$), 'KA006 mitgeliefert_schuetzen mitgeliefert',
          'a shipped Berufsfeld cannot go (KA006)');
SELECT is(pg_temp.fehler($$INSERT INTO kaoa.berufsfeld (code, name, kldb, mitgeliefert) VALUES ('x', 'X', '{1}', true)$$),
          'KA006 mitgeliefert_schuetzen mitgeliefert', 'no row can claim to be shipped (KA006)');

-- fixed columns
SELECT is(pg_temp.fehler(format('UPDATE kaoa.sbo_teilnahme SET person_id = %s WHERE person_id = %s', :pb, :pa)),
          'KA006 sbo_feste_spalte person_id', 'person_id of a participation cannot change (KA006)');
SELECT results_eq(format($$WITH u AS (UPDATE kaoa.sbo_teilnahme SET ergebnis = 'gut' WHERE person_id = %s AND sbo_code = 'SBO 4.1'
                                        RETURNING person_id, sbo_code, datum, ergebnis)
                           SELECT * FROM u ORDER BY datum$$, :pa),
                  format($$VALUES (%s::bigint, 'SBO 4.1', '2025-09-15'::date, 'gut'), (%s, 'SBO 4.1', '2031-01-11', 'gut')$$, :pa, :pa),
                  'other columns can be corrected');

-- ---- enrolments ------------------------------------------------------------------------------------------------
SELECT is(schulform, 'GE', 'schulform defaults to the school''s') FROM kaoa.schulbesuch WHERE person_id = :pa;
SELECT is(pg_temp.fehler(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang)
                                  VALUES ('05315', %s, 2026, %s, 9)$$, :pa, :tr)),
          '23514 schulbesuch_schule schule_org', 'a Träger is not a school: 23514');
SELECT is(pg_temp.fehler(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang)
                                  VALUES ('05315', %s, 2026, %s, 14)$$, :pa, :s1)),
          '23514 schulbesuch_jahrgang jahrgang', 'grade 14 does not exist');
SELECT is(pg_temp.fehler(format('UPDATE kaoa.schulbesuch SET schuljahr = 2026 WHERE person_id = %s', :pa)),
          'KA006 sbo_feste_spalte schuljahr', 'the school year of an enrolment cannot change (KA006)');

-- ---- measures -------------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.massnahme(jahrgaenge text, zeitraum text, plaetze text DEFAULT '10',
                                  berufsfelder text DEFAULT 'NULL') RETURNS text LANGUAGE sql AS $$
    SELECT format('INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze, berufsfelder)
                   VALUES (''05315'', %s, ''Praxiskurs Metall'', ''praxiskurs'', %s, %s, %s, %s)',
                  current_setting('test.tr'), jahrgaenge, zeitraum, plaetze, berufsfelder)
$$;
SELECT set_config('test.tr', :'tr', true);
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$'[2025-09-01,2026-01-31]'$$, '-1')),
          '23514 massnahme_plaetze plaetze', 'negative places: 23514');
SELECT throws_ok(pg_temp.massnahme($$'[9,10]'$$, $$'[2025-09-01,2026-01-31]'$$, '-3'), '23514',
                 'measure "Praxiskurs Metall" cannot have -3 places', 'the message names title and places');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$'empty'$$)),
          '23514 massnahme_zeitraum zeitraum', 'an empty period: 23514');
SELECT throws_ok(pg_temp.massnahme($$'[9,10]'$$, $$'empty'$$), '23514',
                 'period of measure "Praxiskurs Metall" is empty', 'the message says so');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$'[2025-09-10,2025-09-10)'$$)),
          '23514 massnahme_zeitraum zeitraum', 'a period [d,d) is empty too');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$'(,2026-01-31]'$$)),
          '23514 massnahme_zeitraum zeitraum', 'a period without a first day: 23514');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$daterange('2026-01-31', '2025-09-01')$$)),
          '22000 - -', 'an inverted period cannot even be built as a daterange (PostgreSQL: 22000)');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'empty'$$, $$'[2025-09-01,2026-01-31]'$$)),
          '23514 massnahme_jahrgaenge jahrgaenge', 'empty target grades: 23514');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,14]'$$, $$'[2025-09-01,2026-01-31]'$$)),
          '23514 massnahme_jahrgaenge jahrgaenge', 'grade 14: 23514');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,)'$$, $$'[2025-09-01,2026-01-31]'$$)),
          '23514 massnahme_jahrgaenge jahrgaenge', 'unbounded grades: 23514');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$'[2025-09-01,2026-01-31]'$$, '10', $$'{}'$$)),
          '23514 massnahme_berufsfelder_liste berufsfelder', 'an empty list of Berufsfelder (NULL means every field)');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$'[2025-09-01,2026-01-31]'$$, '10', $$'{elektro,raumfahrt}'$$)),
          '23503 massnahme_berufsfelder berufsfelder', 'an unknown Berufsfeld: 23503');
SELECT throws_ok(pg_temp.massnahme($$'[9,10]'$$, $$'[2025-09-01,2026-01-31]'$$, '10', $$'{elektro,raumfahrt}'$$), '23503',
                 'measure "Praxiskurs Metall" names unknown Berufsfelder: raumfahrt', 'the message names the unknown one');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$'[2025-09-01,)'$$, '0', $$'{metall_maschinenbau}'$$)),
          'kein Fehler', 'open end, 0 places, a known Berufsfeld');
SELECT is(pg_temp.fehler(pg_temp.massnahme($$'[9,10]'$$, $$'[2025-09-01,2026-01-31]'$$, 'NULL')),
          'kein Fehler', 'places not known (NULL)');

-- ---- participation in a measure outside its target group: allowed, flagged ---------------------------------------
SELECT pg_temp.schueler('C', :s1, 10) AS pc, pg_temp.schueler('D', :bk, 11) AS pd \gset
INSERT INTO kaoa.person (kommune, pseudonym) VALUES ('05315', 'E') RETURNING person_id AS pe \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, zeitraum)
VALUES ('05315', :tr, 'Bewerbungstraining', 'bewerbungstraining', '[9,10]', '{GE,RS}', '[2025-11-01,2026-01-31]')
RETURNING massnahme_id AS mz \gset
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum) VALUES
    ('05315', :mz, :pb, '2025-11-03'), ('05315', :mz, :pa, '2025-11-03'), ('05315', :mz, :pc, '2025-10-20'),
    ('05315', :mz, :pd, '2025-11-03'), ('05315', :mz, :pe, '2025-11-03');
SELECT results_eq(format('SELECT person_id, abweichungen FROM kaoa.massnahme_teilnahme WHERE massnahme_id = %s ORDER BY person_id', :mz),
                  format($$VALUES (%s::bigint, '{jahrgang}'::text[]), (%s, '{}'), (%s, '{zeitraum}'),
                                  (%s, '{jahrgang,schulform}'), (%s, '{kein_schulbesuch}')$$, :pa, :pb, :pc, :pd, :pe),
                  'inside; grade 8; before the period; grade 11 at a Berufskolleg; never enrolled');
WITH u AS (UPDATE kaoa.massnahme_teilnahme SET datum = '2025-11-10' WHERE massnahme_id = :mz AND person_id = :pc
           RETURNING abweichungen)
SELECT is(abweichungen, '{}', 'recomputed on UPDATE: the date moved into the period') FROM u;
WITH u AS (UPDATE kaoa.massnahme_teilnahme SET abweichungen = '{erfunden}' WHERE massnahme_id = :mz AND person_id = :pb
           RETURNING abweichungen)
SELECT is(abweichungen, '{}', 'a value written for abweichungen is replaced by the trigger''s') FROM u;
SELECT is(pg_temp.fehler(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id) VALUES ('05315', %s, %s)$$, :mz, :pa)),
          '23505 massnahme_teilnahme_kommune_massnahme_id_person_id_key -', 'one participation per person and measure');
SELECT is(pg_temp.fehler(format('UPDATE kaoa.massnahme_teilnahme SET person_id = %s WHERE person_id = %s', :pa, :pb)),
          'KA006 sbo_feste_spalte person_id', 'the person of a participation cannot change (KA006)');
SELECT is(pg_temp.fehler(format('UPDATE kaoa.massnahme SET kommune = ''05111'' WHERE massnahme_id = %s', :mz)),
          'KA006 sbo_feste_spalte kommune', 'a measure stays in its Kommune (KA006)');

-- ---- Anschlussvereinbarungen: versioned, append-only ---------------------------------------------------------------
SELECT pg_temp.av(:pb, '2026-02-10', '{26312}') AS av1 \gset
SELECT throws_ok('UPDATE kaoa.anschlussvereinbarung SET naechster_schritt = NULL', 'KA006',
                 'UPDATE on kaoa.anschlussvereinbarung is not allowed', 'no UPDATE (KA006)');
SELECT throws_ok('DELETE FROM kaoa.anschlussvereinbarung WHERE false', 'KA006',
                 'DELETE on kaoa.anschlussvereinbarung is not allowed', 'no DELETE, even of no row');
SELECT throws_ok('TRUNCATE kaoa.anschlussvereinbarung', 'KA006', NULL, 'no TRUNCATE');
SELECT pg_temp.av(:pb, '2026-05-04', '{81302,26312}') AS av2, pg_temp.av(:pb, '2026-03-01') AS av3 \gset
SELECT results_eq(format('SELECT vereinbarung_id, wuensche FROM kaoa.anschlussvereinbarung_aktuell WHERE person_id = %s', :pb),
                  format($$VALUES (%s::bigint, '{81302,26312}'::kaoa.kldb[])$$, :av2),
                  'the newest by date counts, not the last recorded');

SELECT * FROM finish();
ROLLBACK;
