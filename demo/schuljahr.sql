-- demo/schuljahr.sql — one school year of a Kreis played through the Verantwortungskette, every
-- step as the organisation that takes it (SET ROLE to the role kaoa.akteur_anlegen mapped to it).
-- Run by demo/schuljahr.sh with psql variables kommune and sj (the school year's start year).
-- Choices are deterministic: a hash of the pseudonym decides who gets which outcome.
\set ON_ERROR_STOP on
-- the language of the headings: psql variable de (true/false) from demo/schuljahr.sh (demo/sprache.sh)
\if :{?de}
\else
\set de false
\endif
\pset footer off

-- ---------------------------------------------------------------- roles, one per organisation
-- (the Betriebe publish offers but play no part in the chain here, so they get no role)
SELECT pg_catalog.format('CREATE ROLE %I NOLOGIN', 'demo_' || lower(regexp_replace(o.schluessel, '[^A-Za-z0-9]', '_', 'g'))),
       pg_catalog.format('SELECT kaoa.akteur_anlegen(%L, %s)', 'demo_' || lower(regexp_replace(o.schluessel, '[^A-Za-z0-9]', '_', 'g')), o.org_id)
  FROM kaoa.organisation o
 WHERE o.kommune = :'kommune' AND o.typ <> 'betrieb'
 ORDER BY o.org_id
\o /dev/null
\gexec
\o
CREATE ROLE demo_bi NOLOGIN;
SELECT kaoa.bi_zugang('demo_bi', :'kommune') \g /dev/null

CREATE TEMP VIEW org AS
SELECT o.org_id, o.typ, o.name, o.schluessel,
       'demo_' || lower(regexp_replace(o.schluessel, '[^A-Za-z0-9]', '_', 'g')) AS rolle
  FROM kaoa.organisation o WHERE o.kommune = :'kommune';
GRANT SELECT ON org TO PUBLIC;
SELECT org_id AS aa FROM org WHERE typ = 'agentur' \gset
SELECT org_id AS ja FROM org WHERE typ = 'jugendamt' \gset
SELECT org_id AS koko FROM org WHERE typ = 'koko' \gset
SELECT min(org_id) AS bk FROM org WHERE typ = 'berufskolleg' \gset

-- ---------------------------------------------------------------- 1. identification round
-- Each school records, for each of its leavers, a secured Anschluss (with the admitting Berufskolleg
-- where there is one), "without Anschluss", or an exclusion.  About one in eight has no Anschluss.
\if :de
\echo '== 1. Identifikationsrunde: jede Schule erfasst ihre Abgängerinnen und Abgänger (mit der eigenen Rolle der Schule)'
\else
\echo '== 1. identification round: every school records its leavers (as the school''s own role)'
\endif
SELECT pg_catalog.format('SET ROLE %I', s.rolle),
       pg_catalog.format($u$
UPDATE kaoa.fall f
   SET status = CASE WHEN x.b < 1 THEN 'ausgenommen'
                     WHEN x.b < x.ohne THEN 'ohne_anschluss'
                     ELSE 'anschluss_gesichert' END::kaoa.fall_status,
       grund = CASE WHEN x.b < 1 THEN 'Umzug in ein anderes Bundesland' END,
       anschluss = CASE WHEN x.b < x.ohne THEN NULL ELSE x.anschluss END,
       aufnehmende_org = CASE WHEN x.b >= x.ohne AND x.anschluss IN ('berufsfachschule', 'ausbildungsvorbereitung',
                                                                   'hoehere_berufsfachschule', 'berufliches_gymnasium')
                              THEN %s END
  FROM (SELECT f.fall_id, h.b,
               CASE WHEN f.abschluss::text IN ('ABITUR') THEN 6 WHEN f.abschluss::text IN ('FHR_S', 'MSA_Q', 'MSA') THEN 11
                    WHEN f.abschluss::text IN ('EESA', 'ESA', 'ESAA') THEN 22 ELSE 35 END AS ohne,
               CASE WHEN f.abschluss::text = 'ABITUR' THEN
                         (ARRAY['studium','studium','studium','studium','duales_studium','dual_betrieblich','dual_betrieblich','freiwilligendienst','freiwilligendienst','studium'])[h.b %% 10 + 1]
                    WHEN f.abschluss::text IN ('MSA_Q', 'FHR_S') THEN
                         (ARRAY['gymnasiale_oberstufe','gymnasiale_oberstufe','gymnasiale_oberstufe','dual_betrieblich','dual_betrieblich','berufliches_gymnasium','hoehere_berufsfachschule','fachoberschule','schulische_ausbildung','dual_betrieblich'])[h.b %% 10 + 1]
                    WHEN f.abschluss::text = 'MSA' THEN
                         (ARRAY['dual_betrieblich','dual_betrieblich','dual_betrieblich','dual_betrieblich','hoehere_berufsfachschule','schulische_ausbildung','berufsfachschule','beamtenausbildung','verbleib_schule','dual_betrieblich'])[h.b %% 10 + 1]
                    WHEN f.abschluss::text IN ('EESA', 'ESA', 'ESAA') THEN
                         (ARRAY['dual_betrieblich','dual_betrieblich','dual_betrieblich','berufsfachschule','berufsfachschule','ausbildungsvorbereitung','eq','verbleib_schule','dual_betrieblich','bvb'])[h.b %% 10 + 1]
                    ELSE (ARRAY['ausbildungsvorbereitung','ausbildungsvorbereitung','bvb','bvb','dual_ausserbetrieblich','jugendhilfe_massnahme','ausbildungsvorbereitung','sprachfoerderung','bvb','ausbildungsvorbereitung'])[h.b %% 10 + 1]
               END AS anschluss
          FROM kaoa.fall f
          JOIN kaoa.person p USING (kommune, person_id)
          CROSS JOIN LATERAL (SELECT abs(hashtext(p.pseudonym || 'identifikation')) %% 100 AS b) h
         WHERE f.schule_org = %s AND f.schuljahr = %s AND f.status = 'offen') x
 WHERE f.kommune = %L AND f.fall_id = x.fall_id$u$, :bk, s.org_id, :sj, :'kommune'),
       'RESET ROLE'
  FROM org s WHERE s.typ = 'schule' ORDER BY s.org_id
\o /dev/null
\gexec
\o
SELECT status, count(*) AS faelle FROM kaoa.fall WHERE kommune = :'kommune' AND schuljahr = :sj GROUP BY status ORDER BY status;

-- ---------------------------------------------------------------- 2. hand-offs
\if :de
\echo '== 2. Übergaben: ohne Einwilligung an die Agentur (SchülerDÜG § 1 Abs. 1), mit Einwilligung an das Jugendamt'
\else
\echo '== 2. hand-offs: without consent to the Agentur (SchülerDÜG § 1 Abs. 1), with consent to the Jugendamt'
\endif
-- A few young people with a Förderschul- or no qualification agreed that the Jugendamt helps: their
-- school records the consent and hands them on under it; the rest go to the Berufsberatung.
SELECT pg_catalog.format('SET ROLE %I', s.rolle),
       pg_catalog.format($c$
WITH kandidat AS (
    SELECT f.fall_id, f.person_id FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id)
     WHERE f.schule_org = %s AND f.status = 'ohne_anschluss' AND f.abschluss::text IN ('OA', 'FOEL', 'FOEG')
       AND abs(hashtext(p.pseudonym || 'jugendamt')) %% 3 = 0),
ew AS (
    INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck)
    SELECT %L, k.person_id,
           CASE WHEN p.geburtsmonat + interval '14 years 1 month' <= current_date THEN 'selbst' ELSE 'sorgeberechtigt' END,
           '{jugendamt}', '{nachname,vorname,geburtsdatum,anschrift,abschluss}',
           'Unterstützung beim Übergang Schule-Beruf durch die Jugendhilfe'
      FROM kandidat k JOIN kaoa.person p ON p.kommune = %L AND p.person_id = k.person_id
    RETURNING person_id, einwilligung_id)
