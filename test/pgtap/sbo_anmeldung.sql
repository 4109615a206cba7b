-- pgTAP: registrations for a measure (kaoa.anmelden, kaoa.anmeldung_zurueckziehen) as the
-- organisations make them: places, the waiting list and its moving up, the target-group rule, the
-- deadline as a day in Europe/Berlin, every change in the log, and each bad input refused with its
-- SQLSTATE, a detail naming the measure and a hint, with nothing written.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(60);

-- the domain's today, and a measure starting in 60 days; its school year gives the pupils' grades
SELECT (now() AT TIME ZONE 'Europe/Berlin')::date AS heute,
       extract(year FROM current_date + 60)::int - (extract(month FROM current_date + 60) < 8)::int AS sj \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, zeitraum, plaetze, anmeldung_bis)
VALUES ('05315', :tr, 'Azubis zeigen ihren Betrieb', 'betriebserkundung', '[9,10]', '{GE,RS}',
        daterange(current_date + 60, current_date + 120), 2, :'heute'::date + 30)
RETURNING massnahme_id AS m \gset
SELECT pg_temp.schueler('p1', :s1, 9, :sj) AS p1, pg_temp.schueler('p2', :s1, 10, :sj) AS p2,
       pg_temp.schueler('p3', :s1, 9, :sj) AS p3, pg_temp.schueler('p4', :s2, 9, :sj) AS p4,
       pg_temp.schueler('p5', :s1, 8, :sj) AS p5, pg_temp.schueler('p6', :s2, 10, :sj) AS p6 \gset
INSERT INTO kaoa.person (kommune, pseudonym) VALUES ('05111', 'd1') RETURNING person_id AS d1 \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze, anmeldung_bis)
VALUES ('05111', :ds, 'Düsseldorfer Kurs', 'praxiskurs', '[8,10]', daterange(current_date + 60, current_date + 90), 10,
        :'heute'::date + 30)
RETURNING massnahme_id AS md \gset
CREATE FUNCTION pg_temp.hinweis(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE h text;
BEGIN
    EXECUTE sql;
    RETURN 'kein Fehler';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RETURN h;
END $$;
CREATE FUNCTION pg_temp.stand(m bigint) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(person_id || ':' || status, ' ' ORDER BY anmeldung_id), '')
      FROM kaoa.anmeldung WHERE massnahme_id = m
$$;

-- ---- registering: places, then the waiting list ---------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT kaoa.anmelden(:m, :p1) AS a1 \gset
SELECT results_eq(format($$SELECT massnahme_id, person_id, angemeldet_von, status, abweichungen FROM kaoa.anmeldung
                            WHERE anmeldung_id = %s$$, :a1),
                  format($$VALUES (%s::bigint, %s::bigint, %s::bigint, 'zugesagt'::text, '{}'::text[])$$, :m, :p1, :s1),
                  'the school registers its pupil: zugesagt, registered by the school, inside the target group');
SELECT kaoa.anmelden(:m, :p2) AS a2, kaoa.anmelden(:m, :p3) AS a3 \gset
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT kaoa.anmelden(:m, :p4) AS a4 \gset
RESET ROLE;
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:zugesagt %s:warteliste %s:warteliste', :p1, :p2, :p3, :p4),
          'two places: the first two zugesagt, the next two on the waiting list');
SELECT results_eq(format($$SELECT art, fall_id, org_id, rolle::text COLLATE "default", details - 'anmeldung_id' FROM kaoa.ereignis
                            WHERE details ->> 'massnahme_id' = '%s' ORDER BY ereignis_id$$, :m),
                  format($$VALUES ('anmeldung'::text, NULL::bigint, %s::bigint, 't_s1'::text,
                                   '{"massnahme_id": %s, "person_id": %s, "status": "zugesagt"}'::jsonb),
                                  ('anmeldung', NULL, %s, 't_s1', '{"massnahme_id": %s, "person_id": %s, "status": "zugesagt"}'),
                                  ('anmeldung', NULL, %s, 't_s1', '{"massnahme_id": %s, "person_id": %s, "status": "warteliste"}'),
                                  ('anmeldung', NULL, %s, 't_s2', '{"massnahme_id": %s, "person_id": %s, "status": "warteliste"}')$$,
                         :s1, :m, :p1, :s1, :m, :p2, :s1, :m, :p3, :s2, :m, :p4),
                  'every registration is in the log, by the organisation and role that made it');

-- ---- bad input: each refused with its code, a detail naming the measure and a hint; nothing written ------------------
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p1), '23505',
                 format('person %s is registered for measure %s already', :p1, :m), 'twice for the same person: 23505');
