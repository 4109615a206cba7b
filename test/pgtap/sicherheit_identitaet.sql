-- pgTAP, security suite: identity beyond the legal basis.  Acting as the roles
-- concerned: an organisation merely offered a case does not count as one that may see the
-- identity; it cannot open a case of its own for the person (a later school year) and so take the
-- identity over, neither while the offer is open nor after declining it, and the pupil's school keeps
-- sight; a Berufskolleg offered a case under schulg_120 reads exactly that basis's fields (no
-- geschlecht), also after accepting.  Rule: the identity is read and written directly only by the
-- school that holds the person's current case and is its school (before a first case: the school
-- that registered the person); receivers read what their basis transferred; a case for a person
-- held elsewhere is opened only by the system or reaches a school by a hand-off.  Every refusal is
-- asserted with its SQLSTATE and with the data unchanged; every permitted write with the rows it
-- changed.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(51);

CREATE FUNCTION pg_temp.identitaet(p bigint) RETURNS text LANGUAGE sql AS
    $$ SELECT row(nachname, vorname, geburtsdatum, geschlecht, anschrift)::text FROM kaoa.person_identitaet WHERE person_id = p $$;
CREATE FUNCTION pg_temp.faelle(p bigint) RETURNS text LANGUAGE sql AS
    $$ SELECT string_agg(row(schuljahr, schule_org, zustaendig_org, status)::text, ';' ORDER BY schuljahr) FROM kaoa.fall WHERE person_id = p $$;

-- ---- a Berufskolleg merely offered a case (schulg_120, open) ---------------------------------------------------
SELECT pg_temp.fall('I-1', :s1, 'ohne_anschluss') AS i1 \gset
SELECT pg_temp.person_von(:i1) AS p1 \gset
SELECT pg_temp.identitaet(:p1) AS id1, pg_temp.faelle(:p1) AS faelle1 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:i1, :bk, 'schulg_120') AS u1 \gset
RESET ROLE;

SET LOCAL ROLE t_bk;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :i1), 1::bigint, 'offered: the Berufskolleg sees the case');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p1), 0::bigint,
          'offered: it reads no identity directly');
SELECT is(kaoa.uebergabe_daten(:u1),
          '{"nachname": "Nachname I-1", "vorname": "Vorname", "geburtsdatum": "2008-03-14",
            "anschrift": "Domstraße 1, 50667 Köln", "abschluss": "MSA"}'::jsonb,
          'offered: it reads exactly the five schulg_120 fields through uebergabe_daten');
SELECT ok(NOT kaoa.uebergabe_daten(:u1) ? 'geschlecht', 'offered under schulg_120: no geschlecht');
SELECT throws_ok(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2026, %s)$$, :p1, :bk),
                 'KA004', format('organisation %s may not open a case for person %s', :bk, :p1),
                 'offered: it cannot open a case of its own for a later school year (KA004)');
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2026, %s)$$, :p1, :bk)),
          replace(pg_temp.antwort(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', 999999, 2026, %s)$$, :bk)),
                  '999999', :p1::text),
          '… with the very answer for a person that does not exist');
SELECT results_eq(format($$UPDATE kaoa.person_identitaet SET nachname = 'Umbenannt' WHERE person_id = %s RETURNING person_id$$, :p1),
                  'SELECT NULL::bigint WHERE false', 'offered: rewriting the identity touches no row');
