-- pgTAP: what an ORM sends (Django's, SQLAlchemy's, Hibernate's Model.save()): a full-row UPDATE
-- that names every column in its SET list with the value it read, plus the one it changed.  For
-- every fixed column of every table with rule triggers, as the role that keeps the row: the
-- repeated stored value is allowed, a changed value is refused with the column's code (KA006;
-- KA004 for zustaendig_org) and the row stays as it was.  The statements are built from the
-- catalogue (pg_temp.orm_update), so a column added later is part of the full row too.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(45);

-- pg_temp.orm_update(tab, wo, aendern, rueckgabe): the UPDATE an ORM would send for the row of tab
-- matching wo, as the caller reads it: every column but generated identities set to its stored
-- value as a literal, the columns in aendern (jsonb, NULL for SQL NULL) to the new value; RETURNING
-- rueckgabe.
CREATE FUNCTION pg_temp.orm_update(tab regclass, wo text, aendern jsonb DEFAULT '{}', rueckgabe text DEFAULT '1')
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    a record;
    wert text;
    teile text[] := '{}';
BEGIN
    FOR a IN SELECT attname, format_type(atttypid, atttypmod) AS typ FROM pg_attribute
              WHERE attrelid = tab AND attnum > 0 AND NOT attisdropped AND attidentity <> 'a' AND attgenerated = ''
              ORDER BY attnum LOOP
        IF aendern ? a.attname THEN
            wert := aendern ->> a.attname;
        ELSE
            EXECUTE format('SELECT (%I)::text FROM %s WHERE %s', a.attname, tab, wo) INTO STRICT wert;
        END IF;
        teile := teile || format('%I = %L::%s', a.attname, wert, a.typ);
    END LOOP;
    RETURN format('UPDATE %s SET %s WHERE %s RETURNING %s', tab, array_to_string(teile, ', '), wo, rueckgabe);
END $$;
-- pg_temp.zeile(tab, wo): the row as text, to show it unchanged after a refusal
CREATE FUNCTION pg_temp.zeile(tab regclass, wo text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT t::text FROM %s t WHERE %s', tab, wo) INTO STRICT r;
    RETURN r;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.orm_update(regclass, text, jsonb, text), pg_temp.zeile(regclass, text) TO PUBLIC;

SELECT pg_temp.fall('ORM-1', :s1, 'offen') AS f1 \gset
SELECT pg_temp.person_von(:f1) AS p1 \gset
SELECT pg_temp.schueler('ORM-2', :s1, 9) AS p2 \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck, gueltig_ab)
VALUES ('05315', :p1, 'sorgeberechtigt', '{schule,agentur}', '{nachname,vorname}', 'Berufsorientierung', current_date - 3)
RETURNING einwilligung_id AS e1 \gset
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, anbieter_org) VALUES ('05315', :p2, 'SBO 4.1', '2025-09-15', :tr)
RETURNING teilnahme_id AS t1 \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05315', :tr, 'Praxiskurs', 'praxiskurs', '[8,10]', '[2025-09-01,2026-06-30]') RETURNING massnahme_id AS m1 \gset
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum) VALUES ('05315', :m1, :p2, '2025-10-01')
RETURNING massnahme_teilnahme_id AS mt1 \gset
SELECT schulbesuch_id AS sb1 FROM kaoa.schulbesuch WHERE person_id = :p2 \gset

-- ---- kaoa.fall, as the holding school -----------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT results_eq(pg_temp.orm_update('kaoa.fall', format('fall_id = %s', :f1), '{}', 'fall_id, status::text'),
                  format($$VALUES (%s::bigint, 'offen')$$, :f1), 'fall: a full-row UPDATE repeating every value is allowed');
SELECT results_eq(pg_temp.orm_update('kaoa.fall', format('fall_id = %s', :f1), '{"status": "ohne_anschluss", "grund": "Identifikation"}',
                                     'fall_id, status::text, grund, zustaendig_org'),
                  format($$VALUES (%s::bigint, 'ohne_anschluss', 'Identifikation', %s::bigint)$$, :f1, :s1),
                  'fall: Model.save() after identifying: the fixed columns repeated, the status changed');
SELECT pg_temp.zeile('kaoa.fall', format('fall_id = %s', :f1)) AS fall_vorher \gset
SELECT throws_ok(pg_temp.orm_update('kaoa.fall', format('fall_id = %s', :f1), '{"kommune": "05111"}'),
                 'KA006', 'column kommune of kaoa.fall cannot change', 'fall: a changed kommune: KA006');