SELECT is(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :m, :p1)),
          format('23505: Registration %s of person %s for measure %s "Azubis zeigen ihren Betrieb" of Kommune 05315 has status zugesagt.',
                 :a1, :p1, :m), '… the detail names the registration and the measure');
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p4), 'KA004',
                 format('person %s is not visible to organisation %s', :p4, :s1),
                 'a school registering another school''s pupil: KA004');
SELECT is(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :m, :p4)),
          replace(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :m, :p4 + 1000)), (:p4 + 1000)::text, :p4::text),
          '… the same answer as for a person that does not exist');
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :md, :p1), 'KA004',
                 format('measure %s is not visible to organisation %s', :md, :s1), 'a measure of another Kommune: KA004');
SELECT is(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :md, :p1)),
          replace(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :md + 1000, :p1)), (:md + 1000)::text, :md::text),
          '… the same answer as for a measure that does not exist');
RESET ROLE;
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:zugesagt %s:warteliste %s:warteliste', :p1, :p2, :p3, :p4),
          'the refusals wrote nothing');
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art LIKE 'anmeldung%'), 4::bigint, '… and logged nothing');

-- the deadline, a day in Europe/Berlin
UPDATE kaoa.massnahme SET anmeldung_bis = :'heute'::date - 1 WHERE massnahme_id = :m;
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p5), 'KA011',
                 format('registration for measure %s closed on %s', :m, :'heute'::date - 1), 'after anmeldung_bis: KA011');
SELECT is(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :m, :p5)),
          format('KA011: Measure %s "Azubis zeigen ihren Betrieb" of Kommune 05315 took registrations until %s; today (Europe/Berlin) is %s.',
                 :m, :'heute'::date - 1, :'heute'), '… the detail names the measure, its deadline and today');
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p1), 'KA011', NULL,
                 'after the deadline, a person registered already: the deadline comes first (KA011, not 23505)');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT is(kaoa.anmelden(:m, :p5) IS NOT NULL, true, 'the system (a loader) is not bound by the deadline');
RESET ROLE;
UPDATE kaoa.massnahme SET anmeldung_bis = :'heute' WHERE massnahme_id = :m;
SET LOCAL TimeZone = 'Pacific/Kiritimati';
SET LOCAL ROLE t_s2;
SELECT is(kaoa.anmeldung_zurueckziehen(kaoa.anmelden(:m, :p6)), NULL::bigint,
          'anmeldung_bis = today in Berlin, session at UTC+14: open (registered, then withdrawn from the waiting list)');
RESET ROLE;
SET LOCAL TimeZone = 'Pacific/Pago_Pago';
SET LOCAL ROLE t_s2;
SELECT is(kaoa.anmeldung_zurueckziehen(kaoa.anmelden(:m, :p6)), NULL::bigint,
          'anmeldung_bis = today in Berlin, session at UTC-11: open (registered anew, withdrawn again)');
RESET ROLE;
UPDATE kaoa.massnahme SET anmeldung_bis = :'heute'::date - 1 WHERE massnahme_id = :m;
SET LOCAL TimeZone = 'Pacific/Kiritimati';
SET LOCAL ROLE t_s2;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p6), 'KA011', NULL,
                 'anmeldung_bis = yesterday in Berlin, session at UTC+14: closed');
RESET ROLE;
SET LOCAL TimeZone = 'Pacific/Pago_Pago';
SET LOCAL ROLE t_s2;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p6), 'KA011', NULL,
                 'anmeldung_bis = yesterday in Berlin, session at UTC-11: closed');
RESET ROLE;
RESET TimeZone;
UPDATE kaoa.massnahme SET anmeldung_bis = NULL WHERE massnahme_id = :m;
SET LOCAL ROLE t_ko;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p3), 'KA011', format('measure %s takes no registrations', :m),
                 'no anmeldung_bis: no registrations (KA011)');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p3), 'KA011', NULL, '… for the system too');
RESET ROLE;
UPDATE kaoa.massnahme SET anmeldung_bis = :'heute'::date + 30 WHERE massnahme_id = :m;

-- the target group: outside it accepted and flagged, or refused when the measure admits only it
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:zugesagt %s:warteliste %s:warteliste %s:warteliste %s:zurueckgezogen',
                                    :p1, :p2, :p3, :p4, :p5, :p6), 'the queue so far');
