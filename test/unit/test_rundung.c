/*
 * test_rundung.c — unit tests of the controlled rounding of published counts (src/base/core/rundung.c).
 *
 * Hand-made networks with known answers, every input error, and random families checked for what
 * docs/roles-and-bi.md promises: every atom, every group of either tree and the total is a multiple
 * of the basis next to its true count (0 stays 0, a multiple stays as it is), every group equals the
 * sum of its rounded atoms, rounding the rounded atoms again gives them back (the fixed point the
 * guarantee rests on), and the result does not depend on the order of the atoms.
 */
#include "unit.h"

#include <stdlib.h>

#include "base/core/rundung.h"

static uint64_t zustand = 88172645463325252ULL;

static uint64_t
zufall(void)
{
	zustand ^= zustand << 13;
	zustand ^= zustand >> 7;
	zustand ^= zustand << 17;
	return zustand;
}

static bool
benachbart(int64_t gerundet, int64_t wahr, int64_t basis)
{
	return gerundet >= 0 && gerundet % basis == 0 && gerundet > wahr - basis && gerundet < wahr + basis;
}

/* ---- hand-made ---- */

static void
test_eine_aufteilung(void)
{
	/* five parts of 2 under a total of 10: two of them become 5, the rest 0 */
	rd_kante	k[6] = {{1, 0, 10, 0}};
	int64_t		summe = 0;
	int			fuenfer = 0;

	for (int i = 0; i < 5; i++)
		k[i + 1] = (rd_kante) {0, 1, 2, 0};
	IS_INT(rd_netz_runden(2, k, 6, 5, NULL), RD_OK, "a total of 10 in five parts of 2 rounds");
	IS_INT(k[0].gerundet, 10, "the total 10 is a multiple and stays");
	for (int i = 1; i < 6; i++)
	{
		summe += k[i].gerundet;
		fuenfer += k[i].gerundet == 5;
		OK(k[i].gerundet == 0 || k[i].gerundet == 5, "part %d: 2 becomes 0 or 5 (got %lld)", i, (long long) k[i].gerundet);
	}
	IS_INT(summe, 10, "the parts add up to the total");
	IS_INT(fuenfer, 2, "two parts become 5");
}

static void
test_zwei_baeume(void)
{
	/* 2 schools × 2 Anschluss crossed with 2 statuses: the v_verbleib / v_kette shape */
	const char *s1[] = {"S1", "dual"}, *s2[] = {"S1", "ohne"}, *s3[] = {"S2", "dual"}, *s4[] = {"S2", "ohne"};
	const char *gesichert[] = {"gesichert"}, *offen[] = {"offen"};
	rd_atom		a[4] = {
		{7, 2, s1, 1, gesichert, 0}, {3, 2, s2, 1, offen, 0}, {4, 2, s3, 1, gesichert, 0}, {6, 2, s4, 1, offen, 0}
	};

	IS_INT(rd_atome_runden(a, 4, 5, NULL), RD_OK, "a 2 × 2 × 2 family rounds");
	for (int i = 0; i < 4; i++)
		OK(benachbart(a[i].gerundet, a[i].wert, 5), "atom %d: %lld -> %lld", i, (long long) a[i].wert, (long long) a[i].gerundet);
	OK(benachbart(a[0].gerundet + a[2].gerundet, 11, 5), "status gesichert (11) -> %lld", (long long) (a[0].gerundet + a[2].gerundet));
	OK(benachbart(a[1].gerundet + a[3].gerundet, 9, 5), "status offen (9) -> %lld", (long long) (a[1].gerundet + a[3].gerundet));
	OK(benachbart(a[0].gerundet + a[1].gerundet, 10, 5), "school S1 (10) -> %lld", (long long) (a[0].gerundet + a[1].gerundet));
	OK(benachbart(a[0].gerundet + a[1].gerundet + a[2].gerundet + a[3].gerundet, 20, 5) &&
	   a[0].gerundet + a[1].gerundet + a[2].gerundet + a[3].gerundet == 20, "the total 20 stays 20");
}

