-- pgTAP: kaoa.kldb declarations, error classes (SQLSTATE), and behaviour (docs/types.md).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir types_fixture.psql
SELECT plan(51);

-- declarations
SELECT has_type('kaoa', 'kldb', 'type kaoa.kldb exists');
SELECT is((SELECT (typlen, typbyval, typalign, typstorage)::text FROM pg_type WHERE oid = 'kaoa.kldb'::regtype),
          '(4,t,i,p)', 'int4 passed by value, alignment int4, storage plain');
SELECT is((SELECT array_agg(a.amname::text ORDER BY a.amname) FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
            WHERE c.opcintype = 'kaoa.kldb'::regtype AND c.opcdefault),
          '{btree,hash}', 'default btree and hash opclasses');
SELECT is((SELECT count(*)::int FROM pg_amproc p JOIN pg_opfamily f ON f.oid = p.amprocfamily
            JOIN pg_am a ON a.oid = f.opfmethod
            WHERE a.amname = 'hash' AND p.amproclefttype = 'kaoa.kldb'::regtype AND p.amprocnum = 2),
          1, 'hash opclass has the extended hash support function');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_proc p
            WHERE p.pronamespace = 'kaoa'::regnamespace AND p.proname LIKE 'kldb%' AND p.proname <> 'kldb_zweig_sel'
              AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')),
          NULL, 'every kldb function is IMMUTABLE STRICT PARALLEL SAFE');
SELECT is((SELECT (provolatile, proisstrict, proparallel)::text FROM pg_proc
            WHERE oid = 'kaoa.kldb_zweig_sel(internal, oid, internal, integer)'::regprocedure),
          '(s,t,s)', 'the selectivity estimator reads statistics: STABLE STRICT PARALLEL SAFE');
SELECT is((SELECT oprcom::regoperator::text FROM pg_operator WHERE oid = 'kaoa.<@(kaoa.kldb, kaoa.kldb)'::regoperator),
          '@>(kldb,kldb)', '<@ has @> as commutator');
SELECT is((SELECT oprcom::regoperator::text FROM pg_operator WHERE oid = 'kaoa.@>(kaoa.kldb, kaoa.kldb)'::regoperator),
          '<@(kldb,kldb)', '@> has <@ as commutator');
SELECT is((SELECT prosupport::regproc::text FROM pg_proc WHERE oid = 'kaoa.kldb_liegt_in(kaoa.kldb, kaoa.kldb)'::regprocedure),
          'kldb_liegt_in_support', '<@ has a planner support function');

-- every error class of text input: 22P02 in the standard form
SELECT throws_ok($$SELECT '26315'::kaoa.kldb$$, '22P02',
    'invalid input syntax for type kaoa.kldb: "26315"', '5th digit 5: 22P02 in the standard form');
SELECT throws_ok($$SELECT '26310'::kaoa.kldb$$, '22P02', NULL, '5th digit 0: 22P02');
SELECT throws_ok($$SELECT '263125'::kaoa.kldb$$, '22P02', NULL, 'six digits: 22P02');
SELECT throws_ok($$SELECT '2631a'::kaoa.kldb$$, '22P02', NULL, 'a letter: 22P02');
SELECT throws_ok($$SELECT '-2'::kaoa.kldb$$, '22P02', NULL, 'a sign: 22P02');
SELECT throws_ok($$SELECT ''::kaoa.kldb$$, '22P02', NULL, 'empty: 22P02');
SELECT throws_ok($$SELECT '   '::kaoa.kldb$$, '22P02', NULL, 'blank: 22P02');
-- every error class of binary input: 22P03
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kldb', '\x0100037428')$$, '22P03',
    'invalid binary value for type kaoa.kldb', 'recv: 5th digit 7 is 22P03');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kldb', '\x0100100000')$$, '22P03', NULL, 'recv: bits above bit 19');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kldb', '\x01000374')$$, '22P03', NULL, 'recv: three value bytes');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kldb', '\x010003742300')$$, '22P03', NULL, 'recv: five value bytes');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kldb', '\x02')$$, '22P03', NULL, 'recv: unknown version');
SELECT throws_ok($$SELECT pg_temp.binaer_laden('kaoa.kldb', '\x')$$, '22P03', NULL, 'recv: no bytes at all');