SELECT throws_ok(format($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', %s, 'X', 'Y')$$, :p1),
                 'KA004', format('organisation %s may not write the identity of person %s', :bk, :p1),
                 'offered: recording the identity anew is refused (KA004)');
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', %s, 'X', 'Y')$$, :p1)),
          replace(pg_temp.antwort($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', 999999, 'X', 'Y')$$),
                  '999999', :p1::text),
          '… with the very answer for a person that does not exist');
SELECT throws_ok(format($$UPDATE kaoa.person SET geburtsmonat = '2009-01-01' WHERE person_id = %s$$, :p1),
                 'KA004', format('organisation %s may not change person %s', :bk, :p1),
                 'offered: it may not change the person row either (KA004)');
RESET ROLE;
SELECT is(pg_temp.identitaet(:p1), :'id1', 'the identity is unchanged');
SELECT is(pg_temp.faelle(:p1), :'faelle1', 'no case was added');
SELECT is((SELECT geburtsmonat FROM kaoa.person WHERE person_id = :p1), '2008-03-01'::date, 'the birth month is unchanged');

SET LOCAL ROLE t_s1;
SELECT is(pg_temp.identitaet(:p1), :'id1', 'while the offer is open the pupil''s school still reads the identity');
SELECT results_eq(format($$UPDATE kaoa.person_identitaet SET anschrift = 'Ringstraße 2, 50667 Köln' WHERE person_id = %s
                            RETURNING person_id, anschrift$$, :p1),
                  format($$VALUES (%s::bigint, 'Ringstraße 2, 50667 Köln')$$, :p1),
                  '… and keeps it: the new address is written');
SELECT is(kaoa.uebergabe_daten(:u1) ->> 'anschrift', 'Domstraße 1, 50667 Köln',
          'the offer carries what was sent, not the later address');
RESET ROLE;

-- ---- after declining ---------------------------------------------------------------------------------------------
SET LOCAL ROLE t_bk;
SELECT lives_ok(format('SELECT kaoa.ablehnen(%s, %L)', :u1, 'kein Platz'), 'the Berufskolleg declines');
SELECT throws_ok(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2026, %s)$$, :p1, :bk),
                 'KA004', format('organisation %s may not open a case for person %s', :bk, :p1),
                 'declined: still no case of its own (KA004)');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p1), 0::bigint, 'declined: no identity');
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u1), 'KA004',
                 format('organisation %s may not read the data of hand-off %s', :bk, :u1),
                 'declined: nothing through uebergabe_daten either (KA004)');
RESET ROLE;
SELECT is(pg_temp.faelle(:p1), :'faelle1', 'still one case, held by the school');
SET LOCAL ROLE t_s1;
SELECT is((SELECT nachname FROM kaoa.person_identitaet WHERE person_id = :p1), 'Nachname I-1',
          'declined: the pupil''s school has not lost sight');
RESET ROLE;

-- ---- an accepted schulg_120 hand-off ----------------------------------------------------------------------------
SELECT pg_temp.fall('I-2', :s1, 'ohne_anschluss') AS i2 \gset
SELECT pg_temp.person_von(:i2) AS p2 \gset
SELECT pg_temp.identitaet(:p2) AS id2 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:i2, :bk, 'schulg_120') AS u2 \gset
RESET ROLE;
SET LOCAL ROLE t_bk;
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :u2), 'the Berufskolleg accepts');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p2), 0::bigint,
          'accepted: the receiver holds the case but reads no identity directly');
SELECT is(array(SELECT jsonb_object_keys(kaoa.uebergabe_daten(:u2)) ORDER BY 1),
          ARRAY['abschluss', 'anschrift', 'geburtsdatum', 'nachname', 'vorname'],
          'accepted: it reads the schulg_120 fields, still no geschlecht');
SELECT results_eq(format($$UPDATE kaoa.person_identitaet SET geschlecht = 'm' WHERE person_id = %s RETURNING person_id$$, :p2),
                  'SELECT NULL::bigint WHERE false', 'accepted: it does not write the identity');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p2), 0::bigint,
          'the school that handed the case on no longer reads the identity directly');
SELECT results_eq(format($$UPDATE kaoa.person_identitaet SET nachname = 'Neu' WHERE person_id = %s RETURNING person_id$$, :p2),
                  'SELECT NULL::bigint WHERE false', '… nor writes it');
SELECT throws_ok(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2026, %s)$$, :p2, :s1),
                 'KA004', format('organisation %s may not open a case for person %s', :s1, :p2),
                 '… nor opens a new case for the person held elsewhere (KA004)');