static void
test_nullen_und_vielfache(void)
{
	const char *x[] = {"x"}, *y[] = {"y"}, *z[] = {"z"};
	rd_atom		a[3] = {{0, 1, x, 0, NULL, 0}, {10, 1, y, 0, NULL, 0}, {3, 1, z, 0, NULL, 0}};

	IS_INT(rd_atome_runden(a, 3, 5, NULL), RD_OK, "a family with a zero and a multiple");
	IS_INT(a[0].gerundet, 0, "0 stays 0");
	IS_INT(a[1].gerundet, 10, "a multiple stays as it is");
	IS_INT(a[2].gerundet, 5, "3 alone under a total of 13 (-> 10 or 15) becomes 5 (13 -> 15)");
}

static void
test_basis_eins(void)
{
	const char *x[] = {"x"};
	rd_atom		a[1] = {{3, 1, x, 0, NULL, 0}};

	IS_INT(rd_atome_runden(a, 1, 1, NULL), RD_OK, "basis 1");
	IS_INT(a[0].gerundet, 3, "basis 1 keeps every count");
}

static void
test_fehler(void)
{
	rd_kante	k[2] = {{0, 1, 3, 0}, {1, 0, 2, 0}};
	rd_kante	n[1] = {{0, 1, -1, 0}};
	rd_kante	r[1] = {{0, 5, 1, 0}};
	rd_kante	u[2] = {{0, 1, INT64_MAX, 0}, {2, 1, 5, 0}};
	const char *x[] = {"x"};
	rd_atom		a[2] = {{INT64_MAX, 1, x, 0, NULL, 0}, {1, 1, x, 0, NULL, 0}};
	rd_atom		neg[1] = {{-2, 1, x, 0, NULL, 0}};
	int64_t		t[2] = {3, 4},
				g[2];

	IS_INT(rd_netz_runden(2, k, 2, 5, NULL), RD_UNAUSGEGLICHEN, "3 out of a node, 2 back: refused");
	IS_INT(rd_netz_runden(2, n, 1, 5, NULL), RD_NEGATIV, "a negative arc: refused");
	IS_INT(rd_netz_runden(2, r, 1, 5, NULL), RD_KNOTEN, "an arc to a node that does not exist: refused");
	IS_INT(rd_netz_runden(3, u, 2, 5, NULL), RD_UEBERLAUF, "a balance beyond int64: refused");
	IS_INT(rd_netz_runden(2, k, 2, 0, NULL), RD_BASIS, "basis 0: refused");
	IS_INT(rd_atome_runden(a, 2, 5, NULL), RD_UEBERLAUF, "atoms summing beyond int64: refused");
	IS_INT(rd_atome_runden(neg, 1, 5, NULL), RD_NEGATIV, "a negative atom: refused");
	IS_INT(rd_aufteilen(5, t, 2, 5, g), RD_OK, "parts 3 + 4 = 7 split under 5 (adjacent below)");
	IS_INT(rd_aufteilen(10, t, 2, 5, g), RD_OK, "parts 3 + 4 = 7 split under 10 (adjacent above)");
	IS_INT(rd_aufteilen(15, t, 2, 5, g), RD_ZIEL, "parts 3 + 4 = 7 cannot have the rounded sum 15");
	IS_INT(rd_aufteilen(7, t, 2, 5, g), RD_ZIEL, "a target that is no multiple: refused");
	IS_INT(rd_aufteilen(0, t, 2, 5, g), RD_ZIEL, "parts 3 + 4 = 7 cannot have the rounded sum 0");
	OK(rd_fehler_text(RD_ZIEL)[0] != '\0' && rd_fehler_text(RD_OK)[0] != '\0', "every error has a text");
}

static void
test_aufteilen(void)
{
	int64_t		t[4] = {3, 4, 10, 1},
				g[4];

	IS_INT(rd_aufteilen(20, t, 4, 5, g), RD_OK, "3 + 4 + 10 + 1 = 18 split under 20");
	IS_INT(g[0] + g[1] + g[2] + g[3], 20, "the parts add up to 20");
	IS_INT(g[2], 10, "the multiple 10 stays");
	IS_INT(g[1], 5, "4 (largest remainder) rounds up");
	IS_INT(g[0], 5, "3 (next largest) rounds up");
	IS_INT(g[3], 0, "1 rounds down");
	IS_INT(rd_aufteilen(15, t, 4, 5, g), RD_OK, "the same parts under 15");
	IS_INT(g[0] + g[1] + g[2] + g[3], 15, "they add up to 15");
	IS_INT(g[1], 5, "only the largest remainder rounds up");
}

