/*
 * bewerberliste.c — the k best applicants for one offer (see bewerberliste.h for the design).
 *
 * Layout.  Every applicant gives one entry ("posting") per Topf of its wishes (the distinct first
 * three digits), or one in the Topf of applicants without wishes, or one in the Topf of those with
 * more than SLOTS wishes.  The postings are sorted by Topf, then located before unlocated, then by
 * latitude band, longitude and id, and kept as parallel arrays by position: what the bound of one
 * posting needs (float coordinates, max_km and its weg terms, the weights' beruf and weg shares,
 * the wish codes).  A Topf knows its range, its bands and the greatest max_km and least weight
 * shares of its applicants, so that a whole Topf, band or longitude window is passed over when no
 * applicant in it can reach the k-th score.
 */
#include "match/core/bewerberliste.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match/core/naehe.h"
#include "types/core/abschluss.h"

#define PI 3.14159265358979323846

/* Postings given the bound per run (the buffer of the first step), runs between two re-narrowings
 * of a band's longitude window, and the size up to which a band is read through (cheaper than its
 * window: a sine, an arc sine and two searches). */
#define LAUF 64
#define NACHSCHAERFEN 2
#define KLEINES_BAND 16

/* Wishes whose codes a posting keeps; more wishes bound beruf by 1.  An unused slot holds KEIN_CODE,
 * which shares no leading digit with any code (a nibble is at most 10). */
#define SLOTS 3
#define KEIN_CODE UINT32_C(0xFFFFFFFF)

/* The score bound is raised by SPIEL_PUNKTE points: far above the float rounding of the bound
 * (coordinates, weight shares, the float haversine), far below any difference between scores that
 * matters for the order (the exact score decides). */
#define SPIEL_PUNKTE 1e-3f

/* Kinds of wishes (art): none (beruf exactly 0.5), up to SLOTS kept, more. */
#define ART_KEINE 0
#define ART_SLOTS 1
#define ART_VIELE 2

/* Interest profiles: id 0 = none; 1 .. PROFILE−1 the distinct profiles in build order, each with
 * its exact shortfall in a table per query; the profiles beyond share PROFILE, whose shortfall is
 * 0 (no bound). */
#define PROFILE 1024

/* Qualification slots: 0 unknown, 1..18 the catalogue, 19 any other code (shortfall 0, no
 * exclusion in the bound: the exact score decides). */
#define ABSCHLUSS_SLOTS (KAOA_ABSCHLUSS_MAX + 2)

/* A shortfall standing for an exclusion in the bound (finite, so that a weight of 0 gives 0). */
#define AUSGESCHLOSSEN 1e30f

/* Topf keys beyond every three-digit prefix: applicants without wishes, with more than SLOTS. */
#define TOPF_KEINE UINT32_C(0xFFFFFFFE)
#define TOPF_VIELE UINT32_C(0xFFFFFFFF)

/* A latitude band of a Topf: its located postings from start to the next band's start (or the
 * Topf's ort_ende), by longitude. */
typedef struct zeile
{
	int32_t		nummer;
	int32_t		start;
} zeile;

/* The postings sharing a Topf: [start, ort_ende) located, in bands zeilen[zeilen_start,
 * zeilen_ende); [ort_ende, ende) without a location. */
typedef struct topf
{
	uint32_t	schluessel;		/* first three digits of the code (kldb & 0xFFF00), or TOPF_… */
	int32_t		start;
	int32_t		ort_ende;
	int32_t		ende;
	int32_t		zeilen_start;
	int32_t		zeilen_ende;
	float		max_km;			/* the greatest max_km of its located applicants */
	float		f_beruf_min;	/* the least beruf and weg shares of its applicants' weights */
	float		f_weg_min;
} topf;

struct kaoa_bewerberliste
{
	const kaoa_speicher *speicher;
	const kaoa_listen_bewerber *bewerber;
	int32_t		n;				/* applicants */
	int32_t		n_pos;			/* postings */
	/* per posting */
	float	   *phi;
	float	   *lambda;
	float	   *cosphi;
	float	   *a_max;			/* the haversine term of the applicant's max_km, widened */
	float	   *max_km;
	float	   *weg_kehr;		/* 1 / (max_km − 5), 0 when max_km <= 5 */
	float	   *f_beruf;		/* 100 · w_beruf / Σw of the applicant's weights */
	float	   *f_weg;			/* 100 · w_weg / Σw */
	float	   *f_interessen;	/* likewise for interessen, abschluss, beginn */
	float	   *f_abschluss;
	float	   *f_beginn;
	uint16_t   *profil;			/* interest profile id (see PROFILE) */
	uint8_t    *abschluss;		/* qualification slot (see ABSCHLUSS_SLOTS) */
	int32_t    *verfuegbar_ab;	/* INT32_MIN when unknown */
	uint32_t   *slot;			/* SLOTS per posting: the wish codes (KEIN_CODE: none) */
	uint8_t    *art;
	int32_t    *quelle;			/* the applicant's position in the build array */
	/* the Töpfe by key, and their bands */
	int32_t		n_toepfe;
	topf	   *toepfe;
	int32_t		n_zeilen;
	zeile	   *zeilen;
	/* the distinct interest profiles, [1, n_profile) */
	int32_t		n_profile;
	kaoa_riasec *profile;
	/* per applicant: the query that scored it last (an applicant with several postings is scored
	 * once per query) */
	uint32_t   *gesehen;
	uint32_t	anfrage_nr;
	size_t		bytes;
};

