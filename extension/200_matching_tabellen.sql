-- Matching (docs/matching.md): applicant profiles, offers, weights per Kommune, and the stored
-- assignment runs with their cutoffs.  Every key starts with kommune; ids are bigint identities
-- with an index of their own; user data and identity sequences are dumped by pg_dump.

-- ---------------------------------------------------------------------------------------------
-- bewerberprofil: what a young person wants and brings, for matching.  One per person.
CREATE TABLE kaoa.bewerberprofil (
    kommune         text NOT NULL,
    person_id       bigint NOT NULL,
    wuensche        kaoa.kldb[],
    interessen      kaoa.riasec,
    kompetenzen     kaoa.kompetenzen,
    lat             double precision,
    lon             double precision,
    max_km          double precision NOT NULL DEFAULT 50,
    verfuegbar_ab   date,
    einwilligung_id bigint,
    PRIMARY KEY (kommune, person_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (kommune, einwilligung_id) REFERENCES kaoa.einwilligung (kommune, einwilligung_id),
    CONSTRAINT bewerberprofil_wuensche_check CHECK (
        wuensche IS NULL OR (pg_catalog.array_ndims(wuensche) = 1
                             AND pg_catalog.cardinality(wuensche) <= 10
                             AND pg_catalog.array_position(wuensche, NULL) IS NULL)),
    CONSTRAINT bewerberprofil_ort_check CHECK ((lat IS NULL) = (lon IS NULL)),
    CONSTRAINT bewerberprofil_lat_check CHECK (lat >= -90 AND lat <= 90),
    CONSTRAINT bewerberprofil_lon_check CHECK (lon >= -180 AND lon <= 180),
    CONSTRAINT bewerberprofil_max_km_check CHECK (max_km >= 0 AND max_km <= 20100),
    CONSTRAINT bewerberprofil_verfuegbar_ab_check CHECK (pg_catalog.isfinite(verfuegbar_ab))
);
CREATE INDEX bewerberprofil_person_id_idx ON kaoa.bewerberprofil (person_id);
CREATE INDEX bewerberprofil_einwilligung_idx ON kaoa.bewerberprofil (kommune, einwilligung_id)
    WHERE einwilligung_id IS NOT NULL;
COMMENT ON TABLE kaoa.bewerberprofil IS
    'Matching profile of a young person: occupation wishes (most wanted first, at most 10), RIASEC interests, Potenzialanalyse competences, location, commuting limit max_km, availability. Written by an organisation only with the young person''s consent (einwilligung_id naming the organisation''s type; KA002 otherwise); a system import may leave einwilligung_id NULL. A profile whose consent was revoked is not used for matching. Read and written only by the organisation holding the person''s current case and the system (kaoa.profil_sichtbar): it holds the home coordinates; other organisations that see the person get distances from kaoa.passung_erklaert and the top_* searches.';
COMMENT ON COLUMN kaoa.bewerberprofil.wuensche IS 'Occupation wishes as KldB 2010 codes, most wanted first (the first counts fully, the second 0.9, later ones 0.8).';
COMMENT ON COLUMN kaoa.bewerberprofil.lat IS 'Latitude of the home (WGS84 degrees); NULL with lon when unknown (the weg component is then 0.5 and no distance excludes).';
COMMENT ON COLUMN kaoa.bewerberprofil.lon IS 'Longitude of the home (WGS84 degrees); NULL with lat when unknown.';
COMMENT ON COLUMN kaoa.bewerberprofil.max_km IS 'Commuting limit in km (straight line): offers farther away are excluded (DISTANZ); the weg component falls from 1 at 5 km to 0 here.';
COMMENT ON COLUMN kaoa.bewerberprofil.verfuegbar_ab IS 'Earliest start; an offer starting more than 60 days before it is excluded (BEGINN).';
COMMENT ON COLUMN kaoa.bewerberprofil.einwilligung_id IS 'The consent under which an organisation recorded the profile (required for organisations, optional for the system).';

-- ---------------------------------------------------------------------------------------------
-- angebot: apprenticeship places (published information, readable by every actor).
CREATE TABLE kaoa.angebot (
    kommune           text NOT NULL REFERENCES kaoa.kommune (kommune),
    angebot_id        bigint GENERATED ALWAYS AS IDENTITY,
    extern_id         text NOT NULL,
    org_id            bigint,
    kldb              kaoa.kldb NOT NULL,
    titel             text NOT NULL,
    mindest_abschluss kaoa.abschluss,
    mindest_hart      boolean NOT NULL DEFAULT false,
    interessen        kaoa.riasec,
    anforderungen     kaoa.kompetenzen,
    lat               double precision,
    lon               double precision,
    beginn            date,
    plaetze           integer NOT NULL DEFAULT 1,
    PRIMARY KEY (kommune, angebot_id),
    UNIQUE (kommune, extern_id),
    FOREIGN KEY (kommune, org_id) REFERENCES kaoa.organisation (kommune, org_id),
    CONSTRAINT angebot_extern_id_check CHECK (extern_id <> ''),
    CONSTRAINT angebot_mindest_hart_check CHECK (NOT mindest_hart OR mindest_abschluss IS NOT NULL),
    CONSTRAINT angebot_ort_check CHECK ((lat IS NULL) = (lon IS NULL)),
    CONSTRAINT angebot_lat_check CHECK (lat >= -90 AND lat <= 90),
    CONSTRAINT angebot_lon_check CHECK (lon >= -180 AND lon <= 180),
    CONSTRAINT angebot_beginn_check CHECK (pg_catalog.isfinite(beginn)),
    CONSTRAINT angebot_plaetze_check CHECK (plaetze >= 0)
);
CREATE INDEX angebot_angebot_id_idx ON kaoa.angebot (angebot_id);
CREATE INDEX angebot_org_idx ON kaoa.angebot (kommune, org_id) WHERE org_id IS NOT NULL;
COMMENT ON TABLE kaoa.angebot IS
    'Apprenticeship offers: occupation (KldB), minimum qualification (hard: excludes applicants below it), RIASEC profile, competence requirements, location, start, seats. Published information: every actor reads all of them (commuting across Kreis borders is normal); the system and the KoKo of the Kommune write them, an organisation its own.';
COMMENT ON COLUMN kaoa.angebot.extern_id IS 'Natural key from the source (BA job number, chamber register), unique per Kommune; imports match on it.';
COMMENT ON COLUMN kaoa.angebot.mindest_hart IS 'When true, applicants whose qualification does not meet mindest_abschluss (or is unknown) are excluded (ABSCHLUSS); needs mindest_abschluss.';
COMMENT ON COLUMN kaoa.angebot.plaetze IS 'Seats offered; the assignment never admits more. 0 keeps the offer visible but out of assignments.';

-- ---------------------------------------------------------------------------------------------
-- gewichtung: the weights of the six components per Kommune (no row: the defaults of §7).
CREATE TABLE kaoa.gewichtung (
    kommune     text PRIMARY KEY REFERENCES kaoa.kommune (kommune),
    beruf       double precision NOT NULL DEFAULT 35,
    interessen  double precision NOT NULL DEFAULT 15,
    weg         double precision NOT NULL DEFAULT 20,
    abschluss   double precision NOT NULL DEFAULT 15,
    beginn      double precision NOT NULL DEFAULT 5,
    kompetenzen double precision NOT NULL DEFAULT 10,
    CONSTRAINT gewichtung_werte_check CHECK (
        beruf >= 0 AND beruf < 'infinity' AND interessen >= 0 AND interessen < 'infinity'
        AND weg >= 0 AND weg < 'infinity' AND abschluss >= 0 AND abschluss < 'infinity'
        AND beginn >= 0 AND beginn < 'infinity' AND kompetenzen >= 0 AND kompetenzen < 'infinity'),
    CONSTRAINT gewichtung_summe_check CHECK (beruf + interessen + weg + abschluss + beginn + kompetenzen > 0)
);
COMMENT ON TABLE kaoa.gewichtung IS
    'Weights of the matching components for the applicants of one Kommune; each finite and >= 0, sum > 0; the score is 100 · Σ weight · component / Σ weight. No row: beruf 35, interessen 15, weg 20, abschluss 15, beginn 5, kompetenzen 10.';

-- ---------------------------------------------------------------------------------------------
-- zuteilung_lauf, zuteilung, zuteilung_grenze: stored runs of kaoa.zuteilung_berechnen.
CREATE TABLE kaoa.zuteilung_lauf (
    kommune     text NOT NULL REFERENCES kaoa.kommune (kommune),
    lauf_id     bigint GENERATED ALWAYS AS IDENTITY,
    zeit        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    schuljahr   integer NOT NULL,
    seed        bigint NOT NULL,
    k           integer NOT NULL,
    rolle       name NOT NULL,
    gewichtung  jsonb NOT NULL,
    bewerber    integer NOT NULL,
    angebote    integer NOT NULL,
    kandidaten  bigint NOT NULL,
    zugeteilt   integer NOT NULL,
    PRIMARY KEY (kommune, lauf_id),
    CONSTRAINT zuteilung_lauf_k_check CHECK (k > 0)
);
CREATE INDEX zuteilung_lauf_lauf_id_idx ON kaoa.zuteilung_lauf (lauf_id);
COMMENT ON TABLE kaoa.zuteilung_lauf IS
    'One run of kaoa.zuteilung_berechnen: Kommune, school year, seed, k, the acting role, the weights used and the sizes. The assignment is a proposal for counsellors to discuss with each young person, never an automatic decision (Art. 22 DSGVO).';

CREATE TABLE kaoa.zuteilung (
    kommune    text NOT NULL,
    lauf_id    bigint NOT NULL,
    person_id  bigint NOT NULL,
    angebot_id bigint,
    passung    double precision,
    prioritaet double precision,
    PRIMARY KEY (kommune, lauf_id, person_id),
    FOREIGN KEY (kommune, lauf_id) REFERENCES kaoa.zuteilung_lauf (kommune, lauf_id) ON DELETE CASCADE,
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    CONSTRAINT zuteilung_angebot_check CHECK ((angebot_id IS NULL) = (passung IS NULL)
                                              AND (angebot_id IS NULL) = (prioritaet IS NULL))
);
CREATE INDEX zuteilung_lauf_id_idx ON kaoa.zuteilung (lauf_id);
CREATE INDEX zuteilung_person_id_idx ON kaoa.zuteilung (person_id);
CREATE INDEX zuteilung_angebot_id_idx ON kaoa.zuteilung (angebot_id);
COMMENT ON TABLE kaoa.zuteilung IS
    'The proposal of a run for every applicant it considered: the offer (NULL: no place among the top-k candidates), its passung for the applicant and the applicant''s priority at the offer. A proposal to discuss with the young person, never a decision (Art. 22 DSGVO). angebot_id is kept even if the offer is deleted later (history).';

CREATE TABLE kaoa.zuteilung_grenze (
    kommune    text NOT NULL,
    lauf_id    bigint NOT NULL,
    angebot_id bigint NOT NULL,
    grenze     double precision NOT NULL,
    PRIMARY KEY (kommune, lauf_id, angebot_id),
    FOREIGN KEY (kommune, lauf_id) REFERENCES kaoa.zuteilung_lauf (kommune, lauf_id) ON DELETE CASCADE
);
CREATE INDEX zuteilung_grenze_lauf_id_idx ON kaoa.zuteilung_grenze (lauf_id);
CREATE INDEX zuteilung_grenze_angebot_id_idx ON kaoa.zuteilung_grenze (angebot_id);
COMMENT ON TABLE kaoa.zuteilung_grenze IS
    'Cutoff of every offer that a run filled completely: the lowest priority admitted ("the limit was 71, you had 68"). Offers with free seats have no cutoff.';

-- ---------------------------------------------------------------------------------------------
-- pg_dump keeps user rows and identity counters.
SELECT pg_catalog.pg_extension_config_dump('kaoa.bewerberprofil', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.angebot', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.angebot_angebot_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.gewichtung', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.zuteilung_lauf', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.zuteilung_lauf_lauf_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.zuteilung', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.zuteilung_grenze', '');