SELECT is((SELECT abweichungen FROM kaoa.anmeldung WHERE person_id = :p5), '{jahrgang}'::text[],
          'grade 8 in a measure for grades 9-10: accepted, flagged jahrgang');
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, zeitraum, plaetze, anmeldung_bis,
                            nur_zielgruppe, warteliste)
VALUES ('05315', :tr, 'Bewerbungstraining Klasse 10', 'bewerbungstraining', '[10,10]', NULL,
        daterange(current_date + 60, current_date + 90), 1, :'heute'::date + 30, true, false)
RETURNING massnahme_id AS m2 \gset
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m2, :p1), 'KA012',
                 format('person %s is outside the target group of measure %s', :p1, :m2),
                 'outside a closed target group: KA012');
SELECT is(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :m2, :p1)),
          format('KA012: Measure %s "Bewerbungstraining Klasse 10" of Kommune 05315 admits only its target group; person %s is in grade 9 at school form GE in school year %s.',
                 :m2, :p1, :sj), '… the detail names the measure and what was found');
SELECT is(pg_temp.hinweis(format('SELECT kaoa.anmelden(%s, %s)', :m2, :p1)),
          'The measure is open to grade 10 (every school form). Enrol the person for that school year first, or register someone of the target group.',
          '… the hint says whom the measure admits');
SELECT kaoa.anmelden(:m2, :p2) AS b2 \gset
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m2, :p2), '23505', NULL, 'registered already');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m2, :p6), 'KA011', format('measure %s is full', :m2),
                 'its one place is taken and it keeps no waiting list: KA011');
SELECT is(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :m2, :p6)),
          format('KA011: The 1 place of measure %s "Bewerbungstraining Klasse 10" of Kommune 05315 is zugesagt and it keeps no waiting list.', :m2),
          '… the detail names the measure');
RESET ROLE;
SELECT is(pg_temp.stand(:m2), format('%s:zugesagt', :p2), 'the refusals wrote nothing');

-- who: other organisations, BI and unregistered roles, NULL arguments
SET LOCAL ROLE t_aa;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p3), 'KA004',
                 format('organisation %s may not register young people for measure %s', :aa, :m),
                 'the Agentur, no partner of the measure: KA004');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p3), 'KA004', NULL, 'the Düsseldorf KoKo: KA004');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p3), '42501', NULL, 'a BI role: 42501');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, NULL)', :m), '22004', NULL, 'NULL person: 22004');
SELECT throws_ok('SELECT kaoa.anmeldung_zurueckziehen(NULL)', '22004', NULL, 'NULL registration: 22004');
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :d1), 'KA004', NULL,
                 'the KoKo registering a person of another Kommune: KA004');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :d1), '23503',
                 format('person %s does not exist in Kommune 05315', :d1), 'the system, a person of another Kommune: 23503');
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m + 1000, :p1), 'P0002', NULL, 'the system, no such measure: P0002');
RESET ROLE;
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:zugesagt %s:warteliste %s:warteliste %s:warteliste %s:zurueckgezogen',
                                    :p1, :p2, :p3, :p4, :p5, :p6), 'nothing written by the refused calls');

-- ---- withdrawing: the earliest waiting moves up in the same transaction ------------------------------------------
SET LOCAL ROLE t_s1;
SELECT is(kaoa.anmeldung_zurueckziehen(:a2), :a3::bigint, 'the school withdraws p2: p3 (the earliest waiting) moves up');
RESET ROLE;
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:zurueckgezogen %s:zugesagt %s:warteliste %s:warteliste %s:zurueckgezogen',
                                    :p1, :p2, :p3, :p4, :p5, :p6), 'p2 withdrawn, p3 zugesagt, p4 and p5 wait');
SELECT results_eq(format($$SELECT art, details ->> 'anmeldung_id', details ->> 'status', details ->> 'von_status',
                                  details ->> 'frei_durch', org_id
                             FROM kaoa.ereignis WHERE details ->> 'massnahme_id' = '%s' ORDER BY ereignis_id DESC LIMIT 2$$, :m),
                  format($$VALUES ('anmeldung_nachgerueckt'::text, '%s'::text, 'zugesagt'::text, 'warteliste'::text, '%s'::text, %s::bigint),
                                  ('anmeldung_zurueckgezogen', '%s', 'zurueckgezogen', 'zugesagt', NULL, %s)$$,
                         :a3, :a2, :s1, :a2, :s1),
                  'both changes logged: the withdrawal and the moving up, naming the freed place');
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT kaoa.anmeldung_zurueckziehen(%s)', :a2), '55000',
                 format('registration %s is withdrawn already', :a2), 'withdrawing twice: 55000');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT throws_ok(format('SELECT kaoa.anmeldung_zurueckziehen(%s)', :a4), 'KA004',
                 format('registration %s is not visible to organisation %s', :a4, :aa), 'the Agentur may not withdraw: KA004');
