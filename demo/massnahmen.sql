-- demo/massnahmen.sql — the KoKo's programme of the demo's Kreis (docs/sbo.md, "Measures the way a
-- KoKo runs them"), run by demo/schuljahr.sh after demo/sbo.sql, with psql variables kommune and sj.
-- The KoKo enters one measure with two target groups and two partners; the schools register their
-- pupils, each as its own role, until it is full and a waiting list forms; a school withdraws one and
-- the first on the waiting list moves up; a partner records who took part; the KoKo and the BI analyst
-- look at the effect and the Bündnis balance.  Choices are deterministic: a hash of the pseudonym.
\set ON_ERROR_STOP on
-- the language of the headings: psql variable de (true/false) from demo/schuljahr.sh (demo/sprache.sh)
\if :{?de}
\else
\set de false
\endif
\pset footer off

CREATE TEMP VIEW demo_org AS
SELECT o.org_id, o.typ, o.schluessel, o.schulform, o.name,
       'demo_' || lower(regexp_replace(o.schluessel, '[^A-Za-z0-9]', '_', 'g')) AS rolle
  FROM kaoa.organisation o WHERE o.kommune = :'kommune';
-- the pupils enrolled this school year (demo/sbo.sql), with a number drawn from their pseudonym
CREATE TEMP VIEW demo_schueler AS
SELECT s.person_id, s.schule_org, s.schulform, s.jahrgang, abs(hashtext(p.pseudonym || 'anmeldung')) AS h
  FROM kaoa.schulbesuch s JOIN kaoa.person p USING (kommune, person_id)
 WHERE s.kommune = :'kommune' AND s.schuljahr = :sj;
GRANT SELECT ON demo_org, demo_schueler TO PUBLIC;
SELECT rolle AS koko_rolle, org_id AS koko FROM demo_org WHERE typ = 'koko' \gset
SELECT rolle AS tr1_rolle, org_id AS tr1 FROM demo_org WHERE schluessel LIKE 'TR1-%' \gset
SELECT org_id AS ihk FROM demo_org WHERE schluessel LIKE 'IHK-%' \gset
-- registration until 13 February and start on 1 March; when the demo runs after that day, a week from
-- today and two weeks after that (only an organisation's registration is bound by the day)
SELECT greatest(make_date(:sj + 1, 2, 13), current_date + 7) AS frist \gset
SELECT greatest(make_date(:sj + 1, 3, 1), :'frist'::date + 14) AS beginn \gset

\if :de
\echo '== Die KoKo erfasst ihr Programm: eine Maßnahme, zwei Zielgruppen, zwei Partner (mit der Rolle der KoKo)'
\else
\echo '== The KoKo enters its programme: one measure, two target groups, two partners (as the KoKo''s role)'
\endif
SET ROLE :koko_rolle;
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum, plaetze,
                            finanzierung, anmeldung_bis)
VALUES (:'kommune', :koko, 'Azubis zeigen ihren Betrieb', 'betriebserkundung', '[9,10]', '{R,SK,GE}',
        '{elektro,metall_maschinenbau,produktion_fertigung,it_computer,verkehr_logistik,wirtschaft_verwaltung}',
        daterange(:'beginn'::date, :'beginn'::date + 121, '[]'), 60, 'Kommune / Land NRW', :'frist')
RETURNING massnahme_id AS m \gset
INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
VALUES (:'kommune', :m, '{GY}', '[10,12]');
INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle)
VALUES (:'kommune', :m, :tr1, 'traeger'), (:'kommune', :m, :ihk, 'partner');
RESET ROLE;
SELECT m.titel, pg_catalog.format('[%s,%s] %s', lower(m.jahrgaenge), upper(m.jahrgaenge) - 1, m.schulformen) AS zielgruppe,
       pg_catalog.format('[%s,%s] %s', lower(z.jahrgaenge), upper(z.jahrgaenge) - 1, z.schulformen) AS und,
       m.plaetze, m.anmeldung_bis, lower(m.zeitraum) AS beginn, upper(m.zeitraum) - 1 AS ende,
       (SELECT string_agg(o.name || ' (' || p.rolle || ')', ', ' ORDER BY p.rolle DESC)
          FROM kaoa.massnahme_partner p JOIN kaoa.organisation o ON o.org_id = p.org_id WHERE p.massnahme_id = m.massnahme_id) AS partner
  FROM kaoa.massnahme m JOIN kaoa.massnahme_zielgruppe z USING (kommune, massnahme_id)
 WHERE m.massnahme_id = :m;

\if :de
\echo '== Die Schulen melden ihre Schülerinnen und Schüler an (jede mit ihrer eigenen Rolle, kaoa.anmelden), bis sie voll ist; die übrigen warten'
\else
\echo '== The schools register their pupils (each as its own role, kaoa.anmelden) until it is full; the rest wait'
\endif
-- four in a hundred of the Realschulen, Sekundarschulen and Gesamtschulen; one Gymnasium registers
-- two of its Q2 pupils, who lie outside both target groups (grade 13): accepted, flagged
SELECT pg_catalog.format('SET ROLE %I', s.rolle),
       pg_catalog.format($q$SELECT count(kaoa.anmelden(%s, x.person_id))
                              FROM (SELECT person_id FROM demo_schueler WHERE schule_org = %s AND h %% 100 < %s ORDER BY h LIMIT %s) x$q$,
                         :m, s.org_id, CASE WHEN s.schulform = 'GY' THEN 100 ELSE 4 END,
                         CASE WHEN s.schulform = 'GY' THEN 2 ELSE 1000 END),
       'RESET ROLE'
  FROM demo_org s
 WHERE s.typ = 'schule' AND (s.schulform IN ('R', 'SK', 'GE')
                             OR s.org_id = (SELECT min(org_id) FROM demo_org WHERE typ = 'schule' AND schulform = 'GY'))
 ORDER BY s.org_id