SELECT kaoa.uebergeben(k.fall_id, %s, 'einwilligung', ew.einwilligung_id)
  FROM kandidat k JOIN ew USING (person_id)$c$, s.org_id, :'kommune', :'kommune', :ja),
       pg_catalog.format($h$
SELECT kaoa.uebergeben(f.fall_id, %s, 'schuldueg_1_1')
  FROM kaoa.fall f
 WHERE f.schule_org = %s AND f.status = 'ohne_anschluss'
   AND NOT EXISTS (SELECT 1 FROM kaoa.uebergabe u WHERE u.kommune = f.kommune AND u.fall_id = f.fall_id)$h$, :aa, s.org_id),
       'RESET ROLE'
  FROM org s WHERE s.typ = 'schule' ORDER BY s.org_id
\o /dev/null
\gexec
\o
SELECT count(*) FILTER (WHERE rechtsgrundlage = 'schuldueg_1_1') AS "an die Agentur (SchülerDÜG)",
       count(*) FILTER (WHERE rechtsgrundlage = 'einwilligung') AS "an das Jugendamt (Einwilligung)"
  FROM kaoa.uebergabe WHERE kommune = :'kommune';

-- ---------------------------------------------------------------- 3. answers
\if :de
\echo '== 3. die Agentur übernimmt (der Fall geht nach in_beratung) — acht Übergaben lässt sie unbeantwortet;'
\else
\echo '== 3. the Agentur accepts (the case moves to in_beratung) — eight offers it leaves unanswered;'
\endif
\if :de
\echo '   das Jugendamt übernimmt alle bis auf eine, die es mit Begründung ablehnt'
\else
\echo '   the Jugendamt accepts all but one, which it declines with a reason'
\endif
SELECT rolle AS aa_rolle FROM org WHERE typ = 'agentur' \gset
SELECT rolle AS ja_rolle FROM org WHERE typ = 'jugendamt' \gset
SELECT rolle AS koko_rolle FROM org WHERE typ = 'koko' \gset
SELECT rolle AS bk_rolle FROM org WHERE org_id = :bk \gset
SET ROLE :aa_rolle;
SELECT count(kaoa.uebernehmen(u.uebergabe_id)) AS "von der Agentur übernommen"
  FROM (SELECT u.uebergabe_id, row_number() OVER (ORDER BY u.uebergabe_id DESC) AS n
          FROM kaoa.uebergabe u WHERE u.an_org = :aa AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL) u
 WHERE u.n > 8;
