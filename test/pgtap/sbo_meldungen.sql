-- pgTAP: every refusal of the Standardelemente and measure rules a user can run into carries a
-- DETAIL saying what was found and a HINT saying what is accepted (the team's rule for bad input),
-- with its SQLSTATE, constraint and column; the rules that used to be bare CHECKs (a measure's
-- title, art, school forms and Berufsfelder list; an enrolment's grade and school form) exactly.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(16);

-- SQLSTATE, constraint, column, message, DETAIL and HINT of the error a statement raises.
CREATE FUNCTION pg_temp.meldung(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s text; c text; col text; m text; d text; h text;
BEGIN
    EXECUTE sql;
    RETURN 'kein Fehler';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, c = CONSTRAINT_NAME, col = COLUMN_NAME, m = MESSAGE_TEXT,
                            d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN concat_ws(E'\n', s || ' ' || coalesce(nullif(c, ''), '-') || ' ' || coalesce(nullif(col, ''), '-'),
                     m, 'DETAIL: ' || d, 'HINT: ' || h);
END $$;

SELECT pg_temp.schueler('A', :s1, 8) AS pa \gset
SELECT set_config('test.pa', :'pa', true), set_config('test.tr', :'tr', true), set_config('test.s1', :'s1', true);
CREATE FUNCTION pg_temp.teilnahme(spalten text, werte text) RETURNS text LANGUAGE sql AS
    $$ SELECT format('INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, %s) VALUES (''05315'', %s, %s)',
                     spalten, current_setting('test.pa'), werte) $$;
CREATE FUNCTION pg_temp.massnahme(spalten text, werte text) RETURNS text LANGUAGE sql AS
    $$ SELECT format('INSERT INTO kaoa.massnahme (kommune, traeger_org, jahrgaenge, zeitraum, %s)
                      VALUES (''05315'', %s, ''[9,10]'', ''[2025-09-01,2026-01-31]'', %s)',
                     spalten, current_setting('test.tr'), werte) $$;

-- ---- every refusal: a DETAIL and a HINT ---------------------------------------------------------------------
SELECT results_eq(
    $$SELECT r.was, split_part(pg_temp.meldung(r.sql), E'\n', 1),
             pg_temp.meldung(r.sql) ~ E'\nDETAIL: [^\n]+\nHINT: [^\n]+$'
        FROM (VALUES
          (1, 'BFE without Berufsfeld', pg_temp.teilnahme('sbo_code, datum', $v$'SBO 5.1', '2025-10-01'$v$)),
          (2, 'unknown code', pg_temp.teilnahme('sbo_code, datum', $v$'SBO 9.9', '2025-10-01'$v$)),
          (3, 'unknown edition', pg_temp.teilnahme('katalog_version, sbo_code, datum', $v$'kaoa_2012', 'SBO 5.1', '2025-10-01'$v$)),
          (4, 'inverted period', pg_temp.teilnahme('sbo_code, datum, bis', $v$'SBO 6.1', '2026-03-02', '2026-03-01'$v$)),
          (5, 'unknown Berufsfeld', pg_temp.teilnahme('sbo_code, datum, berufsfeld', $v$'SBO 5.1', '2025-10-01', 'raumfahrt'$v$)),
          (6, 'competences on a Praktikum', pg_temp.teilnahme('sbo_code, datum, kompetenzen', $v$'SBO 6.1', '2026-03-02', 'sorgfalt=3'$v$)),
          (7, 'negative places', pg_temp.massnahme('titel, art, plaetze', $v$'Kurs', 'kurs', -1$v$)),
          (8, 'empty period', replace(pg_temp.massnahme('titel, art', $v$'Kurs', 'kurs'$v$), '''[2025-09-01,2026-01-31]''', '''empty''')),
          (9, 'grade 14', replace(pg_temp.massnahme('titel, art', $v$'Kurs', 'kurs'$v$), '''[9,10]''', '''[9,14]''')),
          (10, 'unknown Berufsfelder', pg_temp.massnahme('titel, art, berufsfelder', $v$'Kurs', 'kurs', '{elektro,raumfahrt}'$v$))
        ) AS r(nr, was, sql)
       ORDER BY r.nr$$,
    $$VALUES ('BFE without Berufsfeld', '23502 sbo_teilnahme_berufsfeld_noetig berufsfeld', true),
             ('unknown code', '23503 sbo_teilnahme_sbo_code sbo_code', true),
             ('unknown edition', '23503 sbo_teilnahme_katalog_version katalog_version', true),
             ('inverted period', '23514 sbo_teilnahme_zeitraum bis', true),
             ('unknown Berufsfeld', '23503 sbo_teilnahme_berufsfeld berufsfeld', true),
             ('competences on a Praktikum', '23514 sbo_teilnahme_kompetenzen kompetenzen', true),
             ('negative places', '23514 massnahme_plaetze plaetze', true),
             ('empty period', '23514 massnahme_zeitraum zeitraum', true),
             ('grade 14', '23514 massnahme_jahrgaenge jahrgaenge', true),
             ('unknown Berufsfelder', '23503 massnahme_berufsfelder berufsfelder', true)$$,
    'every refusal of an SBO participation or a measure carries a DETAIL and a HINT');

-- ---- the rules that were bare CHECKs ------------------------------------------------------------------------
SELECT is(pg_temp.meldung(pg_temp.massnahme('titel, art', $$'   ', 'kurs'$$)),
          format(E'23514 massnahme_titel_check titel\na measure needs a title\n'
                 'DETAIL: The measure of organisation %s in Kommune 05315 has the title "   ".\n'
                 'HINT: titel is the name participants and schools know the measure by, e.g. ''Praxiskurs Metall''.', :tr),
          'a blank title: 23514 with detail and hint');
SELECT is(pg_temp.meldung(pg_temp.massnahme('titel, art', $$'Kurs', 'Praxis-Kurs'$$)),
          format(E'23514 massnahme_art_check art\nart "Praxis-Kurs" of measure "Kurs" is not a key\n'
                 'DETAIL: The measure of organisation %s in Kommune 05315 names art "Praxis-Kurs".\n'
                 'HINT: art is a lower-case key: a letter a-z, then letters a-z, digits or _, e.g. praxiskurs, bewerbungstraining, berufsfelderkundung; measures of the same art are compared by kaoa.massnahmen_ueberschneidungen.', :tr),
          'an art that is no key: 23514 with detail and hint');
SELECT is(pg_temp.meldung(pg_temp.massnahme('titel, art, schulformen', $$'Kurs', 'kurs', '{H,gy}'$$)),
          format(E'23514 massnahme_schulformen schulformen\nschool form "gy" of measure "Kurs" is not a school-form key\n'
                 'DETAIL: The measure of organisation %s in Kommune 05315 names schulformen {H,gy}.\n'
                 'HINT: schulformen is a list of IT.NRW school-form keys (1 to 3 capital letters), e.g. ''{H,R,GE}''; NULL means every school form.', :tr),
          'a malformed school form: 23514 naming it');
SELECT is(split_part(pg_temp.meldung(pg_temp.massnahme('titel, art, schulformen', $$'Kurs', 'kurs', '{H,NULL}'$$)), E'\n', 2),
          'school form NULL of measure "Kurs" is not a school-form key', 'a NULL school form');
SELECT is(split_part(pg_temp.meldung(pg_temp.massnahme('titel, art, schulformen', $$'Kurs', 'kurs', '{}'$$)), E'\n', 2),
          'the school forms of measure "Kurs" are an empty or nested list', 'an empty list of school forms (NULL means all)');
SELECT is(split_part(pg_temp.meldung(pg_temp.massnahme('titel, art, schulformen', $$'Kurs', 'kurs', '{{H},{R}}'$$)), E'\n', 1),
          '23514 massnahme_schulformen schulformen', 'a nested list of school forms');
SELECT is(pg_temp.meldung(pg_temp.massnahme('titel, art, berufsfelder', $$'Kurs', 'kurs', '{}'$$)),
          format(E'23514 massnahme_berufsfelder_liste berufsfelder\nthe Berufsfelder of measure "Kurs" are an empty or nested list or hold a NULL\n'
                 'DETAIL: The measure of organisation %s in Kommune 05315 names berufsfelder {}.\n'
                 'HINT: berufsfelder is a one-dimensional list of codes of kaoa.berufsfeld, e.g. ''{elektro,metall_maschinenbau}''; NULL means the measure is not bound to a field.', :tr),
          'an empty list of Berufsfelder: 23514 with detail and hint');
SELECT is(split_part(pg_temp.meldung(pg_temp.massnahme('titel, art, berufsfelder', $$'Kurs', 'kurs', '{elektro,NULL}'$$)), E'\n', 1),
          '23514 massnahme_berufsfelder_liste berufsfelder', 'a NULL among the Berufsfelder');
SELECT is(split_part(pg_temp.meldung(pg_temp.massnahme('titel, art, plaetze', $$'', 'Kurs', -1$$)), E'\n', 1),
          '23514 massnahme_titel_check titel', 'the title is checked first');
SELECT is(pg_temp.meldung(pg_temp.massnahme('titel, art, schulformen, berufsfelder', $$'Praxiskurs Metall 2', 'praxis_kurs2', '{H,R,GE}', '{metall_maschinenbau}'$$)),
          'kein Fehler', 'a good measure passes every rule');

SELECT is(pg_temp.meldung(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang)
                                  VALUES ('05315', %s, 2026, %s, 14)$$, :pa, :s1)),
          format(E'23514 schulbesuch_jahrgang jahrgang\ngrade 14 does not exist\n'
                 'DETAIL: The enrolment of person %s in school year 2026 names jahrgang 14.\n'
                 'HINT: jahrgang is the grade 1 to 13 (in the nine-year Gymnasium EF = 11, Q1 = 12, Q2 = 13).', :pa),
          'an enrolment in grade 14: 23514 with detail and hint');
SELECT is(pg_temp.meldung(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang, schulform)
                                  VALUES ('05315', %s, 2026, %s, 9, 'Gym')$$, :pa, :s1)),
          format(E'23514 schulbesuch_schulform_check schulform\nschool form "Gym" is not a school-form key\n'
                 'DETAIL: The enrolment of person %s names schulform "Gym".\n'
                 'HINT: schulform is an IT.NRW school-form key of 1 to 3 capital letters (H, R, GE, GY, SK, PS, BK, …); leave it NULL to take the school''s.', :pa),
          'an enrolment with a malformed school form: 23514 with detail and hint');
