-- pgTAP, security suite: former holders.  kaoa.uebergabe_daten returns what a
-- hand-off transferred (the basis's fields as they were when it was sent, kept in
-- kaoa.uebergabe_inhalt, which no role reads directly), never the identity as it is now, and only
-- within bounds that are the same for the receiver and the sender: while the hand-off is open or
-- accepted, under a statutory basis for six months after sending, under a consent until the consent
-- is revoked.  kaoa.loeschfristen_anwenden deletes the content once nobody may read it
-- (kaoa.loeschtermine).  Acting as the roles concerned; refusals with their SQLSTATE and the data
-- unchanged.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(42);

CREATE FUNCTION pg_temp.inhalt(u bigint) RETURNS jsonb LANGUAGE sql AS
    $$ SELECT daten FROM kaoa.uebergabe_inhalt WHERE uebergabe_id = u $$;
CREATE FUNCTION pg_temp.loeschen_am(u bigint) RETURNS date LANGUAGE sql AS
    $$ SELECT loeschen_am FROM kaoa.loeschtermine WHERE teil = 'uebergabe' AND uebergabe_id = u $$;

-- ---- the reported case: a consent-based hand-off, withdrawn, and the consent revoked -----------------------------
SELECT pg_temp.fall('F-1', :s1, 'ohne_anschluss') AS f1 \gset
SELECT pg_temp.person_von(:f1) AS p1 \gset
SET LOCAL ROLE t_s1;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck)
VALUES ('05315', :p1, 'sorgeberechtigt', '{traeger}', '{nachname,vorname,anschrift,geburtsdatum}', 'Coaching')
RETURNING einwilligung_id AS e1 \gset
SELECT kaoa.uebergeben(:f1, :tr, 'einwilligung', :e1) AS u1 \gset
SELECT is(kaoa.uebergabe_daten(:u1),
          '{"nachname": "Nachname F-1", "vorname": "Vorname", "geburtsdatum": "2008-03-14", "anschrift": "Domstraße 1, 50667 Köln"}'::jsonb,
          'open: the sender reads what it offers (the consent''s fields)');
RESET ROLE;
SELECT is(pg_temp.inhalt(:u1), kaoa.uebergabe_daten(:u1), 'what it reads is the content taken at sending');
SET LOCAL ROLE t_s1;
SELECT lives_ok(format('SELECT kaoa.zurueckziehen(%s, %L)', :u1, 'doch nicht'), 'the school withdraws the hand-off');
UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = :e1;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u1), 'KA004',
                 format('organisation %s may not read the data of hand-off %s', :s1, :u1),
                 'withdrawn and revoked: the sender reads nothing any more (KA004)');
SELECT is(pg_temp.antwort(format('SELECT kaoa.uebergabe_daten(%s)', :u1)),
          format('KA004: Hand-off %s of case %s (Kommune 05315) was declined or withdrawn; it transferred nothing that may still be read.', :u1, :f1),
          '… and is told why');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u1), 'KA004', NULL, 'nor does the receiver (KA004)');
RESET ROLE;
SELECT is(pg_temp.loeschen_am(:u1), current_date, 'its content is due for deletion today');
SET LOCAL ROLE t_system;
SELECT is(kaoa.loeschfristen_anwenden(), 0, 'the deletion run deletes no identity here …');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.uebergabe_inhalt WHERE uebergabe_id = :u1), 0::bigint, '… but the withdrawn hand-off''s content');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p1), 1::bigint, 'the identity itself stays with the school');

-- ---- consent: accepted, then revoked ------------------------------------------------------------------------------
SELECT pg_temp.fall('F-2', :s1, 'ohne_anschluss') AS f2 \gset
SELECT pg_temp.person_von(:f2) AS p2 \gset
SET LOCAL ROLE t_s1;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :p2, 'sorgeberechtigt', '{traeger}', 'Coaching') RETURNING einwilligung_id AS e2 \gset
SELECT kaoa.uebergeben(:f2, :tr, 'einwilligung', :e2) AS u2 \gset
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :u2), 'the Träger accepts');
RESET ROLE;
-- the identity changes afterwards (the system corrects the address)
SET LOCAL ROLE t_system;
SELECT results_eq(format($$UPDATE kaoa.person_identitaet SET anschrift = 'Neue Straße 9, 50667 Köln', nachname = 'Geändert'
                            WHERE person_id = %s RETURNING anschrift$$, :p2),
                  $$VALUES ('Neue Straße 9, 50667 Köln')$$, 'the system records a new address and name');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(kaoa.uebergabe_daten(:u2) ->> 'anschrift', 'Domstraße 1, 50667 Köln',
          'the receiver reads the address that was transferred, not the current one');
SELECT is(kaoa.uebergabe_daten(:u2) ->> 'nachname', 'Nachname F-2', '… and the name that was transferred');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is(kaoa.uebergabe_daten(:u2) ->> 'anschrift', 'Domstraße 1, 50667 Köln',
          'the former holder reads what it sent, not the current address');
UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = :e2;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u2), 'KA002',
                 format('the consent behind hand-off %s has been revoked', :u2),
                 'revoked: the former holder reads nothing (KA002)');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u2), 'KA002',
                 format('the consent behind hand-off %s has been revoked', :u2),
                 'revoked: the receiver, holder of the case, reads nothing (KA002)');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet WHERE person_id = :p2), 0::bigint,
          '… and no identity directly either');
