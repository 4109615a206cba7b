-- kaoa.abschluss (docs/types.md): input forms, output, order, rank, names, IT.NRW keys, errors.
-- kaoa's operators live in schema kaoa: without it on the search_path, write OPERATOR(kaoa.=).
SELECT 'MSA'::kaoa.abschluss OPERATOR(kaoa.=) 'FOR'::kaoa.abschluss AS qualified_operator;
SET search_path = public, kaoa;
SELECT v::kaoa.abschluss AS abschluss,
       kaoa.abschluss_rang(v::kaoa.abschluss) AS rang,
       kaoa.abschluss_bezeichnung(v::kaoa.abschluss) AS bezeichnung
  FROM unnest(ARRAY['OA','ESAA','ESA','ESA_FOE','ESA_Q','EESA','EESA_Q','MSA','MSA_Q','MSA_Q1',
                    'VS_11','FHR_S','FHR','FGHR','ABITUR','FOEG','FOEL','WALD']) WITH ORDINALITY AS t(v, i)
 ORDER BY v::kaoa.abschluss;

-- pre-2022 codes and aliases, any case, trimmed
SELECT v, v::kaoa.abschluss AS heute
  FROM unnest(ARRAY['HA9A','ha9','HA9_FOE','HA9_Q','HA10','HA10_Q','HSA','FOR','FOR-Q','forq',
                    'FOR_Q','FHR-S','AHR','abi','  Abitur  ']) AS t(v);

-- btree order is catalogue order: FOEL sorts after ABITUR
SELECT 'FOEL'::kaoa.abschluss > 'ABITUR'::kaoa.abschluss AS foel_after_abitur,
       'MSA'::kaoa.abschluss = 'FOR'::kaoa.abschluss AS alias_equal,
       'MSA'::kaoa.abschluss <> 'MSA_Q'::kaoa.abschluss AS ne;

-- kaoa.erfuellt compares levels; NULL when a level is not comparable
SELECT h, m, kaoa.erfuellt(h::kaoa.abschluss, m::kaoa.abschluss)
  FROM (VALUES ('ABITUR','MSA'), ('MSA','MSA'), ('ESA','MSA'), ('ESAA','ESA_Q'), ('FOEL','OA'),
               ('MSA','WALD')) AS t(h, m);

-- the one-letter IT.NRW statistics keys
SELECT string_agg(kaoa.abschluss_aus_itnrw(k)::text, ' ' ORDER BY i) AS from_keys
  FROM unnest(string_to_array('A B C S O D U F G I P H J Q K M V W', ' ')) WITH ORDINALITY AS t(k, i);
SELECT kaoa.abschluss_aus_itnrw(' q ');

-- NULL in, NULL out
SELECT kaoa.abschluss_rang(NULL) IS NULL AS rang_null, kaoa.erfuellt(NULL, 'MSA') IS NULL AS erfuellt_null;

-- bad input: 22P02 with detail and hint
\set VERBOSITY default
SELECT 'MSA Q'::kaoa.abschluss;
SELECT ''::kaoa.abschluss;
SELECT 'Realschulabschluss'::kaoa.abschluss;
SELECT kaoa.abschluss_aus_itnrw('E');
SELECT kaoa.abschluss_aus_itnrw('AB');

-- hash and btree opclasses are the defaults: DISTINCT/GROUP BY hash, ORDER BY sorts, indexes work
CREATE TABLE abschluss_t (a kaoa.abschluss);
INSERT INTO abschluss_t SELECT (ARRAY['MSA','FOR','ABITUR','OA','FOEL'])[1 + i % 5]::kaoa.abschluss
  FROM generate_series(0, 99) i;
SET enable_sort = off;
SELECT a, count(*) FROM abschluss_t GROUP BY a ORDER BY a;
RESET enable_sort;
CREATE INDEX ON abschluss_t USING hash (a);
CREATE INDEX ON abschluss_t (a);
SET enable_seqscan = off;
SELECT count(*) FROM abschluss_t WHERE a = 'ABITUR';
RESET enable_seqscan;

-- binary COPY round trip, and recv refuses a wrong value or length
SELECT '/tmp/kaoa_regress_abschluss_' || pg_backend_pid() AS binfile \gset
COPY abschluss_t TO :'binfile' (FORMAT binary);
CREATE TABLE abschluss_back (a kaoa.abschluss);
COPY abschluss_back FROM :'binfile' (FORMAT binary);
SELECT (SELECT array_agg(a ORDER BY a) FROM abschluss_t) = (SELECT array_agg(a ORDER BY a) FROM abschluss_back) AS binary_round_trip;
CREATE TABLE raw_bytes (b bytea);
INSERT INTO raw_bytes VALUES ('\x010013');          -- version 1, code 19: not in the catalogue
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY abschluss_back FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x0100');   -- one value byte instead of two
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY abschluss_back FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x020008');  -- unknown format version
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY abschluss_back FROM :'binfile' (FORMAT binary);
SELECT count(*) AS rows_after_refused_copies FROM abschluss_back;
DROP TABLE abschluss_t, abschluss_back, raw_bytes;
RESET search_path;
