-- pgTAP, security class 9 (dates): a contact attempt cannot be recorded more than 5 minutes ahead,
-- nor by an organisation more than 14 days back (22023, nothing stored), so back-dated failures do
-- not meet the nicht_erreichbar precondition; a system import may bring older attempts.  The
-- domain's day is Europe/Berlin's whatever the session's TimeZone: kaoa.heute(), deadlines of new
-- hand-offs, the 30 days of kette_pruefen and the deletion days, tried at moments where Berlin's
-- date and the session's differ (Pacific/Auckland, America/Los_Angeles).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(28);

SELECT pg_temp.fall('SD-a', :s1, 'ohne_anschluss', 2025, 0) AS fa \gset
CREATE FUNCTION pg_temp.versuche(f bigint) RETURNS bigint LANGUAGE sql AS
    $$ SELECT count(*) FROM kaoa.kontaktversuch WHERE fall_id = f $$;
CREATE FUNCTION pg_temp.versuch(f bigint, zeit text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO kaoa.kontaktversuch (kommune, fall_id, zeit, kanal, erfolgreich) VALUES (''05315'', %s, %s, ''telefon'', false)', f, zeit);
    RETURN 'gespeichert';
END $$;

-- ---- contact attempts ---------------------------------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$SELECT pg_temp.versuch(%s, 'now() + interval ''1 hour''')$$, :fa), '22023',
                 'a contact attempt cannot be recorded for a time more than 5 minutes ahead',
                 'an attempt an hour ahead is refused (22023)');
SELECT throws_ok(format($$SELECT pg_temp.versuch(%s, 'now() - interval ''15 days''')$$, :fa), '22023',
                 'a contact attempt cannot be recorded more than 14 days after it was made',
                 'an attempt 15 days back is refused (22023)');
SELECT throws_ok(format($$SELECT pg_temp.versuch(%s, '''2020-01-01 10:00+01''')$$, :fa), '22023', NULL,
                 'an attempt years back is refused (22023)');
RESET ROLE;
SELECT is(pg_temp.versuche(:fa), 0::bigint, 'nothing was stored');
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id = %s$$, :fa), 'KA009', NULL,
                 'so three back-dated failures cannot make a case nicht_erreichbar at once (KA009)');
RESET ROLE;
SELECT is((SELECT status::text FROM kaoa.fall WHERE fall_id = :fa), 'ohne_anschluss', 'the case is unchanged');
SET LOCAL ROLE t_s1;
SELECT results_eq(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, zeit, kanal, erfolgreich)
                           VALUES ('05315', %s, now() - interval '13 days', 'brief', false) RETURNING fall_id, kanal$$, :fa),
                  format($$VALUES (%s::bigint, 'brief')$$, :fa), 'an attempt 13 days back is recorded (from last week''s notes)');
SELECT results_eq(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, zeit, kanal, erfolgreich)
                           VALUES ('05315', %s, now() + interval '2 minutes', 'telefon', false) RETURNING kanal$$, :fa),
                  $$VALUES ('telefon')$$, 'an attempt 2 minutes ahead is recorded (a frontend''s clock may run fast)');
SELECT results_eq(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich)
                           VALUES ('05315', %s, 'email', false) RETURNING kanal$$, :fa),
                  $$VALUES ('email')$$, 'an attempt without a time is recorded now');
SELECT throws_ok(format($$UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id = %s$$, :fa), 'KA009', NULL,
                 'the attempt 2 minutes ahead does not count yet: two failures so far (KA009)');
SELECT results_eq(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, zeit, kanal, erfolgreich)
                           VALUES ('05315', %s, now() - interval '1 hour', 'hausbesuch', false) RETURNING kanal$$, :fa),
                  $$VALUES ('hausbesuch')$$, 'an attempt an hour ago is recorded');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id = %s RETURNING status::text$$, :fa),
                  $$VALUES ('nicht_erreichbar')$$, 'three real failures make the case nicht_erreichbar');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT results_eq(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, zeit, kanal, erfolgreich)
                           VALUES ('05315', %s, %s, now() - interval '100 days', 'brief', false) RETURNING kanal$$, :fa, :s1),
                  $$VALUES ('brief')$$, 'a system role imports an attempt 100 days back (another system''s records)');
SELECT throws_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, zeit, kanal, erfolgreich)
                           VALUES ('05315', %s, %s, now() + interval '1 hour', 'brief', false)$$, :fa, :s1), '22023', NULL,
                 'but not one an hour ahead (22023)');
RESET ROLE;
SELECT is(pg_temp.versuche(:fa), 5::bigint, 'five attempts stored in all');

