-- pgTAP: kaoa.abschluss declarations, error classes (SQLSTATE), and behaviour (docs/types.md).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
SELECT plan(24);

SELECT has_type('kaoa', 'abschluss', 'type kaoa.abschluss exists');
SELECT has_opclass('kaoa', 'abschluss_ops', 'opclass kaoa.abschluss_ops exists');
SELECT is((SELECT count(*)::int FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
            WHERE c.opcintype = 'kaoa.abschluss'::regtype AND c.opcdefault AND a.amname IN ('btree', 'hash')),
          2, 'default btree and hash opclasses');
SELECT is((SELECT count(*)::int FROM pg_amproc p JOIN pg_opfamily f ON f.oid = p.amprocfamily
            JOIN pg_am a ON a.oid = f.opfmethod
            WHERE a.amname = 'hash' AND p.amproclefttype = 'kaoa.abschluss'::regtype AND p.amprocnum = 2),
          1, 'hash opclass has the extended hash support function');
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.pronamespace = 'kaoa'::regnamespace
              AND (p.proname LIKE 'abschluss%' OR p.proname = 'erfuellt')
              AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')),
          0, 'every abschluss function is IMMUTABLE STRICT PARALLEL SAFE');

SELECT throws_ok($$SELECT 'MSA Q'::kaoa.abschluss$$, '22P02',
    'invalid input syntax for type kaoa.abschluss: "MSA Q"', 'inner space: 22P02 in the standard form');
SELECT throws_ok($$SELECT ''::kaoa.abschluss$$, '22P02', NULL, 'empty: 22P02');
SELECT throws_ok($$SELECT 'HA11'::kaoa.abschluss$$, '22P02', NULL, 'unknown old code: 22P02');
SELECT throws_ok($$SELECT kaoa.abschluss_aus_itnrw('E')$$, '22P02', NULL, 'unknown IT.NRW key: 22P02');
SELECT throws_ok($$SELECT kaoa.abschluss_aus_itnrw('')$$, '22P02', NULL, 'empty IT.NRW key: 22P02');

-- the error carries a detail naming the rule and a hint listing the accepted forms
CREATE FUNCTION pg_temp.fehler(sql text, OUT detail text, OUT hint text) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;
SELECT is((pg_temp.fehler($$SELECT 'Hauptschule'::kaoa.abschluss$$)).detail,
          '"Hauptschule" is not a known qualification code.', 'detail names what was found');
SELECT matches((pg_temp.fehler($$SELECT 'x'::kaoa.abschluss$$)).hint,
          'OA, ESAA, ESA, .*pre-2022 codes HA9A.*aliases HSA', 'hint lists the accepted forms');
SELECT is((pg_temp.fehler($$SELECT kaoa.abschluss_aus_itnrw('XY')$$)).detail,
          'A statistics key is exactly one letter; found "XY".', 'IT.NRW detail');

SELECT is('hsa'::kaoa.abschluss::text, 'ESA', 'alias HSA prints as ESA');
SELECT is(kaoa.abschluss_rang('FOEG'), NULL, 'FOEG has no rank');
SELECT is(kaoa.abschluss_rang('MSA_Q1'), 4, 'MSA_Q1 has rank 4');
SELECT is(kaoa.erfuellt('FHR', 'MSA_Q'), true, 'FHR fulfils MSA_Q');
SELECT is(kaoa.erfuellt('EESA', 'MSA'), false, 'EESA does not fulfil MSA');
SELECT is(kaoa.erfuellt('WALD', 'OA'), NULL, 'WALD is not comparable');
SELECT is(kaoa.abschluss_bezeichnung('ABITUR'), 'Allgemeine Hochschulreife', 'long name');
SELECT ok('FOEL'::kaoa.abschluss > 'ABITUR', 'btree order is catalogue order');
SELECT results_eq($$SELECT a::text AS code FROM unnest('{WALD,OA,MSA,ESA_FOE}'::kaoa.abschluss[]) a ORDER BY a$$,
                  $$VALUES ('OA'), ('ESA_FOE'), ('MSA'), ('WALD')$$, 'ORDER BY uses catalogue order');
SELECT is(kaoa.abschluss_aus_itnrw('i'), 'MSA_Q1'::kaoa.abschluss, 'IT.NRW key I is MSA_Q1');
SELECT is(kaoa.abschluss_send('ABITUR')::text, '\x01000f', 'send: version byte 1, then int16 15');

SELECT * FROM finish();
ROLLBACK;
