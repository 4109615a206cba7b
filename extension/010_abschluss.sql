-- kaoa.abschluss: NRW school-leaving qualification (docs/types.md).
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
