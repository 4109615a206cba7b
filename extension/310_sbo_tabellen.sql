-- The tables of the Standardelemente and of the measures of a Kommune (docs/sbo.md).  As in the
-- chain (100_kette_tabellen.sql): `kommune` leads every key, ids are bigint identities with their
-- own btree index, every table and identity sequence is registered with pg_extension_config_dump.
-- The rules live in C triggers (320_sbo_regeln.sql), who sees what in row-level security
-- (330_sbo_rls.sql).  The CHECK constraints below back the triggers' refusals under the same names
-- (they also hold while a dump is restored with the triggers off).

-- Which grade a young person is in, at which school, in a school year: the chain's kaoa.fall exists
-- only for school leavers, the Standardelemente start in grade 8.
CREATE TABLE kaoa.schulbesuch (
    kommune        text NOT NULL,
    schulbesuch_id bigint GENERATED ALWAYS AS IDENTITY,
    person_id      bigint NOT NULL,
    schuljahr      integer NOT NULL CHECK (schuljahr BETWEEN 2000 AND 2100),
    schule_org     bigint NOT NULL,
    schulform      text CHECK (schulform ~ '^[A-Z]{1,3}$'),
    jahrgang       integer NOT NULL CONSTRAINT schulbesuch_jahrgang CHECK (jahrgang BETWEEN 1 AND 13),
    PRIMARY KEY (kommune, schulbesuch_id),
    UNIQUE (kommune, person_id, schuljahr),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (kommune, schule_org) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX schulbesuch_schulbesuch_id ON kaoa.schulbesuch (schulbesuch_id);
CREATE INDEX schulbesuch_jahr ON kaoa.schulbesuch (kommune, schuljahr, schule_org);
COMMENT ON TABLE kaoa.schulbesuch IS
    'Enrolment: school, school form and grade of a young person in a school year (one row per person and school year). The school of the latest row is the one that sees and records the person''s SBO data.';
COMMENT ON COLUMN kaoa.schulbesuch.schuljahr IS 'Start year of the school year (2025 = 2025/26, 1 Aug – 31 Jul).';
COMMENT ON COLUMN kaoa.schulbesuch.schule_org IS 'The school or Berufskolleg.';
COMMENT ON COLUMN kaoa.schulbesuch.schulform IS 'IT.NRW school-form key; defaults to the school''s.';
COMMENT ON COLUMN kaoa.schulbesuch.jahrgang IS 'Grade 1–13 (EF = 11, Q1 = 12, Q2 = 13).';

CREATE TABLE kaoa.sbo_teilnahme (
    kommune        text NOT NULL,
    teilnahme_id   bigint GENERATED ALWAYS AS IDENTITY,
    person_id      bigint NOT NULL,
    katalog_version text NOT NULL,
    sbo_code       text NOT NULL,
    datum          date NOT NULL,
    bis            date,
    teilgenommen   boolean NOT NULL DEFAULT true,
    anbieter_org   bigint,
    berufsfeld     text REFERENCES kaoa.berufsfeld (code),
    ergebnis       text,
    kompetenzen    kaoa.kompetenzen,
    erfasst_von    bigint,
    erfasst_am     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kommune, teilnahme_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (katalog_version, sbo_code) REFERENCES kaoa.sbo_katalog (version, code),
    FOREIGN KEY (kommune, anbieter_org) REFERENCES kaoa.organisation (kommune, org_id),
    FOREIGN KEY (kommune, erfasst_von) REFERENCES kaoa.organisation (kommune, org_id),
    CONSTRAINT sbo_teilnahme_zeitraum CHECK (bis >= datum)
);
CREATE INDEX sbo_teilnahme_teilnahme_id ON kaoa.sbo_teilnahme (teilnahme_id);
CREATE INDEX sbo_teilnahme_person ON kaoa.sbo_teilnahme (kommune, person_id)
    INCLUDE (katalog_version, sbo_code, datum, teilgenommen, berufsfeld);
COMMENT ON TABLE kaoa.sbo_teilnahme IS
    'A young person''s participation in a Standardelement: a Potenzialanalyse (with its kompetenzen), a Berufsfelderkundung day (with its berufsfeld), a Praktikum (with bis), …';
COMMENT ON COLUMN kaoa.sbo_teilnahme.katalog_version IS 'Edition of kaoa.sbo_katalog the code belongs to; left out, the edition in force on datum.';
COMMENT ON COLUMN kaoa.sbo_teilnahme.sbo_code IS 'Code of the element in that edition (SBO 5.1, …); unknown codes are refused (23503).';
COMMENT ON COLUMN kaoa.sbo_teilnahme.datum IS 'The day (first day for a Praktikum).';
COMMENT ON COLUMN kaoa.sbo_teilnahme.bis IS 'Last day of a participation over several days; NULL for one day.';
COMMENT ON COLUMN kaoa.sbo_teilnahme.teilgenommen IS 'False for a booked day the young person did not attend (does not count for completeness).';
COMMENT ON COLUMN kaoa.sbo_teilnahme.anbieter_org IS 'The provider (Träger, Betrieb, …); it sees this row.';
COMMENT ON COLUMN kaoa.sbo_teilnahme.berufsfeld IS 'The Berufsfeld explored (required for a Berufsfelderkundung).';
COMMENT ON COLUMN kaoa.sbo_teilnahme.ergebnis IS 'Short result note. No identity data in free text.';
COMMENT ON COLUMN kaoa.sbo_teilnahme.kompetenzen IS 'Observed competences of a Potenzialanalyse (only where the catalogue row has mit_kompetenzen).';
COMMENT ON COLUMN kaoa.sbo_teilnahme.erfasst_von IS 'The organisation that recorded the row (set by the trigger; NULL for the system).';

CREATE TABLE kaoa.anschlussvereinbarung (
    kommune           text NOT NULL,
    vereinbarung_id   bigint GENERATED ALWAYS AS IDENTITY,
    person_id         bigint NOT NULL,
    datum             date NOT NULL DEFAULT kaoa.heute(),
    angestrebt        text REFERENCES kaoa.anschluss_kategorie (code),
    wuensche          kaoa.kldb[]
                      CONSTRAINT anschlussvereinbarung_wuensche
                      CHECK (array_ndims(wuensche) = 1 AND cardinality(wuensche) <= 10
                             AND array_position(wuensche, NULL) IS NULL),
    naechster_schritt text,
    erstellt_von      bigint,
    erfasst_am        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kommune, vereinbarung_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (kommune, erstellt_von) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX anschlussvereinbarung_vereinbarung_id ON kaoa.anschlussvereinbarung (vereinbarung_id);
CREATE INDEX anschlussvereinbarung_person ON kaoa.anschlussvereinbarung (kommune, person_id, datum);
COMMENT ON TABLE kaoa.anschlussvereinbarung IS
    'Anschlussvereinbarung (SBO 10.6): the intended next step agreed with the young person. Versioned and append-only: a change is a new row, the newest (latest datum, then latest id) counts (kaoa.anschlussvereinbarung_aktuell).';
COMMENT ON COLUMN kaoa.anschlussvereinbarung.angestrebt IS 'The intended Anschluss category.';
COMMENT ON COLUMN kaoa.anschlussvereinbarung.wuensche IS 'Occupation wishes as KldB 2010 codes, most wanted first (at most 10).';
COMMENT ON COLUMN kaoa.anschlussvereinbarung.naechster_schritt IS 'The agreed next step. No identity data in free text.';
COMMENT ON COLUMN kaoa.anschlussvereinbarung.erstellt_von IS 'The organisation that recorded it (set by the trigger; NULL for the system).';

CREATE VIEW kaoa.anschlussvereinbarung_aktuell WITH (security_invoker = true) AS
SELECT DISTINCT ON (a.kommune, a.person_id)
       a.kommune, a.person_id, a.vereinbarung_id, a.datum, a.angestrebt, a.wuensche, a.naechster_schritt,
       a.erstellt_von
  FROM kaoa.anschlussvereinbarung a
 ORDER BY a.kommune, a.person_id, a.datum DESC, a.vereinbarung_id DESC;
COMMENT ON VIEW kaoa.anschlussvereinbarung_aktuell IS
    'The Anschlussvereinbarung that counts per person: the newest (latest datum, then latest id). Row-level security of the caller applies.';

CREATE TABLE kaoa.massnahme (
    kommune       text NOT NULL REFERENCES kaoa.kommune,
    massnahme_id  bigint GENERATED ALWAYS AS IDENTITY,
    traeger_org   bigint NOT NULL,
    titel         text NOT NULL CHECK (btrim(titel) <> ''),
    art           text NOT NULL CHECK (art ~ '^[a-z][a-z0-9_]*$'),
    jahrgaenge    int4range NOT NULL,
    schulformen   text[],
    berufsfelder  text[],
    zeitraum      daterange NOT NULL,
    plaetze       integer,
    finanzierung  text,
    anmeldung_bis date,
    nur_zielgruppe boolean NOT NULL DEFAULT false,
    warteliste    boolean NOT NULL DEFAULT true,
    PRIMARY KEY (kommune, massnahme_id),
    FOREIGN KEY (kommune, traeger_org) REFERENCES kaoa.organisation (kommune, org_id),
    CONSTRAINT massnahme_jahrgaenge CHECK (NOT isempty(jahrgaenge) AND NOT lower_inf(jahrgaenge)
                                           AND NOT upper_inf(jahrgaenge)
                                           AND lower(jahrgaenge) >= 1 AND upper(jahrgaenge) <= 14),
    CONSTRAINT massnahme_zeitraum CHECK (NOT isempty(zeitraum) AND NOT lower_inf(zeitraum)),
    CONSTRAINT massnahme_plaetze CHECK (plaetze >= 0),
    CONSTRAINT massnahme_schulformen CHECK (
        cardinality(schulformen) > 0 AND array_ndims(schulformen) = 1
        AND array_position(schulformen, NULL) IS NULL
        AND array_to_string(schulformen, ',') ~ '^[A-Z]{1,3}(,[A-Z]{1,3})*$'),
    CONSTRAINT massnahme_berufsfelder_liste CHECK (
        cardinality(berufsfelder) > 0 AND array_ndims(berufsfelder) = 1
        AND array_position(berufsfelder, NULL) IS NULL)
);
CREATE INDEX massnahme_massnahme_id ON kaoa.massnahme (massnahme_id);
CREATE INDEX massnahme_traeger ON kaoa.massnahme (kommune, traeger_org);
-- Overlap of periods and target grades (parallel structures, gaps): range operators on GiST.
-- The built-in range opclasses suffice; kommune (text) would need btree_gist, so it stays a filter.
CREATE INDEX massnahme_zeitraum_jahrgaenge ON kaoa.massnahme USING gist (zeitraum, jahrgaenge);
COMMENT ON TABLE kaoa.massnahme IS
    'A measure of Berufsorientierung or transition support run in the Kommune by a Träger, school, Kammer, JBA, …: target group (grades, school forms), Berufsfelder, period, places, funding. Planning data: every actor of the Kommune reads them; the organisation running a measure and the KoKo keep it.';
COMMENT ON COLUMN kaoa.massnahme.traeger_org IS 'The organisation running the measure.';
COMMENT ON COLUMN kaoa.massnahme.art IS 'Kind of measure (potenzialanalyse, berufsfelderkundung, praxiskurs, bewerbungstraining, …): an open set, lower-case key.';
COMMENT ON COLUMN kaoa.massnahme.jahrgaenge IS 'Target grades, e.g. [8,9] (bounded, within 1–13).';
COMMENT ON COLUMN kaoa.massnahme.schulformen IS 'Target school forms (IT.NRW keys); NULL = every school form.';
COMMENT ON COLUMN kaoa.massnahme.berufsfelder IS 'Berufsfelder covered (codes of kaoa.berufsfeld); NULL = not bound to a field (covers every field).';
COMMENT ON COLUMN kaoa.massnahme.zeitraum IS 'When it runs; needs a start, may be open-ended.';
COMMENT ON COLUMN kaoa.massnahme.plaetze IS 'Places; NULL = not limited / unknown; never negative.';
COMMENT ON COLUMN kaoa.massnahme.finanzierung IS 'Funding (Land, ESF, BA, Kommune, …).';
COMMENT ON COLUMN kaoa.massnahme.anmeldung_bis IS 'Last day (Europe/Berlin) an organisation may register a young person (kaoa.anmelden); NULL = the measure takes no registrations.';
COMMENT ON COLUMN kaoa.massnahme.nur_zielgruppe IS 'True: registrations outside the target group are refused (KA012); false: accepted and flagged in kaoa.anmeldung.abweichungen.';
COMMENT ON COLUMN kaoa.massnahme.warteliste IS 'True: once every place is zugesagt, registrations go on a waiting list that moves up when a place is freed; false: they are refused (KA011).';

-- Further target groups of a measure: its target group is the union of its own (jahrgaenge,
-- schulformen) and these rows (the programme of a Kreis open to grades 9-10 at Realschule,
-- Sekundarschule and Gesamtschule and to grades 10-12 at Gymnasium is one measure with two pairs).
CREATE TABLE kaoa.massnahme_zielgruppe (
    kommune        text NOT NULL,
    zielgruppe_id  bigint GENERATED ALWAYS AS IDENTITY,
    massnahme_id   bigint NOT NULL,
    schulformen    text[],
    jahrgaenge     int4range NOT NULL,
    PRIMARY KEY (kommune, zielgruppe_id),
    -- one pair per range of grades: two pairs with the same grades are one pair with both lists of
    -- school forms, and the grades name the pair (the natural key of kaoa import)
    CONSTRAINT massnahme_zielgruppe_schluessel UNIQUE (kommune, massnahme_id, jahrgaenge),
    FOREIGN KEY (kommune, massnahme_id) REFERENCES kaoa.massnahme (kommune, massnahme_id) ON DELETE CASCADE,
    CONSTRAINT massnahme_zielgruppe_jahrgaenge CHECK (NOT isempty(jahrgaenge) AND NOT lower_inf(jahrgaenge)
                                                      AND NOT upper_inf(jahrgaenge)
                                                      AND lower(jahrgaenge) >= 1 AND upper(jahrgaenge) <= 14),
    CONSTRAINT massnahme_zielgruppe_schulformen CHECK (
        cardinality(schulformen) > 0 AND array_ndims(schulformen) = 1
        AND array_position(schulformen, NULL) IS NULL
        AND array_to_string(schulformen, ',') ~ '^[A-Z]{1,3}(,[A-Z]{1,3})*$')
);
CREATE INDEX massnahme_zielgruppe_zielgruppe_id ON kaoa.massnahme_zielgruppe (zielgruppe_id);
COMMENT ON TABLE kaoa.massnahme_zielgruppe IS
    'A further target group of a measure: the measure is open to the union of its own (jahrgaenge, schulformen) and these pairs. Participation flags, registrations, kaoa.massnahmen_ueberschneidungen and kaoa.massnahmen_luecken use the union. Kept by whoever keeps the measure; read like the measure.';
COMMENT ON COLUMN kaoa.massnahme_zielgruppe.schulformen IS 'School forms (IT.NRW keys) of this pair, stored sorted and without repeats; NULL = every school form.';
COMMENT ON COLUMN kaoa.massnahme_zielgruppe.jahrgaenge IS 'Grades of this pair, e.g. [10,12] for EF to Q2 (bounded, within 1–13).';

-- Who runs a measure together: the running organisation (massnahme.traeger_org) is always a partner
-- (rolle traeger) without a row here; these rows name the others.
CREATE TABLE kaoa.massnahme_partner (
    kommune      text NOT NULL,
    massnahme_id bigint NOT NULL,
    org_id       bigint NOT NULL,
    rolle        text NOT NULL DEFAULT 'partner' CONSTRAINT massnahme_partner_rolle CHECK (rolle IN ('traeger', 'partner')),
    PRIMARY KEY (kommune, massnahme_id, org_id),
    FOREIGN KEY (kommune, massnahme_id) REFERENCES kaoa.massnahme (kommune, massnahme_id) ON DELETE CASCADE,
    FOREIGN KEY (kommune, org_id) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX massnahme_partner_org ON kaoa.massnahme_partner (kommune, org_id);
COMMENT ON TABLE kaoa.massnahme_partner IS
    'The organisations that run a measure with its traeger_org (which is always a partner, rolle traeger, without a row). Partners read the measure''s registrations and participations, register the young people whose current case they hold, withdraw registrations and record participations of registered young people; nothing else. Kept by whoever keeps the measure; read by every organisation of the Kommune.';
COMMENT ON COLUMN kaoa.massnahme_partner.rolle IS 'traeger: organises it jointly (e.g. an association with the KoKo) and corrects every participation of the measure; partner: takes part in running it (a Betrieb, a Kammer) and corrects only the participations it recorded.';

-- Registrations of young people for a measure (kaoa.anmelden, kaoa.anmeldung_zurueckziehen): written
-- only through those functions, which serialise per measure by locking its row.  kaoa.anmelden writes
-- a new row directly (heap insert and index entries, src/sbo/sbo_anmeldung.c anmeldung_einfuegen),
-- not through the executor: a trigger, a column DEFAULT or a CHECK added to this table later is NOT
-- applied to new registrations unless anmeldung_einfuegen is changed with it.
CREATE TABLE kaoa.anmeldung (
    kommune        text NOT NULL,
    anmeldung_id   bigint GENERATED ALWAYS AS IDENTITY,
    massnahme_id   bigint NOT NULL,
    person_id      bigint NOT NULL,
    angemeldet_am  timestamptz NOT NULL DEFAULT now(),
    angemeldet_von bigint,
    status         text NOT NULL CONSTRAINT anmeldung_status CHECK (status IN ('zugesagt', 'warteliste', 'zurueckgezogen')),
    status_am      timestamptz NOT NULL DEFAULT now(),
    abweichungen   text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (kommune, anmeldung_id),
    CONSTRAINT anmeldung_schluessel UNIQUE (kommune, massnahme_id, person_id),
    FOREIGN KEY (kommune, massnahme_id) REFERENCES kaoa.massnahme (kommune, massnahme_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (kommune, angemeldet_von) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX anmeldung_anmeldung_id ON kaoa.anmeldung (anmeldung_id);
-- the queue of a measure: registrations by status in the order they came
CREATE INDEX anmeldung_reihe ON kaoa.anmeldung (kommune, massnahme_id, status, angemeldet_am, anmeldung_id);
CREATE INDEX anmeldung_person ON kaoa.anmeldung (kommune, person_id);
COMMENT ON TABLE kaoa.anmeldung IS
    'A young person''s registration for a measure: zugesagt (has a place), warteliste (waits, moves up when a place is freed, earliest first) or zurueckgezogen. Written only by kaoa.anmelden and kaoa.anmeldung_zurueckziehen; every change is logged in kaoa.ereignis. Read by the system, the KoKo, the measure''s partners, the school of the person''s current enrolment and the organisation that registered them.';
COMMENT ON COLUMN kaoa.anmeldung.angemeldet_am IS 'When the person was registered (the queue order of the waiting list; a new registration after a withdrawal starts anew).';
COMMENT ON COLUMN kaoa.anmeldung.angemeldet_von IS 'The organisation that registered the person; NULL for the system.';
COMMENT ON COLUMN kaoa.anmeldung.status IS 'zugesagt, warteliste or zurueckgezogen.';
COMMENT ON COLUMN kaoa.anmeldung.status_am IS 'When the status last changed.';
COMMENT ON COLUMN kaoa.anmeldung.abweichungen IS 'Why the person lies outside the target group at registration (kein_schulbesuch, jahrgang, schulform; the enrolment of the school year the measure starts in); empty = inside.';

CREATE TABLE kaoa.massnahme_teilnahme (
    kommune                text NOT NULL,
    massnahme_teilnahme_id bigint GENERATED ALWAYS AS IDENTITY,
    massnahme_id           bigint NOT NULL,
    person_id              bigint NOT NULL,
    datum                  date NOT NULL DEFAULT kaoa.heute(),
    abweichungen           text[] NOT NULL DEFAULT '{}',
    erfasst_von            bigint,
    PRIMARY KEY (kommune, massnahme_teilnahme_id),
    UNIQUE (kommune, massnahme_id, person_id),
    FOREIGN KEY (kommune, massnahme_id) REFERENCES kaoa.massnahme (kommune, massnahme_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (kommune, erfasst_von) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX massnahme_teilnahme_massnahme_teilnahme_id ON kaoa.massnahme_teilnahme (massnahme_teilnahme_id);
CREATE INDEX massnahme_teilnahme_person ON kaoa.massnahme_teilnahme (kommune, person_id);
COMMENT ON TABLE kaoa.massnahme_teilnahme IS
    'A young person taking part in a measure. Participation outside the measure''s target group is allowed and flagged in abweichungen.';
COMMENT ON COLUMN kaoa.massnahme_teilnahme.datum IS 'Start of the participation; its school year gives the grade and school form compared with the target group.';
COMMENT ON COLUMN kaoa.massnahme_teilnahme.abweichungen IS 'Set by the trigger when the row is written: kein_schulbesuch (no enrolment in that school year), jahrgang, schulform, zeitraum (datum outside the period); empty = inside the target group.';
COMMENT ON COLUMN kaoa.massnahme_teilnahme.erfasst_von IS 'The organisation that recorded the row (set by the trigger; NULL for the system).';

SELECT pg_catalog.pg_extension_config_dump('kaoa.schulbesuch', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.schulbesuch', 'schulbesuch_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.sbo_teilnahme', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.sbo_teilnahme', 'teilnahme_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.anschlussvereinbarung', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.anschlussvereinbarung', 'vereinbarung_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.massnahme', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.massnahme', 'massnahme_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.massnahme_teilnahme', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.massnahme_zielgruppe', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.massnahme_zielgruppe', 'zielgruppe_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.massnahme_partner', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.anmeldung', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.anmeldung', 'anmeldung_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.massnahme_teilnahme', 'massnahme_teilnahme_id')::regclass, '');
