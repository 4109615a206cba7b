/*
 * angebotsindex.c — streaming top-k of offers per applicant (see angebotsindex.h for the design).
 */
#include "match/core/angebotsindex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* At most this many distinct first digits of wishes get their own candidate ranges (there are
 * only ten). */
#define KAOA_ZWEIGE_MAX 10

/* Latitude band numbers run from -900 (the band [-90°, -89.9°)) to 900 (the pole itself). */
#define ZEILE_MIN (-900)
#define ZEILE_MAX 900

/* Relative and absolute slack of the geometric bounds: they only ever widen a window or lower a
 * minimum distance, so rounding in the bound can never drop an offer (the exact check follows). */
#define SPIEL_REL 1e-9
#define SPIEL_ABS 1e-9

/* An offer as the index keeps it: the offer plus its coordinates in radians. */
typedef struct eintrag
{
	kaoa_angebot a;
	double		phi;
	double		lambda;
	double		cosphi;
	int32_t		quelle;			/* position in the build array */
	int32_t		zeile;			/* latitude band (located offers) */
	int32_t		topf;
} eintrag;

/* What the first look at an entry needs, packed into 32 bytes (two per cache line) beside the
 * full entries, so that offers pruned at once cost one compact read. */
typedef struct heiss
{
	double		phi;
	double		lambda;
	double		cosphi;
	kaoa_kldb	kldb;
	bool		hat_ort;
} heiss;

/* A latitude band of one Topf: its located offers, sorted by longitude, from start to the next
 * band's start. */
typedef struct zeile
{
	int32_t		nummer;
	int32_t		start;
} zeile;

/* The offers sharing the first three KldB digits. */
typedef struct topf
{
	kaoa_kldb	praefix;		/* 0 for offers without an occupation */
	int32_t		start;			/* first entry; the unlocated ones come first */
	int32_t		ortlos_ende;	/* end of the unlocated entries = start of the located ones */
	int32_t		ende;
	int32_t		zeilen_start;	/* into ix->zeilen */
	int32_t		zeilen_ende;
} topf;

/* The reach of the current applicant into one latitude band; computed once per search and band,
 * shared by every Topf. */
typedef struct band
{
	double		weg_max;		/* bound of the weg component for any offer in the band */
	double		fenster[4];		/* one or two longitude windows [lo, hi] */
	int			n_fenster;
	double		dmin;			/* lower bound of the distance to the band (km) */
	double		phi_lo;			/* the band's latitude range in radians */
	double		phi_hi;
	double		cos_min;		/* the smaller cosine at the band's edges */
} band;

typedef struct topf_rang
{
	double		schranke;		/* upper bound of the beruf component */
	int32_t		topf;
} topf_rang;

struct kaoa_angebotsindex
{
	const kaoa_speicher *speicher;
	int32_t		n;
	eintrag    *eintraege;		/* by Topf, unlocated first, then band, longitude, id */
	double	   *laengen;		/* the entries' longitudes, compact for the binary searches */
	heiss	   *heisse;			/* the entries' hot fields, same order */
	int32_t		n_toepfe;
	topf	   *toepfe;
	int32_t		n_zeilen;
	zeile	   *zeilen;
	int64_t    *ids_sortiert;	/* angebot ids ascending, for kaoa_angebotsindex_position */
	int32_t    *ids_position;
	const kaoa_angebot **nach_quelle;	/* build position → entry's offer */
	kaoa_angebotssuche *standard;	/* the scratch of kaoa_angebotsindex_top */
};

/* Slots of the per-search memo tables (a power of two). */
#define MEMO_SLOTS 1024

/* A memoised component value: the key, the search that stored it, the value. */
typedef struct memo_beruf
{
	uint32_t	suche_nr;
	kaoa_kldb	kldb;
	double		wert;
} memo_beruf;

typedef struct memo_riasec
{
	uint32_t	suche_nr;
	kaoa_riasec interessen;
	bool		hat;
	double		wert;
} memo_riasec;

/* The scratch space of one searcher (one per thread). */
struct kaoa_angebotssuche
{
	const kaoa_speicher *speicher;
	/*
	 * For one applicant the beruf component depends only on the offer's occupation code and the
	 * interessen component only on the offer's profile; offers repeat both a lot, so the values
	 * are remembered per search (exactly the values of the passung.c functions, only not
	 * recomputed).
	 */
	memo_beruf *memo_beruf;
	memo_riasec *memo_riasec;
	topf_rang  *rang;			/* the Töpfe of the wishes' branches, by bound */
	struct band *baender;		/* per band number: its bounds for the current search */
	uint32_t   *band_stempel;	/* per band number: the search that computed it */
	uint32_t	suche_nr;
};

/* The Topf key: the first three digits of the packed code (kldb.h: digit i in the nibble at
 * 4·(5−i), so the top three nibbles), which is the whole code when it has fewer digits. */
static inline kaoa_kldb
topf_schluessel(kaoa_kldb k)
{
	return k & UINT32_C(0xFFF00);
}

static int32_t
zeile_von(double lat)
{
	double		z = floor(lat / KAOA_ZEILE_GRAD);

	if (z < ZEILE_MIN)
		return ZEILE_MIN;
	if (z > ZEILE_MAX)
		return ZEILE_MAX;
	return (int32_t) z;
}