RESET ROLE;
SET ROLE :ja_rolle;
SELECT kaoa.ablehnen(min(u.uebergabe_id), 'Hilfe läuft bereits über einen freien Träger; bitte an die Berufsberatung')
  FROM kaoa.uebergabe u WHERE u.an_org = :ja \g /dev/null
\if :de
\echo '   (eine Übergabe vom Jugendamt abgelehnt: die Schule bleibt zuständig und übergibt den Fall an die Agentur)'
\else
\echo '   (one hand-off declined by the Jugendamt: the school stays responsible and hands the case to the Agentur)'
\endif
SELECT count(kaoa.uebernehmen(u.uebergabe_id)) AS "vom Jugendamt übernommen"
  FROM kaoa.uebergabe u WHERE u.an_org = :ja AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL;
RESET ROLE;
-- the declined case stays with its school, which hands it to the Agentur instead
SELECT pg_catalog.format('SET ROLE %I', s.rolle),
       pg_catalog.format('SELECT kaoa.uebergeben(%s, %s, %L)', u.fall_id, :aa, 'schuldueg_1_1'), 'RESET ROLE'
  FROM kaoa.uebergabe u JOIN org s ON s.org_id = u.von_org
 WHERE u.an_org = :ja AND u.abgelehnt_am IS NOT NULL
\o /dev/null
\gexec
\o

-- ---------------------------------------------------------------- 4. counselling
\if :de
\echo '== 4. Beratung bei der Agentur: Vermittlungen, Kontaktversuche, ein Widerspruch'
\else
\echo '== 4. counselling at the Agentur: placements, contact attempts, an objection'
\endif
SET ROLE :aa_rolle;
-- three failed contact attempts on five cases, then nicht_erreichbar (the rule needs the three)
CREATE TEMP TABLE unerreichbar AS
SELECT f.fall_id FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id)
 WHERE f.zustaendig_org = :aa AND f.status = 'in_beratung'
 ORDER BY hashtext(p.pseudonym || 'kontakt') LIMIT 5;
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, zeit, kanal, erfolgreich)
SELECT :'kommune', u.fall_id, now() - (v.n || ' days')::interval, v.kanal, false
  FROM unerreichbar u CROSS JOIN (VALUES (9, 'telefon'), (6, 'brief'), (2, 'hausbesuch')) AS v(n, kanal);
