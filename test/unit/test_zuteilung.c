/*
 * test_zuteilung.c — unit tests of deferred acceptance with capacities (docs/matching.md,
 * src/match/core/zuteilung.c).
 *
 * Hand-made instances with known answers (tie-breaking on both sides, cutoffs, zero seats), the
 * input errors, and random instances checked three ways: a stability verifier (no blocking pair,
 * no seat over capacity, only acceptable pairs); a greedy-by-score oracle that must equal the
 * result whenever each pair's praeferenz equals its prioritaet; and, on tiny instances, an
 * enumeration of every matching that confirms the result is the applicant-optimal stable one.
 */
#include "unit.h"

#include <stdlib.h>

#include "match/core/zuteilung.h"

/* ---- instance helpers ---- */

typedef struct instanz
{
	int32_t		nb,
				na;
	int64_t		bid[64000];
	int64_t		aid[64000];
	int32_t		plaetze[64000];
	int64_t		nk;
	kaoa_kante *k;
	int64_t		seed;
} instanz;

static instanz I;

static uint64_t zufall_zustand = 12345;

static uint64_t
zufall(void)
{
	zufall_zustand += UINT64_C(0x9E3779B97F4A7C15);
	return kaoa_los(0, (int64_t) zufall_zustand);
}

static kaoa_zuteilung_status
rechnen(kaoa_zuteilung_ergebnis *r)
{
	kaoa_zuteilung_eingabe in;

	memset(&in, 0, sizeof(in));
	in.n_bewerber = I.nb;
	in.bewerber_id = I.bid;
	in.n_angebote = I.na;
	in.angebot_id = I.aid;
	in.plaetze = I.plaetze;
	in.n_kanten = I.nk;
	in.kanten = I.k;
	in.seed = I.seed;
	return kaoa_zuteilung_da(&in, r);
}

static void
kante(int64_t i, int32_t b, int32_t o, double p, double q)
{
	I.k[i].bewerber = b;
	I.k[i].angebot = o;
	I.k[i].praeferenz = p;
	I.k[i].prioritaet = q;
}

/* applicant b prefers pair x to pair y (by the order of docs/matching.md) */
static bool
b_zieht_vor(const kaoa_kante *x, const kaoa_kante *y)
{
	if (x->praeferenz != y->praeferenz)
		return x->praeferenz > y->praeferenz;
	return I.aid[x->angebot] < I.aid[y->angebot];
}

/* offer prefers applicant of pair x to applicant of pair y */
static bool
o_zieht_vor(const kaoa_kante *x, const kaoa_kante *y)
{
	uint64_t	lx = kaoa_los(I.seed, I.bid[x->bewerber]),
				ly = kaoa_los(I.seed, I.bid[y->bewerber]);

	if (x->prioritaet != y->prioritaet)
		return x->prioritaet > y->prioritaet;
	if (lx != ly)
		return lx < ly;
	return I.bid[x->bewerber] < I.bid[y->bewerber];
}

/*
 * The stability verifier: every assignment is an acceptable pair, no offer over capacity, and no
 * blocking pair (an applicant and an offer who both prefer each other to what they got).  Returns
 * a description of the first violation, or NULL.
 */
static const char *
pruefen(const int32_t *angebot_von, int64_t *kante_von)
{
	static char text[200];
	int32_t    *belegt = calloc((size_t) I.na, sizeof(int32_t));
	int64_t    *schlechteste = malloc((size_t) I.na * sizeof(int64_t));
	int64_t		i;
	int32_t		o,
				b;

	for (b = 0; b < I.nb; b++)
		kante_von[b] = -1;
	for (o = 0; o < I.na; o++)
		schlechteste[o] = -1;
	for (i = 0; i < I.nk; i++)
		if (angebot_von[I.k[i].bewerber] == I.k[i].angebot)
			kante_von[I.k[i].bewerber] = i;
	for (b = 0; b < I.nb; b++)
	{
		if (angebot_von[b] < 0)
			continue;
		if (kante_von[b] < 0)
		{
			snprintf(text, sizeof(text), "applicant %d assigned to offer %d without an acceptable pair", b, angebot_von[b]);
			goto aus;
		}
		o = angebot_von[b];
		belegt[o]++;
		if (schlechteste[o] < 0 || o_zieht_vor(&I.k[schlechteste[o]], &I.k[kante_von[b]]))
			schlechteste[o] = kante_von[b];
	}
	for (o = 0; o < I.na; o++)
		if (belegt[o] > I.plaetze[o])
		{
			snprintf(text, sizeof(text), "offer %d has %d admitted for %d seats", o, belegt[o], I.plaetze[o]);
			goto aus;
		}
	for (i = 0; i < I.nk; i++)
	{
		const kaoa_kante *k = &I.k[i];

		b = k->bewerber;
		o = k->angebot;
		if (angebot_von[b] == o)
			continue;
		if (angebot_von[b] >= 0 && !b_zieht_vor(k, &I.k[kante_von[b]]))
			continue;
		if (I.plaetze[o] == 0)
			continue;
		if (belegt[o] < I.plaetze[o] || o_zieht_vor(k, &I.k[schlechteste[o]]))
		{
			snprintf(text, sizeof(text), "blocking pair: applicant %d and offer %d", b, o);
			goto aus;
		}
	}
	free(belegt);
	free(schlechteste);
	return NULL;
aus:
	free(belegt);
	free(schlechteste);
	return text;
}