static int
eintrag_vergleich(const void *pa, const void *pb)
{
	const eintrag *a = pa,
			   *b = pb;
	kaoa_kldb	ta = topf_schluessel(a->a.kldb),
				tb = topf_schluessel(b->a.kldb);

	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (a->a.hat_ort != b->a.hat_ort)
		return a->a.hat_ort ? 1 : -1;
	if (a->a.hat_ort)
	{
		if (a->zeile != b->zeile)
			return a->zeile < b->zeile ? -1 : 1;
		if (a->a.lon != b->a.lon)
			return a->a.lon < b->a.lon ? -1 : 1;
	}
	if (a->a.id != b->a.id)
		return a->a.id < b->a.id ? -1 : 1;
	return 0;
}

static int
id_vergleich(const void *pa, const void *pb)
{
	int64_t		a = *(const int64_t *) pa,
				b = *(const int64_t *) pb;

	return a < b ? -1 : (a > b ? 1 : 0);
}

void
kaoa_angebotsindex_freigeben(kaoa_angebotsindex *ix)
{
	const kaoa_speicher *s;

	if (ix == NULL)
		return;
	s = ix->speicher;
	kaoa_speicher_free(s, ix->eintraege);
	kaoa_speicher_free(s, ix->laengen);
	kaoa_speicher_free(s, ix->heisse);
	kaoa_speicher_free(s, ix->toepfe);
	kaoa_speicher_free(s, ix->zeilen);
	kaoa_speicher_free(s, ix->ids_sortiert);
	kaoa_speicher_free(s, ix->ids_position);
	kaoa_speicher_free(s, (void *) ix->nach_quelle);
	kaoa_angebotssuche_freigeben(ix->standard);
	kaoa_speicher_free(s, ix);
}

kaoa_angebotsindex *
kaoa_angebotsindex_bauen(const kaoa_angebot *angebote, int32_t n, const kaoa_speicher *s)
{
	kaoa_angebotsindex *ix;
	int32_t		i,
				t,
				z;
	int64_t    *paare = NULL;

	if (n < 0)
		return NULL;
	ix = kaoa_speicher_alloc(s, sizeof(*ix));
	if (ix == NULL)
		return NULL;
	memset(ix, 0, sizeof(*ix));
	ix->speicher = s;
	ix->n = n;
	ix->eintraege = kaoa_speicher_array(s, (size_t) (n > 0 ? n : 1), sizeof(eintrag));
	ix->laengen = kaoa_speicher_array(s, (size_t) (n > 0 ? n : 1), sizeof(double));
	ix->heisse = kaoa_speicher_array(s, (size_t) (n > 0 ? n : 1), sizeof(heiss));
	ix->ids_sortiert = kaoa_speicher_array(s, (size_t) (n > 0 ? n : 1), sizeof(int64_t));
	ix->ids_position = kaoa_speicher_array(s, (size_t) (n > 0 ? n : 1), sizeof(int32_t));
	ix->nach_quelle = kaoa_speicher_array(s, (size_t) (n > 0 ? n : 1), sizeof(kaoa_angebot *));
	paare = kaoa_speicher_array(s, (size_t) (n > 0 ? n : 1) * 2, sizeof(int64_t));
	if (!ix->eintraege || !ix->laengen || !ix->heisse || !ix->ids_sortiert || !ix->ids_position || !ix->nach_quelle || !paare)
		goto fehler;

	for (i = 0; i < n; i++)
	{
		eintrag    *e = &ix->eintraege[i];

		e->a = angebote[i];
		e->quelle = i;
		e->phi = e->a.lat * KAOA_GRAD;
		e->lambda = e->a.lon * KAOA_GRAD;
		e->cosphi = cos(e->phi);
		e->zeile = e->a.hat_ort ? zeile_von(e->a.lat) : 0;
	}
	qsort(ix->eintraege, (size_t) n, sizeof(eintrag), eintrag_vergleich);
	for (i = 0; i < n; i++)
	{
		ix->laengen[i] = ix->eintraege[i].a.lon;
		ix->heisse[i].phi = ix->eintraege[i].phi;
		ix->heisse[i].lambda = ix->eintraege[i].lambda;
		ix->heisse[i].cosphi = ix->eintraege[i].cosphi;
		ix->heisse[i].kldb = ix->eintraege[i].a.kldb;
		ix->heisse[i].hat_ort = ix->eintraege[i].a.hat_ort;
	}

	/* count Töpfe and bands */
	ix->n_toepfe = 0;
	ix->n_zeilen = 0;
	for (i = 0; i < n; i++)
	{
		const eintrag *e = &ix->eintraege[i];
		bool		neuer_topf = i == 0 ||
			topf_schluessel(e->a.kldb) != topf_schluessel(ix->eintraege[i - 1].a.kldb);

		if (neuer_topf)
			ix->n_toepfe++;
		if (e->a.hat_ort && (neuer_topf || !ix->eintraege[i - 1].a.hat_ort ||
							 ix->eintraege[i - 1].zeile != e->zeile))
			ix->n_zeilen++;
	}
	ix->toepfe = kaoa_speicher_array(s, (size_t) (ix->n_toepfe > 0 ? ix->n_toepfe : 1), sizeof(topf));
	ix->zeilen = kaoa_speicher_array(s, (size_t) (ix->n_zeilen > 0 ? ix->n_zeilen : 1), sizeof(zeile));
	if (!ix->toepfe || !ix->zeilen)
		goto fehler;

	t = -1;
	z = 0;
	for (i = 0; i < n; i++)
	{
		eintrag    *e = &ix->eintraege[i];

		if (i == 0 || topf_schluessel(e->a.kldb) != topf_schluessel(ix->eintraege[i - 1].a.kldb))
		{
			if (t >= 0)
			{
				ix->toepfe[t].ende = i;
				if (ix->toepfe[t].ortlos_ende < 0)
					ix->toepfe[t].ortlos_ende = i;
				ix->toepfe[t].zeilen_ende = z;
			}
			t++;
			ix->toepfe[t].praefix = topf_schluessel(e->a.kldb);
			ix->toepfe[t].start = i;
			ix->toepfe[t].ortlos_ende = -1;
			ix->toepfe[t].zeilen_start = z;
		}
		e->topf = t;
		if (e->a.hat_ort)
		{
			if (ix->toepfe[t].ortlos_ende < 0)
				ix->toepfe[t].ortlos_ende = i;
			if (z == ix->toepfe[t].zeilen_start || ix->zeilen[z - 1].nummer != e->zeile)
			{
				ix->zeilen[z].nummer = e->zeile;
				ix->zeilen[z].start = i;
				z++;
			}
		}
	}
	if (t >= 0)
	{
		ix->toepfe[t].ende = n;
		if (ix->toepfe[t].ortlos_ende < 0)
			ix->toepfe[t].ortlos_ende = n;
		ix->toepfe[t].zeilen_ende = z;
	}

	/* id look-up: (id, entry) pairs sorted by id */
	for (i = 0; i < n; i++)
	{
		paare[2 * i] = ix->eintraege[i].a.id;
		paare[2 * i + 1] = i;
		ix->nach_quelle[ix->eintraege[i].quelle] = &ix->eintraege[i].a;
	}
	qsort(paare, (size_t) n, 2 * sizeof(int64_t), id_vergleich);
	for (i = 0; i < n; i++)
	{
		ix->ids_sortiert[i] = paare[2 * i];
		ix->ids_position[i] = ix->eintraege[paare[2 * i + 1]].quelle;
	}
	kaoa_speicher_free(s, paare);
	paare = NULL;
	ix->standard = kaoa_angebotssuche_neu(ix, s);
	if (ix->standard == NULL)
		goto fehler;
	return ix;

fehler:
	kaoa_speicher_free(s, paare);
	kaoa_angebotsindex_freigeben(ix);
	return NULL;
}