SELECT throws_ok(pg_temp.orm_update('kaoa.fall', format('fall_id = %s', :f1), jsonb_build_object('person_id', :p2)),
                 'KA006', 'column person_id of kaoa.fall cannot change', 'fall: a changed person_id: KA006');
SELECT throws_ok(pg_temp.orm_update('kaoa.fall', format('fall_id = %s', :f1), '{"schuljahr": 2026}'),
                 'KA006', 'column schuljahr of kaoa.fall cannot change', 'fall: a changed schuljahr: KA006');
SELECT throws_ok(pg_temp.orm_update('kaoa.fall', format('fall_id = %s', :f1), jsonb_build_object('schule_org', :s2)),
                 'KA006', 'column schule_org of kaoa.fall cannot change', 'fall: a changed schule_org: KA006');
SELECT throws_ok(pg_temp.orm_update('kaoa.fall', format('fall_id = %s', :f1), jsonb_build_object('zustaendig_org', :aa)),
                 'KA004', format('zustaendig_org of case %s changes only by an accepted hand-off', :f1),
                 'fall: a changed zustaendig_org: KA004');
SELECT throws_ok(format('UPDATE kaoa.fall SET schuljahr = NULL WHERE fall_id = %s', :f1),
                 'KA006', 'column schuljahr of kaoa.fall cannot change', 'fall: a fixed column set to NULL is a change: KA006');
SELECT is(pg_temp.zeile('kaoa.fall', format('fall_id = %s', :f1)), :'fall_vorher', 'fall: the case is unchanged after the refusals');
SELECT results_eq(format('UPDATE kaoa.fall SET kommune = kommune, schuljahr = schuljahr, abschluss = %L WHERE fall_id = %s RETURNING abschluss::text', 'MSA_Q', :f1),
                  $$VALUES ('MSA_Q')$$, 'fall: SET kommune = kommune is no change either');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT results_eq(format('UPDATE kaoa.fall SET schuljahr = 2030 WHERE fall_id = %s RETURNING fall_id', :f1),
                  'SELECT NULL::bigint WHERE false', 'fall: another school does not see the case: UPDATE 0, nothing changed');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT throws_ok(pg_temp.orm_update('kaoa.fall', format('fall_id = %s', :f1)), 'KA004', NULL,
                 'fall: the KoKo sees the case but does not hold it: even a repeating UPDATE gets KA004');
RESET ROLE;

-- ---- kaoa.person and kaoa.einwilligung, as the registering school ---------------------------------------------
SET LOCAL ROLE t_s1;
SELECT results_eq(pg_temp.orm_update('kaoa.person', format('person_id = %s', :p1), '{"geburtsmonat": "2008-04-01"}', 'person_id, geburtsmonat'),
                  format($$VALUES (%s::bigint, '2008-04-01'::date)$$, :p1), 'person: a full-row UPDATE changing the birth month is allowed');
SELECT pg_temp.zeile('kaoa.person', format('person_id = %s', :p1)) AS person_vorher \gset
SELECT throws_ok(pg_temp.orm_update('kaoa.person', format('person_id = %s', :p1), '{"pseudonym": "anders"}'),
                 'KA006', 'column pseudonym of kaoa.person cannot change', 'person: a changed pseudonym: KA006');
SELECT throws_ok(pg_temp.orm_update('kaoa.person', format('person_id = %s', :p1), '{"kommune": "05111"}'),
                 'KA006', 'column kommune of kaoa.person cannot change', 'person: a changed kommune: KA006');
SELECT throws_ok(pg_temp.orm_update('kaoa.person', format('person_id = %s', :p1), jsonb_build_object('angelegt_von', :s2)),
                 'KA006', 'column angelegt_von of kaoa.person cannot change', 'person: a changed angelegt_von: KA006');
SELECT is(pg_temp.zeile('kaoa.person', format('person_id = %s', :p1)), :'person_vorher', 'person: unchanged after the refusals');

SELECT results_eq(pg_temp.orm_update('kaoa.einwilligung', format('einwilligung_id = %s', :e1), '{}', 'einwilligung_id'),
                  format('VALUES (%s::bigint)', :e1), 'einwilligung: a full-row UPDATE repeating every value is allowed');
SELECT pg_temp.zeile('kaoa.einwilligung', format('einwilligung_id = %s', :e1)) AS einw_vorher \gset
SELECT throws_ok(pg_temp.orm_update('kaoa.einwilligung', format('einwilligung_id = %s', :e1), '{"zweck": "anders"}'),
                 'KA006', 'column zweck of kaoa.einwilligung cannot change', 'einwilligung: a changed zweck: KA006');
