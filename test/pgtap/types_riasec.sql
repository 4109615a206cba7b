-- pgTAP: kaoa.riasec declarations, error classes (SQLSTATE), and behaviour (docs/types.md).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir types_fixture.psql
SELECT plan(47);

-- declarations
SELECT has_type('kaoa', 'riasec', 'type kaoa.riasec exists');
SELECT is((SELECT (typlen, typbyval, typalign, typstorage)::text FROM pg_type WHERE oid = 'kaoa.riasec'::regtype),
          '(6,f,c,p)', 'six bytes by reference, alignment char, storage plain');
SELECT is((SELECT array_agg(a.amname::text ORDER BY a.amname) FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
            WHERE c.opcintype = 'kaoa.riasec'::regtype AND c.opcdefault),
          '{btree,hash}', 'default btree and hash opclasses');
SELECT is((SELECT count(*)::int FROM pg_amproc p JOIN pg_opfamily f ON f.oid = p.amprocfamily
            JOIN pg_am a ON a.oid = f.opfmethod
            WHERE a.amname = 'hash' AND p.amproclefttype = 'kaoa.riasec'::regtype AND p.amprocnum = 2),
          1, 'hash opclass has the extended hash support function');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_proc p
            WHERE p.pronamespace = 'kaoa'::regnamespace
              AND (p.proname LIKE 'riasec%' OR p.proname IN ('holland_code', 'kongruenz'))
              AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')),
          NULL, 'every riasec function is IMMUTABLE STRICT PARALLEL SAFE');

-- every error class of text input: 22P02 in the standard form
SELECT throws_ok($$SELECT 'R=40,R=10'::kaoa.riasec$$, '22P02',
    'invalid input syntax for type kaoa.riasec: "R=40,R=10"', 'a letter twice: 22P02 in the standard form');
SELECT throws_ok($$SELECT 'R=101'::kaoa.riasec$$, '22P02', NULL, 'value above 100: 22P02');
SELECT throws_ok($$SELECT 'R=-1'::kaoa.riasec$$, '22P02', NULL, 'negative value: 22P02');
SELECT throws_ok($$SELECT 'R=4.5'::kaoa.riasec$$, '22P02', NULL, 'decimal value: 22P02');
SELECT throws_ok($$SELECT 'X=5'::kaoa.riasec$$, '22P02', NULL, 'unknown letter: 22P02');
SELECT throws_ok($$SELECT 'RI=5'::kaoa.riasec$$, '22P02', NULL, 'not letter=value: 22P02');
SELECT throws_ok($$SELECT 'R=5,'::kaoa.riasec$$, '22P02', NULL, 'empty entry: 22P02');
SELECT throws_ok($$SELECT 'SES'::kaoa.riasec$$, '22P02', NULL, 'Holland code repeating a letter: 22P02');
SELECT throws_ok($$SELECT 'SECR'::kaoa.riasec$$, '22P02', NULL, 'Holland code of four letters: 22P02');
SELECT throws_ok($$SELECT 'SXE'::kaoa.riasec$$, '22P02', NULL, 'Holland code with a bad letter: 22P02');
SELECT throws_ok($$SELECT ''::kaoa.riasec$$, '22P02', NULL, 'empty: 22P02');
-- every error class of binary input: 22P03
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.riasec', '\x01000000650000')$$, '22P03',
    'invalid binary value for type kaoa.riasec', 'recv: a value of 101 is 22P03');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.riasec', '\x010000006400')$$, '22P03', NULL, 'recv: five value bytes');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.riasec', '\x0300000064000000')$$, '22P03', NULL, 'recv: unknown version');

-- details and hint
SELECT is((pg_temp.fehler($$SELECT 'R=40, i=10, r=5'::kaoa.riasec$$)).detail, 'The letter R is given twice.', 'detail: duplicate');
SELECT is((pg_temp.fehler($$SELECT 's=250'::kaoa.riasec$$)).detail,
          'Entry 1 ("s=250"): S is out of range; values run from 0 to 100.', 'detail: out of range');
SELECT is((pg_temp.fehler($$SELECT 'R=40,I=zehn'::kaoa.riasec$$)).detail,
          'Entry 2 ("I=zehn") has no whole number 0-100 after the ''=''.', 'detail: not a number');
