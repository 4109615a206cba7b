-- pgTAP: the fast searches against scoring every pair, at SQL level and as the roles that call them
-- (docs/matching.md).  From a fixed seed this builds an adversarial world of about 3,000 young
-- people and 3,300 offers in four Kommunen with different weights (defaults; beruf 0; weg 0 at
-- 1e299 scale; beruf only, 1e-300), then compares, for a few hundred young people and offers and k = 1, 3, 10, 50, 1000:
--   kaoa.top_angebote(person, k)  with  every offer ordered by kaoa.passung desc, angebot_id
--   kaoa.top_bewerber(angebot, k) with  every young person the role sees, by passung desc, person_id
-- row by row (position, id and the exact score), as the system, the KoKo of Köln, a school, the
-- Agentur (Berufsberatung, holding some of the school's cases) and the KoKo of Düsseldorf; then
-- kaoa.passung against kaoa.passung_erklaert (score, reason, the components re-added, the distance
-- exclusion against a haversine written in SQL), and kaoa.zuteilung_berechnen with 1 and 2
-- threads against kaoa.stabile_zuteilung over candidates found by scoring every pair.
-- Adversarial: 300 identical young people and 300 identical offers at one point (ids decide), no
-- location, no wishes, empty wishes, up to 10 wishes with repeated codes and prefixes, short KldB
-- codes (1-4 digits) on both sides, no interests / competences, max_km 0, 5, 5.0000001, 20100,
-- offers at exactly max_km from a young person and 1 m inside and outside (due north or south and
-- due east along the parallel), at the poles, at lon ±180 and across the date line, hard minimum
-- qualifications (also against an unknown or unranked qualification), availability exactly 60 and
-- 61 days after the start, consents revoked an hour ago and revoked for tomorrow.
-- (An offer without kldb cannot exist: angebot.kldb is NOT NULL; the 1-digit codes are the
-- coarsest offers there are.)  Every comparison can fail: a negative control perturbs the results
-- and a brute force with the ties reversed, and asserts the harness sees it.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(71);
SELECT setseed(0.20261207);

-- ---- the world ------------------------------------------------------------------------------------
-- Köln (05315) keeps the default weights; Düsseldorf counts no occupation, Essen no distance (the
-- default weights times 1e299: their sum is near the largest double), Duisburg only the occupation
-- (with a weight of 1e-300: whole cities of equal scores).
INSERT INTO kaoa.kommune (kommune, name) VALUES ('05113', 'Essen'), ('05112', 'Duisburg');
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05113', 'schule', 'Schule Essen', 'ES', 'GE'), ('05112', 'schule', 'Schule Duisburg', 'DU', 'GE');
SELECT max(org_id) FILTER (WHERE schluessel = 'ES') AS es, max(org_id) FILTER (WHERE schluessel = 'DU') AS du
  FROM kaoa.organisation \gset
INSERT INTO kaoa.gewichtung (kommune, beruf, interessen, weg, abschluss, beginn, kompetenzen) VALUES
    ('05111', 0, 15, 20, 15, 5, 10), ('05113', 35e299, 15e299, 0, 15e299, 5e299, 10e299),
    ('05112', 1e-300, 0, 0, 0, 0, 0);

-- Points at a given distance: due north (on over the pole) along a meridian, where the
-- haversine distance is R·Δφ, and due east along the parallel, where it is 2R·asin(cos φ·sin(Δλ/2));
-- longitudes wrapped into [-180, 180] (so offers lie across the date line).
CREATE FUNCTION pg_temp.nord(lat float8, lon float8, km float8) RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t <= 90 THEN ARRAY[t, lon]
                ELSE ARRAY[180 - t, CASE WHEN lon > 0 THEN lon - 180 ELSE lon + 180 END] END
      FROM (SELECT lat + degrees(km / 6371.0088) AS t) x $$;
CREATE FUNCTION pg_temp.ost(lat float8, lon float8, km float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN x > 180 THEN x - 360 ELSE x END
      FROM (SELECT lon + degrees(2 * asin(sin(km / (2 * 6371.0088)) / cos(radians(lat)))) AS x) y $$;
-- The haversine distance of docs/matching.md, written in SQL (independent of the C code).
CREATE FUNCTION pg_temp.km(lat1 float8, lon1 float8, lat2 float8, lon2 float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT 2 * 6371.0088 * asin(least(1, sqrt(sin(radians(lat2 - lat1) / 2) ^ 2
                                             + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ^ 2))) $$;

CREATE TEMP TABLE codes AS
SELECT '{26312,26313,2631,263,26,2,26311,26322,71402,7140,714,71,7,71403,51312,5131,513,52,52202,8,81,81302,62102,6210,621,62,93412,9341}'::text[] AS c;
CREATE FUNCTION pg_temp.code() RETURNS text LANGUAGE sql VOLATILE AS
    $$ SELECT c[1 + floor(random() * cardinality(c))::int] FROM codes $$;
CREATE FUNCTION pg_temp.wahl(a text[]) RETURNS text LANGUAGE sql VOLATILE AS
    $$ SELECT a[1 + floor(random() * cardinality(a))::int] $$;
-- a place: 8 % unknown, 6 % at the poles / the date line, else on a 0.01° grid around one of the
-- four cities (many equal coordinates)
CREATE FUNCTION pg_temp.ort() RETURNS float8[] LANGUAGE plpgsql VOLATILE AS $$
DECLARE r float8 := random(); z int;
BEGIN
    IF r < 0.08 THEN RETURN ARRAY[NULL, NULL]::float8[]; END IF;
    IF r < 0.14 THEN
        z := 1 + floor(random() * 10)::int;
        RETURN ARRAY[(ARRAY[90, -90, 89.99, 0, 0, 0.0001, -0.0001, 65.5, 65.5, -89.9995])[z],
                     (ARRAY[0, 0, 45, 180, -180, 179.9999, -179.9999, 179.95, -179.95, 180])[z]];
    END IF;
    z := floor(random() * 4)::int;
    RETURN ARRAY[(ARRAY[50.94, 51.23, 51.46, 51.43])[1 + z] + round((random() * 0.3 - 0.15)::numeric, 2),
                 (ARRAY[6.96, 6.77, 7.01, 6.76])[1 + z] + round((random() * 0.4 - 0.2)::numeric, 2)];
END $$;

-- Young people.  300 identical ones at the Dom (half at S1, half at S2); 2,300 others in Köln, 200
-- in each other Kommune; 15 % of the Köln cases are held by the Agentur.
SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE g_person AS
SELECT i, CASE WHEN i <= 2600 THEN '05315' ELSE (ARRAY['05111', '05113', '05112'])[1 + (i - 2601) / 200] END AS kommune,
       i <= 300 AS gleich
  FROM generate_series(1, 3200) i;
INSERT INTO kaoa.person (kommune, pseudonym) SELECT kommune, 'V-' || i FROM g_person ORDER BY i;
ALTER TABLE g_person ADD COLUMN person_id bigint;
UPDATE g_person g SET person_id = p.person_id FROM kaoa.person p WHERE p.pseudonym = 'V-' || g.i;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, status, zustaendig_org, abschluss)
SELECT g.kommune, g.person_id, 2025, s.schule,
       CASE WHEN g.gleich THEN 'ohne_anschluss'
            ELSE pg_temp.wahl('{ohne_anschluss,ohne_anschluss,ohne_anschluss,ohne_anschluss,ohne_anschluss,ohne_anschluss,in_beratung,nicht_erreichbar,offen}') END::kaoa.fall_status,
       CASE WHEN g.kommune = '05315' AND NOT g.gleich AND random() < 0.15 THEN :aa ELSE s.schule END,
       CASE WHEN g.gleich THEN 'MSA' ELSE nullif(pg_temp.wahl('{MSA,MSA,ESA,EESA,MSA_Q,FHR,ABITUR,FOEG,-}'), '-') END::kaoa.abschluss
  FROM g_person g
  CROSS JOIN LATERAL (SELECT CASE g.kommune WHEN '05315' THEN (CASE WHEN g.i % 2 = 0 THEN :s1 ELSE :s2 END)
                                            WHEN '05111' THEN :ds WHEN '05113' THEN :es ELSE :du END AS schule) s
 ORDER BY g.i;
CREATE TEMP TABLE g_profil AS
SELECT g.person_id, g.kommune, g.i,
       CASE WHEN g.gleich THEN '{26312}'
            WHEN r1 < 0.10 THEN NULL WHEN r1 < 0.15 THEN '{}'
            ELSE ARRAY(SELECT pg_temp.code() FROM generate_series(1, 1 + floor(random() ^ 2 * 10)::int + 0 * g.i)) END AS wuensche,
       CASE WHEN g.gleich THEN 'R' WHEN random() < 0.15 THEN NULL
            ELSE pg_temp.wahl('{R,RI,SEC,C,R=0,I,"A=50,S=50","R=40,I=10,A=0,S=80,E=20,C=5",ES}') END AS interessen,
       CASE WHEN g.gleich THEN 'sorgfalt=3' WHEN random() < 0.15 THEN NULL
            ELSE pg_temp.wahl('{sorgfalt=3,"sorgfalt=5, planung=1","",teamfaehigkeit=4,"motivation=2,zuverlaessigkeit=3,sorgfalt=1"}') END AS kompetenzen,
       CASE WHEN g.gleich THEN ARRAY[50.9413, 6.9583]::float8[] ELSE pg_temp.ort() END AS ort,
       CASE WHEN g.gleich THEN 50 ELSE pg_temp.wahl('{0,5,5.0000001,20100,10,20,30,50,50,80}')::float8 END AS max_km,
       CASE WHEN g.gleich OR random() < 0.4 THEN NULL
            ELSE date '2026-08-01' + pg_temp.wahl('{-30,0,10,31,32,59,60,61,62,120}')::int END AS verfuegbar_ab,
       CASE WHEN g.gleich THEN 'keine' ELSE pg_temp.wahl('{keine,keine,keine,keine,keine,keine,keine,keine,keine,keine,keine,keine,keine,keine,keine,keine,gueltig,widerrufen,spaeter,keinprofil}') END AS einwilligung
  FROM g_person g CROSS JOIN LATERAL (SELECT random() AS r1 OFFSET 0 * g.i) r
 ORDER BY g.i;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab, widerrufen_am)
SELECT kommune, person_id, 'sorgeberechtigt', '{schule,agentur}', 'Berufsorientierung', current_date - 10,
       CASE einwilligung WHEN 'widerrufen' THEN now() - interval '1 hour' WHEN 'spaeter' THEN now() + interval '1 day' END
  FROM g_profil WHERE einwilligung IN ('gueltig', 'widerrufen', 'spaeter') ORDER BY i;
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, kompetenzen, lat, lon, max_km, verfuegbar_ab, einwilligung_id)
SELECT g.kommune, g.person_id, g.wuensche::kaoa.kldb[], g.interessen::kaoa.riasec, g.kompetenzen::kaoa.kompetenzen,
       g.ort[1], g.ort[2], g.max_km, g.verfuegbar_ab, e.einwilligung_id
  FROM g_profil g LEFT JOIN kaoa.einwilligung e ON e.kommune = g.kommune AND e.person_id = g.person_id
 WHERE g.einwilligung <> 'keinprofil' ORDER BY g.i;

