-- pgTAP, security suite: memory (docs/matching.md#the-proposed-assignment).  kaoa.stabile_zuteilung
-- buffered whatever its kandidaten query returned (70 to 120 bytes a pair: 3.4 GB at 50 million pairs,
-- and a few sessions at once had the OOM killer restart the server).  It reads at most
-- kaoa.zuteilung_max_paare pairs and capacity rows (a superuser's setting) and refuses the first batch
-- beyond with 54000, a DETAIL and a HINT — while reading, so a query of two billion rows ends at once.
-- As a school's role, with a small limit set by the superuser (nothing of gigabytes is allocated here).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(10);
SET LOCAL statement_timeout = '60s';     -- a reader that kept reading two billion rows would fail here, not hang

SELECT is(current_setting('kaoa.zuteilung_max_paare'), '20000000', 'the limit is 20 million pairs by default');
SET LOCAL kaoa.zuteilung_max_paare = 25000;

SET LOCAL ROLE t_s1;
SELECT throws_ok($$SET kaoa.zuteilung_max_paare = 100000000$$, '42501', NULL,
                 'a school cannot raise the limit (a superuser''s setting)');
SELECT is((SELECT count(*) FROM kaoa.stabile_zuteilung(
              'SELECT g::bigint, 1::bigint, 1::float8, 1::float8 FROM generate_series(1, 25000) g',
              'SELECT 1::bigint, 30000')), 25000::bigint,
          'exactly the limit is read and assigned (25,000 pairs)');
SELECT throws_ok($$SELECT count(*) FROM kaoa.stabile_zuteilung(
                     'SELECT g::bigint, 1::bigint, 1::float8, 1::float8 FROM generate_series(1, 25001) g',
                     'SELECT 1::bigint, 30000')$$,
                 '54000', 'kandidaten returns more than 25000 candidate pairs', 'one pair more: 54000');
SELECT is(pg_temp.antwort($$SELECT count(*) FROM kaoa.stabile_zuteilung(
                     'SELECT g::bigint, 1::bigint, 1::float8, 1::float8 FROM generate_series(1, 25001) g',
                     'SELECT 1::bigint, 30000')$$),
          '54000: kaoa.zuteilung_max_paare is 25000 (each pair takes 70 to 120 bytes of the server''s memory while the assignment runs); 25001 rows had been fetched when the limit was passed.',
          '… with a DETAIL naming the limit and what a pair costs');
SELECT throws_ok($$SELECT count(*) FROM kaoa.stabile_zuteilung(
                     'SELECT generate_series(1, 2000000000)::bigint, 1::bigint, 1::float8, 1::float8',
                     'SELECT 1::bigint, 1')$$,
                 '54000', NULL, 'two billion pairs, streamed (the finding: 300 million grew the backend to gigabytes), end at the limit, while reading');
SELECT throws_ok($$SELECT count(*) FROM kaoa.stabile_zuteilung(
                     'SELECT 1::bigint, 1::bigint, 1::float8, 1::float8',
                     'SELECT g::bigint, 1 FROM generate_series(1, 25001) g')$$,
                 '54000', 'kapazitaeten returns more than 25000 rows', 'capacity rows beyond the limit: 54000');
SELECT throws_ok($$SELECT count(*) FROM kaoa.stabile_zuteilung(
                     'SELECT 1::bigint, 1::bigint, 1::float8, 1::float8',
                     'SELECT generate_series(1, 2000000000)::bigint, 1')$$,
                 '54000', NULL, '… also two billion of them, while reading');
RESET ROLE;
SELECT is(current_setting('kaoa.zuteilung_max_paare'), '25000', 'the refusals left the limit as the superuser set it');
SET LOCAL kaoa.zuteilung_max_paare = 30000;
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.stabile_zuteilung(
              'SELECT g::bigint, 1::bigint, 1::float8, 1::float8 FROM generate_series(1, 25001) g',
              'SELECT 1::bigint, 30000')), 25001::bigint,
          'raised by the superuser, the same input is assigned');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
