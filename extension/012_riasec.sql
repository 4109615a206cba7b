-- kaoa.riasec: Holland interest profile, six integers 0-100 in the order R I A S E C (docs/types.md).
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