kaoa_angebotssuche *
kaoa_angebotssuche_neu(const kaoa_angebotsindex *ix, const kaoa_speicher *s)
{
	kaoa_angebotssuche *sc = kaoa_speicher_alloc(s, sizeof(*sc));

	if (sc == NULL)
		return NULL;
	memset(sc, 0, sizeof(*sc));
	sc->speicher = s;
	sc->rang = kaoa_speicher_array(s, (size_t) (ix->n_toepfe > 0 ? ix->n_toepfe : 1), sizeof(topf_rang));
	sc->baender = kaoa_speicher_array(s, ZEILE_MAX - ZEILE_MIN + 1, sizeof(band));
	sc->band_stempel = kaoa_speicher_array(s, ZEILE_MAX - ZEILE_MIN + 1, sizeof(uint32_t));
	sc->memo_beruf = kaoa_speicher_array(s, MEMO_SLOTS, sizeof(memo_beruf));
	sc->memo_riasec = kaoa_speicher_array(s, MEMO_SLOTS, sizeof(memo_riasec));
	if (!sc->rang || !sc->baender || !sc->band_stempel || !sc->memo_beruf || !sc->memo_riasec)
	{
		kaoa_angebotssuche_freigeben(sc);
		return NULL;
	}
	memset(sc->band_stempel, 0, (ZEILE_MAX - ZEILE_MIN + 1) * sizeof(uint32_t));
	memset(sc->memo_beruf, 0, MEMO_SLOTS * sizeof(memo_beruf));
	memset(sc->memo_riasec, 0, MEMO_SLOTS * sizeof(memo_riasec));
	return sc;
}

void
kaoa_angebotssuche_freigeben(kaoa_angebotssuche *sc)
{
	if (sc == NULL)
		return;
	kaoa_speicher_free(sc->speicher, sc->rang);
	kaoa_speicher_free(sc->speicher, sc->baender);
	kaoa_speicher_free(sc->speicher, sc->band_stempel);
	kaoa_speicher_free(sc->speicher, sc->memo_beruf);
	kaoa_speicher_free(sc->speicher, sc->memo_riasec);
	kaoa_speicher_free(sc->speicher, sc);
}

int32_t
kaoa_angebotsindex_anzahl(const kaoa_angebotsindex *ix)
{
	return ix->n;
}

const kaoa_angebot *
kaoa_angebotsindex_angebot(const kaoa_angebotsindex *ix, int32_t i)
{
	if (i < 0 || i >= ix->n)
		return NULL;
	return ix->nach_quelle[i];
}

int32_t
kaoa_angebotsindex_position(const kaoa_angebotsindex *ix, int64_t angebot_id)
{
	int32_t		lo = 0,
				hi = ix->n;

	while (lo < hi)
	{
		int32_t		mitte = lo + (hi - lo) / 2;

		if (ix->ids_sortiert[mitte] < angebot_id)
			lo = mitte + 1;
		else
			hi = mitte;
	}
	if (lo < ix->n && ix->ids_sortiert[lo] == angebot_id)
		return ix->ids_position[lo];
	return -1;
}

/* ---- the search ---- */

/* The state of one applicant's search. */
typedef struct suche
{
	kaoa_angebotssuche *sc;		/* scratch of this searcher */
	const kaoa_bewerber *b;
	const kaoa_gewichte *g;
	kaoa_treffer *heap;			/* worst hit at index 0 */
	int32_t		k;
	int32_t		n;
	double		nenner;			/* Σ w of the applicant's weights */
	double		schwelle;		/* when the heap is full: the least numerator that can enter */
	double		zaehler_voll;	/* the numerator with every component at 1 */
	double		spiel;			/* slack of chancenlos_grob */
	double		phi;
	double		lambda;
	double		cosphi;
	kaoa_suchstatistik st;
} suche;

