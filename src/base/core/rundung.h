/*
 * rundung.h — controlled rounding of the counts kaoa publishes to BI roles (pure C, no PostgreSQL
 * header): every published count becomes a multiple of the Kommune's min_fallzahl.
 *
 * Design note.  Every BI view of kaoa publishes counts of persons (cases, pupils, applicants).  They
 * are rounded, never shown as they are, so that no published number and no sum or difference of
 * published numbers — within a view, across views, across runs or days — is a count between 1 and
 * basis − 1: a multiple of the basis minus a multiple of the basis is a multiple of the basis.
 *
 * Rounding each count on its own would break the sums a reader relies on (a school's rows would no
 * longer add up to the school) and would let a reader narrow a true count from the rounding
 * intervals of counts that must add up.  So the counts of one "family" (all cells of the views that
 * split the same persons: v_kette and v_verbleib of one Kommune and school year, one assignment
 * run, …) are rounded together, as a network: the persons are split into atoms (the finest cells:
 * school × Anschluss × status × overdue for the cases), the atoms hang below two trees of nested
 * groups (tree A: school → school × Anschluss; tree B: status → status × overdue), and every group
 * is an arc of a flow network
 *
 *     S → A groups → … → atom → … → B groups → Z,   plus Z → S carrying the total.
 *
 * Flow is conserved at every node.  rd_netz_runden moves every arc to one of the two multiples of
 * the basis next to its value (a multiple stays as it is, 0 stays 0) and keeps conservation: the
 * classic controlled rounding of a network (Cox and Ernst, 1982), done by cancelling cycles of
 * arcs that are not yet multiples (an arc that is not a multiple is never alone at a node, so such
 * arcs always contain a cycle; pushing around it until one arc reaches a multiple ends after at most
 * one step per arc).  So every published group is within basis − 1 of its true count and equals
 * the sum of its rounded atoms: the rounded atoms are a data set of their own, and rounding that
 * data set again gives it back unchanged.  That fixed point is the guarantee (docs/roles-and-bi.md):
 * whatever a reader computes from the published numbers of a family, the rounded data set explains
 * them as well as the true one, and in it every count is 0 or at least the basis.
 *
 * rd_aufteilen splits a count whose rounded value is already fixed into parts (the largest
 * remainders round up), for families whose groups are split several ways at once (each
 * Standardelement splits the pupils of a grade once more).
 *
 * Publication is a last step of its own (rd_zeigen): a published cell whose TRUE count is 1 …
 * basis − 1 shows as NULL (its row stays), every other cell shows its rounded value.  The rounding
 * itself is done over the true atoms as above and does not look at what will be hidden, so the
 * hidden rounded value of a NULL cell still balances its family; what a reader sees is then a
 * multiple of the basis or NULL, and every difference of shown numbers is a multiple too.
 *
 * The order of the result depends only on the input (paths compare bytewise), never on the order
 * in which rows arrive: the same data gives the same numbers on the primary and on a standby.
 */
#ifndef KAOA_RUNDUNG_H
#define KAOA_RUNDUNG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/core/speicher.h"

/* What went wrong (0 = nothing). */
typedef enum rd_fehler
{
	RD_OK = 0,
	RD_NEGATIV,					/* a count below 0 */
	RD_BASIS,					/* basis below 1 */
	RD_UNAUSGEGLICHEN,			/* flow not conserved at a node (rd_netz_runden) */
	RD_KNOTEN,					/* an arc names a node outside 0 … n_knoten − 1 */
	RD_UEBERLAUF,				/* a sum beyond int64 */
	RD_ZIEL,					/* rd_aufteilen: the target is no multiple adjacent to the sum */
	RD_SPEICHER					/* out of memory */
} rd_fehler;

/* A short English description of e (for error messages and tests). */
const char *rd_fehler_text(rd_fehler e);

/* One arc of a network: from node von to node nach, carrying wert; gerundet is the result. */
typedef struct rd_kante
{
	int32_t		von;
	int32_t		nach;
	int64_t		wert;
	int64_t		gerundet;
} rd_kante;

/*
 * Rounds every arc of the network (nodes 0 … n_knoten − 1) to a multiple of basis adjacent to its
 * value, keeping flow conservation at every node.  Deterministic for a given arc order.  basis 1
 * copies.  On an error nothing is promised about gerundet.
 */
rd_fehler	rd_netz_runden(int32_t n_knoten, rd_kante *kanten, int64_t n_kanten, int64_t basis,
						   const kaoa_speicher *sp);

/* One atom of a family: its count, its path in tree A and in tree B (coarse to fine; elements may
 * be NULL, which is a key of its own; a path may be empty), and the result. */
typedef struct rd_atom
{
	int64_t		wert;
	int32_t		n_a;
	const char *const *a;
	int32_t		n_b;
	const char *const *b;
	int64_t		gerundet;		/* out: a multiple of basis adjacent to wert */
} rd_atom;

/*
 * Rounds the atoms of one family so that every group of tree A (atoms sharing a prefix of their A
 * path), every group of tree B and the total are adjacent multiples of basis and equal the sums of
 * their rounded atoms.  The result does not depend on the order of the atoms.
 */
rd_fehler	rd_atome_runden(rd_atom *atome, int64_t n, int64_t basis, const kaoa_speicher *sp);

/*
 * Splits a count whose rounded value ziel is fixed: teile[0..n) are its parts (summing to it),
 * gerundet[i] becomes a multiple of basis adjacent to teile[i] and the gerundet add up to ziel.
 * ziel must be a multiple of basis adjacent to the sum (RD_ZIEL otherwise).  The parts with the
 * largest remainders round up (ties: the lower index); a multiple stays as it is.
 */
rd_fehler	rd_aufteilen(int64_t ziel, const int64_t *teile, int32_t n, int64_t basis, int64_t *gerundet);

/*
 * What a BI view publishes for one cell, given its true count wahr and its controlled-rounded
 * value gerundet: false (publish NULL) when wahr is 1 … basis − 1; otherwise true with *wert =
 * gerundet (0 for a true 0, a multiple of basis of at least basis for a true count of at least
 * basis).  A negative wahr publishes nothing either (false); basis below 1 counts as 1.
 */
bool		rd_zeigen(int64_t wahr, int64_t gerundet, int64_t basis, int64_t *wert);

#endif							/* KAOA_RUNDUNG_H */
