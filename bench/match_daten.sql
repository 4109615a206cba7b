-- bench/match_daten.sql — NRW-scale data for bench/bench_match.sh: the 53 Kreise and
-- kreisfreie Städte with approximate centroids and populations, clustered towns in each, 181,000
-- school leavers of 2025 with an open case and a profile, and 100,000 apprenticeship offers.
-- Deterministic (setseed).  Loaded by the superuser with the chain's rule triggers off
-- (session_replication_role = replica), as a restore would.
--
-- A part of NRW for the scale curve (issue 15): psql -v auswahl=05315,05362 keeps only those
-- Kommunen, with applicants and offers in proportion to their population (same density, same
-- towns); without it (or auswahl=alle), all 53.
\set ON_ERROR_STOP 1
\if :{?auswahl}
\else
\set auswahl alle
\endif
SET client_min_messages = warning;
SELECT setseed(0.2025) \gset
SET session_replication_role = replica;
CREATE SCHEMA bench;

-- Kreisschlüssel, name, centroid (approximate), population in thousands (approximate), city?
CREATE TABLE bench.kreis (kommune text PRIMARY KEY, name text, lat float8, lon float8, einw int, stadt boolean);
INSERT INTO bench.kreis VALUES
 ('05111','Düsseldorf',51.23,6.78,620,true), ('05112','Duisburg',51.43,6.76,500,true), ('05113','Essen',51.46,7.01,580,true),
 ('05114','Krefeld',51.33,6.56,227,true), ('05116','Mönchengladbach',51.19,6.44,260,true), ('05117','Mülheim an der Ruhr',51.43,6.88,170,true),
 ('05119','Oberhausen',51.47,6.85,210,true), ('05120','Remscheid',51.18,7.19,111,true), ('05122','Solingen',51.17,7.08,160,true),
 ('05124','Wuppertal',51.26,7.15,355,true), ('05154','Kreis Kleve',51.72,6.25,310,false), ('05158','Kreis Mettmann',51.25,6.97,485,false),
 ('05162','Rhein-Kreis Neuss',51.15,6.65,450,false), ('05166','Kreis Viersen',51.28,6.35,300,false), ('05170','Kreis Wesel',51.62,6.62,460,false),
 ('05314','Bonn',50.73,7.10,330,true), ('05315','Köln',50.94,6.96,1080,true), ('05316','Leverkusen',51.03,7.00,163,true),
 ('05334','Städteregion Aachen',50.77,6.12,555,false), ('05358','Kreis Düren',50.80,6.48,265,false), ('05362','Rhein-Erft-Kreis',50.90,6.70,470,false),
 ('05366','Kreis Euskirchen',50.59,6.70,195,false), ('05370','Kreis Heinsberg',51.05,6.12,255,false), ('05374','Oberbergischer Kreis',51.02,7.55,270,false),
 ('05378','Rheinisch-Bergischer Kreis',51.00,7.20,285,false), ('05382','Rhein-Sieg-Kreis',50.78,7.25,600,false), ('05512','Bottrop',51.52,6.93,117,true),
 ('05513','Gelsenkirchen',51.51,7.10,260,true), ('05515','Münster',51.96,7.63,315,true), ('05554','Kreis Borken',51.90,6.85,370,false),
 ('05558','Kreis Coesfeld',51.90,7.25,220,false), ('05562','Kreis Recklinghausen',51.63,7.20,615,false), ('05566','Kreis Steinfurt',52.20,7.45,450,false),
 ('05570','Kreis Warendorf',51.90,8.05,278,false), ('05711','Bielefeld',52.02,8.53,334,true), ('05754','Kreis Gütersloh',51.90,8.40,365,false),
 ('05758','Kreis Herford',52.12,8.65,250,false), ('05762','Kreis Höxter',51.70,9.30,140,false), ('05766','Kreis Lippe',51.95,8.90,348,false),
 ('05770','Kreis Minden-Lübbecke',52.30,8.75,310,false), ('05774','Kreis Paderborn',51.70,8.70,308,false), ('05911','Bochum',51.48,7.22,365,true),
 ('05913','Dortmund',51.51,7.47,587,true), ('05914','Hagen',51.36,7.47,188,true), ('05915','Hamm',51.68,7.82,179,true),
 ('05916','Herne',51.54,7.22,156,true), ('05954','Ennepe-Ruhr-Kreis',51.33,7.30,323,false), ('05958','Hochsauerlandkreis',51.30,8.30,260,false),
 ('05962','Märkischer Kreis',51.25,7.70,410,false), ('05966','Kreis Olpe',51.05,7.90,134,false), ('05970','Kreis Siegen-Wittgenstein',50.90,8.10,277,false),
 ('05974','Kreis Soest',51.55,8.15,302,false), ('05978','Kreis Unna',51.55,7.65,394,false);

