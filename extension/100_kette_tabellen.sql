-- The tables of the Verantwortungskette (docs/kette.md).  `kommune` (5-digit Kreisschlüssel) is the
-- tenant key and leads every key; every id is a bigint identity with its own btree index; every
-- table holding user data is registered with pg_extension_config_dump, and so is its identity
-- sequence, so pg_dump keeps rows and counters.  The rules live in C triggers (120_kette_regeln.sql);
-- who sees what in row-level security (140_kette_rls.sql).

-- The domain's day (docs/kette.md#days-and-deadlines): every default day below is kaoa.heute().
CREATE FUNCTION kaoa.heute() RETURNS date
    LANGUAGE C STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_heute_sql';
COMMENT ON FUNCTION kaoa.heute() IS
    'Today as kaoa counts days: the date in Europe/Berlin at the start of the transaction, whatever the session''s TimeZone (current_date follows the session). Every deadline, window and default day of kaoa uses it.';
CREATE FUNCTION kaoa.tag(zeit timestamptz) RETURNS date
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_tag_sql';
COMMENT ON FUNCTION kaoa.tag(timestamptz) IS
    'The day of a moment as kaoa counts days: its date in Europe/Berlin, whatever the session''s TimeZone (zeit::date follows the session).';

CREATE TABLE kaoa.kommune (
    kommune             text PRIMARY KEY
                        CONSTRAINT kommune_kreisschluessel CHECK (kommune ~ '^05[13579][0-9]{2}$'),
    name                text NOT NULL CHECK (btrim(name) <> ''),
    min_fallzahl        integer NOT NULL DEFAULT 5 CHECK (min_fallzahl >= 1),
    aufbewahrung_monate integer NOT NULL DEFAULT 6 CHECK (aufbewahrung_monate >= 0)
);
COMMENT ON TABLE kaoa.kommune IS
    'A Kreis or kreisfreie Stadt of NRW (one KoKo each), the tenant of every other table.';
COMMENT ON COLUMN kaoa.kommune.kommune IS 'Kreisschlüssel: 05, the Regierungsbezirk digit (1 3 5 7 9), two digits (05315 = Köln).';
COMMENT ON COLUMN kaoa.kommune.min_fallzahl IS 'A count of the kaoa.v_* views whose true value is 1 … this − 1 shows as NULL (the row stays); every other count is rounded to a multiple of this (docs/roles-and-bi.md). Below 3 only a superuser or the extension''s owner may set it.';
COMMENT ON COLUMN kaoa.kommune.aufbewahrung_monate IS 'Months an identity is kept after all cases of the person are terminal (kaoa.loeschfristen_anwenden).';

CREATE TABLE kaoa.organisation (
    kommune    text NOT NULL REFERENCES kaoa.kommune,
    org_id     bigint GENERATED ALWAYS AS IDENTITY,
    typ        kaoa.org_typ NOT NULL,
    name       text NOT NULL CHECK (btrim(name) <> ''),
    schluessel text NOT NULL CHECK (btrim(schluessel) <> ''),
    schulform  text CHECK (schulform ~ '^[A-Z]{1,3}$'),
    PRIMARY KEY (kommune, org_id),
    UNIQUE (kommune, schluessel),
    CONSTRAINT organisation_schulform_nur_schulen
        CHECK (schulform IS NULL OR typ IN ('schule', 'berufskolleg'))
);
CREATE INDEX organisation_org_id ON kaoa.organisation (org_id);
COMMENT ON TABLE kaoa.organisation IS
    'An organisation of the chain: school, Berufskolleg, Agentur, Jobcenter, Jugendamt, JBA, KoKo, Kammer, Träger, Betrieb.';
COMMENT ON COLUMN kaoa.organisation.schluessel IS 'Natural key, unique per Kommune: Schulnummer, BA-Dienststelle, …';
COMMENT ON COLUMN kaoa.organisation.schulform IS 'IT.NRW school-form key (e.g. GE, GY, RS, BK) for schools and Berufskollegs.';

CREATE TABLE kaoa.akteur (
    rolle   name PRIMARY KEY,
    kommune text REFERENCES kaoa.kommune,
    org_id  bigint,
    FOREIGN KEY (kommune, org_id) REFERENCES kaoa.organisation (kommune, org_id),
    CONSTRAINT akteur_system_oder_organisation CHECK ((kommune IS NULL) = (org_id IS NULL))
);
COMMENT ON TABLE kaoa.akteur IS
    'Which database role acts for which organisation (matched exactly against the role SET ROLE selected); org_id NULL marks a system role. Filled by kaoa.akteur_anlegen and kaoa.system_zugang.';

