-- pgTAP: the two-step hand-off, legal bases, consent and objection (docs/kette.md): kaoa.uebergeben,
-- kaoa.uebernehmen, kaoa.ablehnen, kaoa.zurueckziehen, kaoa.uebergabe_daten; KA001–KA009 and the
-- order of checks on uebergeben.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(110);

-- ---- school → Agentur under SchülerDÜG, accepted ------------------------------------------------------------
SELECT pg_temp.fall('H-1', :s1, 'ohne_anschluss') AS h1, pg_temp.fall('H-offen', :s1, 'offen') AS hoffen \gset
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :hoffen, :aa, 'schuldueg_1_1'),
                 'KA009', format('case %s is not identified as ohne_anschluss', :hoffen),
                 'SchülerDÜG transfers identified pupils only: KA009');
SELECT kaoa.uebergeben(:h1, :aa, 'schuldueg_1_1') AS u1 \gset
SELECT results_eq(format($$SELECT von_org, an_org, rechtsgrundlage::text, faellig_am, gesendet_am = now(),
                                   uebernommen_am IS NULL AND abgelehnt_am IS NULL AND zurueckgezogen_am IS NULL
                              FROM kaoa.uebergabe WHERE uebergabe_id = %s$$, :u1),
                  format($$VALUES (%s::bigint, %s::bigint, 'schuldueg_1_1', current_date + 10, true, true)$$, :s1, :aa),
                  'the offer: sender, receiver, basis, due in the Kommune''s 10 days, open');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :h1, :jc, 'schuldueg_1_1'),
                 'KA005', format('another hand-off of case %s is open', :h1), 'one open hand-off per case: KA005');
SELECT results_eq(format($$UPDATE kaoa.fall SET abschluss = 'ESA' WHERE fall_id = %s RETURNING fall_id, abschluss::text$$, :h1),
                  format($$VALUES (%s::bigint, 'ESA')$$, :h1),
                  'the holder still changes its case while the offer is open');
SELECT is(zustaendig_org, :s1::bigint, 'responsibility has not moved yet') FROM kaoa.fall WHERE fall_id = :h1;
RESET ROLE;

SET LOCAL ROLE t_aa;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :h1), 1::bigint, 'the receiver sees the offered case');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet), 0::bigint, 'but no identity directly');
SELECT is(kaoa.uebergabe_daten(:u1),
          '{"nachname": "Nachname H-1", "vorname": "Vorname", "geburtsdatum": "2008-03-14", "geschlecht": "w",
            "anschrift": "Domstraße 1, 50667 Köln", "schulform": "GE", "abschluss": "MSA"}'::jsonb,
          'uebergabe_daten: exactly the seven SchülerDÜG fields, as sent (the later change to ESA is not transferred)');
SELECT throws_ok(format($$UPDATE kaoa.fall SET status = 'in_beratung' WHERE fall_id = %s$$, :h1),
                 'KA004', NULL, 'the receiver does not hold the case before accepting: KA004');
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :u1), 'the Agentur accepts');
SELECT results_eq(format('SELECT zustaendig_org, status::text FROM kaoa.fall WHERE fall_id = %s', :h1),
                  format($$VALUES (%s::bigint, 'in_beratung')$$, :aa),
                  'accepting moves responsibility and, for the Agentur, ohne_anschluss to in_beratung');
SELECT throws_ok(format('SELECT kaoa.uebernehmen(%s)', :u1), 'KA005',
                 format('hand-off %s is already answered', :u1), 'accepting twice: KA005');
SELECT throws_ok(format('SELECT kaoa.ablehnen(%s, %L)', :u1, 'zu spät'), 'KA005', NULL,
                 'declining an accepted hand-off: KA005');