-- the selected part, and its share of NRW's people (applicants and offers scale with it)
SELECT round(181000 * anteil)::int AS n_bewerber, round(100000 * anteil)::int AS n_angebote
  FROM (SELECT sum(einw) FILTER (WHERE :'auswahl' = 'alle' OR kommune = ANY (string_to_array(:'auswahl', ',')))::float8
               / sum(einw) AS anteil FROM bench.kreis) x \gset
DELETE FROM bench.kreis WHERE :'auswahl' <> 'alle' AND kommune <> ALL (string_to_array(:'auswahl', ','));

-- towns: a city has 3 centres close together, a Kreis 8 spread over its area; weights fall 1/n
CREATE TABLE bench.ort AS
SELECT k.kommune, o AS nr,
       k.lat + (random() - 0.5) * CASE WHEN k.stadt THEN 0.08 ELSE 0.45 END AS lat,
       k.lon + (random() - 0.5) * CASE WHEN k.stadt THEN 0.12 ELSE 0.65 END AS lon,
       k.einw::float8 / o / (SELECT sum(1.0 / g) FROM generate_series(1, CASE WHEN k.stadt THEN 3 ELSE 8 END) g)::float8 AS gewicht
  FROM bench.kreis k, generate_series(1, CASE WHEN k.stadt THEN 3 ELSE 8 END) o;
CREATE TABLE bench.ort_kum AS
SELECT kommune, nr, lat, lon, sum(gewicht) OVER (ORDER BY kommune, nr) - gewicht AS von, sum(gewicht) OVER (ORDER BY kommune, nr) AS bis
  FROM bench.ort;
CREATE INDEX ON bench.ort_kum (von);

-- frequent apprenticeship occupations (KldB 2010 Berufsgattungen, approximate) with weights; 15 %
-- of codes come from a long tail of other Berufsgattungen
CREATE TABLE bench.beruf (kldb text, gewicht float8);
INSERT INTO bench.beruf VALUES
 ('71402',10),('62102',9),('25212',7),('81102',6),('26212',5),('34212',5),('25102',4),('43412',4),('71302',4),('81112',3),
 ('51312',4),('61212',3),('72112',2),('82312',2),('29302',2),('22342',2),('24412',2),('26112',2),('73202',2),('63202',1),
 ('24232',1),('12112',1),('29212',1),('72302',1),('81302',3),('33302',1),('52202',1),('61312',1),('63302',1),('84112',1);
CREATE TABLE bench.beruf_kum AS
SELECT kldb, sum(gewicht) OVER (ORDER BY kldb) - gewicht AS von, sum(gewicht) OVER (ORDER BY kldb) AS bis FROM bench.beruf;
CREATE FUNCTION bench.zufallsberuf(r1 float8, r2 float8) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN r1 < 0.15
                THEN (1 + floor(r2 * 9))::int::text || lpad(floor(random() * 1000)::int::text, 3, '0') || '2'
                ELSE (SELECT kldb FROM bench.beruf_kum WHERE von <= r2 * (SELECT max(bis) FROM bench.beruf_kum) ORDER BY von DESC LIMIT 1)
           END $$;
CREATE FUNCTION bench.zufallsort(r float8) RETURNS bench.ort_kum LANGUAGE sql AS $$
    SELECT * FROM bench.ort_kum WHERE von <= r * (SELECT max(bis) FROM bench.ort_kum) ORDER BY von DESC LIMIT 1 $$;
CREATE FUNCTION bench.riasec() RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(l, '') FROM (SELECT l FROM unnest('{R,I,A,S,E,C}'::text[]) l ORDER BY random() LIMIT 1 + floor(random() * 3)::int) x $$;

-- Kommunen, one school and one KoKo each
INSERT INTO kaoa.kommune (kommune, name) SELECT kommune, name FROM bench.kreis;
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel)
SELECT kommune, 'schule'::kaoa.org_typ, 'Schule ' || name, 'S-' || kommune FROM bench.kreis
UNION ALL SELECT kommune, 'koko'::kaoa.org_typ, 'KoKo ' || name, 'K-' || kommune FROM bench.kreis;

