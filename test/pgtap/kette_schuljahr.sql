-- pgTAP: a whole school year 2025/26 of one Kommune, played through by the organisations with
-- their own roles, plain SQL and the API: registration, identification, hand-offs (accepted,
-- overdue, under consent), contact attempts, an objection, Anschluss, Verbleib reports, a no-show
-- and a drop-out.  It ends after the verbleib_stichtag with kaoa.kette_pruefen empty: nobody lost.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(54);
-- the fixture's 2025 row: identification window around today, verbleib_stichtag today + 60
SELECT verbleib_stichtag AS vs FROM kaoa.fristen WHERE kommune = '05315' AND schuljahr = 2025 \gset

-- ---- spring: the KoKo sets the deadlines, the schools register their leavers -----------------------------
SET LOCAL ROLE t_ko;
SELECT results_eq($$UPDATE kaoa.fristen SET uebernahme_tage = 7 WHERE kommune = '05315' AND schuljahr = 2025
                      RETURNING kommune, schuljahr, uebernahme_tage$$,
                  $$VALUES ('05315', 2025, 7)$$,
                  'KoKo: hand-offs are due after 7 days this year');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT lives_ok($$INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
                  VALUES ('05315', 'GE-A', '2009-04-01'), ('05315', 'GE-B', '2009-01-01'), ('05315', 'GE-C', '2008-11-01'),
                         ('05315', 'GE-D', '2009-06-01'), ('05315', 'GE-E', '2009-09-01')$$, 'S1 registers five leavers');
SELECT lives_ok($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss, abschluss_erwartet)
                  SELECT kommune, person_id, 2025, kaoa.akteur_org(), 'ESA', true FROM kaoa.person WHERE pseudonym LIKE 'GE-%'$$,
                'S1 opens their cases');
SELECT lives_ok($$INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname, geburtsdatum, geschlecht, anschrift)
                  SELECT kommune, person_id, 'Schüler ' || pseudonym, 'Vorname', geburtsmonat + 14, 'm', 'Ehrenstraße 5, 50672 Köln'
                    FROM kaoa.person WHERE pseudonym LIKE 'GE-%'$$, 'S1 records their identities');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT lives_ok($$INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
                  VALUES ('05315', 'RS-F', '2009-02-01'), ('05315', 'RS-G', '2009-03-01'), ('05315', 'RS-H', '2008-12-01')$$,
                'S2 registers three leavers');
SELECT lives_ok($$INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss)
                  SELECT kommune, person_id, 2025, kaoa.akteur_org(), 'MSA' FROM kaoa.person WHERE pseudonym LIKE 'RS-%'$$,
                'S2 opens their cases');
RESET ROLE;
SELECT max(f.fall_id) FILTER (WHERE p.pseudonym = 'GE-A') AS a, max(f.fall_id) FILTER (WHERE p.pseudonym = 'GE-B') AS b,
       max(f.fall_id) FILTER (WHERE p.pseudonym = 'GE-C') AS c, max(f.fall_id) FILTER (WHERE p.pseudonym = 'GE-D') AS d,
       max(f.fall_id) FILTER (WHERE p.pseudonym = 'GE-E') AS e, max(f.fall_id) FILTER (WHERE p.pseudonym = 'RS-F') AS f,
       max(f.fall_id) FILTER (WHERE p.pseudonym = 'RS-G') AS g, max(f.fall_id) FILTER (WHERE p.pseudonym = 'RS-H') AS h,
       max(p.person_id) FILTER (WHERE p.pseudonym = 'GE-C') AS pc
  FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id) \gset

