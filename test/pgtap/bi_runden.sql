-- pgTAP: the window function kaoa.bi_runden, the one rounding every BI view uses
-- (docs/roles-and-bi.md#adding-a-bi-view-api-for-view-authors): what it returns for a family, that
-- the row order does not matter, and every argument it refuses with its SQLSTATE; and
-- kaoa.bi_zeigen, the publication step (NULL for a true 1 … min_fallzahl − 1, else the rounded value).
BEGIN;
CREATE EXTENSION kaoa;
SELECT plan(23);

CREATE TEMP TABLE atom (familie int, schule text, status text, n bigint);
INSERT INTO atom VALUES
    (1, 'S1', 'offen', 7), (1, 'S1', 'ohne', 2), (1, 'S2', 'offen', 1), (1, 'S2', 'gesichert', 4), (1, 'S3', 'offen', 10),
    (2, 'S1', 'offen', 3);

CREATE TEMP TABLE gerundet AS
SELECT a.*, kaoa.bi_runden(a.n, 5, ARRAY[a.schule], ARRAY[a.status]) OVER (PARTITION BY a.familie) AS g FROM atom a;

SELECT is((SELECT count(*) FROM gerundet WHERE g % 5 <> 0 OR abs(g - n) >= 5), 0::bigint,
          'every atom: a multiple of 5 next to its count');
SELECT is((SELECT g FROM gerundet WHERE schule = 'S3'), 10::bigint, 'a multiple (10) stays');
SELECT is((SELECT count(*) FROM (SELECT familie, schule, sum(n) AS n, sum(g) AS g FROM gerundet GROUP BY 1, 2) s
            WHERE g % 5 <> 0 OR abs(g - n) >= 5), 0::bigint, 'every school (tree A): the sum of its rounded atoms is a multiple next to its count');
SELECT is((SELECT count(*) FROM (SELECT familie, status, sum(n) AS n, sum(g) AS g FROM gerundet GROUP BY 1, 2) s
            WHERE g % 5 <> 0 OR abs(g - n) >= 5), 0::bigint, 'every status (tree B): likewise');
SELECT ok((SELECT sum(g) FROM gerundet WHERE familie = 1) IN (20, 25), 'the total of family 1 (24): 20 or 25');
SELECT ok((SELECT g FROM gerundet WHERE familie = 2) IN (0, 5), 'family 2 is rounded on its own (3: 0 or 5)');
SELECT results_eq($$SELECT schule, status, kaoa.bi_runden(n, 5, ARRAY[schule], ARRAY[status]) OVER (PARTITION BY familie ORDER BY n DESC)
                      FROM atom ORDER BY 1, 2$$,
                  'SELECT schule, status, g FROM gerundet ORDER BY 1, 2',
                  'another row order (ORDER BY in the window) gives the same numbers');
SELECT results_eq($$SELECT kaoa.bi_runden(n, 1, ARRAY[schule], '{}') OVER () FROM atom ORDER BY schule, status$$,
                  'SELECT n FROM atom ORDER BY schule, status', 'min_fallzahl 1 keeps every count');

SELECT throws_ok($$SELECT kaoa.bi_runden(NULL, 5, '{}', '{}') OVER ()$$, '22004', 'kaoa.bi_runden needs a count in every row',
                 'a NULL count: 22004');
SELECT throws_ok($$SELECT kaoa.bi_runden(-1, 5, '{}', '{}') OVER ()$$, '22023', 'kaoa.bi_runden cannot round the negative count -1',
                 'a negative count: 22023');
SELECT throws_ok($$SELECT kaoa.bi_runden(3, NULL, '{}', '{}') OVER ()$$, '22004', NULL, 'min_fallzahl NULL: 22004');
SELECT throws_ok($$SELECT kaoa.bi_runden(3, 0, '{}', '{}') OVER ()$$, '22023', 'kaoa.bi_runden needs a min_fallzahl of at least 1',
                 'min_fallzahl 0: 22023');
SELECT throws_ok($$SELECT kaoa.bi_runden(3, m, '{}', '{}') OVER () FROM (VALUES (5), (3)) v(m)$$, '22023',
                 'kaoa.bi_runden needs one min_fallzahl per window partition', 'two min_fallzahl in one partition: 22023');
SELECT throws_ok($$SELECT kaoa.bi_runden(n, 5, '{}', '{}') OVER () FROM (VALUES (9223372036854775807), (1)) v(n)$$, '22003', NULL,
                 'counts adding up beyond bigint: 22003');
SELECT is((SELECT kaoa.bi_runden(3, 5, NULL, ARRAY[NULL, 'x']) OVER ()), 5::bigint,
          'NULL paths and NULL elements are keys of their own (a single 3 under its total of 3: 5)');


-- kaoa.bi_zeigen(true count, rounded count, min_fallzahl)
SELECT is(ARRAY[kaoa.bi_zeigen(1, 0, 5), kaoa.bi_zeigen(4, 5, 5), kaoa.bi_zeigen(2, 3, 3)], ARRAY[NULL, NULL, NULL]::integer[],
          'bi_zeigen: a true 1 … min_fallzahl − 1 is NULL, whichever way it was rounded');
SELECT is(ARRAY[kaoa.bi_zeigen(0, 0, 5), kaoa.bi_zeigen(5, 5, 5), kaoa.bi_zeigen(6, 10, 5), kaoa.bi_zeigen(9, 5, 5), kaoa.bi_zeigen(2, 2, 1)],
          ARRAY[0, 5, 10, 5, 2], 'bi_zeigen: a true 0 shows 0, every other count its rounded value (min_fallzahl 1: as it is)');
SELECT is(kaoa.bi_zeigen(NULL, 5, 5), NULL, 'bi_zeigen: NULL in, NULL out');
SELECT results_eq($$SELECT g.schule, kaoa.bi_zeigen(sum(g.n)::bigint, sum(g.g)::bigint, 5) FROM gerundet g WHERE familie = 1 GROUP BY 1 ORDER BY 1$$,
                  $$SELECT s, CASE WHEN n BETWEEN 1 AND 4 THEN NULL ELSE g END::integer
                      FROM (SELECT schule, sum(n), sum(g) FROM gerundet WHERE familie = 1 GROUP BY 1) x(s, n, g) ORDER BY 1$$,
                  'bi_zeigen over the schools of family 1 (9, 5, 10): each its rounded sum, none small');
SELECT throws_ok('SELECT kaoa.bi_zeigen(3, 5, 0)', '22023', 'kaoa.bi_zeigen needs a min_fallzahl of at least 1', 'bi_zeigen: min_fallzahl 0: 22023');
SELECT throws_ok('SELECT kaoa.bi_zeigen(-1, 0, 5)', '22023', 'kaoa.bi_zeigen cannot publish a negative count', 'bi_zeigen: a negative count: 22023');
SELECT throws_ok('SELECT kaoa.bi_zeigen(7, 7, 5)', '22023', 'kaoa.bi_zeigen: 7 is no rounding of 7 to a multiple of 5',
                 'bi_zeigen: a value that is no multiple is refused, not shown (22023)');
SELECT throws_ok('SELECT kaoa.bi_zeigen(12, 5, 5)', '22023', 'kaoa.bi_zeigen: 5 is no rounding of 12 to a multiple of 5',
                 'bi_zeigen: a multiple that is not next to the count is refused (22023)');

SELECT * FROM finish();
ROLLBACK;
