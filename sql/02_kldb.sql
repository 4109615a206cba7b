-- kaoa.kldb (docs/types.md): input, output, levels, order, branch operators, index use, errors,
-- binary format.
SET search_path = public, kaoa;

-- one code per level; leading zeros are digits (Berufsbereich 0 = Militär); input is trimmed
SELECT translate(v, E'\t\n', '→↵') AS eingabe, v::kldb AS kldb, kldb_ebene(v::kldb) AS ebene, kldb_niveau(v::kldb) AS niveau
  FROM unnest(ARRAY['2', '26', '263', '2631', '26312', '0', '01104', '  94134 ', E'\t51312\n']) AS t(v);

-- the 5th digit is the Anforderungsniveau 1-4 (Helfer, Fachkraft, Spezialist, Experte)
SELECT v::kldb AS kldb, kldb_niveau(v::kldb) AS niveau
  FROM unnest(ARRAY['26311', '26312', '26313', '26314']) AS t(v);

-- btree order is the order of the digit strings, not of the numbers
SELECT k FROM unnest('{2,111,0,11,1,26312,263,01104,26,9,99994}'::kldb[]) AS k ORDER BY k;
SELECT '1'::kldb < '11' AS a, '11'::kldb < '111' AS b, '111'::kldb < '2' AS c, '26312'::kldb > '263' AS d,
       '05'::kldb = '5' AS leading_zero_matters, '263'::kldb = ' 263 ' AS trimmed_equal;

-- kldb_gemeinsam: number of equal leading digits
SELECT a, b, kldb_gemeinsam(a::kldb, b::kldb)
  FROM (VALUES ('26312', '26312'), ('26312', '26322'), ('26312', '263'), ('263', '26312'),
               ('26312', '26412'), ('26312', '2'), ('26312', '51312'), ('0', '01104')) AS t(a, b);

-- a <@ b: a lies in b's branch (b is a prefix of a); @> the other way round
SELECT a, b, a::kldb <@ b::kldb AS liegt_in, b::kldb @> a::kldb AS enthaelt,
       b::kldb <@ a::kldb AS umgekehrt
  FROM (VALUES ('26312', '263'), ('26312', '26312'), ('26312', '2'), ('26412', '263'),
               ('263', '26312'), ('1', '11')) AS t(a, b);
SELECT o1.oprname, o1.oprcom::regoperator AS commutator
  FROM pg_operator o1
 WHERE o1.oprleft = 'kldb'::regtype AND o1.oprname IN ('<@', '@>') ORDER BY 1;

-- NULL in, NULL out
SELECT kldb_ebene(NULL) IS NULL AS ebene, kldb_gemeinsam('2', NULL) IS NULL AS gemeinsam,
       ('2'::kldb <@ NULL) IS NULL AS liegt_in;

-- bad input: 22P02 with a detail naming the rule and a hint
\set VERBOSITY default
SELECT '26315'::kldb;
SELECT '26310'::kldb;
SELECT '263125'::kldb;
SELECT '2631a'::kldb;
SELECT 'B 26312'::kldb;
SELECT '+5'::kldb;
SELECT ''::kldb;

-- a table of offers: hash and btree opclasses are the defaults, indexes serve =, ranges and branches
CREATE TABLE kldb_t (id int, k kldb);
INSERT INTO kldb_t
SELECT i, (lpad((i * 7919 % 10000)::text, 4, '0') || (1 + i % 4))::kldb FROM generate_series(1, 20000) i;
INSERT INTO kldb_t SELECT 20000 + i, v::kldb FROM unnest('{2,26,263,2631}'::text[]) WITH ORDINALITY AS t(v, i);
ANALYZE kldb_t;
SET enable_sort = off;
SELECT kldb_ebene(k) AS ebene, count(*) FROM kldb_t GROUP BY kldb_ebene(k) ORDER BY 1;
SELECT count(DISTINCT k) AS distinct_codes FROM kldb_t;
RESET enable_sort;
-- the branch counts without any index
SELECT b, (SELECT count(*) FROM kldb_t WHERE k <@ b::kldb) AS darin,
          (SELECT count(*) FROM kldb_t WHERE b::kldb @> k) AS enthaelt,
          (SELECT count(*) FROM kldb_t WHERE b::kldb <@ k) AS zweige
  FROM unnest('{2,26,263,2631,26312,0}'::text[]) AS b;