/* ---- random families: the promises, checked on many instances ---- */

#define MAX_ATOME 400

static const char *namen[] = {"a", "b", "c", "d", "e", "f", "g", "h", NULL};

typedef struct familie
{
	int			n;
	const char *pa[MAX_ATOME][3];
	const char *pb[MAX_ATOME][2];
	rd_atom		at[MAX_ATOME];
} familie;

static familie F,
			G;

/* A random family: atoms with A paths of length 0–3 and B paths of length 0–2 drawn from a few
 * names (NULL among them), distinct pairs of paths, counts 0–20 (many small). */
static void
familie_ziehen(familie *f, int n)
{
	int			la = (int) (zufall() % 4),
				lb = (int) (zufall() % 3);

	f->n = 0;
	for (int i = 0; i < n && f->n < MAX_ATOME; i++)
	{
		rd_atom    *a = &f->at[f->n];
		bool		doppelt = false;

		for (int d = 0; d < la; d++)
			f->pa[f->n][d] = namen[zufall() % 9];
		for (int d = 0; d < lb; d++)
			f->pb[f->n][d] = namen[zufall() % 9];
		*a = (rd_atom) {(int64_t) (zufall() % 3 == 0 ? zufall() % 21 : zufall() % 5), la, f->pa[f->n], lb, f->pb[f->n], -1};
		for (int j = 0; j < f->n && !doppelt; j++)
		{
			int			c = 0;

			for (int d = 0; d < la; d++)
				c |= f->pa[j][d] != f->pa[f->n][d];
			for (int d = 0; d < lb; d++)
				c |= f->pb[j][d] != f->pb[f->n][d];
			doppelt = c == 0;
		}
		if (!doppelt)
			f->n++;
	}
}

