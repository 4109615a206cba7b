-- pgTAP, security class "crash": NULL in a column or an argument, as the role concerned.  Every
-- BEFORE ROW trigger and row-level security policy sees a row before the NOT NULL constraints do,
-- so each of them must take NULL in any column; a C function that is not STRICT must take NULL
-- in any argument.  These are the cases that crashed the server or named a NULL id as 0 ("person
-- 0") before; test/scripts/sicherheit_null.sh sweeps every table, column, function and role.
-- Each refusal asserts its SQLSTATE and that nothing changed.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir match_fixture.psql
SELECT plan(30);

INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', :ma, 2025, :s1, 10);
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05315', :tr, 'Praxiskurs Metall', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]') RETURNING massnahme_id AS m1 \gset
CREATE TEMP TABLE vorher AS
SELECT (SELECT md5(string_agg(b::text, '|' ORDER BY person_id)) FROM kaoa.bewerberprofil b) AS profile,
       (SELECT count(*) FROM kaoa.person) AS personen, (SELECT count(*) FROM kaoa.einwilligung) AS einwilligungen,
       (SELECT count(*) FROM kaoa.kontaktversuch) AS kontakte, (SELECT count(*) FROM kaoa.person_identitaet) AS identitaeten,
       (SELECT md5(string_agg(s::text, '|' ORDER BY schulbesuch_id)) FROM kaoa.schulbesuch s) AS schulbesuche,
       (SELECT count(*) FROM kaoa.massnahme) AS massnahmen, (SELECT count(*) FROM kaoa.massnahme_teilnahme) AS teilnahmen,
       (SELECT count(*) FROM kaoa.sbo_teilnahme) AS sbo, (SELECT count(*) FROM kaoa.anschlussvereinbarung) AS vereinbarungen,
       (SELECT count(*) FROM kaoa.uebergabe) AS uebergaben,
       (SELECT md5(string_agg(p::text, '|' ORDER BY person_id)) FROM kaoa.person p) AS person_zeilen;
GRANT SELECT ON vorher TO PUBLIC;

-- ---- the crash of the issue: a school sets kommune of a profile to NULL (signal 11 before) -------
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET kommune = NULL WHERE person_id = %s', :ma),
                 'KA006', 'the person of a profile cannot change',
                 'a school sets kommune of its pupil''s profile to NULL: KA006, no crash');
SELECT throws_ok(format('UPDATE kaoa.bewerberprofil SET person_id = NULL WHERE person_id = %s', :ma),
                 'KA006', 'the person of a profile cannot change', 'the same for person_id');
SELECT ok(pg_backend_pid() IS NOT NULL AND (SELECT count(*) FROM kaoa.bewerberprofil WHERE person_id = :ma) = 1,
          'the connection lives on and the profile is still there');
RESET ROLE;
SELECT is((SELECT md5(string_agg(b::text, '|' ORDER BY person_id)) FROM kaoa.bewerberprofil b),
          (SELECT profile FROM vorher), 'the profiles are unchanged');
SET LOCAL ROLE t_s1;

-- ---- the row-level security policy of kaoa.person saw NULL kommune (INSERT … RETURNING crashed) ----
SELECT throws_ok($$INSERT INTO kaoa.person (kommune, pseudonym) VALUES (NULL, 'NULL-1') RETURNING person_id$$,
                 '23502', 'null value in column "kommune" of relation "person" violates not-null constraint',
                 'a school registers a person without kommune, with RETURNING: 23502, no crash');
SELECT is(kaoa.person_sichtbar(NULL, 1, :s1), false, 'kaoa.person_sichtbar(NULL, …) is false for a school');
SELECT is(kaoa.person_sichtbar('05315', NULL, NULL), false, 'kaoa.person_sichtbar(…, NULL, NULL) is false for a school');
SELECT is((SELECT count(*) FROM kaoa.person WHERE pseudonym = 'NULL-1'), 0::bigint, 'no person was registered');

-- ---- a NULL key named as 0 in the message ("person 0 is not visible"): now 23502 naming the column --
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                           VALUES ('05315', NULL, 'sorgeberechtigt', '{schule}', 'Beratung')$$),
                 '23502', 'null value in column "person_id" of relation "einwilligung" violates not-null constraint',
                 'a consent without person: 23502 (was "person 0 is not visible")');
SELECT throws_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich)
                           VALUES ('05315', %s, NULL, 'telefon', false)$$, :fma),
                 '23502', 'null value in column "org_id" of relation "kontaktversuch" violates not-null constraint',
                 'a contact attempt with org_id NULL: 23502 (was "names organisation 0")');
SELECT throws_ok($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', NULL, 'telefon', false)$$,
                 '23502', 'null value in column "fall_id" of relation "kontaktversuch" violates not-null constraint',
                 'a contact attempt without case: 23502 (was "case 0 is not visible")');
SELECT throws_ok($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', NULL, 'A', 'B')$$,
                 '23502', 'null value in column "person_id" of relation "person_identitaet" violates not-null constraint',
                 'an identity without person: 23502 (was "the identity of person 0")');