SELECT is(pg_temp.meldung(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang, schulform)
                                  VALUES ('05315', %s, 2026, %s, 9, 'GY')$$, :pa, :s1)),
          'kein Fehler', 'a good enrolment passes');

-- the measures of 0.2.0: target groups, partners, registrations
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze, anmeldung_bis, nur_zielgruppe, warteliste)
VALUES ('05315', :tr, 'Voll', 'kurs', '[9,10]', '[2027-03-01,2027-06-30]', 0, (now() AT TIME ZONE 'Europe/Berlin')::date + 1, true, false),
       ('05315', :tr, 'Ohne Anmeldung', 'kurs', '[9,10]', '[2027-03-01,2027-06-30]', 5, NULL, false, true);
SELECT max(massnahme_id) FILTER (WHERE titel = 'Voll') AS voll, max(massnahme_id) FILTER (WHERE titel = 'Ohne Anmeldung') AS vorbei
  FROM kaoa.massnahme \gset
SELECT pg_temp.schueler('B', :s1, 9, 2026) AS pb, pg_temp.schueler('C', :s1, 8, 2026) AS pc \gset
SELECT set_config('test.voll', :'voll', true), set_config('test.vorbei', :'vorbei', true), set_config('test.pb', :'pb', true),
       set_config('test.pc', :'pc', true);
