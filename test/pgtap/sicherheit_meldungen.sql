-- pgTAP, security suite: messages that cross a tenant.  Everywhere the first check
-- on a row the caller names is visibility, and a hidden row gets the same SQLSTATE, message, detail
-- and hint as a row that does not exist — whatever else the statement names (a consent that is
-- valid, revoked or someone else's, an organisation of another Kommune, a wrong org_id).  Each
-- probe is made by a school of the same Kommune that does not see the person and by a school of
-- another Kommune; the answer for the hidden id is compared with the answer for an id that does not
-- exist (999999, with the id put in).  Every refusal leaves the data as it was.  (That no call
-- locks or waits for a row it may not see: test/isolation/specs/kette_verborgen_ohne_sperre.spec.)
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(52);

-- the full answer: SQLSTATE, message, detail and hint
CREATE FUNCTION pg_temp.meldung(sql text) RETURNS text LANGUAGE plpgsql AS $meldung$
DECLARE
    s text; m text; d text; h text;
BEGIN
    EXECUTE sql;
    RETURN 'kein Fehler';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN s || ' | ' || m || ' | ' || coalesce(d, '') || ' | ' || coalesce(h, '');
END
$meldung$;
-- the answer for sql with id, and for sql with 999999 (the id put back into the text)
CREATE FUNCTION pg_temp.wie_fehlend(sql text, id bigint) RETURNS text LANGUAGE sql AS
    $$ SELECT replace(pg_temp.meldung(replace(sql, '%ID%', '999999')), '999999', id::text) $$;
CREATE FUNCTION pg_temp.verborgen(sql text, id bigint) RETURNS text LANGUAGE sql AS
    $$ SELECT pg_temp.meldung(replace(sql, '%ID%', id::text)) $$;
-- everything an organisation may have caused, as one fingerprint
CREATE FUNCTION pg_temp.stand() RETURNS text LANGUAGE sql AS $$
    SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
        SELECT 'f' || row(f.*)::text FROM kaoa.fall f UNION ALL SELECT 'p' || row(p.*)::text FROM kaoa.person p
        UNION ALL SELECT 'i' || row(i.*)::text FROM kaoa.person_identitaet i
        UNION ALL SELECT 'e' || row(e.*)::text FROM kaoa.einwilligung e
        UNION ALL SELECT 'u' || row(u.*)::text FROM kaoa.uebergabe u
        UNION ALL SELECT 'k' || row(k.*)::text FROM kaoa.kontaktversuch k
        UNION ALL SELECT 'b' || row(b.*)::text FROM kaoa.bewerberprofil b
        UNION ALL SELECT 's' || row(s.*)::text FROM kaoa.schulbesuch s
        UNION ALL SELECT 't' || row(t.*)::text FROM kaoa.sbo_teilnahme t
        UNION ALL SELECT 'a' || row(a.*)::text FROM kaoa.anschlussvereinbarung a
        UNION ALL SELECT 'm' || row(m.*)::text FROM kaoa.massnahme_teilnahme m) z(x) $$;

-- S1's pupil P: a case, an open hand-off to the Agentur, consents (valid, revoked), an enrolment, a
-- profile; Q: another pupil of S1 with a consent; an offer and a measure of Köln
SELECT pg_temp.fall('M-P', :s1, 'ohne_anschluss') AS fp, pg_temp.fall('M-Q', :s1, 'offen') AS fq \gset
SELECT pg_temp.person_von(:fp) AS p, pg_temp.person_von(:fq) AS q \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck) VALUES
    ('05315', :p, 'sorgeberechtigt', '{schule,berufskolleg,traeger,agentur}', 'gültig'),
    ('05315', :p, 'sorgeberechtigt', '{schule,berufskolleg,traeger,agentur}', 'widerrufen'),
    ('05315', :q, 'sorgeberechtigt', '{schule,berufskolleg,traeger,agentur}', 'von Q');
SELECT max(einwilligung_id) FILTER (WHERE zweck = 'gültig') AS e_gueltig,
       max(einwilligung_id) FILTER (WHERE zweck = 'widerrufen') AS e_widerrufen,
       max(einwilligung_id) FILTER (WHERE zweck = 'von Q') AS e_q FROM kaoa.einwilligung \gset
UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = :e_widerrufen;
SELECT kaoa.uebergeben(:fp, :aa, 'schuldueg_1_1') AS u \gset
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', :p, 2025, :s1, 10);
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, beginn) VALUES ('05315', 'O-1', '26312', 'Elektroniker/in', '2026-08-01')
    RETURNING angebot_id AS o \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05315', :tr, 'Praxiskurs', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]') RETURNING massnahme_id AS m \gset
