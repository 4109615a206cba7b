-- pgTAP, security suite: invalid input of kaoa's types is not echoed unbounded (docs/errors.md).  The
-- 22P02 message quoted the whole input: a 1 MB value came back as a 1 MB message — to the client, into
-- the server log and into every reject file of an import.  The message now quotes at most 40 bytes
-- (cut with "...", control bytes as \xNN), as the details already did; the detail and the hint are
-- unchanged.  Tested for each type, and as a school writing a profile (22P02, nothing written).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir match_fixture.psql
SELECT plan(17);

-- pg_temp.fehler(sql): 'SQLSTATE|message|detail length' of the error sql raises
CREATE FUNCTION pg_temp.fehler(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s text; m text; d text;
BEGIN
    EXECUTE sql;
    RETURN 'kein Fehler';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    RETURN s || '|' || m || '|' || length(d);
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.fehler(text) TO PUBLIC;
SET LOCAL lc_messages = 'C';

-- 1 MB of input per type; each message quotes its first 40 bytes and "..."
SELECT is(split_part(pg_temp.fehler($$SELECT (repeat('2', 1048576))::kaoa.kldb$$), '|', 2),
          'invalid input syntax for type kaoa.kldb: "' || repeat('2', 40) || '..."', 'kaoa.kldb: 1 MB of input, 40 bytes quoted');
SELECT is(split_part(pg_temp.fehler($$SELECT (repeat('R', 1048576))::kaoa.riasec$$), '|', 2),
          'invalid input syntax for type kaoa.riasec: "' || repeat('R', 40) || '..."', 'kaoa.riasec: the same');
SELECT is(split_part(pg_temp.fehler($$SELECT (repeat('x', 1048576))::kaoa.kompetenzen$$), '|', 2),
          'invalid input syntax for type kaoa.kompetenzen: "' || repeat('x', 40) || '..."', 'kaoa.kompetenzen: the same');
SELECT is(split_part(pg_temp.fehler($$SELECT (repeat('M', 1048576))::kaoa.abschluss$$), '|', 2),
          'invalid input syntax for type kaoa.abschluss: "' || repeat('M', 40) || '..."', 'kaoa.abschluss: the same');
SELECT is(split_part(pg_temp.fehler($$SELECT kaoa.abschluss_aus_itnrw(repeat('Q', 1048576))$$), '|', 2),
          'invalid input syntax for type kaoa.abschluss: "' || repeat('Q', 40) || '..."', 'kaoa.abschluss from a statistics key: the same');
SELECT cmp_ok(split_part(pg_temp.fehler($$SELECT (repeat('2', 1048576))::kaoa.kldb$$), '|', 3)::integer, '<=', 256,
              'the detail stays within 256 bytes');
SELECT is(split_part(pg_temp.fehler($$SELECT (repeat('2', 1048576))::kaoa.kldb$$), '|', 1), '22P02', '… and the SQLSTATE is 22P02');
-- exactly 40 bytes are quoted whole; 41 are cut
SELECT is(split_part(pg_temp.fehler(format('SELECT %L::kaoa.riasec', repeat('Q', 40))), '|', 2),
          'invalid input syntax for type kaoa.riasec: "' || repeat('Q', 40) || '"', 'an input of 40 bytes is quoted whole');
SELECT is(split_part(pg_temp.fehler(format('SELECT %L::kaoa.riasec', repeat('Q', 41))), '|', 2),
          'invalid input syntax for type kaoa.riasec: "' || repeat('Q', 40) || '..."', 'one of 41 is cut');
-- short inputs read as before; control bytes are shown as \xNN instead of breaking the log line
SELECT is(split_part(pg_temp.fehler($$SELECT '2621x'::kaoa.kldb$$), '|', 2),
          'invalid input syntax for type kaoa.kldb: "2621x"', 'a short input is quoted as before');
SELECT is(split_part(pg_temp.fehler($$SELECT E'26\n12'::kaoa.kldb$$), '|', 2),
          'invalid input syntax for type kaoa.kldb: "26\x0A12"', 'a line break is shown as \x0A');
-- a multi-byte character is not cut in the middle
SELECT is(split_part(pg_temp.fehler(format('SELECT %L::kaoa.kldb', repeat('ä', 100))), '|', 2),
          'invalid input syntax for type kaoa.kldb: "' || repeat('ä', 20) || '..."', '… nor is a multi-byte character cut in half');

-- ---- as a school that writes a profile -----------------------------------------------------------------------------
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab)
VALUES ('05315', :me, 'sorgeberechtigt', '{schule}', 'Profil', current_date - 1) RETURNING einwilligung_id AS e \gset
SELECT count(*) AS profile FROM kaoa.bewerberprofil \gset
SET LOCAL ROLE t_s1;
-- the value is a literal in the statement, as a client sends it
SELECT pg_temp.fehler(format($$INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, einwilligung_id)
                               VALUES ('05315', %s, ARRAY[%L]::kaoa.kldb[], %s)$$, :me, repeat('7', 1048576), :e)) AS antwort \gset
SELECT is(split_part(:'antwort', '|', 1), '22P02', 'a school''s profile with a 1 MB occupation code: 22P02 …');
SELECT is(split_part(:'antwort', '|', 2), 'invalid input syntax for type kaoa.kldb: "' || repeat('7', 40) || '..."',
          '… with 40 bytes of it in the message');
SELECT is(split_part(pg_temp.fehler(format($$UPDATE kaoa.bewerberprofil SET interessen = %L WHERE person_id = %s$$, repeat('S', 1048576), :ma)), '|', 2),
          'invalid input syntax for type kaoa.riasec: "' || repeat('S', 40) || '..."', '… and an UPDATE of a profile it holds the same');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.bewerberprofil), :profile::bigint, 'no profile was written');
SELECT is((SELECT interessen::text FROM kaoa.bewerberprofil WHERE person_id = :ma), 'R=100,I=0,A=0,S=0,E=0,C=0', '… and ma''s is unchanged');

SELECT * FROM finish();
ROLLBACK;