RESET ROLE;
SELECT results_eq(format($$SELECT art, org_id, von_status::text, nach_status::text FROM kaoa.ereignis
                            WHERE fall_id = %s AND art IN ('uebergabe', 'uebernahme', 'status')
                              AND ereignis_id > (SELECT max(ereignis_id) FROM kaoa.ereignis
                                                  WHERE fall_id = %s AND art = 'status' AND nach_status = 'ohne_anschluss')
                            ORDER BY ereignis_id$$, :h1, :h1),
                  format($$VALUES ('uebergabe', %s::bigint, NULL::text, NULL::text), ('uebernahme', %s, NULL, NULL),
                                  ('status', %s, 'ohne_anschluss', 'in_beratung')$$, :s1, :aa, :aa),
                  'logged: the offer by the school, the acceptance and the status change by the Agentur');
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :h1), 1::bigint, 'the school still sees the case it held');
SELECT throws_ok(format($$UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id = %s$$, :h1),
                 'KA004', NULL, 'but no longer changes it: KA004');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :h1, :bk, 'schulg_120'),
                 'KA004', format('organisation %s is not responsible for case %s', :s1, :h1),
                 'nor hands it on: KA004');
SELECT is(kaoa.uebergabe_daten(:u1) ->> 'nachname', 'Nachname H-1', 'the sender may read what it sent');
RESET ROLE;
-- refusals disclose nothing: an uninvolved organisation and another Kommune get the answer for an id
-- that does not exist (no case, no sender, no receiver, no status)
SELECT pg_temp.person_von(:h1) AS ph1 \gset
SET LOCAL ROLE t_s2;
SELECT is(pg_temp.antwort(format('SELECT kaoa.uebergabe_daten(%s)', :u1)),
          replace(pg_temp.antwort('SELECT kaoa.uebergabe_daten(999999)'), '999999', :u1::text),
          'uebergabe_daten by an uninvolved school: as for a missing hand-off');
SELECT is(pg_temp.antwort(format('SELECT kaoa.uebergabe_daten(%s)', :u1)),
          format('KA004: Role "t_s2" (organisation %s, Kommune 05315) has no hand-off %s: it does not exist or was neither sent by nor addressed to the organisation.', :s2, :u1),
          '… which names only the caller and the id it gave');
SELECT is(pg_temp.antwort(format('SELECT kaoa.uebernehmen(%s)', :u1)),
          replace(pg_temp.antwort('SELECT kaoa.uebernehmen(999999)'), '999999', :u1::text),
          'uebernehmen by an uninvolved school: as for a missing hand-off');
SELECT is(pg_temp.antwort(format('SELECT kaoa.widerspruch_erheben(%s)', :ph1)),
          replace(pg_temp.antwort('SELECT kaoa.widerspruch_erheben(999999)'), '999999', :ph1::text),
          'widerspruch_erheben by an uninvolved school: as for a missing person');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT is(pg_temp.antwort(format('SELECT kaoa.uebergabe_daten(%s)', :u1)),
          replace(pg_temp.antwort('SELECT kaoa.uebergabe_daten(999999)'), '999999', :u1::text),
          'uebergabe_daten by the KoKo of another Kommune: as for a missing hand-off');
SELECT is(pg_temp.antwort(format('SELECT kaoa.ablehnen(%s, %L)', :u1, 'x')),
          replace(pg_temp.antwort('SELECT kaoa.ablehnen(999999, ''x'')'), '999999', :u1::text),
          'ablehnen by the KoKo of another Kommune: as for a missing hand-off');
SELECT is(pg_temp.antwort(format('SELECT kaoa.widerspruch_erheben(%s)', :ph1)),
          replace(pg_temp.antwort('SELECT kaoa.widerspruch_erheben(999999)'), '999999', :ph1::text),
          'widerspruch_erheben by the KoKo of another Kommune: as for a missing person');
RESET ROLE;

