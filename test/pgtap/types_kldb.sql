-- pgTAP: kaoa.kldb declarations, error classes and behaviour (DESIGN.md §3).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
SELECT plan(22);

SELECT has_type('kaoa', 'kldb', 'type kaoa.kldb exists');
SELECT is((SELECT count(*)::int FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
            WHERE c.opcintype = 'kaoa.kldb'::regtype AND c.opcdefault AND a.amname IN ('btree', 'hash')),
          2, 'default btree and hash opclasses');
SELECT is((SELECT count(*)::int FROM pg_proc p WHERE p.pronamespace = 'kaoa'::regnamespace
              AND p.proname LIKE 'kldb%' AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')),
          0, 'every kldb function is IMMUTABLE STRICT PARALLEL SAFE');
SELECT is((SELECT c.oprname FROM pg_operator o JOIN pg_operator c ON c.oid = o.oprcom
            WHERE o.oprname = '<@' AND o.oprleft = 'kaoa.kldb'::regtype), '@>', '<@ has @> as commutator');

SELECT throws_ok($$SELECT '263125'::kldb$$, '22P02', 'invalid input syntax for type kaoa.kldb: "263125"', 'six digits');
SELECT throws_ok($$SELECT '26315'::kldb$$, '22P02', NULL, '5th digit 5');
SELECT throws_ok($$SELECT '26310'::kldb$$, '22P02', NULL, '5th digit 0');
SELECT throws_ok($$SELECT '26a'::kldb$$, '22P02', NULL, 'letter');
SELECT throws_ok($$SELECT ''::kldb$$, '22P02', NULL, 'empty');
SELECT throws_ok($$SELECT '-26'::kldb$$, '22P02', NULL, 'sign');

SELECT is(kldb_ebene('2631'), 4, 'ebene 4');
SELECT is(kldb_niveau('26312'), 2, 'niveau 2');
SELECT is(kldb_niveau('2631'), NULL, 'no niveau below 5 digits');
SELECT is(kldb_gemeinsam('26312', '26322'), 3, 'gemeinsam 3');
SELECT ok('26312'::kldb <@ '263', '26312 <@ 263');
SELECT ok(NOT ('263'::kldb <@ '26312'), 'not 263 <@ 26312');
SELECT ok('263'::kldb @> '26312', '263 @> 26312');
SELECT ok('01104'::kldb < '1', 'leading 0 sorts first');
SELECT ok('111'::kldb < '2', 'digit-string order, not numeric');
SELECT is(' 26312 '::kldb::text, '26312', 'trimmed');
SELECT is(kldb_send('2')::text, '\x0100030000', 'send: version 1, packed nibbles');
SELECT is(kldb_ebene(NULL), NULL, 'NULL in, NULL out');

SELECT * FROM finish();
ROLLBACK;
