-- pgTAP: kaoa.passung over more young people than are looked up one by one (src/match/match_daten.c,
-- ALLE_AB = 8,192).  A statement that asks about that many reads every young person with a usable
-- profile at once; the scores it gives must be exactly those of the one-by-one look-ups, a revoked
-- consent and a missing profile must still give NULL, a weighting of another Kommune must still
-- apply, and a school must still be refused a young person it may not see (KA004), in the very
-- statement that read them all.
-- 12,000 young people in Köln (11,000 at S1, 1,000 at S2) and 500 in Düsseldorf, three offers.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(12);
SELECT setseed(0.4711);

INSERT INTO kaoa.gewichtung (kommune, beruf, interessen, weg, abschluss, beginn, kompetenzen)
VALUES ('05111', 10, 30, 30, 10, 10, 10);

SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE v_person AS
SELECT i, CASE WHEN i <= 12000 THEN '05315' ELSE '05111' END AS kommune,
       CASE WHEN i > 12000 THEN :ds WHEN i % 12 = 0 THEN :s2 ELSE :s1 END AS schule
  FROM generate_series(1, 12500) i;
INSERT INTO kaoa.person (kommune, pseudonym) SELECT kommune, 'VV-' || i FROM v_person ORDER BY i;
ALTER TABLE v_person ADD COLUMN person_id bigint;
UPDATE v_person v SET person_id = p.person_id FROM kaoa.person p WHERE p.pseudonym = 'VV-' || v.i;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, status, zustaendig_org, abschluss)
SELECT kommune, person_id, 2025, schule, 'ohne_anschluss', schule,
       (ARRAY['MSA', 'ESA', 'FHR', NULL])[1 + i % 4]::kaoa.abschluss
  FROM v_person ORDER BY i;
-- every 50th a consent revoked an hour ago, every 77th no profile at all
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab, widerrufen_am)
SELECT kommune, person_id, 'sorgeberechtigt', '{schule}', 'Berufsorientierung', current_date - 10, now() - interval '1 hour'
  FROM v_person WHERE i % 50 = 0 ORDER BY i;
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, kompetenzen, lat, lon, max_km, verfuegbar_ab, einwilligung_id)
SELECT v.kommune, v.person_id,
       (ARRAY['{26312}', '{71402,2631}', NULL, '{51312,26,7}'])[1 + v.i % 4]::kaoa.kldb[],
       (ARRAY['R', 'SEC', NULL, 'RI'])[1 + v.i % 4]::kaoa.riasec,
       (ARRAY['sorgfalt=3', NULL, 'planung=2, sorgfalt=5'])[1 + v.i % 3]::kaoa.kompetenzen,
       CASE WHEN v.i % 9 = 0 THEN NULL ELSE 50.9 + random() * 0.6 END,
       CASE WHEN v.i % 9 = 0 THEN NULL ELSE 6.7 + random() * 0.5 END,
       (ARRAY[20, 50, 80, 5])[1 + v.i % 4], date '2026-08-01' + (v.i % 90), e.einwilligung_id
  FROM v_person v LEFT JOIN kaoa.einwilligung e ON e.kommune = v.kommune AND e.person_id = v.person_id
 WHERE v.i % 77 <> 0 ORDER BY v.i;
RESET session_replication_role;
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, mindest_abschluss, interessen, anforderungen, lat, lon, beginn, plaetze)
VALUES ('05315', 'V-1', '26312', 'Elektroniker', 'MSA', 'R', 'sorgfalt=3', 50.94, 6.96, '2026-08-01', 3),
       ('05315', 'V-2', '71402', 'Kaufmann', NULL, 'SEC', NULL, 51.1, 7.1, '2026-09-01', 2),
       ('05111', 'V-3', '51312', 'Fachkraft', 'ESA', NULL, 'planung=2', 51.23, 6.77, NULL, 1);
CREATE TEMP TABLE v_angebot AS SELECT angebot_id FROM kaoa.angebot WHERE extern_id LIKE 'V-%';

