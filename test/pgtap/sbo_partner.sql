-- pgTAP: who runs a measure together (kaoa.massnahme_partner) and what partners may do, acting as
-- the roles concerned: the organisation running the measure is always its partner (without a row);
-- partners read the measure's registrations and participations, register the young people they
-- see, withdraw registrations and record participations of registered persons — nothing else; an
-- organisation that is no partner sees none of it.  Every refusal leaves the data as it was.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(43);

SELECT (now() AT TIME ZONE 'Europe/Berlin')::date AS heute,
       extract(year FROM current_date + 60)::int - (extract(month FROM current_date + 60) < 8)::int AS sj \gset
-- the measure is run by the Träger e. V.; the Bäckerei takes part; the Kammer and the JBA do not
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze, anmeldung_bis) VALUES
    ('05315', :tr, 'Azubis zeigen ihren Betrieb', 'betriebserkundung', '[9,10]',
     daterange(current_date + 60, current_date + 120), 2, :'heute'::date + 30),
    ('05315', :ka, 'Werkstatttag der Kammer', 'berufsfelderkundung', '[9,10]',
     daterange(current_date + 60, current_date + 90), 20, :'heute'::date + 30);
SELECT max(massnahme_id) FILTER (WHERE traeger_org = :tr) AS m, max(massnahme_id) FILTER (WHERE traeger_org = :ka) AS mk
  FROM kaoa.massnahme \gset
SELECT pg_temp.schueler('p1', :s1, 9, :sj) AS p1, pg_temp.schueler('p2', :s1, 10, :sj) AS p2,
       pg_temp.schueler('p3', :s1, 9, :sj) AS p3, pg_temp.schueler('p4', :s2, 9, :sj) AS p4 \gset
CREATE FUNCTION pg_temp.partner(m bigint) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(org_id || ':' || rolle, ' ' ORDER BY org_id), '') FROM kaoa.massnahme_partner WHERE massnahme_id = m
$$;

-- ---- who keeps the partner rows ---------------------------------------------------------------------------------
SET LOCAL ROLE t_tr;
SELECT results_eq(format($$INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id) VALUES ('05315', %s, %s)
                            RETURNING org_id, rolle$$, :m, :be),
                  format($$VALUES (%s::bigint, 'partner'::text)$$, :be), 'the running Träger names the Bäckerei its partner');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle) VALUES ('05315', %s, %s, 'traeger')$$,
                        :m, :tr), '23514', format('organisation %s runs measure %s and is its partner already', :tr, :m),
                 'the running organisation is a partner already (rolle traeger, no row): 23514');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle) VALUES ('05315', %s, %s, 'chef')$$,
                        :m, :jba), '23514', '"chef" is not a partner role', 'rolle is traeger or partner: 23514');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id) VALUES ('05315', %s, %s)$$, :mk, :be),
                 'KA004', format('organisation %s may not change the partners of measure %s', :tr, :mk),
                 'the Träger may not name partners of the Kammer''s measure');
SELECT results_eq(format($$UPDATE kaoa.massnahme_partner SET rolle = 'traeger' WHERE massnahme_id = %s RETURNING org_id, rolle$$, :m),
                  format($$VALUES (%s::bigint, 'traeger'::text)$$, :be), 'the Träger makes the Bäckerei a co-organiser');
SELECT throws_ok(format($$UPDATE kaoa.massnahme_partner SET org_id = %s WHERE massnahme_id = %s$$, :ka, :m), 'KA006', NULL,
                 'another organisation is a new row, not a changed one: KA006');
RESET ROLE;
SET LOCAL ROLE t_be;
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id) VALUES ('05315', %s, %s)$$, :m, :jba),
                 'KA004', NULL, 'a partner names no further partners (it keeps nothing but registrations and participations)');
SELECT throws_ok(format($$UPDATE kaoa.massnahme SET plaetze = 30 WHERE massnahme_id = %s$$, :m), 'KA004', NULL,
                 'a partner does not change the measure itself');
