-- demo/sbo.sql — the Standardelemente and the measures of the demo's Kreis (docs/sbo.md),
-- run by demo/schuljahr.sh after the school year, with psql variables kommune and sj.
-- The schools record, each as its own role, what their leavers did since grade 8 (enrolment in their
-- last school year, Potenzialanalyse, Berufsfelderkundung days, Praktikum, Anschlussvereinbarung);
-- the Träger, the Kammern and the JBA enter five measures — with one deliberate overlap (two
-- Elektro courses for grade 10 at the same time) and one deliberate gap (nothing in Gesundheit) —
-- and the KoKo asks for both.  Choices are deterministic: a hash of the pseudonym decides.
\set ON_ERROR_STOP on
-- the language of the headings: psql variable de (true/false) from demo/schuljahr.sh (demo/sprache.sh)
\if :{?de}
\else
\set de false
\endif
\pset footer off

-- the leavers of this school year with a number drawn from their pseudonym (a view the schools' roles
-- may read, like the org view of schuljahr.sql)
CREATE TEMP VIEW demo_abgang AS
SELECT f.kommune, f.person_id, f.schule_org, f.schulform, abs(hashtext(p.pseudonym || 'sbo')) AS h, b.wuensche
  FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id)
  LEFT JOIN kaoa.bewerberprofil b USING (kommune, person_id)
 WHERE f.kommune = :'kommune' AND f.schuljahr = :sj;
GRANT SELECT ON demo_abgang TO PUBLIC;

\if :de
\echo '== Standardelemente: jede Schule erfasst die SBO-Geschichte ihrer Abgängerinnen und Abgänger (mit der eigenen Rolle)'
\else
\echo '== Standardelemente: every school records its leavers'' SBO history (as the school''s own role)'
\endif
SELECT pg_catalog.format('SET ROLE %I', 'demo_' || lower(regexp_replace(s.schluessel, '[^A-Za-z0-9]', '_', 'g'))),
       -- enrolled in their last school year: grade 10, or Q2 (13) at a Gymnasium
       pg_catalog.format($q$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang)
           SELECT kommune, person_id, %2$s, schule_org, CASE WHEN schulform = 'GY' THEN 13 ELSE 10 END
             FROM demo_abgang WHERE schule_org = %1$s$q$, s.org_id, :sj),
       -- the Potenzialanalyse in grade 8 (4 in 100 missed it), with the observed competences
       pg_catalog.format($q$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, kompetenzen)
           SELECT kommune, person_id, 'SBO 4.1', make_date(%2$s - 2, 9, 15 + h %% 10),
                  pg_catalog.format('sorgfalt=%%s,teamfaehigkeit=%%s,planung=%%s', 1 + h %% 5, 1 + h / 5 %% 5, 1 + h / 25 %% 5)::kaoa.kompetenzen
             FROM demo_abgang WHERE schule_org = %1$s AND h %% 100 >= 4$q$, s.org_id, :sj),
       -- three Berufsfelderkundung days in grade 8 (1 in 10 had only two; some chose a field twice)
       pg_catalog.format($q$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, berufsfeld)
           SELECT kommune, person_id, 'SBO 5.1', make_date(%2$s - 2, 10, 6) + 7 * d,
                  (ARRAY['elektro','metall_maschinenbau','gesundheit','wirtschaft_verwaltung','dienstleistung','it_computer',
                         'soziales_paedagogik','bau_architektur_vermessung','medien','verkehr_logistik','produktion_fertigung',
                         'kunst_kultur_gestaltung','gesundheit','technik_technologiefelder','landwirtschaft_natur_umwelt',
                         'naturwissenschaften'])[1 + (h / 7 + d * (1 + h %% 5)) %% 16]
             FROM demo_abgang, generate_series(0, 2) d WHERE schule_org = %1$s AND (h %% 100 >= 10 OR d < 2)$q$, s.org_id, :sj),
       -- the Praktikum in grade 9 (7 in 100 without one)
       pg_catalog.format($q$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, bis)
           SELECT kommune, person_id, 'SBO 6.1', make_date(%2$s - 1, 1, 13), make_date(%2$s - 1, 1, 31)
             FROM demo_abgang WHERE schule_org = %1$s AND h %% 100 >= 7$q$, s.org_id, :sj),
       -- the Anschlussvereinbarung in the second half of grade 9, with their wishes (12 in 100 without one)
       pg_catalog.format($q$INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum, angestrebt, wuensche, naechster_schritt)
           SELECT kommune, person_id, make_date(%2$s - 1, 2, 16), 'dual_betrieblich',
                  coalesce(wuensche[1:2], ARRAY[(ARRAY['81302','62102','26312','29302','83112'])[1 + h %% 5]]::kaoa.kldb[]),
                  'Bewerbungen schreiben'
             FROM demo_abgang WHERE schule_org = %1$s AND h %% 100 >= 12$q$, s.org_id, :sj),
       'RESET ROLE'
  FROM kaoa.organisation s WHERE s.kommune = :'kommune' AND s.typ = 'schule' ORDER BY s.org_id