UPDATE kaoa.fall SET status = 'nicht_erreichbar', grund = 'drei Kontaktversuche ohne Antwort'
 WHERE fall_id IN (SELECT fall_id FROM unerreichbar);
-- about half of the counselled find a place
UPDATE kaoa.fall f SET status = 'anschluss_gesichert',
       anschluss = CASE WHEN abs(hashtext(p.pseudonym)) % 4 = 0 THEN 'bvb' ELSE 'dual_betrieblich' END
  FROM kaoa.person p
 WHERE p.kommune = f.kommune AND p.person_id = f.person_id AND f.zustaendig_org = :aa
   AND f.status = 'in_beratung' AND abs(hashtext(p.pseudonym || 'platz')) % 2 = 0;
-- an objection under § 31a Abs. 2 SGB III: counselling goes on, the hand-off to the Kommune is refused
SELECT f.fall_id AS widerspruch_fall, f.person_id AS widerspruch_person
  FROM kaoa.fall f WHERE f.fall_id IN (SELECT fall_id FROM unerreichbar) ORDER BY f.fall_id LIMIT 1 \gset
SELECT kaoa.widerspruch_erheben(:widerspruch_person) \g /dev/null
\if :de
\echo '   Person' :widerspruch_person 'widerspricht der Übermittlung (kaoa.widerspruch_erheben)'
\else
\echo '   person' :widerspruch_person 'objects to the transfer (kaoa.widerspruch_erheben)'
\endif
\if :de
\echo '   die Agentur versucht nun, diesen Fall nach § 31a Abs. 2 SGB III an die KoKo zu übergeben:'
\else
\echo '   the Agentur now tries to hand that case to the KoKo under § 31a Abs. 2 SGB III:'
\endif
\set ON_ERROR_STOP off
SELECT kaoa.uebergeben(:widerspruch_fall, :koko, 'sgb3_31a_2');
\set ON_ERROR_STOP on
-- the other unreachable ones go to the KoKo, which takes them over (nicht_erreichbar → in_beratung)
SELECT count(kaoa.uebergeben(u.fall_id, :koko, 'sgb3_31a_2')) AS "an die KoKo (§ 31a Abs. 2 SGB III)"
  FROM unerreichbar u WHERE u.fall_id <> :widerspruch_fall;
RESET ROLE;
SET ROLE :koko_rolle;
SELECT count(kaoa.uebernehmen(u.uebergabe_id)) AS "von der KoKo übernommen"
  FROM kaoa.uebergabe u WHERE u.an_org = :koko AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL;
RESET ROLE;

-- ---------------------------------------------------------------- 5. Verbleib after the summer
\if :de
\echo '== 5. nach dem Sommer: das Berufskolleg meldet, wer angetreten ist — und einen, der nicht kam'
\else
\echo '== 5. after the summer: the Berufskolleg reports who started — and one who did not (a no-show)'
\endif
-- (the Berufskolleg does not see those cases: it reports on the ones it admitted, by number)
CREATE TEMP TABLE am_bk AS
SELECT f.fall_id, row_number() OVER (ORDER BY f.fall_id) AS n
  FROM kaoa.fall f WHERE f.aufnehmende_org = :bk AND f.status = 'anschluss_gesichert';
GRANT SELECT ON am_bk TO PUBLIC;
SET ROLE :bk_rolle;
SELECT kaoa.verbleib_melden(x.fall_id, x.n > 1) AS gemeldet, count(*) AS faelle FROM am_bk x GROUP BY 1 ORDER BY 1;
RESET ROLE;
-- the schools confirm the start of the others who secured an Anschluss (most of them)
SELECT pg_catalog.format('SET ROLE %I', s.rolle),
       pg_catalog.format($v$SELECT count(kaoa.verbleib_melden(f.fall_id, true)) FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id)
                          WHERE f.zustaendig_org = %s AND f.status = 'anschluss_gesichert' AND abs(hashtext(p.pseudonym || 'start')) %% 10 < 8$v$, s.org_id),
       'RESET ROLE'
  FROM org s WHERE s.typ = 'schule' ORDER BY s.org_id
\o /dev/null
\gexec
\o
SELECT status, count(*) AS faelle FROM kaoa.fall WHERE kommune = :'kommune' AND schuljahr = :sj GROUP BY status ORDER BY status;
