-- kaoa.kompetenzen (DESIGN.md §3, §7): input forms, output, Erfüllungsgrad, order, errors.
SET search_path = public, kaoa;
SELECT v AS eingabe, v::kompetenzen AS profil
  FROM unnest(ARRAY['sorgfalt=3, teamfaehigkeit=4', 'Teamfähigkeit=4,sorgfalt=3', 'ZUVERLÄSSIGKEIT = 5',
                    'problemlösung=2, konfliktfähigkeit=1', '', 'sorgfalt=0']) AS t(v);

SELECT hat, braucht, erfuellungsgrad(hat::kompetenzen, braucht::kompetenzen)
  FROM (VALUES ('sorgfalt=3', ''), ('sorgfalt=3', 'sorgfalt=3'), ('sorgfalt=2', 'sorgfalt=3'),
               ('', 'sorgfalt=3'), ('sorgfalt=5,planung=1', 'sorgfalt=3,planung=2,teamfaehigkeit=4')) AS t(hat, braucht);

SELECT array_agg(k::text ORDER BY k) FROM unnest('{"sorgfalt=3","motivation=1","","raumvorstellung=5"}'::kompetenzen[]) AS t(k);

SELECT 'sorgfalt=3,sorgfalt=4'::kompetenzen;
SELECT 'sorgfalt=6'::kompetenzen;
SELECT 'fleiss=3'::kompetenzen;
SELECT 'sorgfalt'::kompetenzen;
SELECT 'sorgfalt=3,'::kompetenzen;

-- binary COPY round trip; recv refuses a level above 5
CREATE TABLE kompetenzen_t (k kompetenzen);
INSERT INTO kompetenzen_t VALUES ('sorgfalt=3,teamfaehigkeit=4'), (''), ('raumvorstellung=5');
SELECT '/tmp/kaoa_regress_kompetenzen_' || pg_backend_pid() AS binfile \gset
COPY kompetenzen_t TO :'binfile' (FORMAT binary);
CREATE TABLE kompetenzen_back (k kompetenzen);
COPY kompetenzen_back FROM :'binfile' (FORMAT binary);
SELECT array_agg(k::text ORDER BY k) FROM kompetenzen_back;
CREATE TABLE raw_bytes (b bytea);
INSERT INTO raw_bytes VALUES ('\x01000000000000000000000009');  -- raumvorstellung = 9
COPY raw_bytes TO :'binfile' (FORMAT binary);
COPY kompetenzen_back FROM :'binfile' (FORMAT binary);
DROP TABLE kompetenzen_t, kompetenzen_back, raw_bytes;
RESET search_path;