SELECT results_eq(
    $$SELECT r.was, split_part(pg_temp.meldung(r.sql), E'\n', 1),
             pg_temp.meldung(r.sql) ~ E'\nDETAIL: [^\n]+\nHINT: [^\n]+$'
        FROM (VALUES
          (1, 'target group: grade 14', format('INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, jahrgaenge) VALUES (''05315'', %s, ''[9,14]'')', current_setting('test.voll'))),
          (2, 'target group: school form', format('INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge) VALUES (''05315'', %s, ''{gy}'', ''[9,10]'')', current_setting('test.voll'))),
          (3, 'partner: its Träger', format('INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id) VALUES (''05315'', %s, %s)', current_setting('test.voll'), current_setting('test.tr'))),
          (4, 'partner: role', format('INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle) VALUES (''05315'', %s, %s, ''chef'')', current_setting('test.voll'), current_setting('test.s1'))),
          (5, 'registration: outside', format('SELECT kaoa.anmelden(%s, %s)', current_setting('test.voll'), current_setting('test.pc'))),
          (6, 'registration: full', format('SELECT kaoa.anmelden(%s, %s)', current_setting('test.voll'), current_setting('test.pb'))),
          (7, 'registration: none taken', format('SELECT kaoa.anmelden(%s, %s)', current_setting('test.vorbei'), current_setting('test.pb'))),
          (8, 'registration: NULL', 'SELECT kaoa.anmelden(NULL, NULL)'),
          (9, 'registration: no such', 'SELECT kaoa.anmeldung_zurueckziehen(-1)'),
          (10, 'registration: direct', format('INSERT INTO kaoa.anmeldung (kommune, massnahme_id, person_id, status) VALUES (''05315'', %s, %s, ''zugesagt'')', current_setting('test.voll'), current_setting('test.pb')))
        ) AS r(nr, was, sql)
       ORDER BY r.nr$$,
    $$VALUES ('target group: grade 14', '23514 massnahme_zielgruppe_jahrgaenge jahrgaenge', true),
             ('target group: school form', '23514 massnahme_zielgruppe_schulformen schulformen', true),
             ('partner: its Träger', '23514 massnahme_partner_traeger org_id', true),
             ('partner: role', '23514 massnahme_partner_rolle rolle', true),
             ('registration: outside', 'KA012 sbo_zielgruppe person_id', true),
             ('registration: full', 'KA011 sbo_anmeldung_voll plaetze', true),
             ('registration: none taken', 'KA011 sbo_anmeldung_geschlossen anmeldung_bis', true),
             ('registration: NULL', '22004 - -', true),
             ('registration: no such', 'P0002 - -', false),
             ('registration: direct', 'KA006 sbo_anmeldung_api -', true)$$,
    'every refusal of a target group, a partner row and a registration carries a DETAIL and a HINT (P0002 of the system: a hint only)');

-- with the triggers off (a restore), the CHECKs of the same names still hold
SET LOCAL session_replication_role = replica;
SELECT is(split_part(pg_temp.meldung(pg_temp.massnahme('titel, art', $$'Kurs', 'Praxis-Kurs'$$)), E'\n', 1),
          '23514 massnahme_art_check -', 'restore (triggers off): the CHECK of the same name refuses the row');
RESET session_replication_role;

SELECT * FROM finish();
ROLLBACK;
