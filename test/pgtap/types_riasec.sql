-- pgTAP: kaoa.riasec declarations, error classes and behaviour (DESIGN.md §3).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
SELECT plan(21);

SELECT has_type('kaoa', 'riasec', 'type kaoa.riasec exists');
SELECT is((SELECT count(*)::int FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
            WHERE c.opcintype = 'kaoa.riasec'::regtype AND c.opcdefault AND a.amname IN ('btree', 'hash')),
          2, 'default btree and hash opclasses');
SELECT is((SELECT count(*)::int FROM pg_proc p WHERE p.pronamespace = 'kaoa'::regnamespace
              AND (p.proname LIKE 'riasec%' OR p.proname IN ('holland_code', 'kongruenz'))
              AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')),
          0, 'every riasec function is IMMUTABLE STRICT PARALLEL SAFE');

SELECT throws_ok($$SELECT ''::riasec$$, '22P02', 'invalid input syntax for type kaoa.riasec: ""', 'empty');
SELECT throws_ok($$SELECT 'R=40,R=10'::riasec$$, '22P02', NULL, 'letter twice');
SELECT throws_ok($$SELECT 'R=101'::riasec$$, '22P02', NULL, 'out of range');
SELECT throws_ok($$SELECT 'R=-1'::riasec$$, '22P02', NULL, 'negative');
SELECT throws_ok($$SELECT 'X=5'::riasec$$, '22P02', NULL, 'unknown letter');
SELECT throws_ok($$SELECT 'SES'::riasec$$, '22P02', NULL, 'Holland code repeats a letter');
SELECT throws_ok($$SELECT 'SECR'::riasec$$, '22P02', NULL, 'Holland code of four letters');

SELECT is('SEC'::riasec::text, 'R=0,I=0,A=0,S=100,E=67,C=33', 'SEC -> 100, 67, 33');
SELECT is('SE'::riasec::text, 'R=0,I=0,A=0,S=100,E=50,C=0', 'SE -> 100, 50');
SELECT is('S'::riasec::text, 'R=0,I=0,A=0,S=100,E=0,C=0', 'S -> 100');
SELECT is('c=5, S=80'::riasec::text, 'R=0,I=0,A=0,S=80,E=0,C=5', 'any order and case, missing letters 0');
SELECT is(holland_code('R=40,I=10,A=0,S=80,E=20,C=5'), 'SRE', 'holland_code');
SELECT is(holland_code('R=50,I=50,A=50,S=50'), 'RIA', 'ties in R I A S E C order');
SELECT is(holland_code('R=0'), '', 'all zero: empty code');
SELECT is(kongruenz('S', 'S=50'), 1::float8, 'parallel: 1');
SELECT is(kongruenz('R=0', 'SEC'), 0.5::float8, 'all zero: 0.5');
SELECT is(round(kongruenz('R=3,I=4', 'R=4,I=3')::numeric, 12), 0.96, '3-4 vs 4-3: 0.96');
SELECT ok('R=100'::riasec > 'I=100', 'lexicographic over R I A S E C');

SELECT * FROM finish();
ROLLBACK;