-- ---- Agentur → Jobcenter under § 31a Abs. 2 SGB III; objection ------------------------------------------
SET LOCAL ROLE t_aa;
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :h1, :bk, 'sgb3_31a_2'),
                 'KA008', 'rechtsgrundlage sgb3_31a_2 does not allow a hand-off from agentur to berufskolleg',
                 'sgb3_31a_2 not to a Berufskolleg: KA008');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :h1, :jba, 'sgb3_31a_2'),
                 'KA008', 'a Jugendberufsagentur never receives a case', 'never to the JBA: KA008');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :h1, :aa, 'sgb10_69'),
                 'KA008', format('case %s cannot be handed to the organisation that holds it', :h1), 'not to itself: KA008');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :h1, :daa, 'sgb10_69'),
                 'KA008', format('organisation %s is not an organisation of Kommune 05315', :daa),
                 'not to another Kommune: KA008');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :h1, :jc, 'sgb3_31a_2', 1),
                 'KA002', 'einwilligung_id is only given with rechtsgrundlage einwilligung',
                 'a consent with a statutory basis: KA002');
SELECT lives_ok(format('SELECT kaoa.widerspruch_erheben(%s)', pg_temp.person_von(:h1)), 'the young person objects');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :h1, :jc, 'sgb3_31a_2', 1),
                 'KA002', NULL, 'KA002 comes before KA003');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :h1, :jc, 'sgb3_31a_2'),
                 'KA003', format('person %s objected to the transfer under § 31a Abs. 2 SGB III', pg_temp.person_von(:h1)),
                 'an objection forbids sgb3_31a_2: KA003');
SELECT kaoa.uebergeben(:h1, :jc, 'sgb10_69') AS u2 \gset
SELECT results_eq(format('SELECT fall_id, an_org, rechtsgrundlage::text FROM kaoa.uebergabe WHERE uebergabe_id = %s', :u2),
                  format($$VALUES (%s::bigint, %s::bigint, 'sgb10_69')$$, :h1, :jc),
                  'the objection does not block § 69 SGB X (the hand-off is recorded)');
RESET ROLE;
SET LOCAL ROLE t_jc;
SELECT is(kaoa.uebergabe_daten(:u2),
          '{"nachname": "Nachname H-1", "vorname": "Vorname", "geburtsdatum": "2008-03-14",
            "anschrift": "Domstraße 1, 50667 Köln", "abschluss": "ESA", "anschluss": null}'::jsonb,
          'uebergabe_daten: exactly the six § 69 SGB X fields');
SELECT throws_ok(format('SELECT kaoa.zurueckziehen(%s, %L)', :u2, 'x'), 'KA004',
                 format('organisation %s did not send hand-off %s', :jc, :u2), 'only the sender withdraws: KA004');
SELECT throws_ok(format('SELECT kaoa.ablehnen(%s, NULL)', :u2), 'KA009',
                 format('declining hand-off %s needs a reason', :u2), 'declining needs a reason: KA009');
SELECT throws_ok(format('SELECT kaoa.ablehnen(%s, %L)', :u2, ' '), 'KA009', NULL, 'a blank reason is no reason');
SELECT lives_ok(format('SELECT kaoa.ablehnen(%s, %L)', :u2, 'nicht zuständig (kein SGB-II-Bezug)'), 'the Jobcenter declines');
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :h1), 0::bigint, 'after declining, the case is hidden from it');
SELECT is((SELECT count(*) FROM kaoa.uebergabe WHERE uebergabe_id = :u2), 1::bigint, 'its own hand-off row stays visible');
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u2), 'KA004', NULL,
                 'no data of a declined hand-off: KA004');
RESET ROLE;
SELECT results_eq(format('SELECT zustaendig_org, status::text FROM kaoa.fall WHERE fall_id = %s', :h1),
                  format($$VALUES (%s::bigint, 'in_beratung')$$, :aa), 'the sender stays responsible after a decline');
SELECT is(details ->> 'grund', 'nicht zuständig (kein SGB-II-Bezug)', 'the decline is logged with its reason')
  FROM kaoa.ereignis WHERE art = 'ablehnung' AND fall_id = :h1;