SELECT pg_temp.stand() AS stand \gset

-- ---- the reported case: the profile trigger and P's consents ----------------------------------------------------
SET LOCAL ROLE t_s2;
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, %s)', :p, :e_widerrufen),
                 'KA004', format('organisation %s may not write the profile of person %s', :s2, :p),
                 'a school that does not see P learns nothing of P''s revoked consent: KA004, not KA002');
SELECT is(pg_temp.verborgen(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %%ID%%, %s)', e), :p),
          pg_temp.wie_fehlend(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %%ID%%, %s)', e), :p),
          format('profile of a hidden person with consent %s: the answer for a missing person', w))
  FROM (VALUES (:e_gueltig::bigint, 'valid'), (:e_widerrufen, 'revoked'), (:e_q, 'of another person'), (888888, 'missing')) v(e, w);
RESET ROLE;
SET LOCAL ROLE t_ds;
SELECT is(pg_temp.verborgen(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %%ID%%, %s)', e), :p),
          pg_temp.wie_fehlend(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %%ID%%, %s)', e), :p),
          format('a school of another Kommune, consent %s: the answer for a missing person', w))
  FROM (VALUES (:e_gueltig::bigint, 'valid'), (:e_widerrufen, 'revoked'), (:e_q, 'of another person')) v(e, w);
RESET ROLE;
-- the one who sees P gets the consent answers, and a missing and a foreign consent are one answer
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, %s)', :p, :e_widerrufen),
                 'KA002', format('consent %s is not valid now', :e_widerrufen), 'the school of P: the revoked consent (KA002)');
SELECT is(pg_temp.meldung(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, %s)', :p, :e_q)),
          replace(pg_temp.meldung(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, einwilligung_id) VALUES (''05315'', %s, 999999)', :p)),
                  '999999', :e_q::text),
          'the consent of another person answers like a consent that does not exist');
RESET ROLE;

-- ---- the chain's rows --------------------------------------------------------------------------------------------
SET LOCAL ROLE t_s2;
SELECT is(pg_temp.verborgen(sql, id), pg_temp.wie_fehlend(sql, id), what)
  FROM (VALUES
    ($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck) VALUES ('05315', %ID%, 'selbst', '{schule}', 'x')$$, :p::bigint, 'consent for a hidden person'),
    ($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %ID%, 'telefon', false)$$, :fp, 'contact attempt on a hidden case'),
    (format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich) VALUES ('05315', %%ID%%, %s, 'telefon', false)$$, :s1), :fp,
     'contact attempt on a hidden case naming its holder as org_id'),
    (format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %%ID%%, 2026, %s)$$, :s2), :p, 'case for a hidden person'),
    ($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', %ID%, 'X', 'Y')$$, :p, 'identity of a hidden person'),
    (format('SELECT kaoa.uebergeben(%%ID%%, %s, ''schulg_120'')', :bk), :fp, 'hand-off of a hidden case'),
    (format('SELECT kaoa.uebergeben(%%ID%%, %s, ''sgb10_69'')', :daa), :fp, 'hand-off of a hidden case to another Kommune'),
    (format('SELECT kaoa.uebergeben(%%ID%%, %s, ''einwilligung'', %s)', :tr, :e_widerrufen), :fp, 'hand-off of a hidden case under its revoked consent'),
    ('SELECT kaoa.uebernehmen(%ID%)', :u, 'accepting a hidden hand-off'),
    ('SELECT kaoa.ablehnen(%ID%, ''x'')', :u, 'declining a hidden hand-off'),
    ('SELECT kaoa.zurueckziehen(%ID%, ''x'')', :u, 'withdrawing a hidden hand-off'),
    ('SELECT kaoa.uebergabe_daten(%ID%)', :u, 'reading a hidden hand-off'),
    ('SELECT kaoa.verbleib_melden(%ID%, true)', :fp, 'Verbleib of a hidden case'),
    ('SELECT kaoa.widerspruch_erheben(%ID%)', :p, 'objection of a hidden person')) v(sql, id, what);
RESET ROLE;
SET LOCAL ROLE t_ds;
SELECT is(pg_temp.verborgen(sql, id), pg_temp.wie_fehlend(sql, id), 'another Kommune: ' || what)
  FROM (VALUES
    ($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck) VALUES ('05315', %ID%, 'selbst', '{schule}', 'x')$$, :p::bigint, 'consent for a hidden person'),
    ($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %ID%, 'telefon', false)$$, :fp, 'contact attempt on a hidden case'),
    (format('SELECT kaoa.uebergeben(%%ID%%, %s, ''schulg_120'')', :bk), :fp, 'hand-off of a hidden case'),
    ('SELECT kaoa.uebernehmen(%ID%)', :u, 'accepting a hidden hand-off'),
    ('SELECT kaoa.verbleib_melden(%ID%, false)', :fp, 'Verbleib of a hidden case'),
    ('SELECT kaoa.widerspruch_erheben(%ID%)', :p, 'objection of a hidden person')) v(sql, id, what);
