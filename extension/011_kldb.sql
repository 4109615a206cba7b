-- kaoa.kldb: occupation code of the KldB 2010 (DESIGN.md §3).  Stored as the packed uint32 of
-- src/core/kldb.h (int4 by value): unsigned order = digit-string order; prefix tests are masks.

CREATE TYPE kaoa.kldb;

CREATE FUNCTION kaoa.kldb_in(cstring) RETURNS kaoa.kldb
    AS 'MODULE_PATHNAME', 'kaoa_kldb_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_in(cstring) IS
    'Text input of kaoa.kldb: 1 to 5 digits, trimmed; the 5th digit 1-4.';
CREATE FUNCTION kaoa.kldb_out(kaoa.kldb) RETURNS cstring
    AS 'MODULE_PATHNAME', 'kaoa_kldb_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_out(kaoa.kldb) IS
    'Text output of kaoa.kldb: the digits.';
CREATE FUNCTION kaoa.kldb_recv(internal) RETURNS kaoa.kldb
    AS 'MODULE_PATHNAME', 'kaoa_kldb_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_recv(internal) IS
    'Binary input of kaoa.kldb: format version byte 1, then the packed uint32; validated like text input.';
CREATE FUNCTION kaoa.kldb_send(kaoa.kldb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kaoa_kldb_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_send(kaoa.kldb) IS
    'Binary output of kaoa.kldb: format version byte 1, then the packed uint32.';

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
    'KldB 2010 occupation code of 1 to 5 digits (Berufsbereich … Berufsgattung; the 5th digit is the Anforderungsniveau 1-4). Order = the digit strings; a <@ b when b is a prefix of a.';

CREATE FUNCTION kaoa.kldb_eq(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_eq(kaoa.kldb, kaoa.kldb) IS
    'Equality of kaoa.kldb.';
CREATE FUNCTION kaoa.kldb_ne(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_ne(kaoa.kldb, kaoa.kldb) IS
    'Inequality of kaoa.kldb.';
CREATE FUNCTION kaoa.kldb_lt(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_lt(kaoa.kldb, kaoa.kldb) IS
    'Order of the digit strings: less than.';
CREATE FUNCTION kaoa.kldb_le(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_le(kaoa.kldb, kaoa.kldb) IS
    'Order of the digit strings: less than or equal.';
CREATE FUNCTION kaoa.kldb_gt(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_gt(kaoa.kldb, kaoa.kldb) IS
    'Order of the digit strings: greater than.';
CREATE FUNCTION kaoa.kldb_ge(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_ge(kaoa.kldb, kaoa.kldb) IS
    'Order of the digit strings: greater than or equal.';
CREATE FUNCTION kaoa.kldb_cmp(kaoa.kldb, kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_cmp(kaoa.kldb, kaoa.kldb) IS
    'Btree support: three-way comparison (order of the digit strings).';
CREATE FUNCTION kaoa.kldb_hash(kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_hash(kaoa.kldb) IS
    'Hash support for kaoa.kldb.';
CREATE FUNCTION kaoa.kldb_hash_extended(kaoa.kldb, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'kaoa_kldb_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION kaoa.kldb_hash_extended(kaoa.kldb, bigint) IS
    'Extended (seeded, 64-bit) hash support for kaoa.kldb.';

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
COMMENT ON OPERATOR kaoa.< (kaoa.kldb, kaoa.kldb) IS 'less than';
CREATE OPERATOR kaoa.<= (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_le,
    COMMUTATOR = OPERATOR(kaoa.>=), NEGATOR = OPERATOR(kaoa.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR kaoa.<= (kaoa.kldb, kaoa.kldb) IS 'less than or equal';
CREATE OPERATOR kaoa.> (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_gt,
    COMMUTATOR = OPERATOR(kaoa.<), NEGATOR = OPERATOR(kaoa.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR kaoa.> (kaoa.kldb, kaoa.kldb) IS 'greater than';
CREATE OPERATOR kaoa.>= (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_ge,
    COMMUTATOR = OPERATOR(kaoa.<=), NEGATOR = OPERATOR(kaoa.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR kaoa.>= (kaoa.kldb, kaoa.kldb) IS 'greater than or equal';

CREATE OPERATOR CLASS kaoa.kldb_ops DEFAULT FOR TYPE kaoa.kldb USING btree AS
    OPERATOR 1 kaoa.<, OPERATOR 2 kaoa.<=, OPERATOR 3 kaoa.=, OPERATOR 4 kaoa.>=, OPERATOR 5 kaoa.>,
    FUNCTION 1 kaoa.kldb_cmp(kaoa.kldb, kaoa.kldb);
COMMENT ON OPERATOR CLASS kaoa.kldb_ops USING btree IS 'Default btree order of kaoa.kldb: order of the digit strings.';
COMMENT ON OPERATOR FAMILY kaoa.kldb_ops USING btree IS 'Btree family of kaoa.kldb.';

CREATE OPERATOR CLASS kaoa.kldb_ops DEFAULT FOR TYPE kaoa.kldb USING hash AS
    OPERATOR 1 kaoa.=,
    FUNCTION 1 kaoa.kldb_hash(kaoa.kldb),
    FUNCTION 2 kaoa.kldb_hash_extended(kaoa.kldb, bigint);
COMMENT ON OPERATOR CLASS kaoa.kldb_ops USING hash IS 'Default hash opclass of kaoa.kldb.';
COMMENT ON OPERATOR FAMILY kaoa.kldb_ops USING hash IS 'Hash family of kaoa.kldb.';

CREATE FUNCTION kaoa.kldb_liegt_in(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_liegt_in_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_liegt_in(kaoa.kldb, kaoa.kldb) IS
    'a <@ b: a lies in b''s branch (b is a prefix of a; a code lies in itself).';
CREATE FUNCTION kaoa.kldb_enthaelt(kaoa.kldb, kaoa.kldb) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_kldb_enthaelt_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_enthaelt(kaoa.kldb, kaoa.kldb) IS
    'a @> b: b lies in a''s branch (a is a prefix of b).';

CREATE OPERATOR kaoa.<@ (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_liegt_in,
    COMMUTATOR = OPERATOR(kaoa.@>), RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR kaoa.<@ (kaoa.kldb, kaoa.kldb) IS 'lies in the branch of (the right code is a prefix of the left)';
CREATE OPERATOR kaoa.@> (
    LEFTARG = kaoa.kldb, RIGHTARG = kaoa.kldb, FUNCTION = kaoa.kldb_enthaelt,
    COMMUTATOR = OPERATOR(kaoa.<@), RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR kaoa.@> (kaoa.kldb, kaoa.kldb) IS 'contains in its branch (the left code is a prefix of the right)';

CREATE FUNCTION kaoa.kldb_ebene(kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_ebene_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_ebene(kaoa.kldb) IS
    'Level of a KldB code = its number of digits: 1 Berufsbereich, 2 Berufshauptgruppe, 3 Berufsgruppe, 4 Berufsuntergruppe, 5 Berufsgattung.';
CREATE FUNCTION kaoa.kldb_niveau(kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_niveau_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_niveau(kaoa.kldb) IS
    'Anforderungsniveau (5th digit: 1 Helfer, 2 Fachkraft, 3 Spezialist, 4 Experte); NULL below 5 digits.';
CREATE FUNCTION kaoa.kldb_gemeinsam(kaoa.kldb, kaoa.kldb) RETURNS integer
    AS 'MODULE_PATHNAME', 'kaoa_kldb_gemeinsam_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaoa.kldb_gemeinsam(kaoa.kldb, kaoa.kldb) IS
    'Number of equal leading digits of two KldB codes (0-5).';
