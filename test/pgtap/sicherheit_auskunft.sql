-- pgTAP, security suite, issue 10: the person's own record (Art. 15 DSGVO).  kaoa.auskunft(person_id)
-- returns every part of what kaoa holds, each checked against the rows themselves; the deletion
-- days are those kaoa.loeschfristen_anwenden acts on (proven by running it); it answers the
-- organisation holding the person's current case (before a first case: the registering school),
-- the KoKo of the Kommune and the system, and everyone else exactly as for a person that does not
-- exist.  The identity's values go only to those who may read the identity directly (the school
-- keeping it, the system); the holder that is not its keeper and the KoKo learn which fields are
-- held and when they go (the red-team findings: a Träger under a narrow consent, after its
-- revocation, a Berufskolleg under schulg_120, a KoKo asking for its whole Kommune).  Every answer
-- is logged (art auskunft), a refusal and a read-only transaction write nothing.  Acting as the
-- roles concerned.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(61);

CREATE FUNCTION pg_temp.antwort_voll(sql text) RETURNS text LANGUAGE plpgsql AS $a$
DECLARE
    s text; m text; d text; h text;
BEGIN
    EXECUTE sql;
    RETURN 'kein Fehler';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN s || ' | ' || m || ' | ' || coalesce(d, '') || ' | ' || coalesce(h, '');
END
$a$;

-- ---- A: a school leaver whose case S1 identified and handed to the Agentur, who offered it on ----------------
SELECT pg_temp.fall('A-1', :s1, 'ohne_anschluss') AS fa \gset
SELECT pg_temp.person_von(:fa) AS a \gset
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', :a, 2025, :s1, 10);
SELECT pg_temp.sbo(:a, 'SBO 4.1', '2025-09-15') AS t1 \gset
SELECT pg_temp.av(:a, '2025-11-03', '{26312}') AS v1 \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05315', :tr, 'Praxiskurs Elektro', 'praxiskurs', '[9,10]', '[2025-09-01,2026-06-30]') RETURNING massnahme_id AS m \gset
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum) VALUES ('05315', :m, :a, '2025-10-01');
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze, anmeldung_bis)
VALUES ('05315', :tr, 'Azubis zeigen ihren Betrieb', 'betriebserkundung', '[9,10]', daterange(current_date + 60, current_date + 120),
        5, current_date + 30) RETURNING massnahme_id AS mk \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck)
VALUES ('05315', :a, 'sorgeberechtigt', '{jobcenter,traeger}', '{vorname,anschrift,anschluss}', 'Coaching')
RETURNING einwilligung_id AS e \gset
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, max_km, einwilligung_id) VALUES ('05315', :a, '{26312}', 25, NULL);
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, beginn) VALUES ('05315', 'O-A', '26312', 'Elektroniker/in', '2026-08-01')
RETURNING angebot_id AS o \gset
INSERT INTO kaoa.zuteilung_lauf (kommune, schuljahr, seed, k, rolle, gewichtung, bewerber, angebote, kandidaten, zugeteilt)
VALUES ('05315', 2025, 1, 10, 't_ko', '{}', 1, 1, 1, 1) RETURNING lauf_id AS l \gset
INSERT INTO kaoa.zuteilung (kommune, lauf_id, person_id, angebot_id, passung, prioritaet) VALUES ('05315', :l, :a, :o, 81.5, 70);
SET LOCAL ROLE t_s1;
SELECT kaoa.anmelden(:mk, :a) AS an1 \gset
SELECT kaoa.uebergeben(:fa, :aa, 'schuldueg_1_1') AS u1 \gset
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT kaoa.uebernehmen(:u1) \gset
SELECT kaoa.uebergeben(:fa, :jc, 'einwilligung', :e) AS u2 \gset
SELECT kaoa.auskunft(:a) AS ak \gset
RESET ROLE;

