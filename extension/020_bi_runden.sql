-- The one suppression of small counts every BI view uses (docs/roles-and-bi.md "Small counts";
-- src/base/core/rundung.c).  Every count is rounded to a multiple of the Kommune's min_fallzahl,
-- the counts of one family (the cells that split the same persons) together, so that every group is
-- a multiple next to its true count and equals the sum of its rounded atoms.  Then, as a last step
-- of its own, a cell whose true count is 1 … min_fallzahl − 1 is published as NULL (the row stays)
-- and every other cell as its rounded value (kaoa.bi_zeigen).
--
-- How a view uses it: its body is a set-returning function that runs as the extension owner
-- (LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp, filtering on
-- kaoa.bi_kommunen()), so EXPLAIN ANALYZE by a reader shows a function scan and no table.  Inside,
-- it counts atoms (the finest cells), rounds them with
--     kaoa.bi_runden(anzahl, min_fallzahl, a, b) OVER (PARTITION BY <family>)
-- where a and b are the atom's paths in the family's two trees of groups (coarse to fine; '{}'
-- when a family has one tree), and publishes for every non-empty group
--     kaoa.bi_zeigen(sum of the true atoms, sum of the rounded atoms, min_fallzahl).

CREATE FUNCTION kaoa.bi_runden(anzahl bigint, min_fallzahl integer, a text[], b text[]) RETURNS bigint
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_bi_runden';
COMMENT ON FUNCTION kaoa.bi_runden(bigint, integer, text[], text[]) IS
    'Window function: the rows of one window partition are the atoms of one family of published counts (anzahl each; a and b their paths in the family''s two trees of groups, coarse to fine). Returns this row''s count rounded to a multiple of min_fallzahl such that every group of either tree and the total, summed from the rounded atoms, is a multiple next to its true count (controlled rounding). The same data gives the same numbers in any row order.';

CREATE FUNCTION kaoa.bi_zeigen(anzahl bigint, gerundet bigint, min_fallzahl integer) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_bi_zeigen';
COMMENT ON FUNCTION kaoa.bi_zeigen(bigint, bigint, integer) IS
    'What a BI view publishes for one cell whose true count is anzahl and whose controlled-rounded value (the sum of its atoms rounded by kaoa.bi_runden) is gerundet: NULL when anzahl is 1 … min_fallzahl − 1 (the row stays), else gerundet. Refuses a gerundet that is no multiple of min_fallzahl next to anzahl (22023).';
