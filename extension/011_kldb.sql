-- kaoa.kldb: occupation code of the KldB 2010, 1 to 5 digits (docs/types.md).
-- Stored as a packed int4 passed by value (src/types/core/kldb.h): digit i as digit+1 in the nibble
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