/* Hit x ranks below hit y: lower score, or equal score and a greater id. */
static inline bool
treffer_unter(const kaoa_treffer *x, const kaoa_treffer *y)
{
	if (x->passung != y->passung)
		return x->passung < y->passung;
	return x->angebot_id > y->angebot_id;
}

static void
treffer_runter(kaoa_treffer *h, int32_t n, int32_t i)
{
	kaoa_treffer x = h[i];

	for (;;)
	{
		int32_t		kind = 2 * i + 1;

		if (kind >= n)
			break;
		if (kind + 1 < n && treffer_unter(&h[kind + 1], &h[kind]))
			kind++;
		if (!treffer_unter(&h[kind], &x))
			break;
		h[i] = h[kind];
		i = kind;
	}
	h[i] = x;
}

/*
 * The least numerator z with 100 · z / Σw >= the worst held score.  Since that expression is
 * monotone in z, "bound numerator < schwelle" holds exactly when the bound's score is below the
 * worst held score; comparing numerators saves a division per bound.  Found by stepping from the
 * algebraic value to the exact boundary of the rounded function.
 */
static double
schwelle_von(double schlechteste, double nenner)
{
	double		z = schlechteste * nenner / 100.0;

	while (kaoa_passung_aus(z, nenner) >= schlechteste)
		z = nextafter(z, -INFINITY);
	while (kaoa_passung_aus(z, nenner) < schlechteste)
		z = nextafter(z, INFINITY);
	return z;
}

static void
treffer_aufnehmen(suche *su, const kaoa_treffer *t)
{
	kaoa_treffer *h = su->heap;

	if (su->n < su->k)
	{
		int32_t		i = su->n++;

		while (i > 0)
		{
			int32_t		eltern = (i - 1) / 2;

			if (!treffer_unter(t, &h[eltern]))
				break;
			h[i] = h[eltern];
			i = eltern;
		}
		h[i] = *t;
		if (su->n == su->k)
			su->schwelle = schwelle_von(h[0].passung, su->nenner);
		return;
	}
	if (treffer_unter(&h[0], t))
	{
		double		alt = h[0].passung;

		h[0] = *t;
		treffer_runter(h, su->n, 0);
		if (h[0].passung != alt)
			su->schwelle = schwelle_von(h[0].passung, su->nenner);
	}
}

/* True when a bound cannot enter the heap any more: k hits are held and the bound's numerator is
 * below the threshold (a bound equal to the worst score may still enter through a smaller id). */
static inline bool
chancenlos(const suche *su, double zaehler_schranke)
{
	return su->n == su->k && zaehler_schranke < su->schwelle;
}

/* As chancenlos, for a numerator computed in another order than kaoa_passung_zaehler: the slack
 * (far above the few ulps such a sum can differ by, far below any difference that matters) keeps
 * the test conservative. */
static inline bool
chancenlos_grob(const suche *su, double zaehler_schranke)
{
	return su->n == su->k && zaehler_schranke + su->spiel < su->schwelle;
}

/* The numerator bound with the given beruf and weg bounds and every other component at 1. */
static inline double
schranke_mit(const suche *su, double beruf, double weg)
{
	double		c[KAOA_KOMPONENTEN] = {beruf, 1.0, weg, 1.0, 1.0, 1.0};

	return kaoa_passung_zaehler(c, su->g);
}

/*
 * A lower bound of the haversine distance to entry e, from sin x >= x − x³/6 (x >= 0) and
 * asin y >= y: with h₁ = |Δφ|/2 and h₂ = |Δλ|/2 (Δλ wrapped to at most π),
 * a >= (h₁ − h₁³/6)² + cos φa · cos φo · (h₂ − h₂³/6)² and d >= 2R √a.  Relative error about
 * h²/6, i.e. 1e-5 at 50 km; shrunk by a slack so that rounding never lifts it above the true d.
 */
static inline double
untere_distanz(const suche *su, const heiss *e)
{
	double		h1 = fabs(e->phi - su->phi) / 2.0;
	double		dl = fabs(e->lambda - su->lambda);
	double		h2,
				s1,
				s2,
				a;

	if (dl > 3.14159265358979323846)
		dl = 2.0 * 3.14159265358979323846 - dl;
	h2 = dl / 2.0;
	s1 = h1 - h1 * h1 * h1 * (1.0 / 6.0);
	s2 = h2 - h2 * h2 * h2 * (1.0 / 6.0);
	if (s1 < 0.0)
		s1 = 0.0;
	if (s2 < 0.0)
		s2 = 0.0;
	a = s1 * s1 + su->cosphi * e->cosphi * (s2 * s2);
	return 2.0 * KAOA_ERDRADIUS_KM * sqrt(a) * (1.0 - SPIEL_REL) - 1e-6;
}

/* The beruf component for an offer code, remembered for this search. */
static inline double
beruf_gemerkt(suche *su, kaoa_kldb kldb)
{
	memo_beruf *m = &su->sc->memo_beruf[(kldb * UINT32_C(2654435761)) >> 22 & (MEMO_SLOTS - 1)];

	if (m->suche_nr != su->sc->suche_nr || m->kldb != kldb)
	{
		m->suche_nr = su->sc->suche_nr;
		m->kldb = kldb;
		m->wert = kaoa_komponente_beruf(su->b->wuensche, su->b->n_wuensche, kldb);
	}
	return m->wert;
}

