-- pgTAP, security suite (issue 10, class 2; the red-team review's reproduction 06): what a partner
-- of a measure (kaoa.massnahme_partner) may do with its participations.  A partner reads the
-- measure's registrations and participations and records participations of persons registered for
-- it or whose current case it holds; it corrects and deletes only the participations it recorded
-- itself — not the KoKo's, the school's or another partner's, not another measure's, not the measure
-- itself.  The organisations that organise the measure (traeger_org, partners with rolle traeger)
-- keep every participation of it.  An organisation merely offered a person's case records no
-- participation of that person.  Acting as the roles concerned; every refusal asserted with its
-- SQLSTATE and with the participations and measures unchanged (a fingerprint taken as the
-- superuser), every permitted write with the rows it changed.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(27);

CREATE FUNCTION pg_temp.abdruck() RETURNS text LANGUAGE sql AS $$
    SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '') FROM kaoa.massnahme_teilnahme t)
           || ' ' || (SELECT md5(string_agg(m::text, E'\n' ORDER BY m::text)) FROM kaoa.massnahme m)
$$;
SELECT (now() AT TIME ZONE 'Europe/Berlin')::date AS heute,
       extract(year FROM current_date + 60)::int - (extract(month FROM current_date + 60) < 8)::int AS sj \gset
-- the Träger's measure, with the Bäckerei as a partner (rolle partner); the Kammer's measure without it
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze, anmeldung_bis) VALUES
    ('05315', :tr, 'Azubis zeigen ihren Betrieb', 'betriebserkundung', '[9,10]',
     daterange(current_date + 60, current_date + 120), 10, :'heute'::date + 30),
    ('05315', :ka, 'Werkstatttag der Kammer', 'berufsfelderkundung', '[9,10]',
     daterange(current_date + 60, current_date + 90), 20, :'heute'::date + 30);
SELECT max(massnahme_id) FILTER (WHERE traeger_org = :tr) AS m, max(massnahme_id) FILTER (WHERE traeger_org = :ka) AS mk
  FROM kaoa.massnahme \gset
INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle) VALUES ('05315', :m, :be, 'partner');
SELECT pg_temp.schueler('q1', :s1, 9, :sj) AS q1, pg_temp.schueler('q2', :s1, 10, :sj) AS q2 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.anmelden(:m, :q1) AS a1, kaoa.anmelden(:m, :q2) AS a2 \gset
RESET ROLE;
-- the KoKo records q1's participation in both measures
SET LOCAL ROLE t_ko;
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
VALUES ('05315', :m, :q1, current_date + 61) RETURNING massnahme_teilnahme_id AS tk \gset
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
VALUES ('05315', :mk, :q1, current_date + 61) RETURNING massnahme_teilnahme_id AS tkk \gset
RESET ROLE;

-- ---- the Bäckerei, a partner (rolle partner) ------------------------------------------------------------------------
SET LOCAL ROLE t_be;
SELECT is((SELECT array_agg(massnahme_teilnahme_id) FROM kaoa.massnahme_teilnahme), ARRAY[:tk]::bigint[],
          'the partner reads its measure''s participations, not the other measure''s');
SELECT results_eq(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                            VALUES ('05315', %s, %s, current_date + 62) RETURNING person_id, erfasst_von$$, :m, :q2),
                  format($$VALUES (%s::bigint, %s::bigint)$$, :q2, :be),
                  'it records the participation of a registered person');
SELECT massnahme_teilnahme_id AS tb FROM kaoa.massnahme_teilnahme WHERE person_id = :q2 \gset
RESET ROLE;
SELECT pg_temp.abdruck() AS a0 \gset
SET LOCAL ROLE t_be;
SELECT throws_ok(format($$UPDATE kaoa.massnahme_teilnahme SET datum = current_date + 70 WHERE massnahme_teilnahme_id = %s$$, :tk),
                 'KA004', format('organisation %s may not change the participation of person %s in measure %s', :be, :q1, :m),
                 'it does not change the participation the KoKo recorded (KA004)');
SELECT throws_ok(format($$SELECT kaoa.massnahme_teilnahme_loeschen(%s)$$, :tk),
                 'KA004', format('organisation %s may not change the participation of person %s in measure %s', :be, :q1, :m),
                 '… nor delete it (KA004)');
SELECT results_eq(format($$UPDATE kaoa.massnahme_teilnahme SET datum = current_date + 70 WHERE massnahme_teilnahme_id = %s RETURNING 1$$, :tkk),
                  'SELECT 1 WHERE false', 'another measure''s participation: out of sight, no row');
SELECT is(kaoa.massnahme_teilnahme_loeschen(:tkk), 0, '… and deleting it reaches no row');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                          VALUES ('05315', %s, %s, current_date + 61)$$, :mk, :q2),
                 'KA004', format('organisation %s may not record participants of measure %s', :be, :mk),
                 'it records no participation in a measure it is no partner of (KA004)');
SELECT throws_ok(format($$UPDATE kaoa.massnahme SET plaetze = 99 WHERE massnahme_id = %s$$, :m),
                 'KA004', NULL, 'it does not change the measure itself (KA004)');
RESET ROLE;
SELECT is(pg_temp.abdruck(), :'a0', 'participations and measures are unchanged');
SET LOCAL ROLE t_be;
SELECT results_eq(format($$UPDATE kaoa.massnahme_teilnahme SET datum = current_date + 63 WHERE massnahme_teilnahme_id = %s
                            RETURNING person_id, datum - current_date$$, :tb),
                  format($$VALUES (%s::bigint, 63)$$, :q2), 'it corrects the participation it recorded');
