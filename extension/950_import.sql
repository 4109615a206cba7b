-- The server side of `kaoa import` (docs/client.md, "The JSON Lines format").
--
-- Design.  The client program copies the lines of a JSON Lines file with COPY into a temporary
-- staging table (kaoa.import_staging creates it) and then calls kaoa.import_anwenden for one
-- record type and a range of line numbers at a time, each call in its own transaction.  A call
-- first applies the whole range with set-based statements (an UPDATE of the records whose natural
-- key exists and whose content differs, an INSERT of the new ones); only when that fails does it
-- split the range in halves, and so on down to single lines, each half in its own subtransaction:
-- every line either lands or comes back as a reject with the server's SQLSTATE and message, in
-- file order, and a clean range costs one subtransaction.  Lines are applied by record type in
-- dependency order (kaoa.import_format), so a file may list cases before their persons.
--
-- Semantics.  A key that is present sets the column (null sets NULL); a key that is absent leaves
-- a stored row's column as it is and gives a new row the column's default.  A record whose natural
-- key exists with the same content changes nothing (no UPDATE runs, no trigger fires, no log
-- entry); with other content it is an UPDATE under every rule of the chain and of matching, so a
-- refused change is a reject.  A `fall` is created in state offen, as the rules require, and then
-- moved to the record's status in the same subtransaction.  Everything runs as the calling role:
-- its privileges, row-level security and the rule triggers apply unchanged.

CREATE FUNCTION kaoa.import_format(OUT rang integer, OUT typ text, OUT schluessel text[], OUT felder text[],
                                   OUT tabelle text)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    VALUES
    (1, 'kommune', ARRAY['kommune'], ARRAY['name', 'min_fallzahl', 'aufbewahrung_monate'], 'kaoa.kommune'),
    (2, 'fristen', ARRAY['kommune', 'schuljahr'],
        ARRAY['identifikation_von', 'identifikation_bis', 'uebernahme_tage', 'verbleib_stichtag'], 'kaoa.fristen'),
    (3, 'organisation', ARRAY['kommune', 'schluessel'], ARRAY['org_typ', 'name', 'schulform'], 'kaoa.organisation'),
    (4, 'person', ARRAY['kommune', 'pseudonym'], ARRAY['geburtsmonat'], 'kaoa.person'),
    (5, 'person_identitaet', ARRAY['kommune', 'pseudonym'],
        ARRAY['nachname', 'vorname', 'geburtsdatum', 'geschlecht', 'anschrift'], 'kaoa.person_identitaet'),
    (6, 'fall', ARRAY['kommune', 'pseudonym', 'schuljahr'],
        ARRAY['schule', 'schulform', 'abschluss', 'abschluss_erwartet', 'status', 'anschluss', 'grund'], 'kaoa.fall'),
    (7, 'bewerberprofil', ARRAY['kommune', 'pseudonym'],
        ARRAY['wuensche', 'interessen', 'kompetenzen', 'lat', 'lon', 'max_km', 'verfuegbar_ab'], 'kaoa.bewerberprofil'),
    (8, 'angebot', ARRAY['kommune', 'extern_id'],
        ARRAY['anbieter', 'kldb', 'titel', 'mindest_abschluss', 'mindest_hart', 'interessen', 'anforderungen',
              'lat', 'lon', 'beginn', 'plaetze'], 'kaoa.angebot'),
    (9, 'schulbesuch', ARRAY['kommune', 'pseudonym', 'schuljahr'], ARRAY['schule', 'schulform', 'jahrgang'],
        'kaoa.schulbesuch'),
    (10, 'sbo_teilnahme', ARRAY['kommune', 'pseudonym', 'sbo_code', 'datum'],
        ARRAY['berufsfeld', 'bis', 'anbieter', 'kompetenzen', 'ergebnis'], 'kaoa.sbo_teilnahme'),
    (11, 'massnahme', ARRAY['kommune', 'traeger', 'titel'],
        ARRAY['art', 'jahrgaenge', 'schulformen', 'berufsfelder', 'zeitraum', 'plaetze', 'finanzierung',
              'anmeldung_bis', 'nur_zielgruppe', 'warteliste'], 'kaoa.massnahme'),
    (12, 'massnahme_zielgruppe', ARRAY['kommune', 'traeger', 'titel', 'jahrgaenge'], ARRAY['schulformen'],
        'kaoa.massnahme_zielgruppe'),
    (13, 'massnahme_partner', ARRAY['kommune', 'traeger', 'titel', 'partner'], ARRAY['rolle'], 'kaoa.massnahme_partner'),
    (14, 'anmeldung', ARRAY['kommune', 'traeger', 'titel', 'pseudonym'], ARRAY['status'], 'kaoa.anmeldung'),
    (15, 'massnahme_teilnahme', ARRAY['kommune', 'traeger', 'titel', 'pseudonym'], ARRAY['datum'],
        'kaoa.massnahme_teilnahme')
$$;
COMMENT ON FUNCTION kaoa.import_format() IS
    'The record types of the JSON Lines format of kaoa import, in the order they are applied: natural key, the other keys allowed, the table loaded.';

CREATE FUNCTION kaoa.import_staging() RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.to_regclass('pg_temp.kaoa_import') IS NOT NULL THEN
        DROP TABLE pg_temp.kaoa_import;
    END IF;
    CREATE TEMPORARY TABLE kaoa_import (
        zeile      bigint NOT NULL,   -- line number in the file, from 1
        typ        text NOT NULL,     -- the record type (checked by the client against import_format)
        schluessel text NOT NULL,     -- the natural key as text, to find a key twice in one range
        daten      text NOT NULL,     -- the original line
        j          jsonb              -- the line parsed (by COPY; NULL until kaoa.import_json)
    );
    CREATE INDEX ON pg_temp.kaoa_import (typ, zeile);
END
$$;
COMMENT ON FUNCTION kaoa.import_staging() IS
    'kaoa import: (re)creates the session''s staging table pg_temp.kaoa_import(zeile, typ, schluessel, daten, j) that the client fills with COPY.';

-- The fallback when COPY refused a line as jsonb that the client had accepted as JSON (for example
-- a \u0000 escape): the client stages the lines without j, and this parses them in ranges of 10000,
-- a range that fails line by line, each under a savepoint.  Refused lines leave the staging table
-- and come back as rejects.
CREATE FUNCTION kaoa.import_json() RETURNS jsonb
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    abgelehnt jsonb := '[]';
    v bigint;
    r record;
    st text;
    msg text;
    det text;