/* The interessen component for an offer's profile, remembered for this search. */
static inline double
interessen_gemerkt(suche *su, const kaoa_angebot *o)
{
	uint64_t	schluessel = 0;
	memo_riasec *m;

	memcpy(&schluessel, o->interessen.v, KAOA_RIASEC_DIMS);
	if (!o->hat_interessen)
		schluessel = UINT64_MAX;
	m = &su->sc->memo_riasec[(schluessel * UINT64_C(0x9E3779B97F4A7C15)) >> 54 & (MEMO_SLOTS - 1)];
	if (m->suche_nr != su->sc->suche_nr || m->hat != o->hat_interessen ||
		memcmp(m->interessen.v, o->interessen.v, KAOA_RIASEC_DIMS) != 0)
	{
		m->suche_nr = su->sc->suche_nr;
		m->interessen = o->interessen;
		m->hat = o->hat_interessen;
		m->wert = kaoa_komponente_interessen(su->b, o);
	}
	return m->wert;
}

/* Looks at one offer; weg_schranke bounds its weg component (exact 0.5 for pairs without a
 * distance). */
static void
pruefen(suche *su, const kaoa_angebotsindex *ix, int32_t i, double weg_schranke)
{
	const kaoa_bewerber *b = su->b;
	const heiss *h = &ix->heisse[i];
	const eintrag *e;
	const kaoa_angebot *o;
	const kaoa_gewichte *g = su->g;
	double		c[KAOA_KOMPONENTEN];
	double		z;
	kaoa_treffer t;
	bool		mit_distanz = b->hat_ort && h->hat_ort;

	su->st.gesichtet++;

	/*
	 * The cheapest components first, each followed by the bound with the rest at 1.  The bound's
	 * numerator is kept as Σw minus each known component's shortfall wₖ(1 − cₖ): cheaper than
	 * summing anew, and within a few ulps of the ordered sum, which the slack of chancenlos_grob
	 * covers.
	 */
	if (mit_distanz)
	{
		/* a near-exact lower bound of the distance, without a sine: excluded pairs go now, and
		 * the weg bound is nearly the true weg */
		double		d_unten = untere_distanz(su, h);

		if (d_unten > b->max_km)
			return;
		weg_schranke = kaoa_komponente_weg(true, d_unten, b->max_km);
	}
	c[KAOA_K_BERUF] = beruf_gemerkt(su, h->kldb);
	z = su->zaehler_voll - g->w[KAOA_K_BERUF] * (1.0 - c[KAOA_K_BERUF])
		- g->w[KAOA_K_WEG] * (1.0 - weg_schranke);
	if (chancenlos_grob(su, z))
		return;
	e = &ix->eintraege[i];
	o = &e->a;
	if (kaoa_ausschluss_abschluss(b, o) || kaoa_ausschluss_beginn(b, o))
		return;
	c[KAOA_K_ABSCHLUSS] = kaoa_komponente_abschluss(b->abschluss, o->mindest_abschluss);
	c[KAOA_K_BEGINN] = kaoa_komponente_beginn(b, o);
	z -= g->w[KAOA_K_ABSCHLUSS] * (1.0 - c[KAOA_K_ABSCHLUSS]) + g->w[KAOA_K_BEGINN] * (1.0 - c[KAOA_K_BEGINN]);
	if (chancenlos_grob(su, z))
		return;
	c[KAOA_K_INTERESSEN] = interessen_gemerkt(su, o);
	z -= g->w[KAOA_K_INTERESSEN] * (1.0 - c[KAOA_K_INTERESSEN]);
	if (chancenlos_grob(su, z))
		return;
	c[KAOA_K_KOMPETENZEN] = kaoa_komponente_kompetenzen(b, o);
	z -= g->w[KAOA_K_KOMPETENZEN] * (1.0 - c[KAOA_K_KOMPETENZEN]);
	if (chancenlos_grob(su, z))
		return;
	if (mit_distanz)
	{
		double		d = kaoa_haversine_rad(su->phi, su->lambda, su->cosphi, e->phi, e->lambda, e->cosphi);

		if (d > b->max_km)
			return;
		c[KAOA_K_WEG] = kaoa_komponente_weg(true, d, b->max_km);
	}
	else
		c[KAOA_K_WEG] = kaoa_komponente_weg(false, 0.0, b->max_km);
	su->st.bewertet++;
	t.angebot_id = o->id;
	t.angebot = e->quelle;
	t.passung = kaoa_passung_summe(c, su->g);
	t.prioritaet = kaoa_prioritaet(c);
	treffer_aufnehmen(su, &t);
}

/* The bound of the beruf component over every offer of Topf t. */
static double
beruf_schranke(const kaoa_bewerber *b, const topf *t)
{
	double		best = 0.0;
	int			ebene_topf,
				i;

	if (b->wuensche == NULL || b->n_wuensche <= 0)
		return 0.5;
	if (t->praefix == 0)
		return 0.0;
	ebene_topf = kaoa_kldb_ebene(t->praefix);
	for (i = 0; i < b->n_wuensche; i++)
	{
		int			n = kaoa_kldb_gemeinsam(b->wuensche[i], t->praefix);
		double		c;

		/* all three digits shared: an offer may share up to all of the wish's digits */
		if (ebene_topf == 3 && n == 3)
			n = kaoa_kldb_ebene(b->wuensche[i]);
		c = kaoa_beruf_stufe(n) * kaoa_beruf_faktor(i);
		if (c > best)
			best = c;
	}
	return best;
}

/* Max-heap of the candidate Töpfe by bound: only as many are taken out as the search visits, so
 * an applicant whose first Töpfe fill the heap pays O(n) instead of a full sort. */