-- Probes: young people at awkward places with awkward max_km, and for each offers at exactly
-- max_km, 1 m inside and 1 m outside, along the meridian and along the parallel.
CREATE TEMP TABLE g_sonde AS
SELECT row_number() OVER (ORDER BY o.n, m.n) AS n, o.lat, o.lon, m.max_km,
       (ARRAY['05315', '05111', '05113', '05112'])[1 + ((o.n + m.n) % 4)::int] AS kommune
  FROM (VALUES (1, 50.9413, 6.9583), (2, 89.99, 0), (3, -89.9999, 123), (4, 0, 179.9995), (5, 12.5, -179.9999),
               (6, -33.9, 180), (7, 0, -180), (8, 60, 179.99)) o(n, lat, lon)
 CROSS JOIN (VALUES (1, 0::float8), (2, 5), (3, 5.0000001), (4, 12.345), (5, 50), (6, 20100)) m(n, max_km);
INSERT INTO kaoa.person (kommune, pseudonym) SELECT kommune, 'VS-' || n FROM g_sonde ORDER BY n;
ALTER TABLE g_sonde ADD COLUMN person_id bigint;
UPDATE g_sonde g SET person_id = p.person_id FROM kaoa.person p WHERE p.pseudonym = 'VS-' || g.n;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, status, zustaendig_org, abschluss)
SELECT g.kommune, g.person_id, 2025, s.schule, 'ohne_anschluss', s.schule, 'MSA'
  FROM g_sonde g CROSS JOIN LATERAL (SELECT CASE g.kommune WHEN '05315' THEN :s1 WHEN '05111' THEN :ds
                                                           WHEN '05113' THEN :es ELSE :du END AS schule) s ORDER BY g.n;
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, lat, lon, max_km)
SELECT kommune, person_id, '{93412,2}', 'R', lat, lon, max_km FROM g_sonde ORDER BY n;
RESET session_replication_role;