BEGIN
    CREATE INDEX IF NOT EXISTS kaoa_import_zeile ON pg_temp.kaoa_import (zeile);
    FOR v IN SELECT DISTINCT s.zeile / 10000 FROM pg_temp.kaoa_import s WHERE s.j IS NULL ORDER BY 1 LOOP
        BEGIN
            UPDATE pg_temp.kaoa_import s SET j = s.daten::jsonb
             WHERE s.zeile >= v * 10000 AND s.zeile < (v + 1) * 10000 AND s.j IS NULL;
        EXCEPTION WHEN OTHERS THEN
            FOR r IN SELECT s.zeile, s.daten FROM pg_temp.kaoa_import s
                      WHERE s.zeile >= v * 10000 AND s.zeile < (v + 1) * 10000 AND s.j IS NULL ORDER BY 1 LOOP
                BEGIN
                    UPDATE pg_temp.kaoa_import s SET j = s.daten::jsonb WHERE s.zeile = r.zeile;
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
                    IF left(st, 2) IN ('40', '53', '57', '58', 'XX') THEN
                        RAISE;
                    END IF;
                    abgelehnt := abgelehnt || jsonb_build_array(jsonb_build_object(
                        'zeile', r.zeile, 'sqlstate', st,
                        'fehler', msg || CASE WHEN det <> '' THEN E'\nDETAIL:  ' || det ELSE '' END,
                        'daten', r.daten));
                    DELETE FROM pg_temp.kaoa_import s WHERE s.zeile = r.zeile;
                END;
            END LOOP;
        END;
    END LOOP;
    RETURN abgelehnt;
END
$$;
COMMENT ON FUNCTION kaoa.import_json() IS
    'kaoa import: parses staged lines that COPY could not store as jsonb, line by line where needed; returns the refused lines as a JSON array of {zeile, sqlstate, fehler, daten} and removes them from the staging table.';

-- Raises an error from inside a set-based statement (used in CASE branches, so it runs only for
-- the row that is wrong).  The type argument only fixes the result type.
CREATE FUNCTION kaoa.import_fehler(sqlstate text, meldung text, hinweis text, typ anyelement)
    RETURNS anyelement
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = meldung, HINT = hinweis;
END
$$;
COMMENT ON FUNCTION kaoa.import_fehler(text, text, text, anyelement) IS
    'kaoa import: raises the given error (a record refers to a person or organisation that does not exist); never returns.';

-- One range of one record type, set-based.  Returns the rows inserted and updated; raises on the
-- first error (the caller then splits the range).  The statements run through EXECUTE, so each is
-- planned for the tables as they are now: they grow during an import, and a plan cached while a
-- table was empty (a sequential scan inside a nested loop) would make the load quadratic.  (A
-- function-level plan_cache_mode would also reach the rule triggers' saved plans and re-plan them
-- for every row.)  Lines whose natural key occurs twice in the
-- range are refused as a whole, since one UPDATE cannot apply two versions of a row in order.
CREATE FUNCTION kaoa.import_stapel(typ text, von bigint, bis bigint, OUT neu bigint, OUT geaendert bigint)
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := import_stapel.typ;
    r record;
    gewollt text;
    ist text;
    id bigint;
    aid bigint;
    astatus text;
