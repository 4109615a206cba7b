-- pgTAP: a session with lc_messages = 'de_DE.UTF-8' reads kaoa's refusals in German, as a school's
-- frontend shows them: every code of class KA (KA001–KA012), a type's input error (22P02), a
-- refusal of the Standardelemente and one of a measure, and a refusal of the import's SQL (its texts
-- through kaoa.meldung).  For each: the German message, detail and
-- hint word for word; the same statement in an English session gives the same SQLSTATE and the
-- English text (the language changes the words, never the code).  Each statement runs as the role
-- concerned; nothing it tried is left behind (the data's fingerprint is the same at the end).
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(36);

-- pg_temp.sprache(locale): lc_messages for the rest of the transaction.  lc_messages may be set by
-- a superuser only, so this runs with the rights of its owner (the test's superuser) while the
-- statements under test run as the organisations' roles.
CREATE FUNCTION pg_temp.sprache(lc text) RETURNS text LANGUAGE sql SECURITY DEFINER
    AS $$ SELECT pg_catalog.set_config('lc_messages', lc, true) $$;
GRANT EXECUTE ON FUNCTION pg_temp.sprache(text) TO PUBLIC;

-- pg_temp.fehler(sql, locale): 'SQLSTATE: message / detail / hint' of the error sql raises in that
-- language ('kein Fehler' when none).
CREATE FUNCTION pg_temp.fehler(sql text, lc text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
    PERFORM pg_temp.sprache(lc);
    BEGIN
        EXECUTE sql;
        RETURN 'kein Fehler';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    END;
    RETURN s || ': ' || m || ' / ' || coalesce(d, '') || ' / ' || coalesce(h, '');
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.fehler(text, text) TO PUBLIC;

-- pg_temp.beide(sql, deutsch, name): the German answer is `deutsch`; the English one has the same
-- SQLSTATE and other words.  Two TAP lines.
CREATE FUNCTION pg_temp.beide(sql text, deutsch text, name text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE de text; en text;
BEGIN
    de := pg_temp.fehler(sql, 'de_DE.UTF-8');
    en := pg_temp.fehler(sql, 'C');
    RETURN NEXT is(de, deutsch, name || ': German');
    RETURN NEXT ok(split_part(en, ':', 1) = split_part(de, ':', 1) AND en <> de AND en !~ '[»«]',
                   name || ': the same SQLSTATE in English (' || left(en, 60) || ' …)');
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.beide(text, text, text) TO PUBLIC;

-- everything a refusal could touch, as one fingerprint
CREATE FUNCTION pg_temp.stand() RETURNS text LANGUAGE sql AS $$
    SELECT md5(concat_ws('|',
        (SELECT string_agg(f::text, ',' ORDER BY fall_id) FROM kaoa.fall f),
        (SELECT string_agg(u::text, ',' ORDER BY uebergabe_id) FROM kaoa.uebergabe u),
        (SELECT string_agg(p::text, ',' ORDER BY person_id) FROM kaoa.person p),
        (SELECT string_agg(b::text, ',' ORDER BY person_id) FROM kaoa.bewerberprofil b),
        (SELECT string_agg(a::text, ',' ORDER BY anmeldung_id) FROM kaoa.anmeldung a),
        (SELECT string_agg(m::text, ',' ORDER BY massnahme_id) FROM kaoa.massnahme m),
        (SELECT string_agg(t::text, ',' ORDER BY teilnahme_id) FROM kaoa.sbo_teilnahme t),
        (SELECT count(*)::text FROM kaoa.ereignis)))
$$;

-- the cases: f1 open at school S1, fk identified, fo excluded, fa with the Agentur (the person
-- objected), fi of last school year (outside its identification window)
SELECT pg_temp.fall('D-1', :s1, 'offen') AS f1, pg_temp.fall('D-K', :s1, 'ohne_anschluss') AS fk,
       pg_temp.fall('D-O', :s1, 'ausgenommen') AS fo, pg_temp.fall('D-A', :s1, 'ohne_anschluss') AS fa,
       pg_temp.fall('D-I', :s1, 'offen', 2024) AS fi \gset
SET LOCAL ROLE t_s1;
SELECT kaoa.uebergeben(:fk, :aa, 'schuldueg_1_1') AS uk, kaoa.uebergeben(:fa, :aa, 'schuldueg_1_1') AS ua \gset
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT kaoa.uebernehmen(:ua) \g /dev/null
SELECT kaoa.widerspruch_erheben(pg_temp.person_von(:fa)) \g /dev/null
RESET ROLE;
-- measures of the Träger: one whose registration closed yesterday, one for grade 10 only
SELECT (now() AT TIME ZONE 'Europe/Berlin')::date AS heute,
       extract(year FROM current_date + 60)::int - (extract(month FROM current_date + 60) < 8)::int AS sj \gset
SELECT pg_temp.schueler('D-P', :s1, 9, :sj) AS p9 \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze, anmeldung_bis)
VALUES ('05315', :tr, 'Praxiskurs Metall', 'praxiskurs', '[9,10]', daterange(current_date + 60, current_date + 90), 10,
        :'heute'::date - 1)
RETURNING massnahme_id AS mz \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze, anmeldung_bis, nur_zielgruppe)
VALUES ('05315', :tr, 'Bewerbungstraining Klasse 10', 'bewerbungstraining', '[10,10]',
        daterange(current_date + 60, current_date + 90), 10, :'heute'::date + 30, true)
RETURNING massnahme_id AS mg \gset
SELECT pg_temp.stand() AS vorher \gset

SET LOCAL ROLE t_s1;
SELECT pg_temp.beide(format($$UPDATE kaoa.fall SET status = 'angetreten' WHERE fall_id = %s$$, :f1),
    format('KA001: Fallstatus kann nicht von offen nach angetreten wechseln / Fall %s der Kommune 05315 ist offen. / Erlaubt von offen aus: anschluss_gesichert, ohne_anschluss, ausgenommen.', :f1), 'KA001 a transition the chain does not allow');
SELECT pg_temp.beide(format($$INSERT INTO kaoa.bewerberprofil (kommune, person_id) VALUES ('05315', %s)$$, pg_temp.person_von(:f1)),
    format($$KA002: ein von einer Organisation erfasstes Profil braucht die Einwilligung des jungen Menschen / Rolle »t_s1« (Organisation %s, schule) schrieb das Profil von Person %s ohne einwilligung_id. / Erfassen Sie die Einwilligung in kaoa.einwilligung mit dem Empfängertyp 'schule' und übergeben Sie ihre einwilligung_id; nur das System darf Profile ohne sie importieren.$$, :s1, pg_temp.person_von(:f1)), 'KA002 a profile without the young person''s consent');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT pg_temp.beide(format($$SELECT kaoa.uebergeben(%s, %s, 'sgb3_31a_2')$$, :fa, :jc),
    format('KA003: Person %s hat der Übermittlung nach § 31a Abs. 2 SGB III widersprochen / Person %s (Fall %s, Kommune 05315) hat widersprochen; Übergaben nach sgb3_31a_2 werden abgewiesen. / Die Beratung geht weiter: behalten Sie den Fall oder übergeben Sie ihn mit Einwilligung der Person (rechtsgrundlage einwilligung).', pg_temp.person_von(:fa), pg_temp.person_von(:fa), :fa), 'KA003 a hand-off the person objected to');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT pg_temp.beide(format($$UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id = %s$$, :f1),
    format('KA004: Organisation %s ist für Fall %s nicht zuständig / Für Fall %s der Kommune 05315 ist Organisation %s zuständig; Rolle »t_ko« handelt für Organisation %s. / Nur die zuständige Organisation ändert einen Fall. Er wechselt mit kaoa.uebergeben(fall_id, an_org, rechtsgrundlage) und kaoa.uebernehmen(uebergabe_id).', :ko, :f1, :f1, :s1, :ko), 'KA004 the KoKo changes a case it does not hold');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT pg_temp.beide(format($$SELECT kaoa.uebergeben(%s, %s, 'schuldueg_1_1')$$, :fk, :aa),
    format('KA005: eine andere Übergabe von Fall %s ist offen / Übergabe %s von Fall %s (Kommune 05315) ist noch nicht beantwortet. / Je Fall gibt es nur eine offene Übergabe: warten Sie die Antwort ab oder ziehen Sie die Übergabe mit kaoa.zurueckziehen(uebergabe_id, grund) zurück.', :fk, :uk, :fk), 'KA005 a second hand-off while one is open');
SELECT pg_temp.beide(format($$UPDATE kaoa.fall SET schuljahr = 2030 WHERE fall_id = %s$$, :f1),
    format('KA006: Spalte schuljahr von kaoa.fall kann sich nicht ändern / Fall %s der Kommune 05315: schuljahr steht fest, sobald der Fall angelegt ist. / Legen Sie für eine andere Person, ein anderes Schuljahr oder eine andere Schule einen neuen Fall an; status, anschluss, aufnehmende_org, abschluss, abschluss_erwartet, schulform und grund ändern sich per UPDATE.', :f1), 'KA006 a fixed column changed');
SELECT pg_temp.beide(format($$SELECT kaoa.uebergeben(%s, %s, 'schuldueg_1_1')$$, :fo, :aa),
    format('KA007: Fall %s ist ausgenommen und von der gesetzlichen Übermittlung ausgeschlossen / Fall %s der Kommune 05315 ist ausgenommen; rechtsgrundlage schuldueg_1_1 (SchülerDÜG NRW § 1 Abs. 1, § 31a Abs. 1 SGB III) ist eine gesetzliche. / Ein ausgenommener Fall (z. B. zur Abitur- oder FHR-Prüfung zugelassen) wird nie nach schuldueg_1_1, sgb3_31a_2, schulg_120 oder sgb10_69 übergeben.', :fo, :fo), 'KA007 an excluded case handed on under a statute');
SELECT pg_temp.beide(format($$SELECT kaoa.uebergeben(%s, %s, 'einwilligung')$$, :f1, :jba),
    format('KA008: eine Jugendberufsagentur erhält nie einen Fall / Organisation %s (Fall %s, Kommune 05315) ist vom Typ jba: eine Kooperation, keine Rechtsperson. / Übergeben Sie den Fall an die Agentur, das Jobcenter oder das Jugendamt, die in der JBA mitarbeiten.', :jba, :f1), 'KA008 a hand-off to the Jugendberufsagentur');
SELECT pg_temp.beide(format($$SELECT kaoa.uebergeben(%s, %s, 'schuldueg_1_1')$$, :f1, :aa),
    format('KA009: Fall %s ist nicht als ohne_anschluss identifiziert / Fall %s der Kommune 05315 ist offen; nach schuldueg_1_1 werden identifizierte Schülerinnen und Schüler ohne Anschluss übermittelt. / Setzen Sie zuerst den Status ohne_anschluss (Identifikation) und übergeben Sie den Fall dann an die Agentur.', :f1, :f1), 'KA009 a case handed to the Agentur before it is identified');
SELECT pg_temp.beide(format($$UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id = %s$$, :fi),
    format('KA010: die Identifikation von Fall %s außerhalb des Identifikationszeitraums braucht einen grund / Heute (%s) liegt außerhalb des Zeitraums %s bis %s der Kommune 05315 für das Schuljahr 2024. / Geben Sie den Grund im selben UPDATE in grund an oder identifizieren Sie innerhalb des in kaoa.fristen festgelegten Zeitraums.', :fi, current_date, current_date - 400, current_date - 370), 'KA010 identification outside the window without a reason');
SELECT pg_temp.beide(format('SELECT kaoa.anmelden(%s, %s)', :mz, :p9),
    format('KA011: die Anmeldung zu Maßnahme %s endete am %s / Maßnahme %s »Praxiskurs Metall« der Kommune 05315 nahm Anmeldungen bis %s an; heute (Europe/Berlin) ist der %s. / Anmeldungen werden bis einschließlich zum Tag anmeldung_bis angenommen; der Träger der Maßnahme oder die KoKo kann die Frist verlängern.', :mz, :'heute'::date - 1, :mz, :'heute'::date - 1, :'heute'), 'KA011 a registration after the deadline');
SELECT pg_temp.beide(format('SELECT kaoa.anmelden(%s, %s)', :mg, :p9),
    format('KA012: Person %s gehört nicht zur Zielgruppe von Maßnahme %s / Maßnahme %s »Bewerbungstraining Klasse 10« der Kommune 05315 nimmt nur ihre Zielgruppe auf; Person %s ist in Jahrgang 9 an Schulform GE im Schuljahr %s. / Die Maßnahme steht offen für: Jahrgang 10 (jede Schulform). Erfassen Sie zuerst den Schulbesuch der Person in diesem Schuljahr oder melden Sie jemanden aus der Zielgruppe an.', :p9, :mg, :mg, :p9, :sj), 'KA012 a registration outside a closed target group');
SELECT pg_temp.beide($$SELECT 'MSA+'::kaoa.abschluss$$,
    '22P02: ungültige Eingabesyntax für Typ kaoa.abschluss: »MSA+« / »MSA+« ist kein bekannter Abschlusscode. / Angenommen werden (ohne Unterschied von Groß- und Kleinschreibung): OA, ESAA, ESA, ESA_FOE, ESA_Q, EESA, EESA_Q, MSA, MSA_Q, MSA_Q1, VS_11, FHR_S, FHR, FGHR, ABITUR, FOEG, FOEL, WALD; die Codes vor 2022 HA9A, HA9, HA9_FOE, HA9_Q, HA10, HA10_Q; die Aliase HSA, FOR, FOR-Q, FORQ, FOR_Q, FHR-S, AHR, ABI.', '22P02 a qualification code the type does not know');
SELECT pg_temp.beide(format($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', %s, 'SBO 9.9', '2025-10-01')$$, :p9),
    format('23503: SBO-Code »SBO 9.9« steht nicht in der Katalogausgabe »svws_1« / Die Teilnahme von Person %s am 2025-10-01 nennt sbo_code »SBO 9.9«. / Codes der Ausgabe svws_1: %s.', :p9, (SELECT string_agg(code, ', ' ORDER BY string_to_array(substr(code, 5), '.')::int[]) FROM kaoa.sbo_katalog WHERE version = 'svws_1')), 'an SBO participation with a code the catalogue does not have');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT pg_temp.beide(format($$UPDATE kaoa.massnahme SET plaetze = -1 WHERE massnahme_id = %s$$, :mg),
    format('23514: Maßnahme »Bewerbungstraining Klasse 10« kann nicht -1 Plätze haben / Die Maßnahme von Organisation %s in der Kommune 05315 nennt plaetze -1. / plaetze ist 0 oder mehr; lassen Sie es NULL, wenn die Zahl nicht begrenzt oder nicht bekannt ist.', :tr), 'a measure with negative places');
SELECT pg_temp.beide(format($$UPDATE kaoa.massnahme SET schulformen = '{R,gy}' WHERE massnahme_id = %s$$, :mg),
    format('23514: Schulform »gy« der Maßnahme »Bewerbungstraining Klasse 10« ist kein Schulformschlüssel / Die Maßnahme von Organisation %s in der Kommune 05315 nennt schulformen {R,gy}. / schulformen ist eine Liste von Schulformschlüsseln von IT.NRW (1 bis 3 Großbuchstaben), z. B. ''{H,R,GE}''; NULL bedeutet jede Schulform.', :tr), 'a measure with a school form that is no key (the form in German quotes)');
RESET ROLE;
-- the import: a line naming a person that does not exist, as the loader raises it
SET LOCAL ROLE t_system;
SELECT pg_temp.beide($$SELECT kaoa.import_fehler('23503', format(kaoa.meldung('no %s with %s in Kommune %s'), 'person',
                                                  'pseudonym "X-9"', '05315'),
                                           (SELECT hinweis FROM kaoa.import_typen() WHERE typ = 'person'), NULL::bigint)$$,
    '23503: kein Datensatz person mit pseudonym "X-9" in der Kommune 05315 /  / Fügen Sie den Datensatz der Person ({"typ":"person", …}) dieser oder einer früheren Datei hinzu.',
    'the import''s refusal of a line naming a missing person');
RESET ROLE;
-- every hint the import's description keeps as data has its German text
SELECT pg_temp.sprache('de_DE.UTF-8');
SELECT is(array_agg(h ORDER BY h), NULL, 'every hint of kaoa.import_typen and kaoa.import_beschreibung is translated')
  FROM (SELECT hinweis AS h FROM kaoa.import_typen() UNION SELECT hinweis FROM kaoa.import_beschreibung()) x
 WHERE h IS NOT NULL AND kaoa.meldung(h) = h;
SELECT pg_temp.sprache('C');

SELECT is(pg_temp.stand(), :'vorher', 'every refusal left the data as it was');
SELECT * FROM finish();
ROLLBACK;
