-- The API of the Verantwortungskette (docs/kette.md).  SECURITY INVOKER C functions: each resolves
-- the actor, locks the case, checks with the owner's rights and writes as the owner under an
-- authorisation for exactly the row it changes.

CREATE FUNCTION kaoa.uebergeben(fall_id bigint, an_org bigint, rechtsgrundlage kaoa.rechtsgrundlage,
                                einwilligung_id bigint DEFAULT NULL) RETURNS bigint
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_uebergeben';
COMMENT ON FUNCTION kaoa.uebergeben(bigint, bigint, kaoa.rechtsgrundlage, bigint) IS
    'The holder offers a case to another organisation under a legal basis (with the consent for rechtsgrundlage einwilligung); returns the uebergabe_id. Responsibility moves only when the receiver accepts.';

CREATE FUNCTION kaoa.uebernehmen(uebergabe_id bigint) RETURNS void
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_uebernehmen';
COMMENT ON FUNCTION kaoa.uebernehmen(bigint) IS
    'The receiver accepts a hand-off: it becomes responsible; agentur, jobcenter, jugendamt and koko move an ohne_anschluss, nicht_angetreten or nicht_erreichbar case to in_beratung.';

CREATE FUNCTION kaoa.ablehnen(uebergabe_id bigint, grund text) RETURNS void
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_ablehnen';
COMMENT ON FUNCTION kaoa.ablehnen(bigint, text) IS
    'The receiver declines a hand-off with a reason; the sender stays responsible.';

CREATE FUNCTION kaoa.zurueckziehen(uebergabe_id bigint, grund text DEFAULT NULL) RETURNS void
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_zurueckziehen';
COMMENT ON FUNCTION kaoa.zurueckziehen(bigint, text) IS
    'The sender withdraws an open hand-off; it stays responsible.';

CREATE FUNCTION kaoa.uebergabe_daten(uebergabe_id bigint) RETURNS jsonb
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_uebergabe_daten';
COMMENT ON FUNCTION kaoa.uebergabe_daten(bigint) IS
    'What the hand-off transferred: the fields its legal basis lets the receiver read, with their values when it was sent (a flat object with exactly those keys, null when unknown; kaoa.uebergabe_inhalt). For the receiver and the sender while the hand-off is open or accepted (not after a decline or withdrawal), under a statutory basis for six months after sending, under a consent until the consent is revoked (KA002); everyone else KA004, as for a hand-off that does not exist.';

CREATE FUNCTION kaoa.verbleib_melden(fall_id bigint, angetreten boolean) RETURNS kaoa.fall_status
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_verbleib_melden';
COMMENT ON FUNCTION kaoa.verbleib_melden(bigint, boolean) IS
    'The admitting Berufskolleg, Kammer or Betrieb, the KoKo or the holder reports whether the young person started: anschluss_gesichert → angetreten / nicht_angetreten, angetreten → nicht_angetreten. Returns the new status.';

CREATE FUNCTION kaoa.widerspruch_erheben(person_id bigint) RETURNS timestamptz
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_widerspruch_erheben';
COMMENT ON FUNCTION kaoa.widerspruch_erheben(bigint) IS
    'Records the person''s objection to the transfer under § 31a Abs. 2 SGB III (forbids sgb3_31a_2 hand-offs; counselling goes on) and logs it; returns when it was recorded. By the organisation holding the person''s current case (before a first case the school that registered them), the KoKo of the Kommune and system roles; everyone else KA004, as for a person that does not exist.';

CREATE FUNCTION kaoa.fristen_pruefen(stichtag date DEFAULT kaoa.heute())
    RETURNS TABLE (kommune text, fall_id bigint, uebergabe_id bigint, problem text, faellig_am date)
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_fristen_pruefen';
COMMENT ON FUNCTION kaoa.fristen_pruefen(date) IS
    'Open hand-offs past faellig_am as of stichtag (system: all; KoKo: its Kommune; others: their own); logs each overdue hand-off once, and only when stichtag is not in the future.';

