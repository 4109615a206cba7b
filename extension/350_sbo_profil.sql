-- The matching profile proposed from the Standardelemente (docs/sbo.md; src/sbo/sbo_profil.c).  It runs
-- after the matching area's files (2NN), whose kaoa.bewerberprofil the proposal is applied to.

CREATE FUNCTION kaoa.bewerberprofil_aus_sbo(person_id bigint)
    RETURNS TABLE (kommune text, wuensche kaoa.kldb[], kompetenzen kaoa.kompetenzen,
                   vereinbarung_id bigint, teilnahme_id bigint)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_bewerberprofil_aus_sbo';
COMMENT ON FUNCTION kaoa.bewerberprofil_aus_sbo(bigint) IS
    'Proposes (never writes) the matching profile''s wuensche from the newest Anschlussvereinbarung (vereinbarung_id) and kompetenzen from the newest attended Potenzialanalyse that recorded them (teilnahme_id); NULL where the SBO data has none. Apply it to kaoa.bewerberprofil with the young person''s consent (docs/sbo.md). For the system and organisations that see the person.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bewerberprofil_aus_sbo(bigint)', 'EXECUTE', true FROM unnest(ARRAY['akteur', 'system']) AS t;