-- Offers: 300 identical ones at the Dom, 2,600 others, and the probes' offers.
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, mindest_abschluss, interessen, anforderungen, lat, lon, beginn, plaetze)
SELECT '05315', 'G-' || i, '26312', 'Gleich', 'MSA', 'R', 'sorgfalt=3', 50.9413, 6.9583, '2026-08-01', 1
  FROM generate_series(1, 300) i;
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, mindest_abschluss, mindest_hart, interessen, anforderungen, lat, lon, beginn, plaetze)
SELECT kommune, 'Z-' || i, pg_temp.code()::kaoa.kldb, 'Zufall', m::kaoa.abschluss, m IS NOT NULL AND random() < 0.4,
       (CASE WHEN random() < 0.15 THEN NULL ELSE pg_temp.wahl('{R,RI,SEC,C,R=0,I,"A=50,S=50",ES,E}') END)::kaoa.riasec,
       (CASE WHEN random() < 0.2 THEN NULL ELSE pg_temp.wahl('{sorgfalt=3,"sorgfalt=4, teamfaehigkeit=2","",planung=2,"motivation=5,grobmotorik=1"}') END)::kaoa.kompetenzen,
       ort[1], ort[2],
       CASE WHEN random() < 0.1 THEN NULL ELSE date '2026-08-01' + pg_temp.wahl('{-61,-60,-59,0,0,0,30,90}')::int END,
       pg_temp.wahl('{0,1,1,1,2,3}')::int
  FROM (SELECT i, pg_temp.wahl('{05315,05315,05315,05111,05113,05112}') AS kommune,
               CASE WHEN random() < 0.6 THEN NULL ELSE pg_temp.wahl('{ESA,MSA,MSA_Q,FHR,ABITUR,FOEG}') END AS m,
               pg_temp.ort() AS ort
          FROM generate_series(1, 2600) i) z ORDER BY i;
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, lat, lon, beginn, plaetze)
SELECT '05315', 'S-' || s.n || '-' || r || '-' || d.n, (CASE WHEN d.n % 2 = 0 THEN '93412' ELSE '9341' END)::kaoa.kldb, 'Sonde',
       CASE r WHEN 'nord' THEN (pg_temp.nord(s.lat, s.lon, d.km))[1] ELSE s.lat END,
       CASE r WHEN 'nord' THEN (pg_temp.nord(s.lat, s.lon, d.km))[2] ELSE pg_temp.ost(s.lat, s.lon, d.km) END, '2026-08-01', 1
  FROM g_sonde s
 CROSS JOIN LATERAL (VALUES (1, s.max_km), (2, s.max_km - 0.001), (3, s.max_km + 0.001), (4, s.max_km * (1 - 1e-15)),
                            (5, CASE WHEN s.max_km > 20000 THEN 20015 END), (6, CASE WHEN s.max_km > 20000 THEN 10000 END)) d(n, km)
 CROSS JOIN (VALUES ('nord'), ('ost')) w(r)
 WHERE d.km >= 0 AND d.km <= 20015
   AND (r = 'nord' OR sin(d.km / (2 * 6371.0088)) < cos(radians(s.lat)))
 ORDER BY s.n, r, d.n;

