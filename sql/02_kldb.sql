-- kaoa.kldb (DESIGN.md §3): levels, Anforderungsniveau, common prefix, branch operators, order, errors.
SET search_path = public, kaoa;
SELECT k::kldb AS kldb, kldb_ebene(k::kldb) AS ebene, kldb_niveau(k::kldb) AS niveau
  FROM unnest(ARRAY['2', '26', '263', '2631', '26312', ' 01104 ', '94134']) AS t(k)
 ORDER BY k::kldb;

-- order is the order of the digit strings, not of the numbers
SELECT array_agg(k ORDER BY k) AS sorted
  FROM unnest('{2,111,11,1,26312,263,0,01104}'::kldb[]) AS t(k);

SELECT a, b, kldb_gemeinsam(a, b), a <@ b AS a_in_b, a @> b AS a_contains_b
  FROM (VALUES ('26312'::kldb, '263'::kldb), ('263', '26312'), ('26312', '26312'),
               ('26312', '26322'), ('26412', '263'), ('26312', '51312')) AS t(a, b);

-- <@ and @> are each other's commutator, so the planner may flip them
SELECT o.oprname, c.oprname AS commutator
  FROM pg_operator o JOIN pg_operator c ON c.oid = o.oprcom
 WHERE o.oprleft = 'kaoa.kldb'::regtype AND o.oprname IN ('<@', '@>') ORDER BY 1;

-- branch look-ups: the codes in branch 2 and in branch 26
CREATE TABLE kldb_t (k kldb);
INSERT INTO kldb_t SELECT (lpad((i * 7919 % 100000)::text, 5, '0')::text)::text::kldb
  FROM generate_series(1, 2000) i WHERE (i * 7919 % 100000) % 10 BETWEEN 1 AND 4;
CREATE INDEX ON kldb_t (k);
SELECT count(*) AS in_branch_2, count(*) FILTER (WHERE k <@ '26') AS in_branch_26
  FROM kldb_t WHERE k <@ '2';
SELECT count(DISTINCT k) = count(*) AS distinct_by_hash FROM kldb_t;

-- bad input: 22P02 with detail and hint
SELECT '263125'::kldb;
SELECT '26315'::kldb;
SELECT '26a12'::kldb;
SELECT ''::kldb;

-- binary COPY round trip; recv refuses a malformed packed value
SELECT '/tmp/kaoa_regress_kldb_' || pg_backend_pid() AS binfile \gset
COPY kldb_t TO :'binfile' (FORMAT binary);
CREATE TABLE kldb_back (k kldb);
COPY kldb_back FROM :'binfile' (FORMAT binary);
SELECT (SELECT array_agg(k ORDER BY k) FROM kldb_t) = (SELECT array_agg(k ORDER BY k) FROM kldb_back) AS binary_round_trip;
CREATE TABLE raw_bytes (b bytea);
INSERT INTO raw_bytes VALUES ('\x0100030400');   -- digit 2, a gap, digit 3: not a packed code
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x0100037428');  -- 5th digit 7
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x01000374');    -- 3 value bytes
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kldb_back FROM :'binfile' (FORMAT binary);
SELECT kldb_send('26312')::text AS send;
DROP TABLE kldb_t, kldb_back, raw_bytes;
RESET search_path;