\o /dev/null
\gexec
\o
SELECT a.status, count(*) AS anmeldungen, count(*) FILTER (WHERE a.abweichungen <> '{}') AS ausserhalb_zielgruppe,
       string_agg(DISTINCT a.abweichungen::text, ' ') FILTER (WHERE a.abweichungen <> '{}') AS abweichungen
  FROM kaoa.anmeldung a WHERE a.massnahme_id = :m GROUP BY 1 ORDER BY 1 DESC;

\if :de
\echo '== Eine Schule zieht eine Anmeldung zurück (kaoa.anmeldung_zurueckziehen): die erste Person auf der Warteliste rückt in derselben Transaktion nach'
\else
\echo '== A school withdraws a pupil (kaoa.anmeldung_zurueckziehen): the first on the waiting list moves up in the same transaction'
\endif
SELECT a.anmeldung_id AS zurueck, o.rolle AS zurueck_rolle, o.name AS zurueck_schule
  FROM kaoa.anmeldung a JOIN demo_org o ON o.org_id = a.angemeldet_von
 WHERE a.massnahme_id = :m AND a.status = 'zugesagt' AND o.typ = 'schule' AND o.schulform <> 'GY'
 ORDER BY a.angemeldet_am LIMIT 1 \gset
SET ROLE :zurueck_rolle;
SELECT kaoa.anmeldung_zurueckziehen(:zurueck) AS nachgerueckt;
RESET ROLE;
SELECT e.art, e.details->>'anmeldung_id' AS anmeldung, e.details->>'von_status' AS von, e.details->>'status' AS nach,
       o.name AS durch
  FROM kaoa.ereignis e LEFT JOIN kaoa.organisation o ON o.org_id = e.org_id
 WHERE e.kommune = :'kommune' AND e.art IN ('anmeldung_zurueckgezogen', 'anmeldung_nachgerueckt')
 ORDER BY e.ereignis_id;
SELECT a.status, count(*) AS anmeldungen FROM kaoa.anmeldung a WHERE a.massnahme_id = :m GROUP BY 1 ORDER BY 1 DESC;

\if :de
\echo '== Der Partner (Träger 1, mit seiner eigenen Rolle) erfasst, wer teilgenommen hat; er sieht die Anmeldungen des Programms und sonst nichts'
\else
\echo '== The partner (Träger 1, as its own role) records who took part; it sees the programme''s registrations and nothing else'
\endif
SET ROLE :tr1_rolle;
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
SELECT a.kommune, a.massnahme_id, a.person_id, :'beginn'::date
  FROM kaoa.anmeldung a WHERE a.massnahme_id = :m AND a.status = 'zugesagt';
SELECT (SELECT count(*) FROM kaoa.massnahme_teilnahme WHERE massnahme_id = :m) AS teilnahmen,
       (SELECT count(*) FROM kaoa.anmeldung) AS anmeldungen_sichtbar,
       (SELECT count(*) FROM kaoa.sbo_teilnahme) AS standardelemente_sichtbar;
RESET ROLE;

\if :de
\echo '== Koordination (KoKo, kaoa.massnahme_wirkung): die Teilnehmenden des Programms gegenüber dem Rest seiner Zielgruppe, genau — ein Zusammenhang, keine Ursache'
\else
\echo '== Coordinator (KoKo, kaoa.massnahme_wirkung): the programme''s participants against the rest of its target group, exact — association, not cause'
\endif
SET ROLE :koko_rolle;
SELECT gruppe, ergebnis, anzahl FROM kaoa.massnahme_wirkung(:'kommune', :sj) WHERE massnahme_id = :m ORDER BY gruppe DESC, ergebnis;
\if :de
\echo '== Koordination (KoKo, kaoa.ausbildungsmarkt): die Bündnis-Bilanz je Berufsbereich, genau'
\else
\echo '== Coordinator (KoKo, kaoa.ausbildungsmarkt): the Bündnis balance per Berufsbereich, exact'
\endif
SELECT * FROM kaoa.ausbildungsmarkt(:'kommune', :sj) ORDER BY berufsbereich;
RESET ROLE;

\if :de
\echo '== BI-Analyse (kaoa.v_massnahme_wirkung): dieselbe Wirkung, eine Anzahl unter min_fallzahl leer, die übrigen auf Vielfache davon gerundet'
\else
\echo '== BI analyst (kaoa.v_massnahme_wirkung): the same effect, a count below min_fallzahl empty, the others rounded to multiples of it'
\endif
SET ROLE demo_bi;
SELECT gruppe, ergebnis, anzahl FROM kaoa.v_massnahme_wirkung WHERE massnahme_id = :m ORDER BY gruppe DESC, ergebnis;
\if :de
\echo '== BI-Analyse (kaoa.v_ausbildungsmarkt): die Bilanz, Personenzahlen unter min_fallzahl leer, die übrigen gerundet'
\else
\echo '== BI analyst (kaoa.v_ausbildungsmarkt): the balance, counts of persons below min_fallzahl empty, the others rounded'
\endif
SELECT berufsbereich, bewerber, versorgt, unversorgt, plaetze, vorgeschlagen, frei
  FROM kaoa.v_ausbildungsmarkt WHERE schuljahr = :sj ORDER BY berufsbereich;
RESET ROLE;