-- ---- the domain's day --------------------------------------------------------------------------------------------------
SET LOCAL TimeZone = 'Pacific/Auckland';
SELECT is(kaoa.heute(), (now() AT TIME ZONE 'Europe/Berlin')::date, 'kaoa.heute() is the Berlin date in Auckland''s TimeZone');
SELECT is(kaoa.tag('2025-10-31 23:30:00+00'), date '2025-11-01', 'kaoa.tag: 23:30 UTC on 31 October is 1 November in Berlin');
SELECT is(kaoa.tag('2025-07-31 22:30:00+00'), date '2025-08-01', '… 22:30 UTC on 31 July is 1 August (summer time)');
SET LOCAL TimeZone = 'America/Los_Angeles';
SELECT is(kaoa.heute(), (now() AT TIME ZONE 'Europe/Berlin')::date, 'kaoa.heute() is the Berlin date in Los Angeles''s TimeZone');
SELECT is(kaoa.tag('2025-10-31 23:30:00+00'), date '2025-11-01', 'kaoa.tag gives the same day there');
SELECT is(array_agg(p.oid::regprocedure::text), NULL, 'no function of kaoa defaults to current_date (they default to kaoa.heute())')
  FROM pg_proc p WHERE p.pronamespace = 'kaoa'::regnamespace AND pg_get_function_arguments(p.oid) ILIKE '%current_date%';
SELECT is(array_agg(d.adrelid::regclass::text), NULL, 'no column of kaoa defaults to current_date')
  FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
 WHERE c.relnamespace = 'kaoa'::regnamespace AND pg_get_expr(d.adbin, d.adrelid) ILIKE '%current_date%';

-- a new hand-off is due uebernahme_tage Berlin days after the Berlin day it was sent
SELECT pg_temp.fall('SD-b', :s1, 'ohne_anschluss', 2025, 0) AS fb \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fb, :aa, 'schuldueg_1_1') AS ub \gset
RESET ROLE;
SELECT is((SELECT faellig_am FROM kaoa.uebergabe WHERE uebergabe_id = :ub), (now() AT TIME ZONE 'Europe/Berlin')::date + 10,
          'faellig_am = the Berlin day of sending + 10 days, in Los Angeles''s TimeZone');

-- kette_pruefen counts 30 Berlin days from the Berlin day of the last event: an event at 23:30 UTC
-- on 31 October 2025 (1 November in Berlin, still 31 October in Los Angeles)
SELECT pg_temp.fall('SD-c', :s1, 'ohne_anschluss', 2025, 0) AS fc \gset
INSERT INTO kaoa.ereignis (kommune, fall_id, zeit, org_id, rolle, art, details)
VALUES ('05315', :fc, '2025-10-31 23:30:00+00', :s1, 't_s1', 'aenderung', '{"test": "Mitternacht"}');
SELECT is((SELECT count(*) FROM kaoa.kette_pruefen('05315', 2025, '2025-11-30') k WHERE k.fall_id = :fc AND k.problem = 'ohne_nachricht'),
          0::bigint, 'on 30 November the event of 1 November (Berlin) is within 30 days: not ohne_nachricht');
SELECT is((SELECT count(*) FROM kaoa.kette_pruefen('05315', 2025, '2025-12-01') k WHERE k.fall_id = :fc AND k.problem = 'ohne_nachricht'),
          1::bigint, 'on 1 December it is not: ohne_nachricht');

-- deletion: a case ausgenommen at 22:30 UTC on 31 March 2025 (1 April in Berlin) is terminal from
-- the Berlin day; with aufbewahrung_monate 6 its identity goes on 1 October, not on 30 September
SELECT pg_temp.fall('SD-d', :s1, 'ausgenommen', 2024, 0) AS fd \gset
SET LOCAL session_replication_role = replica;
UPDATE kaoa.fall SET status_seit = '2025-03-31 22:30:00+00' WHERE fall_id = :fd;
UPDATE kaoa.kommune SET aufbewahrung_monate = 6 WHERE kommune = '05315';
SET LOCAL session_replication_role = origin;
SELECT is((SELECT loeschen_am FROM kaoa.loeschtermine WHERE person_id = pg_temp.person_von(:fd) AND teil = 'identitaet'),
          date '2025-10-01', 'the identity''s day is 1 October 2025 (six months after the Berlin day 1 April), in Los Angeles''s TimeZone');
SELECT is(kaoa.loeschfristen_anwenden('2025-09-30') >= 0 AND EXISTS (SELECT 1 FROM kaoa.person_identitaet WHERE person_id = pg_temp.person_von(:fd)),
          true, 'on 30 September it stays');
SELECT kaoa.loeschfristen_anwenden('2025-10-01') \gset
SELECT is(EXISTS (SELECT 1 FROM kaoa.person_identitaet WHERE person_id = pg_temp.person_von(:fd)), false, 'on 1 October it is deleted');

SELECT * FROM finish();
ROLLBACK;