static int
kante_absteigend(const void *pa, const void *pb)
{
	const kaoa_kante *a = pa,
			   *b = pb;

	if (a->praeferenz != b->praeferenz)
		return a->praeferenz > b->praeferenz ? -1 : 1;
	return 0;
}

/* The greedy oracle: take the pairs by descending score; a pair is taken when its applicant is
 * still free and its offer has a seat.  Equals DA when both sides rank by the same distinct score. */
static void
gierig(int32_t *angebot_von)
{
	kaoa_kante *sortiert = malloc((size_t) I.nk * sizeof(kaoa_kante));
	int32_t    *frei = malloc((size_t) I.na * sizeof(int32_t));
	int64_t		i;
	int32_t		b,
				o;

	memcpy(sortiert, I.k, (size_t) I.nk * sizeof(kaoa_kante));
	qsort(sortiert, (size_t) I.nk, sizeof(kaoa_kante), kante_absteigend);
	for (b = 0; b < I.nb; b++)
		angebot_von[b] = -1;
	for (o = 0; o < I.na; o++)
		frei[o] = I.plaetze[o];
	for (i = 0; i < I.nk; i++)
	{
		b = sortiert[i].bewerber;
		o = sortiert[i].angebot;
		if (angebot_von[b] < 0 && frei[o] > 0)
		{
			angebot_von[b] = o;
			frei[o]--;
		}
	}
	free(sortiert);
	free(frei);
}

/* A random instance: nb applicants, na offers with 0..maxplatz seats, each applicant with up to
 * maxk distinct acceptable offers; gleich makes praeferenz == prioritaet; stufen > 0 rounds
 * scores to that many levels (ties). */
static void
zufallsinstanz(int32_t nb, int32_t na, int maxk, int maxplatz, bool gleich, int stufen)
{
	int32_t		b,
				o;
	int64_t		i = 0;
	int32_t    *gesehen = calloc((size_t) na, sizeof(int32_t));

	I.nb = nb;
	I.na = na;
	I.seed = (int64_t) zufall();
	for (b = 0; b < nb; b++)
		I.bid[b] = (int64_t) (zufall() % 1000000) * 64 + b;	/* distinct, unordered */
	for (o = 0; o < na; o++)
	{
		I.aid[o] = (int64_t) (zufall() % 1000000) * 64 + o;
		I.plaetze[o] = (int32_t) (zufall() % (uint64_t) (maxplatz + 1));
	}
	for (b = 0; b < nb; b++)
	{
		int			n = (int) (zufall() % (uint64_t) (maxk + 1)),
					j;

		for (j = 0; j < n; j++)
		{
			double		p,
						q;

			o = (int32_t) (zufall() % (uint64_t) na);
			if (gesehen[o] == b + 1)
				continue;
			gesehen[o] = b + 1;
			p = (double) (zufall() >> 11) / 9007199254740992.0 * 100;
			q = (double) (zufall() >> 11) / 9007199254740992.0 * 100;
			if (stufen > 0)
			{
				p = floor(p / 100 * stufen);
				q = floor(q / 100 * stufen);
			}
			kante(i++, b, o, p, gleich ? p : q);
		}
	}
	I.nk = i;
	free(gesehen);
}

/* ---- tests ---- */

