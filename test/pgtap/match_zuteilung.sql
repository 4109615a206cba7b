-- pgTAP: kaoa.stabile_zuteilung (docs/matching.md) — every refused input with its SQLSTATE, the
-- tie-breaking on both sides with the lottery los(seed, bewerber) recomputed here in SQL, the
-- result on a random instance checked by a stability verifier written in SQL, and the greedy
-- oracle when praeferenz equals prioritaet.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
SELECT plan(40);

-- splitmix64 of seed XOR bewerber as unsigned 64-bit, exactly as docs/matching.md writes it, in SQL.
CREATE FUNCTION pg_temp.u64(x bit(64)) RETURNS numeric LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN x::bigint < 0 THEN x::bigint::numeric + 18446744073709551616 ELSE x::bigint::numeric END $$;
CREATE FUNCTION pg_temp.b64(n numeric) RETURNS bit(64) LANGUAGE sql IMMUTABLE AS
    $$ SELECT (CASE WHEN m >= 9223372036854775808 THEN m - 18446744073709551616 ELSE m END)::bigint::bit(64)
         FROM (SELECT mod(n, 18446744073709551616) AS m) s $$;
CREATE FUNCTION pg_temp.los(seed bigint, bewerber bigint) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    z bit(64) := seed::bit(64) # bewerber::bit(64);
BEGIN
    z := pg_temp.b64(pg_temp.u64(z) + 11400714819323198485);          -- + 0x9E3779B97F4A7C15
    z := pg_temp.b64(pg_temp.u64(z # (z >> 30)) * 13787848793156543929); -- · 0xBF58476D1CE4E5B9
    z := pg_temp.b64(pg_temp.u64(z # (z >> 27)) * 10723151780598845931); -- · 0x94D049BB133111EB
    RETURN pg_temp.u64(z # (z >> 31));
END $$;
SELECT is(pg_temp.los(0, 0), 16294208416658607535::numeric, 'the SQL los(0, 0) is splitmix64''s first output 0xE220A8397B1DCDAF');

-- ---- refused inputs -----------------------------------------------------------------------------
CREATE TEMP TABLE k1 AS SELECT * FROM (VALUES (1::bigint, 10::bigint, 1.0::float8, 1.0::float8)) v(b, a, p, q);
CREATE TEMP TABLE c1 AS SELECT * FROM (VALUES (10::bigint, 1), (20::bigint, 1)) v(a, p);
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1; SELECT * FROM k1', 'SELECT * FROM c1')$$,
                 '42601', 'kandidaten must be exactly one SELECT statement', 'two statements: 42601');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('', 'SELECT * FROM c1')$$, '42601', NULL, 'no statement: 42601');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELEKT 1', 'SELECT * FROM c1')$$, '42601', NULL, 'a syntax error: 42601');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('INSERT INTO k1 VALUES (1, 10, 1, 1) RETURNING *', 'SELECT * FROM c1')$$,
                 '42P11', 'kandidaten must be a plain SELECT', 'INSERT … RETURNING: 42P11');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * INTO k_x FROM k1', 'SELECT * FROM c1')$$,
                 '42P11', NULL, 'SELECT INTO: 42P11');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('WITH d AS (DELETE FROM k1 RETURNING *) SELECT * FROM d', 'SELECT * FROM c1')$$,
                 '42P11', NULL, 'a data-modifying WITH: 42P11');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1', 'TRUNCATE c1')$$, '42P11',
                 'kapazitaeten must be a plain SELECT', 'kapazitaeten as a utility statement: 42P11');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT b, a, p FROM k1', 'SELECT * FROM c1')$$,
                 '42804', 'kandidaten returns 3 columns, expected 4', 'three columns: 42804');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT b, a::text, p, q FROM k1', 'SELECT * FROM c1')$$,
                 '42804', 'column 2 (angebot) of kandidaten has type text', 'a text offer id: 42804');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1', 'SELECT 10::bigint, true')$$,
                 '42804', 'column 2 (plaetze) of kapazitaeten has type boolean', 'boolean seats: 42804');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT b, a, p, NULL::float8 FROM k1', 'SELECT * FROM c1')$$,
                 '22004', 'kandidaten returned NULL in column 4 (prioritaet)', 'a NULL prioritaet: 22004');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1', 'SELECT 10::bigint, NULL::int')$$,
                 '22004', NULL, 'NULL seats: 22004');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT b, a, ''NaN''::float8, q FROM k1', 'SELECT * FROM c1')$$,
                 '22023', 'kandidaten returned NaN as praeferenz', 'a NaN praeferenz: 22023');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1', 'SELECT 10::bigint, -1')$$,
                 '22003', 'kapazitaeten gives offer 10 -1 seats', 'negative seats: 22003');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1', 'SELECT * FROM (VALUES (10::bigint, 1), (10, 2)) v')$$,
                 '23505', 'kapazitaeten has more than one row for offer 10', 'two capacity rows for one offer: 23505');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT b, 30::bigint, p, q FROM k1', 'SELECT * FROM c1')$$,
                 '23503', 'offer 30 in kandidaten has no row in kapazitaeten', 'an offer without a capacity row: 23503');
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1 UNION ALL SELECT 1, 20, 2, 2 UNION ALL SELECT * FROM k1', 'SELECT * FROM c1')$$,
                 '21000', 'kandidaten returned the pair (bewerber 1, angebot 10) twice', 'a duplicate pair: 21000');
