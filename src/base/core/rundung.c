/*
 * rundung.c — controlled rounding of the published counts (see rundung.h for the design).
 */
#include "base/core/rundung.h"

#include <string.h>

const char *
rd_fehler_text(rd_fehler e)
{
	switch (e)
	{
		case RD_OK:
			return "no error";
		case RD_NEGATIV:
			return "a count is negative";
		case RD_BASIS:
			return "the basis is below 1";
		case RD_UNAUSGEGLICHEN:
			return "the counts do not add up at a node";
		case RD_KNOTEN:
			return "an arc names a node that does not exist";
		case RD_UEBERLAUF:
			return "a sum of counts exceeds the range of bigint";
		case RD_ZIEL:
			return "the target is not a multiple of the basis next to the sum of the parts";
		case RD_SPEICHER:
			return "out of memory";
	}
	return "unknown error";
}

/* ---- a stable merge sort of indices with a comparator that takes a context ------------------------ */

typedef int (*rd_vergleich) (int64_t x, int64_t y, const void *ctx);

static void
sortieren(int64_t *idx, int64_t *tmp, int64_t n, rd_vergleich cmp, const void *ctx)
{
	int64_t		mitte,
				i,
				j,
				k;

	if (n < 2)
		return;
	mitte = n / 2;
	sortieren(idx, tmp, mitte, cmp, ctx);
	sortieren(idx + mitte, tmp, n - mitte, cmp, ctx);
	i = 0;
	j = mitte;
	k = 0;
	while (i < mitte && j < n)
		tmp[k++] = cmp(idx[j], idx[i], ctx) < 0 ? idx[j++] : idx[i++];
	while (i < mitte)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, (size_t) n * sizeof(int64_t));
}

/* ---- rd_netz_runden ---------------------------------------------------------------------------- */

static inline bool
offen(const rd_kante *k, int64_t basis)
{
	return k->gerundet % basis != 0;
}

