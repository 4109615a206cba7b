/*
 * zufall.h — a small deterministic pseudo-random generator for synthetic data (pure C).
 *
 * Design note.  `kaoa generate` must give byte-identical output for the same seed on every build,
 * so nothing here may depend on the C library's rand(), the locale or the platform: the state is
 * xoshiro256** seeded through splitmix64 (both public-domain algorithms by Blackman and Vigna),
 * integers are drawn without modulo bias, and the few floating-point draws use only
 * sqrt/log/cos, whose results are rounded before they are printed.  Independent streams
 * (one per Kommune and purpose) come from hashing the seed with a stream label, so adding a
 * Kommune or an offer never shifts the numbers of another.
 */
#ifndef KAOA_ZUFALL_H
#define KAOA_ZUFALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kaoa_zufall
{
	uint64_t	s[4];
} kaoa_zufall;

/* One step of splitmix64 (docs/matching.md uses the same mixer for `los`): a bijection of 64 bits.
 */
uint64_t	kaoa_splitmix64(uint64_t z);

/* Seeds a stream from a seed and a label (any string: "05315/personen"). */
void		kaoa_zufall_init(kaoa_zufall *z, uint64_t seed, const char *label);

/* The next 64 random bits. */
uint64_t	kaoa_zufall_u64(kaoa_zufall *z);

/* Uniform integer in [0, n) without modulo bias; 0 when n == 0. */
uint64_t	kaoa_zufall_unter(kaoa_zufall *z, uint64_t n);

/* Uniform integer in [lo, hi] (inclusive). */
long		kaoa_zufall_zwischen(kaoa_zufall *z, long lo, long hi);

/* Uniform double in [0, 1) with 53 random bits. */
double		kaoa_zufall_einheit(kaoa_zufall *z);

/* True with probability p. */
bool		kaoa_zufall_chance(kaoa_zufall *z, double p);

/* Standard normal deviate (Box–Muller). */
double		kaoa_zufall_normal(kaoa_zufall *z);

/* Index in [0, n) drawn with the given non-negative weights; -1 when all weights are 0. */
int			kaoa_zufall_gewichtet(kaoa_zufall *z, const double *gewichte, int n);

#endif							/* KAOA_ZUFALL_H */
