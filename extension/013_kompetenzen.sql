-- kaoa.kompetenzen: the twelve dimensions of the Potenzialanalyse, each 0-5 (docs/types.md).
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
    'How far hat meets the requirements braucht, as matching uses it: over the dimensions required (> 0), credit 1 where hat''s level reaches the requirement, 0.5 where hat''s level is 0 (unknown), else 0; the mean credit; 1 when nothing is required.';