-- withdraw
SET LOCAL ROLE t_aa;
SELECT kaoa.uebergeben(:h1, :ja, 'sgb10_69') AS u3 \gset
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT throws_ok(format('SELECT kaoa.uebernehmen(%s)', :u3), 'KA004',
                 format('organisation %s is not the receiver of hand-off %s', :ko, :u3),
                 'the KoKo sees the hand-off but is not its receiver: KA004');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT throws_ok(format('SELECT kaoa.uebernehmen(%s)', :u3), 'KA004',
                 format('hand-off %s is not visible to organisation %s', :u3, :s2),
                 'an uninvolved organisation does not even see it: KA004');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT lives_ok(format('SELECT kaoa.zurueckziehen(%s, %L)', :u3, 'doch selbst'), 'the sender withdraws');
RESET ROLE;
SET LOCAL ROLE t_ja;
SELECT throws_ok(format('SELECT kaoa.uebernehmen(%s)', :u3), 'KA005', NULL, 'a withdrawn hand-off cannot be accepted: KA005');
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u3), 'KA004', NULL, 'nor read: KA004');
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :h1), 0::bigint, 'after the withdrawal the offered case is hidden from it again');
RESET ROLE;

-- ---- consent -------------------------------------------------------------------------------------------------
SELECT pg_temp.fall('C-1', :s1, 'in_beratung') AS c1, pg_temp.fall('C-2', :s1, 'in_beratung') AS c2 \gset
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck)
                          VALUES ('05315', %s, 'selbst', '{traeger}', '{vorname,geschlecht}', 'Coaching')$$, pg_temp.person_von(:c1)),
                 '22023', 'a consent cannot cover the field "geschlecht"', 'a consent names only known fields: 22023');
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab)
                          VALUES ('05315', %s, 'selbst', '{traeger}', 'Coaching', '2022-03-30')$$, pg_temp.person_von(:c1)),
                 'KA002', format('person %s cannot consent alone before age 14', pg_temp.person_von(:c1)),
                 'born March 2008: not surely 14 on 30 March 2022: KA002');
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck, gueltig_ab)
VALUES ('05315', pg_temp.person_von(:c1), 'selbst', '{traeger,jugendamt}', '{vorname,anschluss,nachname}', 'Coaching', '2022-03-31')
RETURNING einwilligung_id AS e1 \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', pg_temp.person_von(:c2), 'sorgeberechtigt', '{traeger}', 'Coaching')
RETURNING einwilligung_id AS e2 \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab)
VALUES ('05315', pg_temp.person_von(:c1), 'sorgeberechtigt', '{traeger}', 'später', current_date + 5)
RETURNING einwilligung_id AS e3 \gset
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :c1, :tr, 'einwilligung'),
                 'KA002', 'rechtsgrundlage einwilligung needs the consent', 'consent basis without consent: KA002');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :c1, :tr, 'einwilligung', :e2),
                 'KA002', format('consent %s does not belong to the person of case %s', :e2, :c1),
                 'someone else''s consent: KA002');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :c1, :tr, 'einwilligung', :e3),
                 'KA002', format('consent %s is not valid now', :e3), 'a consent not yet valid: KA002');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :c1, :be, 'einwilligung', :e1),
                 'KA002', format('consent %s does not name receiver type betrieb', :e1),
                 'a consent that does not name the receiver''s type: KA002');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :c1, :jba, 'einwilligung', :e1),
                 'KA008', NULL, 'KA008 (JBA) comes before KA002');
SELECT kaoa.uebergeben(:c1, :tr, 'einwilligung', :e1) AS u4 \gset
SELECT results_eq(format('SELECT fall_id, an_org, rechtsgrundlage::text, einwilligung_id FROM kaoa.uebergabe WHERE uebergabe_id = %s', :u4),
                  format($$VALUES (%s::bigint, %s::bigint, 'einwilligung', %s::bigint)$$, :c1, :tr, :e1),
                  'a consent naming the Träger allows the hand-off (recorded with its consent)');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(kaoa.uebergabe_daten(:u4), '{"nachname": "Nachname C-1", "vorname": "Vorname", "anschluss": null}'::jsonb,
          'uebergabe_daten under consent: its daten ∩ the consent list');
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :u4), 'the Träger accepts');
SELECT results_eq(format('SELECT zustaendig_org, status::text FROM kaoa.fall WHERE fall_id = %s', :c1),
                  format($$VALUES (%s::bigint, 'in_beratung')$$, :tr), 'a Träger takes over without a status change');
