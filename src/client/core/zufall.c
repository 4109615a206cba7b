/*
 * zufall.c — deterministic pseudo-random numbers for `kaoa generate` (see zufall.h).
 */
#include "client/core/zufall.h"

#include <math.h>

uint64_t
kaoa_splitmix64(uint64_t z)
{
	z += UINT64_C(0x9E3779B97F4A7C15);
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* FNV-1a of the label, mixed with the seed, then splitmix64 four times for the state: distinct
 * labels give unrelated streams, and the state is never all zero. */
void
kaoa_zufall_init(kaoa_zufall *z, uint64_t seed, const char *label)
{
	uint64_t	h = UINT64_C(0xcbf29ce484222325);
	uint64_t	x;
	int			i;

	for (; label && *label; label++)
	{
		h ^= (unsigned char) *label;
		h *= UINT64_C(0x100000001b3);
	}
	x = seed ^ kaoa_splitmix64(h);
	for (i = 0; i < 4; i++)
	{
		x = kaoa_splitmix64(x + (uint64_t) i);
		z->s[i] = x;
	}
	if ((z->s[0] | z->s[1] | z->s[2] | z->s[3]) == 0)
		z->s[0] = 1;
}

/* xoshiro256** */
uint64_t
kaoa_zufall_u64(kaoa_zufall *z)
{
	uint64_t   *s = z->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Rejection sampling on the top of the range keeps every value equally likely. */
uint64_t
kaoa_zufall_unter(kaoa_zufall *z, uint64_t n)
{
	uint64_t	limit,
				x;

	if (n == 0)
		return 0;
	limit = UINT64_MAX - (UINT64_MAX % n);
	do
		x = kaoa_zufall_u64(z);
	while (x >= limit);
	return x % n;
}

long
kaoa_zufall_zwischen(kaoa_zufall *z, long lo, long hi)
{
	if (hi <= lo)
		return lo;
	return lo + (long) kaoa_zufall_unter(z, (uint64_t) (hi - lo) + 1);
}

double
kaoa_zufall_einheit(kaoa_zufall *z)
{
	return (double) (kaoa_zufall_u64(z) >> 11) * (1.0 / 9007199254740992.0);
}

bool
kaoa_zufall_chance(kaoa_zufall *z, double p)
{
	return kaoa_zufall_einheit(z) < p;
}

double
kaoa_zufall_normal(kaoa_zufall *z)
{
	double		u1 = 1.0 - kaoa_zufall_einheit(z);	/* (0, 1]: log is finite */
	double		u2 = kaoa_zufall_einheit(z);

	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

int
kaoa_zufall_gewichtet(kaoa_zufall *z, const double *gewichte, int n)
{
	double		summe = 0.0,
				ziel;
	int			i,
				letzter = -1;

	for (i = 0; i < n; i++)
		if (gewichte[i] > 0)
			summe += gewichte[i];
	if (summe <= 0)
		return -1;
	ziel = kaoa_zufall_einheit(z) * summe;
	for (i = 0; i < n; i++)
	{
		if (gewichte[i] <= 0)
			continue;
		letzter = i;
		if (ziel < gewichte[i])
			return i;
		ziel -= gewichte[i];
	}
	return letzter;				/* rounding at the very top */
}
