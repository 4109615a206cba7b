-- kaoa.kompetenzen (docs/types.md): input, umlaut spellings, output, order, erfuellungsgrad,
-- errors, binary format.
SET search_path = public, kaoa;

-- any order and case, spaces around '=' and ',', umlaut spellings; output in the fixed order
SELECT translate(v, E'\t\n', '→↵') AS eingabe, v::kompetenzen AS kompetenzen
  FROM unnest(ARRAY['sorgfalt=3, teamfaehigkeit=4', 'Teamfähigkeit = 4 , SORGFALT=3',
                    'zuverlässigkeit=2', 'ZUVERLÄSSIGKEIT=2', 'Problemlösung=5', 'PROBLEMLÖSUNG=5',
                    'konfliktfähigkeit=1', 'KonfliktFÄHIGKEIT=1', 'sorgfalt=05', E'\tplanung=2\n']) AS t(v);
-- all twelve, given in reverse order, print in the fixed order
SELECT 'raumvorstellung=1,grobmotorik=2,feinmotorik=3,problemloesung=4,planung=5,konfliktfaehigkeit=1,kommunikation=2,teamfaehigkeit=3,sorgfalt=4,konzentration=5,zuverlaessigkeit=1,motivation=2'::kompetenzen
       AS alle_zwoelf;
-- an umlaut typed as letter + combining diaeresis (U+0308, as macOS sends it) counts the same
SELECT U&'Teamfa\0308higkeit=3'::kompetenzen = 'teamfaehigkeit=3' AS decomposed_umlaut;

-- the empty string is all zero, and all zero prints as the empty string
SELECT ''::kompetenzen = 'sorgfalt=0' AS empty_is_zero, '  '::kompetenzen::text = '' AS prints_empty,
       'planung=0,sorgfalt=0'::kompetenzen::text AS zeros_not_printed;

-- erfuellungsgrad (§7): over the required dimensions, 1 where met, 0.5 where unknown (0), else 0
SELECT hat, braucht, erfuellungsgrad(hat::kompetenzen, braucht::kompetenzen)
  FROM (VALUES ('sorgfalt=3', ''), ('', ''), ('sorgfalt=3', 'sorgfalt=3'), ('sorgfalt=2', 'sorgfalt=3'),
               ('', 'sorgfalt=3'), ('sorgfalt=5,planung=1', 'sorgfalt=3,planung=2,teamfaehigkeit=4'),
               ('motivation=5', 'sorgfalt=1')) AS t(hat, braucht);

-- btree order: lexicographic over the twelve levels in the fixed order
SELECT v::kompetenzen AS kompetenzen
  FROM unnest(ARRAY['sorgfalt=1', 'motivation=1', '', 'raumvorstellung=5', 'motivation=1,raumvorstellung=1',
                    'zuverlaessigkeit=5']) AS t(v)
 ORDER BY v::kompetenzen;

-- NULL in, NULL out
SELECT erfuellungsgrad(NULL, 'sorgfalt=1') IS NULL AS erfuellungsgrad;

-- bad input: 22P02 with a detail naming the rule and a hint
\set VERBOSITY default
SELECT 'sorgfalt=3,sorgfalt=4'::kompetenzen;
SELECT 'teamfaehigkeit=1, Teamfähigkeit=2'::kompetenzen;
SELECT 'sorgfalt=6'::kompetenzen;
SELECT 'sorgfalt=-1'::kompetenzen;
SELECT 'sorgfalt=+5'::kompetenzen;
SELECT 'fleiss=3'::kompetenzen;
SELECT 'sorgfalt'::kompetenzen;
SELECT 'sorgfalt=3,'::kompetenzen;

-- hash and btree opclasses are the defaults: GROUP BY hashes, ORDER BY sorts, indexes work
CREATE TABLE kompetenzen_t (id int, k kompetenzen);
INSERT INTO kompetenzen_t
SELECT i, (ARRAY['sorgfalt=3,teamfaehigkeit=4', '', 'motivation=5', 'raumvorstellung=1'])[1 + i % 4]::kompetenzen
  FROM generate_series(0, 99) i;
SET enable_sort = off;
SELECT k, count(*) FROM kompetenzen_t GROUP BY k ORDER BY k;
RESET enable_sort;
CREATE INDEX kompetenzen_t_hash ON kompetenzen_t USING hash (k);
CREATE INDEX kompetenzen_t_btree ON kompetenzen_t (k);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM kompetenzen_t WHERE k = 'motivation=5';
SELECT count(*) FROM kompetenzen_t WHERE k = 'Motivation = 5';
EXPLAIN (COSTS OFF) SELECT count(*) FROM kompetenzen_t WHERE k >= 'motivation=1';
SELECT count(*) FROM kompetenzen_t WHERE k >= 'motivation=1';
RESET enable_seqscan;
RESET enable_bitmapscan;

-- binary COPY round trip, and recv refuses a wrong value, length or version
SELECT '/tmp/kaoa_regress_kompetenzen_' || pg_backend_pid() AS binfile \gset
COPY kompetenzen_t TO :'binfile' (FORMAT binary);
CREATE TABLE kompetenzen_back (id int, k kompetenzen);
COPY kompetenzen_back FROM :'binfile' (FORMAT binary);
SELECT (SELECT array_agg((id, k) ORDER BY id) FROM kompetenzen_t) = (SELECT array_agg((id, k) ORDER BY id) FROM kompetenzen_back)
       AS binary_round_trip;
SELECT kompetenzen_send('sorgfalt=3,teamfaehigkeit=4') AS send;
CREATE TABLE raw_bytes (b bytea);
INSERT INTO raw_bytes VALUES ('\x01000000030400000000000000');     -- version 1, sorgfalt=3,teamfaehigkeit=4
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kompetenzen_back (k) FROM :'binfile' (FORMAT binary);
SELECT k FROM kompetenzen_back WHERE id IS NULL;
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x01000000030400000000000006');   -- raumvorstellung = 6
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kompetenzen_back (k) FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x0100000003040000000000000000');   -- thirteen value bytes
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kompetenzen_back (k) FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x02000000030400000000000000');   -- format version 2
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kompetenzen_back (k) FROM :'binfile' (FORMAT binary);
SELECT count(*) AS rows_after_refused_copies FROM kompetenzen_back;
DROP TABLE kompetenzen_t, kompetenzen_back, raw_bytes;
RESET search_path;