RESET ROLE;
SET LOCAL ROLE t_s1;
UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = :e1;
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() - interval '1 day' WHERE einwilligung_id = %s$$, :e1),
                 'KA006', 'the revocation of a consent is recorded once', 'a revocation is recorded once: KA006');
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET zweck = 'anders' WHERE einwilligung_id = %s$$, :e1),
                 'KA006', 'column zweck of kaoa.einwilligung cannot change', 'consent terms never change: KA006');
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u4), 'KA002',
                 format('the consent behind hand-off %s has been revoked', :u4),
                 'after revocation the sender no longer reads what it sent: KA002');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u4), 'KA002',
                 format('the consent behind hand-off %s has been revoked', :u4),
                 'after revocation the receiver reads nothing: KA002');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :c1, :ja, 'einwilligung', :e1),
                 'KA002', NULL, 'a revoked consent allows no new hand-off: KA002');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art IN ('einwilligung', 'widerruf') AND fall_id = :c1),
          3::bigint, 'two consents and a revocation are logged on the person''s case');
-- widerrufen_am and widerspruch_am are the time of recording
SET LOCAL ROLE t_s1;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', pg_temp.person_von(:c2), 'sorgeberechtigt', '{traeger}', 'später widerrufen'),
       ('05315', pg_temp.person_von(:c2), 'sorgeberechtigt', '{traeger}', 'früher widerrufen');
UPDATE kaoa.einwilligung SET widerrufen_am = '2999-01-01' WHERE zweck = 'später widerrufen';
UPDATE kaoa.einwilligung SET widerrufen_am = now() - interval '1 year' WHERE zweck = 'früher widerrufen';
UPDATE kaoa.person SET widerspruch_am = '2000-01-01' WHERE person_id = pg_temp.person_von(:c2);
RESET ROLE;
SELECT results_eq($$SELECT zweck, widerrufen_am = now() FROM kaoa.einwilligung WHERE zweck LIKE '% widerrufen' ORDER BY zweck$$,
                  $$VALUES ('früher widerrufen', true), ('später widerrufen', true)$$,
                  'an organisation''s post-dated or backdated revocation is recorded at the time of recording');
SELECT is(widerspruch_am, now(), 'so is its backdated objection') FROM kaoa.person WHERE person_id = pg_temp.person_von(:c2);
SELECT is((SELECT count(*) FROM kaoa.ereignis e JOIN kaoa.einwilligung w ON (e.details ->> 'einwilligung_id')::bigint = w.einwilligung_id
            WHERE e.art = 'widerruf' AND w.zweck LIKE '% widerrufen' AND e.zeit = w.widerrufen_am), 2::bigint,
          'the log and the stored time agree');
SET LOCAL ROLE t_system;
SELECT throws_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, widerrufen_am)
                          VALUES ('05315', %s, 'sorgeberechtigt', '{traeger}', 'Import', '2999-01-01')$$, pg_temp.person_von(:c2)),
                 '22023', 'widerrufen_am of kaoa.einwilligung cannot lie in the future', 'a system import: never a future revocation (22023)');
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab, widerrufen_am)
VALUES ('05315', pg_temp.person_von(:c2), 'sorgeberechtigt', '{traeger}', 'Import alt', '2023-01-01', '2024-01-01');
RESET ROLE;
SELECT is(widerrufen_am, '2024-01-01'::timestamptz, 'a system role importing earlier records keeps a past time')
  FROM kaoa.einwilligung WHERE zweck = 'Import alt';

