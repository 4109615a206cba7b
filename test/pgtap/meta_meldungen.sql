-- pgTAP: the one violation reporter (base/verstoss.h) — every refusal of a rule names its place in
-- the error fields a frontend reads, as PostgreSQL's constraint errors do: schema kaoa, the table,
-- the column, and the rule's name as the constraint; and carries a detail and a hint.  One refusal
-- per area and kind, each as the role concerned.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(10);

-- pg_temp.ort(sql): 'SQLSTATE schema.table.column constraint detail? hint?' of the error sql raises
CREATE FUNCTION pg_temp.ort(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE s text; sch text; t text; c text; k text; d text; h text;
BEGIN
    EXECUTE sql;
    RETURN 'kein Fehler';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, sch = SCHEMA_NAME, t = TABLE_NAME, c = COLUMN_NAME,
                            k = CONSTRAINT_NAME, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN format('%s %s.%s.%s %s %s %s', s, nullif(sch, ''), nullif(t, ''), coalesce(nullif(c, ''), '-'),
                  coalesce(nullif(k, ''), '-'), CASE WHEN d <> '' THEN 'detail' ELSE 'no-detail' END,
                  CASE WHEN h <> '' THEN 'hint' ELSE 'no-hint' END);
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.ort(text) TO PUBLIC;

SELECT pg_temp.fall('M-1', :s1, 'offen') AS f1 \gset
SET LOCAL ROLE t_s1;
SELECT is(pg_temp.ort(format($$UPDATE kaoa.fall SET status = 'angetreten' WHERE fall_id = %s$$, :f1)),
          'KA001 kaoa.fall.status kette_uebergang detail hint', 'the holder: a forbidden transition (KA001)');
SELECT is(pg_temp.ort(format('UPDATE kaoa.fall SET schuljahr = 2030 WHERE fall_id = %s', :f1)),
          'KA006 kaoa.fall.schuljahr kette_unveraenderlich detail hint', 'a fixed column changed (KA006)');
SELECT is(pg_temp.ort(format('SELECT kaoa.uebergeben(%s, %s, %L)', :f1, :jba, 'schuldueg_1_1')),
          'KA008 kaoa.uebergabe.an_org kette_empfaenger_jba detail hint', 'a hand-off to the JBA (KA008)');
SELECT is(pg_temp.ort(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich)
                                VALUES ('05315', %s, NULL, 'telefon', false)$$, :f1)),
          '23502 kaoa.kontaktversuch.org_id - detail hint', 'a required column NULL (23502)');
SELECT is(pg_temp.ort(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id) VALUES (%L, %s)', '05315', pg_temp.person_von(:f1))),
          'KA002 kaoa.bewerberprofil.einwilligung_id bewerberprofil_einwilligung detail hint',
          'a profile without consent (KA002)');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is(pg_temp.ort(format($$UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id = %s$$, :f1)),
          'KA004 kaoa.fall.zustaendig_org kette_nicht_halter detail hint', 'the KoKo is not the holder (KA004)');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(pg_temp.ort($$INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze)
                        SELECT '05315', org_id, 'Kurs', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]', -1
                          FROM kaoa.organisation WHERE schluessel = 'TR'$$),
          '23514 kaoa.massnahme.plaetze massnahme_plaetze detail hint', 'a measure with negative places (23514)');
SELECT is(pg_temp.ort($$INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
                        SELECT '05315', org_id, 'Kurs', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]'
                          FROM kaoa.organisation WHERE schluessel = 'KA'$$),
          'KA004 kaoa.massnahme.traeger_org sbo_zustaendig detail hint', 'a Träger adds a measure of another (KA004)');
RESET ROLE;
SELECT is(pg_temp.ort('DELETE FROM kaoa.ereignis WHERE false'),
          'KA006 kaoa.ereignis.- kette_unveraenderlich detail hint', 'the history, per statement (KA006)');
SELECT is(pg_temp.ort($$UPDATE kaoa.anschluss_kategorie SET bezeichnung = 'x' WHERE code = 'dual_betrieblich'$$),
          'KA006 kaoa.anschluss_kategorie.mitgeliefert mitgeliefert_schuetzen detail hint', 'a shipped row (KA006)');

SELECT * FROM finish();
ROLLBACK;