static void
rang_runter(topf_rang *h, int32_t n, int32_t i)
{
	topf_rang	x = h[i];

	for (;;)
	{
		int32_t		kind = 2 * i + 1;

		if (kind >= n)
			break;
		if (kind + 1 < n && h[kind + 1].schranke > h[kind].schranke)
			kind++;
		if (!(h[kind].schranke > x.schranke))
			break;
		h[i] = h[kind];
		i = kind;
	}
	h[i] = x;
}

/* First entry in [lo, hi) of a band with lon >= x (entries sorted by lon). */
static int32_t
erste_ab(const double *laengen, int32_t lo, int32_t hi, double x)
{
	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (laengen[m] < x)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/* What the search of one applicant needs to know about its reach. */
typedef struct reichweite
{
	int32_t		z_lo;			/* bands that can lie within max_km */
	int32_t		z_hi;
	int32_t		z_eigen;		/* the applicant's own band */
	bool		alle_laengen;	/* the reach spans every longitude */
	double		s_halb;			/* sin(max_km / 2R), widened */
} reichweite;

static void
reichweite_setzen(const suche *su, reichweite *rw)
{
	double		winkel = su->b->max_km / KAOA_ERDRADIUS_KM;	/* radians of arc */
	double		breite = winkel * (1.0 + SPIEL_REL) + SPIEL_ABS;
	double		halb = winkel / 2.0 * (1.0 + SPIEL_REL) + SPIEL_ABS;

	rw->z_lo = zeile_von((su->phi - breite) / KAOA_GRAD);
	rw->z_hi = zeile_von((su->phi + breite) / KAOA_GRAD);
	rw->z_eigen = zeile_von(su->b->lat);
	rw->alle_laengen = halb >= 3.14159265358979323846 / 2.0;
	rw->s_halb = rw->alle_laengen ? 1.0 : sin(halb);
}

/* A lower bound of the distance from the applicant to any point of band z (km): at least R·|Δφ|,
 * since the haversine a >= sin²(Δφ/2). */
static double
band_mindestabstand(const suche *su, int32_t z, double *phi_lo, double *phi_hi)
{
	double		band_lo = z * KAOA_ZEILE_GRAD;
	double		band_hi = (z + 1) * KAOA_ZEILE_GRAD;
	double		abstand,
				dmin;

	if (band_lo < -90.0)
		band_lo = -90.0;
	if (band_hi > 90.0)
		band_hi = 90.0;
	*phi_lo = band_lo * KAOA_GRAD;
	*phi_hi = band_hi * KAOA_GRAD;
	abstand = su->phi < *phi_lo ? *phi_lo - su->phi : (su->phi > *phi_hi ? su->phi - *phi_hi : 0.0);
	dmin = KAOA_ERDRADIUS_KM * abstand * (1.0 - SPIEL_REL) - 1e-6;
	return dmin > 0.0 ? dmin : 0.0;
}

/*
 * The longitude windows of the points of a band (latitudes phi_lo..phi_hi) that can lie within the
 * distance whose half-angle sine is s_halb: within it a <= s_halb², and a >= cos φa · cos φo ·
 * sin²(Δλ/2) with cos φo >= the smaller cosine at the band's edges, so |Δλ| <= 2 asin(s_halb /
 * √(cos φa · cos φo_min)).  One window, or two where it wraps around ±180°.
 */
static int
fenster_berechnen(const suche *su, double cmin, double s_halb, bool alle_laengen, double fenster[4])
{
	double		prod = su->cosphi * cmin;
	double		verh = prod > 0.0 ? s_halb / sqrt(prod) : 2.0;
	double		dl,
				w_lo,
				w_hi;

	if (alle_laengen || verh >= 1.0)
	{
		fenster[0] = -180.0;
		fenster[1] = 180.0;
		return 1;
	}
	dl = (2.0 * asin(verh) * (1.0 + SPIEL_REL) + SPIEL_ABS) / KAOA_GRAD;
	w_lo = su->b->lon - dl;
	w_hi = su->b->lon + dl;
	fenster[0] = w_lo;
	fenster[1] = w_hi;
	if (w_lo < -180.0)
	{
		fenster[0] = -180.0;
		fenster[2] = w_lo + 360.0;
		fenster[3] = 180.0;
		return 2;
	}
	if (w_hi > 180.0)
	{
		fenster[1] = 180.0;
		fenster[2] = -180.0;
		fenster[3] = w_hi - 360.0;
		return 2;
	}
	return 1;
}

/* The applicant's reach into band z (computed on first use in this search). */
static const band *
band_von(suche *su, int32_t z, const reichweite *rw)
{
	band	   *bd = &su->sc->baender[z - ZEILE_MIN];

	if (su->sc->band_stempel[z - ZEILE_MIN] == su->sc->suche_nr)
		return bd;
	su->sc->band_stempel[z - ZEILE_MIN] = su->sc->suche_nr;
	bd->dmin = band_mindestabstand(su, z, &bd->phi_lo, &bd->phi_hi);
	bd->weg_max = kaoa_komponente_weg(true, bd->dmin, su->b->max_km);
	bd->cos_min = cos(bd->phi_lo) < cos(bd->phi_hi) ? cos(bd->phi_lo) : cos(bd->phi_hi);
	bd->n_fenster = fenster_berechnen(su, bd->cos_min, rw->s_halb, rw->alle_laengen, bd->fenster);
	return bd;
}

/*
 * Once k hits are held, an offer of a Topf with beruf bound beruf_max can only enter with a weg
 * component of at least what the threshold leaves, i.e. within a distance shorter than max_km.
 * Returns that distance (widened by a slack, never more than max_km), or -1 when no offer of the
 * Topf can enter at all.
 */
static double
reichweite_noetig(const suche *su, double beruf_max)
{
	const kaoa_gewichte *g = su->g;
	double		max_km = su->b->max_km;
	double		w_weg = g->w[KAOA_K_WEG];
	double		rest,
				weg_min,
				d;

	if (su->n < su->k || w_weg <= 0.0)
		return max_km;
	/* numerator with weg at 0 and everything else at its bound, against the threshold */
	rest = su->zaehler_voll - g->w[KAOA_K_BERUF] * (1.0 - beruf_max) - w_weg - su->schwelle + su->spiel;
	weg_min = -rest / w_weg - 1e-9;
	if (weg_min <= 0.0)
		return max_km;
	if (weg_min > 1.0 + 1e-9)
		return -1.0;
	if (max_km <= KAOA_WEG_VOLL_KM)
		return max_km;
	d = max_km - weg_min * (max_km - KAOA_WEG_VOLL_KM);
	if (d < KAOA_WEG_VOLL_KM)
		d = KAOA_WEG_VOLL_KM;
	d = d * (1.0 + SPIEL_REL) + 1e-6;
	return d < max_km ? d : max_km;
}

/* Visits the offers of band zi (of Topf t) within the applicant's longitude window. */
static void
band_besuchen(suche *su, const kaoa_angebotsindex *ix, const topf *t, int32_t zi, double beruf_max,
			  const band *bd)
{
	const zeile *zl = &ix->zeilen[zi];
	int32_t		start = zl->start;
	int32_t		ende = zi + 1 < t->zeilen_ende ? ix->zeilen[zi + 1].start : t->ende;
	int			f;

	const double *fenster = bd->fenster;
	double		eng[4];
	int			n_fenster = bd->n_fenster;
	double		noetig;

	if (chancenlos(su, schranke_mit(su, beruf_max, bd->weg_max)))
		return;
	/* a full heap narrows the reach: only offers near enough to beat the threshold */
	noetig = reichweite_noetig(su, beruf_max);
	if (noetig < 0.0)
		return;
	if (noetig < su->b->max_km)
	{
		double		halb = noetig / KAOA_ERDRADIUS_KM / 2.0 * (1.0 + SPIEL_REL) + SPIEL_ABS;
		bool		alle = halb >= 3.14159265358979323846 / 2.0;

		n_fenster = fenster_berechnen(su, bd->cos_min, alle ? 1.0 : sin(halb), alle, eng);
		fenster = eng;
	}
	for (f = 0; f < n_fenster; f++)
	{
		int32_t		i = erste_ab(ix->laengen, start, ende, fenster[2 * f]);

		for (; i < ende && ix->laengen[i] <= fenster[2 * f + 1]; i++)
			pruefen(su, ix, i, bd->weg_max);
	}
}

/* Visits the located offers of Topf t within the applicant's reach, nearest band first, so that
 * the heap fills with close offers early and the farther bands are pruned by their weg bound. */
static void
topf_mit_ort(suche *su, const kaoa_angebotsindex *ix, const topf *t, double beruf_max, const reichweite *rw)
{
	int32_t		lo = t->zeilen_start,
				hi = t->zeilen_ende,
				erste,
				letzte,
				hoch,
				runter;

	/* first band >= z_lo, first band > z_hi, first band >= the applicant's */
	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (ix->zeilen[m].nummer < rw->z_lo)
			lo = m + 1;
		else
			hi = m;
	}
	erste = lo;
	for (letzte = erste; letzte < t->zeilen_ende && ix->zeilen[letzte].nummer <= rw->z_hi; letzte++)
		;
	for (hoch = erste; hoch < letzte && ix->zeilen[hoch].nummer < rw->z_eigen; hoch++)
		;
	runter = hoch - 1;
	while (hoch < letzte || runter >= erste)
	{
		int32_t		zi;
		const band *oben = hoch < letzte ? band_von(su, ix->zeilen[hoch].nummer, rw) : NULL;
		const band *unten = runter >= erste ? band_von(su, ix->zeilen[runter].nummer, rw) : NULL;
		const band *bd;

		if (unten == NULL || (oben != NULL && oben->dmin <= unten->dmin))
		{
			zi = hoch++;
			bd = oben;
		}
		else
		{
			zi = runter--;
			bd = unten;
		}
		band_besuchen(su, ix, t, zi, beruf_max, bd);
	}
}

