-- pgTAP: kaoa.kompetenzen declarations, error classes and behaviour (DESIGN.md §3, §7).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
SELECT plan(19);

SELECT has_type('kaoa', 'kompetenzen', 'type kaoa.kompetenzen exists');
SELECT is((SELECT count(*)::int FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
            WHERE c.opcintype = 'kaoa.kompetenzen'::regtype AND c.opcdefault AND a.amname IN ('btree', 'hash')),
          2, 'default btree and hash opclasses');
SELECT is((SELECT count(*)::int FROM pg_proc p WHERE p.pronamespace = 'kaoa'::regnamespace
              AND (p.proname LIKE 'kompetenzen%' OR p.proname = 'erfuellungsgrad')
              AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')),
          0, 'every kompetenzen function is IMMUTABLE STRICT PARALLEL SAFE');

SELECT throws_ok($$SELECT 'sorgfalt=3,sorgfalt=4'::kompetenzen$$, '22P02',
                 'invalid input syntax for type kaoa.kompetenzen: "sorgfalt=3,sorgfalt=4"', 'dimension twice');
SELECT throws_ok($$SELECT 'sorgfalt=6'::kompetenzen$$, '22P02', NULL, 'level 6');
SELECT throws_ok($$SELECT 'fleiss=3'::kompetenzen$$, '22P02', NULL, 'unknown dimension');
SELECT throws_ok($$SELECT 'sorgfalt'::kompetenzen$$, '22P02', NULL, 'no level');
SELECT throws_ok($$SELECT 'sorgfalt=3,'::kompetenzen$$, '22P02', NULL, 'empty entry');
SELECT throws_ok($$SELECT 'teamfähigkeit=1,TEAMFAEHIGKEIT=2'::kompetenzen$$, '22P02', NULL, 'twice in two spellings');

SELECT is('teamfaehigkeit=4, sorgfalt=3'::kompetenzen::text, 'sorgfalt=3,teamfaehigkeit=4', 'output in fixed order');
SELECT is('Teamfähigkeit=4'::kompetenzen::text, 'teamfaehigkeit=4', 'umlaut spelling');
SELECT is('ZUVERLÄSSIGKEIT=2, problemlösung=1, konfliktfähigkeit=3'::kompetenzen::text,
          'zuverlaessigkeit=2,konfliktfaehigkeit=3,problemloesung=1', 'upper-case umlauts, three umlaut names');
SELECT is(''::kompetenzen::text, '', 'empty string is all zero');
SELECT is(erfuellungsgrad('sorgfalt=3', ''), 1::float8, 'nothing required: 1');
SELECT is(erfuellungsgrad('', 'sorgfalt=3'), 0.5::float8, 'unknown level: 0.5');
SELECT is(erfuellungsgrad('sorgfalt=2', 'sorgfalt=3'), 0::float8, 'below: 0');
SELECT is(erfuellungsgrad('sorgfalt=5,planung=1', 'sorgfalt=3,planung=2,teamfaehigkeit=4'), 0.5::float8,
          '(1 + 0 + 0.5) / 3');
SELECT is(erfuellungsgrad(NULL, 'sorgfalt=3'), NULL, 'STRICT: NULL in, NULL out');
SELECT ok('motivation=1'::kompetenzen > 'raumvorstellung=5', 'lexicographic over the twelve levels');

SELECT * FROM finish();
ROLLBACK;