RESET ROLE;
SELECT is(pg_temp.inhalt(:u2) ->> 'anschrift', 'Domstraße 1, 50667 Köln', 'the refusals left the content as it was');
SELECT is(pg_temp.loeschen_am(:u2), current_date, 'revoked today: its content is due for deletion today');

-- ---- statutory bases: six months after sending --------------------------------------------------------------------
SELECT pg_temp.fall('F-3', :s1, 'ohne_anschluss') AS f3 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:f3, :aa, 'schuldueg_1_1') AS u3 \gset
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :u3), 'the Agentur accepts');
SELECT is(kaoa.uebergabe_daten(:u3) ->> 'geschlecht', 'w', 'within six months the receiver reads the SchülerDÜG fields');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is(kaoa.uebergabe_daten(:u3) ->> 'nachname', 'Nachname F-3', 'so does the sender');
RESET ROLE;
SELECT is(pg_temp.loeschen_am(:u3), (now() + interval '6 months')::date, 'its content is due six months after sending');
SET LOCAL session_replication_role = replica;
UPDATE kaoa.uebergabe SET gesendet_am = now() - interval '7 months' WHERE uebergabe_id = :u3;
RESET session_replication_role;
SET LOCAL ROLE t_aa;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u3), 'KA004',
                 format('organisation %s may not read the data of hand-off %s', :aa, :u3),
                 'after six months the receiver reads nothing, though it holds the case (KA004)');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u3), 'KA004', NULL, 'nor the sender (KA004)');
RESET ROLE;
SELECT ok(pg_temp.inhalt(:u3) IS NOT NULL, 'the refusals left the content in place …');
SET LOCAL ROLE t_system;
SELECT is(kaoa.loeschfristen_anwenden(), 0, '… until the deletion run');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.uebergabe_inhalt WHERE uebergabe_id IN (:u2, :u3)), 0::bigint,
          'which deletes the expired statutory content and the revoked consent''s');

-- ---- a declined hand-off -----------------------------------------------------------------------------------------
SELECT pg_temp.fall('F-4', :s1, 'ohne_anschluss') AS f4 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:f4, :bk, 'schulg_120') AS u4 \gset
RESET ROLE;
SET LOCAL ROLE t_bk;
SELECT lives_ok(format('SELECT kaoa.ablehnen(%s, %L)', :u4, 'kein Platz'), 'the Berufskolleg declines');
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u4), 'KA004', NULL, 'declined: the receiver reads nothing (KA004)');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u4), 'KA004', NULL, 'nor the sender (KA004)');
RESET ROLE;

-- ---- others and the table itself -----------------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(pg_temp.fall('F-5', :s1, 'ohne_anschluss'), :aa, 'schuldueg_1_1') AS u5 \gset
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is(pg_temp.antwort(format('SELECT kaoa.uebergabe_daten(%s)', :u5)),
          replace(pg_temp.antwort('SELECT kaoa.uebergabe_daten(999999)'), '999999', :u5::text),
          'the KoKo of the Kommune, neither sender nor receiver: as for a missing hand-off');
SELECT throws_ok('SELECT * FROM kaoa.uebergabe_inhalt', '42501', NULL, 'the KoKo cannot read the content table');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT throws_ok('SELECT * FROM kaoa.uebergabe_inhalt', '42501', NULL, 'nor can the receiver');
SELECT throws_ok('SELECT * FROM kaoa.loeschtermine', '42501', NULL, 'nor the deletion dates');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok('SELECT * FROM kaoa.uebergabe_inhalt', '42501', NULL, 'nor a system role (only the owner reads it)');
SELECT is(kaoa.uebergabe_daten(:u5) ->> 'nachname', 'Nachname F-5', 'the system reads any hand-off''s content');
RESET ROLE;

-- ---- the content goes with the identity ------------------------------------------------------------------------------
-- Düsseldorf has no fristen rows: school year 2020's Verbleib date was 15 October 2021, so the
-- identity's retention is over; a consent still valid does not keep the content alive.
SELECT pg_temp.fall('F-6', :ds, 'ohne_anschluss', 2020) AS f6 \gset
SELECT pg_temp.person_von(:f6) AS p6 \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05111', :p6, 'sorgeberechtigt', '{agentur}', 'Beratung') RETURNING einwilligung_id AS e6 \gset
SELECT kaoa.uebernehmen(kaoa.uebergeben(:f6, :daa, 'einwilligung', :e6)) \gset
SELECT max(uebergabe_id) AS u6 FROM kaoa.uebergabe WHERE fall_id = :f6 \gset
SELECT is(pg_temp.loeschen_am(:u6), (SELECT loeschen_am FROM kaoa.loeschtermine WHERE teil = 'identitaet' AND person_id = :p6),
          'a consent hand-off''s content is due with the identity');
SET LOCAL ROLE t_system;
SELECT is(kaoa.loeschfristen_anwenden(), 1, 'the deletion run deletes the identity');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.uebergabe_inhalt WHERE uebergabe_id = :u6), 0::bigint, '… and the content with it');
SELECT is(kaoa.uebergabe_daten(:u6), '{"nachname": null, "vorname": null, "geburtsdatum": null, "anschrift": null,
                                       "abschluss": null, "anschluss": null}'::jsonb,
          'what is left to read are the consent''s keys, without values');

SELECT * FROM finish();
ROLLBACK;