SELECT throws_ok(pg_temp.orm_update('kaoa.einwilligung', format('einwilligung_id = %s', :e1), '{"empfaenger": "{schule}"}'),
                 'KA006', 'column empfaenger of kaoa.einwilligung cannot change', 'einwilligung: changed recipients: KA006');
SELECT throws_ok(pg_temp.orm_update('kaoa.einwilligung', format('einwilligung_id = %s', :e1), '{"daten": null}'),
                 'KA006', 'column daten of kaoa.einwilligung cannot change', 'einwilligung: daten set to NULL: KA006');
SELECT is(pg_temp.zeile('kaoa.einwilligung', format('einwilligung_id = %s', :e1)), :'einw_vorher', 'einwilligung: unchanged after the refusals');
SELECT results_eq(pg_temp.orm_update('kaoa.einwilligung', format('einwilligung_id = %s', :e1),
                                     jsonb_build_object('widerrufen_am', now()), 'einwilligung_id, widerrufen_am = now()'),
                  format('VALUES (%s::bigint, true)', :e1), 'einwilligung: Model.save() of the revocation (every other column repeated)');
SELECT throws_ok(pg_temp.orm_update('kaoa.einwilligung', format('einwilligung_id = %s', :e1),
                                    jsonb_build_object('widerrufen_am', now() - interval '1 day')),
                 'KA006', NULL, 'einwilligung: the revocation is set once: a changed widerrufen_am: KA006');
SELECT results_eq(pg_temp.orm_update('kaoa.einwilligung', format('einwilligung_id = %s', :e1), '{}', 'einwilligung_id'),
                  format('VALUES (%s::bigint)', :e1), 'einwilligung: repeating the recorded revocation is allowed');

-- ---- kaoa.bewerberprofil, as the school with the consent ------------------------------------------------------
RESET ROLE;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :p1, 'sorgeberechtigt', '{schule}', 'Profil') RETURNING einwilligung_id AS e2 \gset
SET LOCAL ROLE t_s1;
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, einwilligung_id) VALUES ('05315', :p1, '{26312,71402}', 'SEC', :e2);
SELECT results_eq(pg_temp.orm_update('kaoa.bewerberprofil', format('person_id = %s', :p1), '{"max_km": 30}', 'person_id, max_km, wuensche::text'),
                  format($$VALUES (%s::bigint, 30::float8, '{26312,71402}')$$, :p1), 'bewerberprofil: a full-row UPDATE changing max_km is allowed');
SELECT throws_ok(pg_temp.orm_update('kaoa.bewerberprofil', format('person_id = %s', :p1), jsonb_build_object('person_id', :p2)),
                 'KA006', 'the person of a profile cannot change', 'bewerberprofil: a changed person_id: KA006');
SELECT is((SELECT max_km FROM kaoa.bewerberprofil WHERE person_id = :p1), 30::float8, 'bewerberprofil: still the profile of p1');

-- ---- the Standardelemente and the measures --------------------------------------------------------------------
SELECT results_eq(pg_temp.orm_update('kaoa.schulbesuch', format('schulbesuch_id = %s', :sb1), '{"jahrgang": 10}', 'schulbesuch_id, jahrgang'),
                  format('VALUES (%s::bigint, 10)', :sb1), 'schulbesuch: a full-row UPDATE correcting the grade is allowed');
SELECT throws_ok(pg_temp.orm_update('kaoa.schulbesuch', format('schulbesuch_id = %s', :sb1), '{"schuljahr": 2024}'),
                 'KA006', 'column schuljahr of kaoa.schulbesuch cannot be changed', 'schulbesuch: a changed schuljahr: KA006');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT results_eq(pg_temp.orm_update('kaoa.sbo_teilnahme', format('teilnahme_id = %s', :t1), '{"ergebnis": "gut"}', 'teilnahme_id, ergebnis'),
                  format($$VALUES (%s::bigint, 'gut')$$, :t1), 'sbo_teilnahme: a full-row UPDATE by the KoKo is allowed');
SELECT throws_ok(pg_temp.orm_update('kaoa.sbo_teilnahme', format('teilnahme_id = %s', :t1), jsonb_build_object('person_id', :p1)),
                 'KA006', 'column person_id of kaoa.sbo_teilnahme cannot be changed', 'sbo_teilnahme: a changed person_id: KA006');
