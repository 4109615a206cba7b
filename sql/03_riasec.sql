-- kaoa.riasec (docs/types.md): both input forms, output, Holland code, kongruenz, order, errors,
-- binary format.
SET search_path = public, kaoa;

-- the letter=value form: any order and case, spaces allowed, missing letters are 0
SELECT v AS eingabe, v::riasec AS riasec
  FROM unnest(ARRAY['R=40,I=10,A=0,S=80,E=20,C=5', 's=80, r = 40 ,C=5,  e=20 , i=10', 'S=100', 'R=0',
                    ' A=007 ']) AS t(v);

-- a Holland code of 1-3 distinct letters: letter i of n gets round-half-up(100·(n−i)/n)
SELECT v AS eingabe, v::riasec AS riasec
  FROM unnest(ARRAY['S', 'SE', 'SEC', 'sec', ' CRI ', 'IA']) AS t(v);

-- holland_code: the up to three highest non-zero letters, ties in R I A S E C order
SELECT v, holland_code(v::riasec)
  FROM unnest(ARRAY['R=40,I=10,A=0,S=80,E=20,C=5', 'R=50,I=50,A=50,S=50', 'S=80,E=50,A=50,C=50',
                    'C=10,E=10', 'C=1', 'SEC', 'R=0']) AS t(v);

-- kongruenz: cosine similarity; 0.5 when either profile is all zero
SELECT a, b, round(kongruenz(a::riasec, b::riasec)::numeric, 6) AS kongruenz
  FROM (VALUES ('S', 'S=50'), ('R', 'S'), ('R=3,I=4', 'R=4,I=3'), ('SEC', 'SE'), ('SEC', 'CES'),
               ('R=0', 'S'), ('S', 'R=0'), ('R=0', 'R=0')) AS t(a, b);
SELECT kongruenz('R=40,I=10,A=0,S=80,E=20,C=5', 'R=40,I=10,A=0,S=80,E=20,C=5') = 1 AS self_is_exactly_1,
       kongruenz('R=3,I=4', 'R=4,I=3') = 24.0 / 25 AS three_four;

-- btree order: lexicographic over R I A S E C (numeric per letter)
SELECT v::riasec AS riasec FROM unnest(ARRAY['C=10', 'C=2', 'R=1', 'I=100', 'S', 'R=0', 'SE', 'SEC'])
  AS t(v) ORDER BY v::riasec;
SELECT 'SEC'::riasec = 'S=100,E=67,C=33' AS holland_equals_pairs, 'S'::riasec <> 'SE' AS ne,
       'R=1'::riasec > 'I=100' AS r_decides_first;

-- NULL in, NULL out
SELECT holland_code(NULL) IS NULL AS holland, kongruenz('S', NULL) IS NULL AS kongruenz;

-- bad input: 22P02 with a detail naming the rule and a hint
\set VERBOSITY default
SELECT ''::riasec;
SELECT 'R=40,R=10'::riasec;
SELECT 'R=101'::riasec;
SELECT 'R=-5'::riasec;
SELECT 'X=5'::riasec;
SELECT 'R=5,,I=3'::riasec;
SELECT 'SES'::riasec;
SELECT 'SECR'::riasec;
SELECT 'SXE'::riasec;

-- hash and btree opclasses are the defaults: GROUP BY hashes, ORDER BY sorts, indexes work
CREATE TABLE riasec_t (id int, r riasec);
INSERT INTO riasec_t SELECT i, (ARRAY['S', 'SE', 'SEC', 'R=40,I=10,A=0,S=80,E=20,C=5', 'R=0'])[1 + i % 5]::riasec
  FROM generate_series(0, 99) i;
SET enable_sort = off;
SELECT r, holland_code(r), count(*) FROM riasec_t GROUP BY r ORDER BY r;
RESET enable_sort;
CREATE INDEX riasec_t_hash ON riasec_t USING hash (r);
CREATE INDEX riasec_t_btree ON riasec_t (r);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM riasec_t WHERE r = 'SEC';
SELECT count(*) FROM riasec_t WHERE r = 'SEC';
EXPLAIN (COSTS OFF) SELECT count(*) FROM riasec_t WHERE r > 'R=0' AND r < 'R=1';
SELECT count(*) FROM riasec_t WHERE r > 'R=0' AND r < 'R=1';
RESET enable_seqscan;
RESET enable_bitmapscan;

-- binary COPY round trip, and recv refuses a wrong value, length or version
SELECT '/tmp/kaoa_regress_riasec_' || pg_backend_pid() AS binfile \gset
COPY riasec_t TO :'binfile' (FORMAT binary);
CREATE TABLE riasec_back (id int, r riasec);
COPY riasec_back FROM :'binfile' (FORMAT binary);
SELECT (SELECT array_agg((id, r) ORDER BY id) FROM riasec_t) = (SELECT array_agg((id, r) ORDER BY id) FROM riasec_back)
       AS binary_round_trip;
SELECT riasec_send('R=40,I=10,A=0,S=80,E=20,C=5') AS send;
CREATE TABLE raw_bytes (b bytea);
INSERT INTO raw_bytes VALUES ('\x01280a00501405');     -- version 1, R=40,I=10,A=0,S=80,E=20,C=5
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY riasec_back (r) FROM :'binfile' (FORMAT binary);
SELECT r FROM riasec_back WHERE id IS NULL;
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x01280a00651405');   -- S = 101
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY riasec_back (r) FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x01280a005014');     -- five value bytes
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY riasec_back (r) FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x00280a00501405');   -- format version 0
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY riasec_back (r) FROM :'binfile' (FORMAT binary);
SELECT count(*) AS rows_after_refused_copies FROM riasec_back;
DROP TABLE riasec_t, riasec_back, raw_bytes;
RESET search_path;