/* Visits one Topf: its unlocated offers (weg 0.5), then its located ones within reach (or all of
 * them, weg 0.5, for an applicant without a location). */
static void
topf_besuchen(suche *su, const kaoa_angebotsindex *ix, const topf *t, double beruf_max, const reichweite *rw)
{
	int32_t		i;

	for (i = t->start; i < t->ortlos_ende; i++)
		pruefen(su, ix, i, 0.5);
	if (su->b->hat_ort)
		topf_mit_ort(su, ix, t, beruf_max, rw);
	else
		for (i = t->ortlos_ende; i < t->ende; i++)
			pruefen(su, ix, i, 0.5);
}

/* The range [*von, *bis) of Töpfe whose prefix starts with the first digit of wish w (Töpfe are
 * sorted by their packed prefix, and the first digit is its top nibble). */
static void
zweig(const kaoa_angebotsindex *ix, kaoa_kldb w, int32_t *von, int32_t *bis)
{
	kaoa_kldb	unten = w & UINT32_C(0xF0000);
	kaoa_kldb	oben = unten + UINT32_C(0x10000);
	int32_t		lo = 0,
				hi = ix->n_toepfe;

	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (ix->toepfe[m].praefix < unten)
			lo = m + 1;
		else
			hi = m;
	}
	*von = lo;
	for (hi = ix->n_toepfe; lo < hi;)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (ix->toepfe[m].praefix < oben)
			lo = m + 1;
		else
			hi = m;
	}
	*bis = lo;
}