CREATE TABLE kaoa.bi_rolle (
    rolle   name PRIMARY KEY,
    kommune text NOT NULL REFERENCES kaoa.kommune
);
COMMENT ON TABLE kaoa.bi_rolle IS
    'Roles that read the kaoa.v_* views of one Kommune and nothing else (kaoa.bi_zugang).';

CREATE TABLE kaoa.fristen (
    kommune            text NOT NULL REFERENCES kaoa.kommune,
    schuljahr          integer NOT NULL CHECK (schuljahr BETWEEN 2000 AND 2100),
    identifikation_von date,
    identifikation_bis date,
    uebernahme_tage    integer NOT NULL DEFAULT 10 CHECK (uebernahme_tage BETWEEN 1 AND 365),
    verbleib_stichtag  date,
    PRIMARY KEY (kommune, schuljahr),
    CONSTRAINT fristen_fenster CHECK ((identifikation_von IS NULL) = (identifikation_bis IS NULL)
                                      AND identifikation_von <= identifikation_bis)
);
COMMENT ON TABLE kaoa.fristen IS
    'Deadlines of a Kommune per school year: identification window, days to answer a hand-off, Verbleib reference date. No row: identification needs a grund, 10 days, 15 October of the next year.';
COMMENT ON COLUMN kaoa.fristen.schuljahr IS 'Start year of the school year (2025 = 2025/26, 1 Aug – 31 Jul).';
COMMENT ON COLUMN kaoa.fristen.verbleib_stichtag IS 'After this date angetreten is terminal and kette_pruefen flags every case not angetreten or ausgenommen; NULL: 15 October of schuljahr + 1.';

