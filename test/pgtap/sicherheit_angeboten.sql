-- pgTAP, security suite (issue 10, classes 2 and 7; the red-team review's reproduction 06): an
-- organisation merely OFFERED a case (a pending hand-off) writes nothing about the person — no
-- consent, no profile (nor deletes one), no objection, no contact attempt — and neither after
-- declining, nor does a former holder, the KoKo or another Kommune.  Only the organisation holding
-- the person's current case (contact attempts: holding the case) and system roles write them.  A
-- refusal is KA004 with the very words for a person or case that does not exist, so neither the
-- refusal nor its text says whether the row exists or is visible; a profile (home coordinates) is not
-- even read by them, so their UPDATE of it reaches no row, as for a profile that does not exist.  Acting as the roles concerned;
-- every refusal asserted with its SQLSTATE and with the tables unchanged (a fingerprint of every
-- row, taken as the superuser), every permitted write with the rows it changed.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(44);

-- pg_temp.abdruck(table): a fingerprint of every row of a kaoa table (call it as the superuser)
CREATE FUNCTION pg_temp.abdruck(tabelle text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT count(*) || '':'' || coalesce(md5(string_agg(t::text, E''\n'' ORDER BY t::text)), '''') FROM kaoa.%I t', tabelle)
       INTO r;
    RETURN r;
END $$;
CREATE FUNCTION pg_temp.personendaten() RETURNS text LANGUAGE sql AS $$
    SELECT pg_temp.abdruck('einwilligung') || ' ' || pg_temp.abdruck('bewerberprofil') || ' ' ||
           pg_temp.abdruck('person') || ' ' || pg_temp.abdruck('kontaktversuch')
$$;

-- ---- the pupil of S1: identified, a consent, a profile S1 recorded; offered to the Agentur ----------------------------
SELECT pg_temp.fall('O-1', :s1, 'ohne_anschluss') AS fa \gset
SELECT pg_temp.person_von(:fa) AS pa \gset
SET LOCAL ROLE t_s1;
SELECT results_eq(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                            VALUES ('05315', %s, 'selbst', '{schule,jugendamt}', 'Beratung') RETURNING person_id, erteilt_von$$, :pa),
                  format($$VALUES (%s::bigint, 'selbst')$$, :pa),
                  'the holder records the young person''s consent');
SELECT max(einwilligung_id) AS e1 FROM kaoa.einwilligung WHERE person_id = :pa \gset
SELECT results_eq(format($$INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, lat, lon, einwilligung_id)
                            VALUES ('05315', %s, '{26312}', 50.94, 6.96, %s) RETURNING person_id, wuensche::text$$, :pa, :e1),
                  format($$VALUES (%s::bigint, '{26312}')$$, :pa),
                  'the holder records the profile under it');
SELECT kaoa.uebergeben(:fa, :aa, 'schuldueg_1_1') AS ue \gset
RESET ROLE;
SELECT pg_temp.personendaten() AS vorher \gset

-- ---- the Agentur, merely offered the case --------------------------------------------------------------------------------
SET LOCAL ROLE t_aa;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :fa), 1::bigint,
          'offered: the Agentur sees the case (to decide), so what follows is the rule, not row-level security');
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                          VALUES ('05315', %s, 'selbst', '{agentur}', 'x')$$, :pa),
                 'KA004', format('organisation %s may not record a consent of person %s', :aa, :pa),
                 'offered: no self-made consent (KA004)');
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                                   VALUES ('05315', %s, 'selbst', '{agentur}', 'x')$$, :pa)),
          replace(pg_temp.antwort($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                                   VALUES ('05315', 999999, 'selbst', '{agentur}', 'x')$$), '999999', :pa::text),
          '… with the very answer for a person that does not exist');
SELECT results_eq(format($$UPDATE kaoa.bewerberprofil SET lat = 0, lon = 0, max_km = 1, wuensche = '{}' WHERE person_id = %s RETURNING person_id$$, :pa),
                  'SELECT 1::bigint WHERE false',
                  'offered: the profile is not rewritten (it reads no profile of a case it does not hold: no row; sicherheit_wohnort.sql)');
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.bewerberprofil (kommune, person_id) VALUES ('05315', %s)$$, :pa)),
          replace(pg_temp.antwort($$INSERT INTO kaoa.bewerberprofil (kommune, person_id) VALUES ('05315', 999999)$$), '999999', :pa::text),
          '… nor written anew, with the very answer for a person that does not exist (KA004)');
SELECT throws_ok(format($$SELECT kaoa.bewerberprofil_loeschen(%s)$$, :pa),
                 'KA004', format('organisation %s may not write the profile of person %s', :aa, :pa),
                 'offered: the profile is not deleted (KA004)');
SELECT throws_ok(format($$SELECT kaoa.widerspruch_erheben(%s)$$, :pa),
                 'KA004', format('organisation %s may not record an objection of person %s', :aa, :pa),
                 'offered: no objection recorded (KA004)');
SELECT is(pg_temp.antwort(format($$SELECT kaoa.widerspruch_erheben(%s)$$, :pa)),
          replace(pg_temp.antwort($$SELECT kaoa.widerspruch_erheben(999999)$$), '999999', :pa::text),
          '… with the very answer for a person that does not exist');
SELECT throws_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'telefon', false)$$, :fa),
                 'KA004', format('organisation %s may not record contact attempts on case %s', :aa, :fa),
                 'offered: no contact attempt on the case (KA004)');
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'telefon', false)$$, :fa)),
          replace(pg_temp.antwort($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', 999999, 'telefon', false)$$),
                  '999999', :fa::text),
          '… with the very answer for a case that does not exist');
RESET ROLE;
SELECT is(pg_temp.personendaten(), :'vorher', 'offered: consents, profiles, persons and contact attempts are unchanged');

-- ---- after declining: still nothing ------------------------------------------------------------------------------------
SET LOCAL ROLE t_aa;
SELECT kaoa.ablehnen(:ue, 'nicht zuständig') \gset
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                          VALUES ('05315', %s, 'selbst', '{agentur}', 'x')$$, :pa),
                 'KA004', format('organisation %s may not record a consent of person %s', :aa, :pa),
                 'declined: no consent (KA004)');
SELECT throws_ok(format($$SELECT kaoa.widerspruch_erheben(%s)$$, :pa), 'KA004', NULL, 'declined: no objection (KA004)');
SELECT throws_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'telefon', false)$$, :fa),
                 'KA004', NULL, 'declined: no contact attempt (KA004)');
SELECT results_eq(format($$UPDATE kaoa.bewerberprofil SET max_km = 1 WHERE person_id = %s RETURNING person_id$$, :pa),
                  'SELECT NULL::bigint WHERE false', 'declined: the profile is out of sight, an UPDATE touches no row');
SELECT is(kaoa.bewerberprofil_loeschen(:pa), 0, 'declined: deleting the profile reaches no row');
RESET ROLE;

-- ---- the KoKo (sees every case, pseudonymous) and another Kommune --------------------------------------------------------
SET LOCAL ROLE t_ko;
SELECT is((SELECT count(*) FROM kaoa.person WHERE person_id = :pa), 1::bigint,
          'the KoKo sees the person (but not the profile with the home coordinates: sicherheit_wohnort.sql) …');
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                          VALUES ('05315', %s, 'selbst', '{koko}', 'x')$$, :pa),
                 'KA004', format('organisation %s may not record a consent of person %s', :ko, :pa),
                 '… but records no consent of a person whose case it does not hold (KA004)');
SELECT results_eq(format($$UPDATE kaoa.bewerberprofil SET max_km = 1 WHERE person_id = %s RETURNING person_id$$, :pa),
                  'SELECT 1::bigint WHERE false', '… writes no profile (no row)');
SELECT throws_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'telefon', false)$$, :fa),
                 'KA004', NULL, '… and records no contact attempt on it (KA004)');
RESET ROLE;
SET LOCAL ROLE t_ds;
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                                   VALUES ('05315', %s, 'selbst', '{schule}', 'x')$$, :pa)),
          replace(pg_temp.antwort($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                                   VALUES ('05315', 999999, 'selbst', '{schule}', 'x')$$), '999999', :pa::text),
          'another Kommune''s school: a consent for the person answers as for one that does not exist');
SELECT is(pg_temp.antwort(format($$SELECT kaoa.widerspruch_erheben(%s)$$, :pa)),
          replace(pg_temp.antwort($$SELECT kaoa.widerspruch_erheben(999999)$$), '999999', :pa::text),
          '… and so does an objection');
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'telefon', false)$$, :fa)),
          replace(pg_temp.antwort($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', 999999, 'telefon', false)$$),
                  '999999', :fa::text),
          '… and a contact attempt');
RESET ROLE;
SELECT is(pg_temp.personendaten(), :'vorher', 'declined, KoKo, other Kommune: nothing changed');

-- ---- offered again and accepted: the Agentur holds the case and writes; S1 is a former holder ---------------------------
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fa, :aa, 'schuldueg_1_1') AS ue2 \gset
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT kaoa.uebernehmen(:ue2) \gset
SELECT results_eq(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                            VALUES ('05315', %s, 'selbst', '{agentur,jugendamt}', 'Beratung') RETURNING person_id, empfaenger::text$$, :pa),
                  format($$VALUES (%s::bigint, '{agentur,jugendamt}')$$, :pa),
                  'holder: the Agentur records a consent');
SELECT max(einwilligung_id) AS e2 FROM kaoa.einwilligung WHERE person_id = :pa \gset
SELECT results_eq(format($$UPDATE kaoa.bewerberprofil SET max_km = 25, einwilligung_id = %s WHERE person_id = %s RETURNING person_id, max_km$$, :e2, :pa),
                  format($$VALUES (%s::bigint, 25::double precision)$$, :pa),
                  'holder: it updates the profile under its consent');
SELECT results_eq(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'brief', false)
                            RETURNING fall_id, org_id, kanal$$, :fa),
                  format($$VALUES (%s::bigint, %s::bigint, 'brief')$$, :fa, :aa),
                  'holder: it records a contact attempt');
RESET ROLE;
SELECT pg_temp.personendaten() AS gehalten \gset
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :fa), 1::bigint, 'former holder: S1 still sees the case (its school''s) …');
SELECT throws_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'telefon', false)$$, :fa),
                 'KA004', format('organisation %s may not record contact attempts on case %s', :s1, :fa),
                 '… but records no contact attempt on it any more (KA004)');
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                          VALUES ('05315', %s, 'selbst', '{schule}', 'x')$$, :pa),
                 'KA004', NULL, '… no consent (KA004)');
SELECT throws_ok(format($$SELECT kaoa.bewerberprofil_loeschen(%s)$$, :pa), 'KA004', NULL, '… does not delete the profile (KA004)');
SELECT throws_ok(format($$SELECT kaoa.widerspruch_erheben(%s)$$, :pa), 'KA004', NULL, '… and records no objection (KA004)');
RESET ROLE;
SELECT is(pg_temp.personendaten(), :'gehalten', 'former holder: nothing changed');
SET LOCAL ROLE t_aa;
SELECT isnt(kaoa.widerspruch_erheben(:pa), NULL, 'holder: the Agentur records the objection …');
RESET ROLE;
SELECT isnt((SELECT widerspruch_am FROM kaoa.person WHERE person_id = :pa), NULL, '… and the person row has it');
SET LOCAL ROLE t_aa;
SELECT is(kaoa.bewerberprofil_loeschen(:pa), 1, 'holder: it deletes the profile (one row)');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.bewerberprofil WHERE person_id = :pa), 0::bigint, '… which is gone');

-- ---- the system writes for anyone --------------------------------------------------------------------------------------
SET LOCAL ROLE t_system;
SELECT results_eq(format($$INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche) VALUES ('05315', %s, '{71402}')
                            RETURNING person_id, einwilligung_id$$, :pa),
                  format($$VALUES (%s::bigint, NULL::bigint)$$, :pa),
                  'a system role imports a profile (consent kept elsewhere)');
SELECT results_eq(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich) VALUES ('05315', %s, %s, 'email', true)
                            RETURNING fall_id, org_id, kanal$$, :fa, :aa),
                  format($$VALUES (%s::bigint, %s::bigint, 'email')$$, :fa, :aa),
                  'a system role imports a contact attempt of an organisation');
RESET ROLE;

-- ---- a person registered by a school, before a first case: that school is the holder -------------------------------------
SET LOCAL ROLE t_s2;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05315', 'O-2', '2009-01-01') RETURNING person_id AS pr \gset
SELECT results_eq(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                            VALUES ('05315', %s, 'sorgeberechtigt', '{schule}', 'Matching') RETURNING person_id$$, :pr),
                  format($$VALUES (%s::bigint)$$, :pr),
                  'before a first case the registering school records a consent');
RESET ROLE;
SELECT pg_temp.personendaten() AS s2 \gset
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
                          VALUES ('05315', %s, 'sorgeberechtigt', '{schule}', 'x')$$, :pr),
                 'KA004', format('organisation %s may not record a consent of person %s', :s1, :pr),
                 '… another school does not (KA004)');
RESET ROLE;
SELECT is(pg_temp.personendaten(), :'s2', '… and nothing changed');

SELECT * FROM finish();
ROLLBACK;