-- ---- order of checks on uebergeben: KA004 → KA007 → KA001 → KA005 → KA008 -------------------------------------
SELECT pg_temp.fall('O-1', :s1, 'ohne_anschluss') AS o1 \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', pg_temp.person_von(:o1), 'sorgeberechtigt', '{traeger,agentur}', 'Beratung') RETURNING einwilligung_id AS e4 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:o1, :tr, 'einwilligung', :e4) AS u5 \gset
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'ausgenommen', grund = 'Zulassung Abitur' WHERE fall_id = %s
                           RETURNING fall_id, status::text, zustaendig_org$$, :o1),
                  format($$VALUES (%s::bigint, 'ausgenommen', %s::bigint)$$, :o1, :s1),
                  'the holder changes the status while a hand-off is open');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o1, :aa, 'schuldueg_1_1'),
                 'KA007', format('case %s is ausgenommen and excluded from statutory transfer', :o1),
                 'ausgenommen under a statutory basis: KA007, before KA005');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :o1, :aa, 'einwilligung', :e4),
                 'KA001', format('case %s is terminal and is not handed on', :o1),
                 'ausgenommen under consent: KA001, before KA005');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o1, :jc, 'sgb3_31a_2'), 'KA007', NULL,
                 'ausgenommen under sgb3_31a_2: KA007 (before KA008 for the school as sender)');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o1, :bk, 'schulg_120'), 'KA007', NULL, 'under schulg_120: KA007');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o1, :ja, 'sgb10_69'), 'KA007', NULL, 'under sgb10_69: KA007');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o1, :aa, 'schuldueg_1_1'),
                 'KA004', NULL, 'a non-holder gets KA004 before KA007');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT throws_ok(format('SELECT kaoa.uebernehmen(%s)', :u5), 'KA001',
                 format('case %s is terminal and cannot be taken over', :o1), 'a terminal case is not taken over: KA001');
SELECT lives_ok(format('SELECT kaoa.ablehnen(%s, %L)', :u5, 'Fall abgeschlossen'), '… the hand-off is declined instead');
RESET ROLE;
SELECT is(zustaendig_org, :s1::bigint, 'a terminal case keeps its last holder') FROM kaoa.fall WHERE fall_id = :o1;

SELECT pg_temp.fall('O-2', :s1, 'ohne_anschluss') AS o2, pg_temp.fall('O-3', :s1, 'angetreten', 2024) AS o3,
       pg_temp.fall('O-4', :s1, 'offen') AS o4 \gset
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L, %s)', :o4, :aa, 'schuldueg_1_1', :e4), 'KA002',
                 'einwilligung_id is only given with rechtsgrundlage einwilligung',
                 'order of checks: KA002 (a consent with a statutory basis) before KA009 (case not ohne_anschluss)');
SELECT kaoa.uebergeben(:o2, :aa, 'schuldueg_1_1') AS u6 \gset
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o2, :jba, 'sgb10_69'),
                 'KA005', NULL, 'KA005 comes before KA008');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o3, :bk, 'schulg_120'),
                 'KA001', NULL, 'angetreten after the verbleib_stichtag is terminal: KA001');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o2, :s2, 'schulg_120'),
                 'KA005', NULL, 'still one open hand-off');
SELECT lives_ok(format('SELECT kaoa.zurueckziehen(%s)', :u6), 'withdraw without a reason');
SELECT throws_ok(format('SELECT kaoa.uebergeben(%s, %s, %L)', :o2, :s2, 'schulg_120'),
                 'KA008', 'rechtsgrundlage schulg_120 does not allow a hand-off from schule to schule',
                 'SchulG § 120 is school ↔ Berufskolleg only: KA008');
SELECT kaoa.uebergeben(:o2, :bk, 'schulg_120') AS u7 \gset
RESET ROLE;
SET LOCAL ROLE t_bk;
SELECT is(kaoa.uebergabe_daten(:u7),
          '{"nachname": "Nachname O-2", "vorname": "Vorname", "geburtsdatum": "2008-03-14",
            "anschrift": "Domstraße 1, 50667 Köln", "abschluss": "MSA"}'::jsonb,
          'uebergabe_daten: exactly the five SchulG § 120 fields');
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :u7), 'the Berufskolleg accepts');
SELECT results_eq(format('SELECT zustaendig_org, status::text FROM kaoa.fall WHERE fall_id = %s', :o2),
                  format($$VALUES (%s::bigint, 'ohne_anschluss')$$, :bk),
                  'a Berufskolleg takes over without moving the case to in_beratung');