SELECT results_eq(pg_temp.orm_update('kaoa.massnahme_teilnahme', format('massnahme_teilnahme_id = %s', :mt1), '{}', 'massnahme_teilnahme_id'),
                  format('VALUES (%s::bigint)', :mt1), 'massnahme_teilnahme: a full-row UPDATE repeating every value is allowed');
SELECT throws_ok(pg_temp.orm_update('kaoa.massnahme_teilnahme', format('massnahme_teilnahme_id = %s', :mt1), jsonb_build_object('person_id', :p1)),
                 'KA006', 'column person_id of kaoa.massnahme_teilnahme cannot be changed', 'massnahme_teilnahme: a changed person_id: KA006');
SELECT results_eq(pg_temp.orm_update('kaoa.organisation', format('org_id = %s', :tr), '{"name": "Träger e. V. (neu)"}', 'org_id, name'),
                  format($$VALUES (%s::bigint, 'Träger e. V. (neu)')$$, :tr), 'organisation: a full-row UPDATE renaming is allowed');
SELECT throws_ok(pg_temp.orm_update('kaoa.organisation', format('org_id = %s', :tr), '{"typ": "betrieb"}'),
                 'KA006', 'column typ of kaoa.organisation cannot change', 'organisation: a changed typ: KA006');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT results_eq(pg_temp.orm_update('kaoa.massnahme', format('massnahme_id = %s', :m1), '{"plaetze": 12}', 'massnahme_id, plaetze'),
                  format('VALUES (%s::bigint, 12)', :m1), 'massnahme: a full-row UPDATE by its Träger is allowed');
SELECT throws_ok(pg_temp.orm_update('kaoa.massnahme', format('massnahme_id = %s', :m1), '{"kommune": "05111"}'),
                 'KA006', 'column kommune of kaoa.massnahme cannot be changed', 'massnahme: a changed kommune: KA006');
RESET ROLE;

-- ---- rows shipped with kaoa, as the superuser -------------------------------------------------------------------
SELECT results_eq(pg_temp.orm_update('kaoa.anschluss_kategorie', $$code = 'dual_betrieblich'$$, '{}', 'code'),
                  $$VALUES ('dual_betrieblich')$$, 'a shipped category: a full-row UPDATE repeating every value is allowed');
SELECT throws_ok(pg_temp.orm_update('kaoa.anschluss_kategorie', $$code = 'dual_betrieblich'$$, '{"bezeichnung": "anders"}'),
                 'KA006', 'row (dual_betrieblich) of kaoa.anschluss_kategorie is shipped with kaoa and cannot change',
                 'a shipped category: a changed value: KA006');

-- ---- the history has no column an UPDATE may set: still refused, repeated values or not ---------------------------
SELECT min(kontaktversuch_id) AS k1 FROM kaoa.kontaktversuch WHERE fall_id = :f1 \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:f1, :aa, 'schuldueg_1_1') AS u1 \gset
SELECT throws_ok(pg_temp.orm_update('kaoa.kontaktversuch', format('kontaktversuch_id = %s', :k1)),
                 '42501', NULL, 'kontaktversuch: an organisation has no UPDATE right on the history (42501)');
RESET ROLE;
SELECT throws_ok(pg_temp.orm_update('kaoa.kontaktversuch', format('kontaktversuch_id = %s', :k1)),
                 'KA006', 'UPDATE on kaoa.kontaktversuch is not allowed', 'kontaktversuch: even a repeating UPDATE by the superuser is refused (history)');
SELECT throws_ok(pg_temp.orm_update('kaoa.uebergabe', format('uebergabe_id = %s', :u1)),
                 'KA006', 'UPDATE on kaoa.uebergabe is not allowed', 'uebergabe: a repeating UPDATE outside the answer functions is refused');
SELECT throws_ok(pg_temp.orm_update('kaoa.ereignis', 'ereignis_id = (SELECT min(ereignis_id) FROM kaoa.ereignis)'),
                 'KA006', 'UPDATE on kaoa.ereignis is not allowed', 'ereignis: even a repeating UPDATE is refused (history)');

-- the log records what changed, and only that: the repeating save left no 'aenderung' event
SELECT results_eq(format($$SELECT art, nach_status::text FROM kaoa.ereignis WHERE fall_id = %s AND art IN ('status', 'aenderung') ORDER BY ereignis_id$$, :f1),
                  $$VALUES ('status', 'ohne_anschluss'), ('aenderung', NULL)$$,
                  'the case log: the identification and the abschluss change, nothing for the repeating saves');

SELECT * FROM finish();
ROLLBACK;