SELECT cmp_ok((SELECT count(*) FROM kaoa.bewerberprofil), '>=', 3000::bigint, 'the world: at least 3000 profiles');
SELECT cmp_ok((SELECT count(*) FROM kaoa.angebot), '>=', 3100::bigint, 'and at least 3100 offers');

-- ---- the samples: who and what is asked ---------------------------------------------------------
-- Every probe and its offers; 40 of the identical young people, 25 of the identical offers; three
-- of every awkward kind below (drawn by the seed); 150 other young people and 100 other offers.
CREATE TEMP TABLE kat_person AS
SELECT g.person_id, k.kat
  FROM g_profil g JOIN kaoa.fall f USING (person_id)
 CROSS JOIN LATERAL (VALUES
    ('Einwilligung widerrufen', g.einwilligung = 'widerrufen'), ('Einwilligung morgen widerrufen', g.einwilligung = 'spaeter'),
    ('Einwilligung gültig', g.einwilligung = 'gueltig'), ('kein Profil', g.einwilligung = 'keinprofil'),
    ('Wünsche NULL', g.wuensche IS NULL), ('Wünsche leer', cardinality(g.wuensche) = 0),
    ('mehr als 3 Wünsche', cardinality(g.wuensche) > 3), ('10 Wünsche', cardinality(g.wuensche) = 10),
    ('ohne Ort', g.ort[1] IS NULL), ('Pol', abs(g.ort[1]) >= 89.99), ('Datumsgrenze', abs(g.ort[2]) >= 179.9),
    ('max_km 0', g.max_km = 0), ('max_km 5', g.max_km = 5), ('max_km 5.0000001', g.max_km = 5.0000001),
    ('max_km 20100', g.max_km = 20100), ('verfügbar +60', g.verfuegbar_ab = '2026-09-30'),
    ('verfügbar +61', g.verfuegbar_ab = '2026-10-01'), ('ohne Interessen', g.interessen IS NULL),
    ('ohne Kompetenzen', g.kompetenzen IS NULL), ('Abschluss unbekannt', f.abschluss IS NULL),
    ('Abschluss ohne Rang', f.abschluss = 'FOEG'), ('Düsseldorf', g.kommune = '05111'), ('Essen', g.kommune = '05113'),
    ('Duisburg', g.kommune = '05112'), ('bei der Agentur', f.zustaendig_org = :aa)) k(kat, trifft)
 WHERE k.trifft AND g.i > 300;
CREATE TEMP TABLE kat_angebot AS
SELECT a.angebot_id, k.kat
  FROM kaoa.angebot a
 CROSS JOIN LATERAL (VALUES
    ('KldB 1 Stelle', kaoa.kldb_ebene(a.kldb) = 1), ('KldB 2 Stellen', kaoa.kldb_ebene(a.kldb) = 2),
    ('KldB 4 Stellen', kaoa.kldb_ebene(a.kldb) = 4), ('ohne Ort', a.lat IS NULL), ('Pol', abs(a.lat) >= 89.99),
    ('Datumsgrenze', abs(a.lon) >= 179.9), ('Minimum hart', a.mindest_hart), ('Minimum FOEG', a.mindest_abschluss = 'FOEG'),
    ('Beginn -60', a.beginn = '2026-06-02'), ('Beginn -61', a.beginn = '2026-06-01'), ('ohne Beginn', a.beginn IS NULL),
    ('ohne Plätze', a.plaetze = 0), ('ohne Anforderungen', a.anforderungen IS NULL), ('ohne Interessen', a.interessen IS NULL),
    ('Düsseldorf', a.kommune = '05111'), ('Essen', a.kommune = '05113'), ('Duisburg', a.kommune = '05112')) k(kat, trifft)
 WHERE k.trifft AND a.titel = 'Zufall';
CREATE TEMP TABLE s_pers AS
SELECT person_id FROM g_sonde
UNION SELECT person_id FROM (SELECT person_id FROM g_person WHERE gleich ORDER BY random() LIMIT 40) a
UNION SELECT person_id FROM (SELECT person_id, row_number() OVER (PARTITION BY kat ORDER BY random()) AS n FROM kat_person) k WHERE n <= 3
UNION SELECT person_id FROM (SELECT person_id FROM g_person WHERE NOT gleich ORDER BY random() LIMIT 150) b;
CREATE TEMP TABLE s_ang AS
SELECT angebot_id FROM kaoa.angebot WHERE titel = 'Sonde'
UNION SELECT angebot_id FROM (SELECT angebot_id FROM kaoa.angebot WHERE titel = 'Gleich' ORDER BY random() LIMIT 25) a
UNION SELECT angebot_id FROM (SELECT angebot_id, row_number() OVER (PARTITION BY kat ORDER BY random()) AS n FROM kat_angebot) k WHERE n <= 3
UNION SELECT angebot_id FROM (SELECT angebot_id FROM kaoa.angebot WHERE titel = 'Zufall' ORDER BY random() LIMIT 100) b;
SELECT is((SELECT count(DISTINCT kat) FROM kat_person JOIN s_pers USING (person_id)), 25::bigint,
          format('the young people asked include every awkward kind (%s young people)', (SELECT count(*) FROM s_pers)));