\o /dev/null
\gexec
\o
\if :de
\set h_enrolments schulbesuche
\set h_participations teilnahmen
\set h_agreements vereinbarungen
\else
\set h_enrolments enrolments
\set h_participations participations
\set h_agreements agreements
\endif
SELECT (SELECT count(*) FROM kaoa.schulbesuch WHERE kommune = :'kommune') AS :"h_enrolments",
       (SELECT count(*) FROM kaoa.sbo_teilnahme WHERE kommune = :'kommune') AS :"h_participations",
       (SELECT count(*) FROM kaoa.anschlussvereinbarung WHERE kommune = :'kommune') AS :"h_agreements";

\if :de
\echo '== Maßnahmen: die Träger, die Kammern und die JBA erfassen, was sie in diesem Schuljahr anbieten (jede mit ihrer eigenen Rolle)'
\else
\echo '== Measures: the Träger, the Kammern and the JBA enter what they run this school year (each as its own role)'
\endif
CREATE TEMP TABLE demo_massnahme (nr int, typ kaoa.org_typ, welcher int, titel text, art text, jahrgaenge int4range,
                                   berufsfelder text[], von date, bis date, plaetze int, finanzierung text);
INSERT INTO demo_massnahme VALUES
    (1, 'traeger', 1, 'Praxiskurs Metall und Elektro', 'praxiskurs', '[9,13]',
        '{metall_maschinenbau,elektro,technik_technologiefelder}', make_date(:sj, 11, 3), make_date(:sj + 1, 3, 27), 24, 'Land NRW'),
    (2, 'kammer', 2, 'Praxiskurs Elektro im Handwerk', 'praxiskurs', '[10,10]',
        '{elektro}', make_date(:sj + 1, 1, 12), make_date(:sj + 1, 4, 24), 12, 'Handwerk'),
    (3, 'traeger', 2, 'Berufe in Handel, Verwaltung, Logistik und Medien', 'berufsorientierung', '[10,13]',
        '{wirtschaft_verwaltung,dienstleistung,verkehr_logistik,it_computer,medien}', make_date(:sj, 9, 1), make_date(:sj, 12, 19), 60, 'ESF'),
    (4, 'kammer', 1, 'Werkstatt Bau und Produktion', 'berufsfelderkundung', '[10,13]',
        '{bau_architektur_vermessung,produktion_fertigung,landwirtschaft_natur_umwelt,naturwissenschaften}',
        make_date(:sj + 1, 2, 2), make_date(:sj + 1, 6, 26), 40, 'Kommune'),
    (5, 'jba', 1, 'Soziale, kreative und akademische Berufe', 'berufsorientierung', '[10,13]',
        '{soziales_paedagogik,kunst_kultur_gestaltung,gesellschafts_geisteswissenschaften}', make_date(:sj + 1, 3, 2), make_date(:sj + 1, 5, 29), 30, 'Kommune');