static void
test_los(void)
{
	/* splitmix64 with state 0: the first output of the reference generator */
	OK(kaoa_los(0, 0) == UINT64_C(0xE220A8397B1DCDAF), "los(0, 0) is the first splitmix64 output of state 0");
	OK(kaoa_los(5, 3) == kaoa_los(6, 0), "los depends on seed XOR bewerber only (5^3 = 6^0)");
	OK(kaoa_los(-1, 0) == kaoa_los(0, -1), "negative values are taken as unsigned 64-bit");
	{
		/* step by step as docs/matching.md writes it, for one value */
		uint64_t	z = (uint64_t) INT64_C(42) ^ (uint64_t) INT64_C(1001);

		z += UINT64_C(0x9E3779B97F4A7C15);
		z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
		z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
		z ^= z >> 31;
		OK(kaoa_los(42, 1001) == z, "los(42, 1001) as the documented formula");
	}
}

static void
test_hand(void)
{
	kaoa_zuteilung_ergebnis r;
	kaoa_kante	k[32];

	I.k = k;
	I.seed = 0;

	/* 3 applicants, 2 offers (ids 10, 20) with 1 seat each.  All prefer offer 10; it ranks
	 * applicant 2 highest.  DA: 2 gets 10, the best of the rest by offer 20's ranking gets 20. */
	I.nb = 3;
	I.na = 2;
	I.bid[0] = 100;
	I.bid[1] = 101;
	I.bid[2] = 102;
	I.aid[0] = 10;
	I.aid[1] = 20;
	I.plaetze[0] = 1;
	I.plaetze[1] = 1;
	kante(0, 0, 0, 90, 50);
	kante(1, 0, 1, 80, 70);
	kante(2, 1, 0, 90, 40);
	kante(3, 1, 1, 80, 60);
	kante(4, 2, 0, 90, 95);
	kante(5, 2, 1, 10, 10);
	I.nk = 6;
	IS_INT(rechnen(&r), KAOA_ZT_OK, "hand 1: runs");
	IS_INT(r.angebot_von[2], 0, "hand 1: applicant 102 gets offer 10 (highest priority there)");
	IS_INT(r.angebot_von[0], 1, "hand 1: applicant 100 gets offer 20 (priority 70 > 60)");
	IS_INT(r.angebot_von[1], -1, "hand 1: applicant 101 stays unassigned");
	OK(r.voll[0] && r.voll[1], "hand 1: both offers full");
	IS_DBL(r.grenze[0], 95, 0, "hand 1: cutoff of offer 10 is 95");
	IS_DBL(r.grenze[1], 70, 0, "hand 1: cutoff of offer 20 is 70");
	IS_INT(r.belegt[0], 1, "hand 1: one admitted at offer 10");
	IS_INT(r.antraege, 5, "hand 1: five proposals (100→10, 101→10, 101→20, 102→10 evicts 100, 100→20 evicts 101)");
	kaoa_zuteilung_freigeben(NULL, &r);

	/* applicant-side tie: equal praeferenz goes to the smaller angebot id, whatever the order */
	I.nb = 1;
	I.na = 2;
	I.aid[0] = 20;
	I.aid[1] = 10;
	I.plaetze[0] = 1;
	I.plaetze[1] = 1;
	kante(0, 0, 0, 50, 1);
	kante(1, 0, 1, 50, 1);
	I.nk = 2;
	rechnen(&r);
	IS_INT(r.angebot_von[0], 1, "praeferenz tie: the offer with the smaller id (10) is taken");
	kaoa_zuteilung_freigeben(NULL, &r);

	/* offer-side tie: equal prioritaet goes to the smaller los, then the smaller id */
	I.nb = 2;
	I.na = 1;
	I.bid[0] = 7;
	I.bid[1] = 8;
	I.aid[0] = 1;
	I.plaetze[0] = 1;
	kante(0, 0, 0, 50, 60);
	kante(1, 1, 0, 50, 60);
	I.nk = 2;
	for (I.seed = 0; I.seed < 4; I.seed++)
	{
		int32_t		erwartet = kaoa_los(I.seed, 7) < kaoa_los(I.seed, 8) ? 0 : 1;

		rechnen(&r);
		IS_INT(r.angebot_von[erwartet], 0, "prioritaet tie, seed %lld: the smaller los wins", (long long) I.seed);
		IS_INT(r.angebot_von[1 - erwartet], -1, "prioritaet tie, seed %lld: the other is unassigned", (long long) I.seed);
		IS_DBL(r.grenze[0], 60, 0, "prioritaet tie: cutoff 60");
		kaoa_zuteilung_freigeben(NULL, &r);
	}
	{
		/* find a seed where the los order is the reverse of the id order: the seed decides */
		int64_t		s;
		bool		gefunden = false;

		for (s = 0; s < 100 && !gefunden; s++)
			if (kaoa_los(s, 7) > kaoa_los(s, 8))
			{
				I.seed = s;
				rechnen(&r);
				IS_INT(r.angebot_von[1], 0, "prioritaet tie: los beats the id (seed %lld, applicant 8 wins)", (long long) s);
				kaoa_zuteilung_freigeben(NULL, &r);
				gefunden = true;
			}
		OK(gefunden, "a seed reverses the id order");
	}
	I.seed = 0;

	/* a higher priority beats any los */
	kante(1, 1, 0, 50, 60.0000001);
	rechnen(&r);
	IS_INT(r.angebot_von[1], 0, "a higher prioritaet wins whatever the los");
	kaoa_zuteilung_freigeben(NULL, &r);

	/* zero seats, an offer nobody wants, capacity larger than demand, eviction chain */
	I.nb = 4;
	I.na = 3;
	I.bid[0] = 1;
	I.bid[1] = 2;
	I.bid[2] = 3;
	I.bid[3] = 4;
	I.aid[0] = 100;
	I.aid[1] = 200;
	I.aid[2] = 300;
	I.plaetze[0] = 0;
	I.plaetze[1] = 2;
	I.plaetze[2] = 1000000000;
	kante(0, 0, 0, 99, 99);		/* 0 seats: never admitted */
	kante(1, 0, 1, 50, 10);
	kante(2, 1, 1, 60, 20);
	kante(3, 2, 1, 70, 30);		/* offer 200 takes 2 and 1 (priorities 30, 20), rejects 0 (10) */
	kante(4, 0, 2, 40, 0);
	kante(5, 3, 1, 10, 15);		/* 3 has priority 15 < 20 at offer 200: rejected */
	I.nk = 6;
	IS_INT(rechnen(&r), KAOA_ZT_OK, "hand 2: runs");
	IS_INT(r.angebot_von[0], 2, "hand 2: applicant 1 ends at offer 300 after 100 (0 seats) and 200 (outranked)");
	IS_INT(r.angebot_von[1], 1, "hand 2: applicant 2 at offer 200");
	IS_INT(r.angebot_von[2], 1, "hand 2: applicant 3 at offer 200");
	IS_INT(r.angebot_von[3], -1, "hand 2: applicant 4 unassigned");
	OK(!r.voll[0], "hand 2: an offer with 0 seats is not 'full' (no cutoff)");
	OK(r.voll[1], "hand 2: offer 200 is full");
	IS_DBL(r.grenze[1], 20, 0, "hand 2: cutoff of offer 200 is the lowest admitted priority, 20");
	OK(!r.voll[2], "hand 2: offer 300 with 10^9 seats is not full");
	IS_INT(r.belegt[2], 1, "hand 2: offer 300 admitted one");
	kaoa_zuteilung_freigeben(NULL, &r);

	/* no pairs at all */
	I.nk = 0;
	IS_INT(rechnen(&r), KAOA_ZT_OK, "no pairs: runs");
	IS_INT(r.angebot_von[0], -1, "no pairs: nobody assigned");
	kaoa_zuteilung_freigeben(NULL, &r);
}