SELECT is(kaoa.massnahme_teilnahme_loeschen(:tb), 1, '… and deletes it');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.massnahme_teilnahme WHERE massnahme_teilnahme_id = :tb), 0::bigint, '… which is gone');

-- ---- the organisations that organise the measure keep every participation of it ---------------------------------------
SET LOCAL ROLE t_tr;
SELECT results_eq(format($$UPDATE kaoa.massnahme_teilnahme SET datum = current_date + 64 WHERE massnahme_teilnahme_id = %s
                            RETURNING person_id, datum - current_date$$, :tk),
                  format($$VALUES (%s::bigint, 64)$$, :q1), 'the running Träger corrects the KoKo''s record of its measure');
SELECT results_eq(format($$UPDATE kaoa.massnahme_partner SET rolle = 'traeger' WHERE massnahme_id = %s AND org_id = %s RETURNING rolle$$, :m, :be),
                  $$VALUES ('traeger'::text)$$, 'the Träger makes the Bäckerei a co-organiser (rolle traeger)');
RESET ROLE;
SET LOCAL ROLE t_be;
SELECT results_eq(format($$UPDATE kaoa.massnahme_teilnahme SET datum = current_date + 65 WHERE massnahme_teilnahme_id = %s
                            RETURNING person_id, datum - current_date$$, :tk),
                  format($$VALUES (%s::bigint, 65)$$, :q1), 'a co-organiser corrects every participation of the measure');
RESET ROLE;
SET LOCAL ROLE t_ka;
SELECT results_eq(format($$UPDATE kaoa.massnahme_teilnahme SET datum = current_date + 66 WHERE massnahme_id = %s RETURNING person_id$$, :m),
                  'SELECT NULL::bigint WHERE false', 'the Kammer, no partner of the Träger''s measure, updates none of its participations');
RESET ROLE;

-- ---- a partner merely offered a person's case records no participation of that person ------------------------------------
SELECT pg_temp.fall('M-4', :s1, 'ohne_anschluss') AS f4 \gset
SELECT pg_temp.person_von(:f4) AS q4 \gset
SET LOCAL ROLE t_s1;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :q4, 'selbst', '{betrieb}', 'Praktikum') RETURNING einwilligung_id AS e4 \gset
SELECT kaoa.uebergeben(:f4, :be, 'einwilligung', :e4) AS u4 \gset
RESET ROLE;
SELECT pg_temp.abdruck() AS a1 \gset
SET LOCAL ROLE t_be;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :f4), 1::bigint, 'the Bäckerei is offered the case and sees it …');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                          VALUES ('05315', %s, %s, current_date + 61)$$, :m, :q4),
                 'KA004', format('organisation %s may not record participants of measure %s', :be, :m),
                 '… but records no participation of the person, who is not registered (KA004)');
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :q4),
                 'KA004', format('person %s is not visible to organisation %s', :q4, :be),
                 '… nor registers the person for the measure it is a partner of (KA004, the answer for a person it does not see)');
SELECT is(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, %s)', :m, :q4)),
          replace(pg_temp.antwort(format('SELECT kaoa.anmelden(%s, 999999)', :m)), '999999', :q4::text),
          '… with the very answer for a person that does not exist');
RESET ROLE;
SELECT is(pg_temp.abdruck(), :'a1', '… and nothing changed');
SELECT is((SELECT count(*) FROM kaoa.anmeldung WHERE person_id = :q4), 0::bigint, '… no registration of the person');
SET LOCAL ROLE t_be;
SELECT kaoa.uebernehmen(:u4) \gset
SELECT kaoa.anmelden(:m, :q4) AS a4 \gset
SELECT results_eq(format('SELECT a.person_id, a.angemeldet_von FROM kaoa.anmeldung a WHERE a.person_id = %s', :q4),
                  format($$VALUES (%s::bigint, %s::bigint)$$, :q4, :be),
                  'having accepted the case, it registers the person (the one registration of the person)');
SELECT results_eq(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                            VALUES ('05315', %s, %s, current_date + 61) RETURNING person_id, erfasst_von$$, :m, :q4),
                  format($$VALUES (%s::bigint, %s::bigint)$$, :q4, :be),
                  'having accepted the case, it holds the person and records the participation');
RESET ROLE;

-- ---- a school merely offered a person's case withdraws none of the person's registrations --------------------------------
SELECT pg_temp.fall('M-5', :s1, 'ohne_anschluss') AS f5 \gset
SELECT pg_temp.person_von(:f5) AS q5 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.anmelden(:m, :q5) AS a5 \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :q5, 'selbst', '{berufskolleg}', 'Bildungsgang') RETURNING einwilligung_id AS e5 \gset
SELECT kaoa.uebergeben(:f5, :bk, 'einwilligung', :e5) AS u5 \gset
RESET ROLE;
SELECT md5(string_agg(a::text, E'\n' ORDER BY a::text)) AS r5 FROM kaoa.anmeldung a \gset
SET LOCAL ROLE t_bk;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE fall_id = :f5), 1::bigint, 'the Berufskolleg is offered the case and sees it …');
SELECT throws_ok(format('SELECT kaoa.anmeldung_zurueckziehen(%s)', :a5),
                 'KA004', format('registration %s is not visible to organisation %s', :a5, :bk),
                 '… but withdraws none of the person''s registrations (KA004)');
RESET ROLE;
SELECT is((SELECT md5(string_agg(a::text, E'\n' ORDER BY a::text)) FROM kaoa.anmeldung a), :'r5', '… and no registration changed');

SELECT * FROM finish();
ROLLBACK;