rd_fehler
rd_netz_runden(int32_t n_knoten, rd_kante *kanten, int64_t n_kanten, int64_t basis, const kaoa_speicher *sp)
{
	int64_t    *bilanz = NULL,
			   *beginn = NULL,
			   *liste = NULL,
			   *zeiger = NULL,
			   *pos = NULL,
			   *pfad_kante = NULL;
	int32_t    *pfad_knoten = NULL;
	signed char *richtung = NULL;
	rd_fehler	fehler = RD_OK;
	int64_t		cursor = 0;

	if (basis < 1)
		return RD_BASIS;
	if (n_knoten < 0 || n_kanten < 0)
		return RD_KNOTEN;
	for (int64_t e = 0; e < n_kanten; e++)
	{
		if (kanten[e].von < 0 || kanten[e].von >= n_knoten || kanten[e].nach < 0 || kanten[e].nach >= n_knoten)
			return RD_KNOTEN;
		if (kanten[e].wert < 0)
			return RD_NEGATIV;
		kanten[e].gerundet = kanten[e].wert;
	}
	bilanz = kaoa_speicher_array(sp, (size_t) n_knoten + 1, sizeof(int64_t));
	if (bilanz == NULL)
		return RD_SPEICHER;
	memset(bilanz, 0, ((size_t) n_knoten + 1) * sizeof(int64_t));
	for (int64_t e = 0; e < n_kanten; e++)
	{
		if (__builtin_sub_overflow(bilanz[kanten[e].von], kanten[e].wert, &bilanz[kanten[e].von]) ||
			__builtin_add_overflow(bilanz[kanten[e].nach], kanten[e].wert, &bilanz[kanten[e].nach]))
		{
			fehler = RD_UEBERLAUF;
			goto ende;
		}
	}
	for (int32_t v = 0; v < n_knoten; v++)
		if (bilanz[v] != 0)
		{
			fehler = RD_UNAUSGEGLICHEN;
			goto ende;
		}
	if (basis == 1)
		goto ende;

	/*
	 * A loop (von = nach) changes no balance: it rounds on its own (down when below the middle).
	 * Every other arc is listed at both of its nodes (beginn/liste: the arcs at each node).
	 */
	beginn = kaoa_speicher_array(sp, (size_t) n_knoten + 1, sizeof(int64_t));
	liste = kaoa_speicher_array(sp, (size_t) n_kanten * 2 + 1, sizeof(int64_t));
	zeiger = kaoa_speicher_array(sp, (size_t) n_knoten + 1, sizeof(int64_t));
	pos = kaoa_speicher_array(sp, (size_t) n_knoten + 1, sizeof(int64_t));
	pfad_kante = kaoa_speicher_array(sp, (size_t) n_knoten + 1, sizeof(int64_t));
	pfad_knoten = kaoa_speicher_array(sp, (size_t) n_knoten + 1, sizeof(int32_t));
	richtung = kaoa_speicher_array(sp, (size_t) n_knoten + 1, 1);
	if (!beginn || !liste || !zeiger || !pos || !pfad_kante || !pfad_knoten || !richtung)
	{
		fehler = RD_SPEICHER;
		goto ende;
	}
	memset(beginn, 0, ((size_t) n_knoten + 1) * sizeof(int64_t));
	for (int64_t e = 0; e < n_kanten; e++)
	{
		rd_kante   *k = &kanten[e];

		if (k->von == k->nach)
		{
			int64_t		r = k->wert % basis;

			k->gerundet = k->wert - r + (2 * r >= basis ? basis : 0);
			continue;
		}
		beginn[k->von + 1]++;
		beginn[k->nach + 1]++;
	}
	for (int32_t v = 0; v < n_knoten; v++)
		beginn[v + 1] += beginn[v];
	memcpy(zeiger, beginn, ((size_t) n_knoten + 1) * sizeof(int64_t));
	for (int64_t e = 0; e < n_kanten; e++)
		if (kanten[e].von != kanten[e].nach)
		{
			liste[zeiger[kanten[e].von]++] = e;
			liste[zeiger[kanten[e].nach]++] = e;
		}
	memcpy(zeiger, beginn, ((size_t) n_knoten + 1) * sizeof(int64_t));
	for (int32_t v = 0; v < n_knoten; v++)
		pos[v] = -1;

	/*
	 * Cancel cycles.  Invariant: flow is conserved and every arc that is a multiple of basis stays
	 * so.  An open arc (not a multiple) is never alone among the open arcs of a node — the others
	 * there are multiples, so the node's balance would not be one — hence a walk along open arcs,
	 * never turning back along the arc it came by, always goes on and closes a cycle.
	 */
	for (;;)
	{
		int64_t		e,
					laenge = 0,
					anfang,
					plus = INT64_MAX,
					minus = INT64_MAX,
					schritt;
		int32_t		knoten;
		int64_t		kam = -1;

		while (cursor < n_kanten && (kanten[cursor].von == kanten[cursor].nach || !offen(&kanten[cursor], basis)))
			cursor++;
		if (cursor >= n_kanten)
			break;
		e = cursor;
		knoten = kanten[e].von;
		pfad_knoten[0] = knoten;
		pos[knoten] = 0;
		for (;;)
		{
			int32_t		weiter;

			if (e < 0)
			{
				/* the first open arc at knoten other than the one we came by */
				while (zeiger[knoten] < beginn[knoten + 1] && !offen(&kanten[liste[zeiger[knoten]]], basis))
					zeiger[knoten]++;
				for (int64_t i = zeiger[knoten]; i < beginn[knoten + 1]; i++)
					if (liste[i] != kam && offen(&kanten[liste[i]], basis))
					{
						e = liste[i];
						break;
					}
				if (e < 0)
				{
					fehler = RD_UNAUSGEGLICHEN;	/* cannot happen while conservation holds */
					goto ende;
				}
			}
			richtung[laenge] = kanten[e].von == knoten ? 1 : -1;
			weiter = kanten[e].von == knoten ? kanten[e].nach : kanten[e].von;
			pfad_kante[laenge++] = e;
			if (pos[weiter] >= 0)
			{
				anfang = pos[weiter];
				break;
			}
			pfad_knoten[laenge] = weiter;
			pos[weiter] = laenge;
			knoten = weiter;
			kam = e;
			e = -1;
		}

		/* how far the cycle can be pushed each way before an arc reaches a multiple */
		for (int64_t i = anfang; i < laenge; i++)
		{
			rd_kante   *k = &kanten[pfad_kante[i]];
			int64_t		unten = k->wert - k->wert % basis;
			int64_t		hoch = unten + basis - k->gerundet;
			int64_t		runter = k->gerundet - unten;

			if (richtung[i] > 0)
			{
				plus = hoch < plus ? hoch : plus;
				minus = runter < minus ? runter : minus;
			}
			else
			{
				plus = runter < plus ? runter : plus;
				minus = hoch < minus ? hoch : minus;
			}
		}
		/* the shorter way moves the counts least; ties go forward */
		schritt = plus <= minus ? plus : -minus;
		for (int64_t i = anfang; i < laenge; i++)
			kanten[pfad_kante[i]].gerundet += richtung[i] * schritt;
		for (int64_t i = 0; i < laenge; i++)
			pos[pfad_knoten[i]] = -1;
	}

ende:
	kaoa_speicher_free(sp, bilanz);
	kaoa_speicher_free(sp, beginn);
	kaoa_speicher_free(sp, liste);
	kaoa_speicher_free(sp, zeiger);
	kaoa_speicher_free(sp, pos);
	kaoa_speicher_free(sp, pfad_kante);
	kaoa_speicher_free(sp, pfad_knoten);
	kaoa_speicher_free(sp, richtung);
	return fehler;
}