-- The reference: one by one, in chunks of 2,000 young people, each chunk after a change of the
-- weights' table (a statement that changes nothing still tells the session to read anew), so that
-- no part of the session ever holds 8,192 of them.
CREATE TEMP TABLE v_ref (person_id bigint, angebot_id bigint, passung float8);
CREATE TEMP TABLE v_stand (chunk int, eintraege bigint, aufbauten bigint);
CREATE FUNCTION pg_temp.chunk(c int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE kaoa.gewichtung SET beruf = beruf WHERE false;
    INSERT INTO v_ref
    SELECT v.person_id, a.angebot_id, kaoa.passung(v.person_id, a.angebot_id)
      FROM v_person v CROSS JOIN v_angebot a WHERE (v.i - 1) / 2000 = c;
END $$;
SELECT pg_temp.chunk(0);
INSERT INTO v_stand SELECT 0, eintraege, aufbauten FROM kaoa.matching_cache() WHERE teil = 'bewerber';
SELECT pg_temp.chunk(c) FROM generate_series(1, 6) c;
INSERT INTO v_stand SELECT 6, eintraege, aufbauten FROM kaoa.matching_cache() WHERE teil = 'bewerber';

SELECT ok((SELECT max(eintraege) < 8192 AND max(aufbauten) FILTER (WHERE chunk = 6) > max(aufbauten) FILTER (WHERE chunk = 0)
             FROM v_stand),
          'the reference was read one by one: the session held fewer than 8,192 young people and read them anew per chunk');
SELECT is((SELECT count(*) FROM v_ref), 37500::bigint, 'the reference holds every pair');

-- All of them in one statement (after one more change, so it starts from nothing).
UPDATE kaoa.gewichtung SET beruf = beruf WHERE false;
CREATE TEMP TABLE v_alle AS
SELECT v.person_id, a.angebot_id, kaoa.passung(v.person_id, a.angebot_id) AS passung,
       CASE WHEN v.i > 12000 THEN (kaoa.passung_erklaert(v.person_id, a.angebot_id) -> 'komponenten' -> 'weg' ->> 'gewicht')::float8 END AS weg_gewicht
  FROM v_person v CROSS JOIN v_angebot a;
SELECT ok((SELECT eintraege >= 12000 FROM kaoa.matching_cache() WHERE teil = 'bewerber'),
          'the statement over 12,500 young people read every one with a usable profile at once');
SELECT is((SELECT count(*) FROM v_alle a JOIN v_ref r USING (person_id, angebot_id)
            WHERE a.passung IS NOT DISTINCT FROM r.passung), 37500::bigint,
          'every score read all at once equals the one read one by one, bit for bit (NULLs included)');
SELECT is((SELECT count(*) FROM v_alle a JOIN v_person v USING (person_id)
            WHERE (v.i % 50 = 0 OR v.i % 77 = 0) AND a.passung IS NOT NULL), 0::bigint,
          'a revoked consent or a missing profile gives NULL in both');
SELECT ok((SELECT count(*) FILTER (WHERE a.passung IS NOT NULL) > 10000 AND count(DISTINCT a.passung) > 100
             FROM v_alle a), 'the scores are many and varied (the comparison can fail)');
-- Düsseldorf's own weights (weg 30 instead of 20) for its young people, read after the 12,000 of Köln
SELECT ok((SELECT count(*) FILTER (WHERE a.weg_gewicht = 30) = count(*) AND count(*) > 100
             FROM v_alle a JOIN v_person v USING (person_id) WHERE v.kommune = '05111' AND a.passung IS NOT NULL),
          'Düsseldorf''s young people, read all at once, are scored with Düsseldorf''s weights');
-- negative control: a perturbed copy is told apart
SELECT isnt((SELECT count(*) FROM v_alle a JOIN v_ref r USING (person_id, angebot_id)
              WHERE (CASE WHEN a.person_id % 997 = 0 THEN a.passung + 1e-9 ELSE a.passung END) IS NOT DISTINCT FROM r.passung),
            37500::bigint, 'negative control: one score in a thousand off by 1e-9 is seen');

-- A school, in the statement that reads them all: its own young people are scored as the system
-- scores them, and the first one it may not see stops the statement with KA004.
CREATE TEMP TABLE v_s1 (person_id bigint, angebot_id bigint, passung float8);
GRANT INSERT ON v_s1 TO t_s1;
GRANT SELECT ON v_person, v_angebot TO t_s1;
UPDATE kaoa.gewichtung SET beruf = beruf WHERE false;
SET LOCAL ROLE t_s1;
INSERT INTO v_s1
SELECT v.person_id, a.angebot_id, kaoa.passung(v.person_id, a.angebot_id)
  FROM v_person v CROSS JOIN v_angebot a WHERE v.schule = :s1;
SELECT ok((SELECT eintraege >= 12000 FROM kaoa.matching_cache() WHERE teil = 'bewerber'),
          'the school''s statement over its 11,000 young people read every one at once');
PREPARE v_fremd AS
SELECT count(kaoa.passung(x.person_id, (SELECT min(angebot_id) FROM v_angebot)))
  FROM (SELECT person_id, 0 AS o FROM v_person WHERE schule = :s1
        UNION ALL SELECT (SELECT min(person_id) FROM v_person WHERE schule = :s2), 1) x;
SELECT throws_ok('EXECUTE v_fremd', 'KA004', NULL,
                 'a young person of another school, asked after 11,000 of its own, is refused (KA004)');
RESET ROLE;
SELECT is((SELECT count(*) FROM v_s1), (SELECT count(*) * 3 FROM v_person WHERE schule = :s1),
          'the school scored each of its own young people');
SELECT is((SELECT count(*) FROM v_s1 s JOIN v_ref r USING (person_id, angebot_id)
            WHERE s.passung IS NOT DISTINCT FROM r.passung), (SELECT count(*) FROM v_s1),
          'the school''s scores equal the system''s one-by-one scores');

SELECT * FROM finish();
ROLLBACK;
