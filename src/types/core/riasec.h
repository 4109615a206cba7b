/*
 * riasec.h — Holland interest profiles (pure C, no PostgreSQL headers).
 *
 * Six integers 0..100 in the order R I A S E C; the six bytes are the on-disk value of kaoa.riasec
 * (fixed length, no padding) and their lexicographic order is the btree order.
 */
#ifndef KAOA_RIASEC_H
#define KAOA_RIASEC_H

#include "base/core/parse_util.h"

#define KAOA_RIASEC_DIMS 6

typedef struct kaoa_riasec
{
	uint8_t		v[KAOA_RIASEC_DIMS];	/* R I A S E C, each 0..100 */
} kaoa_riasec;

/* Output form needs at most 6 × "X=100," = 36 bytes + NUL. */
#define KAOA_RIASEC_TEXT_MAX 40

bool		kaoa_riasec_valid(const uint8_t v[KAOA_RIASEC_DIMS]);

/* Parses either form (trimmed); the Holland form gives letter i of n round-half-up(100·(n−i)/n). */
bool		kaoa_riasec_parse(const char *s, size_t len, kaoa_riasec *out, kaoa_parse_error *err);

/* "R=40,I=10,A=0,S=80,E=20,C=5" into out (KAOA_RIASEC_TEXT_MAX bytes); returns the length. */
int			kaoa_riasec_format(const kaoa_riasec *r, char *out);

/* The up to three letters with the highest non-zero scores, ties in R I A S E C order, into out
 * (at least 4 bytes); returns the number of letters (0 for an all-zero profile). */
int			kaoa_riasec_holland(const kaoa_riasec *r, char *out);

/* Cosine similarity of the two 6-vectors; 0.5 when either is all zero (kaoa.kongruenz). */
double		kaoa_riasec_kongruenz(const kaoa_riasec *a, const kaoa_riasec *b);

#endif							/* KAOA_RIASEC_H */