/* ---- rd_atome_runden ---------------------------------------------------------------------------- */

/* Bytewise comparison of two path elements; NULL sorts first. */
static int
element_vergleich(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

static int
pfad_vergleich(int32_t nx, const char *const *x, int32_t ny, const char *const *y)
{
	for (int32_t i = 0; i < nx && i < ny; i++)
	{
		int			c = element_vergleich(x[i], y[i]);

		if (c != 0)
			return c;
	}
	return (nx > ny) - (nx < ny);
}

/* How many leading elements two paths share. */
static int32_t
gemeinsam(int32_t nx, const char *const *x, int32_t ny, const char *const *y)
{
	int32_t		i = 0;

	while (i < nx && i < ny && element_vergleich(x[i], y[i]) == 0)
		i++;
	return i;
}

/* Order by A path, then B path, then count: equal atoms are interchangeable. */
static int
nach_a(int64_t x, int64_t y, const void *ctx)
{
	const rd_atom *a = ctx;
	int			c = pfad_vergleich(a[x].n_a, a[x].a, a[y].n_a, a[y].a);

	if (c == 0)
		c = pfad_vergleich(a[x].n_b, a[x].b, a[y].n_b, a[y].b);
	if (c == 0)
		c = (a[x].wert > a[y].wert) - (a[x].wert < a[y].wert);
	return c;
}

static int
nach_b(int64_t x, int64_t y, const void *ctx)
{
	const rd_atom *a = ctx;
	int			c = pfad_vergleich(a[x].n_b, a[x].b, a[y].n_b, a[y].b);

	if (c == 0)
		c = pfad_vergleich(a[x].n_a, a[x].a, a[y].n_a, a[y].a);
	if (c == 0)
		c = (a[x].wert > a[y].wert) - (a[x].wert < a[y].wert);
	return c;
}

/*
 * Builds the nodes of one tree: walks the atoms in the tree's order and gives every new prefix a
 * node (numbered from *naechster on), recording each atom's deepest node in blatt (wurzel when its
 * path is empty) and each node's parent and sum.  Arcs are added by the caller.
 */
static rd_fehler
baum_bauen(const rd_atom *atome, const int64_t *ordnung, int64_t n, bool ist_a, int32_t wurzel,
		   int32_t *naechster, int32_t *blatt, int32_t *eltern, int64_t *summe, int32_t *stapel)
{
	int32_t		vorher_n = 0;
	const char *const *vorher = NULL;

	for (int64_t j = 0; j < n; j++)
	{
		const rd_atom *at = &atome[ordnung[j]];
		int32_t		np = ist_a ? at->n_a : at->n_b;
		const char *const *p = ist_a ? at->a : at->b;
		int32_t		c = j == 0 ? 0 : gemeinsam(vorher_n, vorher, np, p);

		for (int32_t d = c; d < np; d++)
		{
			int32_t		k = (*naechster)++;

			eltern[k] = d == 0 ? wurzel : stapel[d - 1];
			summe[k] = 0;
			stapel[d] = k;
		}
		blatt[ordnung[j]] = np == 0 ? wurzel : stapel[np - 1];
		for (int32_t d = 0; d < np; d++)
			if (__builtin_add_overflow(summe[stapel[d]], at->wert, &summe[stapel[d]]))
				return RD_UEBERLAUF;
		vorher = p;
		vorher_n = np;
	}
	return RD_OK;
}

rd_fehler
rd_atome_runden(rd_atom *atome, int64_t n, int64_t basis, const kaoa_speicher *sp)
{
	enum
	{
		S = 0, Z = 1
	};
	int64_t    *ordnung = NULL,
			   *tmp = NULL,
			   *summe = NULL;
	int32_t    *blatt_a = NULL,
			   *blatt_b = NULL,
			   *eltern = NULL,
			   *stapel = NULL;
	rd_kante   *kanten = NULL;
	int64_t		max_knoten = 2,
				gesamt = 0,
				nk = 0;
	int32_t		tiefe = 1,
				naechster = 2,
				erster_b;
	rd_fehler	fehler = RD_OK;

	if (basis < 1)
		return RD_BASIS;
	for (int64_t i = 0; i < n; i++)
	{
		if (atome[i].wert < 0)
			return RD_NEGATIV;
		if (atome[i].n_a < 0 || atome[i].n_b < 0)
			return RD_KNOTEN;
		if (__builtin_add_overflow(gesamt, atome[i].wert, &gesamt))
			return RD_UEBERLAUF;
		max_knoten += (int64_t) atome[i].n_a + atome[i].n_b;
		tiefe = atome[i].n_a > tiefe ? atome[i].n_a : tiefe;
		tiefe = atome[i].n_b > tiefe ? atome[i].n_b : tiefe;
	}
	if (max_knoten > INT32_MAX)
		return RD_UEBERLAUF;

	ordnung = kaoa_speicher_array(sp, (size_t) n + 1, sizeof(int64_t));
	tmp = kaoa_speicher_array(sp, (size_t) n + 1, sizeof(int64_t));
	summe = kaoa_speicher_array(sp, (size_t) max_knoten, sizeof(int64_t));
	blatt_a = kaoa_speicher_array(sp, (size_t) n + 1, sizeof(int32_t));
	blatt_b = kaoa_speicher_array(sp, (size_t) n + 1, sizeof(int32_t));
	eltern = kaoa_speicher_array(sp, (size_t) max_knoten, sizeof(int32_t));
	stapel = kaoa_speicher_array(sp, (size_t) tiefe, sizeof(int32_t));
	kanten = kaoa_speicher_array(sp, (size_t) (max_knoten + n + 1), sizeof(rd_kante));
	if (!ordnung || !tmp || !summe || !blatt_a || !blatt_b || !eltern || !stapel || !kanten)
	{
		fehler = RD_SPEICHER;
		goto ende;
	}

	/* tree A below S, tree B below Z, each built in its own order */
	for (int64_t i = 0; i < n; i++)
		ordnung[i] = i;
	sortieren(ordnung, tmp, n, nach_a, atome);
	fehler = baum_bauen(atome, ordnung, n, true, S, &naechster, blatt_a, eltern, summe, stapel);
	if (fehler != RD_OK)
		goto ende;
	erster_b = naechster;
	for (int64_t i = 0; i < n; i++)
		ordnung[i] = i;
	sortieren(ordnung, tmp, n, nach_b, atome);
	fehler = baum_bauen(atome, ordnung, n, false, Z, &naechster, blatt_b, eltern, summe, stapel);
	if (fehler != RD_OK)
		goto ende;

	/* arcs: total, tree A downwards, tree B upwards, then the atoms (in A order) */
	kanten[nk++] = (rd_kante) {Z, S, gesamt, 0};
	for (int32_t k = 2; k < erster_b; k++)
		kanten[nk++] = (rd_kante) {eltern[k], k, summe[k], 0};
	for (int32_t k = erster_b; k < naechster; k++)
		kanten[nk++] = (rd_kante) {k, eltern[k], summe[k], 0};
	for (int64_t i = 0; i < n; i++)
		ordnung[i] = i;
	sortieren(ordnung, tmp, n, nach_a, atome);
	for (int64_t j = 0; j < n; j++)
	{
		int64_t		i = ordnung[j];

		kanten[nk++] = (rd_kante) {blatt_a[i], blatt_b[i], atome[i].wert, 0};
	}
	fehler = rd_netz_runden(naechster, kanten, nk, basis, sp);
	if (fehler != RD_OK)
		goto ende;
	for (int64_t j = 0; j < n; j++)
		atome[ordnung[j]].gerundet = kanten[nk - n + j].gerundet;

ende:
	kaoa_speicher_free(sp, ordnung);
	kaoa_speicher_free(sp, tmp);
	kaoa_speicher_free(sp, summe);
	kaoa_speicher_free(sp, blatt_a);
	kaoa_speicher_free(sp, blatt_b);
	kaoa_speicher_free(sp, eltern);
	kaoa_speicher_free(sp, stapel);
	kaoa_speicher_free(sp, kanten);
	return fehler;
}

/* ---- rd_aufteilen ------------------------------------------------------------------------------- */

rd_fehler
rd_aufteilen(int64_t ziel, const int64_t *teile, int32_t n, int64_t basis, int64_t *gerundet)
{
	int64_t		summe = 0,
				unten = 0,
				rest_summe,
				hoch;

	if (basis < 1)
		return RD_BASIS;
	for (int32_t i = 0; i < n; i++)
	{
		if (teile[i] < 0)
			return RD_NEGATIV;
		if (__builtin_add_overflow(summe, teile[i], &summe))
			return RD_UEBERLAUF;
		gerundet[i] = teile[i] - teile[i] % basis;
		unten += gerundet[i];
	}
	rest_summe = summe % basis;
	if (ziel % basis != 0 || !(ziel == summe - rest_summe || (rest_summe != 0 && ziel == summe - rest_summe + basis)))
		return RD_ZIEL;
	/* ziel lies between the sum of the parts' floors and of their ceilings: round up the parts with
	 * the largest remainders (ties: the lower index) until the sum is reached */
	for (hoch = (ziel - unten) / basis; hoch > 0; hoch--)
	{
		int32_t		best = -1;

		for (int32_t i = 0; i < n; i++)
		{
			int64_t		r = teile[i] % basis;

			if (r == 0 || gerundet[i] != teile[i] - r)
				continue;		/* a multiple, or already rounded up */
			if (best < 0 || r > teile[best] % basis)
				best = i;
		}
		if (best < 0)
			return RD_ZIEL;		/* cannot happen: the sum of the ceilings is at least ceil(sum) */
		gerundet[best] += basis;
	}
	return RD_OK;
}

/* ---- rd_zeigen ------------------------------------------------------------------------------------ */

bool
rd_zeigen(int64_t wahr, int64_t gerundet, int64_t basis, int64_t *wert)
{
	*wert = 0;
	if (wahr < 0 || (wahr > 0 && wahr < basis))
		return false;
	*wert = gerundet;
	return true;
}