-- 181,000 school leavers: home town by population, 2 km around it
CREATE TABLE bench.leute AS
SELECT i, o.kommune, o.lat + (random() - 0.5) * 0.04 AS lat, o.lon + (random() - 0.5) * 0.06 AS lon
  FROM generate_series(1, :n_bewerber) i, LATERAL bench.zufallsort(random() + 0 * i) o;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
SELECT kommune, 'B-' || lpad(i::text, 6, '0'), date '2009-01-01' + (i % 12) * interval '1 month' FROM bench.leute ORDER BY i;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, status, zustaendig_org, abschluss, abschluss_erwartet)
SELECT p.kommune, p.person_id, 2025, s.org_id, (ARRAY['ohne_anschluss', 'in_beratung', 'nicht_erreichbar'])[1 + (p.person_id % 3)]::kaoa.fall_status,
       s.org_id,
       (SELECT a FROM (VALUES ('OA', 0.03), ('ESA', 0.23), ('EESA', 0.28), ('MSA', 0.53), ('MSA_Q', 0.78), ('FHR', 0.88), ('ABITUR', 0.98), ('FOEG', 1.0)) v(a, c)
         WHERE v.c >= r ORDER BY v.c LIMIT 1)::kaoa.abschluss, false
  FROM (SELECT p.*, random() AS r FROM kaoa.person p) p
  JOIN kaoa.organisation s ON s.kommune = p.kommune AND s.typ = 'schule';
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, kompetenzen, lat, lon, max_km, verfuegbar_ab)
SELECT p.kommune, p.person_id,
       CASE WHEN random() < 0.05 THEN NULL
            ELSE (SELECT array_agg(bench.zufallsberuf(random(), random())::kaoa.kldb) FROM generate_series(1, 1 + floor(random() * 3)::int + 0 * p.person_id)) END,
       CASE WHEN random() < 0.9 THEN bench.riasec()::kaoa.riasec END,
       CASE WHEN random() < 0.6 THEN (SELECT string_agg(n || '=' || floor(random() * 6)::int, ',')
                                        FROM unnest('{motivation,zuverlaessigkeit,konzentration,sorgfalt,teamfaehigkeit,kommunikation,planung,feinmotorik}'::text[]) n
                                       WHERE random() < 0.7 + 0 * p.person_id)::kaoa.kompetenzen END,
       l.lat, l.lon, 20 + floor(random() * 61), CASE WHEN random() < 0.9 THEN date '2026-08-01' + floor(random() * random() * 90)::int END
  FROM kaoa.person p JOIN bench.leute l ON 'B-' || lpad(l.i::text, 6, '0') = p.pseudonym;

-- 100,000 offers: places by population (cities a little more), 1 or 2 seats
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, mindest_abschluss, mindest_hart, interessen, anforderungen, lat, lon, beginn, plaetze)
SELECT o.kommune, 'A-' || lpad(i::text, 6, '0'), bench.zufallsberuf(random(), random())::kaoa.kldb, 'Ausbildungsplatz ' || i,
       m.a::kaoa.abschluss, m.a IS NOT NULL AND random() < 0.3, bench.riasec()::kaoa.riasec,
       (SELECT string_agg(n || '=' || (2 + floor(random() * 3))::int, ',')
          FROM (SELECT n FROM unnest('{motivation,zuverlaessigkeit,konzentration,sorgfalt,teamfaehigkeit,kommunikation,planung,feinmotorik}'::text[]) n
                 ORDER BY random() + 0 * i LIMIT 2 + floor(random() * 3)::int) x)::kaoa.kompetenzen,
       o.lat + (random() - 0.5) * 0.03, o.lon + (random() - 0.5) * 0.045,
       CASE WHEN random() < 0.7 THEN date '2026-08-01' WHEN random() < 0.8 THEN date '2026-09-01' ELSE date '2026-10-01' END,
       CASE WHEN random() < 0.8 THEN 1 ELSE 2 END
  FROM generate_series(1, :n_angebote) i,
       LATERAL bench.zufallsort(random() + 0 * i) o,
       LATERAL (SELECT (ARRAY[NULL, NULL, NULL, NULL, 'ESA', 'ESA', 'MSA', 'MSA', 'MSA', 'ABITUR'])[1 + floor(random() * 10)::int + 0 * i] AS a) m;
RESET session_replication_role;
ANALYZE;
SELECT (SELECT count(*) FROM kaoa.bewerberprofil) AS profile, (SELECT count(*) FROM kaoa.angebot) AS angebote,
       (SELECT sum(plaetze) FROM kaoa.angebot) AS plaetze, (SELECT count(*) FROM kaoa.kommune) AS kommunen;
