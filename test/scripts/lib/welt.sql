-- test/scripts/lib/welt.sql — a school year played on an imported cohort by the organisations'
-- own roles (run by welt_anlegen in test/scripts/lib/welt.sh, as the superuser, after the import).
-- Afterwards every kaoa table holds rows and every role of the sweeps has rows it may change:
-- cases in most states held by the school, the Agentur, the Berufskolleg, the KoKo and the
-- Jugendamt; hand-offs open, accepted, declined and withdrawn; consents (one revoked); contact
-- attempts; an objection; Verbleib reports; profiles recorded with consent; weights; an assignment
-- run; an agreement; the deadline job's log; a measure with two target groups, a partner and
-- registrations, one withdrawn (the waiting list moved up).
\set ON_ERROR_STOP on
\set QUIET on

SELECT min(kommune) AS k1, max(kommune) AS k2 FROM kaoa.kommune \gset
SELECT min(org_id) FILTER (WHERE typ = 'schule') AS schule,
       max(org_id) FILTER (WHERE typ = 'schule') AS schule_b,
       min(org_id) FILTER (WHERE typ = 'berufskolleg') AS bk,
       min(org_id) FILTER (WHERE typ = 'agentur') AS aa,
       min(org_id) FILTER (WHERE typ = 'jobcenter') AS jc,
       min(org_id) FILTER (WHERE typ = 'jugendamt') AS ja,
       min(org_id) FILTER (WHERE typ = 'jba') AS jba,
       min(org_id) FILTER (WHERE typ = 'koko') AS ko,
       min(org_id) FILTER (WHERE typ = 'kammer') AS ka,
       min(org_id) FILTER (WHERE typ = 'traeger') AS tr,
       min(org_id) FILTER (WHERE typ = 'betrieb') AS be
  FROM kaoa.organisation WHERE kommune = :'k1' \gset
SELECT min(org_id) AS fremd FROM kaoa.organisation WHERE kommune = :'k2' AND typ = 'schule' \gset

SELECT kaoa.akteur_anlegen('sw_schule', :schule), kaoa.akteur_anlegen('sw_berufskolleg', :bk),
       kaoa.akteur_anlegen('sw_agentur', :aa), kaoa.akteur_anlegen('sw_jobcenter', :jc),
       kaoa.akteur_anlegen('sw_jugendamt', :ja), kaoa.akteur_anlegen('sw_jba', :jba),
       kaoa.akteur_anlegen('sw_koko', :ko), kaoa.akteur_anlegen('sw_kammer', :ka),
       kaoa.akteur_anlegen('sw_traeger', :tr), kaoa.akteur_anlegen('sw_betrieb', :be),
       kaoa.akteur_anlegen('sw_schule_fremd', :fremd), kaoa.system_zugang('sw_system'),
       kaoa.bi_zugang('sw_bi', :'k1');

-- the school's leavers, numbered in a temporary table the roles may read
CREATE TEMP TABLE nr AS
SELECT row_number() OVER (ORDER BY fall_id) AS n, fall_id, person_id
  FROM kaoa.fall WHERE kommune = :'k1' AND schule_org = :schule;
GRANT SELECT ON nr TO PUBLIC;

-- the school identifies, secures, excludes; records consents; hands on
SET ROLE sw_schule;
UPDATE kaoa.fall SET status = 'ohne_anschluss', grund = 'Identifikation'
 WHERE fall_id IN (SELECT fall_id FROM nr WHERE n <= 14);
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'dual_betrieblich', aufnehmende_org = :ka
 WHERE fall_id IN (SELECT fall_id FROM nr WHERE n BETWEEN 15 AND 17);
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'schulische_ausbildung', aufnehmende_org = :bk
 WHERE fall_id IN (SELECT fall_id FROM nr WHERE n = 18);
UPDATE kaoa.fall SET status = 'ausgenommen', grund = 'Wegzug' WHERE fall_id IN (SELECT fall_id FROM nr WHERE n = 19);
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck, gueltig_ab)
SELECT :'k1', person_id, 'sorgeberechtigt', '{jugendamt,schule,agentur,berufskolleg,jobcenter,koko,kammer,traeger,betrieb}',
       '{nachname,vorname,anschrift}', 'Hilfeplanung', current_date - 20
  FROM nr WHERE n IN (11, 12, 13, 20, 21);
SELECT kaoa.uebergeben(fall_id, :aa, 'schuldueg_1_1') FROM nr WHERE n <= 8 ORDER BY n;
SELECT kaoa.uebergeben(fall_id, :ja, 'einwilligung',
                       (SELECT e.einwilligung_id FROM kaoa.einwilligung e WHERE e.person_id = nr.person_id))
  FROM nr WHERE n IN (11, 12);
SELECT kaoa.uebergeben(fall_id, :bk, 'schulg_120') FROM nr WHERE n IN (9, 10);
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, kompetenzen, lat, lon, max_km,
                                 verfuegbar_ab, einwilligung_id)
SELECT :'k1', nr.person_id, '{26312}', 'SEC', 'sorgfalt=3', 51.0, 6.5, 40, current_date,
       (SELECT e.einwilligung_id FROM kaoa.einwilligung e WHERE e.person_id = nr.person_id)
  FROM nr WHERE n IN (20, 21)
    AND NOT EXISTS (SELECT FROM kaoa.bewerberprofil b WHERE b.person_id = nr.person_id);
INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum, angestrebt, wuensche, naechster_schritt)
SELECT :'k1', person_id, current_date - 30, 'dual_betrieblich', '{26312}', 'Bewerbung schreiben'
  FROM nr WHERE n <= 4;
RESET ROLE;

-- the Agentur accepts, declines, tries to reach, hands on; an objection
SET ROLE sw_agentur;
SELECT kaoa.uebernehmen(u.uebergabe_id) FROM kaoa.uebergabe u JOIN nr USING (fall_id) WHERE n <= 6 ORDER BY n;
SELECT kaoa.ablehnen(u.uebergabe_id, 'nicht zuständig') FROM kaoa.uebergabe u JOIN nr USING (fall_id) WHERE n = 7;
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich, zeit)
SELECT :'k1', fall_id, k, false, now() - interval '2 days' FROM nr, unnest(ARRAY['telefon', 'brief', 'email']) k WHERE n <= 2;
UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id IN (SELECT fall_id FROM nr WHERE n = 1);
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'bvb' WHERE fall_id IN (SELECT fall_id FROM nr WHERE n = 3);
SELECT kaoa.widerspruch_erheben(person_id) FROM nr WHERE n = 4;
SELECT kaoa.uebergeben(fall_id, :ko, 'sgb3_31a_2') FROM nr WHERE n = 5;
SELECT kaoa.uebergeben(fall_id, :jc, 'sgb3_31a_2') FROM nr WHERE n = 6;
RESET ROLE;

SET ROLE sw_schule;
SELECT kaoa.zurueckziehen(u.uebergabe_id, 'doch selbst') FROM kaoa.uebergabe u JOIN nr USING (fall_id)
 WHERE n = 8 AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL;
UPDATE kaoa.einwilligung SET widerrufen_am = now() - interval '1 minute'
 WHERE person_id IN (SELECT person_id FROM nr WHERE n = 13);
RESET ROLE;

SET ROLE sw_jugendamt;
SELECT kaoa.uebernehmen(u.uebergabe_id) FROM kaoa.uebergabe u JOIN nr USING (fall_id) WHERE n = 11;
RESET ROLE;
SET ROLE sw_berufskolleg;
SELECT kaoa.uebernehmen(u.uebergabe_id) FROM kaoa.uebergabe u JOIN nr USING (fall_id) WHERE n = 9;
SELECT kaoa.verbleib_melden(fall_id, true) FROM nr WHERE n = 18;
RESET ROLE;
SET ROLE sw_koko;
SELECT kaoa.uebernehmen(u.uebergabe_id) FROM kaoa.uebergabe u JOIN nr USING (fall_id)
 WHERE n = 5 AND u.an_org = :ko;
INSERT INTO kaoa.gewichtung (kommune, beruf, interessen, weg, abschluss, beginn, kompetenzen)
VALUES (:'k1', 40, 10, 20, 15, 5, 10);
SELECT kaoa.zuteilung_berechnen(:'k1', 2025, 10, 7);
RESET ROLE;
SET ROLE sw_kammer;
SELECT kaoa.verbleib_melden(fall_id, true) FROM nr WHERE n = 15;
SELECT kaoa.verbleib_melden(fall_id, false) FROM nr WHERE n = 16;
RESET ROLE;
SET ROLE sw_traeger;
INSERT INTO kaoa.angebot (kommune, extern_id, org_id, kldb, titel, mindest_abschluss, interessen, anforderungen,
                          lat, lon, beginn, plaetze)
VALUES (:'k1', 'SW-TR-1', :tr, '26312', 'Elektroniker/in', 'ESA', 'R=50', 'sorgfalt=2', 51.0, 6.5, current_date + 60, 2);
RESET ROLE;
SET ROLE sw_system;
SELECT count(*) FROM kaoa.fristen_pruefen(current_date + 30);
RESET ROLE;
-- a measure run by the KoKo with the Träger, open to two target groups, taking registrations: the
-- school registers two of its leavers, the Träger withdraws one
SET ROLE sw_koko;
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, zeitraum, plaetze, anmeldung_bis)
VALUES (:'k1', :ko, 'Azubis zeigen ihren Betrieb', 'betriebserkundung', '[9,10]', '{R,SK,GE}',
        daterange(current_date + 60, current_date + 120), 1, current_date + 30);
INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
SELECT :'k1', max(massnahme_id), '{GY}', '[10,12]' FROM kaoa.massnahme WHERE kommune = :'k1';
INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle)
SELECT :'k1', max(massnahme_id), :tr, 'traeger' FROM kaoa.massnahme WHERE kommune = :'k1';
RESET ROLE;
SET ROLE sw_schule;
SELECT kaoa.anmelden(m.massnahme_id, nr.person_id)
  FROM nr, (SELECT max(massnahme_id) AS massnahme_id FROM kaoa.massnahme WHERE kommune = :'k1') m
 WHERE nr.n IN (20, 21) ORDER BY nr.n;
RESET ROLE;
SET ROLE sw_traeger;
SELECT kaoa.anmeldung_zurueckziehen(min(anmeldung_id)) FROM kaoa.anmeldung;
RESET ROLE;
DROP TABLE nr;

-- every table holds rows now (a sweep over an empty table would prove nothing)
DO $$
DECLARE
    t regclass;
    n bigint;
BEGIN
    FOR t IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'r' LOOP
        EXECUTE format('SELECT count(*) FROM %s', t) INTO n;
        IF n = 0 THEN
            RAISE EXCEPTION 'welt.sql: table % is empty', t;
        END IF;
    END LOOP;
END
$$;