BEGIN
    neu := 0;
    geaendert := 0;
    IF von < bis AND EXISTS (SELECT 1 FROM pg_temp.kaoa_import s
                              WHERE s.typ = t AND s.zeile BETWEEN von AND bis
                              GROUP BY s.schluessel HAVING count(*) > 1) THEN
        RAISE EXCEPTION USING ERRCODE = 'KAI01', MESSAGE = 'a key occurs twice in the range';
    END IF;

    IF t = 'kommune' THEN
        EXECUTE $sql$
        UPDATE kaoa.kommune k
           SET name = n.name, min_fallzahl = n.min_fallzahl, aufbewahrung_monate = n.aufbewahrung_monate
          FROM (SELECT x.kommune,
                       CASE WHEN s.j ? 'name' THEN s.j->>'name' ELSE x.name END AS name,
                       CASE WHEN s.j ? 'min_fallzahl' THEN (s.j->>'min_fallzahl')::integer ELSE x.min_fallzahl END AS min_fallzahl,
                       CASE WHEN s.j ? 'aufbewahrung_monate' THEN (s.j->>'aufbewahrung_monate')::integer ELSE x.aufbewahrung_monate END AS aufbewahrung_monate
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.kommune x ON x.kommune = s.j->>'kommune') n
         WHERE k.kommune = n.kommune
           AND (k.name, k.min_fallzahl, k.aufbewahrung_monate) IS DISTINCT FROM (n.name, n.min_fallzahl, n.aufbewahrung_monate)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.kommune (kommune, name, min_fallzahl, aufbewahrung_monate)
        SELECT s.j->>'kommune', s.j->>'name',
               CASE WHEN s.j ? 'min_fallzahl' THEN (s.j->>'min_fallzahl')::integer ELSE 5 END,
               CASE WHEN s.j ? 'aufbewahrung_monate' THEN (s.j->>'aufbewahrung_monate')::integer ELSE 6 END
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.kommune x WHERE x.kommune = s.j->>'kommune')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'fristen' THEN
        EXECUTE $sql$
        UPDATE kaoa.fristen f
           SET identifikation_von = n.identifikation_von, identifikation_bis = n.identifikation_bis,
               uebernahme_tage = n.uebernahme_tage, verbleib_stichtag = n.verbleib_stichtag
          FROM (SELECT x.kommune, x.schuljahr,
                       CASE WHEN s.j ? 'identifikation_von' THEN (s.j->>'identifikation_von')::date ELSE x.identifikation_von END AS identifikation_von,
                       CASE WHEN s.j ? 'identifikation_bis' THEN (s.j->>'identifikation_bis')::date ELSE x.identifikation_bis END AS identifikation_bis,
                       CASE WHEN s.j ? 'uebernahme_tage' THEN (s.j->>'uebernahme_tage')::integer ELSE x.uebernahme_tage END AS uebernahme_tage,
                       CASE WHEN s.j ? 'verbleib_stichtag' THEN (s.j->>'verbleib_stichtag')::date ELSE x.verbleib_stichtag END AS verbleib_stichtag
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.fristen x ON x.kommune = s.j->>'kommune' AND x.schuljahr = (s.j->>'schuljahr')::integer) n
         WHERE f.kommune = n.kommune AND f.schuljahr = n.schuljahr
           AND (f.identifikation_von, f.identifikation_bis, f.uebernahme_tage, f.verbleib_stichtag)
               IS DISTINCT FROM (n.identifikation_von, n.identifikation_bis, n.uebernahme_tage, n.verbleib_stichtag)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.fristen (kommune, schuljahr, identifikation_von, identifikation_bis, uebernahme_tage, verbleib_stichtag)
        SELECT s.j->>'kommune', (s.j->>'schuljahr')::integer, (s.j->>'identifikation_von')::date,
               (s.j->>'identifikation_bis')::date,
               CASE WHEN s.j ? 'uebernahme_tage' THEN (s.j->>'uebernahme_tage')::integer ELSE 10 END,
               (s.j->>'verbleib_stichtag')::date
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.fristen x
                            WHERE x.kommune = s.j->>'kommune' AND x.schuljahr = (s.j->>'schuljahr')::integer)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'organisation' THEN
        EXECUTE $sql$
        UPDATE kaoa.organisation o
           SET typ = n.typ, name = n.name, schulform = n.schulform
          FROM (SELECT x.kommune, x.org_id,
                       CASE WHEN s.j ? 'org_typ' THEN (s.j->>'org_typ')::kaoa.org_typ ELSE x.typ END AS typ,
                       CASE WHEN s.j ? 'name' THEN s.j->>'name' ELSE x.name END AS name,
                       CASE WHEN s.j ? 'schulform' THEN s.j->>'schulform' ELSE x.schulform END AS schulform
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation x ON x.kommune = s.j->>'kommune' AND x.schluessel = s.j->>'schluessel') n
         WHERE o.kommune = n.kommune AND o.org_id = n.org_id
           AND (o.typ, o.name, o.schulform) IS DISTINCT FROM (n.typ, n.name, n.schulform)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform)
        SELECT s.j->>'kommune', (s.j->>'org_typ')::kaoa.org_typ, s.j->>'name', s.j->>'schluessel', s.j->>'schulform'
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.organisation x
                            WHERE x.kommune = s.j->>'kommune' AND x.schluessel = s.j->>'schluessel')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'person' THEN
        -- the birth month is stored as its first day (the rule trigger cuts any day to the 1st)
        EXECUTE $sql$
        UPDATE kaoa.person p
           SET geburtsmonat = n.geburtsmonat
          FROM (SELECT x.kommune, x.person_id,
                       CASE WHEN s.j ? 'geburtsmonat'
                            THEN date_trunc('month', (s.j->>'geburtsmonat')::date)::date ELSE x.geburtsmonat END AS geburtsmonat
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.person x ON x.kommune = s.j->>'kommune' AND x.pseudonym = s.j->>'pseudonym') n
         WHERE p.kommune = n.kommune AND p.person_id = n.person_id
           AND p.geburtsmonat IS DISTINCT FROM n.geburtsmonat
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
        SELECT s.j->>'kommune', s.j->>'pseudonym', (s.j->>'geburtsmonat')::date
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.person x
                            WHERE x.kommune = s.j->>'kommune' AND x.pseudonym = s.j->>'pseudonym')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'person_identitaet' THEN
        EXECUTE $sql$
        UPDATE kaoa.person_identitaet i
           SET nachname = n.nachname, vorname = n.vorname, geburtsdatum = n.geburtsdatum,
               geschlecht = n.geschlecht, anschrift = n.anschrift
          FROM (SELECT x.kommune, x.person_id,
                       CASE WHEN s.j ? 'nachname' THEN s.j->>'nachname' ELSE x.nachname END AS nachname,
                       CASE WHEN s.j ? 'vorname' THEN s.j->>'vorname' ELSE x.vorname END AS vorname,
                       CASE WHEN s.j ? 'geburtsdatum' THEN (s.j->>'geburtsdatum')::date ELSE x.geburtsdatum END AS geburtsdatum,
                       CASE WHEN s.j ? 'geschlecht' THEN s.j->>'geschlecht' ELSE x.geschlecht END AS geschlecht,
                       CASE WHEN s.j ? 'anschrift' THEN s.j->>'anschrift' ELSE x.anschrift END AS anschrift
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  JOIN kaoa.person_identitaet x ON x.kommune = p.kommune AND x.person_id = p.person_id) n
         WHERE i.kommune = n.kommune AND i.person_id = n.person_id
           AND (i.nachname, i.vorname, i.geburtsdatum, i.geschlecht, i.anschrift)
               IS DISTINCT FROM (n.nachname, n.vorname, n.geburtsdatum, n.geschlecht, n.anschrift)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname, geburtsdatum, geschlecht, anschrift)
        SELECT s.j->>'kommune',
               CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END,
               s.j->>'nachname', s.j->>'vorname', (s.j->>'geburtsdatum')::date, s.j->>'geschlecht', s.j->>'anschrift'
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.person_identitaet x
                            WHERE x.kommune = p.kommune AND x.person_id = p.person_id)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'fall' THEN
        -- twice: for the cases that exist, and after the INSERT for the new ones (created in state
        -- offen, then moved to the record's status, anschluss and grund)
        FOR runde IN 1..2 LOOP
            EXECUTE $sql$
            UPDATE kaoa.fall f
               SET schulform = n.schulform, abschluss = n.abschluss,
                   abschluss_erwartet = n.abschluss_erwartet, status = n.status, anschluss = n.anschluss,
                   grund = n.grund
              FROM (SELECT x.kommune, x.fall_id,
                           CASE WHEN NOT s.j ? 'schule' THEN x.schule_org
                                WHEN o.org_id IS NULL
                                THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                                   s.j->'schule', s.j->>'kommune'),
                                                        'Add the school as {"typ":"organisation", …} record.', NULL::bigint)
                                -- the school of a case is fixed (KA006): the chain refuses any
                                -- UPDATE naming schule_org, so a change is refused here, per line
                                WHEN o.org_id <> x.schule_org
                                THEN kaoa.import_fehler('KA006', pg_catalog.format('column schule_org of kaoa.fall cannot change (case %s, school %s)',
                                                                                   x.fall_id, s.j->'schule'),
                                                        'The school of a case is fixed when it is created; a case at another school is a new case (another school year).',
                                                        NULL::bigint)
                                ELSE o.org_id END AS schule_org,
                           CASE WHEN s.j ? 'schulform' THEN s.j->>'schulform' ELSE x.schulform END AS schulform,
                           CASE WHEN s.j ? 'abschluss' THEN (s.j->>'abschluss')::kaoa.abschluss ELSE x.abschluss END AS abschluss,
                           CASE WHEN s.j ? 'abschluss_erwartet' THEN (s.j->>'abschluss_erwartet')::boolean ELSE x.abschluss_erwartet END AS abschluss_erwartet,
                           CASE WHEN s.j ? 'status' THEN (s.j->>'status')::kaoa.fall_status ELSE x.status END AS status,
                           CASE WHEN s.j ? 'anschluss' THEN s.j->>'anschluss' ELSE x.anschluss END AS anschluss,
                           CASE WHEN s.j ? 'grund' THEN s.j->>'grund' ELSE x.grund END AS grund
                      -- the staged lines with their person first (OFFSET 0 keeps the sub-select
                      -- whole), so the case is found by its full key (kommune, person_id,
                      -- schuljahr): joined by (kommune, schuljahr) alone, with the statistics of a
                      -- table that was empty when the import began, every batch paired each line
                      -- with all cases of its Kommune and the import grew quadratically
                      FROM (SELECT s.j, p.kommune, p.person_id, (s.j->>'schuljahr')::integer AS schuljahr
                              FROM pg_temp.kaoa_import s
                              JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                             WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3
                            OFFSET 0) s
                      JOIN kaoa.fall x ON x.kommune = s.kommune AND x.person_id = s.person_id
                                      AND x.schuljahr = s.schuljahr
                      LEFT JOIN kaoa.organisation o ON o.kommune = s.kommune AND o.schluessel = s.j->>'schule') n
             WHERE f.kommune = n.kommune AND f.fall_id = n.fall_id
               AND (f.schule_org, f.schulform, f.abschluss::text, f.abschluss_erwartet, f.status, f.anschluss, f.grund)
                   IS DISTINCT FROM (n.schule_org, n.schulform, n.abschluss::text, n.abschluss_erwartet, n.status, n.anschluss, n.grund)
            $sql$ USING t, von, bis;
            IF runde = 1 THEN
                GET DIAGNOSTICS geaendert = ROW_COUNT;
                EXECUTE $sql$
                INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, schulform, abschluss, abschluss_erwartet)
                SELECT s.j->>'kommune',
                       CASE WHEN p.person_id IS NULL
                            THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                               s.j->'pseudonym', s.j->>'kommune'),
                                                    'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                                    NULL::bigint)
                            ELSE p.person_id END,
                       (s.j->>'schuljahr')::integer,
                       CASE WHEN o.org_id IS NULL AND s.j ? 'schule' AND s.j->'schule' <> 'null'::jsonb
                            THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                               s.j->'schule', s.j->>'kommune'),
                                                    'Add the school as {"typ":"organisation", …} record.', NULL::bigint)
                            ELSE o.org_id END,
                       s.j->>'schulform', (s.j->>'abschluss')::kaoa.abschluss, (s.j->>'abschluss_erwartet')::boolean
                  FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'schule'
                 WHERE NOT EXISTS (SELECT 1 FROM kaoa.fall x
                                    WHERE x.kommune = p.kommune AND x.person_id = p.person_id
                                      AND x.schuljahr = (s.j->>'schuljahr')::integer)
                 ORDER BY s.zeile
                $sql$ USING t, von, bis;
                GET DIAGNOSTICS neu = ROW_COUNT;
                EXIT WHEN neu = 0;
            END IF;
        END LOOP;

    ELSIF t = 'bewerberprofil' THEN
        EXECUTE $sql$
        UPDATE kaoa.bewerberprofil b
           SET wuensche = n.wuensche, interessen = n.interessen, kompetenzen = n.kompetenzen, lat = n.lat,
               lon = n.lon, max_km = n.max_km, verfuegbar_ab = n.verfuegbar_ab
          FROM (SELECT x.kommune, x.person_id,
                       CASE WHEN s.j ? 'wuensche' THEN kaoa.import_kldb_liste(s.j->'wuensche') ELSE x.wuensche END AS wuensche,
                       CASE WHEN s.j ? 'interessen' THEN (s.j->>'interessen')::kaoa.riasec ELSE x.interessen END AS interessen,
                       CASE WHEN s.j ? 'kompetenzen' THEN (s.j->>'kompetenzen')::kaoa.kompetenzen ELSE x.kompetenzen END AS kompetenzen,
                       CASE WHEN s.j ? 'lat' THEN (s.j->>'lat')::float8 ELSE x.lat END AS lat,
                       CASE WHEN s.j ? 'lon' THEN (s.j->>'lon')::float8 ELSE x.lon END AS lon,
                       CASE WHEN s.j ? 'max_km' THEN (s.j->>'max_km')::float8 ELSE x.max_km END AS max_km,
                       CASE WHEN s.j ? 'verfuegbar_ab' THEN (s.j->>'verfuegbar_ab')::date ELSE x.verfuegbar_ab END AS verfuegbar_ab
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  JOIN kaoa.bewerberprofil x ON x.kommune = p.kommune AND x.person_id = p.person_id) n
         WHERE b.kommune = n.kommune AND b.person_id = n.person_id
           AND (b.wuensche::text, b.interessen::text, b.kompetenzen::text, b.lat, b.lon, b.max_km, b.verfuegbar_ab)
               IS DISTINCT FROM (n.wuensche::text, n.interessen::text, n.kompetenzen::text, n.lat, n.lon, n.max_km, n.verfuegbar_ab)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, kompetenzen, lat, lon, max_km, verfuegbar_ab)
        SELECT s.j->>'kommune',
               CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END,
               kaoa.import_kldb_liste(s.j->'wuensche'), (s.j->>'interessen')::kaoa.riasec,
               (s.j->>'kompetenzen')::kaoa.kompetenzen, (s.j->>'lat')::float8, (s.j->>'lon')::float8,
               CASE WHEN s.j ? 'max_km' THEN (s.j->>'max_km')::float8 ELSE 50 END, (s.j->>'verfuegbar_ab')::date
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.bewerberprofil x
                            WHERE x.kommune = p.kommune AND x.person_id = p.person_id)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'angebot' THEN
        EXECUTE $sql$
        UPDATE kaoa.angebot a
           SET org_id = n.org_id, kldb = n.kldb, titel = n.titel, mindest_abschluss = n.mindest_abschluss,
               mindest_hart = n.mindest_hart, interessen = n.interessen, anforderungen = n.anforderungen,
               lat = n.lat, lon = n.lon, beginn = n.beginn, plaetze = n.plaetze
          FROM (SELECT x.kommune, x.angebot_id,
                       CASE WHEN NOT s.j ? 'anbieter' THEN x.org_id
                            WHEN o.org_id IS NULL AND s.j->'anbieter' <> 'null'::jsonb
                            THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                               s.j->'anbieter', s.j->>'kommune'),
                                                    'Add the offering organisation as {"typ":"organisation", …} record.', NULL::bigint)
                            ELSE o.org_id END AS org_id,
                       CASE WHEN s.j ? 'kldb' THEN (s.j->>'kldb')::kaoa.kldb ELSE x.kldb END AS kldb,
                       CASE WHEN s.j ? 'titel' THEN s.j->>'titel' ELSE x.titel END AS titel,
                       CASE WHEN s.j ? 'mindest_abschluss' THEN (s.j->>'mindest_abschluss')::kaoa.abschluss ELSE x.mindest_abschluss END AS mindest_abschluss,
                       CASE WHEN s.j ? 'mindest_hart' THEN (s.j->>'mindest_hart')::boolean ELSE x.mindest_hart END AS mindest_hart,
                       CASE WHEN s.j ? 'interessen' THEN (s.j->>'interessen')::kaoa.riasec ELSE x.interessen END AS interessen,
                       CASE WHEN s.j ? 'anforderungen' THEN (s.j->>'anforderungen')::kaoa.kompetenzen ELSE x.anforderungen END AS anforderungen,
                       CASE WHEN s.j ? 'lat' THEN (s.j->>'lat')::float8 ELSE x.lat END AS lat,
                       CASE WHEN s.j ? 'lon' THEN (s.j->>'lon')::float8 ELSE x.lon END AS lon,
                       CASE WHEN s.j ? 'beginn' THEN (s.j->>'beginn')::date ELSE x.beginn END AS beginn,
                       CASE WHEN s.j ? 'plaetze' THEN (s.j->>'plaetze')::integer ELSE x.plaetze END AS plaetze
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.angebot x ON x.kommune = s.j->>'kommune' AND x.extern_id = s.j->>'extern_id'
                  LEFT JOIN kaoa.organisation o ON o.kommune = x.kommune AND o.schluessel = s.j->>'anbieter') n
         WHERE a.kommune = n.kommune AND a.angebot_id = n.angebot_id
           AND (a.org_id, a.kldb::text, a.titel, a.mindest_abschluss::text, a.mindest_hart, a.interessen::text,
                a.anforderungen::text, a.lat, a.lon, a.beginn, a.plaetze)
               IS DISTINCT FROM (n.org_id, n.kldb::text, n.titel, n.mindest_abschluss::text, n.mindest_hart, n.interessen::text,
                                 n.anforderungen::text, n.lat, n.lon, n.beginn, n.plaetze)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.angebot (kommune, extern_id, org_id, kldb, titel, mindest_abschluss, mindest_hart, interessen,
                                  anforderungen, lat, lon, beginn, plaetze)
        SELECT s.j->>'kommune', s.j->>'extern_id',
               CASE WHEN o.org_id IS NULL AND s.j ? 'anbieter' AND s.j->'anbieter' <> 'null'::jsonb
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'anbieter', s.j->>'kommune'),
                                            'Add the offering organisation as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE o.org_id END,
               (s.j->>'kldb')::kaoa.kldb, s.j->>'titel', (s.j->>'mindest_abschluss')::kaoa.abschluss,
               CASE WHEN s.j ? 'mindest_hart' THEN (s.j->>'mindest_hart')::boolean ELSE false END,
               (s.j->>'interessen')::kaoa.riasec, (s.j->>'anforderungen')::kaoa.kompetenzen,
               (s.j->>'lat')::float8, (s.j->>'lon')::float8, (s.j->>'beginn')::date,
               CASE WHEN s.j ? 'plaetze' THEN (s.j->>'plaetze')::integer ELSE 1 END
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'anbieter'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.angebot x
                            WHERE x.kommune = s.j->>'kommune' AND x.extern_id = s.j->>'extern_id')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'schulbesuch' THEN
        -- enrolments: the school, school form and grade of a person in a school year
        EXECUTE $sql$
        UPDATE kaoa.schulbesuch b
           SET schule_org = n.schule_org, schulform = n.schulform, jahrgang = n.jahrgang
          FROM (SELECT x.kommune, x.schulbesuch_id,
                       CASE WHEN NOT s.j ? 'schule' THEN x.schule_org ELSE o.org_id END AS schule_org,
                       CASE WHEN s.j ? 'schulform' THEN s.j->>'schulform' ELSE x.schulform END AS schulform,
                       CASE WHEN s.j ? 'jahrgang' THEN (s.j->>'jahrgang')::integer ELSE x.jahrgang END AS jahrgang
                  FROM (SELECT s.j, p.kommune, p.person_id FROM pg_temp.kaoa_import s
                          JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3 OFFSET 0) s
                  JOIN kaoa.schulbesuch x ON x.kommune = s.kommune AND x.person_id = s.person_id
                                         AND x.schuljahr = (s.j->>'schuljahr')::integer
                  LEFT JOIN kaoa.organisation o ON o.kommune = s.kommune AND o.schluessel = s.j->>'schule') n
         WHERE b.kommune = n.kommune AND b.schulbesuch_id = n.schulbesuch_id
           AND (b.schule_org, b.schulform, b.jahrgang) IS DISTINCT FROM (n.schule_org, n.schulform, n.jahrgang)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, schulform, jahrgang)
        SELECT s.j->>'kommune', CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END, (s.j->>'schuljahr')::integer,
               CASE WHEN o.org_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'schule', s.j->>'kommune'),
                                            'Add the school as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE o.org_id END,
               s.j->>'schulform', (s.j->>'jahrgang')::integer
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'schule'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.schulbesuch x
                            WHERE x.kommune = p.kommune AND x.person_id = p.person_id
                              AND x.schuljahr = (s.j->>'schuljahr')::integer)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'sbo_teilnahme' THEN
        -- participations are history: a line whose participation is recorded (same person, code and
        -- day: its natural key) changes nothing; corrections are made in SQL by those who recorded it
        EXECUTE $sql$
        INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, bis, berufsfeld, anbieter_org,
                                        kompetenzen, ergebnis)
        SELECT s.j->>'kommune', CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END, s.j->>'sbo_code', (s.j->>'datum')::date, (s.j->>'bis')::date,
               s.j->>'berufsfeld',
               CASE WHEN o.org_id IS NULL AND s.j ? 'anbieter' AND s.j->'anbieter' <> 'null'::jsonb
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'anbieter', s.j->>'kommune'),
                                            'Add the provider as {"typ":"organisation", …} record, or leave anbieter out.', NULL::bigint)
                    ELSE o.org_id END,
               (s.j->>'kompetenzen')::kaoa.kompetenzen, s.j->>'ergebnis'
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'anbieter'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.sbo_teilnahme x
                            WHERE x.kommune = p.kommune AND x.person_id = p.person_id
                              AND x.sbo_code = s.j->>'sbo_code' AND x.datum = (s.j->>'datum')::date)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'massnahme' THEN
        -- a measure is known by its Träger and title
        EXECUTE $sql$
        UPDATE kaoa.massnahme m
           SET art = n.art, jahrgaenge = n.jahrgaenge, schulformen = n.schulformen, berufsfelder = n.berufsfelder,
               zeitraum = n.zeitraum, plaetze = n.plaetze, finanzierung = n.finanzierung,
               anmeldung_bis = n.anmeldung_bis, nur_zielgruppe = n.nur_zielgruppe, warteliste = n.warteliste
          FROM (SELECT x.kommune, x.massnahme_id,
                       CASE WHEN s.j ? 'art' THEN s.j->>'art' ELSE x.art END AS art,
                       CASE WHEN s.j ? 'jahrgaenge' THEN (s.j->>'jahrgaenge')::int4range ELSE x.jahrgaenge END AS jahrgaenge,
                       CASE WHEN s.j ? 'schulformen' THEN kaoa.import_textliste(s.j->'schulformen', 'schulformen') ELSE x.schulformen END AS schulformen,
                       CASE WHEN s.j ? 'berufsfelder' THEN kaoa.import_textliste(s.j->'berufsfelder', 'berufsfelder') ELSE x.berufsfelder END AS berufsfelder,
                       CASE WHEN s.j ? 'zeitraum' THEN (s.j->>'zeitraum')::daterange ELSE x.zeitraum END AS zeitraum,
                       CASE WHEN s.j ? 'plaetze' THEN (s.j->>'plaetze')::integer ELSE x.plaetze END AS plaetze,
                       CASE WHEN s.j ? 'finanzierung' THEN s.j->>'finanzierung' ELSE x.finanzierung END AS finanzierung,
                       CASE WHEN s.j ? 'anmeldung_bis' THEN (s.j->>'anmeldung_bis')::date ELSE x.anmeldung_bis END AS anmeldung_bis,
                       CASE WHEN s.j ? 'nur_zielgruppe' THEN (s.j->>'nur_zielgruppe')::boolean ELSE x.nur_zielgruppe END AS nur_zielgruppe,
                       CASE WHEN s.j ? 'warteliste' THEN (s.j->>'warteliste')::boolean ELSE x.warteliste END AS warteliste
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme x ON x.kommune = o.kommune AND x.traeger_org = o.org_id AND x.titel = s.j->>'titel') n
         WHERE m.kommune = n.kommune AND m.massnahme_id = n.massnahme_id
           AND (m.art, m.jahrgaenge, m.schulformen, m.berufsfelder, m.zeitraum, m.plaetze, m.finanzierung,
                m.anmeldung_bis, m.nur_zielgruppe, m.warteliste)
               IS DISTINCT FROM (n.art, n.jahrgaenge, n.schulformen, n.berufsfelder, n.zeitraum, n.plaetze, n.finanzierung,
                                 n.anmeldung_bis, n.nur_zielgruppe, n.warteliste)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum,
                                    plaetze, finanzierung, anmeldung_bis, nur_zielgruppe, warteliste)
        SELECT s.j->>'kommune',
               CASE WHEN o.org_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'traeger', s.j->>'kommune'),
                                            'Add the Träger as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE o.org_id END,
               s.j->>'titel', s.j->>'art', (s.j->>'jahrgaenge')::int4range,
               kaoa.import_textliste(s.j->'schulformen', 'schulformen'),
               kaoa.import_textliste(s.j->'berufsfelder', 'berufsfelder'),
               (s.j->>'zeitraum')::daterange, (s.j->>'plaetze')::integer, s.j->>'finanzierung',
               (s.j->>'anmeldung_bis')::date,
               -- absent: the column's default (an explicit null is refused by NOT NULL)
               CASE WHEN s.j ? 'nur_zielgruppe' THEN (s.j->>'nur_zielgruppe')::boolean ELSE false END,
               CASE WHEN s.j ? 'warteliste' THEN (s.j->>'warteliste')::boolean ELSE true END
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme x
                            WHERE x.kommune = o.kommune AND x.traeger_org = o.org_id AND x.titel = s.j->>'titel')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'massnahme_zielgruppe' THEN
        -- a further target-group pair of a measure, known by the measure (Träger and title) and its grades
        EXECUTE $sql$
        UPDATE kaoa.massnahme_zielgruppe z
           SET schulformen = n.schulformen
          FROM (SELECT x.kommune, x.zielgruppe_id,
                       CASE WHEN s.j ? 'schulformen' THEN kaoa.import_textliste(s.j->'schulformen', 'schulformen')
                            ELSE x.schulformen END AS schulformen
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
                  JOIN kaoa.massnahme_zielgruppe x ON x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id
                                                  AND x.jahrgaenge = (s.j->>'jahrgaenge')::int4range) n
         WHERE z.kommune = n.kommune AND z.zielgruppe_id = n.zielgruppe_id
           -- stored sorted and without repeats (the trigger): compare in that form
           AND z.schulformen IS DISTINCT FROM
               CASE WHEN n.schulformen IS NOT NULL
                    THEN ARRAY(SELECT DISTINCT f COLLATE "C" FROM unnest(n.schulformen) f ORDER BY 1) END
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
        SELECT s.j->>'kommune',
               CASE WHEN m.massnahme_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no measure %s of Träger %s in Kommune %s',
                                                                       s.j->'titel', s.j->'traeger', s.j->>'kommune'),
                                            'Add the measure as a massnahme record with the same traeger and titel.',
                                            NULL::bigint)
                    ELSE m.massnahme_id END,
               kaoa.import_textliste(s.j->'schulformen', 'schulformen'), (s.j->>'jahrgaenge')::int4range
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
          LEFT JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme_zielgruppe x
                            WHERE x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id
                              AND x.jahrgaenge = (s.j->>'jahrgaenge')::int4range)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'massnahme_partner' THEN
        -- who runs a measure with its Träger, known by the measure and the partner's schluessel
        EXECUTE $sql$
        UPDATE kaoa.massnahme_partner mp
           SET rolle = n.rolle
          FROM (SELECT x.kommune, x.massnahme_id, x.org_id,
                       CASE WHEN s.j ? 'rolle' THEN s.j->>'rolle' ELSE x.rolle END AS rolle
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
                  JOIN kaoa.organisation po ON po.kommune = s.j->>'kommune' AND po.schluessel = s.j->>'partner'
                  JOIN kaoa.massnahme_partner x ON x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id
                                               AND x.org_id = po.org_id) n
         WHERE mp.kommune = n.kommune AND mp.massnahme_id = n.massnahme_id AND mp.org_id = n.org_id
           AND mp.rolle IS DISTINCT FROM n.rolle
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle)
        SELECT s.j->>'kommune',
               CASE WHEN m.massnahme_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no measure %s of Träger %s in Kommune %s',
                                                                       s.j->'titel', s.j->'traeger', s.j->>'kommune'),
                                            'Add the measure as a massnahme record with the same traeger and titel.',
                                            NULL::bigint)
                    ELSE m.massnahme_id END,
               CASE WHEN po.org_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'partner', s.j->>'kommune'),
                                            'Add the partner as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE po.org_id END,
               CASE WHEN s.j ? 'rolle' THEN s.j->>'rolle' ELSE 'partner' END
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
          LEFT JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
          LEFT JOIN kaoa.organisation po ON po.kommune = s.j->>'kommune' AND po.schluessel = s.j->>'partner'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme_partner x
                            WHERE x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id AND x.org_id = po.org_id)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'anmeldung' THEN
        -- a registration, known by the measure (Träger and title) and the person: line by line through
        -- kaoa.anmelden and kaoa.anmeldung_zurueckziehen, so the places, the queue (file order) and the
        -- log hold as for any registration; "status", when given, must be what the rules give
        FOR r IN EXECUTE $sql$
                 SELECT s.zeile, s.j, m.massnahme_id, p.person_id
                   FROM pg_temp.kaoa_import s
                   LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                   LEFT JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id
                                             AND m.titel = s.j->>'titel'
                   LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3
                  ORDER BY s.zeile
                 $sql$ USING t, von, bis
        LOOP
            IF r.massnahme_id IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = '23503',
                    MESSAGE = pg_catalog.format('no measure %s of Träger %s in Kommune %s', r.j->'titel', r.j->'traeger', r.j->>'kommune'),
                    HINT = 'Add the measure as a massnahme record with the same traeger and titel.';
            ELSIF r.person_id IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = '23503',
                    MESSAGE = pg_catalog.format('no person with pseudonym %s in Kommune %s', r.j->'pseudonym', r.j->>'kommune'),
                    HINT = 'Add the person record ({"typ":"person", …}) to this file or an earlier one.';
            END IF;
            -- read now, not with the lines: a withdrawal on an earlier line moves the waiting list up
            aid := NULL;
            astatus := NULL;
            SELECT a.anmeldung_id, a.status INTO aid, astatus
              FROM kaoa.anmeldung a
             WHERE a.kommune = r.j->>'kommune' AND a.massnahme_id = r.massnahme_id AND a.person_id = r.person_id;
            gewollt := CASE WHEN r.j ? 'status' THEN r.j->>'status' END;
            IF r.j ? 'status' AND (gewollt IS NULL OR gewollt NOT IN ('zugesagt', 'warteliste', 'zurueckgezogen')) THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = pg_catalog.format('"status" must be zugesagt, warteliste or zurueckgezogen, not %s', r.j->'status'),
                    HINT = 'Leave status out to let the rules decide; zurueckgezogen withdraws the registration.';
            END IF;
            IF aid IS NOT NULL AND (gewollt IS NULL OR gewollt = astatus) THEN
                CONTINUE;               -- as stored: nothing to do
            ELSIF aid IS NOT NULL AND astatus <> 'zurueckgezogen' AND gewollt = 'zurueckgezogen' THEN
                PERFORM kaoa.anmeldung_zurueckziehen(aid);
                geaendert := geaendert + 1;
                CONTINUE;
            ELSIF aid IS NOT NULL AND astatus <> 'zurueckgezogen' THEN
                RAISE EXCEPTION USING ERRCODE = '55000',
                    MESSAGE = pg_catalog.format('the registration of %s for measure %s is %s, not %s',
                                                r.j->'pseudonym', r.j->'titel', astatus, gewollt),
                    HINT = 'A waiting registration moves up only when a place is freed, and a place is given back only by withdrawing; a record can withdraw (status zurueckgezogen) or leave the status out.';
            END IF;
            -- new, or withdrawn and registered anew: the rules decide the status
            id := kaoa.anmelden(r.massnahme_id, r.person_id);
            SELECT a.status INTO ist FROM kaoa.anmeldung a WHERE a.anmeldung_id = id;
            IF gewollt = 'zurueckgezogen' THEN
                PERFORM kaoa.anmeldung_zurueckziehen(id);
            ELSIF gewollt IS NOT NULL AND gewollt <> ist THEN
                RAISE EXCEPTION USING ERRCODE = '55000',
                    MESSAGE = pg_catalog.format('the registration of %s for measure %s would be %s, not %s',
                                                r.j->'pseudonym', r.j->'titel', ist, gewollt),
                    HINT = CASE WHEN gewollt = 'zugesagt'
                                THEN 'Every place of the measure is zugesagt: the registration goes on the waiting list. Leave status out, or free a place first.'
                                ELSE 'A place is free, so the registration is zugesagt, not put on the waiting list. Leave status out.' END;
            END IF;
            IF aid IS NULL THEN
                neu := neu + 1;
            ELSE
                geaendert := geaendert + 1;
            END IF;
        END LOOP;

    ELSIF t = 'massnahme_teilnahme' THEN
        -- a participant of a measure (the measure known by its Träger and title)
        EXECUTE $sql$
        UPDATE kaoa.massnahme_teilnahme mt
           SET datum = n.datum
          FROM (SELECT x.kommune, x.massnahme_teilnahme_id, (s.j->>'datum')::date AS datum
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3 AND s.j ? 'datum') s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
                  JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  JOIN kaoa.massnahme_teilnahme x ON x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id
                                                 AND x.person_id = p.person_id) n
         WHERE mt.kommune = n.kommune AND mt.massnahme_teilnahme_id = n.massnahme_teilnahme_id
           AND mt.datum IS DISTINCT FROM n.datum
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
        SELECT s.j->>'kommune',
               CASE WHEN m.massnahme_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no measure %s of Träger %s in Kommune %s',
                                                                       s.j->'titel', s.j->'traeger', s.j->>'kommune'),
                                            'Add the measure as a massnahme record with the same traeger and titel.',
                                            NULL::bigint)
                    ELSE m.massnahme_id END,
               CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END,
               COALESCE((s.j->>'datum')::date, CURRENT_DATE)
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
          LEFT JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme_teilnahme x
                            WHERE x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id AND x.person_id = p.person_id)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = pg_catalog.format('unknown record type %L', t),
            HINT = 'Known types: ' || (SELECT string_agg(f.typ, ', ' ORDER BY f.rang) FROM kaoa.import_format() f) || '.';
    END IF;
