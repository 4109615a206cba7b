-- kaoa.riasec (DESIGN.md §3): both input forms, output, Holland code, congruence, order, errors.
SET search_path = public, kaoa;
SELECT v AS eingabe, v::riasec AS profil, holland_code(v::riasec)
  FROM unnest(ARRAY['R=40,I=10,A=0,S=80,E=20,C=5', 's = 80, r=40, C=5, e=20, i=10', 'S', 'SE', 'SEC',
                    'cri', 'R=0', 'R=50,I=50,A=50,S=50']) AS t(v);

SELECT a, b, round(kongruenz(a::riasec, b::riasec)::numeric, 6) AS kongruenz
  FROM (VALUES ('S', 'S=50'), ('R', 'S'), ('R=3,I=4', 'R=4,I=3'), ('SEC', 'SE'), ('R=0', 'SEC')) AS t(a, b);

-- lexicographic order over R I A S E C
SELECT array_agg(p::text ORDER BY p) FROM unnest('{S,R,"R=100,I=1",C,I}'::riasec[]) AS t(p);

SELECT ''::riasec;
SELECT 'R=40,R=10'::riasec;
SELECT 'R=101'::riasec;
SELECT 'SES'::riasec;
SELECT 'X=5'::riasec;
SELECT 'R=5,'::riasec;

-- binary COPY round trip; recv refuses a value above 100 and a wrong length
CREATE TABLE riasec_t (p riasec);
INSERT INTO riasec_t VALUES ('SEC'), ('R=40,I=10,A=0,S=80,E=20,C=5'), ('R=0');
SELECT '/tmp/kaoa_regress_riasec_' || pg_backend_pid() AS binfile \gset
COPY riasec_t TO :'binfile' (FORMAT binary);
CREATE TABLE riasec_back (p riasec);
COPY riasec_back FROM :'binfile' (FORMAT binary);
SELECT array_agg(p ORDER BY p) FROM riasec_back;
CREATE TABLE raw_bytes (b bytea);
INSERT INTO raw_bytes VALUES ('\x01000000650000');   -- S = 101
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY riasec_back FROM :'binfile' (FORMAT binary);
TRUNCATE raw_bytes; INSERT INTO raw_bytes VALUES ('\x0100000064');  -- four value bytes
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY riasec_back FROM :'binfile' (FORMAT binary);
SELECT riasec_send('SEC')::text AS send;
DROP TABLE riasec_t, riasec_back, raw_bytes;
RESET search_path;