SELECT is(pg_temp.antwort(format('SELECT kaoa.anmeldung_zurueckziehen(%s)', :a4)),
          replace(pg_temp.antwort(format('SELECT kaoa.anmeldung_zurueckziehen(%s)', :a4 + 1000)), (:a4 + 1000)::text, :a4::text),
          '… the same answer as for a registration that does not exist');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is(kaoa.anmeldung_zurueckziehen(:a4), NULL::bigint, 'a waiting registration withdrawn: nobody moves up');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is(kaoa.anmelden(:m, :p2), :a2::bigint, 'p2 registered anew: the same registration …');
RESET ROLE;
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:warteliste %s:zugesagt %s:zurueckgezogen %s:warteliste %s:zurueckgezogen',
                                    :p1, :p2, :p3, :p4, :p5, :p6), '… on the waiting list (the places are taken)');
SELECT ok((SELECT angemeldet_am FROM kaoa.anmeldung WHERE anmeldung_id = :a2)
          > (SELECT angemeldet_am FROM kaoa.anmeldung WHERE person_id = :p5 AND massnahme_id = :m),
          '… at the end of the queue (angemeldet_am anew, after p5 who waits)');

-- ---- places: raising them moves the waiting list up, lowering them below the promised is refused ---------------------
SET LOCAL ROLE t_tr;
SELECT results_eq(format($$UPDATE kaoa.massnahme SET plaetze = 3 WHERE massnahme_id = %s RETURNING plaetze$$, :m),
                  $$VALUES (3)$$, 'the Träger adds a place …');
RESET ROLE;
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:warteliste %s:zugesagt %s:zurueckgezogen %s:zugesagt %s:zurueckgezogen',
                                    :p1, :p2, :p3, :p4, :p5, :p6), '… and p5, the earliest waiting, moves up in the same statement');
SET LOCAL ROLE t_tr;
SELECT throws_ok(format($$UPDATE kaoa.massnahme SET plaetze = 2 WHERE massnahme_id = %s$$, :m), '23514',
                 'measure "Azubis zeigen ihren Betrieb" cannot have 2 places: 3 are zugesagt',
                 'fewer places than promised: 23514');
RESET ROLE;
SELECT is((SELECT plaetze FROM kaoa.massnahme WHERE massnahme_id = :m), 3, '… the places unchanged');
SET LOCAL ROLE t_ko;
SELECT results_eq(format($$UPDATE kaoa.massnahme SET plaetze = NULL WHERE massnahme_id = %s RETURNING plaetze$$, :m),
                  $$VALUES (NULL::int)$$, 'the KoKo lifts the limit …');
RESET ROLE;
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:zugesagt %s:zugesagt %s:zurueckgezogen %s:zugesagt %s:zurueckgezogen',
                                    :p1, :p2, :p3, :p4, :p5, :p6), '… and everyone waiting gets a place');

-- ---- the table is written only through the functions ------------------------------------------------------------------
SELECT throws_ok(format($$INSERT INTO kaoa.anmeldung (kommune, massnahme_id, person_id, status) VALUES ('05315', %s, %s, 'zugesagt')$$,
                        :m, :p4), 'KA006', 'INSERT on kaoa.anmeldung is not allowed', 'a direct INSERT, even by the superuser: KA006');
SELECT throws_ok(format($$UPDATE kaoa.anmeldung SET status = 'zugesagt' WHERE anmeldung_id = %s$$, :a4), 'KA006', NULL,
                 'a direct UPDATE: KA006');
SELECT throws_ok(format($$DELETE FROM kaoa.anmeldung WHERE anmeldung_id = %s$$, :a4), 'KA006', NULL, 'a direct DELETE: KA006');
SET LOCAL ROLE t_s1;
SELECT throws_ok(format($$UPDATE kaoa.anmeldung SET status = 'zugesagt' WHERE anmeldung_id = %s$$, :a1), '42501', NULL,
                 'an organisation has no write privilege on the table at all');
RESET ROLE;
SELECT is(pg_temp.stand(:m), format('%s:zugesagt %s:zugesagt %s:zugesagt %s:zurueckgezogen %s:zugesagt %s:zurueckgezogen',
                                    :p1, :p2, :p3, :p4, :p5, :p6), 'the direct writes changed nothing');

SELECT * FROM finish();
ROLLBACK;