-- ---- identification round (inside the window) -----------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT results_eq(format($$WITH u AS (UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id IN (%s, %s, %s)
                                        RETURNING fall_id, status::text)
                           SELECT * FROM u ORDER BY fall_id$$, :a, :b, :c),
                  format($$VALUES (%s::bigint, 'ohne_anschluss'), (%s, 'ohne_anschluss'), (%s, 'ohne_anschluss')$$, :a, :b, :c),
                  'S1 identifies A, B, C without Anschluss');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'berufsfachschule', aufnehmende_org = %s
                           WHERE fall_id = %s RETURNING fall_id, status::text, anschluss, aufnehmende_org$$, :bk, :d),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'berufsfachschule', %s::bigint)$$, :d, :bk),
                  'D has a place at the Berufskolleg, which the school names as admitting');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'gymnasiale_oberstufe' WHERE fall_id = %s
                           RETURNING fall_id, status::text, anschluss$$, :e),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'gymnasiale_oberstufe')$$, :e),
                  'E stays for the Oberstufe');
SELECT kaoa.uebergeben(:a, :aa, 'schuldueg_1_1') AS ua, kaoa.uebergeben(:b, :aa, 'schuldueg_1_1') AS ub,
       kaoa.uebergeben(:c, :aa, 'schuldueg_1_1') AS uc \gset
SELECT is((SELECT faellig_am FROM kaoa.uebergabe WHERE uebergabe_id = :uc), current_date + 7, 'due after the KoKo''s 7 days');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'ausgenommen', grund = 'Zulassung zur Abiturprüfung' WHERE fall_id = %s
                           RETURNING fall_id, status::text, grund$$, :h),
                  format($$VALUES (%s::bigint, 'ausgenommen', 'Zulassung zur Abiturprüfung')$$, :h),
                  'S2: H is admitted to the Abitur, ausgenommen');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'dual_betrieblich', aufnehmende_org = %s
                           WHERE fall_id = %s RETURNING fall_id, status::text, anschluss, aufnehmende_org$$, :be, :f),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'dual_betrieblich', %s::bigint)$$, :f, :be),
                  'F has a training contract with the Betrieb');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'fachoberschule' WHERE fall_id = %s
                           RETURNING fall_id, status::text, anschluss$$, :g),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'fachoberschule')$$, :g),
                  'G goes to the Fachoberschule');
RESET ROLE;

-- ---- the Agentur takes two cases at once; the third waits too long -------------------------------------------
SET LOCAL ROLE t_aa;
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s), kaoa.uebernehmen(%s)', :ua, :ub), 'the Agentur takes over A and B');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT results_eq(format($$SELECT fall_id, problem FROM kaoa.kette_pruefen('05315', 2025, current_date + 8)$$),
                  format($$VALUES (%s::bigint, 'uebergabe_ueberfaellig')$$, :c),
                  'a week later the KoKo sees C''s hand-off overdue');
SELECT results_eq('SELECT fall_id FROM kaoa.fristen_pruefen(current_date + 8)', format('VALUES (%s::bigint)', :c),
                  'and so does fristen_pruefen');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :uc), 'the Agentur takes over C after the reminder');
SELECT is((SELECT count(*) FROM kaoa.fall WHERE status = 'in_beratung'), 3::bigint, 'A, B, C are in counselling at the Agentur');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'dual_betrieblich', aufnehmende_org = %s
                           WHERE fall_id = %s RETURNING fall_id, status::text, anschluss, aufnehmende_org$$, :ka, :a),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'dual_betrieblich', %s::bigint)$$, :a, :ka),
                  'A gets an apprenticeship, registered with the IHK');
-- B cannot be reached
SELECT lives_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich)
                         VALUES ('05315', %s, 'telefon', false), ('05315', %s, 'brief', false), ('05315', %s, 'hausbesuch', false)$$,
                       :b, :b, :b), 'three unsuccessful attempts on B');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id = %s RETURNING fall_id, status::text$$, :b),
                  format($$VALUES (%s::bigint, 'nicht_erreichbar')$$, :b), 'B is nicht_erreichbar');
SELECT kaoa.uebergeben(:b, :jc, 'sgb3_31a_2') AS ub2 \gset
SELECT results_eq(format('SELECT fall_id, von_org, an_org, rechtsgrundlage::text, uebernommen_am IS NULL FROM kaoa.uebergabe WHERE uebergabe_id = %s', :ub2),
                  format($$VALUES (%s::bigint, %s::bigint, %s::bigint, 'sgb3_31a_2', true)$$, :b, :aa, :jc),
                  'the Agentur passes B to the Jobcenter under § 31a Abs. 2 (an open hand-off)');
