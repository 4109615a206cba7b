-- kaoa 0.1.0: generated from extension/*.sql by make; do not edit.
\echo Use "CREATE EXTENSION kaoa" to load this file. \quit

-- ==== extension/010_abschluss.sql ====
-- kaoa.abschluss: NRW school-leaving qualification (DESIGN.md §3, research/domain.md §4).
-- Stored as the catalogue's idStatistik (int16, passed by value); output is the current code.

CREATE TYPE kaoa.abschluss;

CREATE FUNCTION kaoa.abschluss_in(cstring) RETURNS kaoa.abschluss
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.abschluss_in(cstring) IS
    'Text input of kaoa.abschluss: current codes, pre-2022 codes and aliases, case-insensitive, trimmed.';

CREATE FUNCTION kaoa.abschluss_out(kaoa.abschluss) RETURNS cstring
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.abschluss_out(kaoa.abschluss) IS
    'Text output of kaoa.abschluss: the current short code.';

CREATE FUNCTION kaoa.abschluss_recv(internal) RETURNS kaoa.abschluss
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.abschluss_recv(internal) IS
    'Binary input of kaoa.abschluss: format version byte 1, then the int16 idStatistik; validated like text input.';

CREATE FUNCTION kaoa.abschluss_send(kaoa.abschluss) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.abschluss_send(kaoa.abschluss) IS
    'Binary output of kaoa.abschluss: format version byte 1, then the int16 idStatistik.';

CREATE TYPE kaoa.abschluss (
    INTERNALLENGTH = 2,
    PASSEDBYVALUE,
    ALIGNMENT = int2,
    STORAGE = plain,
    INPUT = kaoa.abschluss_in,
    OUTPUT = kaoa.abschluss_out,
    RECEIVE = kaoa.abschluss_recv,
    SEND = kaoa.abschluss_send
);
COMMENT ON TYPE kaoa.abschluss IS
    'NRW school-leaving qualification (IT.NRW catalogue, stored as idStatistik). Order = catalogue order; compare levels with kaoa.abschluss_rang / kaoa.erfuellt.';

CREATE FUNCTION kaoa.abschluss_eq(kaoa.abschluss, kaoa.abschluss) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_eq(kaoa.abschluss, kaoa.abschluss) IS 'Equality of kaoa.abschluss.';
CREATE FUNCTION kaoa.abschluss_ne(kaoa.abschluss, kaoa.abschluss) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_ne(kaoa.abschluss, kaoa.abschluss) IS 'Inequality of kaoa.abschluss.';
CREATE FUNCTION kaoa.abschluss_lt(kaoa.abschluss, kaoa.abschluss) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_lt(kaoa.abschluss, kaoa.abschluss) IS 'Catalogue order of kaoa.abschluss: less than.';
CREATE FUNCTION kaoa.abschluss_le(kaoa.abschluss, kaoa.abschluss) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_le(kaoa.abschluss, kaoa.abschluss) IS 'Catalogue order of kaoa.abschluss: less than or equal.';
CREATE FUNCTION kaoa.abschluss_gt(kaoa.abschluss, kaoa.abschluss) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_gt(kaoa.abschluss, kaoa.abschluss) IS 'Catalogue order of kaoa.abschluss: greater than.';
CREATE FUNCTION kaoa.abschluss_ge(kaoa.abschluss, kaoa.abschluss) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_ge(kaoa.abschluss, kaoa.abschluss) IS 'Catalogue order of kaoa.abschluss: greater than or equal.';
CREATE FUNCTION kaoa.abschluss_cmp(kaoa.abschluss, kaoa.abschluss) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_cmp(kaoa.abschluss, kaoa.abschluss) IS 'Btree support: three-way comparison in catalogue order.';
CREATE FUNCTION kaoa.abschluss_hash(kaoa.abschluss) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_hash(kaoa.abschluss) IS 'Hash support for kaoa.abschluss.';
CREATE FUNCTION kaoa.abschluss_hash_extended(kaoa.abschluss, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.abschluss_hash_extended(kaoa.abschluss, bigint) IS 'Extended (seeded, 64-bit) hash support for kaoa.abschluss.';

CREATE OPERATOR kaoa.= (
    LEFTARG = kaoa.abschluss, RIGHTARG = kaoa.abschluss, FUNCTION = kaoa.abschluss_eq,
    COMMUTATOR = OPERATOR(kaoa.=), NEGATOR = OPERATOR(kaoa.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR kaoa.= (kaoa.abschluss, kaoa.abschluss) IS 'equal';
CREATE OPERATOR kaoa.<> (
    LEFTARG = kaoa.abschluss, RIGHTARG = kaoa.abschluss, FUNCTION = kaoa.abschluss_ne,
    COMMUTATOR = OPERATOR(kaoa.<>), NEGATOR = OPERATOR(kaoa.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR kaoa.<> (kaoa.abschluss, kaoa.abschluss) IS 'not equal';
CREATE OPERATOR kaoa.< (
    LEFTARG = kaoa.abschluss, RIGHTARG = kaoa.abschluss, FUNCTION = kaoa.abschluss_lt,
    COMMUTATOR = OPERATOR(kaoa.>), NEGATOR = OPERATOR(kaoa.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR kaoa.< (kaoa.abschluss, kaoa.abschluss) IS 'less than (catalogue order)';
CREATE OPERATOR kaoa.<= (
    LEFTARG = kaoa.abschluss, RIGHTARG = kaoa.abschluss, FUNCTION = kaoa.abschluss_le,
    COMMUTATOR = OPERATOR(kaoa.>=), NEGATOR = OPERATOR(kaoa.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR kaoa.<= (kaoa.abschluss, kaoa.abschluss) IS 'less than or equal (catalogue order)';
CREATE OPERATOR kaoa.> (
    LEFTARG = kaoa.abschluss, RIGHTARG = kaoa.abschluss, FUNCTION = kaoa.abschluss_gt,
    COMMUTATOR = OPERATOR(kaoa.<), NEGATOR = OPERATOR(kaoa.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR kaoa.> (kaoa.abschluss, kaoa.abschluss) IS 'greater than (catalogue order)';
CREATE OPERATOR kaoa.>= (
    LEFTARG = kaoa.abschluss, RIGHTARG = kaoa.abschluss, FUNCTION = kaoa.abschluss_ge,
    COMMUTATOR = OPERATOR(kaoa.<=), NEGATOR = OPERATOR(kaoa.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR kaoa.>= (kaoa.abschluss, kaoa.abschluss) IS 'greater than or equal (catalogue order)';

CREATE OPERATOR CLASS kaoa.abschluss_ops DEFAULT FOR TYPE kaoa.abschluss USING btree AS
    OPERATOR 1 kaoa.<, OPERATOR 2 kaoa.<=, OPERATOR 3 kaoa.=, OPERATOR 4 kaoa.>=, OPERATOR 5 kaoa.>,
    FUNCTION 1 kaoa.abschluss_cmp(kaoa.abschluss, kaoa.abschluss);
COMMENT ON OPERATOR CLASS kaoa.abschluss_ops USING btree IS 'Default btree order of kaoa.abschluss: catalogue order.';
COMMENT ON OPERATOR FAMILY kaoa.abschluss_ops USING btree IS 'Btree family of kaoa.abschluss.';

CREATE OPERATOR CLASS kaoa.abschluss_ops DEFAULT FOR TYPE kaoa.abschluss USING hash AS
    OPERATOR 1 kaoa.=,
    FUNCTION 1 kaoa.abschluss_hash(kaoa.abschluss),
    FUNCTION 2 kaoa.abschluss_hash_extended(kaoa.abschluss, bigint);
COMMENT ON OPERATOR CLASS kaoa.abschluss_ops USING hash IS 'Default hash opclass of kaoa.abschluss.';
COMMENT ON OPERATOR FAMILY kaoa.abschluss_ops USING hash IS 'Hash family of kaoa.abschluss.';

CREATE FUNCTION kaoa.abschluss_rang(kaoa.abschluss) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_rang_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.abschluss_rang(kaoa.abschluss) IS
    'Level of a qualification for comparisons: OA 0; ESAA/ESA/ESA_FOE/ESA_Q 1; EESA/EESA_Q 2; MSA 3; MSA_Q/MSA_Q1/VS_11 4; FHR_S/FHR 5; FGHR 6; ABITUR 7; NULL for FOEG, FOEL, WALD (not comparable).';

CREATE FUNCTION kaoa.erfuellt(hat kaoa.abschluss, mindestens kaoa.abschluss) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_erfuellt_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.erfuellt(kaoa.abschluss, kaoa.abschluss) IS
    'True when the level of hat reaches the level of mindestens; NULL when either level is not comparable.';

CREATE FUNCTION kaoa.abschluss_bezeichnung(kaoa.abschluss) RETURNS text
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_bezeichnung_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.abschluss_bezeichnung(kaoa.abschluss) IS 'German long name of a qualification.';

CREATE FUNCTION kaoa.abschluss_aus_itnrw(text) RETURNS kaoa.abschluss
    AS 'MODULE_PATHNAME', 'kaoa_abschluss_aus_itnrw' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.abschluss_aus_itnrw(text) IS
    'Maps the one-letter IT.NRW statistics key (A B C S O D U F G I P H J Q K M V W) to kaoa.abschluss; anything else is 22P02.';

-- ==== extension/011_kldb.sql ====
-- kaoa.kldb: occupation code of the KldB 2010, 1 to 5 digits (DESIGN.md §3).
-- Stored as a packed int4 passed by value (src/core/kldb.h): digit i as digit+1 in the nibble
-- 4·(5−i); unsigned order of the packed values is the order of the digit strings.

CREATE TYPE kaoa.kldb;

CREATE FUNCTION kaoa.kldb_in(cstring) RETURNS kaoa.kldb
    AS 'MODULE_PATHNAME', 'kaoa_kldb_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_in(cstring) IS
    'Text input of kaoa.kldb: 1 to 5 digits (trimmed); the 5th digit, the Anforderungsniveau, is 1-4.';

CREATE FUNCTION kaoa.kldb_out(kaoa.kldb) RETURNS cstring
    AS 'MODULE_PATHNAME', 'kaoa_kldb_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_out(kaoa.kldb) IS
    'Text output of kaoa.kldb: the digit string, leading zeros kept.';

CREATE FUNCTION kaoa.kldb_recv(internal) RETURNS kaoa.kldb
    AS 'MODULE_PATHNAME', 'kaoa_kldb_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_recv(internal) IS
    'Binary input of kaoa.kldb: format version byte 1, then the packed uint32; validated like text input.';

CREATE FUNCTION kaoa.kldb_send(kaoa.kldb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kaoa_kldb_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_send(kaoa.kldb) IS
    'Binary output of kaoa.kldb: format version byte 1, then the packed uint32 (digit i as digit+1 in bits 4·(5−i) to 4·(5−i)+3).';

CREATE TYPE kaoa.kldb (
    INTERNALLENGTH = 4,
    PASSEDBYVALUE,
    ALIGNMENT = int4,
    STORAGE = plain,
    INPUT = kaoa.kldb_in,
    OUTPUT = kaoa.kldb_out,
    RECEIVE = kaoa.kldb_recv,
    SEND = kaoa.kldb_send
);
COMMENT ON TYPE kaoa.kldb IS
    'Occupation code of the KldB 2010: 1 to 5 digits (Berufsbereich … Berufsgattung, the 5th digit the Anforderungsniveau 1-4). Order = the digit string; a <@ b: a lies in b''s branch.';

CREATE FUNCTION kaoa.kldb_eq(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_eq(kaoa.kldb, kaoa.kldb) IS 'Equality of kaoa.kldb.';
CREATE FUNCTION kaoa.kldb_ne(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_ne(kaoa.kldb, kaoa.kldb) IS 'Inequality of kaoa.kldb.';
CREATE FUNCTION kaoa.kldb_lt(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_lt(kaoa.kldb, kaoa.kldb) IS 'Digit-string order of kaoa.kldb: less than.';
CREATE FUNCTION kaoa.kldb_le(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_le(kaoa.kldb, kaoa.kldb) IS 'Digit-string order of kaoa.kldb: less than or equal.';
CREATE FUNCTION kaoa.kldb_gt(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_gt(kaoa.kldb, kaoa.kldb) IS 'Digit-string order of kaoa.kldb: greater than.';
CREATE FUNCTION kaoa.kldb_ge(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_ge(kaoa.kldb, kaoa.kldb) IS 'Digit-string order of kaoa.kldb: greater than or equal.';
CREATE FUNCTION kaoa.kldb_cmp(kaoa.kldb, kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_cmp(kaoa.kldb, kaoa.kldb) IS 'Btree support: three-way comparison in digit-string order.';
CREATE FUNCTION kaoa.kldb_hash(kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_hash(kaoa.kldb) IS 'Hash support for kaoa.kldb.';
CREATE FUNCTION kaoa.kldb_hash_extended(kaoa.kldb, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'kaoa_kldb_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_hash_extended(kaoa.kldb, bigint) IS 'Extended (seeded, 64-bit) hash support for kaoa.kldb.';

CREATE OPERATOR kaoa.= (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_eq,
    COMMUTATOR = OPERATOR(kaoa.=), NEGATOR = OPERATOR(kaoa.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR kaoa.= (kaoa.kldb, kaoa.kldb) IS 'equal';
CREATE OPERATOR kaoa.<> (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_ne,
    COMMUTATOR = OPERATOR(kaoa.<>), NEGATOR = OPERATOR(kaoa.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR kaoa.<> (kaoa.kldb, kaoa.kldb) IS 'not equal';
CREATE OPERATOR kaoa.< (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_lt,
    COMMUTATOR = OPERATOR(kaoa.>), NEGATOR = OPERATOR(kaoa.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR kaoa.< (kaoa.kldb, kaoa.kldb) IS 'less than (digit-string order)';
CREATE OPERATOR kaoa.<= (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_le,
    COMMUTATOR = OPERATOR(kaoa.>=), NEGATOR = OPERATOR(kaoa.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR kaoa.<= (kaoa.kldb, kaoa.kldb) IS 'less than or equal (digit-string order)';
CREATE OPERATOR kaoa.> (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_gt,
    COMMUTATOR = OPERATOR(kaoa.<), NEGATOR = OPERATOR(kaoa.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR kaoa.> (kaoa.kldb, kaoa.kldb) IS 'greater than (digit-string order)';
CREATE OPERATOR kaoa.>= (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_ge,
    COMMUTATOR = OPERATOR(kaoa.<=), NEGATOR = OPERATOR(kaoa.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR kaoa.>= (kaoa.kldb, kaoa.kldb) IS 'greater than or equal (digit-string order)';

CREATE OPERATOR CLASS kaoa.kldb_ops DEFAULT FOR TYPE kaoa.kldb USING btree AS
    OPERATOR 1 kaoa.<, OPERATOR 2 kaoa.<=, OPERATOR 3 kaoa.=, OPERATOR 4 kaoa.>=, OPERATOR 5 kaoa.>,
    FUNCTION 1 kaoa.kldb_cmp(kaoa.kldb, kaoa.kldb);
COMMENT ON OPERATOR CLASS kaoa.kldb_ops USING btree IS 'Default btree order of kaoa.kldb: the digit string ("1" < "11" < "111" < "2"); also serves <@ and @> through kaoa.kldb_liegt_in_support.';
COMMENT ON OPERATOR FAMILY kaoa.kldb_ops USING btree IS 'Btree family of kaoa.kldb.';

CREATE OPERATOR CLASS kaoa.kldb_ops DEFAULT FOR TYPE kaoa.kldb USING hash AS
    OPERATOR 1 kaoa.=,
    FUNCTION 1 kaoa.kldb_hash(kaoa.kldb),
    FUNCTION 2 kaoa.kldb_hash_extended(kaoa.kldb, bigint);
COMMENT ON OPERATOR CLASS kaoa.kldb_ops USING hash IS 'Default hash opclass of kaoa.kldb.';
COMMENT ON OPERATOR FAMILY kaoa.kldb_ops USING hash IS 'Hash family of kaoa.kldb.';

-- The branch operators.  The planner support functions turn them into btree index conditions
-- (a range, or the list of prefixes); the estimator applies them to the column statistics.
CREATE FUNCTION kaoa.kldb_liegt_in_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'kaoa_kldb_liegt_in_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_liegt_in_support(internal) IS
    'Planner support of kaoa.kldb_liegt_in: a <@ ''263'' becomes the btree condition a >= ''263'' AND a <= ''26394''; ''26312'' <@ b becomes b = ANY (''{2,26,263,2631,26312}'').';
CREATE FUNCTION kaoa.kldb_enthaelt_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'kaoa_kldb_enthaelt_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_enthaelt_support(internal) IS
    'Planner support of kaoa.kldb_enthaelt: ''263'' @> a becomes the btree condition a >= ''263'' AND a <= ''26394''; b @> ''26312'' becomes b = ANY (''{2,26,263,2631,26312}'').';
CREATE FUNCTION kaoa.kldb_zweig_sel(internal, oid, internal, integer) RETURNS double precision
    AS 'MODULE_PATHNAME', 'kaoa_kldb_zweig_sel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_zweig_sel(internal, oid, internal, integer) IS
    'Restriction selectivity of the kaoa.kldb branch operators <@ and @>, from the column''s most common values and histogram.';

CREATE FUNCTION kaoa.kldb_liegt_in(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_liegt_in_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT kaoa.kldb_liegt_in_support;
COMMENT ON FUNCTION kaoa.kldb_liegt_in(kaoa.kldb, kaoa.kldb) IS
    'a <@ b: a lies in b''s branch, i.e. b''s digits are a prefix of a''s (a code lies in its own branch).';
CREATE FUNCTION kaoa.kldb_enthaelt(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_enthaelt_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT kaoa.kldb_enthaelt_support;
COMMENT ON FUNCTION kaoa.kldb_enthaelt(kaoa.kldb, kaoa.kldb) IS
    'a @> b: a''s branch contains b, i.e. a''s digits are a prefix of b''s.';

CREATE OPERATOR kaoa.<@ (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_liegt_in,
    COMMUTATOR = OPERATOR(kaoa.@>),
    RESTRICT = kaoa.kldb_zweig_sel, JOIN = contjoinsel);
COMMENT ON OPERATOR kaoa.<@ (kaoa.kldb, kaoa.kldb) IS 'lies in the branch of (the right code is a prefix of the left)';
CREATE OPERATOR kaoa.@> (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_enthaelt,
    COMMUTATOR = OPERATOR(kaoa.<@),
    RESTRICT = kaoa.kldb_zweig_sel, JOIN = contjoinsel);
COMMENT ON OPERATOR kaoa.@> (kaoa.kldb, kaoa.kldb) IS 'branch contains (the left code is a prefix of the right)';

CREATE FUNCTION kaoa.kldb_ebene(kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_ebene_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_ebene(kaoa.kldb) IS
    'Level of a KldB 2010 code = its number of digits: 1 Berufsbereich, 2 Berufshauptgruppe, 3 Berufsgruppe, 4 Berufsuntergruppe, 5 Berufsgattung.';

CREATE FUNCTION kaoa.kldb_niveau(kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_niveau_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_niveau(kaoa.kldb) IS
    'Anforderungsniveau of a 5-digit code (the 5th digit): 1 Helfer, 2 Fachkraft, 3 Spezialist, 4 Experte; NULL for codes with fewer than 5 digits.';

CREATE FUNCTION kaoa.kldb_gemeinsam(a kaoa.kldb, b kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_gemeinsam_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_gemeinsam(kaoa.kldb, kaoa.kldb) IS
    'Number of equal leading digits of two KldB 2010 codes, 0-5 (kldb_gemeinsam(''26312'', ''26322'') = 3).';

-- ==== extension/012_riasec.sql ====
-- kaoa.riasec: Holland interest profile, six integers 0-100 in the order R I A S E C (DESIGN.md §3).
-- Stored as six bytes (fixed length, no padding, alignment char); their lexicographic order is the
-- btree order.

CREATE TYPE kaoa.riasec;

CREATE FUNCTION kaoa.riasec_in(cstring) RETURNS kaoa.riasec
    AS 'MODULE_PATHNAME', 'kaoa_riasec_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.riasec_in(cstring) IS
    'Text input of kaoa.riasec: R=40,I=10,A=0,S=80,E=20,C=5 (any order and case, spaces allowed, missing letters 0) or a Holland code of 1-3 distinct letters (S, SE, SEC); trimmed.';

CREATE FUNCTION kaoa.riasec_out(kaoa.riasec) RETURNS cstring
    AS 'MODULE_PATHNAME', 'kaoa_riasec_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.riasec_out(kaoa.riasec) IS
    'Text output of kaoa.riasec: all six letters, R=40,I=10,A=0,S=80,E=20,C=5.';

CREATE FUNCTION kaoa.riasec_recv(internal) RETURNS kaoa.riasec
    AS 'MODULE_PATHNAME', 'kaoa_riasec_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.riasec_recv(internal) IS
    'Binary input of kaoa.riasec: format version byte 1, then six bytes R I A S E C, each 0-100.';

CREATE FUNCTION kaoa.riasec_send(kaoa.riasec) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kaoa_riasec_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.riasec_send(kaoa.riasec) IS
    'Binary output of kaoa.riasec: format version byte 1, then six bytes R I A S E C.';

CREATE TYPE kaoa.riasec (
    INTERNALLENGTH = 6,
    ALIGNMENT = char,
    STORAGE = plain,
    INPUT = kaoa.riasec_in,
    OUTPUT = kaoa.riasec_out,
    RECEIVE = kaoa.riasec_recv,
    SEND = kaoa.riasec_send
);
COMMENT ON TYPE kaoa.riasec IS
    'Holland (RIASEC) interest profile: six scores 0-100 in the order R I A S E C. Order = lexicographic over R I A S E C.';

CREATE FUNCTION kaoa.riasec_eq(kaoa.riasec, kaoa.riasec) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_riasec_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_eq(kaoa.riasec, kaoa.riasec) IS 'Equality of kaoa.riasec.';
CREATE FUNCTION kaoa.riasec_ne(kaoa.riasec, kaoa.riasec) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_riasec_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_ne(kaoa.riasec, kaoa.riasec) IS 'Inequality of kaoa.riasec.';
CREATE FUNCTION kaoa.riasec_lt(kaoa.riasec, kaoa.riasec) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_riasec_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_lt(kaoa.riasec, kaoa.riasec) IS 'Order of kaoa.riasec (lexicographic over R I A S E C): less than.';
CREATE FUNCTION kaoa.riasec_le(kaoa.riasec, kaoa.riasec) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_riasec_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_le(kaoa.riasec, kaoa.riasec) IS 'Order of kaoa.riasec (lexicographic over R I A S E C): less than or equal.';
CREATE FUNCTION kaoa.riasec_gt(kaoa.riasec, kaoa.riasec) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_riasec_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_gt(kaoa.riasec, kaoa.riasec) IS 'Order of kaoa.riasec (lexicographic over R I A S E C): greater than.';
CREATE FUNCTION kaoa.riasec_ge(kaoa.riasec, kaoa.riasec) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_riasec_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_ge(kaoa.riasec, kaoa.riasec) IS 'Order of kaoa.riasec (lexicographic over R I A S E C): greater than or equal.';
CREATE FUNCTION kaoa.riasec_cmp(kaoa.riasec, kaoa.riasec) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_riasec_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_cmp(kaoa.riasec, kaoa.riasec) IS 'Btree support: three-way comparison, lexicographic over R I A S E C.';
CREATE FUNCTION kaoa.riasec_hash(kaoa.riasec) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_riasec_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_hash(kaoa.riasec) IS 'Hash support for kaoa.riasec.';
CREATE FUNCTION kaoa.riasec_hash_extended(kaoa.riasec, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'kaoa_riasec_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.riasec_hash_extended(kaoa.riasec, bigint) IS 'Extended (seeded, 64-bit) hash support for kaoa.riasec.';

CREATE OPERATOR kaoa.= (
    LEFTARG = kaoa.riasec, RIGHTARG = kaoa.riasec, FUNCTION = kaoa.riasec_eq,
    COMMUTATOR = OPERATOR(kaoa.=), NEGATOR = OPERATOR(kaoa.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR kaoa.= (kaoa.riasec, kaoa.riasec) IS 'equal';
CREATE OPERATOR kaoa.<> (
    LEFTARG = kaoa.riasec, RIGHTARG = kaoa.riasec, FUNCTION = kaoa.riasec_ne,
    COMMUTATOR = OPERATOR(kaoa.<>), NEGATOR = OPERATOR(kaoa.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR kaoa.<> (kaoa.riasec, kaoa.riasec) IS 'not equal';
CREATE OPERATOR kaoa.< (
    LEFTARG = kaoa.riasec, RIGHTARG = kaoa.riasec, FUNCTION = kaoa.riasec_lt,
    COMMUTATOR = OPERATOR(kaoa.>), NEGATOR = OPERATOR(kaoa.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR kaoa.< (kaoa.riasec, kaoa.riasec) IS 'less than (lexicographic over R I A S E C)';
CREATE OPERATOR kaoa.<= (
    LEFTARG = kaoa.riasec, RIGHTARG = kaoa.riasec, FUNCTION = kaoa.riasec_le,
    COMMUTATOR = OPERATOR(kaoa.>=), NEGATOR = OPERATOR(kaoa.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR kaoa.<= (kaoa.riasec, kaoa.riasec) IS 'less than or equal (lexicographic over R I A S E C)';
CREATE OPERATOR kaoa.> (
    LEFTARG = kaoa.riasec, RIGHTARG = kaoa.riasec, FUNCTION = kaoa.riasec_gt,
    COMMUTATOR = OPERATOR(kaoa.<), NEGATOR = OPERATOR(kaoa.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR kaoa.> (kaoa.riasec, kaoa.riasec) IS 'greater than (lexicographic over R I A S E C)';
CREATE OPERATOR kaoa.>= (
    LEFTARG = kaoa.riasec, RIGHTARG = kaoa.riasec, FUNCTION = kaoa.riasec_ge,
    COMMUTATOR = OPERATOR(kaoa.<=), NEGATOR = OPERATOR(kaoa.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR kaoa.>= (kaoa.riasec, kaoa.riasec) IS 'greater than or equal (lexicographic over R I A S E C)';

CREATE OPERATOR CLASS kaoa.riasec_ops DEFAULT FOR TYPE kaoa.riasec USING btree AS
    OPERATOR 1 kaoa.<, OPERATOR 2 kaoa.<=, OPERATOR 3 kaoa.=, OPERATOR 4 kaoa.>=, OPERATOR 5 kaoa.>,
    FUNCTION 1 kaoa.riasec_cmp(kaoa.riasec, kaoa.riasec);
COMMENT ON OPERATOR CLASS kaoa.riasec_ops USING btree IS 'Default btree order of kaoa.riasec: lexicographic over R I A S E C.';
COMMENT ON OPERATOR FAMILY kaoa.riasec_ops USING btree IS 'Btree family of kaoa.riasec.';

CREATE OPERATOR CLASS kaoa.riasec_ops DEFAULT FOR TYPE kaoa.riasec USING hash AS
    OPERATOR 1 kaoa.=,
    FUNCTION 1 kaoa.riasec_hash(kaoa.riasec),
    FUNCTION 2 kaoa.riasec_hash_extended(kaoa.riasec, bigint);
COMMENT ON OPERATOR CLASS kaoa.riasec_ops USING hash IS 'Default hash opclass of kaoa.riasec.';
COMMENT ON OPERATOR FAMILY kaoa.riasec_ops USING hash IS 'Hash family of kaoa.riasec.';

CREATE FUNCTION kaoa.holland_code(kaoa.riasec) RETURNS text
    AS 'MODULE_PATHNAME', 'kaoa_riasec_holland_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.holland_code(kaoa.riasec) IS
    'The up to three letters with the highest non-zero scores, highest first, ties in R I A S E C order (R=40,I=10,S=80,E=20 gives SRE); the empty string for an all-zero profile.';

CREATE FUNCTION kaoa.kongruenz(a kaoa.riasec, b kaoa.riasec) RETURNS double precision
    AS 'MODULE_PATHNAME', 'kaoa_riasec_kongruenz_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kongruenz(kaoa.riasec, kaoa.riasec) IS
    'Congruence of two interest profiles: the cosine similarity of the two 6-vectors, 0 to 1; 0.5 when either profile is all zero.';

-- ==== extension/013_kompetenzen.sql ====
-- kaoa.kompetenzen: the twelve dimensions of the Potenzialanalyse, each 0-5 (DESIGN.md §3).
-- Stored as twelve bytes (fixed length, no padding, alignment char) in the order motivation …
-- raumvorstellung; their lexicographic order is the btree order.

CREATE TYPE kaoa.kompetenzen;

CREATE FUNCTION kaoa.kompetenzen_in(cstring) RETURNS kaoa.kompetenzen
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kompetenzen_in(cstring) IS
    'Text input of kaoa.kompetenzen: comma-separated name=level pairs, levels 0-5 (sorgfalt=3, teamfaehigkeit=4), any order and case, umlaut spellings allowed, each dimension at most once; the empty string is all zero; trimmed.';

CREATE FUNCTION kaoa.kompetenzen_out(kaoa.kompetenzen) RETURNS cstring
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kompetenzen_out(kaoa.kompetenzen) IS
    'Text output of kaoa.kompetenzen: the non-zero dimensions in the fixed order, sorgfalt=3,teamfaehigkeit=4; the empty string when all are zero.';

CREATE FUNCTION kaoa.kompetenzen_recv(internal) RETURNS kaoa.kompetenzen
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kompetenzen_recv(internal) IS
    'Binary input of kaoa.kompetenzen: format version byte 1, then twelve level bytes 0-5 (motivation … raumvorstellung).';

CREATE FUNCTION kaoa.kompetenzen_send(kaoa.kompetenzen) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kompetenzen_send(kaoa.kompetenzen) IS
    'Binary output of kaoa.kompetenzen: format version byte 1, then twelve level bytes (motivation … raumvorstellung).';

CREATE TYPE kaoa.kompetenzen (
    INTERNALLENGTH = 12,
    ALIGNMENT = char,
    STORAGE = plain,
    INPUT = kaoa.kompetenzen_in,
    OUTPUT = kaoa.kompetenzen_out,
    RECEIVE = kaoa.kompetenzen_recv,
    SEND = kaoa.kompetenzen_send
);
COMMENT ON TYPE kaoa.kompetenzen IS
    'Potenzialanalyse profile or requirement: twelve levels 0-5 (0 = unknown / no requirement) for motivation, zuverlaessigkeit, konzentration, sorgfalt, teamfaehigkeit, kommunikation, konfliktfaehigkeit, planung, problemloesung, feinmotorik, grobmotorik, raumvorstellung. Order = lexicographic over the twelve levels.';

CREATE FUNCTION kaoa.kompetenzen_eq(kaoa.kompetenzen, kaoa.kompetenzen) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_eq(kaoa.kompetenzen, kaoa.kompetenzen) IS 'Equality of kaoa.kompetenzen.';
CREATE FUNCTION kaoa.kompetenzen_ne(kaoa.kompetenzen, kaoa.kompetenzen) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_ne(kaoa.kompetenzen, kaoa.kompetenzen) IS 'Inequality of kaoa.kompetenzen.';
CREATE FUNCTION kaoa.kompetenzen_lt(kaoa.kompetenzen, kaoa.kompetenzen) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_lt(kaoa.kompetenzen, kaoa.kompetenzen) IS 'Order of kaoa.kompetenzen (lexicographic over the twelve levels): less than.';
CREATE FUNCTION kaoa.kompetenzen_le(kaoa.kompetenzen, kaoa.kompetenzen) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_le(kaoa.kompetenzen, kaoa.kompetenzen) IS 'Order of kaoa.kompetenzen (lexicographic over the twelve levels): less than or equal.';
CREATE FUNCTION kaoa.kompetenzen_gt(kaoa.kompetenzen, kaoa.kompetenzen) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_gt(kaoa.kompetenzen, kaoa.kompetenzen) IS 'Order of kaoa.kompetenzen (lexicographic over the twelve levels): greater than.';
CREATE FUNCTION kaoa.kompetenzen_ge(kaoa.kompetenzen, kaoa.kompetenzen) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_ge(kaoa.kompetenzen, kaoa.kompetenzen) IS 'Order of kaoa.kompetenzen (lexicographic over the twelve levels): greater than or equal.';
CREATE FUNCTION kaoa.kompetenzen_cmp(kaoa.kompetenzen, kaoa.kompetenzen) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_cmp(kaoa.kompetenzen, kaoa.kompetenzen) IS 'Btree support: three-way comparison, lexicographic over the twelve levels.';
CREATE FUNCTION kaoa.kompetenzen_hash(kaoa.kompetenzen) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_hash(kaoa.kompetenzen) IS 'Hash support for kaoa.kompetenzen.';
CREATE FUNCTION kaoa.kompetenzen_hash_extended(kaoa.kompetenzen, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kompetenzen_hash_extended(kaoa.kompetenzen, bigint) IS 'Extended (seeded, 64-bit) hash support for kaoa.kompetenzen.';

CREATE OPERATOR kaoa.= (
    LEFTARG = kaoa.kompetenzen, RIGHTARG = kaoa.kompetenzen, FUNCTION = kaoa.kompetenzen_eq,
    COMMUTATOR = OPERATOR(kaoa.=), NEGATOR = OPERATOR(kaoa.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR kaoa.= (kaoa.kompetenzen, kaoa.kompetenzen) IS 'equal';
CREATE OPERATOR kaoa.<> (
    LEFTARG = kaoa.kompetenzen, RIGHTARG = kaoa.kompetenzen, FUNCTION = kaoa.kompetenzen_ne,
    COMMUTATOR = OPERATOR(kaoa.<>), NEGATOR = OPERATOR(kaoa.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR kaoa.<> (kaoa.kompetenzen, kaoa.kompetenzen) IS 'not equal';
CREATE OPERATOR kaoa.< (
    LEFTARG = kaoa.kompetenzen, RIGHTARG = kaoa.kompetenzen, FUNCTION = kaoa.kompetenzen_lt,
    COMMUTATOR = OPERATOR(kaoa.>), NEGATOR = OPERATOR(kaoa.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR kaoa.< (kaoa.kompetenzen, kaoa.kompetenzen) IS 'less than (lexicographic over the twelve levels)';
CREATE OPERATOR kaoa.<= (
    LEFTARG = kaoa.kompetenzen, RIGHTARG = kaoa.kompetenzen, FUNCTION = kaoa.kompetenzen_le,
    COMMUTATOR = OPERATOR(kaoa.>=), NEGATOR = OPERATOR(kaoa.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR kaoa.<= (kaoa.kompetenzen, kaoa.kompetenzen) IS 'less than or equal (lexicographic over the twelve levels)';
CREATE OPERATOR kaoa.> (
    LEFTARG = kaoa.kompetenzen, RIGHTARG = kaoa.kompetenzen, FUNCTION = kaoa.kompetenzen_gt,
    COMMUTATOR = OPERATOR(kaoa.<), NEGATOR = OPERATOR(kaoa.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR kaoa.> (kaoa.kompetenzen, kaoa.kompetenzen) IS 'greater than (lexicographic over the twelve levels)';
CREATE OPERATOR kaoa.>= (
    LEFTARG = kaoa.kompetenzen, RIGHTARG = kaoa.kompetenzen, FUNCTION = kaoa.kompetenzen_ge,
    COMMUTATOR = OPERATOR(kaoa.<=), NEGATOR = OPERATOR(kaoa.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR kaoa.>= (kaoa.kompetenzen, kaoa.kompetenzen) IS 'greater than or equal (lexicographic over the twelve levels)';

CREATE OPERATOR CLASS kaoa.kompetenzen_ops DEFAULT FOR TYPE kaoa.kompetenzen USING btree AS
    OPERATOR 1 kaoa.<, OPERATOR 2 kaoa.<=, OPERATOR 3 kaoa.=, OPERATOR 4 kaoa.>=, OPERATOR 5 kaoa.>,
    FUNCTION 1 kaoa.kompetenzen_cmp(kaoa.kompetenzen, kaoa.kompetenzen);
COMMENT ON OPERATOR CLASS kaoa.kompetenzen_ops USING btree IS 'Default btree order of kaoa.kompetenzen: lexicographic over the twelve levels.';
COMMENT ON OPERATOR FAMILY kaoa.kompetenzen_ops USING btree IS 'Btree family of kaoa.kompetenzen.';

CREATE OPERATOR CLASS kaoa.kompetenzen_ops DEFAULT FOR TYPE kaoa.kompetenzen USING hash AS
    OPERATOR 1 kaoa.=,
    FUNCTION 1 kaoa.kompetenzen_hash(kaoa.kompetenzen),
    FUNCTION 2 kaoa.kompetenzen_hash_extended(kaoa.kompetenzen, bigint);
COMMENT ON OPERATOR CLASS kaoa.kompetenzen_ops USING hash IS 'Default hash opclass of kaoa.kompetenzen.';
COMMENT ON OPERATOR FAMILY kaoa.kompetenzen_ops USING hash IS 'Hash family of kaoa.kompetenzen.';

CREATE FUNCTION kaoa.erfuellungsgrad(hat kaoa.kompetenzen, braucht kaoa.kompetenzen) RETURNS double precision
    AS 'MODULE_PATHNAME', 'kaoa_kompetenzen_erfuellungsgrad_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.erfuellungsgrad(kaoa.kompetenzen, kaoa.kompetenzen) IS
    'How far hat meets the requirements braucht (DESIGN.md §7): over the dimensions required (> 0), credit 1 where hat''s level reaches the requirement, 0.5 where hat''s level is 0 (unknown), else 0; the mean credit; 1 when nothing is required.';

-- ==== extension/015_enums.sql ====
-- Closed sets of the domain as plain enums (DESIGN.md §3).  Open sets that grow between releases
-- are reference tables instead (an enum value added by an upgrade script cannot be used in the
-- same script).

CREATE TYPE kaoa.org_typ AS ENUM (
    'schule', 'berufskolleg', 'agentur', 'jobcenter', 'jugendamt', 'jba', 'koko', 'kammer',
    'traeger', 'betrieb');
COMMENT ON TYPE kaoa.org_typ IS
    'Kind of organisation in the Verantwortungskette: school, Berufskolleg, Agentur für Arbeit (Berufsberatung), Jobcenter, Jugendamt, Jugendberufsagentur (a cooperation, never holds a case), Kommunale Koordinierungsstelle, Kammer, Träger, Betrieb.';

CREATE TYPE kaoa.fall_status AS ENUM (
    'offen', 'ohne_anschluss', 'in_beratung', 'anschluss_gesichert', 'angetreten',
    'nicht_angetreten', 'nicht_erreichbar', 'ausgenommen');
COMMENT ON TYPE kaoa.fall_status IS
    'State of a transition case (DESIGN.md §5); the allowed transitions are enforced by the case trigger.';

CREATE TYPE kaoa.rechtsgrundlage AS ENUM (
    'schuldueg_1_1', 'sgb3_31a_2', 'schulg_120', 'sgb10_69', 'einwilligung');
COMMENT ON TYPE kaoa.rechtsgrundlage IS
    'Legal basis of a hand-off: SchülerDÜG NRW § 1 Abs. 1 / § 31a Abs. 1 SGB III; § 31a Abs. 2 SGB III / SchülerDÜG § 1 Abs. 5; SchulG NRW § 120; § 69 SGB X; consent.';

-- ==== extension/016_anschluss_kategorie.sql ====
-- kaoa.anschluss_kategorie: what a young person goes on to (DESIGN.md §3, research/domain.md §3).
-- An open set, so a reference table with a text key rather than an enum.  Rows shipped with the
-- extension are marked `mitgeliefert`; pg_dump keeps only the rows a user added.

CREATE TABLE kaoa.anschluss_kategorie (
    code         text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    sektor       text NOT NULL CHECK (sektor IN ('AUSBILDUNG', 'UEBERGANG', 'HZB', 'STUDIUM', 'SONSTIGE')),
    iabe_sektor  text CHECK (iabe_sektor IN ('I', 'II', 'III', 'IV')),
    sichert      boolean NOT NULL,
    bezeichnung  text NOT NULL,
    mitgeliefert boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE kaoa.anschluss_kategorie IS
    'Reference table of Anschluss categories: sector, iABE sector (I Berufsausbildung, II Übergangsbereich, III Hochschulzugangsberechtigung, IV Studium; NULL outside iABE) and whether the category secures an Anschluss.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.code IS 'Stable key, referenced by kaoa.fall.anschluss.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.sektor IS 'AUSBILDUNG, UEBERGANG, HZB, STUDIUM or SONSTIGE.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.iabe_sektor IS 'Sector of the Integrierte Ausbildungsberichterstattung (BIBB/Destatis); NULL outside its scope.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.sichert IS 'Whether the category secures an Anschluss (required to move a case to anschluss_gesichert).';
COMMENT ON COLUMN kaoa.anschluss_kategorie.bezeichnung IS 'German name.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.mitgeliefert IS 'True for rows shipped with kaoa (not dumped); rows a DBA adds keep false.';

INSERT INTO kaoa.anschluss_kategorie (code, sektor, iabe_sektor, sichert, bezeichnung, mitgeliefert) VALUES
    ('dual_betrieblich',        'AUSBILDUNG', 'I',   true,  'Duale Ausbildung im Betrieb', true),
    ('dual_ausserbetrieblich',  'AUSBILDUNG', 'I',   true,  'Außerbetriebliche Ausbildung (§ 76 SGB III)', true),
    ('schulische_ausbildung',   'AUSBILDUNG', 'I',   true,  'Schulische Berufsausbildung (Berufsfachschule nach Landesrecht, Gesundheits-, Erziehungs- und Sozialberufe)', true),
    ('beamtenausbildung',       'AUSBILDUNG', 'I',   true,  'Ausbildung im öffentlichen Dienst (Beamtenausbildung)', true),
    ('ausbildungsvorbereitung', 'UEBERGANG',  'II',  true,  'Ausbildungsvorbereitung am Berufskolleg (APO-BK Anlage A)', true),
    ('berufsfachschule',        'UEBERGANG',  'II',  true,  'Teilqualifizierende Berufsfachschule (APO-BK Anlage B/C)', true),
    ('bvb',                     'UEBERGANG',  'II',  true,  'Berufsvorbereitende Bildungsmaßnahme der Agentur für Arbeit', true),
    ('eq',                      'UEBERGANG',  'II',  true,  'Einstiegsqualifizierung (§ 54a SGB III)', true),
    ('bo_praktikum',            'UEBERGANG',  'II',  true,  'Berufsorientierungspraktikum (§ 48a SGB III)', true),
    ('jugendhilfe_massnahme',   'UEBERGANG',  'II',  true,  'Maßnahme der Jugendhilfe (§ 13 SGB VIII)', true),
    ('jobcenter_massnahme',     'UEBERGANG',  'II',  true,  'Maßnahme des Jobcenters (SGB II)', true),
    ('sprachfoerderung',        'UEBERGANG',  'II',  true,  'Sprachförderung / internationale Förderklasse', true),
    ('gymnasiale_oberstufe',    'HZB',        'III', true,  'Gymnasiale Oberstufe (Gymnasium, Gesamtschule)', true),
    ('berufliches_gymnasium',   'HZB',        'III', true,  'Berufliches Gymnasium (APO-BK Anlage D)', true),
    ('fachoberschule',          'HZB',        'III', true,  'Fachoberschule', true),
    ('hoehere_berufsfachschule','HZB',        'III', true,  'Höhere Berufsfachschule (Fachhochschulreife)', true),
    ('verbleib_schule',         'HZB',        'III', true,  'Verbleib an der Schule (Wiederholung, Klasse 10)', true),
    ('studium',                 'STUDIUM',    'IV',  true,  'Studium', true),
    ('duales_studium',          'STUDIUM',    'IV',  true,  'Duales Studium', true),
    ('freiwilligendienst',      'SONSTIGE',   NULL,  true,  'Freiwilligendienst (FSJ, FÖJ, BFD)', true),
    ('wehrdienst',              'SONSTIGE',   NULL,  true,  'Freiwilliger Wehrdienst', true),
    ('arbeit',                  'SONSTIGE',   NULL,  false, 'Arbeit ohne Ausbildung', true),
    ('ausland',                 'SONSTIGE',   NULL,  false, 'Aufenthalt im Ausland', true),
    ('elternzeit',              'SONSTIGE',   NULL,  false, 'Elternzeit / Mutterschutz', true),
    ('krankheit',               'SONSTIGE',   NULL,  false, 'Längere Krankheit', true);

SELECT pg_catalog.pg_extension_config_dump('kaoa.anschluss_kategorie', 'WHERE NOT mitgeliefert');

-- ==== extension/100_kette_tabellen.sql ====
-- The tables of the Verantwortungskette (DESIGN.md §4).  `kommune` (5-digit Kreisschlüssel) is the
-- tenant key and leads every key; every id is a bigint identity with its own btree index; every
-- table holding user data is registered with pg_extension_config_dump, and so is its identity
-- sequence, so pg_dump keeps rows and counters.  The rules live in C triggers (120_kette_regeln.sql);
-- who sees what in row-level security (140_kette_rls.sql).

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
COMMENT ON COLUMN kaoa.kommune.min_fallzahl IS 'Counts below this show as NULL in the kaoa.v_* views.';
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
    'Identity of a person, kept apart so it can be protected and deleted alone: readable directly only by the school of the current case; receivers read it through kaoa.uebergabe_daten.';
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
    gueltig_ab      date NOT NULL DEFAULT CURRENT_DATE,
    widerrufen_am   timestamptz,
    PRIMARY KEY (kommune, einwilligung_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id)
);
CREATE INDEX einwilligung_einwilligung_id ON kaoa.einwilligung (einwilligung_id);
CREATE INDEX einwilligung_person ON kaoa.einwilligung (kommune, person_id);
COMMENT ON TABLE kaoa.einwilligung IS
    'A consent to pass data to organisations of the named types; only widerrufen_am changes, once.';
COMMENT ON COLUMN kaoa.einwilligung.erteilt_von IS 'selbst (the young person, from age 14 at gueltig_ab) or sorgeberechtigt.';
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
CREATE UNIQUE INDEX uebergabe_eine_offene ON kaoa.uebergabe (kommune, fall_id)
    WHERE uebernommen_am IS NULL AND abgelehnt_am IS NULL AND zurueckgezogen_am IS NULL;
COMMENT ON TABLE kaoa.uebergabe IS
    'A hand-off of a case (kaoa.uebergeben): responsibility moves when the receiver accepts (kaoa.uebernehmen). Append-only: the answer columns are set once.';
COMMENT ON COLUMN kaoa.uebergabe.faellig_am IS 'Date of gesendet_am plus the Kommune''s uebernahme_tage (calendar days).';
COMMENT ON COLUMN kaoa.uebergabe.grund IS 'Reason given with a decline or withdrawal. No identity data in free text.';

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
                    'widerruf', 'identitaet_geloescht', 'frist_ueberschritten')),
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
    'The case log: one row per status change, hand-off, answer, contact attempt, Verbleib report, objection, consent, deletion and overdue hand-off. Append-only; written by kaoa only.';
COMMENT ON COLUMN kaoa.ereignis.fall_id IS 'The case (for person-level events the person''s current case; NULL when they have none).';
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
SELECT pg_catalog.pg_extension_config_dump('kaoa.kontaktversuch', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.kontaktversuch', 'kontaktversuch_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.ereignis', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.ereignis', 'ereignis_id')::regclass, '');

-- ==== extension/110_kette_akteur.sql ====
-- Who is acting (DESIGN.md §6): actor resolution, the visibility predicates row-level security uses,
-- and the registration of roles.  All C, SECURITY INVOKER; the look-ups inside run with the
-- extension owner's privileges (see src/akteur.h).

CREATE FUNCTION kaoa.akteur_org() RETURNS bigint
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_akteur_org';
COMMENT ON FUNCTION kaoa.akteur_org() IS
    'The organisation the current role acts for (kaoa.akteur, matched exactly against the role SET ROLE selected); NULL for the system and unknown roles.';

CREATE FUNCTION kaoa.akteur_aktuell(OUT rolle name, OUT art text, OUT kommune text, OUT org_id bigint,
                                    OUT org_typ kaoa.org_typ)
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_akteur_aktuell';
COMMENT ON FUNCTION kaoa.akteur_aktuell() IS
    'Who the rules take the current role for: art organisation (with kommune, org_id, org_typ), system, bi (with kommune) or keiner.';

ALTER TABLE kaoa.kontaktversuch ALTER COLUMN org_id SET DEFAULT kaoa.akteur_org();

CREATE FUNCTION kaoa.fall_sichtbar(kommune text, fall_id bigint, schule_org bigint, zustaendig_org bigint)
    RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_fall_sichtbar_zeile';
COMMENT ON FUNCTION kaoa.fall_sichtbar(text, bigint, bigint, bigint) IS
    'Row-level security of kaoa.fall: the system; the KoKo of the Kommune; the holder; the school; organisations that held the case or were offered it (until declined or withdrawn). Looks up with the owner''s rights.';

CREATE FUNCTION kaoa.fall_sichtbar(kommune text, fall_id bigint) RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_fall_sichtbar_id';
COMMENT ON FUNCTION kaoa.fall_sichtbar(text, bigint) IS
    'Row-level security of rows that refer to a case (kontaktversuch, ereignis): as kaoa.fall_sichtbar for the case; fall_id NULL: the system and the KoKo only.';

CREATE FUNCTION kaoa.person_sichtbar(kommune text, person_id bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_person_sichtbar';
COMMENT ON FUNCTION kaoa.person_sichtbar(text, bigint) IS
    'May the current role see this person: the system; the KoKo of the Kommune; the school that registered them; any organisation that may see one of their cases. Row-level security of kaoa.person and kaoa.einwilligung (and of other areas'' per-person tables).';

CREATE FUNCTION kaoa.person_sichtbar(kommune text, person_id bigint, angelegt_von bigint) RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_person_sichtbar_zeile';
COMMENT ON FUNCTION kaoa.person_sichtbar(text, bigint, bigint) IS
    'Row-level security of kaoa.person: as kaoa.person_sichtbar(kommune, person_id), answered from the row for the school that registered the person.';

CREATE FUNCTION kaoa.identitaet_sichtbar(kommune text, person_id bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_identitaet_sichtbar';
COMMENT ON FUNCTION kaoa.identitaet_sichtbar(text, bigint) IS
    'May the current role read this identity directly: the system; the school or Berufskolleg of the person''s current case (before the first case: the school that registered them).';

CREATE FUNCTION kaoa.uebergabe_sichtbar(kommune text, von_org bigint, an_org bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_uebergabe_sichtbar';
COMMENT ON FUNCTION kaoa.uebergabe_sichtbar(text, bigint, bigint) IS
    'Row-level security of kaoa.uebergabe: sender, receiver, the KoKo of the Kommune, the system.';

CREATE FUNCTION kaoa.kommune_verwaltbar(kommune text) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_kommune_verwaltbar';
COMMENT ON FUNCTION kaoa.kommune_verwaltbar(text) IS
    'May the current role maintain this Kommune''s configuration (kommune, organisation, fristen rows): the system and the KoKo of that Kommune.';

CREATE FUNCTION kaoa.bi_kommunen() RETURNS SETOF text
    LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1 AS 'MODULE_PATHNAME', 'kaoa_bi_kommunen';
COMMENT ON FUNCTION kaoa.bi_kommunen() IS
    'The Kommunen whose aggregates the current role may read in the kaoa.v_* views: a BI role its Kommune, an organisation''s role its own, the system all.';

CREATE FUNCTION kaoa.akteur_geaendert() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_akteur_geaendert';
COMMENT ON FUNCTION kaoa.akteur_geaendert() IS
    'Statement trigger of kaoa.akteur and kaoa.bi_rolle: drops the cached actor of this session.';
CREATE TRIGGER akteur_geaendert AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.akteur
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.akteur_geaendert();
CREATE TRIGGER bi_rolle_geaendert AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.bi_rolle
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.akteur_geaendert();

-- What each kind of role may touch.  Other areas add their rows in their own files; rows a DBA adds
-- (mitgeliefert false) are dumped.  Re-run kaoa.akteur_anlegen after changing rows.
-- A shipped row cannot be changed or deleted (it would come back with every restore): a DBA adds a
-- row for the same fuer and objekt instead, which replaces it (rechte '' grants nothing).
CREATE TABLE kaoa.rolle_recht (
    fuer         text NOT NULL CHECK (fuer IN ('akteur', 'system', 'bi', 'schule', 'berufskolleg', 'agentur',
                                               'jobcenter', 'jugendamt', 'jba', 'koko', 'kammer', 'traeger', 'betrieb')),
    objekt       text NOT NULL CHECK (objekt ~ '^kaoa\.[a-z_][a-z0-9_]*(\([a-z0-9_., \[\]]*\))?$'),
    rechte       text NOT NULL CHECK (rechte ~ '^((SELECT|INSERT|UPDATE|DELETE)(, (SELECT|INSERT|UPDATE|DELETE))*|EXECUTE)?$'),
    mitgeliefert boolean NOT NULL DEFAULT false,
    PRIMARY KEY (fuer, objekt, mitgeliefert),
    CONSTRAINT rolle_recht_funktion CHECK (CASE WHEN objekt LIKE '%(%' THEN rechte IN ('EXECUTE', '')
                                                ELSE rechte <> 'EXECUTE' END)
);
COMMENT ON TABLE kaoa.rolle_recht IS
    'Privileges granted by kaoa.akteur_anlegen (fuer = ''akteur'' for every organisation, or its org_typ), kaoa.system_zugang (''system'') and kaoa.bi_zugang (''bi''): table rights, or EXECUTE on a function given by its signature (kaoa.f(argtypes)). A row a DBA adds (mitgeliefert false) replaces the shipped row for the same fuer and objekt; rechte '''' grants nothing. Shipped rows cannot be changed.';
SELECT pg_catalog.pg_extension_config_dump('kaoa.rolle_recht', 'WHERE NOT mitgeliefert');

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'akteur', o, 'SELECT', true
  FROM unnest(ARRAY['kaoa.kommune', 'kaoa.organisation', 'kaoa.fristen', 'kaoa.anschluss_kategorie',
                    'kaoa.person', 'kaoa.person_identitaet', 'kaoa.fall', 'kaoa.einwilligung',
                    'kaoa.uebergabe', 'kaoa.kontaktversuch', 'kaoa.ereignis']) AS o;
-- every type that can hold or receive a case (not the JBA) changes its cases, records contact
-- attempts and consents
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, o, r, true
  FROM unnest(ARRAY['schule', 'berufskolleg', 'agentur', 'jobcenter', 'jugendamt', 'koko', 'kammer',
                    'traeger', 'betrieb']) AS t,
       (VALUES ('kaoa.fall', 'SELECT, UPDATE'), ('kaoa.kontaktversuch', 'SELECT, INSERT'),
               ('kaoa.einwilligung', 'SELECT, INSERT, UPDATE')) AS v(o, r);
-- schools register persons, their identities and their cases
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE fuer IN ('schule', 'berufskolleg') AND objekt = 'kaoa.fall';
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, o, 'SELECT, INSERT, UPDATE', true
  FROM unnest(ARRAY['schule', 'berufskolleg']) AS t,
       unnest(ARRAY['kaoa.person', 'kaoa.person_identitaet']) AS o;
-- the KoKo keeps its Kommune's configuration and reads the views
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert) VALUES
    ('koko', 'kaoa.kommune', 'SELECT, UPDATE', true),
    ('koko', 'kaoa.organisation', 'SELECT, INSERT, UPDATE', true),
    ('koko', 'kaoa.fristen', 'SELECT, INSERT, UPDATE, DELETE', true);
-- the system: everything the rules allow
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'system', o, r, true
  FROM (VALUES ('kaoa.kommune', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.organisation', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.fristen', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.anschluss_kategorie', 'SELECT'),
               ('kaoa.person', 'SELECT, INSERT, UPDATE'),
               ('kaoa.person_identitaet', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.fall', 'SELECT, INSERT, UPDATE'),
               ('kaoa.einwilligung', 'SELECT, INSERT, UPDATE'),
               ('kaoa.uebergabe', 'SELECT, INSERT'),
               ('kaoa.kontaktversuch', 'SELECT, INSERT'),
               ('kaoa.ereignis', 'SELECT')) AS v(o, r);

CREATE FUNCTION kaoa.akteur_anlegen(rolle name, org_id bigint) RETURNS void
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_akteur_anlegen';
COMMENT ON FUNCTION kaoa.akteur_anlegen(name, bigint) IS
    'Maps a role to an organisation (replacing an earlier mapping) and grants what that type of organisation needs (kaoa.rolle_recht); nothing to PUBLIC. Superuser or the extension owner only.';

CREATE FUNCTION kaoa.system_zugang(rolle name) RETURNS void
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_system_zugang';
COMMENT ON FUNCTION kaoa.system_zugang(name) IS
    'Registers a role that acts as the system (imports, maintenance, scheduled jobs) and grants what it needs. Superuser or the extension owner only.';

CREATE FUNCTION kaoa.bi_zugang(rolle name, kommune text) RETURNS void
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_bi_zugang';
COMMENT ON FUNCTION kaoa.bi_zugang(name, text) IS
    'Lets a role read the kaoa.v_* views for one Kommune and nothing else (the tables stay closed: 42501). Superuser or the extension owner only.';

CREATE FUNCTION kaoa.mitgeliefert_schuetzen() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_mitgeliefert_schuetzen';
COMMENT ON FUNCTION kaoa.mitgeliefert_schuetzen() IS
    'BEFORE INSERT OR UPDATE OR DELETE on reference tables that ship rows: outside kaoa''s scripts a shipped row (mitgeliefert) cannot change or go, and no row can be marked shipped (KA006), since pg_dump keeps only the rows users add.';
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.rolle_recht
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add a row for the same fuer and objekt (mitgeliefert false): it replaces the shipped one in kaoa.akteur_anlegen; rechte '''' grants nothing.',
        '2');
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.anschluss_kategorie
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add your own category under a new code instead; cases refer to the shipped ones, whose meaning stays fixed.');

-- ==== extension/120_kette_regeln.sql ====
-- The rules of the Verantwortungskette as C triggers (DESIGN.md §5), so that plain INSERT / UPDATE /
-- DELETE from any frontend is held to them.  All are ordinary triggers: under
-- session_replication_role = replica (restoring a dump) they do nothing.  Row triggers are named
-- so that the rule trigger (a_…) runs before other BEFORE triggers and the log (z_…) after.

CREATE FUNCTION kaoa.fall_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_fall_regeln';
COMMENT ON FUNCTION kaoa.fall_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.fall: who creates and changes a case, the state machine and its preconditions, fixed columns (KA001, KA004, KA006, KA009, KA010).';
CREATE FUNCTION kaoa.fall_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_fall_protokoll';
COMMENT ON FUNCTION kaoa.fall_protokoll() IS 'AFTER INSERT OR UPDATE on kaoa.fall: logs creation, status changes and other changes.';
CREATE FUNCTION kaoa.person_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_person_regeln';
COMMENT ON FUNCTION kaoa.person_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.person: schools register persons; key columns and a recorded objection never change; birth month cut to the 1st.';
CREATE FUNCTION kaoa.person_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_person_protokoll';
COMMENT ON FUNCTION kaoa.person_protokoll() IS 'AFTER INSERT OR UPDATE on kaoa.person: logs an objection.';
CREATE FUNCTION kaoa.identitaet_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_identitaet_regeln';
COMMENT ON FUNCTION kaoa.identitaet_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.person_identitaet: only the school of the current case writes it, only the system deletes it.';
CREATE FUNCTION kaoa.identitaet_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_identitaet_protokoll';
COMMENT ON FUNCTION kaoa.identitaet_protokoll() IS 'AFTER DELETE on kaoa.person_identitaet: logs the deletion.';
CREATE FUNCTION kaoa.einwilligung_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_einwilligung_regeln';
COMMENT ON FUNCTION kaoa.einwilligung_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.einwilligung: who records a consent, selbst from age 14, known fields; only widerrufen_am changes, once.';
CREATE FUNCTION kaoa.einwilligung_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_einwilligung_protokoll';
COMMENT ON FUNCTION kaoa.einwilligung_protokoll() IS 'AFTER INSERT OR UPDATE on kaoa.einwilligung: logs consents and revocations.';
CREATE FUNCTION kaoa.kontakt_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_kontakt_regeln';
COMMENT ON FUNCTION kaoa.kontakt_regeln() IS
    'BEFORE INSERT on kaoa.kontaktversuch: an organisation records its own attempts, on cases it may see.';
CREATE FUNCTION kaoa.kontakt_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_kontakt_protokoll';
COMMENT ON FUNCTION kaoa.kontakt_protokoll() IS 'AFTER INSERT on kaoa.kontaktversuch: logs the attempt.';
CREATE FUNCTION kaoa.organisation_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_organisation_regeln';
COMMENT ON FUNCTION kaoa.organisation_regeln() IS 'BEFORE UPDATE on kaoa.organisation: kommune, org_id and typ never change.';
CREATE FUNCTION kaoa.uebergabe_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_uebergabe_regeln';
COMMENT ON FUNCTION kaoa.uebergabe_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.uebergabe: a direct INSERT gets the checks of kaoa.uebergeben; only the answer functions answer a hand-off, once.';
CREATE FUNCTION kaoa.uebergabe_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_uebergabe_protokoll';
COMMENT ON FUNCTION kaoa.uebergabe_protokoll() IS 'AFTER INSERT OR UPDATE on kaoa.uebergabe: logs offers and answers.';
CREATE FUNCTION kaoa.nur_anfuegen() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_nur_anfuegen';
COMMENT ON FUNCTION kaoa.nur_anfuegen() IS
    'BEFORE UPDATE / DELETE / TRUNCATE FOR EACH STATEMENT: refuses changes to the append-only history and UPDATEs naming a fixed column (KA006; KA004 for zustaendig_org), even when no row matches.';

CREATE TRIGGER a_fall_regeln BEFORE INSERT OR UPDATE ON kaoa.fall
    FOR EACH ROW EXECUTE FUNCTION kaoa.fall_regeln();
CREATE TRIGGER z_fall_protokoll AFTER INSERT OR UPDATE ON kaoa.fall
    FOR EACH ROW EXECUTE FUNCTION kaoa.fall_protokoll();
CREATE TRIGGER fall_nie_loeschen BEFORE DELETE OR TRUNCATE ON kaoa.fall
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Cases are never deleted; an identity is deleted alone (kaoa.loeschfristen_anwenden).');
-- An UPDATE naming a fixed column is refused per statement, so a hidden row answers like a visible
-- one (not UPDATE 0).
CREATE TRIGGER fall_feste_spalten BEFORE UPDATE OF kommune, person_id, schuljahr, schule_org ON kaoa.fall
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Create a new case for another person, school year or school; status, anschluss, aufnehmende_org, abschluss, abschluss_erwartet, schulform and grund change by UPDATE.',
        'spalten');
CREATE TRIGGER fall_zustaendig BEFORE UPDATE OF zustaendig_org ON kaoa.fall
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Offer the case with kaoa.uebergeben(fall_id, an_org, rechtsgrundlage); it moves when the receiver calls kaoa.uebernehmen(uebergabe_id).',
        'zustaendig');

CREATE TRIGGER a_person_regeln BEFORE INSERT OR UPDATE ON kaoa.person
    FOR EACH ROW EXECUTE FUNCTION kaoa.person_regeln();
CREATE TRIGGER z_person_protokoll AFTER INSERT OR UPDATE ON kaoa.person
    FOR EACH ROW EXECUTE FUNCTION kaoa.person_protokoll();
CREATE TRIGGER person_nie_loeschen BEFORE DELETE OR TRUNCATE ON kaoa.person
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Persons are never deleted; their identity is deleted alone (kaoa.loeschfristen_anwenden).');
CREATE TRIGGER person_feste_spalten BEFORE UPDATE OF kommune, person_id, pseudonym, angelegt_von ON kaoa.person
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Register a new person instead; the pseudonym is the import key.', 'spalten');

CREATE TRIGGER a_identitaet_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.person_identitaet
    FOR EACH ROW EXECUTE FUNCTION kaoa.identitaet_regeln();
CREATE TRIGGER z_identitaet_protokoll AFTER DELETE ON kaoa.person_identitaet
    FOR EACH ROW EXECUTE FUNCTION kaoa.identitaet_protokoll();
CREATE TRIGGER identitaet_nie_leeren BEFORE TRUNCATE ON kaoa.person_identitaet
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Delete identities row by row (each deletion is logged), e.g. with kaoa.loeschfristen_anwenden.');

CREATE TRIGGER a_einwilligung_regeln BEFORE INSERT OR UPDATE ON kaoa.einwilligung
    FOR EACH ROW EXECUTE FUNCTION kaoa.einwilligung_regeln();
CREATE TRIGGER z_einwilligung_protokoll AFTER INSERT OR UPDATE ON kaoa.einwilligung
    FOR EACH ROW EXECUTE FUNCTION kaoa.einwilligung_protokoll();
CREATE TRIGGER einwilligung_nie_loeschen BEFORE DELETE OR TRUNCATE ON kaoa.einwilligung
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'A consent is revoked by setting widerrufen_am, never deleted.');
CREATE TRIGGER einwilligung_feste_spalten
    BEFORE UPDATE OF kommune, einwilligung_id, person_id, erteilt_von, empfaenger, daten, zweck, gueltig_ab
    ON kaoa.einwilligung
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'A consent only gets widerrufen_am, once; record a new consent for other terms.', 'spalten');

CREATE TRIGGER a_kontakt_regeln BEFORE INSERT ON kaoa.kontaktversuch
    FOR EACH ROW EXECUTE FUNCTION kaoa.kontakt_regeln();
CREATE TRIGGER z_kontakt_protokoll AFTER INSERT ON kaoa.kontaktversuch
    FOR EACH ROW EXECUTE FUNCTION kaoa.kontakt_protokoll();
CREATE TRIGGER kontaktversuch_nur_anfuegen BEFORE UPDATE OR DELETE OR TRUNCATE ON kaoa.kontaktversuch
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'A contact attempt is never changed; record a correction as a new attempt.');

CREATE TRIGGER a_uebergabe_regeln BEFORE INSERT OR UPDATE ON kaoa.uebergabe
    FOR EACH ROW EXECUTE FUNCTION kaoa.uebergabe_regeln();
CREATE TRIGGER z_uebergabe_protokoll AFTER INSERT OR UPDATE ON kaoa.uebergabe
    FOR EACH ROW EXECUTE FUNCTION kaoa.uebergabe_protokoll();
CREATE TRIGGER uebergabe_nur_anfuegen BEFORE UPDATE OR DELETE OR TRUNCATE ON kaoa.uebergabe
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Hand-offs are answered with kaoa.uebernehmen, kaoa.ablehnen or kaoa.zurueckziehen and never deleted.',
        'antworten');

CREATE TRIGGER ereignis_nur_anfuegen BEFORE UPDATE OR DELETE OR TRUNCATE ON kaoa.ereignis
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'The case log is legal evidence and never changes; corrections are new events.');

CREATE TRIGGER a_organisation_regeln BEFORE UPDATE ON kaoa.organisation
    FOR EACH ROW EXECUTE FUNCTION kaoa.organisation_regeln();

-- ==== extension/130_kette_api.sql ====
-- The API of the Verantwortungskette (DESIGN.md §5).  SECURITY INVOKER C functions: each resolves
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
    'The fields the hand-off''s legal basis lets the receiver read, as a flat object with exactly those keys (null when unknown): for the receiver while open or accepted (statutory bases: six months after sending; consent: until revoked), for the sender always.';

CREATE FUNCTION kaoa.verbleib_melden(fall_id bigint, angetreten boolean) RETURNS kaoa.fall_status
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_verbleib_melden';
COMMENT ON FUNCTION kaoa.verbleib_melden(bigint, boolean) IS
    'The admitting Berufskolleg, Kammer or Betrieb, the KoKo or the holder reports whether the young person started: anschluss_gesichert → angetreten / nicht_angetreten, angetreten → nicht_angetreten. Returns the new status.';

CREATE FUNCTION kaoa.widerspruch_erheben(person_id bigint) RETURNS timestamptz
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_widerspruch_erheben';
COMMENT ON FUNCTION kaoa.widerspruch_erheben(bigint) IS
    'Records the person''s objection to the transfer under § 31a Abs. 2 SGB III (forbids sgb3_31a_2 hand-offs; counselling goes on) and logs it; returns when it was recorded.';

CREATE FUNCTION kaoa.fristen_pruefen(stichtag date DEFAULT CURRENT_DATE)
    RETURNS TABLE (kommune text, fall_id bigint, uebergabe_id bigint, problem text, faellig_am date)
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_fristen_pruefen';
COMMENT ON FUNCTION kaoa.fristen_pruefen(date) IS
    'Open hand-offs past faellig_am as of stichtag (system: all; KoKo: its Kommune; others: their own); logs each overdue hand-off once, and only when stichtag is not in the future.';

CREATE FUNCTION kaoa.kette_pruefen(kommune text, schuljahr integer, stichtag date DEFAULT CURRENT_DATE)
    RETURNS TABLE (fall_id bigint, problem text)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_kette_pruefen';
COMMENT ON FUNCTION kaoa.kette_pruefen(text, integer, date) IS
    'Nobody is lost: cases with an overdue hand-off (uebergabe_ueberfaellig), identified cases not terminal without an event by an organisation for 30 days (ohne_nachricht), and after the verbleib_stichtag every case neither angetreten nor ausgenommen (verbleib_ungeklaert). For the KoKo of the Kommune and the system.';

CREATE FUNCTION kaoa.loeschfristen_anwenden(stichtag date DEFAULT CURRENT_DATE) RETURNS integer
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_loeschfristen_anwenden';
COMMENT ON FUNCTION kaoa.loeschfristen_anwenden(date) IS
    'Deletes (and logs) the identities whose retention ended: all cases terminal for the Kommune''s aufbewahrung_monate, or the current case''s verbleib_stichtag more than 12 months back. Returns the number deleted. System roles only.';

CREATE FUNCTION kaoa.berufsschulpflicht_ende(geburtsdatum date) RETURNS date
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_berufsschulpflicht_ende';
COMMENT ON FUNCTION kaoa.berufsschulpflicht_ende(date) IS
    'End of the Berufsschulpflicht in NRW without a training contract: 31 July of the school year in which the person turns 18.';

-- ==== extension/140_kette_rls.sql ====
-- Who sees what (DESIGN.md §6): row-level security per organisation.  Every policy that needs
-- another table calls one owner-privileged STABLE C predicate (110_kette_akteur.sql), never a table
-- whose policies read back.  Writes are open in WITH CHECK: the rule triggers decide them and
-- answer with a KA code (a visible case the actor may not change gets KA004, not a silent no-op).
-- The owner (and superusers) are not subject to these policies; the API functions and rule
-- look-ups run as the owner.

ALTER TABLE kaoa.fall ENABLE ROW LEVEL SECURITY;
CREATE POLICY fall_sicht ON kaoa.fall
    USING (kaoa.fall_sichtbar(kommune, fall_id, schule_org, zustaendig_org)) WITH CHECK (true);

ALTER TABLE kaoa.person ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_sicht ON kaoa.person
    USING (kaoa.person_sichtbar(kommune, person_id, angelegt_von)) WITH CHECK (true);

ALTER TABLE kaoa.person_identitaet ENABLE ROW LEVEL SECURITY;
CREATE POLICY identitaet_sicht ON kaoa.person_identitaet
    USING (kaoa.identitaet_sichtbar(kommune, person_id)) WITH CHECK (true);

ALTER TABLE kaoa.einwilligung ENABLE ROW LEVEL SECURITY;
CREATE POLICY einwilligung_sicht ON kaoa.einwilligung
    USING (kaoa.person_sichtbar(kommune, person_id)) WITH CHECK (true);

ALTER TABLE kaoa.uebergabe ENABLE ROW LEVEL SECURITY;
CREATE POLICY uebergabe_sicht ON kaoa.uebergabe
    USING (kaoa.uebergabe_sichtbar(kommune, von_org, an_org)) WITH CHECK (true);

ALTER TABLE kaoa.kontaktversuch ENABLE ROW LEVEL SECURITY;
CREATE POLICY kontaktversuch_sicht ON kaoa.kontaktversuch
    USING (kaoa.fall_sichtbar(kommune, fall_id)) WITH CHECK (true);

ALTER TABLE kaoa.ereignis ENABLE ROW LEVEL SECURITY;
CREATE POLICY ereignis_sicht ON kaoa.ereignis FOR SELECT
    USING (kaoa.fall_sichtbar(kommune, fall_id));

-- Configuration: readable by every actor, kept by the system and the KoKo of the Kommune.
ALTER TABLE kaoa.kommune ENABLE ROW LEVEL SECURITY;
CREATE POLICY kommune_lesen ON kaoa.kommune FOR SELECT USING (true);
CREATE POLICY kommune_anlegen ON kaoa.kommune FOR INSERT WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY kommune_aendern ON kaoa.kommune FOR UPDATE
    USING (kaoa.kommune_verwaltbar(kommune)) WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY kommune_loeschen ON kaoa.kommune FOR DELETE USING (kaoa.kommune_verwaltbar(kommune));

ALTER TABLE kaoa.organisation ENABLE ROW LEVEL SECURITY;
CREATE POLICY organisation_lesen ON kaoa.organisation FOR SELECT USING (true);
CREATE POLICY organisation_anlegen ON kaoa.organisation FOR INSERT WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY organisation_aendern ON kaoa.organisation FOR UPDATE
    USING (kaoa.kommune_verwaltbar(kommune)) WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY organisation_loeschen ON kaoa.organisation FOR DELETE USING (kaoa.kommune_verwaltbar(kommune));

ALTER TABLE kaoa.fristen ENABLE ROW LEVEL SECURITY;
CREATE POLICY fristen_lesen ON kaoa.fristen FOR SELECT USING (true);
CREATE POLICY fristen_anlegen ON kaoa.fristen FOR INSERT WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY fristen_aendern ON kaoa.fristen FOR UPDATE
    USING (kaoa.kommune_verwaltbar(kommune)) WITH CHECK (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY fristen_loeschen ON kaoa.fristen FOR DELETE USING (kaoa.kommune_verwaltbar(kommune));

-- ==== extension/150_kette_sichten.sql ====
-- BI views (DESIGN.md §6).  They run with the owner's rights and filter on the Kommunen the reader
-- may see (kaoa.bi_kommunen()); security_barrier keeps a reader's own WHERE clauses from running
-- before the Kommune filter.
--
-- Suppression.  Both views split the same total — the cases of a Kommune and school year — into
-- cells (v_kette by status, v_verbleib by school and anschluss), so each view gives the other's
-- total, and a single hidden cell could be recomputed by subtraction.  Per Kommune and school year,
-- in each view:
--   primary:       every count 1 … min_fallzahl - 1 is hidden (NULL; the row stays);
--   complementary: if any count is hidden, the hidden ones must be at least two, together at least
--                  min_fallzahl, and not all 1 or all min_fallzahl - 1 (sums that pin every member);
--                  otherwise the smallest shown count (ties: by the row's key) is hidden as well —
--                  one more always suffices, as it is at least min_fallzahl;
--   both views:    if a view has no shown count left to hide in addition (all its counts are small),
--                  every count of that Kommune and school year is hidden in both views, so the
--                  total is not known either.
-- So from the shown counts and the total only the sum of the hidden ones follows, never one of
-- them.  Where a count is hidden, so is its ueberfaellig.  kaoa.bi_zellen computes the cells of
-- both views and which are hidden; the views select from it.

CREATE VIEW kaoa.bi_zellen WITH (security_barrier) AS
WITH g AS (
    SELECT 'verbleib'::text AS sicht, f.kommune, f.schuljahr, f.schule_org,
           COALESCE(a.sektor, 'OHNE') AS sektor, f.anschluss, NULL::kaoa.fall_status AS status,
           count(*) AS anzahl, 0::bigint AS ueberfaellig
      FROM kaoa.fall f
      LEFT JOIN kaoa.anschluss_kategorie a ON a.code = f.anschluss
     WHERE f.kommune IN (SELECT kaoa.bi_kommunen())
     GROUP BY f.kommune, f.schuljahr, f.schule_org, COALESCE(a.sektor, 'OHNE'), f.anschluss
    UNION ALL
    SELECT 'kette', f.kommune, f.schuljahr, NULL, NULL, NULL, f.status, count(*),
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM kaoa.uebergabe u
                WHERE u.kommune = f.kommune AND u.fall_id = f.fall_id
                  AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL
                  AND u.zurueckgezogen_am IS NULL AND u.faellig_am < CURRENT_DATE))
      FROM kaoa.fall f
     WHERE f.kommune IN (SELECT kaoa.bi_kommunen())
     GROUP BY f.kommune, f.schuljahr, f.status),
z AS (
    SELECT g.*, k.min_fallzahl AS m, g.anzahl < k.min_fallzahl AS primaer
      FROM g JOIN kaoa.kommune k ON k.kommune = g.kommune),
s AS (
    SELECT z.*,
           count(*) FILTER (WHERE z.primaer) OVER w AS k_prim,
           count(*) FILTER (WHERE NOT z.primaer) OVER w AS k_rest,
           COALESCE(sum(z.anzahl) FILTER (WHERE z.primaer) OVER w, 0) AS s_prim,
           row_number() OVER (PARTITION BY z.sicht, z.kommune, z.schuljahr, z.primaer
                              ORDER BY z.anzahl, z.status, z.schule_org, z.anschluss NULLS FIRST) AS rang
      FROM z
    WINDOW w AS (PARTITION BY z.sicht, z.kommune, z.schuljahr)),
n AS (
    SELECT s.*,
           s.k_prim > 0 AND (s.k_prim < 2 OR s.s_prim < s.m OR s.s_prim = s.k_prim
                             OR s.s_prim = s.k_prim * (s.m - 1)) AS noetig
      FROM s),
b AS (
    SELECT n.*, bool_or(n.noetig AND n.k_rest = 0) OVER (PARTITION BY n.kommune, n.schuljahr) AS alles
      FROM n)
SELECT b.sicht, b.kommune, b.schuljahr, b.schule_org, b.sektor, b.anschluss, b.status, b.anzahl,
       b.ueberfaellig, b.m AS min_fallzahl,
       b.primaer OR (b.noetig AND NOT b.primaer AND b.rang = 1) OR b.alles AS verborgen
  FROM b;
COMMENT ON VIEW kaoa.bi_zellen IS
    'Internal: the cells of kaoa.v_verbleib and kaoa.v_kette with their true counts and whether each is hidden (primary and complementary suppression, see the README). Not granted to anyone; the views read it with the owner''s rights.';

CREATE VIEW kaoa.v_verbleib WITH (security_barrier) AS
SELECT c.kommune, c.schuljahr, c.schule_org, c.sektor, c.anschluss,
       CASE WHEN NOT c.verborgen THEN c.anzahl END AS anzahl
  FROM kaoa.bi_zellen c
 WHERE c.sicht = 'verbleib';
COMMENT ON VIEW kaoa.v_verbleib IS
    'Verbleib per Kommune, school year and school: cases by the recorded anschluss and its sector (OHNE: no anschluss recorded). anzahl NULL when below the Kommune''s min_fallzahl, or hidden as well so that no hidden count follows from the others and the total (see the README).';

CREATE VIEW kaoa.v_kette WITH (security_barrier) AS
SELECT c.kommune, c.schuljahr, c.status,
       CASE WHEN NOT c.verborgen THEN c.anzahl END AS anzahl,
       CASE WHEN NOT c.verborgen AND c.ueberfaellig >= c.min_fallzahl THEN c.ueberfaellig END AS ueberfaellig
  FROM kaoa.bi_zellen c
 WHERE c.sicht = 'kette';
COMMENT ON VIEW kaoa.v_kette IS
    'The chain per Kommune, school year and status: cases, and of them those with an overdue open hand-off. Counts NULL when below the Kommune''s min_fallzahl, or hidden as well so that no hidden count follows from the others and the total (see the README).';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, v, 'SELECT', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t, unnest(ARRAY['kaoa.v_verbleib', 'kaoa.v_kette']) AS v;
-- the views call kaoa.bi_kommunen() as the reader: BI roles may execute it (other roles execute
-- every function of kaoa anyway)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert) VALUES ('bi', 'kaoa.bi_kommunen()', 'EXECUTE', true);

-- ==== extension/160_kette_schutz.sql ====
-- DROP EXTENSION kaoa refuses while case data exists (DESIGN.md §6): the case log is legal evidence.
-- A superuser allows it with SET kaoa.daten_loeschen_erlaubt = on.

CREATE FUNCTION kaoa.drop_schutz() RETURNS event_trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_drop_schutz';
COMMENT ON FUNCTION kaoa.drop_schutz() IS
    'Event trigger: refuses DROP EXTENSION kaoa, DROP SCHEMA kaoa and DROP OWNED BY the owner while persons, cases or events exist, unless kaoa.daten_loeschen_erlaubt is on.';

CREATE EVENT TRIGGER kaoa_drop_schutz ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
    EXECUTE FUNCTION kaoa.drop_schutz();
-- ALWAYS: the guard holds under session_replication_role = replica too (the restore recipe sets it,
-- and pg_restore --clean would otherwise drop the evidence silently).
ALTER EVENT TRIGGER kaoa_drop_schutz ENABLE ALWAYS;

-- ==== extension/200_matching_tabellen.sql ====
-- Matching (DESIGN.md §4, §7): applicant profiles, offers, weights per Kommune, and the stored
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
    'Matching profile of a young person (DESIGN.md §4, §7): occupation wishes (most wanted first, at most 10), RIASEC interests, Potenzialanalyse competences, location, commuting limit max_km, availability. Written by an organisation only with the young person''s consent (einwilligung_id naming the organisation''s type; KA002 otherwise); a system import may leave einwilligung_id NULL. A profile whose consent was revoked is not used for matching. Visible like the person''s cases.';
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
    'Apprenticeship offers (DESIGN.md §4, §7): occupation (KldB), minimum qualification (hard: excludes applicants below it), RIASEC profile, competence requirements, location, start, seats. Published information: every actor reads all of them (commuting across Kreis borders is normal); the system and the KoKo of the Kommune write them, an organisation its own.';
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
    'Weights of the matching components for the applicants of one Kommune (DESIGN.md §7); each finite and >= 0, sum > 0; the score is 100 · Σ weight · component / Σ weight. No row: beruf 35, interessen 15, weg 20, abschluss 15, beginn 5, kompetenzen 10.';

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
-- pg_dump keeps user rows and identity counters (DESIGN.md §4).
SELECT pg_catalog.pg_extension_config_dump('kaoa.bewerberprofil', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.angebot', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.angebot_angebot_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.gewichtung', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.zuteilung_lauf', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.zuteilung_lauf_lauf_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.zuteilung', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.zuteilung_grenze', '');

-- ==== extension/210_matching_funktionen.sql ====
-- Matching functions (DESIGN.md §7), the consent trigger of bewerberprofil (§4) and the row-level
-- security of the matching tables (§6).  The C code is in src/match_*.c.

-- ---------------------------------------------------------------------------------------------
-- Scores and explanations.
CREATE FUNCTION kaoa.passung(person_id bigint, angebot_id bigint) RETURNS double precision
    AS 'MODULE_PATHNAME', 'kaoa_passung' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.passung(bigint, bigint) IS
    'Matching score 0-100 of a young person for an offer (DESIGN.md §7): 100 · Σ weight · component / Σ weight over beruf, interessen, weg, abschluss, beginn, kompetenzen with the weights of the person''s Kommune. NULL when the pair is excluded (ABSCHLUSS, DISTANZ, BEGINN) or the person has no usable profile. KA004 for a person the caller may not see, P0002 for an unknown offer.';

CREATE FUNCTION kaoa.passung_erklaert(person_id bigint, angebot_id bigint) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'kaoa_passung_erklaert' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.passung_erklaert(bigint, bigint) IS
    'The score with its reasons, for a counsellor: {"passung": number|null, "ausschluss": null|"ABSCHLUSS"|"DISTANZ"|"BEGINN"|"KEIN_PROFIL", "distanz_km": number|null, "komponenten": {"beruf": {"wert": 0..1, "gewicht": w}, … all six}}. Components are shown for excluded pairs too.';

CREATE FUNCTION kaoa.prioritaet(person_id bigint, angebot_id bigint) RETURNS double precision
    AS 'MODULE_PATHNAME', 'kaoa_prioritaet_paar' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.prioritaet(bigint, bigint) IS
    'Offer-side priority 0-100 of a young person at an offer (DESIGN.md §7): 100 · (40 kompetenzen + 35 abschluss + 15 interessen + 10 weg) / 100 — what kaoa.zuteilung_berechnen ranks applicants by and what the cutoff is compared with. NULL when excluded or without a usable profile.';

CREATE FUNCTION kaoa.matching_statistik(OUT suchen bigint, OUT gesichtet bigint, OUT bewertet bigint)
    AS 'MODULE_PATHNAME', 'kaoa_matching_statistik' LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.matching_statistik() IS
    'What the kaoa.top_angebote searches of this session cost: searches, offers looked at, offers scored completely (the rest was pruned by the index without a score). Session totals, for tuning and benchmarks.';

CREATE FUNCTION kaoa.top_angebote(person_id bigint, k integer DEFAULT 10)
    RETURNS TABLE (angebot_id bigint, passung double precision)
    AS 'MODULE_PATHNAME', 'kaoa_top_angebote' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION kaoa.top_angebote(bigint, integer) IS
    'The k best offers for a young person among all offers (any Kommune), excluded pairs left out, best first, ties by angebot_id. Streams over an index of the offers (occupation prefix and latitude bands) with distance pruning; never scores an applicants × offers matrix. Nothing for a person without a usable profile; k <= 0 is 22023.';

CREATE FUNCTION kaoa.top_bewerber(angebot_id bigint, k integer DEFAULT 10)
    RETURNS TABLE (person_id bigint, passung double precision)
    AS 'MODULE_PATHNAME', 'kaoa_top_bewerber' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION kaoa.top_bewerber(bigint, integer) IS
    'The k best young people for an offer among those with a usable profile that the caller may see, excluded pairs left out, best first, ties by person_id. k <= 0 is 22023, an unknown offer P0002.';

-- ---------------------------------------------------------------------------------------------
-- The stable assignment.
CREATE FUNCTION kaoa.stabile_zuteilung(kandidaten text, kapazitaeten text, seed bigint DEFAULT 0)
    RETURNS TABLE (bewerber bigint, angebot bigint)
    AS 'MODULE_PATHNAME', 'kaoa_stabile_zuteilung' LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY INVOKER;
COMMENT ON FUNCTION kaoa.stabile_zuteilung(text, text, bigint) IS
    'Applicant-optimal stable matching (applicant-proposing deferred acceptance with capacities, DESIGN.md §7). kandidaten: one SELECT returning (bewerber bigint, angebot bigint, praeferenz float8, prioritaet float8) by position, one row per acceptable pair; kapazitaeten: one SELECT returning (angebot bigint, plaetze int). Applicants rank by praeferenz desc, ties angebot asc; offers by prioritaet desc, ties los(seed, bewerber) asc (splitmix64 of seed XOR bewerber), then bewerber asc. Runs the queries as the caller. Errors: 42601 not one statement, 42P11 not a plain SELECT, 42804 wrong columns, 22004 NULL, 22023 NaN, 22003 negative seats, 23505 duplicate capacity row, 23503 offer without capacity row, 21000 duplicate pair, 22004 a NULL argument.';

CREATE FUNCTION kaoa.zuteilung_berechnen(kommune text, schuljahr integer, k integer DEFAULT 50, seed bigint DEFAULT 0)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'kaoa_zuteilung_berechnen' LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY INVOKER;
COMMENT ON FUNCTION kaoa.zuteilung_berechnen(text, integer, integer, bigint) IS
    'Computes and stores a proposed assignment for the open young people of a Kommune and school year (a case in ohne_anschluss, in_beratung, nicht_angetreten or nicht_erreichbar, with a usable profile): each one''s top-k eligible offers with seats (praeferenz = passung, prioritaet = offer-side priority), the stable assignment, and the cutoff of every full offer. Returns the lauf_id. Run by the KoKo of the Kommune or the system (KA004 otherwise); a NULL argument is 22004, k <= 0 or a schuljahr outside 2000-2100 22023, an unknown Kommune P0002; a k above the number of offers searches them all. A proposal for counsellors to discuss with each young person, never an automatic decision (Art. 22 DSGVO).';

-- ---------------------------------------------------------------------------------------------
-- The consent rule of bewerberprofil.
CREATE FUNCTION kaoa.bewerberprofil_pruefen() RETURNS trigger
    AS 'MODULE_PATHNAME', 'kaoa_bewerberprofil_pruefen' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION kaoa.bewerberprofil_pruefen() IS
    'Trigger of kaoa.bewerberprofil: an organisation needs a consent of the person valid now that names its type (KA002); a consent given by anyone must belong to the person and be valid (KA002); kommune and person_id do not change (KA006).';
CREATE TRIGGER bewerberprofil_pruefen BEFORE INSERT OR UPDATE ON kaoa.bewerberprofil
    FOR EACH ROW EXECUTE FUNCTION kaoa.bewerberprofil_pruefen();

-- ---------------------------------------------------------------------------------------------
-- Row-level security.
CREATE FUNCTION kaoa.angebot_schreibbar(kommune text, org_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_angebot_schreibbar' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.angebot_schreibbar(text, bigint) IS
    'Row-level security of kaoa.angebot: the system writes every offer, the KoKo those of its Kommune, any other organisation its own (org_id).';
CREATE FUNCTION kaoa.zuteilung_lesbar(kommune text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_zuteilung_lesbar' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.zuteilung_lesbar(text) IS
    'Row-level security of kaoa.zuteilung_lauf and kaoa.zuteilung_grenze: the system and every organisation of the Kommune.';

ALTER TABLE kaoa.bewerberprofil ENABLE ROW LEVEL SECURITY;
CREATE POLICY bewerberprofil_sichtbar ON kaoa.bewerberprofil
    USING (kaoa.person_sichtbar(kommune, person_id))
    WITH CHECK (kaoa.person_sichtbar(kommune, person_id));

ALTER TABLE kaoa.angebot ENABLE ROW LEVEL SECURITY;
CREATE POLICY angebot_lesen ON kaoa.angebot FOR SELECT USING (true);
CREATE POLICY angebot_anlegen ON kaoa.angebot FOR INSERT WITH CHECK (kaoa.angebot_schreibbar(kommune, org_id));
CREATE POLICY angebot_aendern ON kaoa.angebot FOR UPDATE
    USING (kaoa.angebot_schreibbar(kommune, org_id)) WITH CHECK (kaoa.angebot_schreibbar(kommune, org_id));
CREATE POLICY angebot_loeschen ON kaoa.angebot FOR DELETE USING (kaoa.angebot_schreibbar(kommune, org_id));

ALTER TABLE kaoa.gewichtung ENABLE ROW LEVEL SECURITY;
CREATE POLICY gewichtung_lesen ON kaoa.gewichtung FOR SELECT USING (true);
CREATE POLICY gewichtung_schreiben ON kaoa.gewichtung FOR ALL
    USING (kaoa.angebot_schreibbar(kommune, NULL)) WITH CHECK (kaoa.angebot_schreibbar(kommune, NULL));

ALTER TABLE kaoa.zuteilung_lauf ENABLE ROW LEVEL SECURITY;
CREATE POLICY zuteilung_lauf_lesen ON kaoa.zuteilung_lauf FOR SELECT USING (kaoa.zuteilung_lesbar(kommune));
CREATE POLICY zuteilung_lauf_loeschen ON kaoa.zuteilung_lauf FOR DELETE USING (kaoa.angebot_schreibbar(kommune, NULL));
ALTER TABLE kaoa.zuteilung ENABLE ROW LEVEL SECURITY;
CREATE POLICY zuteilung_lesen ON kaoa.zuteilung FOR SELECT USING (kaoa.person_sichtbar(kommune, person_id));
ALTER TABLE kaoa.zuteilung_grenze ENABLE ROW LEVEL SECURITY;
CREATE POLICY zuteilung_grenze_lesen ON kaoa.zuteilung_grenze FOR SELECT USING (kaoa.zuteilung_lesbar(kommune));

-- ---------------------------------------------------------------------------------------------
-- What kaoa.akteur_anlegen, kaoa.system_zugang and kaoa.bi_zugang grant on the matching tables
-- (row-level security above decides which rows).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'akteur', o, r, true
  FROM (VALUES ('kaoa.bewerberprofil', 'SELECT'), ('kaoa.angebot', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.gewichtung', 'SELECT'), ('kaoa.zuteilung_lauf', 'SELECT'),
               ('kaoa.zuteilung', 'SELECT'), ('kaoa.zuteilung_grenze', 'SELECT')) AS v(o, r);
-- every type that works with young people records their profiles (under their consent)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bewerberprofil', 'SELECT, INSERT, UPDATE, DELETE', true
  FROM unnest(ARRAY['schule', 'berufskolleg', 'agentur', 'jobcenter', 'jugendamt', 'koko', 'kammer',
                    'traeger', 'betrieb']) AS t;
-- the KoKo sets its Kommune's weights and deletes old runs
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert) VALUES
    ('koko', 'kaoa.gewichtung', 'SELECT, INSERT, UPDATE, DELETE', true),
    ('koko', 'kaoa.zuteilung_lauf', 'SELECT, DELETE', true);
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'system', o, r, true
  FROM (VALUES ('kaoa.bewerberprofil', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.angebot', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.gewichtung', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.zuteilung_lauf', 'SELECT, DELETE'),
               ('kaoa.zuteilung', 'SELECT'),
               ('kaoa.zuteilung_grenze', 'SELECT')) AS v(o, r);

-- ==== extension/220_matching_sichten.sql ====
-- BI view of the assignment runs (DESIGN.md §6): like the chain's views it runs with the owner's
-- rights, filters on the Kommunen the reader may see (kaoa.bi_kommunen()), shows every count below
-- the Kommune's min_fallzahl as NULL (the row stays) and carries no totals.

CREATE VIEW kaoa.v_zuteilung WITH (security_barrier) AS
SELECT g.kommune, g.lauf_id, g.schuljahr, g.zeit, g.zugeteilt, g.berufsbereich,
       CASE WHEN g.anzahl >= k.min_fallzahl THEN g.anzahl END AS anzahl,
       CASE WHEN g.anzahl >= k.min_fallzahl THEN g.passung_mittel END AS passung_mittel
  FROM (SELECT l.kommune, l.lauf_id, l.schuljahr, l.zeit,
               z.angebot_id IS NOT NULL AS zugeteilt,
               pg_catalog.substr(o.kldb::text, 1, 1) AS berufsbereich,
               count(*) AS anzahl,
               round(avg(z.passung)::numeric, 1) AS passung_mittel
          FROM kaoa.zuteilung_lauf l
          JOIN kaoa.zuteilung z ON z.kommune = l.kommune AND z.lauf_id = l.lauf_id
          LEFT JOIN kaoa.angebot o ON o.angebot_id = z.angebot_id
         WHERE l.kommune IN (SELECT kaoa.bi_kommunen())
         GROUP BY l.kommune, l.lauf_id, l.schuljahr, l.zeit, z.angebot_id IS NOT NULL,
                  pg_catalog.substr(o.kldb::text, 1, 1)) g
  JOIN kaoa.kommune k ON k.kommune = g.kommune;
COMMENT ON VIEW kaoa.v_zuteilung IS
    'Assignment runs per Kommune: young people proposed a place (zugeteilt) by Berufsbereich (first KldB digit of the offer) and those without one (zugeteilt false, berufsbereich NULL), with their mean passung. anzahl and passung_mittel NULL when below the Kommune''s min_fallzahl. Proposals, not decisions (Art. 22 DSGVO).';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.v_zuteilung', 'SELECT', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;

-- ==== extension/300_sbo_referenz.sql ====
-- Reference data of the Standardelemente (DESIGN.md §10): the Berufsfelder of the
-- Berufsfelderkundung mapped to KldB 2010 branches, and the versioned catalogue of the
-- Standardelemente der Beruflichen Orientierung (SBO).  Both are open sets that change between
-- editions, so they are tables with text keys, never enums.  Rows shipped with kaoa are marked
-- `mitgeliefert`; pg_dump keeps only the rows a user added.  Like kaoa.anschluss_kategorie they
-- are shared by every Kommune (the one exception to the rule that kommune leads every key).

CREATE TABLE kaoa.berufsfeld (
    code         text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    svws_id      integer UNIQUE,
    kuerzel      text UNIQUE CHECK (kuerzel ~ '^[A-Z0-9]{1,10}$'),
    name         text NOT NULL CHECK (btrim(name) <> ''),
    kldb         kaoa.kldb[] NOT NULL
                 CHECK (cardinality(kldb) > 0 AND array_ndims(kldb) = 1 AND array_position(kldb, NULL) IS NULL),
    mitgeliefert boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE kaoa.berufsfeld IS
    'Berufsfelder of the KAoA Berufsfelderkundung (the 16 of the NRW school software SVWS, catalogue KAOABerufsfeld), each mapped to KldB 2010 branches so that a BFE day, a wish and an offer compare with <@.';
COMMENT ON COLUMN kaoa.berufsfeld.code IS 'Stable key, referenced by sbo_teilnahme.berufsfeld and massnahme.berufsfelder.';
COMMENT ON COLUMN kaoa.berufsfeld.svws_id IS 'id in the SVWS catalogue KAOABerufsfeld (for Schild/SVWS interchange).';
COMMENT ON COLUMN kaoa.berufsfeld.kuerzel IS 'Kürzel in the SVWS catalogue (BAV, D, EL, …).';
COMMENT ON COLUMN kaoa.berufsfeld.name IS 'Name exactly as in the SVWS catalogue.';
COMMENT ON COLUMN kaoa.berufsfeld.kldb IS 'KldB 2010 branches (2- or 3-digit codes) whose occupations belong to the field: a code k lies in the field when k <@ one of them. Fields may overlap. The mapping shipped with kaoa is an inference (README).';
COMMENT ON COLUMN kaoa.berufsfeld.mitgeliefert IS 'True for rows shipped with kaoa (not dumped); rows a DBA adds keep false.';

INSERT INTO kaoa.berufsfeld (code, svws_id, kuerzel, name, kldb, mitgeliefert) VALUES
    ('bau_architektur_vermessung',          1, 'BAV',    'Bau, Architektur, Vermessung',        '{31,32,33,34}', true),
    ('dienstleistung',                      2, 'D',      'Dienstleistung',                      '{293,53,54,63,823,824,832}', true),
    ('elektro',                             3, 'EL',     'Elektro',                             '{26}', true),
    ('gesundheit',                          4, 'G',      'Gesundheit',                          '{81,821,822,825}', true),
    ('gesellschafts_geisteswissenschaften', 5, 'GESGE',  'Gesellschafts-,Geisteswissenschaften', '{91,833}', true),
    ('it_computer',                         6, 'ITC',    'IT, Computer',                        '{43}', true),
    ('kunst_kultur_gestaltung',             7, 'KKG',    'Kunst, Kultur, Gestaltung',           '{93,941,942,943,946,947}', true),
    ('landwirtschaft_natur_umwelt',         8, 'LANAUM', 'Landwirtschaft, Natur, Umwelt',       '{11,12,42,343}', true),
    ('metall_maschinenbau',                 9, 'M',      'Metall, Maschinenbau',                '{24,25,261}', true),
    ('medien',                             10, 'ME',     'Medien',                              '{232,233,234,92,733,944,945}', true),
    ('naturwissenschaften',                11, 'N',      'Naturwissenschaft',                   '{41,421}', true),
    ('produktion_fertigung',               12, 'PRFE',   'Produktion, Fertigung',               '{21,22,231,234,28,291,292}', true),
    ('soziales_paedagogik',                13, 'SP',     'Soziales, Pädagogik',                 '{831,833,84}', true),
    ('technik_technologiefelder',          14, 'TEC',    'Technik, Technologiefelder',          '{27,252,261}', true),
    ('verkehr_logistik',                   15, 'VL',     'Verkehr, Logistik',                   '{51,52}', true),
    ('wirtschaft_verwaltung',              16, 'WIVE',   'Wirtschaft, Verwaltung',              '{61,62,71,72,731,732,914}', true);

SELECT pg_catalog.pg_extension_config_dump('kaoa.berufsfeld', 'WHERE NOT mitgeliefert');

CREATE FUNCTION kaoa.berufsfelder(beruf kaoa.kldb) RETURNS text[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN (SELECT COALESCE(pg_catalog.array_agg(b.code ORDER BY b.svws_id NULLS LAST, b.code), '{}')
              FROM kaoa.berufsfeld b
             WHERE beruf OPERATOR(kaoa.<@) ANY (b.kldb));
COMMENT ON FUNCTION kaoa.berufsfelder(kaoa.kldb) IS
    'The Berufsfelder (codes of kaoa.berufsfeld) a KldB code lies in; empty when none (e.g. a 1-digit code or Militär).';

-- Versions of the catalogue: the SBO numbering changed between editions (research/domain.md §2).
CREATE TABLE kaoa.sbo_katalog_version (
    version      text PRIMARY KEY CHECK (version ~ '^[a-z0-9][a-z0-9_.-]*$'),
    gueltig_ab   date UNIQUE,
    bezeichnung  text NOT NULL CHECK (btrim(bezeichnung) <> ''),
    quelle       text,
    mitgeliefert boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE kaoa.sbo_katalog_version IS
    'Editions of the SBO catalogue. A participation recorded without katalog_version gets the edition in force on its date: the one with the latest gueltig_ab not after it (NULL = since always).';
COMMENT ON COLUMN kaoa.sbo_katalog_version.gueltig_ab IS 'First day the edition applies; NULL: applies from the beginning (only one edition may have NULL).';
COMMENT ON COLUMN kaoa.sbo_katalog_version.quelle IS 'Where the numbering comes from (URL).';
COMMENT ON COLUMN kaoa.sbo_katalog_version.mitgeliefert IS 'True for rows shipped with kaoa (not dumped).';
CREATE UNIQUE INDEX sbo_katalog_version_ohne_beginn ON kaoa.sbo_katalog_version ((true)) WHERE gueltig_ab IS NULL;

CREATE TABLE kaoa.sbo_katalog (
    version                   text NOT NULL REFERENCES kaoa.sbo_katalog_version,
    code                      text NOT NULL CHECK (btrim(code) = code AND code <> ''),
    element                   text NOT NULL CHECK (element ~ '^[a-z][a-z0-9_]*$'),
    name                      text NOT NULL CHECK (btrim(name) <> ''),
    jahrgang_von              integer NOT NULL CHECK (jahrgang_von BETWEEN 1 AND 13),
    jahrgang_bis              integer NOT NULL CHECK (jahrgang_bis BETWEEN 1 AND 13),
    pflicht                   boolean NOT NULL DEFAULT false,
    ab_halbjahr               integer NOT NULL DEFAULT 1 CHECK (ab_halbjahr IN (1, 2)),
    mindestanzahl             integer NOT NULL DEFAULT 1 CHECK (mindestanzahl BETWEEN 1 AND 64),
    berufsfeld_noetig         boolean NOT NULL DEFAULT false,
    verschiedene_berufsfelder boolean NOT NULL DEFAULT false,
    mit_kompetenzen           boolean NOT NULL DEFAULT false,
    mitgeliefert              boolean NOT NULL DEFAULT false,
    PRIMARY KEY (version, code),
    CONSTRAINT sbo_katalog_jahrgaenge CHECK (jahrgang_von <= jahrgang_bis),
    CONSTRAINT sbo_katalog_verschiedene_felder CHECK (NOT verschiedene_berufsfelder OR berufsfeld_noetig)
);
-- one requirement per element and edition (the other codes of the element count for it)
CREATE UNIQUE INDEX sbo_katalog_eine_pflicht ON kaoa.sbo_katalog (version, element) WHERE pflicht;
COMMENT ON TABLE kaoa.sbo_katalog IS
    'The Standardelemente der Beruflichen Orientierung per catalogue edition: code as the edition numbers it, the stable element it belongs to, the grades it is done in, and what completeness requires (kaoa.sbo_luecken).';
COMMENT ON COLUMN kaoa.sbo_katalog.code IS 'The code as the edition numbers it (SBO 4.1, …); data, never an enum.';
COMMENT ON COLUMN kaoa.sbo_katalog.element IS 'Stable name of the element across editions (potenzialanalyse, berufsfelderkundung, praktikum, anschlussvereinbarung, …): participations under any code of an element count for it.';
COMMENT ON COLUMN kaoa.sbo_katalog.jahrgang_von IS 'First grade the element is done in (EF = 11, Q1 = 12, Q2 = 13); a required element is required from here.';
COMMENT ON COLUMN kaoa.sbo_katalog.jahrgang_bis IS 'Last grade the element is done in; a required element still missing after it is overdue.';
COMMENT ON COLUMN kaoa.sbo_katalog.pflicht IS 'Every pupil must do the element (at most one row per element and edition): kaoa.sbo_luecken reports it when missing.';
COMMENT ON COLUMN kaoa.sbo_katalog.ab_halbjahr IS 'Required from this half-year (1 from 1 August, 2 from 1 February) of jahrgang_von.';
COMMENT ON COLUMN kaoa.sbo_katalog.mindestanzahl IS 'Participations needed (Berufsfelderkundung: 3).';
COMMENT ON COLUMN kaoa.sbo_katalog.berufsfeld_noetig IS 'A participation must name its Berufsfeld (refused with 23502 otherwise).';
COMMENT ON COLUMN kaoa.sbo_katalog.verschiedene_berufsfelder IS 'Only participations on distinct days in distinct Berufsfelder count towards mindestanzahl.';
COMMENT ON COLUMN kaoa.sbo_katalog.mit_kompetenzen IS 'A participation may carry kompetenzen (the Potenzialanalyse).';
COMMENT ON COLUMN kaoa.sbo_katalog.mitgeliefert IS 'True for rows shipped with kaoa (not dumped).';

INSERT INTO kaoa.sbo_katalog_version (version, gueltig_ab, bezeichnung, quelle, mitgeliefert) VALUES
    ('svws_1', NULL,
     'Standardelemente der Beruflichen Orientierung (KAoA), numbered as in the SVWS catalogues KAOAKategorie / KAOAMerkmal, version 1',
     'https://github.com/SVWS-NRW/SVWS-Server/blob/0cd4bc4991cb686a7d6464eda306a499d3db3f9d/svws-asd/src/main/resources/de/svws_nrw/asd/types/kaoa/KAOAMerkmal.json',
     true);

INSERT INTO kaoa.sbo_katalog (version, code, element, name, jahrgang_von, jahrgang_bis, pflicht, ab_halbjahr,
                              mindestanzahl, berufsfeld_noetig, verschiedene_berufsfelder, mit_kompetenzen, mitgeliefert)
VALUES
    ('svws_1', 'SBO 2.1',  'schulische_beratung', 'Schulische prozessorientierte Begleitung und Beratung', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.2',  'beratung_ba', 'Berufsorientierende Angebote der Berufsberatung der Bundesagentur für Arbeit (BA)', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.3',  'beratung_extern', 'Individuelle Beratungsangebote außerschulischer Partner', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.4',  'star_berufswegekonferenz', 'STAR – Berufswegekonferenz', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.5',  'elternarbeit', 'Einbindung von Eltern bzw. Erziehungsberechtigten', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.6',  'star_elternarbeit', 'STAR – Einbindung von Eltern bzw. Erziehungsberechtigten', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 3.4',  'portfolio', 'Portfolioinstrument', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 4.1',  'potenzialanalyse', 'Potenzialanalyse 1-tägig', 8, 8, true, 1, 1, false, false, true, true),
    ('svws_1', 'SBO 4.2',  'potenzialanalyse', 'Potenzialanalyse für Schülerinnen und Schüler mit den Förderschwerpunkten Lernen und Emotionale soziale Entwicklung – 2-tägig', 8, 8, false, 1, 1, false, false, true, true),
    ('svws_1', 'SBO 4.3',  'potenzialanalyse', 'STAR – Potenzialanalyse für Schülerinnen und Schüler mit den Förderschwerpunkten Geistige Entwicklung, Körperliche und motorische Entwicklung, Hören und Kommunikation und Sprache – 2-tägig', 8, 8, false, 1, 1, false, false, true, true),
    ('svws_1', 'SBO 4.4',  'star_sehvermoegen', 'STAR – Feststellung des funktionalen Sehvermögens im Förderschwerpunkt Sehen', 8, 9, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 4.5',  'potenzialanalyse', 'STAR – Potenzialanalyse im Förderschwerpunkt Sehen – 2-tägig', 8, 8, false, 1, 1, false, false, true, true),
    ('svws_1', 'SBO 5.1',  'berufsfelderkundung', 'Berufsfelderkundungen', 8, 8, true, 1, 3, true, true, false, true),
    ('svws_1', 'SBO 5.2',  'berufsfelderkundung', 'STAR – Berufsfelderkundungen', 8, 8, false, 1, 1, true, false, false, true),
    ('svws_1', 'SBO 5.3',  'star_kommunikationstraining_1', 'STAR – Arbeitsplatzbezogenes Kommunikationstraining I im Förderschwerpunkt Hören und Kommunikation', 8, 9, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 5.4',  'star_bo_seminar', 'STAR – Berufsorientierungsseminar', 8, 9, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.1',  'praktikum', 'Betriebspraktika in der Sekundarstufe I (ggf. 1 Woche verlagert aus der Oberstufe)', 9, 10, true, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.2',  'star_task', 'STAR – Intensivtraining arbeitsrelevanter sozialer Kompetenzen (TASK)', 8, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.3',  'praktikum', 'STAR – Betriebspraktikum im Block', 9, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.4',  'praxiskurs', 'Praxiskurse', 9, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.5',  'langzeitpraktikum', 'Langzeitpraktikum', 9, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.6',  'praktikum', 'STAR – Betriebspraktikum in Langzeit', 9, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 7.1',  'kaoa_kompakt', 'KAoA-kompakt', 10, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 8.1',  'standortbestimmung_sek2', 'Standortbestimmung – Reflexionsworkshop Sek. II', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 8.2',  'entscheidungskompetenz_1', 'Stärkung der Entscheidungskompetenz I – Sek. II', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 9.1',  'praxiselemente_sek2', 'Praxiselemente in Betrieben, Hochschulen, Institutionen', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 9.2',  'studienorientierung', 'Studienorientierung', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 9.3',  'entscheidungskompetenz_2', 'Stärkung der Entscheidungskompetenz II – Sek. II', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.1', 'bewerbungsphase', 'Bewerbungsphase', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.2', 'star_kommunikationstraining_2', 'STAR – Arbeitsplatzbezogenes Kommunikationstraining II im Förderschwerpunkt Hören und Kommunikation', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.3', 'star_bewerbungstraining', 'STAR – Betriebsnahes Bewerbungstraining / Umgang mit Dolmetschenden und Technik im Förderschwerpunkt Hören und Kommunikation', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.4', 'uebergangsbegleitung', 'Übergangsbegleitung', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.5', 'star_uebergangsbegleitung', 'STAR – Übergangsbegleitung', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.6', 'anschlussvereinbarung', 'Anschlussvereinbarung', 9, 9, true, 2, 1, false, false, false, true),
    ('svws_1', 'SBO 10.7', 'koordinierte_uebergangsgestaltung', 'Koordinierte Übergangsgestaltung', 9, 13, false, 1, 1, false, false, false, true);

SELECT pg_catalog.pg_extension_config_dump('kaoa.sbo_katalog_version', 'WHERE NOT mitgeliefert');
SELECT pg_catalog.pg_extension_config_dump('kaoa.sbo_katalog', 'WHERE NOT mitgeliefert');

-- Shipped rows stay as shipped (they are not dumped): a DBA adds rows instead (KA006 otherwise).
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.berufsfeld
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add your own Berufsfeld under a new code; participations and measures refer to the shipped ones, whose meaning stays fixed.');
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.sbo_katalog_version
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add a new edition with its own version key and gueltig_ab; participations refer to the shipped one.');
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.sbo_katalog
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add a new edition (kaoa.sbo_katalog_version) and its rows; the shipped edition stays as shipped.', '2');

-- ==== extension/310_sbo_tabellen.sql ====
-- The tables of the Standardelemente and of the measures of a Kommune (DESIGN.md §10).  As in the
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
    datum             date NOT NULL DEFAULT CURRENT_DATE,
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

CREATE TABLE kaoa.massnahme_teilnahme (
    kommune                text NOT NULL,
    massnahme_teilnahme_id bigint GENERATED ALWAYS AS IDENTITY,
    massnahme_id           bigint NOT NULL,
    person_id              bigint NOT NULL,
    datum                  date NOT NULL DEFAULT CURRENT_DATE,
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
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.massnahme_teilnahme', 'massnahme_teilnahme_id')::regclass, '');

-- ==== extension/320_sbo_regeln.sql ====
-- The rules of the Standardelemente and the measures as C triggers (DESIGN.md §10; src/sbo_trigger.c,
-- the decisions in src/core/sbo_regeln.c).  Ordinary triggers: under session_replication_role =
-- replica (restoring a dump) they do nothing, and the CHECK constraints of 310 still hold.

CREATE FUNCTION kaoa.schulbesuch_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_schulbesuch_regeln';
COMMENT ON FUNCTION kaoa.schulbesuch_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.schulbesuch: a school enrols persons it sees for itself, the KoKo and the system keep every row (KA004); kommune, person_id, schuljahr fixed (KA006); schule_org is a school (23514); schulform defaults to the school''s.';
CREATE FUNCTION kaoa.sbo_teilnahme_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_sbo_teilnahme_regeln';
COMMENT ON FUNCTION kaoa.sbo_teilnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.sbo_teilnahme: recorded by the current school, the KoKo or the system (KA004); kommune, person_id fixed (KA006); katalog_version defaults to the edition in force on datum; unknown edition or code 23503; bis before datum 23514; Berufsfelderkundung without Berufsfeld 23502; unknown Berufsfeld 23503; kompetenzen outside a Potenzialanalyse 23514.';
CREATE FUNCTION kaoa.anschlussvereinbarung_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_anschlussvereinbarung_regeln';
COMMENT ON FUNCTION kaoa.anschlussvereinbarung_regeln() IS
    'BEFORE INSERT on kaoa.anschlussvereinbarung: recorded by the current school, the KoKo or the system (KA004); sets erstellt_von.';
CREATE FUNCTION kaoa.sbo_nur_anfuegen() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_sbo_nur_anfuegen';
COMMENT ON FUNCTION kaoa.sbo_nur_anfuegen() IS
    'BEFORE UPDATE / DELETE / TRUNCATE FOR EACH STATEMENT on kaoa.anschlussvereinbarung: versioned, so append-only (KA006), even when no row matches.';
CREATE FUNCTION kaoa.massnahme_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_massnahme_regeln';
COMMENT ON FUNCTION kaoa.massnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme: an organisation keeps the measures it runs, the KoKo and the system every measure of the Kommune (KA004); kommune fixed (KA006); empty or unbounded jahrgaenge, empty zeitraum or one without a start, negative plaetze 23514; unknown berufsfelder 23503.';
CREATE FUNCTION kaoa.massnahme_teilnahme_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_massnahme_teilnahme_regeln';
COMMENT ON FUNCTION kaoa.massnahme_teilnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_teilnahme: registered by the current school, the KoKo or the system (KA004); kommune, massnahme_id, person_id fixed (KA006); sets abweichungen (participation outside the target group is allowed and flagged).';

CREATE TRIGGER a_schulbesuch_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.schulbesuch
    FOR EACH ROW EXECUTE FUNCTION kaoa.schulbesuch_regeln();
CREATE TRIGGER a_sbo_teilnahme_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.sbo_teilnahme
    FOR EACH ROW EXECUTE FUNCTION kaoa.sbo_teilnahme_regeln();
CREATE TRIGGER a_anschlussvereinbarung_regeln BEFORE INSERT ON kaoa.anschlussvereinbarung
    FOR EACH ROW EXECUTE FUNCTION kaoa.anschlussvereinbarung_regeln();
CREATE TRIGGER anschlussvereinbarung_nur_anfuegen BEFORE UPDATE OR DELETE OR TRUNCATE ON kaoa.anschlussvereinbarung
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.sbo_nur_anfuegen();
CREATE TRIGGER a_massnahme_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.massnahme
    FOR EACH ROW EXECUTE FUNCTION kaoa.massnahme_regeln();
CREATE TRIGGER a_massnahme_teilnahme_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.massnahme_teilnahme
    FOR EACH ROW EXECUTE FUNCTION kaoa.massnahme_teilnahme_regeln();

-- ==== extension/330_sbo_rls.sql ====
-- Who sees what of the Standardelemente and the measures (DESIGN.md §6, §10).  As in
-- 140_kette_rls.sql every policy that needs another table calls one owner-privileged STABLE C
-- predicate (src/sbo_sicht.c); writes are open in WITH CHECK and decided by the rule triggers,
-- which answer with KA004 rather than silently touching no row.
--
--   a person's SBO data (schulbesuch, sbo_teilnahme, anschlussvereinbarung): the system, the KoKo
--     of the Kommune, the school of the person's current enrolment; a school also its own
--     enrolment rows; a provider the participations it ran;
--   measures: every organisation of the Kommune (planning data) and the system;
--   participants of a measure: the organisation running it, and whoever sees the person's SBO data.

CREATE FUNCTION kaoa.sbo_sichtbar(kommune text, person_id bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_sbo_sichtbar';
COMMENT ON FUNCTION kaoa.sbo_sichtbar(text, bigint) IS
    'May the current role see (and record) the SBO data of this person: the system; the KoKo of the Kommune; the school of the person''s current enrolment (latest kaoa.schulbesuch). Looks up with the owner''s rights.';

CREATE FUNCTION kaoa.sbo_sichtbar(kommune text, person_id bigint, org_id bigint) RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_sbo_sichtbar';
COMMENT ON FUNCTION kaoa.sbo_sichtbar(text, bigint, bigint) IS
    'As kaoa.sbo_sichtbar(kommune, person_id), and true for the organisation org_id itself (the row''s school or provider). Row-level security of kaoa.schulbesuch and kaoa.sbo_teilnahme.';

CREATE FUNCTION kaoa.massnahme_sichtbar(kommune text) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahme_sichtbar';
COMMENT ON FUNCTION kaoa.massnahme_sichtbar(text) IS
    'Row-level security of kaoa.massnahme: the system and every organisation of the Kommune.';

CREATE FUNCTION kaoa.massnahme_teilnahme_sichtbar(kommune text, massnahme_id bigint, person_id bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahme_teilnahme_sichtbar';
COMMENT ON FUNCTION kaoa.massnahme_teilnahme_sichtbar(text, bigint, bigint) IS
    'Row-level security of kaoa.massnahme_teilnahme: the organisation running the measure, and whoever may see the person''s SBO data (kaoa.sbo_sichtbar).';

ALTER TABLE kaoa.schulbesuch ENABLE ROW LEVEL SECURITY;
CREATE POLICY schulbesuch_sicht ON kaoa.schulbesuch
    USING (kaoa.sbo_sichtbar(kommune, person_id, schule_org))
    WITH CHECK (true);

ALTER TABLE kaoa.sbo_teilnahme ENABLE ROW LEVEL SECURITY;
CREATE POLICY sbo_teilnahme_sicht ON kaoa.sbo_teilnahme
    USING (kaoa.sbo_sichtbar(kommune, person_id, anbieter_org))
    WITH CHECK (true);

ALTER TABLE kaoa.anschlussvereinbarung ENABLE ROW LEVEL SECURITY;
CREATE POLICY anschlussvereinbarung_sicht ON kaoa.anschlussvereinbarung
    USING (kaoa.sbo_sichtbar(kommune, person_id)) WITH CHECK (true);

ALTER TABLE kaoa.massnahme ENABLE ROW LEVEL SECURITY;
CREATE POLICY massnahme_sicht ON kaoa.massnahme
    USING (kaoa.massnahme_sichtbar(kommune)) WITH CHECK (true);

ALTER TABLE kaoa.massnahme_teilnahme ENABLE ROW LEVEL SECURITY;
CREATE POLICY massnahme_teilnahme_sicht ON kaoa.massnahme_teilnahme
    USING (kaoa.massnahme_teilnahme_sichtbar(kommune, massnahme_id, person_id)) WITH CHECK (true);

-- What each kind of role may touch (granted by kaoa.akteur_anlegen / kaoa.system_zugang).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'akteur', o, 'SELECT', true
  FROM unnest(ARRAY['kaoa.berufsfeld', 'kaoa.sbo_katalog_version', 'kaoa.sbo_katalog', 'kaoa.schulbesuch',
                    'kaoa.sbo_teilnahme', 'kaoa.anschlussvereinbarung', 'kaoa.anschlussvereinbarung_aktuell',
                    'kaoa.massnahme_teilnahme']) AS o;
-- every organisation may run measures (Träger, schools, Kammern, the JBA, …): the trigger allows its own
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
VALUES ('akteur', 'kaoa.massnahme', 'SELECT, INSERT, UPDATE, DELETE', true);
-- schools, Berufskollegs and the KoKo record enrolments, SBO participations, agreements, participants
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, o, r, true
  FROM unnest(ARRAY['schule', 'berufskolleg', 'koko']) AS t,
       (VALUES ('kaoa.schulbesuch', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.sbo_teilnahme', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.anschlussvereinbarung', 'SELECT, INSERT'),
               ('kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE, DELETE')) AS v(o, r);
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'system', o, r, true
  FROM (VALUES ('kaoa.berufsfeld', 'SELECT'), ('kaoa.sbo_katalog_version', 'SELECT'), ('kaoa.sbo_katalog', 'SELECT'),
               ('kaoa.schulbesuch', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.sbo_teilnahme', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.anschlussvereinbarung', 'SELECT, INSERT'),
               ('kaoa.anschlussvereinbarung_aktuell', 'SELECT'),
               ('kaoa.massnahme', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE, DELETE')) AS v(o, r);

-- ==== extension/340_sbo_analysen.sql ====
-- What a coordinator asks of the Standardelemente and the measures (DESIGN.md §10; src/sbo_analysen.c).
-- SECURITY INVOKER C functions: the caller's role decides which rows they cover; their look-ups run
-- as the extension owner.

CREATE FUNCTION kaoa.sbo_luecken(kommune text, schuljahr integer, stichtag date DEFAULT CURRENT_DATE)
    RETURNS TABLE (person_id bigint, schule_org bigint, schulform text, jahrgang integer, element text,
                   sbo_code text, vorhanden integer, erforderlich integer, ueberfaellig boolean)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_sbo_luecken';
COMMENT ON FUNCTION kaoa.sbo_luecken(text, integer, date) IS
    'Completeness of the Standardelemente: one row per pupil (grades up to 10, kaoa.schulbesuch of that school year) and required element (kaoa.sbo_katalog.pflicht of the edition in force) still missing as of stichtag (at most the end of the school year): Potenzialanalyse in 8, Berufsfelderkundung on three days in three Berufsfelder in 8, a Praktikum in 9/10, an Anschlussvereinbarung from the second half of 9. vorhanden = proofs that count, erforderlich = needed; ueberfaellig once the pupil is past the element''s last grade. The system and the KoKo see the Kommune, a school its own pupils.';

CREATE FUNCTION kaoa.sbo_uebersicht()
    RETURNS TABLE (kommune text, schuljahr integer, schule_org bigint, jahrgang integer, element text,
                   schueler bigint, fehlend bigint, ueberfaellig bigint)
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_sbo_uebersicht';
COMMENT ON FUNCTION kaoa.sbo_uebersicht() IS
    'The body of kaoa.v_sbo: per Kommune, school year, school, grade and required element the pupils it is due for, those missing it and those overdue, as of today (past school years: their last day); counts below the Kommune''s min_fallzahl NULL. Covers the Kommunen of kaoa.bi_kommunen().';

CREATE VIEW kaoa.v_sbo WITH (security_barrier) AS
SELECT u.kommune, u.schuljahr, u.schule_org, u.jahrgang, u.element, u.schueler, u.fehlend, u.ueberfaellig
  FROM kaoa.sbo_uebersicht() u;
COMMENT ON VIEW kaoa.v_sbo IS
    'Standardelemente per Kommune, school year, school and grade: for each required element the pupils it is due for (schueler), those missing it (fehlend) and of them those past its last grade (ueberfaellig), as of today. Every count below the Kommune''s min_fallzahl is NULL; no totals.';

CREATE FUNCTION kaoa.massnahmen_ueberschneidungen(kommune text, schuljahr integer)
    RETURNS TABLE (massnahme_a bigint, massnahme_b bigint, traeger_a bigint, traeger_b bigint,
                   gleiche_art boolean, jahrgaenge int4range, schulformen text[], berufsfelder text[],
                   zeitraum daterange)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahmen_ueberschneidungen';
COMMENT ON FUNCTION kaoa.massnahmen_ueberschneidungen(text, integer) IS
    'Parallel structures: each pair of measures of the Kommune running in the school year whose target grades, school forms (NULL = all), Berufsfelder (NULL = all) and periods overlap, with the overlap of each (schulformen / berufsfelder NULL = all) and whether both are of the same art. For every organisation of the Kommune and the system.';

CREATE FUNCTION kaoa.massnahmen_luecken(kommune text, schuljahr integer)
    RETURNS TABLE (jahrgang integer, schulform text, berufsfeld text, junge_menschen bigint)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahmen_luecken';
COMMENT ON FUNCTION kaoa.massnahmen_luecken(text, integer) IS
    'Gaps: grade × school form × Berufsfeld cells with young people enrolled in the school year who are interested in the field (a participation in it, or a wish of their newest Anschlussvereinbarung within its KldB branches) and no measure of the Kommune in that school year covering grade, school form and field. junge_menschen = how many. For the KoKo of the Kommune and the system.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.v_sbo', 'SELECT', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;
-- v_sbo calls kaoa.sbo_uebersicht() as the reader: BI roles may execute it
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert) VALUES ('bi', 'kaoa.sbo_uebersicht()', 'EXECUTE', true);

-- ==== extension/350_sbo_profil.sql ====
-- The matching profile proposed from the Standardelemente (DESIGN.md §10; src/sbo_profil.c).  It runs
-- after the matching area's files (2NN), whose kaoa.bewerberprofil the proposal is applied to.

CREATE FUNCTION kaoa.bewerberprofil_aus_sbo(person_id bigint)
    RETURNS TABLE (kommune text, wuensche kaoa.kldb[], kompetenzen kaoa.kompetenzen,
                   vereinbarung_id bigint, teilnahme_id bigint)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_bewerberprofil_aus_sbo';
COMMENT ON FUNCTION kaoa.bewerberprofil_aus_sbo(bigint) IS
    'Proposes (never writes) the matching profile''s wuensche from the newest Anschlussvereinbarung (vereinbarung_id) and kompetenzen from the newest attended Potenzialanalyse that recorded them (teilnahme_id); NULL where the SBO data has none. Apply it to kaoa.bewerberprofil with the young person''s consent (README). For the system and organisations that see the person.';

-- ==== extension/950_import.sql ====
-- The server side of `kaoa import` (DESIGN.md §8; README.md, "JSON Lines format").
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
        ARRAY['art', 'jahrgaenge', 'schulformen', 'berufsfelder', 'zeitraum', 'plaetze', 'finanzierung'], 'kaoa.massnahme'),
    (12, 'massnahme_teilnahme', ARRAY['kommune', 'traeger', 'titel', 'pseudonym'], ARRAY['datum'],
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
               zeitraum = n.zeitraum, plaetze = n.plaetze, finanzierung = n.finanzierung
          FROM (SELECT x.kommune, x.massnahme_id,
                       CASE WHEN s.j ? 'art' THEN s.j->>'art' ELSE x.art END AS art,
                       CASE WHEN s.j ? 'jahrgaenge' THEN (s.j->>'jahrgaenge')::int4range ELSE x.jahrgaenge END AS jahrgaenge,
                       CASE WHEN s.j ? 'schulformen' THEN kaoa.import_textliste(s.j->'schulformen', 'schulformen') ELSE x.schulformen END AS schulformen,
                       CASE WHEN s.j ? 'berufsfelder' THEN kaoa.import_textliste(s.j->'berufsfelder', 'berufsfelder') ELSE x.berufsfelder END AS berufsfelder,
                       CASE WHEN s.j ? 'zeitraum' THEN (s.j->>'zeitraum')::daterange ELSE x.zeitraum END AS zeitraum,
                       CASE WHEN s.j ? 'plaetze' THEN (s.j->>'plaetze')::integer ELSE x.plaetze END AS plaetze,
                       CASE WHEN s.j ? 'finanzierung' THEN s.j->>'finanzierung' ELSE x.finanzierung END AS finanzierung
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme x ON x.kommune = o.kommune AND x.traeger_org = o.org_id AND x.titel = s.j->>'titel') n
         WHERE m.kommune = n.kommune AND m.massnahme_id = n.massnahme_id
           AND (m.art, m.jahrgaenge, m.schulformen, m.berufsfelder, m.zeitraum, m.plaetze, m.finanzierung)
               IS DISTINCT FROM (n.art, n.jahrgaenge, n.schulformen, n.berufsfelder, n.zeitraum, n.plaetze, n.finanzierung)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum,
                                    plaetze, finanzierung)
        SELECT s.j->>'kommune',
               CASE WHEN o.org_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'traeger', s.j->>'kommune'),
                                            'Add the Träger as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE o.org_id END,
               s.j->>'titel', s.j->>'art', (s.j->>'jahrgaenge')::int4range,
               kaoa.import_textliste(s.j->'schulformen', 'schulformen'),
               kaoa.import_textliste(s.j->'berufsfelder', 'berufsfelder'),
               (s.j->>'zeitraum')::daterange, (s.j->>'plaetze')::integer, s.j->>'finanzierung'
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme x
                            WHERE x.kommune = o.kommune AND x.traeger_org = o.org_id AND x.titel = s.j->>'titel')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

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

-- ==== extension/990_privileges.sql ====
-- Secure by default (DESIGN.md §6): nothing is granted to PUBLIC.  This file runs last, so it
-- covers every object the files before it created.  Roles get access only through
-- kaoa.akteur_anlegen, kaoa.bi_zugang, kaoa.system_zugang, or an explicit GRANT by the DBA.

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kaoa FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA kaoa FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA kaoa FROM PUBLIC;
REVOKE ALL ON SCHEMA kaoa FROM PUBLIC;

DO $privileges$
DECLARE
    t regtype;
BEGIN
    -- Types (base, enum, domain, range) carry a default USAGE grant to PUBLIC; take it back.
    FOR t IN
        SELECT ty.oid::regtype
          FROM pg_catalog.pg_type ty
         WHERE ty.typnamespace = 'kaoa'::regnamespace
           AND ty.typtype IN ('b', 'e', 'd', 'r', 'm')
           AND ty.typelem = 0      -- not the implicit array types (they follow their element)
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON TYPE %s FROM PUBLIC', t);
    END LOOP;
END
$privileges$;