typedef struct sortier
{
	uint32_t	schluessel;
	int32_t		ortlos;
	int32_t		zeile;
	double		lambda;
	int64_t		id;
	int32_t		quelle;
} sortier;

/* The order of the postings (see the layout above). */
static int
sortier_vergleich(const void *pa, const void *pb)
{
	const sortier *a = pa,
			   *b = pb;

	if (a->schluessel != b->schluessel)
		return a->schluessel < b->schluessel ? -1 : 1;
	if (a->ortlos != b->ortlos)
		return a->ortlos < b->ortlos ? -1 : 1;
	if (a->zeile != b->zeile)
		return a->zeile < b->zeile ? -1 : 1;
	if (a->lambda != b->lambda)
		return a->lambda < b->lambda ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

/* The kind of an applicant's wishes. */
static int
art_von(const kaoa_bewerber *b)
{
	if (b->wuensche == NULL || b->n_wuensche <= 0)
		return ART_KEINE;
	return b->n_wuensche > SLOTS ? ART_VIELE : ART_SLOTS;
}

/* The Töpfe an applicant is posted in (distinct, into keys[SLOTS]); returns how many. */
static int
toepfe_von(const kaoa_bewerber *b, uint32_t keys[SLOTS])
{
	int			art = art_von(b),
				n = 0,
				w,
				j;

	if (art == ART_KEINE)
	{
		keys[0] = TOPF_KEINE;
		return 1;
	}
	if (art == ART_VIELE)
	{
		keys[0] = TOPF_VIELE;
		return 1;
	}
	for (w = 0; w < b->n_wuensche; w++)
	{
		uint32_t	k = b->wuensche[w] & UINT32_C(0xFFF00);

		for (j = 0; j < n && keys[j] != k; j++)
			;
		if (j == n)
			keys[n++] = k;
	}
	return n;
}

/* Frees a list, also one left half-built by a failed allocation (every array may be NULL). */
void
kaoa_bewerberliste_freigeben(kaoa_bewerberliste *l)
{
	const kaoa_speicher *s;

	if (l == NULL)
		return;
	s = l->speicher;
	kaoa_speicher_free(s, l->phi);
	kaoa_speicher_free(s, l->lambda);
	kaoa_speicher_free(s, l->cosphi);
	kaoa_speicher_free(s, l->a_max);
	kaoa_speicher_free(s, l->max_km);
	kaoa_speicher_free(s, l->weg_kehr);
	kaoa_speicher_free(s, l->f_beruf);
	kaoa_speicher_free(s, l->f_weg);
	kaoa_speicher_free(s, l->f_interessen);
	kaoa_speicher_free(s, l->f_abschluss);
	kaoa_speicher_free(s, l->f_beginn);
	kaoa_speicher_free(s, l->profil);
	kaoa_speicher_free(s, l->abschluss);
	kaoa_speicher_free(s, l->verfuegbar_ab);
	kaoa_speicher_free(s, l->profile);
	kaoa_speicher_free(s, l->slot);
	kaoa_speicher_free(s, l->art);
	kaoa_speicher_free(s, l->quelle);
	kaoa_speicher_free(s, l->toepfe);
	kaoa_speicher_free(s, l->zeilen);
	kaoa_speicher_free(s, l->gesehen);
	kaoa_speicher_free(s, l);
}

/* The hash table of the build that gives each distinct interest profile its id (open addressing,
 * at most PROFILE − 1 entries of PROFIL_HASH, so a look-up always ends). */
#define PROFIL_HASH (4 * PROFILE)

typedef struct profil_hash
{
	uint64_t	schluessel[PROFIL_HASH];	/* 0: free */
	uint16_t	id[PROFIL_HASH];
} profil_hash;

/* The id of an interest profile (0: none), given a new one while there is room. */
static uint16_t
profil_id(kaoa_bewerberliste *l, profil_hash *h, const kaoa_bewerber *b)
{
	uint64_t	s = 0;
	size_t		i;

	if (!b->hat_interessen)
		return 0;
	memcpy(&s, b->interessen.v, KAOA_RIASEC_DIMS);
	s |= UINT64_C(1) << 56;		/* never 0 */
	i = (size_t) ((s * UINT64_C(0x9E3779B97F4A7C15)) >> 40) & (PROFIL_HASH - 1);
	while (h->schluessel[i] != 0 && h->schluessel[i] != s)
		i = (i + 1) & (PROFIL_HASH - 1);
	if (h->schluessel[i] != 0)
		return h->id[i];
	if (l->n_profile >= PROFILE)
		return PROFILE;
	h->schluessel[i] = s;
	h->id[i] = (uint16_t) l->n_profile;
	l->profile[l->n_profile] = b->interessen;
	return (uint16_t) l->n_profile++;
}

/* Fills the per-posting arrays of position i from the applicant at build position quelle. */
static void
posting_setzen(kaoa_bewerberliste *l, int32_t i, int32_t quelle, uint16_t profil)
{
	const kaoa_listen_bewerber *lb = &l->bewerber[quelle];
	const kaoa_bewerber *b = lb->b;
	double		nenner = kaoa_passung_nenner(lb->g);
	int			w;

	l->quelle[i] = quelle;
	l->phi[i] = (float) lb->trig->phi;
	l->lambda[i] = (float) lb->trig->lambda;
	l->cosphi[i] = (float) lb->trig->cosphi;
	l->a_max[i] = kaoa_a_von(b->max_km);
	l->max_km[i] = (float) b->max_km;
	l->weg_kehr[i] = b->max_km > KAOA_WEG_VOLL_KM ? (float) (1.0 / (b->max_km - KAOA_WEG_VOLL_KM)) : 0.0f;
	l->f_beruf[i] = (float) (100.0 * lb->g->w[KAOA_K_BERUF] / nenner);
	l->f_weg[i] = (float) (100.0 * lb->g->w[KAOA_K_WEG] / nenner);
	l->f_interessen[i] = (float) (100.0 * lb->g->w[KAOA_K_INTERESSEN] / nenner);
	l->f_abschluss[i] = (float) (100.0 * lb->g->w[KAOA_K_ABSCHLUSS] / nenner);
	l->f_beginn[i] = (float) (100.0 * lb->g->w[KAOA_K_BEGINN] / nenner);
	l->profil[i] = profil;
	l->abschluss[i] = (uint8_t) (b->abschluss == 0 ? 0 :
								 (b->abschluss >= KAOA_ABSCHLUSS_MIN && b->abschluss <= KAOA_ABSCHLUSS_MAX ?
								  b->abschluss : ABSCHLUSS_SLOTS - 1));
	l->verfuegbar_ab[i] = b->hat_verfuegbar_ab ? b->verfuegbar_ab : INT32_MIN;
	l->art[i] = (uint8_t) art_von(b);
	for (w = 0; w < SLOTS; w++)
		l->slot[(size_t) i * SLOTS + w] = l->art[i] == ART_SLOTS && w < b->n_wuensche ? b->wuensche[w] : KEIN_CODE;
}

/* The Töpfe and their bands from the sorted postings, with each Topf's greatest max_km and least
 * weight shares. */
static void
toepfe_bilden(kaoa_bewerberliste *l, const sortier *sort)
{
	int32_t		i = 0;

	l->n_toepfe = 0;
	l->n_zeilen = 0;
	while (i < l->n_pos)
	{
		topf	   *t = &l->toepfe[l->n_toepfe++];

		t->schluessel = sort[i].schluessel;
		t->start = i;
		t->zeilen_start = l->n_zeilen;
		t->max_km = 0.0f;
		t->f_beruf_min = INFINITY;
		t->f_weg_min = INFINITY;
		for (; i < l->n_pos && sort[i].schluessel == t->schluessel && !sort[i].ortlos; i++)
		{
			if (i == t->start || sort[i].zeile != sort[i - 1].zeile)
			{
				l->zeilen[l->n_zeilen].nummer = sort[i].zeile;
				l->zeilen[l->n_zeilen].start = i;
				l->n_zeilen++;
			}
			if (l->max_km[i] > t->max_km)
				t->max_km = l->max_km[i];
		}
		t->ort_ende = i;
		t->zeilen_ende = l->n_zeilen;
		for (; i < l->n_pos && sort[i].schluessel == t->schluessel; i++)
			;
		t->ende = i;
		for (i = t->start; i < t->ende; i++)
		{
			if (l->f_beruf[i] < t->f_beruf_min)
				t->f_beruf_min = l->f_beruf[i];
			if (l->f_weg[i] < t->f_weg_min)
				t->f_weg_min = l->f_weg[i];
		}
	}
}

/* Builds the list once per session's cache fill: the postings are counted, sorted into Töpfe and
 * bands, and copied into the arrays a query reads. */
kaoa_bewerberliste *
kaoa_bewerberliste_bauen(const kaoa_listen_bewerber *bewerber, int32_t n, const kaoa_speicher *s)
{
	kaoa_bewerberliste *l;
	sortier    *sort;
	profil_hash *hash;
	size_t		n_pos = 0,
				n_toepfe = 0,
				n_zeilen = 0,
				p1;
	int32_t		i,
				m = 0;

	if (n < 0)
		return NULL;
	for (i = 0; i < n; i++)
	{
		uint32_t	keys[SLOTS];

		n_pos += (size_t) toepfe_von(bewerber[i].b, keys);
	}
	if (n_pos > INT32_MAX)
		return NULL;
	p1 = n_pos > 0 ? n_pos : 1;
	l = kaoa_speicher_alloc(s, sizeof(*l));
	if (l == NULL)
		return NULL;
	memset(l, 0, sizeof(*l));
	l->speicher = s;
	l->bewerber = bewerber;
	l->n = n;
	l->n_pos = (int32_t) n_pos;
	l->phi = kaoa_speicher_array(s, p1, sizeof(float));
	l->lambda = kaoa_speicher_array(s, p1, sizeof(float));
	l->cosphi = kaoa_speicher_array(s, p1, sizeof(float));
	l->a_max = kaoa_speicher_array(s, p1, sizeof(float));
	l->max_km = kaoa_speicher_array(s, p1, sizeof(float));
	l->weg_kehr = kaoa_speicher_array(s, p1, sizeof(float));
	l->f_beruf = kaoa_speicher_array(s, p1, sizeof(float));
	l->f_weg = kaoa_speicher_array(s, p1, sizeof(float));
	l->f_interessen = kaoa_speicher_array(s, p1, sizeof(float));
	l->f_abschluss = kaoa_speicher_array(s, p1, sizeof(float));
	l->f_beginn = kaoa_speicher_array(s, p1, sizeof(float));
	l->profil = kaoa_speicher_array(s, p1, sizeof(uint16_t));
	l->abschluss = kaoa_speicher_array(s, p1, sizeof(uint8_t));
	l->verfuegbar_ab = kaoa_speicher_array(s, p1, sizeof(int32_t));
	l->profile = kaoa_speicher_array(s, PROFILE, sizeof(kaoa_riasec));
	l->slot = kaoa_speicher_array(s, p1 * SLOTS, sizeof(uint32_t));
	l->art = kaoa_speicher_array(s, p1, sizeof(uint8_t));
	l->quelle = kaoa_speicher_array(s, p1, sizeof(int32_t));
	l->gesehen = kaoa_speicher_array(s, (size_t) (n > 0 ? n : 1), sizeof(uint32_t));
	sort = kaoa_speicher_array(s, p1, sizeof(sortier));
	if (!l->phi || !l->lambda || !l->cosphi || !l->a_max || !l->max_km || !l->weg_kehr || !l->f_beruf ||
		!l->f_weg || !l->f_interessen || !l->f_abschluss || !l->f_beginn || !l->profil || !l->abschluss ||
		!l->verfuegbar_ab || !l->profile || !l->slot || !l->art || !l->quelle || !l->gesehen || !sort)
	{
		kaoa_speicher_free(s, sort);
		kaoa_bewerberliste_freigeben(l);
		return NULL;
	}
	memset(l->gesehen, 0, sizeof(uint32_t) * (size_t) (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		const kaoa_bewerber *b = bewerber[i].b;
		uint32_t	keys[SLOTS];
		int			t = toepfe_von(b, keys),
					j;

		for (j = 0; j < t; j++)
		{
			sort[m].schluessel = keys[j];
			sort[m].ortlos = !b->hat_ort;
			sort[m].zeile = b->hat_ort ? kaoa_zeile_von(b->lat) : 0;
			sort[m].lambda = b->hat_ort ? bewerber[i].trig->lambda : 0.0;
			sort[m].id = b->id;
			sort[m].quelle = i;
			m++;
		}
	}
	qsort(sort, n_pos, sizeof(sortier), sortier_vergleich);
	/* the Töpfe and bands, counted */
	for (i = 0; i < l->n_pos; i++)
	{
		bool		neu = i == 0 || sort[i].schluessel != sort[i - 1].schluessel;

		n_toepfe += neu;
		n_zeilen += !sort[i].ortlos && (neu || sort[i].zeile != sort[i - 1].zeile);
	}
	l->toepfe = kaoa_speicher_array(s, n_toepfe > 0 ? n_toepfe : 1, sizeof(topf));
	l->zeilen = kaoa_speicher_array(s, n_zeilen > 0 ? n_zeilen : 1, sizeof(zeile));
	if (!l->toepfe || !l->zeilen)
	{
		kaoa_speicher_free(s, sort);
		kaoa_bewerberliste_freigeben(l);
		return NULL;
	}
	l->n_profile = 1;
	hash = kaoa_speicher_alloc(s, sizeof(profil_hash));
	if (hash == NULL)
	{
		kaoa_speicher_free(s, sort);
		kaoa_bewerberliste_freigeben(l);
		return NULL;
	}
	memset(hash, 0, sizeof(profil_hash));
	for (i = 0; i < l->n_pos; i++)
		posting_setzen(l, i, sort[i].quelle, profil_id(l, hash, bewerber[sort[i].quelle].b));
	kaoa_speicher_free(s, hash);
	toepfe_bilden(l, sort);
	kaoa_speicher_free(s, sort);
	l->bytes = sizeof(*l) + p1 * (11 * sizeof(float) + SLOTS * sizeof(uint32_t) + 1 + sizeof(int32_t)
								  + sizeof(uint16_t) + 1 + sizeof(int32_t))
		+ PROFILE * sizeof(kaoa_riasec)
		+ (n_toepfe > 0 ? n_toepfe : 1) * sizeof(topf) + (n_zeilen > 0 ? n_zeilen : 1) * sizeof(zeile)
		+ (size_t) (n > 0 ? n : 1) * sizeof(uint32_t);
	return l;
}

/* What the list holds, counted when it is built, for kaoa.matching_cache(). */
size_t
kaoa_bewerberliste_bytes(const kaoa_bewerberliste *l)
{
	return l->bytes;
}

/* ---- a query --------------------------------------------------------------------------------- */

typedef struct anfrage
{
	kaoa_bewerberliste *l;
	const kaoa_angebot *o;
	const kaoa_ort_trig *to;
	float		phi;			/* the offer's location in float */
	float		lambda;
	float		cosphi;
	int32_t		zeile;			/* its band */
	uint32_t	kldb;			/* its code */
	int64_t		beginn;			/* its start, INT32_MAX when unknown (then no one is later) */
	/* the shortfall (1 − component) by interest profile id and qualification slot,
	 * AUSGESCHLOSSEN where the pair is excluded */
	float		fehlt_interessen[PROFILE + 1];
	float		fehlt_abschluss[ABSCHLUSS_SLOTS];
	kaoa_sichtbar_fn sichtbar;
	void	   *ctx;
	kaoa_bewerbertreffer *heap;	/* worst hit at index 0 */
	int32_t		k;
	int32_t		n;
	kaoa_listenstatistik st;
} anfrage;

/* Hit x ranks below hit y: lower score, or equal score and a greater id. */
static inline bool
unter(const kaoa_bewerbertreffer *x, const kaoa_bewerbertreffer *y)
{
	if (x->passung != y->passung)
		return x->passung < y->passung;
	return x->id > y->id;
}

/* Restores the heap below position i (the worst hit on top). */
static void
runter(kaoa_bewerbertreffer *h, int32_t n, int32_t i)
{
	kaoa_bewerbertreffer x = h[i];

	for (;;)
	{
		int32_t		kind = 2 * i + 1;

		if (kind >= n)
			break;
		if (kind + 1 < n && unter(&h[kind + 1], &h[kind]))
			kind++;
		if (!unter(&h[kind], &x))
			break;
		h[i] = h[kind];
		i = kind;
	}
	h[i] = x;
}

/* The score a bound must reach (minus the slack) to matter: the worst held, or none yet. */
static inline float
schwelle(const anfrage *q)
{
	return q->n < q->k ? -INFINITY : (float) q->heap[0].passung - SPIEL_PUNKTE;
}

/* Scores the applicant of posting p exactly (once per query, whichever of its postings comes
 * first) and takes it when it enters and may be seen. */
static void
bewerten(anfrage *q, int32_t p)
{
	kaoa_bewerberliste *l = q->l;
	int32_t		i = l->quelle[p];
	const kaoa_listen_bewerber *lb = &l->bewerber[i];
	kaoa_bewerbertreffer t;
	double		prioritaet;

	if (l->gesehen[i] == l->anfrage_nr)
		return;
	l->gesehen[i] = l->anfrage_nr;
	q->st.bewertet++;
	if (!kaoa_passung_kurz(lb->b, lb->trig, q->o, q->to, lb->g, &t.passung, &prioritaet))
		return;
	t.bewerber = i;
	t.id = lb->b->id;
	if (q->n == q->k && !unter(&q->heap[0], &t))
		return;
	if (q->sichtbar && !q->sichtbar(q->ctx, t.bewerber))
		return;
	if (q->n < q->k)
	{
		int32_t		j = q->n++;

		while (j > 0 && unter(&t, &q->heap[(j - 1) / 2]))
		{
			q->heap[j] = q->heap[(j - 1) / 2];
			j = (j - 1) / 2;
		}
		q->heap[j] = t;
	}
	else
	{
		q->heap[0] = t;
		runter(q->heap, q->n, 0);
	}
}

/* The credit bound of one wish code against the offer's: S of the number of equal leading nibbles
 * (kaoa_kldb_gemeinsam counts only equal digits, so never more), times F of the wish's place. */
static inline float
stufe_von(uint32_t wunsch, uint32_t kldb, float faktor)
{
	uint32_t	x = wunsch ^ kldb;
	float		s = (x & UINT32_C(0xFFFFF)) == 0 ? 1.0f :
		(x & UINT32_C(0xFFFF0)) == 0 ? 0.85f :
		(x & UINT32_C(0xFFF00)) == 0 ? 0.65f :
		(x & UINT32_C(0xFF000)) == 0 ? 0.40f :
		(x & UINT32_C(0xF0000)) == 0 ? 0.15f : 0.0f;

	return s * faktor;
}

/* The bound of beruf of posting p: the best of its wishes' bounds; no wishes: exactly 0.5; more
 * than SLOTS: 1.  An offer without a code shares no digit with any wish (nibbles are >= 1). */
static inline float
beruf_schranke(const anfrage *q, const kaoa_bewerberliste *l, int32_t p)
{
	const uint32_t *s = &l->slot[(size_t) p * SLOTS];
	float		b0 = stufe_von(s[0], q->kldb, 1.0f),
				b1 = stufe_von(s[1], q->kldb, 0.9f),
				b2 = stufe_von(s[2], q->kldb, 0.8f),
				b = b0 > b1 ? b0 : b1;

	b = b > b2 ? b : b2;
	return l->art[p] == ART_KEINE ? 0.5f : (l->art[p] == ART_VIELE ? 1.0f : b);
}

/* The shortfall of beginn by class: not later than the start, up to 31 days, up to 60, excluded. */
static const float fehlt_beginn[4] = {0.0f, 0.5f, 0.75f, AUSGESCHLOSSEN};

/*
 * The postings [lo, hi), LAUF at a time: the bound of each (distance for a located pair; beruf,
 * weg, interessen, abschluss and beginn with the applicant's weights, kompetenzen at 1) against
 * the k-th score, without a branch per posting, then the exact score of those within it.
 */
static void
lauf(anfrage *q, int32_t lo, int32_t hi, bool mit_distanz)
{
	kaoa_bewerberliste *l = q->l;
	const float zwei_r = (float) (2.0 * KAOA_ERDRADIUS_KM * (1.0 - KAOA_F_SPIEL_REL));
	const float voll = (float) KAOA_WEG_VOLL_KM;
	int32_t		p_ok[LAUF];

	while (lo < hi)
	{
		int32_t		bis = hi - lo > LAUF ? lo + LAUF : hi;
		float		grenze = schwelle(q);
		int32_t		p,
					m = 0,
					j;

		q->st.gesichtet += bis - lo;
		for (p = lo; p < bis; p++)
		{
			float		beruf = beruf_schranke(q, l, p);
			float		weg = 0.5f;
			bool		nah = true;
			float		punkte;
			int64_t		spaeter;
			int			klasse;

			if (mit_distanz)
			{
				float		a = kaoa_a_unten_f(fabsf(l->phi[p] - q->phi), fabsf(l->lambda[p] - q->lambda),
											   q->cosphi * l->cosphi[p]);
				float		d,
							w;

				nah = a <= l->a_max[p];
				d = zwei_r * sqrtf(a) - (float) KAOA_F_SPIEL_KM;
				w = (l->max_km[p] - d) * l->weg_kehr[p];
				w = w > 0.0f ? w : 0.0f;
				weg = d <= voll ? 1.0f : w;
			}
			spaeter = (int64_t) l->verfuegbar_ab[p] - q->beginn;
			klasse = (spaeter > 0) + (spaeter > KAOA_BEGINN_HALB_TAGE) + (spaeter > KAOA_BEGINN_AUSSCHLUSS_TAGE);
			punkte = 100.0f - l->f_beruf[p] * (1.0f - beruf) - l->f_weg[p] * (1.0f - weg)
				- l->f_interessen[p] * q->fehlt_interessen[l->profil[p]]
				- l->f_abschluss[p] * q->fehlt_abschluss[l->abschluss[p]] - l->f_beginn[p] * fehlt_beginn[klasse];
			p_ok[m] = p;
			m += nah & (punkte >= grenze);
		}
		/* the threshold may rise within the run: the exact score checks again, and is cheap
		 * enough for the few that pass */
		for (j = 0; j < m; j++)
			bewerten(q, p_ok[j]);
		lo = bis;
	}
}

/* The bound of beruf a whole Topf can reach against the offer's code: 1 for the Topf of the
 * offer's first three digits and for many wishes, 0.5 without wishes, then 0.40, 0.15 or 0 as the
 * Topf shares two, one or no digit with the code. */
static float
topf_stufe(const anfrage *q, const topf *t)
{
	uint32_t	x = t->schluessel ^ q->kldb;

	if (t->schluessel == TOPF_VIELE)
		return 1.0f;
	if (t->schluessel == TOPF_KEINE)
		return 0.5f;
	return (x & UINT32_C(0xFFF00)) == 0 ? 1.0f :
		(x & UINT32_C(0xFF000)) == 0 ? 0.40f :
		(x & UINT32_C(0xF0000)) == 0 ? 0.15f : 0.0f;
}

/*
 * The distance (km) within which an applicant of Topf t can still enter: with k hits held, its
 * weg component must make up what beruf at the Topf's bound and the least beruf share leave below
 * the k-th score; weg falls with the distance, faster the smaller max_km, so the Topf's greatest
 * max_km gives the farthest.  Widened by a slack; -1 when no applicant of the Topf can enter.
 */
static double
reichweite(const anfrage *q, const topf *t, float stufe)
{
	double		max_km = t->max_km;
	double		rest,
				weg_min,
				d;

	if (q->n < q->k)
		return max_km;
	rest = 100.0 - (double) t->f_beruf_min * (1.0 - (double) stufe) - (double) schwelle(q);
	if (rest < 0.0)
		return -1.0;
	if (!(t->f_weg_min > 0.0f))
		return max_km;
	weg_min = 1.0 - rest / (double) t->f_weg_min;
	if (weg_min <= 0.0 || max_km <= KAOA_WEG_VOLL_KM)
		return max_km;
	d = max_km - weg_min * (max_km - KAOA_WEG_VOLL_KM);
	if (d < KAOA_WEG_VOLL_KM)
		d = KAOA_WEG_VOLL_KM;
	d = d * (1.0 + 1e-6) + 1e-3;
	return d < max_km ? d : max_km;
}

/* What the band walk of a Topf needs to narrow its reach (kaoa_band_gehen's context). */
typedef struct band_gang
{
	anfrage    *q;
	const topf *t;
	float		stufe;
} band_gang;

static void
band_lauf(void *ctx, int32_t von, int32_t bis, double km)
{
	(void) km;					/* the list's runs bound each posting by its own max_km */
	lauf(((band_gang *) ctx)->q, von, bis, true);
}

static double
band_reichweite(void *ctx)
{
	band_gang  *b = (band_gang *) ctx;

	return reichweite(b->q, b->t, b->stufe);
}

/*
 * The located postings [lo, hi) of one band, within reach km, walked as naehe.h's kaoa_band_gehen
 * walks a band (nearest first from the offer's longitude, the reach narrowed every NACHSCHAERFEN
 * runs as the k-th score rises).
 */
static void
band_besuchen(anfrage *q, const topf *t, float stufe, int32_t lo, int32_t hi, double cos_min, double km)
{
	band_gang	b = {q, t, stufe};
	kaoa_bandgang g = {&b, band_lauf, band_reichweite, LAUF, NACHSCHAERFEN, KLEINES_BAND};

	kaoa_band_gehen(&g, q->l->lambda, lo, hi, q->to->lambda, q->to->cosphi, cos_min, km);
}

/* The end of band b of Topf t. */
static inline int32_t
band_ende(const kaoa_bewerberliste *l, const topf *t, int32_t b)
{
	return b + 1 < t->zeilen_ende ? l->zeilen[b + 1].start : t->ort_ende;
}

/* The located postings of Topf t for a located offer: its bands nearest first (from the offer's
 * band up and down), each within the reach the k-th score still allows; a side ends at the first
 * band beyond it. */
static void
baender_besuchen(anfrage *q, const topf *t, float stufe)
{
	const kaoa_bewerberliste *l = q->l;
	int32_t		lo = t->zeilen_start,
				hi = t->zeilen_ende,
				hoch,
				runter;
	double		d_hoch = INFINITY,
				d_runter = INFINITY,
				c_hoch = 0.0,
				c_runter = 0.0;

	/* first band >= the offer's */
	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (l->zeilen[m].nummer < q->zeile)
			lo = m + 1;
		else
			hi = m;
	}
	hoch = lo;
	runter = lo - 1;
	if (hoch < t->zeilen_ende)
		kaoa_band_grenzen(q->to->phi, l->zeilen[hoch].nummer, &d_hoch, &c_hoch);
	if (runter >= t->zeilen_start)
		kaoa_band_grenzen(q->to->phi, l->zeilen[runter].nummer, &d_runter, &c_runter);
	while (hoch < t->zeilen_ende || runter >= t->zeilen_start)
	{
		double		km = reichweite(q, t, stufe);
		bool		nach_oben = d_hoch <= d_runter;
		double		d = nach_oben ? d_hoch : d_runter;

		if (km < 0.0 || d > km)
			return;				/* the nearer side's next band is beyond reach, the other's too */
		if (nach_oben)
		{
			band_besuchen(q, t, stufe, l->zeilen[hoch].start, band_ende(l, t, hoch), c_hoch, km);
			hoch++;
			d_hoch = INFINITY;
			if (hoch < t->zeilen_ende)
				kaoa_band_grenzen(q->to->phi, l->zeilen[hoch].nummer, &d_hoch, &c_hoch);
		}
		else
		{
			band_besuchen(q, t, stufe, l->zeilen[runter].start, band_ende(l, t, runter), c_runter, km);
			runter--;
			d_runter = INFINITY;
			if (runter >= t->zeilen_start)
				kaoa_band_grenzen(q->to->phi, l->zeilen[runter].nummer, &d_runter, &c_runter);
		}
	}
}

/* One Topf at its beruf bound: passed over when even its best applicant (beruf at the bound, weg
 * 1, the least beruf share) cannot reach the k-th score; otherwise its located postings band by
 * band (or all of them, weg 0.5, for an offer without a location) and its unlocated ones. */
static void
topf_besuchen(anfrage *q, const topf *t)
{
	float		stufe = topf_stufe(q, t);

	if (t->start == t->ende || 100.0f - t->f_beruf_min * (1.0f - stufe) < schwelle(q))
		return;
	if (!q->o->hat_ort)
	{
		lauf(q, t->start, t->ende, false);
		return;
	}
	if (t->ort_ende > t->start)
		baender_besuchen(q, t, stufe);
	if (t->ende > t->ort_ende)
		lauf(q, t->ort_ende, t->ende, false);
}

/* First Topf with key >= x. */
static int32_t
topf_ab(const kaoa_bewerberliste *l, uint32_t x)
{
	int32_t		lo = 0,
				hi = l->n_toepfe;

	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (l->toepfe[m].schluessel < x)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/* The Töpfe in [von, bis) except [aus_von, aus_bis). */
static void
toepfe_besuchen(anfrage *q, int32_t von, int32_t bis, int32_t aus_von, int32_t aus_bis)
{
	int32_t		i;

	for (i = von; i < bis; i++)
	{
		if (i >= aus_von && i < aus_bis)
		{
			i = aus_bis - 1;
			continue;
		}
		topf_besuchen(q, &q->l->toepfe[i]);
	}
}

/* The offer's tables of the bound: the exact shortfall of interessen for every distinct profile
 * (lowered by a margin far above its float rounding) and of abschluss for every qualification slot,
 * with the exclusions, computed by the functions the score uses. */
static void
tabellen_setzen(anfrage *q)
{
	const kaoa_bewerberliste *l = q->l;
	const kaoa_angebot *o = q->o;
	int32_t		i;

	q->beginn = o->hat_beginn ? o->beginn : INT32_MAX;
	q->fehlt_interessen[0] = 0.5f;
	for (i = 1; i < l->n_profile; i++)
	{
		float		f = (float) (1.0 - kaoa_interessen_wert(&l->profile[i], o->hat_interessen ? &o->interessen : NULL))
			- 1e-6f;

		q->fehlt_interessen[i] = f > 0.0f ? f : 0.0f;
	}
	q->fehlt_interessen[PROFILE] = 0.0f;
	for (i = 0; i < ABSCHLUSS_SLOTS; i++)
	{
		if (i == ABSCHLUSS_SLOTS - 1)
			q->fehlt_abschluss[i] = 0.0f;
		else if (kaoa_abschluss_ausgeschlossen(i, o->mindest_abschluss, o->mindest_hart))
			q->fehlt_abschluss[i] = AUSGESCHLOSSEN;
		else
			q->fehlt_abschluss[i] = (float) (1.0 - kaoa_komponente_abschluss(i, o->mindest_abschluss));
	}
}

/* One query: the offer's tables, then the Töpfe highest beruf bound first, then the heap sorted. */
int32_t
kaoa_bewerberliste_top(kaoa_bewerberliste *l, const kaoa_angebot *o, const kaoa_ort_trig *to,
					   int32_t k, kaoa_sichtbar_fn sichtbar, void *ctx,
					   kaoa_bewerbertreffer *out, kaoa_listenstatistik *st)
{
	anfrage		q;
	uint32_t	p3,
				p2,
				p1;
	int32_t		t3_von,
				t3_bis,
				t2_von,
				t2_bis,
				t1_von,
				t1_bis,
				n;

	if (k <= 0 || l->n == 0)
		return 0;
	memset(&q, 0, sizeof(q));
	q.l = l;
	q.o = o;
	q.to = to;
	q.sichtbar = sichtbar;
	q.ctx = ctx;
	q.heap = out;
	q.k = k;
	q.kldb = o->kldb;
	if (o->hat_ort)
	{
		q.phi = (float) to->phi;
		q.lambda = (float) to->lambda;
		q.cosphi = (float) to->cosphi;
		q.zeile = kaoa_zeile_von(o->lat);
	}
	tabellen_setzen(&q);
	if (++l->anfrage_nr == 0)
	{
		memset(l->gesehen, 0, sizeof(uint32_t) * (size_t) l->n);
		l->anfrage_nr = 1;
	}

	/*
	 * The Töpfe by their beruf bound, highest first, so that the threshold rises early: the offer's
	 * own three digits and many wishes (1), no wishes (0.5), two digits shared (0.40), one (0.15),
	 * none (0).  An offer without a code has no Topf of its own and shares no digit.
	 */
	p3 = o->kldb & UINT32_C(0xFFF00);
	p2 = o->kldb & UINT32_C(0xFF000);
	p1 = o->kldb & UINT32_C(0xF0000);
	t3_von = topf_ab(l, p3);
	t3_bis = o->kldb != 0 && t3_von < l->n_toepfe && l->toepfe[t3_von].schluessel == p3 ? t3_von + 1 : t3_von;
	t2_von = o->kldb != 0 ? topf_ab(l, p2) : t3_von;
	t2_bis = o->kldb != 0 ? topf_ab(l, p2 + UINT32_C(0x01000)) : t3_von;
	t1_von = o->kldb != 0 ? topf_ab(l, p1) : t3_von;
	t1_bis = o->kldb != 0 ? topf_ab(l, p1 + UINT32_C(0x10000)) : t3_von;
	toepfe_besuchen(&q, t3_von, t3_bis, 0, 0);
	n = topf_ab(l, TOPF_KEINE);
	toepfe_besuchen(&q, topf_ab(l, TOPF_VIELE), l->n_toepfe, 0, 0);
	toepfe_besuchen(&q, n, topf_ab(l, TOPF_VIELE), 0, 0);
	toepfe_besuchen(&q, t2_von, t2_bis, t3_von, t3_bis);
	toepfe_besuchen(&q, t1_von, t1_bis, t2_von, t2_bis);
	toepfe_besuchen(&q, 0, t1_von, 0, 0);
	toepfe_besuchen(&q, t1_bis, n, 0, 0);

	/* heap → best first */
	n = q.n;
	while (q.n > 1)
	{
		kaoa_bewerbertreffer x = out[0];

		out[0] = out[q.n - 1];
		out[q.n - 1] = x;
		q.n--;
		runter(out, q.n, 0);
	}
	if (st)
	{
		st->gesichtet += q.st.gesichtet;
		st->bewertet += q.st.bewertet;
	}
	return n;
}