SELECT is((SELECT count(DISTINCT kat) FROM kat_angebot JOIN s_ang USING (angebot_id)), 17::bigint,
          format('the offers asked include every awkward kind (%s offers)', (SELECT count(*) FROM s_ang)));
CREATE TEMP TABLE ks (k int);
INSERT INTO ks VALUES (1), (3), (10), (50), (1000);
-- what the searches returned (erg: per role, function, id and k the ids in order and their scores)
-- and what scoring every pair gives (bf: the first 1000 by score desc, id)
CREATE TEMP TABLE erg (rolle text, fn text, id bigint, k int, ids bigint[], ps float8[]);
CREATE TEMP TABLE bf (rolle text, fn text, id bigint, ids bigint[], ps float8[]);
GRANT SELECT ON s_pers, s_ang, ks TO t_system, t_ko, t_s1, t_aa, t_dko;
GRANT INSERT ON erg, bf TO t_system, t_ko, t_s1, t_aa, t_dko;

-- run as the current role: both searches for the sample it may see, and brute force over what it
-- sees (kaoa.person under its row-level security)
CREATE FUNCTION pg_temp.sammeln() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pg_temp.erg
    SELECT current_user, 'top_angebote', p.person_id, ks.k, coalesce(t.ids, '{}'), coalesce(t.ps, '{}')
      FROM (SELECT person_id FROM pg_temp.s_pers JOIN kaoa.person USING (person_id) OFFSET 0) p CROSS JOIN pg_temp.ks
     CROSS JOIN LATERAL (SELECT array_agg(angebot_id ORDER BY o) AS ids, array_agg(passung ORDER BY o) AS ps
                           FROM kaoa.top_angebote(p.person_id, ks.k) WITH ORDINALITY t(angebot_id, passung, o)) t;
    INSERT INTO pg_temp.bf
    SELECT current_user, 'top_angebote', p.person_id, coalesce(x.ids[1:1000], '{}'), coalesce(x.ps[1:1000], '{}')
      FROM (SELECT person_id FROM pg_temp.s_pers JOIN kaoa.person USING (person_id) OFFSET 0) p
     CROSS JOIN LATERAL (SELECT array_agg(angebot_id ORDER BY s DESC NULLS LAST, angebot_id) AS ids,
                                array_agg(s ORDER BY s DESC NULLS LAST, angebot_id) AS ps
                           FROM (SELECT a.angebot_id, kaoa.passung(p.person_id, a.angebot_id) AS s FROM kaoa.angebot a OFFSET 0) y
                          WHERE s IS NOT NULL) x;
    INSERT INTO pg_temp.erg
    SELECT current_user, 'top_bewerber', a.angebot_id, ks.k, coalesce(t.ids, '{}'), coalesce(t.ps, '{}')
      FROM pg_temp.s_ang a CROSS JOIN pg_temp.ks
     CROSS JOIN LATERAL (SELECT array_agg(person_id ORDER BY o) AS ids, array_agg(passung ORDER BY o) AS ps
                           FROM kaoa.top_bewerber(a.angebot_id, ks.k) WITH ORDINALITY t(person_id, passung, o)) t;
    INSERT INTO pg_temp.bf
    WITH sicht AS MATERIALIZED (SELECT person_id FROM kaoa.person)  -- row-level security asked once per person
    SELECT current_user, 'top_bewerber', a.angebot_id, coalesce(x.ids[1:1000], '{}'), coalesce(x.ps[1:1000], '{}')
      FROM pg_temp.s_ang a
     CROSS JOIN LATERAL (SELECT array_agg(person_id ORDER BY s DESC NULLS LAST, person_id) AS ids,
                                array_agg(s ORDER BY s DESC NULLS LAST, person_id) AS ps
                           FROM (SELECT p.person_id, kaoa.passung(p.person_id, a.angebot_id) AS s FROM sicht p OFFSET 0) y
                          WHERE s IS NOT NULL) x;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.sammeln() TO t_system, t_ko, t_s1, t_aa, t_dko;

SET LOCAL ROLE t_system; SELECT pg_temp.sammeln(); RESET ROLE;
SET LOCAL ROLE t_ko;     SELECT pg_temp.sammeln(); RESET ROLE;
SET LOCAL ROLE t_s1;     SELECT pg_temp.sammeln(); RESET ROLE;
SET LOCAL ROLE t_aa;     SELECT pg_temp.sammeln(); RESET ROLE;
SET LOCAL ROLE t_dko;    SELECT pg_temp.sammeln(); RESET ROLE;

