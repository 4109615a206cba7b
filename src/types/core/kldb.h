/*
 * kldb.h — occupation codes of the KldB 2010 (pure C, no PostgreSQL headers).
 *
 * A code has 1 to 5 digits: Berufsbereich, -hauptgruppe, -gruppe, -untergruppe, -gattung; the 5th
 * digit is the Anforderungsniveau 1..4.  It is packed into a uint32 (the on-disk value of
 * kaoa.kldb, never to change meaning): digit i (1..5) is stored as (digit + 1) in the nibble at bits
 * 4·(5−i) .. 4·(5−i)+3, absent digits as 0.  Unsigned comparison of packed values is then exactly
 * the order of the digit strings ("1" < "11" < "111" < "2"), and a prefix test is a mask.
 */
#ifndef KAOA_KLDB_H
#define KAOA_KLDB_H

#include "base/core/parse_util.h"

typedef uint32_t kaoa_kldb;

/* True when raw is a well-formed packed code (1..5 contiguous digits from the top, each nibble
 * 1..10, 5th digit 1..4, no bits above bit 19).  Used by recv. */
bool		kaoa_kldb_valid(uint32_t raw);

/* Like kaoa_kldb_valid, with a detail naming the broken rule when it is not (for recv). */
bool		kaoa_kldb_check(uint32_t raw, kaoa_parse_error *err);

/* Parses a literal (trimmed). */
bool		kaoa_kldb_parse(const char *s, size_t len, kaoa_kldb *out, kaoa_parse_error *err);

/* Writes the digits and a NUL into out (at least 6 bytes); returns the number of digits. */
int			kaoa_kldb_format(kaoa_kldb k, char *out);

/* Number of digits, 1..5 (kaoa.kldb_ebene). */
int			kaoa_kldb_ebene(kaoa_kldb k);

/* Anforderungsniveau 1..4, or 0 when the code has fewer than 5 digits (SQL NULL). */
int			kaoa_kldb_niveau(kaoa_kldb k);

/* Number of equal leading digits, 0..5 (kaoa.kldb_gemeinsam). */
int			kaoa_kldb_gemeinsam(kaoa_kldb a, kaoa_kldb b);

/* a <@ b: a lies in b's branch, i.e. b's digits are a prefix of a's (a code lies in itself). */
bool		kaoa_kldb_liegt_in(kaoa_kldb a, kaoa_kldb b);

#endif							/* KAOA_KLDB_H */