RESET ROLE;

-- ---- Agentur → KoKo under § 31a Abs. 2; the six-month limit of statutory data -----------------------------
SELECT pg_temp.fall('M-1', :s1, 'ohne_anschluss') AS m1 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:m1, :aa, 'schuldueg_1_1') AS u8 \gset
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT kaoa.uebernehmen(:u8);
SELECT kaoa.uebergeben(:m1, :ko, 'sgb3_31a_2') AS u9 \gset
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is(kaoa.uebergabe_daten(:u9),
          '{"nachname": "Nachname M-1", "vorname": "Vorname", "geburtsdatum": "2008-03-14",
            "anschrift": "Domstraße 1, 50667 Köln"}'::jsonb,
          'uebergabe_daten: exactly the four § 31a Abs. 2 fields');
SELECT is((SELECT count(*) FROM kaoa.person_identitaet), 0::bigint, 'the KoKo reads no identity directly');
RESET ROLE;
SET LOCAL session_replication_role = replica;
UPDATE kaoa.uebergabe SET gesendet_am = now() - interval '7 months' WHERE uebergabe_id IN (:u8, :u9);
RESET session_replication_role;
SET LOCAL ROLE t_ko;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u9), 'KA004', NULL,
                 'statutory data is readable for six months after sending: KA004');
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :u9), 'the KoKo accepts');
SELECT results_eq(format('SELECT zustaendig_org, status::text FROM kaoa.fall WHERE fall_id = %s', :m1),
                  format($$VALUES (%s::bigint, 'in_beratung')$$, :ko), 'the KoKo holds the case, in_beratung');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u9), 'KA004', format('organisation %s may not read the data of hand-off %s', :aa, :u9),
                 'statutory data it forwarded: the sender too reads it for six months only');
SELECT is(pg_temp.antwort(format('SELECT kaoa.uebergabe_daten(%s)', :u9)),
          format('KA004: Hand-off %s of case %s (Kommune 05315) was sent more than six months ago; statutory data may be read for six months, by the receiver and the sender.', :u9, :m1),
          '… and is told why');
SELECT throws_ok(format('SELECT kaoa.uebergabe_daten(%s)', :u8), 'KA004', NULL,
                 'the Agentur''s own received data expired too');
RESET ROLE;

-- ---- acceptance moves a case to in_beratung for Jobcenter and Jugendamt too, from nicht_erreichbar and
-- nicht_angetreten as well (the SQL path: the status is computed from the locked row)
SELECT pg_temp.fall('B-1', :s1, 'nicht_erreichbar') AS b1, pg_temp.fall('B-2', :s1, 'nicht_angetreten') AS b2 \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', pg_temp.person_von(:b1), 'sorgeberechtigt', '{jugendamt}', 'Hilfe'),
       ('05315', pg_temp.person_von(:b2), 'sorgeberechtigt', '{jobcenter}', 'Hilfe');
SELECT (SELECT einwilligung_id FROM kaoa.einwilligung WHERE person_id = pg_temp.person_von(:b1)) AS eb1,
       (SELECT einwilligung_id FROM kaoa.einwilligung WHERE person_id = pg_temp.person_von(:b2)) AS eb2 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:b1, :ja, 'einwilligung', :eb1) AS ub1, kaoa.uebergeben(:b2, :jc, 'einwilligung', :eb2) AS ub2 \gset
