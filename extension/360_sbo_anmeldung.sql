-- Registrations for a measure (src/sbo/sbo_anmeldung.c): the only way rows of kaoa.anmeldung change.
-- SECURITY INVOKER C functions: the caller's role decides what it may do; they lock the measure
-- and write as the extension owner, and log every change in kaoa.ereignis.

CREATE FUNCTION kaoa.anmelden(massnahme_id bigint, person_id bigint) RETURNS bigint
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_anmelden';
COMMENT ON FUNCTION kaoa.anmelden(bigint, bigint) IS
    'Registers a young person for a measure and returns the anmeldung_id: zugesagt while fewer than plaetze are zugesagt (NULL plaetze: always), else warteliste. By the school that sees the person, the KoKo, a partner of the measure for a person it sees, or the system (KA004 otherwise). Refused: no anmeldung_bis or after it, a day in Europe/Berlin (KA011; the system is not bound by the day), registered already (23505), outside the target group when nur_zielgruppe (KA012; otherwise accepted and flagged in abweichungen), full without a waiting list (KA011). A withdrawn registration is registered anew (the same anmeldung_id, at the end of the queue). Serialised per measure; logged as anmeldung.';

CREATE FUNCTION kaoa.anmeldung_zurueckziehen(anmeldung_id bigint) RETURNS bigint
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_anmeldung_zurueckziehen';
COMMENT ON FUNCTION kaoa.anmeldung_zurueckziehen(bigint) IS
    'Withdraws a registration and frees its place: the earliest registration on the waiting list (by angemeldet_am, then anmeldung_id) becomes zugesagt in the same transaction; returns its anmeldung_id (NULL when nobody moved up). By whoever may see the registration (KA004 otherwise, the same as for a missing one); a withdrawn registration stays so (55000). Serialised per measure; logged as anmeldung_zurueckgezogen and anmeldung_nachgerueckt.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.anmelden(bigint, bigint)', 'kaoa.anmeldung_zurueckziehen(bigint)']) AS f;