-- the error carries a detail naming the rule and what was found, and the accepted forms as hint
SELECT is((pg_temp.fehler($$SELECT '26315'::kaoa.kldb$$)).detail,
          'The 5th digit of "26315" (the Anforderungsniveau) is 5; it must be 1, 2, 3 or 4.', 'detail: 5th digit');
SELECT is((pg_temp.fehler($$SELECT ' 2631-2 '::kaoa.kldb$$)).detail,
          '"2631-2" contains a character other than a digit at position 5.', 'detail: position of the bad character');
SELECT is((pg_temp.fehler($$SELECT '1234567'::kaoa.kldb$$)).detail,
          '"1234567" has 7 digits; a KldB 2010 code has 1 to 5.', 'detail: number of digits');
SELECT is((pg_temp.fehler($$SELECT 'x'::kaoa.kldb$$)).hint,
          'Accepted: 1 to 5 digits of the KldB 2010 (Berufsbereich … Berufsgattung), e.g. 2, 26, 263, 2631, 26312; the 5th digit is the Anforderungsniveau 1-4.',
          'hint lists the accepted forms');
SELECT is((pg_temp.fehler($$SELECT pg_temp.binaer_laden('kaoa.kldb', '\x0100030300')$$)).detail,
          '0x00030300: nibble 2 is 0 (no digit) but nibble 3 is not.', 'recv detail names the broken rule');

-- values
SELECT is(' 26312 '::kaoa.kldb::text, '26312', 'input trimmed');
SELECT is('01104'::kaoa.kldb::text, '01104', 'leading zero kept');
SELECT is(kldb_ebene('2'), 1, 'ebene 1: Berufsbereich');
SELECT is(kldb_ebene('2631'), 4, 'ebene 4: Berufsuntergruppe');
SELECT is(kldb_ebene('26312'), 5, 'ebene 5: Berufsgattung');
SELECT is(kldb_niveau('26312'), 2, 'niveau of 26312 is 2');
SELECT is(kldb_niveau('26314'), 4, 'niveau 4');
SELECT is(kldb_niveau('2631'), NULL, 'niveau NULL below 5 digits');
SELECT is(kldb_gemeinsam('26312', '26322'), 3, 'gemeinsam 26312/26322 = 3');
SELECT is(kldb_gemeinsam('263', '26312'), 3, 'gemeinsam 263/26312 = 3');
SELECT is(kldb_gemeinsam('26312', '51312'), 0, 'gemeinsam across Berufsbereiche = 0');
SELECT is(kldb_gemeinsam('26312', '26312'), 5, 'gemeinsam of equal codes = 5');
SELECT ok('26312'::kaoa.kldb <@ '263', '26312 <@ 263');
SELECT ok(NOT ('263'::kaoa.kldb <@ '26312'), 'not 263 <@ 26312');
SELECT ok('2'::kaoa.kldb @> '26312', '2 @> 26312');
SELECT ok('26312'::kaoa.kldb <@ '26312', 'a code lies in its own branch');
SELECT ok(NOT ('26412'::kaoa.kldb <@ '263'), 'not 26412 <@ 263');
SELECT results_eq($$SELECT k::text AS code FROM unnest('{2,111,0,11,1,26312,263,01104}'::kaoa.kldb[]) k ORDER BY k$$,
                  $$VALUES ('0'), ('01104'), ('1'), ('11'), ('111'), ('2'), ('263'), ('26312')$$,
                  'ORDER BY is the order of the digit strings');
SELECT ok('05'::kaoa.kldb <> '5', '05 and 5 are different codes');
SELECT is(kldb_send('26312')::text, '\x0100037423', 'send: version byte 1, then the packed uint32');
SELECT is(pg_temp.binaer_laden('kaoa.kldb', '\x0100037423'), '26312', 'recv reads what send writes');
SELECT is(kaoa.kldb_hash('26312'), kaoa.kldb_hash(' 26312'), 'equal codes hash equally');
SELECT isnt(kaoa.kldb_hash_extended('26312', 0), kaoa.kldb_hash_extended('26312', 1), 'the seed changes the extended hash');
SELECT is(kaoa.kldb_hash_extended('26312', 0) & 4294967295, kaoa.kldb_hash('26312')::bigint & 4294967295,
          'extended hash with seed 0 agrees with the 32-bit hash in its low bits');

SELECT * FROM finish();
ROLLBACK;
