/*
 * bi.h — the one suppression of small counts that every BI view of kaoa uses (docs/roles-and-bi.md).
 *
 * Every count a kaoa.v_* view publishes is rounded to a multiple of the Kommune's min_fallzahl by
 * the controlled rounding of src/base/core/rundung.h, family by family (the cells that split the
 * same persons are rounded together); then, as a last step of its own, a cell whose true count is
 * 1 … min_fallzahl − 1 is published as NULL (its row stays), every other cell as its rounded value.
 * Views written in SQL call the window function kaoa.bi_runden(anzahl, min_fallzahl, a, b) OVER
 * (PARTITION BY <family>) on their atoms, sum the rounded atoms and the true ones per published
 * cell and publish kaoa.bi_zeigen(true sum, rounded sum, min_fallzahl); views computed in C call
 * the functions below and rd_zeigen.  Either way the view's body is a
 * set-returning function that runs as the extension owner, so a reader's EXPLAIN ANALYZE shows the
 * published rows and nothing of the tables.
 */
#ifndef KAOA_BI_H
#define KAOA_BI_H

#include "base/kaoa.h"
#include "base/core/rundung.h"

/* Rounds the atoms of one family in CurrentMemoryContext (rd_atome_runden); an error of the core
 * is an internal error here, since C callers build their atoms themselves. */
extern void kaoa_bi_atome_runden(rd_atom *atome, int64 n, int64 basis);

/* Splits a count whose rounded value ziel is fixed (rd_aufteilen); errors as above. */
extern void kaoa_bi_aufteilen(int64 ziel, const int64 *teile, int32 n, int64 basis, int64 *gerundet);

#endif							/* KAOA_BI_H */