SELECT pg_catalog.format('SET ROLE %I', 'demo_' || lower(regexp_replace(o.schluessel, '[^A-Za-z0-9]', '_', 'g'))),
       pg_catalog.format('INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, berufsfelder, zeitraum, plaetze, finanzierung)
                          VALUES (%L, %s, %L, %L, %L, %L, daterange(%L, %L, ''[]''), %s, %L)',
                         :'kommune', o.org_id, m.titel, m.art, m.jahrgaenge, m.berufsfelder, m.von, m.bis, m.plaetze, m.finanzierung),
       'RESET ROLE'
  FROM demo_massnahme m
  JOIN (SELECT o.*, row_number() OVER (PARTITION BY o.typ ORDER BY o.org_id) AS welcher
          FROM kaoa.organisation o WHERE o.kommune = :'kommune') o ON o.typ = m.typ AND o.welcher = m.welcher
 ORDER BY m.nr
\o /dev/null
\gexec
\o
SELECT m.titel, o.name AS traeger, m.jahrgaenge, m.berufsfelder, m.zeitraum, m.plaetze
  FROM kaoa.massnahme m JOIN kaoa.organisation o ON o.kommune = m.kommune AND o.org_id = m.traeger_org
 WHERE m.kommune = :'kommune' ORDER BY m.massnahme_id;

SELECT 'demo_' || lower(regexp_replace(o.schluessel, '[^A-Za-z0-9]', '_', 'g')) AS koko_rolle
  FROM kaoa.organisation o WHERE o.kommune = :'kommune' AND o.typ = 'koko' \gset

\if :de
\echo '== Koordination (KoKo, kaoa.sbo_luecken): welchen Abgängern welches Standardelement fehlt'
\else
\echo '== Coordinator (KoKo, kaoa.sbo_luecken): which leavers miss which Standardelement'
\endif
SET ROLE :koko_rolle;
SELECT l.jahrgang, l.element, l.sbo_code, count(*) AS schueler, count(*) FILTER (WHERE l.ueberfaellig) AS ueberfaellig
  FROM kaoa.sbo_luecken(:'kommune', :sj) l GROUP BY 1, 2, 3 ORDER BY 1, 2;

\if :de
\echo '== Koordination (KoKo, kaoa.massnahmen_ueberschneidungen): Parallelstrukturen'
\else
\echo '== Coordinator (KoKo, kaoa.massnahmen_ueberschneidungen): parallel structures'
\endif
SELECT a.titel AS massnahme, b.titel AS parallel_zu, u.gleiche_art, u.jahrgaenge, u.schulformen, u.berufsfelder, u.zeitraum
  FROM kaoa.massnahmen_ueberschneidungen(:'kommune', :sj) u
  JOIN kaoa.massnahme a ON a.massnahme_id = u.massnahme_a JOIN kaoa.massnahme b ON b.massnahme_id = u.massnahme_b;

\if :de
\echo '== Koordination (KoKo, kaoa.massnahmen_luecken): Jahrgang × Schulform × Berufsfeld mit interessierten jungen Menschen und ohne Maßnahme'
\else
\echo '== Coordinator (KoKo, kaoa.massnahmen_luecken): grade × school form × Berufsfeld with interested young people and no measure'
\endif
SELECT * FROM kaoa.massnahmen_luecken(:'kommune', :sj);
RESET ROLE;

\if :de
\echo '== BI-Analyse (kaoa.v_sbo): die drei Schulen, deren Abgängern am häufigsten ein Praktikum fehlt (eine Anzahl unter min_fallzahl leer, die übrigen auf Vielfache davon gerundet)'
\else
\echo '== BI analyst (kaoa.v_sbo): the three schools with most leavers missing a Praktikum (a count below min_fallzahl empty, the others rounded to multiples of it)'
\endif
SET ROLE demo_bi;
SELECT v.schule_org, v.jahrgang, v.element, v.schueler, v.fehlend, v.ueberfaellig
  FROM kaoa.v_sbo v
 WHERE v.schuljahr = :sj AND v.element = 'praktikum'
 ORDER BY v.fehlend DESC NULLS LAST, v.schule_org LIMIT 3;
RESET ROLE;