int32_t
kaoa_angebotsindex_top(kaoa_angebotsindex *ix, const kaoa_bewerber *b,
					   const kaoa_gewichte *g, int32_t k, kaoa_treffer *out,
					   kaoa_suchstatistik *st)
{
	return kaoa_angebotsindex_top_mit(ix, ix->standard, b, g, k, out, st);
}

int32_t
kaoa_angebotsindex_top_mit(const kaoa_angebotsindex *ix, kaoa_angebotssuche *sc,
						   const kaoa_bewerber *b, const kaoa_gewichte *g, int32_t k,
						   kaoa_treffer *out, kaoa_suchstatistik *st)
{
	suche		su;
	reichweite	rw;
	int32_t		ti,
				n,
				n_rang = 0,
				i;
	int32_t		von[KAOA_ZWEIGE_MAX],
				bis[KAOA_ZWEIGE_MAX];
	int			n_zweige = 0,
				z;
	double		weg_max;

	if (k <= 0 || ix->n == 0)
		return 0;
	memset(&su, 0, sizeof(su));
	memset(&rw, 0, sizeof(rw));
	su.sc = sc;
	su.b = b;
	su.g = g;
	su.heap = out;
	su.k = k;
	su.nenner = kaoa_passung_nenner(g);
	{
		double		eins[KAOA_KOMPONENTEN] = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0};

		su.zaehler_voll = kaoa_passung_zaehler(eins, g);
		su.spiel = 1e-9 * su.nenner;
	}
	if (b->hat_ort)
	{
		su.phi = b->lat * KAOA_GRAD;
		su.lambda = b->lon * KAOA_GRAD;
		su.cosphi = cos(su.phi);
		reichweite_setzen(&su, &rw);
	}
	/* a new search number invalidates the band bounds of the previous applicant */
	if (++sc->suche_nr == 0)
	{
		memset(sc->band_stempel, 0, (ZEILE_MAX - ZEILE_MIN + 1) * sizeof(uint32_t));
		memset(sc->memo_beruf, 0, MEMO_SLOTS * sizeof(memo_beruf));
		memset(sc->memo_riasec, 0, MEMO_SLOTS * sizeof(memo_riasec));
		sc->suche_nr = 1;
	}
	weg_max = b->hat_ort ? 1.0 : 0.5;

	/*
	 * Töpfe sharing no first digit with any wish have beruf exactly 0 (0.5 for every Topf when
	 * there are no wishes): only the Töpfe in the wishes' branches need a bound and an order.
	 */
	if (b->wuensche != NULL && b->n_wuensche > 0)
	{
		for (i = 0; i < b->n_wuensche; i++)
		{
			int32_t		v,
						w;
			bool		schon = false;

			zweig(ix, b->wuensche[i], &v, &w);
			for (z = 0; z < n_zweige; z++)
				schon |= von[z] == v;
			if (schon || v == w || n_zweige == KAOA_ZWEIGE_MAX)
			{
				if (!schon && v != w)
				{
					/* more branches than expected: treat every Topf as a candidate */
					von[0] = 0;
					bis[0] = ix->n_toepfe;
					n_zweige = 1;
					break;
				}
				continue;
			}
			von[n_zweige] = v;
			bis[n_zweige] = w;
			n_zweige++;
		}
		for (z = 0; z < n_zweige; z++)
			for (ti = von[z]; ti < bis[z]; ti++)
			{
				sc->rang[n_rang].schranke = beruf_schranke(b, &ix->toepfe[ti]);
				sc->rang[n_rang].topf = ti;
				n_rang++;
			}
		for (i = n_rang / 2 - 1; i >= 0; i--)
			rang_runter(sc->rang, n_rang, i);
		while (n_rang > 0)
		{
			topf_rang	bester = sc->rang[0];

			/* best bound first: once one cannot reach the heap, no later one can */
			if (chancenlos(&su, schranke_mit(&su, bester.schranke, weg_max)))
				break;
			sc->rang[0] = sc->rang[--n_rang];
			rang_runter(sc->rang, n_rang, 0);
			topf_besuchen(&su, ix, &ix->toepfe[bester.topf], bester.schranke, &rw);
		}
	}

	/* the Töpfe outside the wishes' branches (all of them when there are no wishes) */
	{
		double		rest = (b->wuensche != NULL && b->n_wuensche > 0) ? 0.0 : 0.5;

		for (ti = 0; ti < ix->n_toepfe; ti++)
		{
			bool		gesehen = false;

			if (chancenlos(&su, schranke_mit(&su, rest, weg_max)))
				break;
			for (z = 0; z < n_zweige; z++)
				gesehen |= ti >= von[z] && ti < bis[z];
			if (!gesehen)
				topf_besuchen(&su, ix, &ix->toepfe[ti], rest, &rw);
		}
	}

	/* heap → best first: repeatedly move the worst to the end */
	n = su.n;
	while (su.n > 1)
	{
		kaoa_treffer x = out[0];

		out[0] = out[su.n - 1];
		out[su.n - 1] = x;
		su.n--;
		treffer_runter(out, su.n, 0);
	}
	if (st)
	{
		st->gesichtet += su.st.gesichtet;
		st->bewertet += su.st.bewertet;
	}
	return n;
}