END
$$;
COMMENT ON FUNCTION kaoa.import_stapel(text, bigint, bigint) IS
    'kaoa import: applies the staged lines of one record type in a range of line numbers set-based (UPDATE of changed records, INSERT of new ones); raises on the first error. Called by kaoa.import_anwenden.';

-- A JSON array of strings as text[] (null stays NULL; anything else is an error naming the key).
CREATE FUNCTION kaoa.import_textliste(liste jsonb, schluessel text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF liste IS NULL OR jsonb_typeof(liste) = 'null' THEN
        RETURN NULL;
    ELSIF jsonb_typeof(liste) <> 'array'
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(liste) e WHERE jsonb_typeof(e) <> 'string') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = pg_catalog.format('"%s" must be a JSON array of strings, not %s', schluessel, liste),
            HINT = 'For example "schulformen": ["GE", "RS"] or "berufsfelder": ["elektro"].';
    END IF;
    RETURN ARRAY(SELECT e.w FROM jsonb_array_elements_text(liste) WITH ORDINALITY AS e(w, n) ORDER BY e.n);
END
$$;
COMMENT ON FUNCTION kaoa.import_textliste(jsonb, text) IS
    'kaoa import: a JSON array of strings (schulformen, berufsfelder of a measure) as text[]; 22023 for anything else.';