static void
test_fehler(void)
{
	kaoa_zuteilung_ergebnis r;
	kaoa_kante	k[8];

	I.k = k;
	I.nb = 2;
	I.na = 2;
	I.bid[0] = 1;
	I.bid[1] = 2;
	I.aid[0] = 1;
	I.aid[1] = 2;
	I.plaetze[0] = 1;
	I.plaetze[1] = 1;
	kante(0, 0, 0, 1, 1);
	kante(1, 1, 0, 1, 1);
	kante(2, 0, 1, 1, 1);
	kante(3, 0, 0, 2, 2);
	I.nk = 4;
	IS_INT(rechnen(&r), KAOA_ZT_DOPPELTES_PAAR, "duplicate pair refused");
	IS_INT(r.fehler_kante, 3, "the later duplicate is named");
	OK(r.angebot_von == NULL, "nothing stays allocated on error");
	I.nk = 3;
	I.plaetze[1] = -1;
	IS_INT(rechnen(&r), KAOA_ZT_NEGATIVE_PLAETZE, "negative seats refused");
	IS_INT(r.fehler_angebot, 1, "the offer with negative seats is named");
	I.plaetze[1] = 1;
	k[1].prioritaet = NAN;
	IS_INT(rechnen(&r), KAOA_ZT_NAN, "NaN prioritaet refused");
	IS_INT(r.fehler_kante, 1, "the NaN pair is named");
	k[1].prioritaet = 1;
	k[2].praeferenz = NAN;
	IS_INT(rechnen(&r), KAOA_ZT_NAN, "NaN praeferenz refused");
	k[2].praeferenz = 1;
	k[2].angebot = 2;
	IS_INT(rechnen(&r), KAOA_ZT_INDEX, "offer index out of range refused");
	k[2].angebot = 1;
	k[2].bewerber = -1;
	IS_INT(rechnen(&r), KAOA_ZT_INDEX, "applicant index out of range refused");
	k[2].bewerber = 0;
	k[0].praeferenz = INFINITY;
	k[1].prioritaet = -INFINITY;
	IS_INT(rechnen(&r), KAOA_ZT_OK, "infinite scores are ordered, not refused");
	kaoa_zuteilung_freigeben(NULL, &r);
}

