-- pgTAP: kaoa.kompetenzen declarations, error classes (SQLSTATE), and behaviour (docs/types.md, docs/matching.md).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir types_fixture.psql
SELECT plan(40);

-- declarations
SELECT has_type('kaoa', 'kompetenzen', 'type kaoa.kompetenzen exists');
SELECT is((SELECT (typlen, typbyval, typalign, typstorage)::text FROM pg_type WHERE oid = 'kaoa.kompetenzen'::regtype),
          '(12,f,c,p)', 'twelve bytes by reference, alignment char, storage plain');
SELECT is((SELECT array_agg(a.amname::text ORDER BY a.amname) FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
            WHERE c.opcintype = 'kaoa.kompetenzen'::regtype AND c.opcdefault),
          '{btree,hash}', 'default btree and hash opclasses');
SELECT is((SELECT count(*)::int FROM pg_amproc p JOIN pg_opfamily f ON f.oid = p.amprocfamily
            JOIN pg_am a ON a.oid = f.opfmethod
            WHERE a.amname = 'hash' AND p.amproclefttype = 'kaoa.kompetenzen'::regtype AND p.amprocnum = 2),
          1, 'hash opclass has the extended hash support function');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_proc p
            WHERE p.pronamespace = 'kaoa'::regnamespace
              AND (p.proname LIKE 'kompetenzen%' OR p.proname = 'erfuellungsgrad')
              AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')),
          NULL, 'every kompetenzen function is IMMUTABLE STRICT PARALLEL SAFE');

-- every error class of text input: 22P02 in the standard form
SELECT throws_ok($$SELECT 'sorgfalt=3,sorgfalt=4'::kaoa.kompetenzen$$, '22P02',
    'invalid input syntax for type kaoa.kompetenzen: "sorgfalt=3,sorgfalt=4"', 'a dimension twice: 22P02 in the standard form');
SELECT throws_ok($$SELECT 'teamfaehigkeit=1,TEAMFÄHIGKEIT=1'::kaoa.kompetenzen$$, '22P02', NULL, 'twice in two spellings: 22P02');
SELECT throws_ok($$SELECT 'sorgfalt=6'::kaoa.kompetenzen$$, '22P02', NULL, 'level 6: 22P02');
SELECT throws_ok($$SELECT 'sorgfalt=-1'::kaoa.kompetenzen$$, '22P02', NULL, 'negative level: 22P02');
SELECT throws_ok($$SELECT 'sorgfalt=hoch'::kaoa.kompetenzen$$, '22P02', NULL, 'level not a number: 22P02');
SELECT throws_ok($$SELECT 'fleiss=3'::kaoa.kompetenzen$$, '22P02', NULL, 'unknown dimension: 22P02');
SELECT throws_ok($$SELECT 'sorgfalt'::kaoa.kompetenzen$$, '22P02', NULL, 'no ''='': 22P02');
SELECT throws_ok($$SELECT 'sorgfalt=1,,planung=2'::kaoa.kompetenzen$$, '22P02', NULL, 'empty entry: 22P02');
-- every error class of binary input: 22P03
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kompetenzen', '\x01000000000000000000000009')$$, '22P03',
    'invalid binary value for type kaoa.kompetenzen', 'recv: level 9 is 22P03');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kompetenzen', '\x010000000000000000000000')$$, '22P03', NULL, 'recv: eleven value bytes');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kompetenzen', '\xff000000000000000000000000')$$, '22P03', NULL, 'recv: unknown version');

-- details and hint
SELECT is((pg_temp.fehler($$SELECT 'Sorgfalt=1, SORGFALT=2'::kaoa.kompetenzen$$)).detail,
          'The dimension sorgfalt is given twice.', 'detail: duplicate, named in the output spelling');
SELECT is((pg_temp.fehler($$SELECT 'planung=1, sorgfalt=7'::kaoa.kompetenzen$$)).detail,
          'Entry 2 ("sorgfalt=7"): the level is out of range; levels run from 0 to 5.', 'detail: out of range');
SELECT is((pg_temp.fehler($$SELECT 'fleiß=3'::kaoa.kompetenzen$$)).detail,
          'Entry 1 ("fleiß=3") does not name one of the twelve dimensions.', 'detail: unknown dimension, umlaut kept');