SELECT throws_ok($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', NULL, 'SBO 4.1', '2025-10-01')$$,
                 '23502', 'null value in column "person_id" of relation "sbo_teilnahme" violates not-null constraint',
                 'an SBO participation without person: 23502 (was "Standardelemente of person 0")');
SELECT throws_ok($$INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum) VALUES ('05315', NULL, '2025-10-01')$$,
                 '23502', 'null value in column "person_id" of relation "anschlussvereinbarung" violates not-null constraint',
                 'an agreement without person: 23502 (was "Anschlussvereinbarung of person 0")');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id) VALUES ('05315', %s, NULL)$$, :m1),
                 '23502', 'null value in column "person_id" of relation "massnahme_teilnahme" violates not-null constraint',
                 'a participant without person: 23502 (was "register person 0")');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id) VALUES ('05315', NULL, %s)$$, :ma),
                 '23502', 'null value in column "massnahme_id" of relation "massnahme_teilnahme" violates not-null constraint',
                 'a participant without measure: 23502 (was "(measure 0)")');
SELECT throws_ok(format('UPDATE kaoa.schulbesuch SET schule_org = NULL WHERE person_id = %s', :ma),
                 '23502', 'null value in column "schule_org" of relation "schulbesuch" violates not-null constraint',
                 'a school sets schule_org of its enrolment to NULL: 23502 (was "the enrolments of school 0")');
SELECT throws_ok(format('UPDATE kaoa.schulbesuch SET person_id = NULL WHERE person_id = %s', :ma),
                 'KA006', 'column person_id of kaoa.schulbesuch cannot be changed',
                 'and its person_id: KA006 (a change to NULL is a change)');
SELECT throws_ok(format('UPDATE kaoa.person SET kommune = NULL WHERE person_id = %s', :ma),
                 'KA006', NULL, 'a school sets kommune of its pupil to NULL: KA006');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT throws_ok($$INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
                   VALUES ('05315', NULL, 'Kurs', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]')$$,
                 '23502', 'null value in column "traeger_org" of relation "massnahme" violates not-null constraint',
                 'a Träger adds a measure run by nobody: 23502 (was "run by organisation 0")');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok(format($$INSERT INTO kaoa.uebergabe (kommune, fall_id, von_org, an_org, rechtsgrundlage, faellig_am, uebernommen_am)
                          VALUES ('05315', NULL, %s, %s, 'schuldueg_1_1', current_date, now())$$, :s1, :aa),
                 '23502', 'null value in column "fall_id" of relation "uebergabe" violates not-null constraint',
                 'a hand-off without case: 23502 (was "for case 0")');
RESET ROLE;

-- the 23502 of a rule trigger names the column like PostgreSQL's own (schema, table, column)
SET LOCAL ROLE t_s1;
CREATE FUNCTION pg_temp.spalte_der_meldung(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE s text; t text; c text;
BEGIN
    EXECUTE sql;
    RETURN 'kein Fehler';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = SCHEMA_NAME, t = TABLE_NAME, c = COLUMN_NAME;
    RETURN format('%s.%s.%s', s, t, c);
END $$;
SELECT is(pg_temp.spalte_der_meldung(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich)
                                              VALUES ('05315', %s, NULL, 'telefon', false)$$, :fma)),
          'kaoa.kontaktversuch.org_id', 'the error carries schema, table and column');
SELECT is(pg_temp.spalte_der_meldung(format('UPDATE kaoa.bewerberprofil SET kommune = NULL WHERE person_id = %s', :ma)),
          'kaoa.bewerberprofil.kommune', 'so does the KA006 of a profile');
RESET ROLE;

-- ---- nothing changed ------------------------------------------------------------------------------
SELECT is((SELECT count(*) FROM kaoa.person), (SELECT personen FROM vorher), 'no person added');
SELECT is((SELECT md5(string_agg(p::text, '|' ORDER BY person_id)) FROM kaoa.person p), (SELECT person_zeilen FROM vorher),
          'no person changed');
SELECT is((SELECT count(*) FROM kaoa.einwilligung), (SELECT einwilligungen FROM vorher), 'no consent added');
SELECT is((SELECT count(*) FROM kaoa.kontaktversuch), (SELECT kontakte FROM vorher), 'no contact attempt added');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet), (SELECT identitaeten FROM vorher), 'no identity added');
SELECT is((SELECT md5(string_agg(s::text, '|' ORDER BY schulbesuch_id)) FROM kaoa.schulbesuch s), (SELECT schulbesuche FROM vorher),
          'no enrolment changed');
SELECT is((SELECT count(*) FROM kaoa.massnahme) + (SELECT count(*) FROM kaoa.massnahme_teilnahme)
          + (SELECT count(*) FROM kaoa.sbo_teilnahme) + (SELECT count(*) FROM kaoa.anschlussvereinbarung)
          + (SELECT count(*) FROM kaoa.uebergabe),
          (SELECT massnahmen + teilnahmen + sbo + vereinbarungen + uebergaben FROM vorher),
          'no measure, participant, SBO participation, agreement or hand-off added');

SELECT * FROM finish();
ROLLBACK;