static void
test_zufall(void)
{
	static int64_t kante_von[64000];
	static int32_t orakel[64000];
	int			runde,
				instabil = 0,
				abweichend = 0,
				geprueft = 0;
	const char *fehler = NULL;
	int64_t		zugeteilt = 0;

	I.k = malloc(sizeof(kaoa_kante) * 64000 * 30);
	for (runde = 0; runde < 300; runde++)
	{
		kaoa_zuteilung_ergebnis r;
		int32_t		nb = 1 + (int32_t) (zufall() % 400),
					na = 1 + (int32_t) (zufall() % 100);
		bool		gleich = runde % 2 == 0;
		int			stufen = (runde % 3 == 0 && !gleich) ? 5 : 0;
		int32_t		b;

		zufallsinstanz(nb, na, 1 + (int) (zufall() % 12), 1 + (int) (zufall() % 4), gleich, stufen);
		if (rechnen(&r) != KAOA_ZT_OK)
		{
			instabil++;
			continue;
		}
		fehler = pruefen(r.angebot_von, kante_von);
		if (fehler)
		{
			if (instabil++ < 3)
				printf("# round %d: %s\n", runde, fehler);
		}
		for (b = 0; b < nb; b++)
			zugeteilt += r.angebot_von[b] >= 0;
		/* full offers: the cutoff is the lowest admitted priority */
		for (int32_t o = 0; o < na; o++)
			if (r.voll[o])
			{
				double		tief = INFINITY;

				for (b = 0; b < nb; b++)
					if (r.angebot_von[b] == o && I.k[kante_von[b]].prioritaet < tief)
						tief = I.k[kante_von[b]].prioritaet;
				if (tief != r.grenze[o] && instabil++ < 3)
					printf("# round %d: cutoff of offer %d is %g, lowest admitted %g\n", runde, o, r.grenze[o], tief);
			}
		if (gleich)
		{
			gierig(orakel);
			geprueft++;
			for (b = 0; b < nb; b++)
				if (orakel[b] != r.angebot_von[b])
				{
					if (abweichend++ < 3)
						printf("# round %d: applicant %d: DA %d, greedy %d\n", runde, b, r.angebot_von[b], orakel[b]);
					break;
				}
		}
		kaoa_zuteilung_freigeben(NULL, &r);
	}
	IS_INT(instabil, 0, "300 random instances (some with ties): stable, within capacity, acceptable pairs only, cutoffs right");
	IS_INT(abweichend, 0, "%d random instances with praeferenz = prioritaet: equal to the greedy-by-score oracle", geprueft);
	OK(zugeteilt > 1000, "the random instances assign many applicants (%lld)", (long long) zugeteilt);
	free(I.k);
}

/*
 * Tiny instances: enumerate every assignment (each applicant to one of its acceptable offers or to
 * none), keep the stable ones within capacity, and check that DA's is among them and that every
 * applicant likes it at least as much as any other stable one (applicant-optimality).
 */