SELECT matches((pg_temp.fehler($$SELECT 'x'::kaoa.kompetenzen$$)).hint,
          '^Accepted: comma-separated name=level pairs with levels 0-5.*motivation, zuverlaessigkeit, .* raumvorstellung',
          'hint lists the names');
SELECT is((pg_temp.fehler($$SELECT pg_temp.binaer_laden('kaoa.kompetenzen', '\x01000000000600000000000000')$$)).detail,
          'The level of teamfaehigkeit (byte 5) is 6.', 'recv detail names the dimension and level');

-- values
SELECT is('sorgfalt=3, teamfaehigkeit=4'::kaoa.kompetenzen::text, 'sorgfalt=3,teamfaehigkeit=4', 'the documented example');
SELECT is('TEAMFÄHIGKEIT=4,Sorgfalt = 3'::kaoa.kompetenzen::text, 'sorgfalt=3,teamfaehigkeit=4', 'any order and case, Ä');
SELECT is('zuverlässigkeit=2'::kaoa.kompetenzen::text, 'zuverlaessigkeit=2', 'zuverlässigkeit');
SELECT is('problemlösung=2'::kaoa.kompetenzen::text, 'problemloesung=2', 'problemlösung');
SELECT is('PROBLEMLÖSUNG=2'::kaoa.kompetenzen::text, 'problemloesung=2', 'PROBLEMLÖSUNG');
SELECT is('konfliktfähigkeit=5'::kaoa.kompetenzen::text, 'konfliktfaehigkeit=5', 'konfliktfähigkeit');
SELECT is(''::kaoa.kompetenzen::text, '', 'the empty string is all zero and prints as the empty string');
SELECT ok(''::kaoa.kompetenzen = 'motivation=0,sorgfalt=0', 'level 0 is the same as not given');
SELECT is('sorgfalt=005'::kaoa.kompetenzen::text, 'sorgfalt=5', 'leading zeros are harmless');
-- erfuellungsgrad (docs/matching.md)
SELECT is(erfuellungsgrad('sorgfalt=5,planung=1', 'sorgfalt=3,planung=2,teamfaehigkeit=4'), 0.5::float8,
          'erfuellungsgrad: (1 + 0 + 0.5) / 3');
SELECT is(erfuellungsgrad('sorgfalt=4,planung=2', 'sorgfalt=3,planung=2'), 1::float8, 'all met: 1');
SELECT is(erfuellungsgrad('sorgfalt=2', 'sorgfalt=3,planung=2'), 0.25::float8, 'one unmet, one unknown: 0.25');
SELECT is(erfuellungsgrad('sorgfalt=2', ''), 1::float8, 'nothing required: 1');
SELECT is(erfuellungsgrad('', 'sorgfalt=1,planung=5'), 0.5::float8, 'nothing known: 0.5');
-- order, binary, hash
SELECT results_eq($$SELECT k::text AS code FROM unnest('{sorgfalt=1,motivation=1,"",raumvorstellung=5}'::kaoa.kompetenzen[]) k ORDER BY k$$,
                  $$VALUES (''), ('raumvorstellung=5'), ('sorgfalt=1'), ('motivation=1')$$,
                  'ORDER BY is lexicographic over the twelve levels');
SELECT is(kompetenzen_send('sorgfalt=3,teamfaehigkeit=4')::text, '\x01000000030400000000000000',
          'send: version byte 1, then twelve level bytes');
SELECT is(pg_temp.binaer_laden('kaoa.kompetenzen', '\x01050000000000000000000001'), 'motivation=5,raumvorstellung=1',
          'recv reads what send writes');
SELECT is(kaoa.kompetenzen_hash('Sorgfalt=3'), kaoa.kompetenzen_hash('sorgfalt=3'), 'equal profiles hash equally');
SELECT isnt(kaoa.kompetenzen_hash_extended('sorgfalt=3', 0), kaoa.kompetenzen_hash_extended('sorgfalt=3', 1),
            'the seed changes the extended hash');

SELECT * FROM finish();
ROLLBACK;