SELECT is((pg_temp.fehler($$SELECT 'SES'::kaoa.riasec$$)).detail, 'The Holland code "SES" repeats the letter S.', 'detail: Holland repeat');
SELECT matches((pg_temp.fehler($$SELECT 'x'::kaoa.riasec$$)).hint,
          '^Accepted: R=40,I=10,A=0,S=80,E=20,C=5 .* or a Holland code of 1-3 distinct letters', 'hint lists both forms');
SELECT is((pg_temp.fehler($$SELECT pg_temp.binaer_laden('kaoa.riasec', '\x010000000000ff')$$)).detail,
          'The value of C (byte 6) is 255.', 'recv detail names the letter and value');

-- values: both input forms, Holland rounding
SELECT is('R=40,I=10,A=0,S=80,E=20,C=5'::kaoa.riasec::text, 'R=40,I=10,A=0,S=80,E=20,C=5', 'canonical form round-trips');
SELECT is(' c=5, s = 80,r=40 '::kaoa.riasec::text, 'R=40,I=0,A=0,S=80,E=0,C=5', 'any order and case, spaces, missing 0');
SELECT is('S'::kaoa.riasec::text, 'R=0,I=0,A=0,S=100,E=0,C=0', 'Holland S -> S=100');
SELECT is('SE'::kaoa.riasec::text, 'R=0,I=0,A=0,S=100,E=50,C=0', 'Holland SE -> 100, 50');
SELECT is('SEC'::kaoa.riasec::text, 'R=0,I=0,A=0,S=100,E=67,C=33', 'Holland SEC -> 100, 67, 33');
SELECT is('rc'::kaoa.riasec::text, 'R=100,I=0,A=0,S=0,E=0,C=50', 'lower-case Holland code');
-- holland_code
SELECT is(holland_code('R=40,I=10,A=0,S=80,E=20,C=5'), 'SRE', 'holland_code: the three highest');
SELECT is(holland_code('R=50,I=50,A=50,S=50'), 'RIA', 'holland_code: ties in R I A S E C order');
SELECT is(holland_code('E=30,C=30,S=10'), 'ECS', 'holland_code: E before C on a tie');
SELECT is(holland_code('A=1'), 'A', 'holland_code: only non-zero letters');
SELECT is(holland_code('R=0'), '', 'holland_code of an all-zero profile is the empty string');
-- kongruenz
SELECT is(kongruenz('R=3,I=4', 'R=4,I=3'), 0.96::float8, 'kongruenz 3-4 vs 4-3 = 0.96');
SELECT is(kongruenz('S', 'S=30'), 1::float8, 'parallel profiles: 1');
SELECT is(kongruenz('R', 'C'), 0::float8, 'orthogonal profiles: 0');
SELECT is(kongruenz('R=0', 'SEC'), 0.5::float8, 'all zero on the left: 0.5');
SELECT is(kongruenz('SEC', 'R=0'), 0.5::float8, 'all zero on the right: 0.5');
-- order, binary, hash
SELECT results_eq($$SELECT r::text AS profil FROM unnest('{C=10,C=2,R=1,I=100,R=0}'::kaoa.riasec[]) r ORDER BY r$$,
                  $$VALUES ('R=0,I=0,A=0,S=0,E=0,C=0'), ('R=0,I=0,A=0,S=0,E=0,C=2'), ('R=0,I=0,A=0,S=0,E=0,C=10'),
                           ('R=0,I=100,A=0,S=0,E=0,C=0'), ('R=1,I=0,A=0,S=0,E=0,C=0')$$,
                  'ORDER BY is lexicographic over R I A S E C');
SELECT ok('SEC'::kaoa.riasec = 'S=100,E=67,C=33', 'a Holland code equals its letter=value form');
SELECT is(riasec_send('R=40,I=10,A=0,S=80,E=20,C=5')::text, '\x01280a00501405', 'send: version byte 1, then six bytes');
SELECT is(pg_temp.binaer_laden('kaoa.riasec', '\x01280a00501405'), 'R=40,I=10,A=0,S=80,E=20,C=5', 'recv reads what send writes');
SELECT is(kaoa.riasec_hash('SEC'), kaoa.riasec_hash('S=100,E=67,C=33'), 'equal profiles hash equally');
SELECT isnt(kaoa.riasec_hash_extended('SEC', 0), kaoa.riasec_hash_extended('SEC', 1), 'the seed changes the extended hash');

SELECT * FROM finish();
ROLLBACK;