static int32_t aufzaehlung[8];
static int32_t da_ergebnis[8];
static int	stabile_gefunden,
			nicht_optimal;

/* rank of offer o in applicant b's list (0 = best; nb of pairs = unassigned) */
static int
rang_von(int32_t b, int32_t o)
{
	int64_t		i,
				eigene = -1;
	int			r = 0;

	if (o < 0)
		return 1000;
	for (i = 0; i < I.nk; i++)
		if (I.k[i].bewerber == b && I.k[i].angebot == o)
			eigene = i;
	for (i = 0; i < I.nk; i++)
		if (I.k[i].bewerber == b && i != eigene && b_zieht_vor(&I.k[i], &I.k[eigene]))
			r++;
	return r;
}

static void
aufzaehlen(int32_t b)
{
	static int64_t kv[8];
	int64_t		i;

	if (b == I.nb)
	{
		int32_t		j;

		if (pruefen(aufzaehlung, kv) != NULL)
			return;
		stabile_gefunden++;
		for (j = 0; j < I.nb; j++)
			if (rang_von(j, aufzaehlung[j]) < rang_von(j, da_ergebnis[j]))
				nicht_optimal++;
		return;
	}
	aufzaehlung[b] = -1;
	aufzaehlen(b + 1);
	for (i = 0; i < I.nk; i++)
		if (I.k[i].bewerber == b)
		{
			aufzaehlung[b] = I.k[i].angebot;
			aufzaehlen(b + 1);
		}
}

static void
test_optimal(void)
{
	int			runde,
				da_instabil = 0,
				ohne_stabile = 0;
	static int64_t kv[8];

	I.k = malloc(sizeof(kaoa_kante) * 64);
	stabile_gefunden = 0;
	nicht_optimal = 0;
	for (runde = 0; runde < 2000; runde++)
	{
		kaoa_zuteilung_ergebnis r;
		int			vorher = stabile_gefunden;

		zufallsinstanz(2 + (int32_t) (zufall() % 5), 1 + (int32_t) (zufall() % 3), 3, 2, false, runde % 2 ? 3 : 0);
		rechnen(&r);
		memcpy(da_ergebnis, r.angebot_von, (size_t) I.nb * sizeof(int32_t));
		kaoa_zuteilung_freigeben(NULL, &r);
		if (pruefen(da_ergebnis, kv) != NULL)
			da_instabil++;
		aufzaehlen(0);
		if (stabile_gefunden == vorher)
			ohne_stabile++;
	}
	IS_INT(da_instabil, 0, "2000 tiny instances: DA's matching is stable");
	IS_INT(ohne_stabile, 0, "2000 tiny instances: the enumeration finds a stable matching each time");
	IS_INT(nicht_optimal, 0, "no applicant prefers another stable matching to DA's (%d stable matchings seen)", stabile_gefunden);
	free(I.k);
}

static void
test_idmap(void)
{
	kaoa_idmap	m;
	bool		neu;
	int32_t		i,
				falsch = 0;

	OK(kaoa_idmap_init(&m, NULL, 0), "id map: init");
	IS_INT(kaoa_idmap_eintragen(&m, 42, &neu), 0, "id map: first id gets 0");
	OK(neu, "id map: first id is new");
	IS_INT(kaoa_idmap_eintragen(&m, -7, &neu), 1, "id map: second id gets 1");
	IS_INT(kaoa_idmap_eintragen(&m, 42, &neu), 0, "id map: a known id keeps its index");
	OK(!neu, "id map: a known id is not new");
	for (i = 0; i < 100000; i++)
		kaoa_idmap_eintragen(&m, (int64_t) i * 1000003 - 5000000, &neu);
	for (i = 0; i < 100000; i++)
		if (kaoa_idmap_suchen(&m, (int64_t) i * 1000003 - 5000000) != i + 2)
			falsch++;
	IS_INT(falsch, 0, "id map: 100000 ids keep their indices through growth");
	IS_INT(kaoa_idmap_suchen(&m, 43), -1, "id map: unknown id is -1");
	IS_INT(m.anzahl, 100002, "id map: count");
	kaoa_idmap_freigeben(&m);
}

int
main(void)
{
	test_los();
	test_hand();
	test_fehler();
	test_zufall();
	test_optimal();
	test_idmap();
	return unit_done();
}