-- a NULL argument is an error (an empty result would read as "nobody assigned"), with detail and hint
CREATE FUNCTION pg_temp.fehler(sql text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE st text; m text; d text; h text;
BEGIN
    EXECUTE sql;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN ARRAY[st, m, d, h];
END $$;
SELECT is(pg_temp.fehler($$SELECT * FROM kaoa.stabile_zuteilung(NULL, 'SELECT * FROM c1')$$),
          ARRAY['22004', 'kandidaten must not be NULL', 'Argument 1 (kandidaten) of stabile_zuteilung is NULL.',
                'kandidaten must return (bewerber bigint, angebot bigint, praeferenz float8, prioritaet float8), by position.'],
          'kandidaten NULL: 22004 with detail and hint');
SELECT is((pg_temp.fehler($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1', NULL)$$))[1:3],
          ARRAY['22004', 'kapazitaeten must not be NULL', 'Argument 2 (kapazitaeten) of stabile_zuteilung is NULL.'],
          'kapazitaeten NULL: 22004');
SELECT is((pg_temp.fehler($$SELECT * FROM kaoa.stabile_zuteilung('SELECT * FROM k1', 'SELECT * FROM c1', NULL)$$))[1:2],
          ARRAY['22004', 'seed must not be NULL'], 'seed NULL: 22004');
SELECT is((SELECT proisstrict FROM pg_proc WHERE oid = 'kaoa.stabile_zuteilung(text, text, bigint)'::regprocedure), false,
          'stabile_zuteilung is CALLED ON NULL INPUT (it refuses NULLs itself)');
SELECT is((SELECT count(*) FROM kaoa.stabile_zuteilung('SELECT * FROM k1 WHERE false', 'SELECT * FROM c1')),
          0::bigint, 'no candidates: an empty result');
SELECT is((SELECT array_agg(ROW(bewerber, angebot)::text) FROM kaoa.stabile_zuteilung(
              'SELECT 1::int, 10::smallint, 1.5::numeric, 2::int', 'SELECT 10::int, 1::bigint')),
          ARRAY['(1,10)'], 'integer and numeric columns are read as bigint and float8');

-- ---- tie-breaking --------------------------------------------------------------------------------
SELECT is((SELECT array_agg(angebot) FROM kaoa.stabile_zuteilung(
              'SELECT * FROM (VALUES (1::bigint, 20::bigint, 5.0::float8, 1.0::float8), (1, 10, 5.0, 1.0)) v', 'SELECT * FROM c1')),
          ARRAY[10::bigint], 'equal praeferenz: the applicant takes the smaller angebot id');
SELECT is((SELECT array_agg(angebot) FROM kaoa.stabile_zuteilung(
              'SELECT * FROM (VALUES (1::bigint, 20::bigint, 5.0000001::float8, 1.0::float8), (1, 10, 5.0, 1.0)) v', 'SELECT * FROM c1')),
          ARRAY[20::bigint], 'a higher praeferenz wins over the smaller id');
-- two applicants, one seat, equal prioritaet: the smaller los(seed, bewerber) wins, for several seeds
CREATE TEMP TABLE t_los AS
SELECT s AS seed,
       CASE WHEN pg_temp.los(s, 7) < pg_temp.los(s, 8) THEN 7 ELSE 8 END::bigint AS erwartet,
       (SELECT bewerber FROM kaoa.stabile_zuteilung(
            'SELECT * FROM (VALUES (7::bigint, 10::bigint, 1.0::float8, 60.0::float8), (8, 10, 1.0, 60.0)) v',
            'SELECT 10::bigint, 1', s)) AS bekommen
  FROM generate_series(-3, 12) s;
SELECT is((SELECT count(*) FROM t_los WHERE erwartet = bekommen), 16::bigint,
          'equal prioritaet: the smaller los(seed, bewerber) wins, for 16 seeds');
SELECT ok((SELECT count(DISTINCT bekommen) FROM t_los) = 2, 'the seed decides: both applicants win for some seed');
SELECT is((SELECT array_agg(bewerber) FROM kaoa.stabile_zuteilung(
              'SELECT * FROM (VALUES (7::bigint, 10::bigint, 1.0::float8, 60.0::float8), (8, 10, 1.0, 60.5)) v',
              'SELECT 10::bigint, 1', (SELECT seed FROM t_los WHERE erwartet = 7 LIMIT 1))),
          ARRAY[8::bigint], 'a higher prioritaet wins whatever the lottery');
SELECT is((SELECT array_agg(ROW(bewerber, angebot)::text ORDER BY bewerber) FROM kaoa.stabile_zuteilung(
              'SELECT * FROM (VALUES (1::bigint, 10::bigint, 9.0::float8, 1.0::float8), (1, 20, 8.0, 1.0),
                                     (2::bigint, 10::bigint, 9.0::float8, 5.0::float8), (3, 20, 1.0, 0.5)) v',
              'SELECT * FROM (VALUES (10::bigint, 1), (20::bigint, 1), (30::bigint, 0)) v(a, p)')),
          ARRAY['(1,20)', '(2,10)'], 'applicant 1 is displaced from 10 by 2 and takes 20 ahead of 3');
SELECT is((SELECT count(*) FROM kaoa.stabile_zuteilung(
              'SELECT 1::bigint, 30::bigint, 9.0::float8, 9.0::float8',
              'SELECT * FROM (VALUES (10::bigint, 1), (20::bigint, 1), (30::bigint, 0)) v(a, p)')),
          0::bigint, 'an offer with 0 seats admits nobody');

-- ---- a random instance, checked by a stability verifier in SQL -----------------------------------
SELECT setseed(0.42);
CREATE TEMP TABLE z_kap AS SELECT a::bigint AS angebot, (random() * 3)::int AS plaetze FROM generate_series(1, 60) a;
CREATE TEMP TABLE z_kand AS
SELECT DISTINCT ON (b, a) b::bigint AS bewerber, a::bigint AS angebot,
       round((random() * 20)::numeric)::float8 AS praeferenz, round((random() * 10)::numeric)::float8 AS prioritaet
  FROM generate_series(1, 300) b, LATERAL (SELECT 1 + (random() * 59)::int + 0 * b AS a FROM generate_series(1, 8)) x
 ORDER BY b, a;
CREATE TEMP TABLE z_erg AS
SELECT * FROM kaoa.stabile_zuteilung('SELECT bewerber, angebot, praeferenz, prioritaet FROM z_kand',
                                     'SELECT angebot, plaetze FROM z_kap', 99);
CREATE TEMP VIEW z_paar AS SELECT k.* FROM z_kand k JOIN z_erg e USING (bewerber, angebot);
SELECT ok((SELECT count(*) FROM z_erg) > 50, 'the random instance assigns many applicants');
SELECT is((SELECT count(*) FROM z_erg e WHERE NOT EXISTS (SELECT 1 FROM z_kand k WHERE (k.bewerber, k.angebot) = (e.bewerber, e.angebot))),
          0::bigint, 'every assigned pair is an acceptable pair');
SELECT is((SELECT count(*) FROM (SELECT bewerber FROM z_erg GROUP BY bewerber HAVING count(*) > 1) x), 0::bigint,
          'every applicant has at most one offer');
SELECT is((SELECT count(*) FROM z_kap c WHERE (SELECT count(*) FROM z_erg e WHERE e.angebot = c.angebot) > c.plaetze), 0::bigint,
          'no offer over its seats');
SELECT is((SELECT count(*) FROM z_kand k
             JOIN z_kap c USING (angebot)
             LEFT JOIN z_paar m ON m.bewerber = k.bewerber
             LEFT JOIN LATERAL (SELECT w.* FROM z_paar w WHERE w.angebot = k.angebot
                                 ORDER BY w.prioritaet, pg_temp.los(99, w.bewerber) DESC, w.bewerber DESC LIMIT 1) w ON true
            WHERE (m.angebot IS NULL OR m.angebot <> k.angebot)
              AND (m.bewerber IS NULL OR k.praeferenz > m.praeferenz OR (k.praeferenz = m.praeferenz AND k.angebot < m.angebot))
              AND c.plaetze > 0
              AND ((SELECT count(*) FROM z_paar x WHERE x.angebot = k.angebot) < c.plaetze
                   OR k.prioritaet > w.prioritaet
                   OR (k.prioritaet = w.prioritaet AND pg_temp.los(99, k.bewerber) < pg_temp.los(99, w.bewerber)))),
          0::bigint, 'no blocking pair (ties broken by angebot id and los as documented)');

-- ---- the greedy oracle: with praeferenz = prioritaet (distinct), DA equals greedy by score ---------
CREATE TEMP TABLE g_kand AS
SELECT DISTINCT ON (b, a) b::bigint AS bewerber, a::bigint AS angebot, random() AS s
  FROM generate_series(1, 200) b, LATERAL (SELECT 1 + (random() * 39)::int + 0 * b AS a FROM generate_series(1, 6)) x
 ORDER BY b, a;
CREATE TEMP TABLE g_kap AS SELECT a::bigint AS angebot, 1 + (random() * 2)::int AS plaetze FROM generate_series(1, 40) a;
CREATE FUNCTION pg_temp.gierig() RETURNS TABLE (bewerber bigint, angebot bigint) LANGUAGE plpgsql AS $$
DECLARE
    r record;
    frei jsonb := (SELECT jsonb_object_agg(c.angebot, c.plaetze) FROM g_kap c);
    vergeben bigint[] := '{}';
BEGIN
    FOR r IN SELECT g.* FROM g_kand g ORDER BY g.s DESC LOOP
        IF NOT r.bewerber = ANY (vergeben) AND (frei ->> r.angebot::text)::int > 0 THEN
            frei := jsonb_set(frei, ARRAY[r.angebot::text], to_jsonb((frei ->> r.angebot::text)::int - 1));
            vergeben := vergeben || r.bewerber;
            bewerber := r.bewerber; angebot := r.angebot; RETURN NEXT;
        END IF;
    END LOOP;
END $$;
SELECT is((SELECT array_agg(ROW(bewerber, angebot)::text ORDER BY bewerber)
             FROM kaoa.stabile_zuteilung('SELECT bewerber, angebot, s, s FROM g_kand', 'SELECT angebot, plaetze FROM g_kap', 7)),
          (SELECT array_agg(ROW(bewerber, angebot)::text ORDER BY bewerber) FROM pg_temp.gierig()),
          'praeferenz = prioritaet: the assignment equals greedy by descending score');

-- ---- SECURITY INVOKER: the queries run as the caller --------------------------------------------
CREATE ROLE t_match_fremd;
GRANT USAGE ON SCHEMA kaoa TO t_match_fremd;
GRANT EXECUTE ON FUNCTION kaoa.stabile_zuteilung(text, text, bigint) TO t_match_fremd;
SET LOCAL ROLE t_match_fremd;
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT bewerber, angebot, praeferenz, prioritaet FROM z_kand', 'SELECT angebot, plaetze FROM z_kap')$$,
                 '42501', NULL, 'the queries run with the caller''s rights (no access to the tables: 42501)');
RESET ROLE;
SELECT is((SELECT provolatile::text || prosecdef::text FROM pg_proc WHERE oid = 'kaoa.stabile_zuteilung(text, text, bigint)'::regprocedure),
          'vfalse', 'stabile_zuteilung is VOLATILE and SECURITY INVOKER');

-- ---- a long run honours a cancel ------------------------------------------------------------------
CREATE FUNCTION pg_temp.abgebrochen() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM count(*) FROM kaoa.stabile_zuteilung(
        'SELECT b, b % 1000, random(), random() FROM generate_series(1::bigint, 100000000) b',
        'SELECT a, 1 FROM generate_series(0::bigint, 999) a');
    RETURN 'not cancelled';
EXCEPTION WHEN query_canceled THEN
    RETURN SQLSTATE;
END $$;
SET LOCAL statement_timeout = '300ms';
SELECT is(pg_temp.abgebrochen(), '57014', 'statement_timeout cancels a long assignment (57014)');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