SELECT is(pg_temp.partner(:m), format('%s:traeger', :be), 'every organisation of the Kommune reads the partners');
RESET ROLE;
SELECT is((SELECT plaetze FROM kaoa.massnahme WHERE massnahme_id = :m), 2, 'the refused changes left the measure as it was');
SELECT is(pg_temp.partner(:m), format('%s:traeger', :be), '… and its partners');
INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id) VALUES ('05315', :mk, :jba);

-- ---- registrations: schools register, partners read, others do not ----------------------------------------------
SET LOCAL ROLE t_s1;
SELECT kaoa.anmelden(:m, :p1) AS a1, kaoa.anmelden(:m, :p2) AS a2, kaoa.anmelden(:m, :p3) AS a3 \gset
SELECT kaoa.anmelden(:mk, :p1) AS k1 \gset
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(array_agg(anmeldung_id ORDER BY anmeldung_id), ARRAY[:a1, :a2, :a3]::bigint[],
          'the running Träger (no partner row) reads its measure''s registrations, not the Kammer''s')
  FROM kaoa.anmeldung;
RESET ROLE;
SET LOCAL ROLE t_be;
SELECT is(array_agg(anmeldung_id ORDER BY anmeldung_id), ARRAY[:a1, :a2, :a3]::bigint[],
          'the partner Bäckerei reads them too') FROM kaoa.anmeldung;
SELECT is(count(*), 0::bigint, 'a partner reads no SBO record of the pupils') FROM kaoa.sbo_teilnahme;
SELECT is(count(*), 0::bigint, 'nor their enrolments') FROM kaoa.schulbesuch;
-- nothing else: a partner records no SBO step, no enrolment, and changes no registration directly
SELECT throws_ok(format($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', %s, 'SBO 5.1', current_date)$$, :p1),
                 '42501', NULL, 'a partner (a Betrieb) records no Standardelement of a registered pupil');
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, %s, %s, 10)$$,
                        :p1, :sj + 1, :be), '42501', NULL, 'a partner enrols nobody');
SELECT throws_ok(format($$UPDATE kaoa.anmeldung SET status = 'zugesagt' WHERE anmeldung_id = %s$$, :a3), '42501', NULL,
                 'a partner changes no registration by UPDATE (only through kaoa.anmelden / kaoa.anmeldung_zurueckziehen)');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.sbo_teilnahme WHERE person_id = :p1), 0::bigint, 'the refusals wrote no Standardelement');
SELECT is((SELECT string_agg(schuljahr || ':' || schule_org, ' ') FROM kaoa.schulbesuch WHERE person_id = :p1), format('%s:%s', :sj, :s1),
          '… no enrolment');
SELECT is((SELECT status FROM kaoa.anmeldung WHERE anmeldung_id = :a3), 'warteliste', '… and left the registration waiting');
SET LOCAL ROLE t_ka;
SELECT is(array_agg(anmeldung_id ORDER BY anmeldung_id), ARRAY[:k1]::bigint[],
          'the Kammer, no partner of the Träger''s measure, reads only its own measure''s registration') FROM kaoa.anmeldung;
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT is(count(*), 0::bigint, 'the Agentur, partner of nothing, reads no registration') FROM kaoa.anmeldung;
RESET ROLE;

-- a partner registers only the persons it sees
SET LOCAL ROLE t_be;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p4), 'KA004',
                 format('person %s is not visible to organisation %s', :p4, :be), 'the Bäckerei does not see S2''s pupil: KA004');
RESET ROLE;
SET LOCAL ROLE t_jba;
SELECT throws_ok(format('SELECT kaoa.anmelden(%s, %s)', :m, :p4), 'KA004',
                 format('organisation %s may not register young people for measure %s', :jba, :m),
                 'the JBA, no partner of this measure: KA004');
RESET ROLE;
SET LOCAL ROLE t_ka;
SELECT throws_ok(format('SELECT kaoa.anmeldung_zurueckziehen(%s)', :a1), 'KA004', NULL,
                 'the Kammer may not withdraw a registration for the Träger''s measure');
RESET ROLE;
SELECT is((SELECT string_agg(person_id || ':' || status, ' ' ORDER BY anmeldung_id) FROM kaoa.anmeldung WHERE massnahme_id = :m),
          format('%s:zugesagt %s:zugesagt %s:warteliste', :p1, :p2, :p3), 'the refusals wrote nothing');