-- the differences between search and brute force for one role: per function, id and k, the lists
-- differ in an id, a position, a score or their length
CREATE FUNCTION pg_temp.abweichungen(r text)
RETURNS TABLE (fn text, k int, id bigint, suche text, brute text) LANGUAGE sql AS $$
    SELECT e.fn, e.k, e.id, ROW(e.ids, e.ps)::text, ROW(b.ids[1:e.k], b.ps[1:e.k])::text
      FROM pg_temp.erg e LEFT JOIN pg_temp.bf b ON b.rolle = e.rolle AND b.fn = e.fn AND b.id = e.id
     WHERE e.rolle = r AND (b.id IS NULL OR e.ids IS DISTINCT FROM b.ids[1:e.k] OR e.ps IS DISTINCT FROM b.ps[1:e.k])
    UNION ALL  -- an id brute force ranks that the search was not asked for
    SELECT b.fn, ks.k, b.id, NULL, ROW(b.ids[1:ks.k], b.ps[1:ks.k])::text
      FROM pg_temp.bf b CROSS JOIN pg_temp.ks
     WHERE b.rolle = r AND NOT EXISTS (SELECT FROM pg_temp.erg e WHERE e.rolle = r AND e.fn = b.fn AND e.id = b.id AND e.k = ks.k) $$;
CREATE TEMP TABLE abw AS SELECT r AS rolle, a.* FROM unnest('{t_system,t_ko,t_s1,t_aa,t_dko}'::text[]) r, pg_temp.abweichungen(r) a;
CREATE TEMP TABLE verglichen AS
SELECT rolle, fn, k, sum(cardinality(ids)) AS zeilen, count(*) AS anzahl FROM erg GROUP BY 1, 2, 3;

-- the comparisons: one per role, function and k, with the first differences as diagnostics
SELECT is((SELECT count(*) FROM abw WHERE abw.rolle = r AND abw.fn = f AND abw.k = ks.k), 0::bigint,
          format('%s as %s, k = %s: search = brute force (%s rows for %s %s)', f, r, ks.k,
                 coalesce(v.zeilen, 0), coalesce(v.anzahl, 0), CASE f WHEN 'top_angebote' THEN 'young people' ELSE 'offers' END))
  FROM unnest('{t_system,t_ko,t_s1,t_aa,t_dko}'::text[]) r CROSS JOIN unnest('{top_angebote,top_bewerber}'::text[]) f
 CROSS JOIN ks LEFT JOIN verglichen v ON v.rolle = r AND v.fn = f AND v.k = ks.k
 ORDER BY r, f, ks.k;
SELECT diag(format('%s %s k=%s id=%s: search %s, brute force %s', rolle, fn, k, id, left(suche, 400), left(brute, 400)))
  FROM (SELECT *, row_number() OVER (PARTITION BY rolle, fn, k ORDER BY id) AS n FROM abw) a WHERE n <= 2
 ORDER BY rolle, fn, k, id;

-- ---- the harness is live: it sees a wrong score, a wrong id and a wrong tie order ---------------
-- in t_dko's results one score of a top-10 list raised by 1e-9 points and one id of a top-50 list
-- changed: each is found, and nothing else
UPDATE erg SET ps[1] = ps[1] + 1e-9
 WHERE (rolle, fn, k, id) = (SELECT rolle, fn, k, id FROM erg WHERE rolle = 't_dko' AND fn = 'top_bewerber' AND k = 10
                              AND cardinality(ids) > 0 ORDER BY id LIMIT 1);
UPDATE erg SET ids[cardinality(ids)] = ids[cardinality(ids)] + 1
 WHERE (rolle, fn, k, id) = (SELECT rolle, fn, k, id FROM erg WHERE rolle = 't_dko' AND fn = 'top_angebote' AND k = 50
                              AND cardinality(ids) > 0 ORDER BY id DESC LIMIT 1);
SELECT results_eq($$SELECT fn, k FROM pg_temp.abweichungen('t_dko') ORDER BY fn$$,
                  $$VALUES ('top_angebote', 50), ('top_bewerber', 10)$$,
                  'negative control: a score off by 1e-9 and a wrong id are each found by the comparison');
-- 300 young people tie for an identical offer; the search breaks the tie by person_id ascending,
-- a brute force breaking it the other way round differs
SELECT min(angebot_id) AS gleich FROM s_ang JOIN kaoa.angebot USING (angebot_id) WHERE titel = 'Gleich' \gset
SELECT cmp_ok((SELECT count(*) FROM kaoa.bewerberprofil b WHERE kaoa.passung(b.person_id, :gleich)
                    = (SELECT kaoa.passung(person_id, :gleich) FROM g_person WHERE i = 1)), '>=', 250::bigint,
              'more than 250 young people tie for an identical offer');
SELECT isnt((SELECT array_agg(person_id ORDER BY o) FROM kaoa.top_bewerber(:gleich, 10) WITH ORDINALITY t(person_id, passung, o)),
            (SELECT array_agg(person_id ORDER BY s DESC, person_id DESC)
               FROM (SELECT person_id, kaoa.passung(person_id, :gleich) AS s FROM kaoa.person
                      ORDER BY 2 DESC NULLS LAST, 1 DESC LIMIT 10) x),
            'negative control: a brute force breaking ties by person_id descending gives another top 10');

-- ---- kaoa.passung = kaoa.passung_erklaert, and the exclusions against SQL -----------------------
-- every probe, one young person of every awkward kind and 20 others against every offer
CREATE TEMP TABLE pe AS
SELECT p.person_id, a.angebot_id, kaoa.passung(p.person_id, a.angebot_id) AS s, kaoa.passung_erklaert(p.person_id, a.angebot_id) AS e
  FROM (SELECT person_id FROM g_sonde
        UNION SELECT person_id FROM (SELECT person_id, row_number() OVER (PARTITION BY kat ORDER BY random()) AS n FROM kat_person) k WHERE n <= 1
        UNION SELECT person_id FROM (SELECT person_id FROM s_pers ORDER BY random() LIMIT 20) x) p
 CROSS JOIN kaoa.angebot a;