RESET ROLE;
SELECT is(pg_temp.identitaet(:p2), :'id2', 'the identity is unchanged');
SELECT is((SELECT count(*) FROM kaoa.fall WHERE person_id = :p2), 1::bigint, 'no case was added');
-- the holder takes the young person on: as the school of the next year's case it keeps the identity
SET LOCAL ROLE t_bk;
SELECT results_eq(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2026, %s)
                            RETURNING schuljahr, schule_org, zustaendig_org$$, :p2, :bk),
                  format('VALUES (2026, %s::bigint, %s::bigint)', :bk, :bk),
                  'the holder opens the next school year''s case');
SELECT is((SELECT geschlecht FROM kaoa.person_identitaet WHERE person_id = :p2), 'w',
          'as the school of the person''s current case it now keeps the identity');
RESET ROLE;

-- ---- the Agentur, the KoKo, other schools ------------------------------------------------------------------------
SELECT pg_temp.fall('I-3', :s1, 'ohne_anschluss') AS i3 \gset
SELECT pg_temp.person_von(:i3) AS p3 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:i3, :aa, 'schuldueg_1_1') AS u3 \gset
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p3), 0::bigint, 'Agentur offered: no identity directly');
SELECT is(kaoa.uebergabe_daten(:u3) ->> 'geschlecht', 'w', 'SchülerDÜG lists geschlecht: the Agentur reads it');
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :u3), 'the Agentur accepts');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p3), 0::bigint,
          'holding the case, it still reads the identity only through the hand-off');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is((SELECT count(*) FROM kaoa.person_identitaet), 0::bigint, 'the KoKo reads no identity (pseudonymous)');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id IN (:p1, :p2, :p3)), 0::bigint,
          'another school reads none of them');
SELECT throws_ok(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2026, %s)$$, :p1, :s2),
                 'KA004', format('organisation %s may not open a case for person %s', :s2, :p1),
                 'a school cannot open a case for another school''s pupil (KA004)');
RESET ROLE;
SET LOCAL ROLE t_ds;
SELECT is(pg_temp.antwort(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2026, %s)$$, :p1, :ds)),
          replace(pg_temp.antwort(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', 999999, 2026, %s)$$, :ds)),
                  '999999', :p1::text),
          'a school of another Kommune: refused before the person is looked at');
RESET ROLE;
SELECT is(pg_temp.faelle(:p1), :'faelle1', 'no case was added by either');

-- ---- before the first case, and a pupil who changes school --------------------------------------------------------
SET LOCAL ROLE t_s2;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05315', 'I-4', '2009-05-01') RETURNING person_id AS p4 \gset
SELECT results_eq(format($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname) VALUES ('05315', %s, 'Vier', 'Ida')
                            RETURNING person_id, nachname$$, :p4),
                  format($$VALUES (%s::bigint, 'Vier')$$, :p4),
                  'before a first case the registering school records the identity');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p4), 0::bigint, 'no other school reads it');
SELECT throws_ok(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2025, %s)$$, :p4, :s1),
                 'KA004', NULL, 'nor opens a case for that person (KA004)');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE person_id = :p4), 0::bigint, 'no case');
-- the pupil moves to S1: the system (the import) opens the case there
SET LOCAL ROLE t_system;
SELECT results_eq(format($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', %s, 2025, %s)
                            RETURNING zustaendig_org$$, :p4, :s1),
                  format('VALUES (%s::bigint)', :s1), 'the system opens a case for a person held elsewhere');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is((SELECT nachname FROM kaoa.person_identitaet WHERE person_id = :p4), 'Vier', 'the new school keeps the identity now');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p4), 0::bigint, 'the old school no longer reads it');
SELECT throws_ok(format($$UPDATE kaoa.person SET geburtsmonat = '2009-06-01' WHERE person_id = %s$$, :p4),
                 'KA004', format('organisation %s may not change person %s', :s2, :p4),
                 '… nor changes the person row (KA004)');
RESET ROLE;
SELECT is((SELECT geburtsmonat FROM kaoa.person WHERE person_id = :p4), '2009-05-01'::date, 'the birth month is unchanged');

SELECT * FROM finish();
ROLLBACK;
