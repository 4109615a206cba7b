-- pgTAP, security suite (issue 10, classes 2 and 7; the red-team review's reproduction 06): who
-- reads a consent and who revokes it.  A consent is read by the organisation that recorded it
-- (erfasst_von), the holder of the person's current case and that case's school (before a first
-- case the school that registered them), the receiver of a hand-off made under it while that is
-- open or accepted, the KoKo of the Kommune and system roles; it is revoked by the first three and
-- system roles only (KA004 for a reader that may not revoke; an UPDATE by anyone else touches no
-- row, as for a consent that does not exist).  A revoked consent stays revoked (KA006, for system
-- roles too), and an organisation of another Kommune learns nothing.  Acting as the roles
-- concerned; every refusal asserted with its SQLSTATE and with the consents unchanged (a
-- fingerprint taken as the superuser), every permitted revocation with the row it changed.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(36);

CREATE FUNCTION pg_temp.abdruck() RETURNS text LANGUAGE sql AS $$
    SELECT count(*) || ':' || coalesce(md5(string_agg(e::text, E'\n' ORDER BY e::text)), '') FROM kaoa.einwilligung e
$$;
CREATE FUNCTION pg_temp.sichtbar(p bigint) RETURNS bigint[] LANGUAGE sql AS $$
    SELECT coalesce(array_agg(einwilligung_id ORDER BY einwilligung_id), '{}') FROM kaoa.einwilligung WHERE person_id = p
$$;

-- ---- S1's pupil A: S1 records a consent for the Jugendamt and offers the case to the Agentur ---------------------------
SELECT pg_temp.fall('C-1', :s1, 'ohne_anschluss') AS fa \gset
SELECT pg_temp.person_von(:fa) AS pa \gset
SET LOCAL ROLE t_s1;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :pa, 'selbst', '{jugendamt}', 'Jugendhilfe') RETURNING einwilligung_id AS e1 \gset
RESET ROLE;
SELECT is((SELECT erfasst_von FROM kaoa.einwilligung WHERE einwilligung_id = :e1), :s1::bigint,
          'a consent names the organisation that recorded it (set by the trigger)');
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fa, :aa, 'schuldueg_1_1') AS ue_aa \gset
RESET ROLE;
SELECT pg_temp.abdruck() AS a0 \gset

-- the Agentur, offered the case under a statutory basis (reproduction 06: it revoked the consent)
SET LOCAL ROLE t_aa;
SELECT is(pg_temp.sichtbar(:pa), '{}'::bigint[], 'offered under schuldueg_1_1: the Agentur reads none of the person''s consents');
SELECT results_eq(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s RETURNING einwilligung_id$$, :e1),
                  'SELECT NULL::bigint WHERE false', '… and its revocation touches no row');
SELECT results_eq($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = 999999 RETURNING einwilligung_id$$,
                  'SELECT NULL::bigint WHERE false', '… as for a consent that does not exist');
SELECT kaoa.ablehnen(:ue_aa, 'nicht zuständig') \gset
RESET ROLE;
SELECT is(pg_temp.abdruck(), :'a0', 'the consent is unchanged');

-- the Jugendamt, offered the case under the consent: reads its terms, does not revoke it
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fa, :ja, 'einwilligung', :e1) AS ue_ja \gset
RESET ROLE;
SET LOCAL ROLE t_ja;
SELECT is(pg_temp.sichtbar(:pa), ARRAY[:e1]::bigint[], 'the receiver of a hand-off under the consent reads it');
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s$$, :e1),
                 'KA004', format('organisation %s may not revoke consent %s', :ja, :e1),
                 '… but does not revoke it while merely offered the case (KA004)');
RESET ROLE;
-- the KoKo reads every consent of its Kommune, revokes none
SET LOCAL ROLE t_ko;
SELECT is(pg_temp.sichtbar(:pa), ARRAY[:e1]::bigint[], 'the KoKo reads the consent (pseudonymous) …');
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s$$, :e1),
                 'KA004', format('organisation %s may not revoke consent %s', :ko, :e1), '… and does not revoke it (KA004)');
RESET ROLE;
-- another Kommune: nothing to read, nothing to touch, nothing learnt
SET LOCAL ROLE t_ds;
SELECT is((SELECT count(*) FROM kaoa.einwilligung), 0::bigint, 'Düsseldorf''s school reads no consent of Köln');
SELECT results_eq(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s RETURNING einwilligung_id$$, :e1),
                  'SELECT NULL::bigint WHERE false', '… its revocation touches no row, as for a consent that does not exist');
SELECT is(pg_temp.antwort(format($$SELECT kaoa.uebergabe_daten(%s)$$, :ue_ja)),
          replace(pg_temp.antwort($$SELECT kaoa.uebergabe_daten(999999)$$), '999999', :ue_ja::text),
          '… and the consent-based hand-off answers as one that does not exist');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT is((SELECT count(*) FROM kaoa.einwilligung), 0::bigint, 'Düsseldorf''s KoKo reads no consent of Köln');
SELECT is(pg_temp.antwort(format($$SELECT kaoa.uebergabe_daten(%s)$$, :ue_ja)),
          replace(pg_temp.antwort($$SELECT kaoa.uebergabe_daten(999999)$$), '999999', :ue_ja::text),
          '… nor learns anything from the hand-off');
RESET ROLE;
SELECT is(pg_temp.abdruck(), :'a0', 'receiver, KoKo, other Kommune: the consent is unchanged');