SELECT is((SELECT count(*) FROM pe WHERE (s IS NULL) <> (e -> 'passung' = 'null'::jsonb)
                                      OR (s IS NULL) <> (e ->> 'ausschluss' IS NOT NULL)), 0::bigint,
          format('passung is NULL exactly when passung_erklaert excludes (%s pairs, %s excluded)',
                 (SELECT count(*) FROM pe), (SELECT count(*) FROM pe WHERE s IS NULL)));
SELECT is((SELECT count(*) FROM pe WHERE abs(s - (e ->> 'passung')::float8) > 1e-9 * greatest(1, abs(s))), 0::bigint,
          'passung_erklaert gives the score of passung');
SELECT is((SELECT count(*) FROM pe
            WHERE abs(s - (SELECT 100 * sum((v ->> 'wert')::float8 * (v ->> 'gewicht')::float8) / sum((v ->> 'gewicht')::float8)
                             FROM jsonb_each(e -> 'komponenten') c(n, v))) > 1e-9), 0::bigint,
          'and its six components, weighted, add up to it');
SELECT is((SELECT array_agg(DISTINCT coalesce(e ->> 'ausschluss', '-')) FROM pe),
          '{-,ABSCHLUSS,BEGINN,DISTANZ,KEIN_PROFIL}', 'the sample has every kind of exclusion');
-- the profile is usable exactly when it exists and its consent (if any) is not revoked by now
SELECT is((SELECT count(*) FROM pe
             LEFT JOIN kaoa.bewerberprofil b USING (person_id)
             LEFT JOIN kaoa.einwilligung w ON w.kommune = b.kommune AND w.einwilligung_id = b.einwilligung_id
            WHERE (e ->> 'ausschluss' = 'KEIN_PROFIL') <> (b.person_id IS NULL OR coalesce(w.widerrufen_am <= now(), false))),
          0::bigint, 'KEIN_PROFIL exactly for no profile or a consent revoked before now (one revoked for tomorrow still counts)');
-- DISTANZ against the haversine in SQL: beyond max_km by more than a micrometre (relative 1e-9 above
-- 1 km) excluded, within it by more than that not (ABSCHLUSS is checked first); distanz_km the same distance
CREATE TEMP TABLE pd AS
SELECT pe.*, b.max_km, pg_temp.km(b.lat, b.lon, a.lat, a.lon) AS d
  FROM pe JOIN kaoa.bewerberprofil b USING (person_id) JOIN kaoa.angebot a USING (angebot_id)
 WHERE b.lat IS NOT NULL AND a.lat IS NOT NULL AND e ->> 'ausschluss' IS DISTINCT FROM 'KEIN_PROFIL';
CREATE TEMP VIEW pd_falsch AS
SELECT * FROM pd WHERE e ->> 'ausschluss' IS DISTINCT FROM 'ABSCHLUSS'
                   AND ((e ->> 'ausschluss' = 'DISTANZ' AND d < max_km - 1e-9 * greatest(1, d))
                        OR (e ->> 'ausschluss' IS DISTINCT FROM 'DISTANZ' AND d > max_km + 1e-9 * greatest(1, d)));
SELECT is((SELECT count(*) FROM pd_falsch), 0::bigint,
          format('DISTANZ exactly beyond max_km by the haversine in SQL (%s located pairs, %s within 1 m of max_km)',
                 (SELECT count(*) FROM pd), (SELECT count(*) FROM pd WHERE abs(d - max_km) <= 0.0011)));
-- (relative 1e-9: near the antipodes asin(√a) turns one ulp of a into 1.6e-7 km)
SELECT is((SELECT count(*) FROM pd WHERE abs((e ->> 'distanz_km')::float8 - d) > 1e-9 * greatest(1, d)), 0::bigint,
          'distanz_km is the haversine distance');
SELECT diag(format('person %s offer %s: passung %s, %s, SQL distance %s km, max_km %s', person_id, angebot_id, s,
                   e ->> 'ausschluss', d, max_km))
  FROM (SELECT * FROM pd_falsch ORDER BY 1, 2 LIMIT 5) x;

-- ---- kaoa.zuteilung_berechnen --------------------------------------------------------------------
-- Köln (more than 2,048 open young people: the candidates are searched in blocks of 2,048) with 1
-- and 2 threads; Düsseldorf and Essen against kaoa.stabile_zuteilung over candidates found by
-- scoring every pair: the open young people with a usable profile, their 10 best offers with seats.
SET LOCAL kaoa.zuteilung_threads = 1;
SET LOCAL ROLE t_ko;
SELECT kaoa.zuteilung_berechnen('05315', 2025, 10, 7) AS koeln1 \gset
RESET ROLE;
SET LOCAL kaoa.zuteilung_threads = 2;
SET LOCAL ROLE t_ko;
SELECT kaoa.zuteilung_berechnen('05315', 2025, 10, 7) AS koeln2 \gset
RESET ROLE;
SELECT cmp_ok((SELECT bewerber FROM kaoa.zuteilung_lauf WHERE lauf_id = :koeln1), '>', 2048,
              'the Köln run has more young people than one block of the threads');