-- C objects, but agrees to a Träger's coaching
SELECT lives_ok(format('SELECT kaoa.widerspruch_erheben(%s)', :pc), 'C objects to the statutory transfer');
SELECT throws_ok(format($$SELECT kaoa.uebergeben(%s, %s, 'sgb3_31a_2')$$, :c, :ja), 'KA003', NULL, 'so no § 31a Abs. 2 hand-off (KA003)');
SELECT lives_ok(format($$INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck)
                         VALUES ('05315', %s, 'selbst', '{traeger}', '{vorname,nachname,anschluss}', 'Coaching beim Träger')$$, :pc),
                'C (16) consents to the Träger');
SELECT kaoa.uebergeben(:c, :tr, 'einwilligung', (SELECT max(einwilligung_id) FROM kaoa.einwilligung)) AS uc2 \gset
RESET ROLE;
SET LOCAL ROLE t_jc;
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :ub2), 'the Jobcenter takes over B');
SELECT is((SELECT status::text FROM kaoa.fall WHERE fall_id = :b), 'in_beratung', 'B is in counselling at the Jobcenter');
SELECT lives_ok(format($$INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', %s, 'persoenlich', true)$$, :b),
                'the Jobcenter reaches B');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'jobcenter_massnahme' WHERE fall_id = %s
                           RETURNING fall_id, status::text, anschluss$$, :b),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'jobcenter_massnahme')$$, :b),
                  'B starts a Jobcenter measure');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(kaoa.uebergabe_daten(:uc2) ?& ARRAY['vorname', 'nachname', 'anschluss'], true, 'the Träger reads what C agreed to');
SELECT lives_ok(format('SELECT kaoa.uebernehmen(%s)', :uc2), 'the Träger takes over C');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'jugendhilfe_massnahme' WHERE fall_id = %s
                           RETURNING fall_id, status::text, anschluss$$, :c),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'jugendhilfe_massnahme')$$, :c),
                  'C starts the Träger''s measure');
RESET ROLE;

-- ---- after the summer: Verbleib reports, a no-show, a drop-out -------------------------------------------------
SET LOCAL ROLE t_ka;
SELECT is(kaoa.verbleib_melden(:a, true), 'angetreten'::kaoa.fall_status, 'IHK: A started the apprenticeship');
RESET ROLE;
SET LOCAL ROLE t_bk;
SELECT is(kaoa.verbleib_melden(:d, true), 'angetreten'::kaoa.fall_status, 'Berufskolleg: D started');
RESET ROLE;
SET LOCAL ROLE t_be;
SELECT is(kaoa.verbleib_melden(:f, false), 'nicht_angetreten'::kaoa.fall_status, 'Betrieb: F did not start');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'in_beratung' WHERE fall_id = %s RETURNING fall_id, status::text$$, :f),
                  format($$VALUES (%s::bigint, 'in_beratung')$$, :f), 'S2 counsels F again');
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'eq', aufnehmende_org = %s
                           WHERE fall_id = %s RETURNING fall_id, status::text, anschluss, aufnehmende_org$$, :ka, :f),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'eq', %s::bigint)$$, :f, :ka),
                  'F gets an Einstiegsqualifizierung, registered with the IHK');
RESET ROLE;
SET LOCAL ROLE t_ka;
SELECT is(kaoa.verbleib_melden(:f, true), 'angetreten'::kaoa.fall_status, 'IHK: F started the EQ');
SELECT is(kaoa.verbleib_melden(:a, false), 'nicht_angetreten'::kaoa.fall_status, 'IHK: A dropped out before the stichtag');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT results_eq(format($$UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'dual_betrieblich' WHERE fall_id = %s
                           RETURNING fall_id, status::text, anschluss$$, :a),
                  format($$VALUES (%s::bigint, 'anschluss_gesichert', 'dual_betrieblich')$$, :a),
                  'the Agentur finds A a new training place');