static bool
gleicher_praefix(const char *const *x, const char *const *y, int d)
{
	for (int i = 0; i < d; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* Every group of both trees (every prefix of every path) and the total: adjacent to its true sum. */
static bool
gruppen_benachbart(const familie *f, int64_t basis)
{
	int64_t		wahr = 0,
				gerundet = 0;

	for (int i = 0; i < f->n; i++)
	{
		wahr += f->at[i].wert;
		gerundet += f->at[i].gerundet;
	}
	if (!benachbart(gerundet, wahr, basis))
		return false;
	for (int t = 0; t < 2; t++)
		for (int i = 0; i < f->n; i++)
		{
			int			len = t == 0 ? f->at[i].n_a : f->at[i].n_b;
			const char *const *p = t == 0 ? f->at[i].a : f->at[i].b;

			for (int d = 1; d <= len; d++)
			{
				wahr = gerundet = 0;
				for (int j = 0; j < f->n; j++)
				{
					const char *const *q = t == 0 ? f->at[j].a : f->at[j].b;

					if (gleicher_praefix(p, q, d))
					{
						wahr += f->at[j].wert;
						gerundet += f->at[j].gerundet;
					}
				}
				if (!benachbart(gerundet, wahr, basis))
					return false;
			}
		}
	return true;
}

static void
test_zufaellige_familien(void)
{
	static const int64_t basen[] = {2, 3, 5, 7, 10};
	int			faelle = 0,
				atome_ok = 0,
				gruppen_ok = 0,
				fix_ok = 0,
				ordnung_ok = 0,
				fehler = 0;

	for (int runde = 0; runde < 600; runde++)
	{
		int64_t		basis = basen[runde % 5];
		bool		ok = true;
		int			perm[MAX_ATOME];

		familie_ziehen(&F, 1 + (int) (zufall() % (runde < 500 ? 40 : MAX_ATOME)));
		faelle++;
		if (rd_atome_runden(F.at, F.n, basis, NULL) != RD_OK)
		{
			fehler++;
			continue;
		}
		for (int i = 0; i < F.n; i++)
			ok &= benachbart(F.at[i].gerundet, F.at[i].wert, basis) &&
				(F.at[i].wert % basis != 0 || F.at[i].gerundet == F.at[i].wert);
		atome_ok += ok;
		gruppen_ok += gruppen_benachbart(&F, basis);

		/* the fixed point: the rounded atoms as data round to themselves */
		G = F;
		for (int i = 0; i < G.n; i++)
		{
			G.at[i].a = G.pa[i];
			G.at[i].b = G.pb[i];
			G.at[i].wert = F.at[i].gerundet;
		}
		ok = rd_atome_runden(G.at, G.n, basis, NULL) == RD_OK;
		for (int i = 0; i < G.n && ok; i++)
			ok = G.at[i].gerundet == F.at[i].gerundet;
		fix_ok += ok;

		/* the order of the atoms does not matter */
		for (int i = 0; i < F.n; i++)
			perm[i] = i;
		for (int i = F.n - 1; i > 0; i--)
		{
			int			j = (int) (zufall() % (uint64_t) (i + 1)),
						t = perm[i];

			perm[i] = perm[j];
			perm[j] = t;
		}
		for (int i = 0; i < F.n; i++)
		{
			memcpy(G.pa[i], F.pa[perm[i]], sizeof(G.pa[i]));
			memcpy(G.pb[i], F.pb[perm[i]], sizeof(G.pb[i]));
			G.at[i] = F.at[perm[i]];
			G.at[i].a = G.pa[i];
			G.at[i].b = G.pb[i];
		}
		ok = rd_atome_runden(G.at, G.n, basis, NULL) == RD_OK;
		for (int i = 0; i < G.n && ok; i++)
			ok = G.at[i].gerundet == F.at[perm[i]].gerundet;
		ordnung_ok += ok;
	}
	IS_INT(fehler, 0, "600 random families round without error");
	IS_INT(atome_ok, faelle, "every atom: a multiple next to its count, multiples unchanged (%d families)", faelle);
	IS_INT(gruppen_ok, faelle, "every group of both trees and the total: a multiple next to its true count");
	IS_INT(fix_ok, faelle, "the rounded atoms round to themselves (fixed point)");
	IS_INT(ordnung_ok, faelle, "shuffled atoms round to the same numbers");
}

static void
test_zufaelliges_aufteilen(void)
{
	int			ok = 0,
				faelle = 0;

	for (int runde = 0; runde < 2000; runde++)
	{
		int64_t		t[8],
					g[8],
					basis = 2 + (int64_t) (zufall() % 9),
					summe = 0,
					ziel,
					r;
		int			n = 1 + (int) (zufall() % 8);
		bool		gut;

		for (int i = 0; i < n; i++)
			summe += t[i] = (int64_t) (zufall() % 25);
		r = summe % basis;
		ziel = summe - r + (r != 0 && zufall() % 2 ? basis : 0);
		faelle++;
		gut = rd_aufteilen(ziel, t, n, basis, g) == RD_OK;
		summe = 0;
		for (int i = 0; i < n && gut; i++)
		{
			gut = benachbart(g[i], t[i], basis) && (t[i] % basis != 0 || g[i] == t[i]);
			summe += g[i];
		}
		ok += gut && summe == ziel;
	}
	IS_INT(ok, faelle, "2000 random splits under either adjacent target: parts adjacent, sum = target");
}

/* A large family (a Kommune's cases: 40 schools × 25 Anschluss × 8 statuses × overdue) in time. */
static void
test_gross(void)
{
	static const char *schulen[40], *anschluss[25], *status[8], *ueb[2] = {"nein", "ja"};
	static char puffer[80][8];
	static const char *pa[16000][2], *pb[16000][2];
	static rd_atom at[16000];
	int			n = 0,
				ok = 1;

	for (int i = 0; i < 40; i++)
		snprintf(puffer[i], 8, "s%d", i), schulen[i] = puffer[i];
	for (int i = 0; i < 25; i++)
		snprintf(puffer[40 + i], 8, "a%d", i), anschluss[i] = puffer[40 + i];
	for (int i = 0; i < 8; i++)
		snprintf(puffer[65 + i], 8, "t%d", i), status[i] = puffer[65 + i];
	for (int s = 0; s < 40; s++)
		for (int a = 0; a < 25; a++)
			for (int t = 0; t < 8; t++)
				for (int u = 0; u < 2; u++)
				{
					pa[n][0] = schulen[s];
					pa[n][1] = anschluss[a];
					pb[n][0] = status[t];
					pb[n][1] = ueb[u];
					at[n] = (rd_atom) {(int64_t) (zufall() % 4 == 0 ? zufall() % 6 : 0), 2, pa[n], 2, pb[n], 0};
					n++;
				}
	IS_INT(rd_atome_runden(at, n, 5, NULL), RD_OK, "16,000 atoms (40 schools × 25 Anschluss × 8 statuses × 2) round");
	for (int i = 0; i < n; i++)
		ok &= benachbart(at[i].gerundet, at[i].wert, 5);
	OK(ok, "… every atom adjacent");
}

/* ---- publication: NULL for a true 1 … basis − 1, else the rounded value ---- */

static void
test_zeigen(void)
{
	int64_t		w = -1;

	OK(rd_zeigen(0, 0, 5, &w) && w == 0, "a true 0 is published as 0");
	for (int64_t wahr = 1; wahr < 5; wahr++)
	{
		OK(!rd_zeigen(wahr, 0, 5, &w), "a true %lld (rounded 0) is NULL", (long long) wahr);
		OK(!rd_zeigen(wahr, 5, 5, &w), "a true %lld (rounded 5) is NULL", (long long) wahr);
	}
	OK(rd_zeigen(5, 5, 5, &w) && w == 5, "a true 5 is published as 5");
	OK(rd_zeigen(6, 10, 5, &w) && w == 10, "a true 6 is published as its rounded 10");
	OK(rd_zeigen(9, 5, 5, &w) && w == 5, "a true 9 is published as its rounded 5");
	OK(!rd_zeigen(-1, 0, 5, &w), "a negative count publishes nothing");
	OK(rd_zeigen(1, 1, 1, &w) && w == 1, "basis 1: every count is published as it is");
	OK(!rd_zeigen(2, 3, 3, &w) && rd_zeigen(3, 3, 3, &w) && w == 3, "basis 3: 2 is NULL, 3 shown");
}

/* Random families: whatever is published is 0 or a multiple of at least the basis, NULL exactly where
 * the true group count is 1 … basis − 1, so no difference of two published numbers is 1 … basis − 1. */
static void
test_zeigen_zufaellig(void)
{
	bool		ok = true;

	for (int runde = 0; runde < 300; runde++)
	{
		int64_t		basis = 3 + (int64_t) (zufall() % 5);
		enum
		{
			N = 12
		};
		const char *schule[N][1];
		const char *status[N][1];
		static const char *const namen[] = {"a", "b", "c", "d"};
		rd_atom		a[N];
		int64_t		gezeigt[2 * 4 + 1];
		int			n_gezeigt = 0;

		for (int i = 0; i < N; i++)
		{
			schule[i][0] = namen[i % 4];
			status[i][0] = namen[(i / 4) % 3];
			a[i] = (rd_atom) {(int64_t) (zufall() % 9), 1, schule[i], 1, status[i], 0};
		}
		if (rd_atome_runden(a, N, basis, NULL) != RD_OK)
		{
			ok = false;
			break;
		}
		/* the groups of tree A (schools) and tree B (statuses) */
		for (int baum = 0; baum < 2; baum++)
			for (int k = 0; k < (baum == 0 ? 4 : 3); k++)
			{
				int64_t		wahr = 0,
							gerundet = 0,
							w;
				bool		sichtbar;

				for (int i = 0; i < N; i++)
					if ((baum == 0 ? i % 4 : (i / 4) % 3) == k)
					{
						wahr += a[i].wert;
						gerundet += a[i].gerundet;
					}
				sichtbar = rd_zeigen(wahr, gerundet, basis, &w);
				ok &= sichtbar == (wahr == 0 || wahr >= basis);
				if (sichtbar)
				{
					ok &= w % basis == 0 && (w == 0) == (wahr == 0);
					gezeigt[n_gezeigt++] = w;
				}
			}
		for (int i = 0; i < n_gezeigt; i++)
			for (int j = 0; j < n_gezeigt; j++)
			{
				int64_t		d = gezeigt[i] - gezeigt[j];

				ok &= !(d > 0 && d < basis);
			}
	}
	OK(ok, "300 random families: NULL exactly for true 1 … basis − 1, every published group 0 or a multiple ≥ basis, no difference 1 … basis − 1");
}

int
main(void)
{
	test_eine_aufteilung();
	test_zwei_baeume();
	test_nullen_und_vielfache();
	test_basis_eins();
	test_fehler();
	test_aufteilen();
	test_zufaellige_familien();
	test_zufaelliges_aufteilen();
	test_gross();
	test_zeigen();
	test_zeigen_zufaellig();
	return unit_done();
}