CREATE TABLE kaoa.person (
    kommune        text NOT NULL REFERENCES kaoa.kommune,
    person_id      bigint GENERATED ALWAYS AS IDENTITY,
    pseudonym      text NOT NULL CHECK (btrim(pseudonym) <> '' AND length(pseudonym) <= 200),
    geburtsmonat   date CHECK (extract(day FROM geburtsmonat) = 1),
    widerspruch_am timestamptz,
    angelegt_von   bigint,
    PRIMARY KEY (kommune, person_id),
    UNIQUE (kommune, pseudonym),
    FOREIGN KEY (kommune, angelegt_von) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX person_person_id ON kaoa.person (person_id);
COMMENT ON TABLE kaoa.person IS
    'A young person, pseudonymous: the identity is kept apart in kaoa.person_identitaet.';
COMMENT ON COLUMN kaoa.person.geburtsmonat IS 'Birth month (stored as its first day; any day given is cut to the 1st).';
COMMENT ON COLUMN kaoa.person.widerspruch_am IS 'When the person objected to the transfer under § 31a Abs. 2 SGB III (kaoa.widerspruch_erheben); recorded once.';
COMMENT ON COLUMN kaoa.person.angelegt_von IS 'The school that registered the person (set by the trigger); it sees the person until and besides their cases.';

CREATE TABLE kaoa.person_identitaet (
    kommune      text NOT NULL,
    person_id    bigint NOT NULL,
    nachname     text NOT NULL,
    vorname      text NOT NULL,
    geburtsdatum date,
    geschlecht   text CHECK (geschlecht IN ('m', 'w', 'd', 'x')),
    anschrift    text,
    PRIMARY KEY (kommune, person_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id)
);
CREATE INDEX person_identitaet_person_id ON kaoa.person_identitaet (person_id);
COMMENT ON TABLE kaoa.person_identitaet IS
    'Identity of a person, kept apart so it can be protected and deleted alone: read and written directly only by the school or Berufskolleg that holds the person''s current case and is its school (before the first case: the school that registered them); receivers read what their legal basis transferred through kaoa.uebergabe_daten.';
COMMENT ON COLUMN kaoa.person_identitaet.geschlecht IS 'm, w, d (divers) or x (no entry).';
COMMENT ON COLUMN kaoa.person_identitaet.anschrift IS 'Postal address as one line.';

CREATE TABLE kaoa.fall (
    kommune            text NOT NULL,
    fall_id            bigint GENERATED ALWAYS AS IDENTITY,
    person_id          bigint NOT NULL,
    schuljahr          integer NOT NULL CHECK (schuljahr BETWEEN 2000 AND 2100),
    schule_org         bigint NOT NULL,
    schulform          text CHECK (schulform ~ '^[A-Z]{1,3}$'),
    status             kaoa.fall_status NOT NULL DEFAULT 'offen',
    zustaendig_org     bigint NOT NULL,
    abschluss          kaoa.abschluss,
    abschluss_erwartet boolean,
    anschluss          text REFERENCES kaoa.anschluss_kategorie (code),
    grund              text,
    status_seit        timestamptz NOT NULL DEFAULT now(),
    aufnehmende_org    bigint,
    PRIMARY KEY (kommune, fall_id),
    UNIQUE (kommune, person_id, schuljahr),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (kommune, schule_org) REFERENCES kaoa.organisation (kommune, org_id),
    FOREIGN KEY (kommune, zustaendig_org) REFERENCES kaoa.organisation (kommune, org_id),
    FOREIGN KEY (kommune, aufnehmende_org) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX fall_fall_id ON kaoa.fall (fall_id);
CREATE INDEX fall_zustaendig ON kaoa.fall (kommune, zustaendig_org);
COMMENT ON TABLE kaoa.fall IS
    'A transition case: one per person and school year; the current case of a person is the one with the greatest schuljahr. Never deleted.';
COMMENT ON COLUMN kaoa.fall.schuljahr IS 'Start year of the school year (2025 = 2025/26).';
COMMENT ON COLUMN kaoa.fall.schule_org IS 'The school or Berufskolleg the young person leaves; it creates the case and holds it first.';
COMMENT ON COLUMN kaoa.fall.schulform IS 'IT.NRW school-form key; defaults to the school''s.';
COMMENT ON COLUMN kaoa.fall.zustaendig_org IS 'The responsible organisation; never NULL; moves only by an accepted hand-off.';
COMMENT ON COLUMN kaoa.fall.abschluss_erwartet IS 'True while abschluss is the expected, not yet achieved qualification.';
COMMENT ON COLUMN kaoa.fall.anschluss IS 'What the young person goes on to (kaoa.anschluss_kategorie).';
COMMENT ON COLUMN kaoa.fall.grund IS 'Reason given with the latest status change (copied into the log). No identity data in free text.';
COMMENT ON COLUMN kaoa.fall.status_seit IS 'When the status last changed (set by the trigger).';
COMMENT ON COLUMN kaoa.fall.aufnehmende_org IS 'The Berufskolleg, Kammer or Betrieb that admits the young person into the Anschluss, named by the holder; it may report the Verbleib (kaoa.verbleib_melden). Cleared with anschluss when the case goes back to ohne_anschluss.';

CREATE TABLE kaoa.einwilligung (
    kommune         text NOT NULL,
    einwilligung_id bigint GENERATED ALWAYS AS IDENTITY,
    person_id       bigint NOT NULL,
    erteilt_von     text NOT NULL CHECK (erteilt_von IN ('selbst', 'sorgeberechtigt')),
    empfaenger      kaoa.org_typ[] NOT NULL
                    CHECK (cardinality(empfaenger) > 0 AND array_position(empfaenger, NULL) IS NULL),
    daten           text[],
    zweck           text NOT NULL CHECK (btrim(zweck) <> ''),
    gueltig_ab      date NOT NULL DEFAULT kaoa.heute(),
    widerrufen_am   timestamptz,
    erfasst_von     bigint,
    PRIMARY KEY (kommune, einwilligung_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (kommune, erfasst_von) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX einwilligung_einwilligung_id ON kaoa.einwilligung (einwilligung_id);
CREATE INDEX einwilligung_person ON kaoa.einwilligung (kommune, person_id);
COMMENT ON TABLE kaoa.einwilligung IS
    'A consent to pass data to organisations of the named types; only widerrufen_am changes, once.';
COMMENT ON COLUMN kaoa.einwilligung.erteilt_von IS 'selbst (the young person, from age 14 at gueltig_ab) or sorgeberechtigt.';
COMMENT ON COLUMN kaoa.einwilligung.erfasst_von IS 'The organisation that recorded the consent (set by the trigger; NULL when a system role recorded it). It may read and revoke the consent.';
COMMENT ON COLUMN kaoa.einwilligung.daten IS 'Fields it covers, of nachname, vorname, geburtsdatum, anschrift, abschluss, anschluss; NULL = all of them.';

CREATE TABLE kaoa.uebergabe (
    kommune           text NOT NULL,
    uebergabe_id      bigint GENERATED ALWAYS AS IDENTITY,
    fall_id           bigint NOT NULL,
    von_org           bigint NOT NULL,
    an_org            bigint NOT NULL,
    rechtsgrundlage   kaoa.rechtsgrundlage NOT NULL,
    einwilligung_id   bigint,
    gesendet_am       timestamptz NOT NULL DEFAULT now(),
    faellig_am        date NOT NULL,
    uebernommen_am    timestamptz,
    abgelehnt_am      timestamptz,
    zurueckgezogen_am timestamptz,
    grund             text,
    PRIMARY KEY (kommune, uebergabe_id),
    FOREIGN KEY (kommune, fall_id) REFERENCES kaoa.fall (kommune, fall_id),
    FOREIGN KEY (kommune, von_org) REFERENCES kaoa.organisation (kommune, org_id),
    FOREIGN KEY (kommune, an_org) REFERENCES kaoa.organisation (kommune, org_id),
    FOREIGN KEY (kommune, einwilligung_id) REFERENCES kaoa.einwilligung (kommune, einwilligung_id),
    CONSTRAINT uebergabe_eine_antwort CHECK (num_nonnulls(uebernommen_am, abgelehnt_am, zurueckgezogen_am) <= 1)
);
CREATE INDEX uebergabe_uebergabe_id ON kaoa.uebergabe (uebergabe_id);
CREATE INDEX uebergabe_fall ON kaoa.uebergabe (kommune, fall_id);
-- the receivers of hand-offs under a consent read it (kaoa.einwilligung_sichtbar)
CREATE INDEX uebergabe_einwilligung ON kaoa.uebergabe (kommune, einwilligung_id) WHERE einwilligung_id IS NOT NULL;
CREATE UNIQUE INDEX uebergabe_eine_offene ON kaoa.uebergabe (kommune, fall_id)
    WHERE uebernommen_am IS NULL AND abgelehnt_am IS NULL AND zurueckgezogen_am IS NULL;
COMMENT ON TABLE kaoa.uebergabe IS
    'A hand-off of a case (kaoa.uebergeben): responsibility moves when the receiver accepts (kaoa.uebernehmen). Append-only: the answer columns are set once.';
COMMENT ON COLUMN kaoa.uebergabe.faellig_am IS 'Date of gesendet_am plus the Kommune''s uebernahme_tage (calendar days).';
COMMENT ON COLUMN kaoa.uebergabe.grund IS 'Reason given with a decline or withdrawal. No identity data in free text.';

-- What a hand-off transferred (issue 10, class 3): the fields its legal basis lets the receiver read,
-- with their values when the hand-off was sent.  kaoa.uebergabe_daten returns this, not the current
-- identity.  Only the extension owner reads and writes the table (kaoa's own functions, as the
-- owner); kaoa.loeschfristen_anwenden deletes a row once nobody may read it any more
-- (kaoa.loeschtermine).  Like the log it carries no foreign key: kaoa writes it with the keys of the
-- hand-off row it has just checked (and a key to kaoa.uebergabe would let TRUNCATE of that table
-- fail with 0A000 before its append-only guard answers).
CREATE TABLE kaoa.uebergabe_inhalt (
    kommune      text NOT NULL,
    uebergabe_id bigint NOT NULL,
    daten        jsonb NOT NULL,
    erfasst_am   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kommune, uebergabe_id)
);
CREATE INDEX uebergabe_inhalt_uebergabe_id ON kaoa.uebergabe_inhalt (uebergabe_id);
COMMENT ON TABLE kaoa.uebergabe_inhalt IS
    'What a hand-off transferred: the fields its legal basis lets the receiver read, with their values when it was sent (written with the hand-off). Read only through kaoa.uebergabe_daten, within its bounds; no role but the extension owner reads the table. Deleted by kaoa.loeschfristen_anwenden once nobody may read it (kaoa.loeschtermine).';
COMMENT ON COLUMN kaoa.uebergabe_inhalt.daten IS 'A flat object with exactly the fields of the basis (for a consent: its daten within the consent list); null for a value not recorded at sending.';
COMMENT ON COLUMN kaoa.uebergabe_inhalt.erfasst_am IS 'When the values were taken: the sending (for hand-offs of 0.1.0: the update to 0.2.0).';

CREATE TABLE kaoa.kontaktversuch (
    kommune           text NOT NULL,
    kontaktversuch_id bigint GENERATED ALWAYS AS IDENTITY,
    fall_id           bigint NOT NULL,
    org_id            bigint NOT NULL,
    zeit              timestamptz NOT NULL DEFAULT now(),
    kanal             text NOT NULL
                      CHECK (kanal IN ('telefon', 'brief', 'email', 'hausbesuch', 'persoenlich', 'messenger', 'sonstiges')),
    erfolgreich       boolean NOT NULL,
    PRIMARY KEY (kommune, kontaktversuch_id),
    FOREIGN KEY (kommune, fall_id) REFERENCES kaoa.fall (kommune, fall_id),
    FOREIGN KEY (kommune, org_id) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX kontaktversuch_kontaktversuch_id ON kaoa.kontaktversuch (kontaktversuch_id);
CREATE INDEX kontaktversuch_fall ON kaoa.kontaktversuch (kommune, fall_id);
COMMENT ON TABLE kaoa.kontaktversuch IS
    'An attempt to reach the young person (append-only). Three unsuccessful ones allow nicht_erreichbar.';
COMMENT ON COLUMN kaoa.kontaktversuch.org_id IS 'The organisation that tried; defaults to the acting one.';

-- The log is written only by kaoa (as the owner), with values the rules just checked, so it carries
-- no foreign keys (each would cost a look-up per event).
CREATE TABLE kaoa.ereignis (
    kommune     text NOT NULL,
    ereignis_id bigint GENERATED ALWAYS AS IDENTITY,
    fall_id     bigint,
    zeit        timestamptz NOT NULL DEFAULT now(),
    org_id      bigint,
    rolle       name NOT NULL,
    art         text NOT NULL CHECK (art IN (
                    'fall_angelegt', 'status', 'aenderung', 'verbleib', 'uebergabe', 'uebernahme',
                    'ablehnung', 'zuruecknahme', 'kontaktversuch', 'widerspruch', 'einwilligung',
                    'widerruf', 'identitaet_geloescht', 'frist_ueberschritten', 'anmeldung',
                    'anmeldung_nachgerueckt', 'anmeldung_zurueckgezogen', 'auskunft')),
    von_status  kaoa.fall_status,
    nach_status kaoa.fall_status,
    details     jsonb,
    PRIMARY KEY (kommune, ereignis_id)
);
CREATE INDEX ereignis_ereignis_id ON kaoa.ereignis (ereignis_id);
CREATE INDEX ereignis_fall ON kaoa.ereignis (kommune, fall_id);
-- each overdue hand-off is logged once, even by concurrent kaoa.fristen_pruefen calls
CREATE UNIQUE INDEX ereignis_frist_einmal ON kaoa.ereignis (kommune, (details ->> 'uebergabe_id'))
    WHERE art = 'frist_ueberschritten';
COMMENT ON TABLE kaoa.ereignis IS
    'The case log: one row per status change, hand-off, answer, contact attempt, Verbleib report, objection, consent, deletion, overdue hand-off, registration for a measure (anmeldung, anmeldung_nachgerueckt, anmeldung_zurueckgezogen) and access request answered (auskunft). Append-only; written by kaoa only.';
COMMENT ON COLUMN kaoa.ereignis.fall_id IS 'The case (for person-level events the person''s current case; NULL when they have none, and for access requests, art auskunft, which name the person in details).';
COMMENT ON COLUMN kaoa.ereignis.org_id IS 'The organisation that acted; NULL for the system.';
COMMENT ON COLUMN kaoa.ereignis.rolle IS 'The database role that acted.';

-- pg_dump keeps every row and every counter (the identity sequences too).
SELECT pg_catalog.pg_extension_config_dump('kaoa.kommune', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.organisation', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.organisation', 'org_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.akteur', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.bi_rolle', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.fristen', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.person', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.person', 'person_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.person_identitaet', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.fall', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.fall', 'fall_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.einwilligung', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.einwilligung', 'einwilligung_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.uebergabe', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.uebergabe', 'uebergabe_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.uebergabe_inhalt', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.kontaktversuch', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.kontaktversuch', 'kontaktversuch_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.ereignis', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.ereignis', 'ereignis_id')::regclass, '');