RESET ROLE;
SET LOCAL ROLE t_ka;
SELECT is(kaoa.verbleib_melden(:a, true), 'angetreten'::kaoa.fall_status, 'IHK: A started again');
RESET ROLE;
SET LOCAL ROLE t_jc;
SELECT is(kaoa.verbleib_melden(:b, true), 'angetreten'::kaoa.fall_status, 'the Jobcenter (holder): B started');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(kaoa.verbleib_melden(:c, true), 'angetreten'::kaoa.fall_status, 'the Träger (holder): C started');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is(kaoa.verbleib_melden(:e, true), 'angetreten'::kaoa.fall_status, 'S1 (holder): E is in the Oberstufe');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is(kaoa.verbleib_melden(:g, true), 'angetreten'::kaoa.fall_status, 'the KoKo: G is at the Fachoberschule');

-- ---- the KoKo's end-of-year view ------------------------------------------------------------------------------------
SELECT results_eq('SELECT fall_id, problem FROM kaoa.kette_pruefen(''05315'', 2025, current_date)',
                  'SELECT NULL::bigint, NULL::text WHERE false', 'before the stichtag: nothing to chase');
SELECT results_eq(format($$SELECT fall_id, problem FROM kaoa.kette_pruefen('05315', 2025, %L::date + 1)$$, :'vs'),
                  'SELECT NULL::bigint, NULL::text WHERE false',
                  'after the verbleib_stichtag: kette_pruefen is empty, nobody is lost');
SELECT is((SELECT count(*) FROM kaoa.fristen_pruefen(:'vs'::date + 1)), 0::bigint, 'no hand-off overdue');
SELECT ok((SELECT anzahl FROM kaoa.v_kette WHERE schuljahr = 2025 AND status = 'angetreten') IN (6, 9)
          AND (SELECT count(*) FROM kaoa.v_kette WHERE schuljahr = 2025 AND status = 'ausgenommen' AND anzahl IS NULL) = 1
          AND (SELECT sum(anzahl) FROM kaoa.v_kette WHERE schuljahr = 2025) IN (6, 9),
          'v_kette (min_fallzahl 3): the seven angetreten 6 or 9; the single ausgenommen has its row with the count NULL (never 1)');
SELECT results_eq(format($$SELECT count(*), count(anzahl) FROM kaoa.v_verbleib WHERE schuljahr = 2025 AND schule_org = %s$$, :s1),
                  format($$SELECT count(DISTINCT coalesce(anschluss, '-')), 0::bigint FROM kaoa.fall WHERE schuljahr = 2025 AND schule_org = %s$$, :s1),
                  'v_verbleib of S1: a row per Anschluss, each with one case and so the count NULL, never 1; no sector totals');
RESET ROLE;
SELECT results_eq(format($$SELECT zustaendig_org FROM kaoa.fall WHERE fall_id IN (%s, %s, %s, %s, %s) ORDER BY fall_id$$, :a, :b, :c, :d, :e),
                  format('VALUES (%s::bigint), (%s), (%s), (%s), (%s)', :aa, :jc, :tr, :s1, :s1),
                  'who holds S1''s leavers at the end: Agentur, Jobcenter, Träger, the school twice');
SELECT is((SELECT count(*) FROM kaoa.fall WHERE zustaendig_org IS NULL), 0::bigint, 'never a case without a responsible organisation');
SELECT results_eq(format($$SELECT art, count(*) FROM kaoa.ereignis WHERE fall_id = %s GROUP BY art ORDER BY art$$, :a),
                  $$VALUES ('fall_angelegt', 1::bigint), ('status', 4::bigint), ('uebergabe', 1::bigint),
                           ('uebernahme', 1::bigint), ('verbleib', 3::bigint)$$,
                  'A''s log: created, offered, taken over, four status changes, three Verbleib reports');
SELECT is((SELECT count(DISTINCT org_id) FROM kaoa.ereignis WHERE kommune = '05315' AND org_id IS NOT NULL), 9::bigint,
          'nine organisations took part');

SELECT * FROM finish();
ROLLBACK;