-- A JSON array of KldB codes as kaoa.kldb[] (null stays NULL; anything else is an error).
CREATE FUNCTION kaoa.import_kldb_liste(wuensche jsonb) RETURNS kaoa.kldb[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF wuensche IS NULL OR jsonb_typeof(wuensche) = 'null' THEN
        RETURN NULL;
    ELSIF jsonb_typeof(wuensche) <> 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = pg_catalog.format('"wuensche" must be a JSON array of KldB codes, not %s', wuensche),
            HINT = 'For example "wuensche": ["26212", "252"].';
    END IF;
    RETURN ARRAY(SELECT e.w::kaoa.kldb FROM jsonb_array_elements_text(wuensche) WITH ORDINALITY AS e(w, n) ORDER BY e.n);
END
$$;
COMMENT ON FUNCTION kaoa.import_kldb_liste(jsonb) IS
    'kaoa import: a JSON array of KldB codes as kaoa.kldb[] (JSON null gives NULL; anything but an array is an error 22023).';

-- The driver: applies the lines of one type in [von, bis] and returns what happened.  Errors that
-- say nothing about the line (cancel, shutdown, out of memory, deadlock, serialization failure,
-- internal errors) are raised, not turned into rejects: the client stops and the user runs the
-- import again.
CREATE FUNCTION kaoa.import_anwenden(typ text, von bigint, bis bigint,
                                     OUT neu bigint, OUT geaendert bigint, OUT abgelehnt jsonb)
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := import_anwenden.typ;
    z bigint[];
    lo integer[] := ARRAY[1];
    hi integer[];
    oben integer := 1;
    a integer;
    b integer;
    m integer;
    n bigint;
    g bigint;
    st text;
    msg text;
    det text;
    hin text;
BEGIN
    neu := 0;
    geaendert := 0;
    abgelehnt := '[]';
    z := ARRAY(SELECT s.zeile FROM pg_temp.kaoa_import s WHERE s.typ = t AND s.zeile BETWEEN von AND bis ORDER BY 1);
    IF cardinality(z) = 0 THEN
        RETURN;
    END IF;
    hi := ARRAY[cardinality(z)];
    WHILE oben > 0 LOOP
        a := lo[oben];
        b := hi[oben];
        oben := oben - 1;
        BEGIN
            SELECT x.neu, x.geaendert INTO n, g FROM kaoa.import_stapel(t, z[a], z[b]) x;
            neu := neu + n;
            geaendert := geaendert + g;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                                    hin = PG_EXCEPTION_HINT;
            IF left(st, 2) IN ('40', '53', '57', '58', 'XX') THEN
                RAISE;
            END IF;
            IF a = b THEN
                abgelehnt := abgelehnt || jsonb_build_array(jsonb_build_object(
                    'zeile', z[a], 'sqlstate', st,
                    'fehler', msg || CASE WHEN det <> '' THEN E'\nDETAIL:  ' || det ELSE '' END
                                  || CASE WHEN hin <> '' THEN E'\nHINT:  ' || hin ELSE '' END,
                    'daten', (SELECT s.daten FROM pg_temp.kaoa_import s WHERE s.typ = t AND s.zeile = z[a])));
            ELSE
                -- the left half goes on top, so lines are applied in file order
                m := (a + b) / 2;
                oben := oben + 1; lo[oben] := m + 1; hi[oben] := b;
                oben := oben + 1; lo[oben] := a; hi[oben] := m;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION kaoa.import_anwenden(text, bigint, bigint) IS
    'kaoa import: applies the staged lines of one record type with line numbers in [von, bis]: set-based, and on an error by halving down to single lines, each under its own savepoint. Returns the rows inserted and updated and the rejected lines as a JSON array of {zeile, sqlstate, fehler, daten}.';

-- One import at a time (src/base/import_sperre.c): a session-level lock that only these functions
-- take, in a key space pg_advisory_lock cannot reach — the system's loaders share one lock, an
-- organisation's role takes its organisation's, so no role can stall a loader's import.
CREATE FUNCTION kaoa.import_sperren(warten boolean DEFAULT true) RETURNS boolean
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_import_sperren';
COMMENT ON FUNCTION kaoa.import_sperren(boolean) IS
    'kaoa import: takes the caller''s import lock for the session (a system role: the database''s one loader lock; an organisation''s role: its organisation''s), waiting while another session holds it unless warten is false; true when held. No other role can take or hold these locks (they are not pg_advisory_lock keys).';
CREATE FUNCTION kaoa.import_freigeben() RETURNS boolean
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_import_freigeben';
COMMENT ON FUNCTION kaoa.import_freigeben() IS
    'kaoa import: releases the caller''s import lock (the session''s end releases it too); false when this session did not hold it.';

-- Who may call what: every organisation and the system import (under their own rights).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.import_format()', 'kaoa.import_staging()', 'kaoa.import_json()',
                    'kaoa.import_fehler(text, text, text, anyelement)', 'kaoa.import_stapel(text, bigint, bigint)',
                    'kaoa.import_textliste(jsonb, text)', 'kaoa.import_kldb_liste(jsonb)',
                    'kaoa.import_anwenden(text, bigint, bigint)', 'kaoa.import_sperren(boolean)',
                    'kaoa.import_freigeben()']) AS f;