CREATE FUNCTION kaoa.kette_pruefen(kommune text, schuljahr integer, stichtag date DEFAULT kaoa.heute())
    RETURNS TABLE (fall_id bigint, problem text)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_kette_pruefen';
COMMENT ON FUNCTION kaoa.kette_pruefen(text, integer, date) IS
    'Nobody is lost: cases with an overdue hand-off (uebergabe_ueberfaellig), identified cases not terminal without an event by an organisation for 30 days (ohne_nachricht), and after the verbleib_stichtag every case neither angetreten nor ausgenommen (verbleib_ungeklaert). For the KoKo of the Kommune and the system.';

-- When kaoa deletes what: the view kaoa.loeschtermine, in 360_loeschtermine.sql (it reads the
-- Standardelemente too, whose tables come later).

CREATE FUNCTION kaoa.loeschfristen_anwenden(stichtag date DEFAULT kaoa.heute()) RETURNS integer
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_loeschfristen_anwenden';
COMMENT ON FUNCTION kaoa.loeschfristen_anwenden(date) IS
    'Deletes (and logs) what kaoa.loeschtermine says is due by stichtag: identities whose retention ended (a person with cases: all cases terminal for the Kommune''s aufbewahrung_monate, or the current case''s verbleib_stichtag more than 12 months back; a person without a case: aufbewahrung_monate after the school year of their last SBO record), the home coordinates of their matching profiles, and what hand-offs transferred once nobody may read it. Returns the number of identities deleted. System roles only.';

CREATE FUNCTION kaoa.auskunft(person_id bigint) RETURNS jsonb
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_auskunft';
COMMENT ON FUNCTION kaoa.auskunft(bigint) IS
    'Everything kaoa holds about one person, for an access request (Art. 15 DSGVO): person, identitaet (while held: felder, loeschen_am, and the werte only for the school keeping the identity and system roles), faelle, uebergaben (von, an, rechtsgrundlage, the felder that basis lets the receiver read, gesendet_am, antwort, beantwortet_am), einwilligungen, kontaktversuche, sbo, anschlussvereinbarungen, anmeldungen, bewerberprofil, zuteilungen, ereignisse (count per kind) and loeschung (the day each part is deleted, by the rule of kaoa.loeschfristen_anwenden; null: kept, pseudonymous). For the organisation holding the person''s current case (before a first case: the school that registered them), the KoKo of the Kommune and system roles; everyone else KA004, as for a person that does not exist. Every answer is logged (kaoa.ereignis, art auskunft, and the server log), so it runs on the primary only.';
-- every organisation and the system may call it (the function decides for which person)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
VALUES ('akteur', 'kaoa.auskunft(bigint)', 'EXECUTE', true), ('system', 'kaoa.auskunft(bigint)', 'EXECUTE', true);

CREATE FUNCTION kaoa.berufsschulpflicht_ende(geburtsdatum date) RETURNS date
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_berufsschulpflicht_ende';
COMMENT ON FUNCTION kaoa.berufsschulpflicht_ende(date) IS
    'End of the Berufsschulpflicht in NRW without a training contract: 31 July of the school year in which the person turns 18.';

-- Who may call what (kaoa.rolle_recht).  Each of these functions decides itself who may do what and
-- refuses anyone else with KA004 (or KA008), a detail and a hint — the hand-offs (not the JBA, never
-- a holder), the Verbleib report, the objection, the chain's checks (the KoKo and the system), the
-- deletion (the system) — so every organisation may call them and a wrong caller learns why.
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.uebergeben(bigint, bigint, kaoa.rechtsgrundlage, bigint)', 'kaoa.uebernehmen(bigint)',
                    'kaoa.ablehnen(bigint, text)', 'kaoa.zurueckziehen(bigint, text)', 'kaoa.uebergabe_daten(bigint)',
                    'kaoa.verbleib_melden(bigint, boolean)', 'kaoa.widerspruch_erheben(bigint)',
                    'kaoa.fristen_pruefen(date)', 'kaoa.kette_pruefen(text, integer, date)',
                    'kaoa.loeschfristen_anwenden(date)', 'kaoa.berufsschulpflicht_ende(date)']) AS f;