SELECT is(array(SELECT jsonb_object_keys(:'ak'::jsonb) ORDER BY 1),
          ARRAY['anmeldungen', 'anschlussvereinbarungen', 'bewerberprofil', 'einwilligungen', 'ereignisse', 'faelle',
                'identitaet', 'kommune', 'kontaktversuche', 'loeschung', 'person', 'person_id', 'sbo', 'stand',
                'uebergaben', 'zuteilungen'],
          'the holder''s answer has every part of the record');
SELECT is((:'ak'::jsonb) -> 'person',
          (SELECT jsonb_build_object('pseudonym', pseudonym, 'geburtsmonat', geburtsmonat, 'widerspruch_am', widerspruch_am,
                                     'angelegt_von', NULL) FROM kaoa.person WHERE person_id = :a),
          'person: pseudonym, birth month, objection');
SELECT is((:'ak'::jsonb) -> 'identitaet',
          jsonb_build_object('felder', '["nachname", "vorname", "geburtsdatum", "geschlecht", "anschrift"]'::jsonb,
                             'loeschen_am', (SELECT loeschen_am FROM kaoa.loeschtermine WHERE teil = 'identitaet' AND person_id = :a),
                             'werte', NULL),
          'identitaet for the Agentur holding the case (not the identity''s keeper): held, which fields, its day, no values');