-- accepted: the Jugendamt holds the case and revokes; a revocation is final
SET LOCAL ROLE t_ja;
SELECT kaoa.uebernehmen(:ue_ja) \gset
SELECT results_eq(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s
                            RETURNING einwilligung_id, widerrufen_am IS NOT NULL$$, :e1),
                  format($$VALUES (%s::bigint, true)$$, :e1),
                  'the holder of the current case revokes the consent');
RESET ROLE;
SELECT pg_temp.abdruck() AS a1 \gset
SET LOCAL ROLE t_s1;
SELECT is(pg_temp.sichtbar(:pa), ARRAY[:e1]::bigint[], 'the recorder and school still reads it');
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET widerrufen_am = NULL WHERE einwilligung_id = %s$$, :e1),
                 'KA006', 'the revocation of a consent is recorded once', 'a revoked consent cannot be un-revoked (KA006) …');
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET widerrufen_am = widerrufen_am + interval '1 day' WHERE einwilligung_id = %s$$, :e1),
                 'KA006', 'the revocation of a consent is recorded once', '… nor its time moved (KA006)');
RESET ROLE;
SET LOCAL ROLE t_ja;
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET widerrufen_am = NULL WHERE einwilligung_id = %s$$, :e1),
                 'KA006', NULL, '… not by the holder');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET widerrufen_am = NULL WHERE einwilligung_id = %s$$, :e1),
                 'KA006', NULL, '… not by a system role');
SELECT throws_ok(format($$UPDATE kaoa.einwilligung SET zweck = 'anders' WHERE einwilligung_id = %s$$, :e1),
                 'KA006', 'column zweck of kaoa.einwilligung cannot change', 'and no other column changes (KA006)');
RESET ROLE;
SELECT is(pg_temp.abdruck(), :'a1', 'the revoked consent is unchanged');

-- ---- S1's pupil B: the Agentur took the case over, recorded a consent, handed it on to the Jobcenter --------------------
SELECT pg_temp.fall('C-2', :s1, 'ohne_anschluss') AS fb \gset
SELECT pg_temp.person_von(:fb) AS pb \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fb, :aa, 'schuldueg_1_1') AS ub1 \gset
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT kaoa.uebernehmen(:ub1) \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :pb, 'selbst', '{jobcenter}', 'SGB II') RETURNING einwilligung_id AS e2 \gset
SELECT kaoa.uebergeben(:fb, :jc, 'sgb10_69') AS ub2 \gset
RESET ROLE;
SET LOCAL ROLE t_jc;
SELECT kaoa.uebernehmen(:ub2) \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :pb, 'selbst', '{traeger}', 'Maßnahme') RETURNING einwilligung_id AS e3 \gset
SELECT is(pg_temp.sichtbar(:pb), ARRAY[:e2, :e3]::bigint[], 'the holder reads every consent of the person');
RESET ROLE;
SELECT pg_temp.abdruck() AS b0 \gset
SET LOCAL ROLE t_aa;
SELECT is(pg_temp.sichtbar(:pb), ARRAY[:e2]::bigint[], 'a former holder reads the consent it recorded, not the new holder''s');
SELECT results_eq(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s RETURNING einwilligung_id$$, :e3),
                  'SELECT NULL::bigint WHERE false', '… and cannot revoke the new holder''s (no row)');
RESET ROLE;
SELECT is(pg_temp.abdruck(), :'b0', '… which is unchanged');
SET LOCAL ROLE t_aa;
SELECT results_eq(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s RETURNING einwilligung_id$$, :e2),
                  format($$VALUES (%s::bigint)$$, :e2), 'the organisation that recorded a consent revokes it');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT is(pg_temp.sichtbar(:pb), ARRAY[:e2, :e3]::bigint[], 'the school of the current case reads the person''s consents …');
SELECT results_eq(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s RETURNING einwilligung_id$$, :e3),
                  format($$VALUES (%s::bigint)$$, :e3), '… and revokes one the holder recorded');
RESET ROLE;
SELECT is((SELECT array_agg(einwilligung_id ORDER BY einwilligung_id) FROM kaoa.einwilligung WHERE person_id = :pb AND widerrufen_am IS NOT NULL),
          ARRAY[:e2, :e3]::bigint[], 'both revocations are stored');
SELECT is((SELECT count(*) FROM kaoa.ereignis WHERE art = 'widerruf' AND (details->>'person_id')::bigint = :pb), 2::bigint,
          '… and logged');
SET LOCAL ROLE t_s2;
SELECT is(pg_temp.sichtbar(:pb), '{}'::bigint[], 'another school reads none');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is(pg_temp.sichtbar(:pb), '{}'::bigint[], 'nor does a Träger the consent names as recipient type');
RESET ROLE;

-- ---- a consent recorded by the system: the holder and the school read and revoke it ----------------------------------
SET LOCAL ROLE t_system;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
VALUES ('05315', :pb, 'selbst', '{agentur}', 'Import') RETURNING einwilligung_id AS e4 \gset
RESET ROLE;
SELECT is((SELECT erfasst_von FROM kaoa.einwilligung WHERE einwilligung_id = :e4), NULL::bigint,
          'a consent a system role records names no organisation');
SET LOCAL ROLE t_jc;
SELECT results_eq(format($$UPDATE kaoa.einwilligung SET widerrufen_am = now() WHERE einwilligung_id = %s RETURNING einwilligung_id$$, :e4),
                  format($$VALUES (%s::bigint)$$, :e4), 'the holder revokes a consent the system recorded');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
