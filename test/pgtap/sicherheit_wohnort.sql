-- pgTAP, security suite: home coordinates (issue 10 class 10; docs/matching.md#who-reads-a-profile).
-- bewerberprofil.lat and lon locate a young person's home as well as an address does.  Until now every
-- organisation that saw the person read them — the KoKo for the whole Kommune, the receiver of a pending
-- hand-off, the school after it handed the case on.  Now a profile is read and written only by the
-- organisation holding the person's current case and the system; the others that see the person keep the
-- distance to an offer (kaoa.passung_erklaert, kaoa.top_angebote) and every score, unchanged.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir match_fixture.psql
SELECT plan(21);

-- pg_temp.profile(): every profile with its coordinates, as the superuser sees it (to show nothing changed)
CREATE FUNCTION pg_temp.profile() RETURNS text LANGUAGE sql AS
    $$ SELECT string_agg(format('%s:%s:%s:%s', person_id, lat, lon, max_km), ' ' ORDER BY person_id) FROM kaoa.bewerberprofil $$;
SELECT pg_temp.profile() AS vorher \gset
-- what matching answers about ma before anything changes (as the system)
SET LOCAL ROLE t_system;
SELECT kaoa.passung(:ma, :o2) AS passung_vorher, kaoa.passung_erklaert(:ma, :o2) ->> 'distanz_km' AS distanz_vorher,
       (SELECT string_agg(format('%s=%s', angebot_id, passung), ' ' ORDER BY angebot_id) FROM kaoa.top_angebote(:ma, 5)) AS top_vorher \gset
RESET ROLE;

-- ---- the holder (S1 holds ma's case) reads and writes the coordinates -----------------------------------------------
SET LOCAL ROLE t_s1;
SELECT results_eq(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :ma),
                  format('VALUES (%s::float8, %s::float8)', :lat0, :lon0), 'the holder of the current case reads the coordinates');
RESET ROLE;

INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab)
VALUES ('05315', :me, 'sorgeberechtigt', '{koko}', 'Profil', current_date - 1) RETURNING einwilligung_id AS e_ko \gset

-- ---- the KoKo sees the person, not the place --------------------------------------------------------------------------
SET LOCAL ROLE t_ko;
SELECT is((SELECT count(*) FROM kaoa.person WHERE person_id = :ma), 1::bigint, 'the KoKo sees the person ma …');
SELECT is_empty(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :ma),
                '… but reads no profile of a person whose case it does not hold (was: every profile of Köln with lat, lon)');
SELECT is((SELECT count(*) FROM kaoa.bewerberprofil), 0::bigint, '… none at all');
SELECT is(kaoa.passung_erklaert(:ma, :o2) ->> 'distanz_km', :'distanz_vorher', '… it gets the distance to an offer (passung_erklaert)');
SELECT is(kaoa.passung(:ma, :o2), :'passung_vorher'::float8, '… and the same score as before');
SELECT results_eq(format('UPDATE kaoa.bewerberprofil SET lat = 0, lon = 0 WHERE person_id = %s RETURNING 1', :ma), 'SELECT 1 WHERE false',
                  '… it cannot move the home either (no row)');
SELECT throws_ok(format('INSERT INTO kaoa.bewerberprofil (kommune, person_id, lat, lon, einwilligung_id) VALUES (''05315'', %s, 1, 1, %s)', :me, :e_ko),
                 'KA004', NULL, '… nor write a profile for a person it does not hold, even with a consent naming the KoKo (KA004)');
RESET ROLE;
SELECT is(pg_temp.profile(), :'vorher', 'the refusals changed no profile');

-- ---- a hand-off: the receiver reads the place once it holds the case, the sender no longer -----------------------------
SELECT kaoa.uebergeben(:fma, :aa, 'schuldueg_1_1') AS u \gset
SET LOCAL ROLE t_aa;
SELECT is((SELECT count(*) FROM kaoa.person WHERE person_id = :ma), 1::bigint, 'the Agentur offered ma''s case sees the person …');
SELECT is_empty(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :ma),
                '… but not the profile while the hand-off is pending');
SELECT is(kaoa.passung_erklaert(:ma, :o2) ->> 'distanz_km', :'distanz_vorher', '… it gets the distance to an offer');
SELECT is((SELECT string_agg(format('%s=%s', angebot_id, passung), ' ' ORDER BY angebot_id) FROM kaoa.top_angebote(:ma, 5)),
          :'top_vorher', '… and the same top_angebote as the system');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT results_eq(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :ma),
                  format('VALUES (%s::float8, %s::float8)', :lat0, :lon0), 'the school still holds the case and reads them');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT kaoa.uebernehmen(:u) AS uebernommen \gset
SELECT results_eq(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :ma),
                  format('VALUES (%s::float8, %s::float8)', :lat0, :lon0), 'after taking the case over the Agentur reads them');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is_empty(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :ma),
                'the school that handed the case on no longer does (was: forever)');
SELECT is(kaoa.passung_erklaert(:ma, :o2) ->> 'distanz_km', :'distanz_vorher', '… it keeps the distance');
RESET ROLE;

-- ---- matching is unchanged --------------------------------------------------------------------------------------------
SET LOCAL ROLE t_system;
SELECT is((SELECT string_agg(format('%s=%s', angebot_id, passung), ' ' ORDER BY angebot_id) FROM kaoa.top_angebote(:ma, 5)),
          :'top_vorher', 'the system''s top_angebote of ma are what they were');
SELECT results_eq(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :ma),
                  format('VALUES (%s::float8, %s::float8)', :lat0, :lon0), 'the system reads every profile');
RESET ROLE;
SELECT is(pg_temp.profile(), :'vorher', 'no profile changed');
SELECT is((SELECT count(*) FROM pg_policy WHERE polrelid = 'kaoa.bewerberprofil'::regclass
            AND pg_get_expr(polqual, polrelid) LIKE '%profil_sichtbar%'
            AND pg_get_expr(polwithcheck, polrelid) LIKE '%profil_sichtbar%'), 1::bigint,
          'the policy of bewerberprofil reads and writes by kaoa.profil_sichtbar');

SELECT * FROM finish();
ROLLBACK;