SELECT is(jsonb_path_query_array(:'ak'::jsonb, '$.faelle[*].fall_id'), to_jsonb(ARRAY[:fa]), 'faelle: the case');
SELECT is((:'ak'::jsonb) #>> '{faelle,0,zustaendig,name}', 'Agentur für Arbeit Köln', '… with its holder by name');
SELECT is((:'ak'::jsonb) #>> '{faelle,0,status}', 'in_beratung', '… and its status');
SELECT is(jsonb_path_query_array(:'ak'::jsonb, '$.uebergaben[*].uebergabe_id'), to_jsonb(ARRAY[:u1, :u2]), 'uebergaben: both, in order');
SELECT is(((:'ak'::jsonb) #> '{uebergaben,0}') - 'gesendet_am' - 'beantwortet_am' - 'faellig_am',
          format($$ {"uebergabe_id": %s, "fall_id": %s, "rechtsgrundlage": "schuldueg_1_1", "einwilligung_id": null,
                     "von": {"org_id": %s, "name": "Gesamtschule Nord", "typ": "schule"},
                     "an": {"org_id": %s, "name": "Agentur für Arbeit Köln", "typ": "agentur"},
                     "felder": ["nachname", "vorname", "geburtsdatum", "geschlecht", "anschrift", "schulform", "abschluss"],
                     "antwort": "uebernommen", "grund": null} $$, :u1, :fa, :s1, :aa)::jsonb,
          'the SchülerDÜG hand-off: from, to, basis, the seven fields that basis allows, accepted');
SELECT is((:'ak'::jsonb) #>> '{uebergaben,0,beantwortet_am}', (SELECT to_jsonb(uebernommen_am) #>> '{}' FROM kaoa.uebergabe WHERE uebergabe_id = :u1),
          '… answered when it was accepted');
SELECT is((:'ak'::jsonb) #> '{uebergaben,1,felder}', '["vorname", "anschrift", "anschluss"]'::jsonb,
          'the consent hand-off: the fields the consent names');
SELECT is(((:'ak'::jsonb) #>> '{uebergaben,1,antwort}') || '/' || coalesce((:'ak'::jsonb) #>> '{uebergaben,1,beantwortet_am}', '-'), 'offen/-',
          '… open, not answered');
SELECT is(jsonb_path_query_array(:'ak'::jsonb, '$.einwilligungen[*].einwilligung_id'), to_jsonb(ARRAY[:e]), 'einwilligungen');
SELECT is(jsonb_array_length((:'ak'::jsonb) -> 'kontaktversuche'), 3, 'kontaktversuche: the three attempts');
SELECT is((:'ak'::jsonb) #> '{sbo,schulbesuche,0,jahrgang}', '10'::jsonb, 'sbo: the enrolment');
SELECT is((:'ak'::jsonb) #>> '{sbo,teilnahmen,0,teilnahme_id}', :t1::text, 'sbo: the participation …');
SELECT is((:'ak'::jsonb) #>> '{sbo,teilnahmen,0,element}', (SELECT name FROM kaoa.sbo_katalog WHERE code = 'SBO 4.1' LIMIT 1),
          '… with the element''s name');
SELECT is((:'ak'::jsonb) #>> '{sbo,massnahmen,0,titel}', 'Praxiskurs Elektro', 'sbo: the measure taken part in');
SELECT is((:'ak'::jsonb) #>> '{anschlussvereinbarungen,0,vereinbarung_id}', :v1::text, 'anschlussvereinbarungen');
SELECT is((:'ak'::jsonb) #> '{bewerberprofil,max_km}', '25'::jsonb, 'bewerberprofil');
SELECT is(((:'ak'::jsonb) #> '{zuteilungen,0}') - 'zeit',
          format('{"lauf_id": %s, "schuljahr": 2025, "angebot_id": %s, "angebot": "Elektroniker/in", "passung": 81.5}', :l, :o)::jsonb,
          'zuteilungen: run, offer title, passung');
SELECT is((:'ak'::jsonb) -> 'ereignisse',
          (SELECT jsonb_object_agg(art, n) FROM (SELECT art, count(*) AS n FROM kaoa.ereignis
                                                  WHERE (fall_id = :fa OR details ->> 'person_id' = :a::text)
                                                    AND ereignis_id < (SELECT max(ereignis_id) FROM kaoa.ereignis WHERE art = 'auskunft')
                                                  GROUP BY art) x),
          'ereignisse: the count per kind, as in the log before the answer (which logged itself)');
SELECT is(jsonb_path_query_array(:'ak'::jsonb, '$.anmeldungen[*].anmeldung_id'), to_jsonb(ARRAY[:an1]), 'anmeldungen: the registration');
SELECT is(((:'ak'::jsonb) #>> '{anmeldungen,0,massnahme}') || ' / ' || ((:'ak'::jsonb) #>> '{anmeldungen,0,status}'),
          'Azubis zeigen ihren Betrieb / zugesagt', '… with the measure''s title and its status');
SELECT is((:'ak'::jsonb) #>> '{loeschung,identitaet}',
          (SELECT loeschen_am::text FROM kaoa.loeschtermine WHERE teil = 'identitaet' AND person_id = :a),
          'loeschung: the identity''s day');
SELECT is((:'ak'::jsonb) #> '{loeschung,uebergaben}',
          format('[{"uebergabe_id": %s, "loeschen_am": "%s"}, {"uebergabe_id": %s, "loeschen_am": "%s"}]',
                 :u1, ((SELECT gesendet_am FROM kaoa.uebergabe WHERE uebergabe_id = :u1) + interval '6 months')::date,
                 :u2, (SELECT loeschen_am FROM kaoa.loeschtermine WHERE teil = 'identitaet' AND person_id = :a))::jsonb,
          'loeschung: what each hand-off transferred (statutory: six months; consent: with the identity)');
SELECT is((SELECT count(*) FROM jsonb_each((:'ak'::jsonb) -> 'loeschung') WHERE value = 'null'), 10::bigint,
          'loeschung: the ten pseudonymous parts are kept (null)');

-- ---- who may ask -----------------------------------------------------------------------------------------------------
SET LOCAL ROLE t_ko;
SELECT kaoa.auskunft(:a) AS ak_ko \gset
RESET ROLE;
SELECT is((:'ak_ko'::jsonb) - 'ereignisse', (:'ak'::jsonb) - 'ereignisse', 'the KoKo of the Kommune gets the same answer …');
SELECT is((:'ak_ko'::jsonb) #>> '{ereignisse,auskunft}', '1', '… in which the Agentur''s request is logged');
SELECT is((:'ak_ko'::jsonb) #>> '{identitaet,werte}', NULL, '… and no value of the identity (the KoKo is pseudonymous)');
SET LOCAL ROLE t_system;
SELECT kaoa.auskunft(:a) AS ak_sys \gset
RESET ROLE;
SELECT is((:'ak_sys'::jsonb) - 'ereignisse' - 'identitaet', (:'ak'::jsonb) - 'ereignisse' - 'identitaet', 'a system role gets the same answer …');
SELECT is((:'ak_sys'::jsonb) -> 'identitaet',
          ((:'ak'::jsonb) -> 'identitaet') || '{"werte": {"nachname": "Nachname A-1", "vorname": "Vorname", "geburtsdatum": "2008-03-14",
                                                        "geschlecht": "w", "anschrift": "Domstraße 1, 50667 Köln"}}'::jsonb,
          '… with the values of the identity');
SET LOCAL ROLE t_system;
SELECT throws_ok('SELECT kaoa.auskunft(999999)', 'P0002', 'person 999999 does not exist', 'the system: P0002 for a missing person');
RESET ROLE;
CREATE TEMP TABLE ablehnungen (rolle name, warum text, antwort text, fehlend text);
GRANT ALL ON ablehnungen TO PUBLIC;
SET LOCAL ROLE t_s1;
INSERT INTO ablehnungen SELECT current_user, 'the school that handed the case on', pg_temp.antwort_voll(format('SELECT kaoa.auskunft(%s)', :a)),
       replace(pg_temp.antwort_voll('SELECT kaoa.auskunft(999999)'), '999999', :a::text);
RESET ROLE;
SET LOCAL ROLE t_jc;
INSERT INTO ablehnungen SELECT current_user, 'the Jobcenter merely offered the case', pg_temp.antwort_voll(format('SELECT kaoa.auskunft(%s)', :a)),
       replace(pg_temp.antwort_voll('SELECT kaoa.auskunft(999999)'), '999999', :a::text);
RESET ROLE;
SET LOCAL ROLE t_s2;
INSERT INTO ablehnungen SELECT current_user, 'another school', pg_temp.antwort_voll(format('SELECT kaoa.auskunft(%s)', :a)),
       replace(pg_temp.antwort_voll('SELECT kaoa.auskunft(999999)'), '999999', :a::text);
RESET ROLE;
SET LOCAL ROLE t_dko;
INSERT INTO ablehnungen SELECT current_user, 'the KoKo of another Kommune', pg_temp.antwort_voll(format('SELECT kaoa.auskunft(%s)', :a)),
       replace(pg_temp.antwort_voll('SELECT kaoa.auskunft(999999)'), '999999', :a::text);
RESET ROLE;
SELECT is(antwort, fehlend, warum || ': the answer for a person that does not exist') FROM ablehnungen ORDER BY rolle;
SELECT ok(bool_and(antwort LIKE 'KA004 | %'), 'all four refusals are KA004') FROM ablehnungen;
SET LOCAL ROLE t_bi;
SELECT throws_ok(format('SELECT kaoa.auskunft(%s)', :a), '42501', NULL, 'a BI role: 42501');
RESET ROLE;
SET LOCAL ROLE t_fremd;
SELECT throws_ok(format('SELECT kaoa.auskunft(%s)', :a), '42501', NULL, 'a role registered nowhere: 42501');
RESET ROLE;
SELECT throws_ok('SELECT kaoa.auskunft(NULL)', '22004', NULL, 'a NULL person_id: 22004');

-- ---- the trace: every answer logged, refusals write nothing -------------------------------------------------------------
SELECT results_eq(format($$SELECT org_id, rolle, fall_id, details FROM kaoa.ereignis WHERE art = 'auskunft' ORDER BY ereignis_id$$),
                  format($$VALUES (%s::bigint, 't_aa'::name, NULL::bigint, '{"person_id": %s, "identitaet_werte": false}'::jsonb),
                                  (%s, 't_ko', NULL, '{"person_id": %s, "identitaet_werte": false}'),
                                  (NULL, 't_system', NULL, '{"person_id": %s, "identitaet_werte": true}')$$, :aa, :a, :ko, :a, :a),
                  'each answer is one log row (art auskunft): who asked, for which person, whether it carried the values; no case');
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'auskunft'), 3::bigint,
          'the refusals above (former holder, offered Jobcenter, another school, another Kommune''s KoKo, BI) logged nothing');
SAVEPOINT nur_lesen;
SET LOCAL transaction_read_only = on;
SET LOCAL ROLE t_ko;
SELECT throws_ok(format('SELECT kaoa.auskunft(%s)', :a), '25006', NULL,
                 'in a read-only transaction (and on a hot standby) no answer: it could not be logged');
RESET ROLE;
ROLLBACK TO SAVEPOINT nur_lesen;
SET LOCAL ROLE t_ko;
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'auskunft'), 3::bigint, 'the KoKo reads the trace of its Kommune');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'auskunft'), 0::bigint,
          'the organisation working on the case does not see who asked (the row has no case)');
RESET ROLE;

-- ---- the values of the identity: the keeping school and the system only ------------------------------------------------------
-- the school keeping the identity (it holds the current case as its school)
SELECT pg_temp.fall('K-1', :s1, 'ohne_anschluss') AS fk \gset
SET LOCAL ROLE t_s1;
SELECT is(kaoa.auskunft(pg_temp.person_von(:fk)) #> '{identitaet,werte}',
          '{"nachname": "Nachname K-1", "vorname": "Vorname", "geburtsdatum": "2008-03-14", "geschlecht": "w",
            "anschrift": "Domstraße 1, 50667 Köln"}'::jsonb, 'the school keeping the identity gets its values');
RESET ROLE;
-- a Träger that accepted the case under a consent covering only nachname, vorname, anschrift
SELECT pg_temp.fall('T-1', :s1, 'ohne_anschluss') AS ft \gset
SET LOCAL ROLE t_s1;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck)
VALUES ('05315', pg_temp.person_von(:ft), 'sorgeberechtigt', '{traeger}', '{nachname,vorname,anschrift}', 'Coaching')
RETURNING einwilligung_id AS et \gset
SELECT kaoa.uebergeben(:ft, :tr, 'einwilligung', :et) AS ut \gset
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT kaoa.uebernehmen(:ut) \gset
SELECT is(array(SELECT jsonb_object_keys(kaoa.uebergabe_daten(:ut)) ORDER BY 1), ARRAY['anschrift', 'nachname', 'vorname'],
          'the Träger reads the three fields of the consent through the hand-off …');
SELECT is((kaoa.auskunft(pg_temp.person_von(:ft)) -> 'identitaet') - 'loeschen_am',
          '{"felder": ["nachname", "vorname", "geburtsdatum", "geschlecht", "anschrift"], "werte": null}'::jsonb,
          '… and through the record no value: not geburtsdatum, not geschlecht');
RESET ROLE;
SET LOCAL ROLE t_s1;
UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = :et RETURNING 'widerrufen' AS w \gset
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :ut), 'KA002', NULL, 'after the revocation the hand-off gives nothing (KA002) …');
SELECT is(kaoa.auskunft(pg_temp.person_von(:ft)) #>> '{identitaet,werte}', NULL, '… and the record still no current value');
RESET ROLE;
-- a Berufskolleg that took a case over under schulg_120 (which does not list geschlecht)
SELECT pg_temp.fall('G-1', :s1, 'ohne_anschluss') AS fg \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fg, :bk, 'schulg_120') AS ug \gset
RESET ROLE;
SET LOCAL ROLE t_bk;
SELECT kaoa.uebernehmen(:ug) \gset
SELECT is(kaoa.uebergabe_daten(:ug) ? 'geschlecht', false, 'the Berufskolleg under schulg_120: no geschlecht in the hand-off …');
SELECT is(kaoa.auskunft(pg_temp.person_von(:fg)) #>> '{identitaet,werte}', NULL, '… nor in the record');
RESET ROLE;
-- the KoKo asking for its whole Kommune: no value, and one log row per person
SELECT count(*) AS vorher FROM kaoa.ereignis WHERE art = 'auskunft' \gset
SET LOCAL ROLE t_ko;
SELECT is(count(*) FILTER (WHERE kaoa.auskunft(p.person_id) #>> '{identitaet,werte}' IS NOT NULL), 0::bigint,
          'the KoKo asking for every person of its Kommune gets no identity value')
  FROM kaoa.person p WHERE p.kommune = '05315';
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'auskunft') - :vorher,
          (SELECT count(*) FROM kaoa.person WHERE kommune = '05315'), '… and leaves one log row per person');

-- before a first case: the registering school; after the identity was deleted: null, with its day
SET LOCAL ROLE t_s2;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05315', 'B-1', '2010-02-01') RETURNING person_id AS b \gset
SELECT is(kaoa.auskunft(:b) #> '{person,angelegt_von,org_id}', to_jsonb(:s2::bigint),
          'before a first case the registering school gets the record');
SELECT is((kaoa.auskunft(:b) -> 'faelle')::text || ' ' || (kaoa.auskunft(:b) #> '{loeschung,identitaet}')::text,
          '[] ' || to_jsonb((kaoa.berufsschulpflicht_ende('2010-02-01')
                             + make_interval(months => (SELECT aufbewahrung_monate FROM kaoa.kommune WHERE kommune = '05315')))::date + 1)::text,
          '… with no case; the identity''s day counts from the end of the school year the person turns 18 (no SBO record yet)');
RESET ROLE;

-- ---- loeschung is the rule kaoa.loeschfristen_anwenden applies ---------------------------------------------------------
-- Düsseldorf (no fristen rows): school year 2020 is long past, 2025 is not.  Köln 2024: the Verbleib date
-- was yesterday, so the identity goes in a year.  An ausgenommen case: kept for aufbewahrung_monate.
SELECT pg_temp.fall('L-1', :ds, 'ohne_anschluss', 2020) AS l1, pg_temp.fall('L-2', :ds, 'ohne_anschluss', 2025) AS l2,
       pg_temp.fall('L-3', :s1, 'ohne_anschluss', 2024) AS l3, pg_temp.fall('L-4', :s2, 'ausgenommen') AS l4 \gset
UPDATE kaoa.kommune SET aufbewahrung_monate = 0 WHERE kommune = '05315';
CREATE TEMP TABLE tage AS
SELECT f.person_id, (kaoa.auskunft(f.person_id) #>> '{loeschung,identitaet}')::date AS tag
  FROM kaoa.fall f WHERE f.fall_id IN (:fa, :l1, :l2, :l3, :l4);
GRANT SELECT ON tage TO PUBLIC;
SELECT is((SELECT tag FROM tage WHERE person_id = pg_temp.person_von(:l3)),
          ((SELECT verbleib_stichtag FROM kaoa.fristen WHERE kommune = '05315' AND schuljahr = 2024) + interval '12 months')::date + 1,
          'Köln 2024: the day after the Verbleib date lies twelve months back');
SELECT is((SELECT tag FROM tage WHERE person_id = pg_temp.person_von(:l4)),
          (SELECT status_seit::date FROM kaoa.fall WHERE fall_id = :l4),
          'ausgenommen with aufbewahrung_monate 0: the day it became terminal');
SET LOCAL ROLE t_system;
SELECT kaoa.loeschfristen_anwenden() AS geloescht \gset
RESET ROLE;
SELECT is(:geloescht, (SELECT count(*)::int FROM tage WHERE tag <= current_date), 'the deletion run deletes as many identities as are due by the record');
SELECT is(array(SELECT person_id FROM tage t WHERE NOT EXISTS (SELECT 1 FROM kaoa.person_identitaet i WHERE i.person_id = t.person_id)
                ORDER BY 1),
          array(SELECT person_id FROM tage WHERE tag <= current_date ORDER BY 1),
          '… exactly those whose day has come (L-1, L-4), none other');
SET LOCAL ROLE t_system;
SELECT is((kaoa.auskunft(pg_temp.person_von(:l1)) -> 'identitaet')::text || ' ' || (kaoa.auskunft(pg_temp.person_von(:l1)) #>> '{loeschung,identitaet}'),
          'null ' || (SELECT tag::text FROM tage WHERE person_id = pg_temp.person_von(:l1)),
          'after the run: no identity, and the day it went');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