RESET ROLE;
SET LOCAL ROLE t_ja;
SELECT kaoa.uebernehmen(:ub1) \gset
RESET ROLE;
SET LOCAL ROLE t_jc;
SELECT kaoa.uebernehmen(:ub2) \gset
RESET ROLE;
SELECT results_eq(format('SELECT fall_id, zustaendig_org, status::text FROM kaoa.fall WHERE fall_id IN (%s, %s) ORDER BY fall_id', :b1, :b2),
                  format($$VALUES (%s::bigint, %s::bigint, 'in_beratung'), (%s, %s, 'in_beratung')$$, :b1, :ja, :b2, :jc),
                  'the Jugendamt takes a nicht_erreichbar case, the Jobcenter a nicht_angetreten one: both in_beratung');
SELECT results_eq(format($$SELECT fall_id, org_id, von_status::text FROM kaoa.ereignis WHERE fall_id IN (%s, %s) AND art = 'status'
                           AND nach_status = 'in_beratung' ORDER BY fall_id$$, :b1, :b2),
                  format($$VALUES (%s::bigint, %s::bigint, 'nicht_erreichbar'), (%s, %s, 'nicht_angetreten')$$, :b1, :ja, :b2, :jc),
                  'logged as done by the receiver');

-- ---- direct writes to kaoa.uebergabe ----------------------------------------------------------------------------
SELECT pg_temp.fall('D-1', :s1, 'ohne_anschluss') AS d1 \gset
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$INSERT INTO kaoa.uebergabe (kommune, fall_id, von_org, an_org, rechtsgrundlage, faellig_am)
                          VALUES ('05315', %s, %s, %s, 'schuldueg_1_1', current_date)$$, :d1, :s1, :aa),
                 '42501', NULL, 'actors do not write kaoa.uebergabe directly: 42501');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok(format($$INSERT INTO kaoa.uebergabe (kommune, fall_id, von_org, an_org, rechtsgrundlage, faellig_am)
                          VALUES ('05315', %s, %s, %s, 'sgb3_31a_2', current_date)$$, :d1, :s1, :aa),
                 'KA008', NULL, 'a direct INSERT by the system gets the same checks: KA008');
SELECT throws_ok(format($$INSERT INTO kaoa.uebergabe (kommune, fall_id, von_org, an_org, rechtsgrundlage, faellig_am)
                          VALUES ('05315', %s, %s, %s, 'schuldueg_1_1', current_date)$$, :d1, :aa, :jc),
                 'KA004', NULL, 'the sender of a direct INSERT must hold the case: KA004');
SELECT lives_ok(format($$INSERT INTO kaoa.uebergabe (kommune, fall_id, von_org, an_org, rechtsgrundlage, faellig_am, gesendet_am)
                         VALUES ('05315', %s, %s, %s, 'schuldueg_1_1', '2000-01-01', '2000-01-01')$$, :d1, :s1, :aa),
                'a valid direct INSERT by the system');
RESET ROLE;
SELECT results_eq(format('SELECT faellig_am, gesendet_am = now() FROM kaoa.uebergabe WHERE fall_id = %s', :d1),
                  $$VALUES (current_date + 10, true)$$, 'sending time and due date are set by the trigger');
SELECT throws_ok(format('UPDATE kaoa.uebergabe SET uebernommen_am = now() WHERE fall_id = %s', :d1),
                 'KA006', 'UPDATE on kaoa.uebergabe is not allowed', 'answers only through the functions, even for a superuser: KA006');
SELECT throws_ok(format($$SELECT kaoa.uebergeben(%s, %s, 'schuldueg_1_1')$$, 999999, :aa), 'P0002', 'case 999999 does not exist',
                 'the system gets P0002 for an unknown case');
SET LOCAL ROLE t_aa;
SELECT throws_ok(format($$SELECT kaoa.uebergeben(%s, %s, 'sgb10_69')$$, 999999, :jc), 'KA004',
                 format('case 999999 is not visible to organisation %s', :aa),
                 'an organisation cannot tell an unknown case from a hidden one: KA004');
SELECT throws_ok('SELECT kaoa.uebergeben(NULL, 1, ''sgb10_69'')', '22004', NULL, 'a NULL argument: 22004');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