CREATE TABLE kldb_seq AS SELECT b, (SELECT array_agg(id ORDER BY id) FROM kldb_t WHERE k <@ b::kldb) AS ids
  FROM unnest('{2,26,263,2631,26312,0,9,99}'::text[]) AS b;
CREATE INDEX kldb_t_k ON kldb_t (k);
CREATE INDEX kldb_t_k_hash ON kldb_t USING hash (k);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM kldb_t WHERE k = '26312';
EXPLAIN (COSTS OFF) SELECT id FROM kldb_t WHERE k <@ '263';
EXPLAIN (COSTS OFF) SELECT id FROM kldb_t WHERE '263' @> k;
EXPLAIN (COSTS OFF) SELECT id FROM kldb_t WHERE k <@ '26312';
EXPLAIN (COSTS OFF) SELECT id FROM kldb_t WHERE '26312' <@ k;
EXPLAIN (COSTS OFF) SELECT id FROM kldb_t WHERE k @> '26312';
EXPLAIN (COSTS OFF) SELECT id FROM kldb_t WHERE k BETWEEN '2' AND '3';
-- the index gives the same rows as the sequential scan, for every branch
SELECT s.b, s.ids IS NOT DISTINCT FROM (SELECT array_agg(id ORDER BY id) FROM kldb_t WHERE k <@ s.b::kldb) AS same_rows,
       coalesce(array_length(s.ids, 1), 0) AS n
  FROM kldb_seq s ORDER BY s.b;
SELECT array_agg(k ORDER BY k) AS branches_of_26312 FROM kldb_t WHERE '26312' <@ k;
DROP INDEX kldb_t_k_hash;
EXPLAIN (COSTS OFF) SELECT id FROM kldb_t WHERE k = '26312';
SELECT count(*) FROM kldb_t WHERE k = '26312';
RESET enable_seqscan;
RESET enable_bitmapscan;
-- the branch estimate comes from the column statistics (about 2000 rows in branch 2, not 0.5 %)
CREATE FUNCTION pg_temp.geschaetzt(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE plan text;
BEGIN
    EXECUTE 'EXPLAIN ' || q INTO plan;
    RETURN (regexp_match(plan, 'rows=(\d+)'))[1]::int;
END $$;
SELECT pg_temp.geschaetzt($$SELECT * FROM kldb_t WHERE k <@ '2'$$) BETWEEN 1500 AND 2500 AS branch_2_near_2000,
       pg_temp.geschaetzt($$SELECT * FROM kldb_t WHERE '2' @> k$$) BETWEEN 1500 AND 2500 AS commuted_near_2000;

-- binary COPY round trip, and recv refuses a wrong value, length or version
SELECT '/tmp/kaoa_regress_kldb_' || pg_backend_pid() AS binfile \gset
COPY kldb_t TO :'binfile' (FORMAT binary);
CREATE TABLE kldb_back (id int, k kldb);
COPY kldb_back FROM :'binfile' (FORMAT binary);
SELECT (SELECT array_agg((id, k::text) ORDER BY id) FROM kldb_t) = (SELECT array_agg((id, k::text) ORDER BY id) FROM kldb_back)
       AS binary_round_trip;
SELECT kldb_send('26312') AS send_26312, kldb_send('0') AS send_0;
CREATE TABLE raw_bytes (b bytea);
INSERT INTO raw_bytes VALUES ('\x0100037423');   -- version 1, 26312: accepted
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back (k) FROM :'binfile' (FORMAT binary);
SELECT k FROM kldb_back WHERE id IS NULL;
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x0100037428');   -- 5th digit 7
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back (k) FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x0100030300');   -- a gap between digits
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back (k) FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x0100000000');   -- no digit at all
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back (k) FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x01000374');     -- three value bytes instead of four
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back (k) FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x0200037423');   -- unknown format version
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back (k) FROM :'binfile' (FORMAT binary);
SELECT count(*) AS rows_after_refused_copies FROM kldb_back;
DROP TABLE kldb_t, kldb_back, kldb_seq, raw_bytes;
RESET search_path;