RESET ROLE;
-- a Kammer not named as admitting may not report, and learns nothing about the case
SET LOCAL ROLE t_ka;
SELECT is(pg_temp.verborgen('SELECT kaoa.verbleib_melden(%ID%, true)', :fp),
          pg_temp.wie_fehlend('SELECT kaoa.verbleib_melden(%ID%, true)', :fp),
          'a Kammer not named on the case: Verbleib answered as for a missing case');
RESET ROLE;

-- ---- matching and SBO --------------------------------------------------------------------------------------------
SET LOCAL ROLE t_s2;
SELECT is(pg_temp.verborgen(sql, :p), pg_temp.wie_fehlend(sql, :p), what)
  FROM (VALUES
    (format('SELECT kaoa.passung(%%ID%%, %s)', :o), 'score of a hidden person'),
    (format('SELECT kaoa.passung_erklaert(%%ID%%, %s)', :o), 'explained score of a hidden person'),
    (format('SELECT kaoa.prioritaet(%%ID%%, %s)', :o), 'priority of a hidden person'),
    ('SELECT * FROM kaoa.top_angebote(%ID%, 5)', 'best offers of a hidden person'),
    ('SELECT * FROM kaoa.bewerberprofil_aus_sbo(%ID%)', 'profile proposal of a hidden person'),
    (format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %%ID%%, 2026, %s, 11)$$, :s2),
     'enrolment of a hidden person'),
    ($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', %ID%, 'SBO 4.1', '2025-09-15')$$,
     'SBO participation of a hidden person'),
    ($$INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id) VALUES ('05315', %ID%)$$, 'Anschlussvereinbarung of a hidden person'),
    (format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id) VALUES ('05315', %s, %%ID%%)$$, :m),
     'measure participation of a hidden person')) v(sql, what);
RESET ROLE;
SET LOCAL ROLE t_ds;
SELECT is(pg_temp.verborgen(sql, :p), pg_temp.wie_fehlend(sql, :p), 'another Kommune: ' || what)
  FROM (VALUES
    (format('SELECT kaoa.passung(%%ID%%, %s)', :o), 'score of a hidden person'),
    ('SELECT * FROM kaoa.bewerberprofil_aus_sbo(%ID%)', 'profile proposal of a hidden person'),
    ($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', %ID%, 'SBO 4.1', '2025-09-15')$$,
     'SBO participation of a hidden person')) v(sql, what);
RESET ROLE;

SELECT is(pg_temp.stand(), :'stand', 'every refusal so far left every table as it was');

-- ---- UPDATE and DELETE of hidden rows touch nothing, like those of missing rows ----------------------------------
INSERT INTO kaoa.bewerberprofil (kommune, person_id, max_km) VALUES ('05315', :p, 30);
SELECT pg_temp.stand() AS stand \gset
SET LOCAL ROLE t_s2;
SELECT results_eq(format(sql, id), 'SELECT NULL::text WHERE false', what)
  FROM (VALUES
    ($$UPDATE kaoa.fall SET grund = 'x' WHERE fall_id = %s RETURNING grund$$, :fp::bigint, 'UPDATE of a hidden case'),
    ($$UPDATE kaoa.fall SET grund = 'x' WHERE fall_id = %s RETURNING grund$$, 999999, 'UPDATE of a missing case'),
    ($$UPDATE kaoa.person SET geburtsmonat = '2009-01-01' WHERE person_id = %s RETURNING pseudonym$$, :p, 'UPDATE of a hidden person'),
    ($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s RETURNING zweck$$, :e_gueltig, 'revoking a hidden consent'),
    ($$UPDATE kaoa.bewerberprofil SET max_km = 1 WHERE person_id = %s RETURNING kommune$$, :p, 'UPDATE of a hidden profile'),
    ($$SELECT n::text FROM kaoa.bewerberprofil_loeschen(%s) n WHERE n <> 0$$, :p, 'deleting a hidden profile (kaoa.bewerberprofil_loeschen: 0 rows)'),
    ($$UPDATE kaoa.schulbesuch SET jahrgang = 9 WHERE person_id = %s RETURNING kommune$$, :p, 'UPDATE of a hidden enrolment')) v(sql, id, what);
RESET ROLE;
SELECT is(pg_temp.stand(), :'stand', '… and so did the UPDATEs and DELETEs');

SELECT * FROM finish();
ROLLBACK;