SELECT is((SELECT ARRAY[bewerber::bigint, kandidaten, zugeteilt::bigint] FROM kaoa.zuteilung_lauf WHERE lauf_id = :koeln2),
          (SELECT ARRAY[bewerber::bigint, kandidaten, zugeteilt::bigint] FROM kaoa.zuteilung_lauf WHERE lauf_id = :koeln1),
          'Köln with 2 threads: the same sizes as with 1');
SELECT is((SELECT count(*) FROM (SELECT * FROM kaoa.zuteilung WHERE lauf_id = :koeln1) a
                           JOIN (SELECT * FROM kaoa.zuteilung WHERE lauf_id = :koeln2) b USING (kommune, person_id)
            WHERE (a.angebot_id, a.passung, a.prioritaet) IS NOT DISTINCT FROM (b.angebot_id, b.passung, b.prioritaet)),
          (SELECT count(*) FROM kaoa.zuteilung WHERE lauf_id = :koeln1),
          'and the same proposal for every young person');
SELECT is((SELECT array_agg(ROW(angebot_id, grenze)::text ORDER BY angebot_id) FROM kaoa.zuteilung_grenze WHERE lauf_id = :koeln2),
          (SELECT array_agg(ROW(angebot_id, grenze)::text ORDER BY angebot_id) FROM kaoa.zuteilung_grenze WHERE lauf_id = :koeln1),
          'and the same cutoffs');

CREATE TEMP TABLE z_bewerber AS
SELECT f.kommune, f.person_id FROM kaoa.fall f JOIN kaoa.bewerberprofil b USING (kommune, person_id)
  LEFT JOIN kaoa.einwilligung w ON w.kommune = b.kommune AND w.einwilligung_id = b.einwilligung_id
 WHERE f.kommune IN ('05111', '05113') AND f.schuljahr = 2025
   AND f.status IN ('ohne_anschluss', 'in_beratung', 'nicht_angetreten', 'nicht_erreichbar')
   AND (w.widerrufen_am IS NULL OR w.widerrufen_am > now());
CREATE TEMP TABLE z_kand AS
SELECT p.kommune, p.person_id AS bewerber, c.angebot_id AS angebot, c.s AS praeferenz,
       kaoa.prioritaet(p.person_id, c.angebot_id) AS prioritaet
  FROM z_bewerber p
 CROSS JOIN LATERAL (SELECT * FROM (SELECT a.angebot_id, kaoa.passung(p.person_id, a.angebot_id) AS s FROM kaoa.angebot a
                                     WHERE a.plaetze > 0 OFFSET 0) x
                      WHERE s IS NOT NULL ORDER BY s DESC, angebot_id LIMIT 10) c;
SET LOCAL ROLE t_dko;
SELECT kaoa.zuteilung_berechnen('05111', 2025, 10, 3) AS duesseldorf \gset
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT kaoa.zuteilung_berechnen('05113', 2025, 10, 3) AS essen \gset
RESET ROLE;
SELECT is((SELECT array_agg(ARRAY[bewerber::bigint, kandidaten] ORDER BY kommune) FROM kaoa.zuteilung_lauf
            WHERE lauf_id IN (:duesseldorf, :essen)),
          (SELECT array_agg(ARRAY[(SELECT count(*) FROM z_bewerber b WHERE b.kommune = k),
                                  (SELECT count(*) FROM z_kand c WHERE c.kommune = k)] ORDER BY k)
             FROM unnest('{05111,05113}'::text[]) k),
          'Düsseldorf and Essen: the runs take the open young people with a usable profile and their 10 best offers with seats');
CREATE FUNCTION pg_temp.referenz(kk text) RETURNS text[] LANGUAGE sql AS $$
    SELECT array_agg(ROW(b.person_id, s.angebot, c.praeferenz, c.prioritaet)::text ORDER BY b.person_id)
      FROM pg_temp.z_bewerber b
      LEFT JOIN kaoa.stabile_zuteilung(format($k$SELECT bewerber, angebot, praeferenz, prioritaet FROM pg_temp.z_kand WHERE kommune = %L$k$, kk),
                                       'SELECT angebot_id, plaetze FROM kaoa.angebot WHERE plaetze > 0', 3) s ON s.bewerber = b.person_id
      LEFT JOIN pg_temp.z_kand c ON c.bewerber = s.bewerber AND c.angebot = s.angebot
     WHERE b.kommune = kk $$;
SELECT is((SELECT array_agg(ROW(person_id, angebot_id, passung, prioritaet)::text ORDER BY person_id)
             FROM kaoa.zuteilung WHERE lauf_id = :duesseldorf),
          pg_temp.referenz('05111'),
          'Düsseldorf (beruf weight 0): the run = stabile_zuteilung over brute-force candidates, with their passung and priority');
SELECT is((SELECT array_agg(ROW(person_id, angebot_id, passung, prioritaet)::text ORDER BY person_id)
             FROM kaoa.zuteilung WHERE lauf_id = :essen),
          pg_temp.referenz('05113'),
          'Essen (weg weight 0): the run = stabile_zuteilung over brute-force candidates, with their passung and priority');

SELECT * FROM finish();
ROLLBACK;