-- a partner withdraws (the pupil called the association): the waiting list moves up
SET LOCAL ROLE t_be;
SELECT is(kaoa.anmeldung_zurueckziehen(:a2), :a3::bigint, 'the partner withdraws p2; p3 moves up');
RESET ROLE;
SELECT is((SELECT string_agg(person_id || ':' || status, ' ' ORDER BY anmeldung_id) FROM kaoa.anmeldung WHERE massnahme_id = :m),
          format('%s:zugesagt %s:zurueckgezogen %s:zugesagt', :p1, :p2, :p3), 'p2 withdrawn, p3 zugesagt');
SELECT is((SELECT org_id FROM kaoa.ereignis WHERE art = 'anmeldung_zurueckgezogen'), :be::bigint,
          'the log names the partner that withdrew');

-- ---- participations: partners record those of registered persons ----------------------------------------------
SET LOCAL ROLE t_be;
SELECT results_eq(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                            VALUES ('05315', %s, %s, current_date + 61) RETURNING person_id, erfasst_von, abweichungen$$, :m, :p1),
                  format($$VALUES (%s::bigint, %s::bigint, '{}'::text[])$$, :p1, :be),
                  'the partner records that p1 took part');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                          VALUES ('05315', %s, %s, current_date + 61)$$, :m, :p2), 'KA004',
                 format('organisation %s may not record participants of measure %s', :be, :m),
                 'p2 withdrew: not registered, so not the partner''s to record');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                          VALUES ('05315', %s, %s, current_date + 61)$$, :mk, :p1), 'KA004', NULL,
                 'the partner may not record participations of another measure');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT results_eq(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                            VALUES ('05315', %s, %s, current_date + 62) RETURNING person_id, erfasst_von$$, :m, :p3),
                  format($$VALUES (%s::bigint, %s::bigint)$$, :p3, :tr), 'the running Träger records p3 (always a partner)');
SELECT results_eq(format($$UPDATE kaoa.massnahme_teilnahme SET datum = current_date + 63 WHERE massnahme_id = %s AND person_id = %s
                            RETURNING person_id, datum - current_date$$, :m, :p3),
                  format($$VALUES (%s::bigint, 63)$$, :p3), '… and corrects its day');
RESET ROLE;
SET LOCAL ROLE t_ka;
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
                          VALUES ('05315', %s, %s, current_date + 61)$$, :m, :p1), 'KA004',
                 format('organisation %s may not record participants of measure %s', :ka, :m),
                 'the Kammer, no partner, may not record participants of the Träger''s measure');
SELECT is(count(*), 0::bigint, 'the Kammer reads none of the Träger''s participations') FROM kaoa.massnahme_teilnahme
 WHERE massnahme_id = :m;
SELECT results_eq(format($$UPDATE kaoa.massnahme_teilnahme SET datum = current_date WHERE massnahme_id = %s RETURNING person_id$$, :m),
                  'SELECT NULL::bigint WHERE false', '… and updates none of them (row-level security)');
RESET ROLE;
SET LOCAL ROLE t_be;
SELECT is(array_agg(person_id ORDER BY person_id), ARRAY[:p1, :p3]::bigint[], 'the partner reads both participations')
  FROM kaoa.massnahme_teilnahme;
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is(count(*), 0::bigint, 'S2 reads none (not its pupils, not its measure)') FROM kaoa.massnahme_teilnahme;
RESET ROLE;
SELECT is((SELECT string_agg(person_id || '@' || (datum - current_date), ' ' ORDER BY person_id)
             FROM kaoa.massnahme_teilnahme WHERE massnahme_id = :m),
          format('%s@61 %s@63', :p1, :p3), 'the participations are exactly those written');

-- ---- a partner row goes with its measure ----------------------------------------------------------------------------
SET LOCAL ROLE t_ka;
SELECT is(kaoa.massnahme_partner_loeschen(:mk, :jba), 1,
          'the Kammer removes the JBA from its own measure (kaoa.massnahme_partner_loeschen: no DELETE on the shared table)');
RESET ROLE;
SELECT is(pg_temp.partner(:mk), '', '… gone');

SELECT * FROM finish();
ROLLBACK;
