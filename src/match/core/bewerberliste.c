/*
 * bewerberliste.c — the k best applicants for one offer (see bewerberliste.h for the design).
 */
#include "match/core/bewerberliste.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* Applicants given the bound per run (the buffer of the first step). */
#define LAUF 64

/* Wishes whose first three digits the list keeps per applicant; more wishes bound beruf by 1. */
#define SLOTS 3

/*
 * Slack of the float bounds: coordinates rounded to float are off by at most 2e-7 rad (about 1.3 m)
 * and the float evaluation by a few ulps; the distance bound is lowered by 1e-5 relative and 10 m,
 * the score bound raised by SPIEL_PUNKTE points — far above both, far below any difference
 * between scores that matters for the order (the exact score decides).
 */
#define F_SPIEL_REL 1e-5
#define F_SPIEL_KM 0.01
#define SPIEL_PUNKTE 1e-3f

/* Kinds of wishes (art): none (beruf exactly 0.5), up to SLOTS kept, more. */
#define ART_KEINE 0
#define ART_SLOTS 1
#define ART_VIELE 2

struct kaoa_bewerberliste
{
	const kaoa_speicher *speicher;
	const kaoa_listen_bewerber *bewerber;
	int32_t		n;
	int32_t		n_ort;			/* [0, n_ort) located, by latitude; [n_ort, n) without location */
	/* per position */
	float	   *phi;
	float	   *lambda;
	float	   *cosphi;
	float	   *a_max;			/* the haversine term of the applicant's max_km, widened */
	float	   *max_km;
	float	   *weg_kehr;		/* 1 / (max_km − 5), 0 when max_km <= 5 */
	float	   *f_beruf;		/* 100 · w_beruf / Σw of the applicant's weights */
	float	   *f_weg;			/* 100 · w_weg / Σw */
	uint32_t   *slot;			/* SLOTS per position: first three digits of the wishes */
	uint8_t    *art;
	uint8_t    *n_slots;
	int32_t    *quelle;			/* position in the build array */
	float		max_km_max;		/* over every located applicant */
	float		f_weg_min;		/* likewise */
	size_t		bytes;
	int32_t    *puffer;			/* scratch of a query */
};

/* The haversine term a of a distance, widened by the float slack (4: everything). */
static float
a_von(double km)
{
	double		x = (km * (1.0 + F_SPIEL_REL) + F_SPIEL_KM) / (2.0 * KAOA_ERDRADIUS_KM);

	if (x >= 1.0)
		return 4.0f;
	return (float) (x * x * (1.0 + 1e-6));
}

typedef struct sortier
{
	double		lat;
	double		lon;
	int64_t		id;
	int32_t		quelle;
} sortier;

static int
sortier_vergleich(const void *pa, const void *pb)
{
	const sortier *a = pa,
			   *b = pb;

	if (a->lat != b->lat)
		return a->lat < b->lat ? -1 : 1;
	if (a->lon != b->lon)
		return a->lon < b->lon ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

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
	kaoa_speicher_free(s, l->slot);
	kaoa_speicher_free(s, l->art);
	kaoa_speicher_free(s, l->n_slots);
	kaoa_speicher_free(s, l->quelle);
	kaoa_speicher_free(s, l->puffer);
	kaoa_speicher_free(s, l);
}

kaoa_bewerberliste *
kaoa_bewerberliste_bauen(const kaoa_listen_bewerber *bewerber, int32_t n, const kaoa_speicher *s)
{
	kaoa_bewerberliste *l;
	sortier    *sort;
	size_t		n1 = (size_t) (n > 0 ? n : 1);
	int32_t		i,
				m = 0,
				ohne = 0;

	if (n < 0)
		return NULL;
	l = kaoa_speicher_alloc(s, sizeof(*l));
	if (l == NULL)
		return NULL;
	memset(l, 0, sizeof(*l));
	l->speicher = s;
	l->bewerber = bewerber;
	l->n = n;
	l->phi = kaoa_speicher_array(s, n1, sizeof(float));
	l->lambda = kaoa_speicher_array(s, n1, sizeof(float));
	l->cosphi = kaoa_speicher_array(s, n1, sizeof(float));
	l->a_max = kaoa_speicher_array(s, n1, sizeof(float));
	l->max_km = kaoa_speicher_array(s, n1, sizeof(float));
	l->weg_kehr = kaoa_speicher_array(s, n1, sizeof(float));
	l->f_beruf = kaoa_speicher_array(s, n1, sizeof(float));
	l->f_weg = kaoa_speicher_array(s, n1, sizeof(float));
	l->slot = kaoa_speicher_array(s, n1 * SLOTS, sizeof(uint32_t));
	l->art = kaoa_speicher_array(s, n1, sizeof(uint8_t));
	l->n_slots = kaoa_speicher_array(s, n1, sizeof(uint8_t));
	l->quelle = kaoa_speicher_array(s, n1, sizeof(int32_t));
	l->puffer = kaoa_speicher_array(s, LAUF, sizeof(int32_t));
	sort = kaoa_speicher_array(s, n1, sizeof(sortier));
	if (!l->phi || !l->lambda || !l->cosphi || !l->a_max || !l->max_km || !l->weg_kehr || !l->f_beruf ||
		!l->f_weg || !l->slot || !l->art || !l->n_slots || !l->quelle || !l->puffer || !sort)
	{
		kaoa_speicher_free(s, sort);
		kaoa_bewerberliste_freigeben(l);
		return NULL;
	}
	/* located ones by latitude first, then the others in build order */
	for (i = 0; i < n; i++)
		if (bewerber[i].b->hat_ort)
		{
			sort[m].lat = bewerber[i].b->lat;
			sort[m].lon = bewerber[i].b->lon;
			sort[m].id = bewerber[i].b->id;
			sort[m].quelle = i;
			m++;
		}
	qsort(sort, (size_t) m, sizeof(sortier), sortier_vergleich);
	l->n_ort = m;
	for (i = 0; i < n; i++)
		if (!bewerber[i].b->hat_ort)
			sort[m + ohne++].quelle = i;
	l->max_km_max = 0.0f;
	l->f_weg_min = 100.0f;
	for (i = 0; i < n; i++)
	{
		const kaoa_listen_bewerber *lb = &bewerber[sort[i].quelle];
		const kaoa_bewerber *b = lb->b;
		double		nenner = kaoa_passung_nenner(lb->g);
		int			w;

		l->quelle[i] = sort[i].quelle;
		l->phi[i] = (float) lb->trig->phi;
		l->lambda[i] = (float) lb->trig->lambda;
		l->cosphi[i] = (float) lb->trig->cosphi;
		l->a_max[i] = a_von(b->max_km);
		l->max_km[i] = (float) b->max_km;
		l->weg_kehr[i] = b->max_km > KAOA_WEG_VOLL_KM ? (float) (1.0 / (b->max_km - KAOA_WEG_VOLL_KM)) : 0.0f;
		l->f_beruf[i] = (float) (100.0 * lb->g->w[KAOA_K_BERUF] / nenner);
		l->f_weg[i] = (float) (100.0 * lb->g->w[KAOA_K_WEG] / nenner);
		l->n_slots[i] = 0;
		if (b->wuensche == NULL || b->n_wuensche <= 0)
			l->art[i] = ART_KEINE;
		else if (b->n_wuensche > SLOTS)
			l->art[i] = ART_VIELE;
		else
		{
			l->art[i] = ART_SLOTS;
			l->n_slots[i] = (uint8_t) b->n_wuensche;
		}
		for (w = 0; w < SLOTS; w++)
			l->slot[(size_t) i * SLOTS + w] = l->art[i] == ART_SLOTS && w < b->n_wuensche ?
				(b->wuensche[w] & UINT32_C(0xFFF00)) : 0;
		if (i < l->n_ort)
		{
			if (l->max_km[i] > l->max_km_max)
				l->max_km_max = l->max_km[i];
			if (l->f_weg[i] < l->f_weg_min)
				l->f_weg_min = l->f_weg[i];
		}
	}
	kaoa_speicher_free(s, sort);
	l->bytes = sizeof(*l) + n1 * (8 * sizeof(float) + SLOTS * sizeof(uint32_t) + 2 + sizeof(int32_t));
	return l;
}

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
	uint32_t	p3;				/* the first three, two, one digits of its code */
	uint32_t	p2;
	uint32_t	p1;
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

/* Scores the applicant at position p exactly and takes it when it enters and may be seen. */
static void
bewerten(anfrage *q, int32_t p)
{
	const kaoa_listen_bewerber *lb = &q->l->bewerber[q->l->quelle[p]];
	kaoa_bewerbertreffer t;
	double		prioritaet;

	q->st.bewertet++;
	if (!kaoa_passung_kurz(lb->b, lb->trig, q->o, q->to, lb->g, &t.passung, &prioritaet))
		return;
	t.bewerber = q->l->quelle[p];
	t.id = lb->b->id;
	if (q->n == q->k && !unter(&q->heap[0], &t))
		return;
	if (q->sichtbar && !q->sichtbar(q->ctx, t.bewerber))
		return;
	if (q->n < q->k)
	{
		int32_t		i = q->n++;

		while (i > 0 && unter(&t, &q->heap[(i - 1) / 2]))
		{
			q->heap[i] = q->heap[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		q->heap[i] = t;
	}
	else
	{
		q->heap[0] = t;
		runter(q->heap, q->n, 0);
	}
}

/* The bound of beruf at position p from the wishes' first digits (see bewerberliste.h). */
static inline float
beruf_schranke(const anfrage *q, const kaoa_bewerberliste *l, int32_t p)
{
	const uint32_t *s = &l->slot[(size_t) p * SLOTS];
	int			n = l->n_slots[p];
	bool		m3 = s[0] == q->p3 || (n > 1 && s[1] == q->p3) || (n > 2 && s[2] == q->p3);
	bool		m2 = (s[0] & UINT32_C(0xFF000)) == q->p2 || (n > 1 && (s[1] & UINT32_C(0xFF000)) == q->p2) ||
		(n > 2 && (s[2] & UINT32_C(0xFF000)) == q->p2);
	bool		m1 = (s[0] & UINT32_C(0xF0000)) == q->p1 || (n > 1 && (s[1] & UINT32_C(0xF0000)) == q->p1) ||
		(n > 2 && (s[2] & UINT32_C(0xF0000)) == q->p1);
	float		b = m3 ? 1.0f : (m2 ? 0.40f : (m1 ? 0.15f : 0.0f));

	return l->art[p] == ART_KEINE ? 0.5f : (l->art[p] == ART_VIELE ? 1.0f : b);
}

/*
 * The positions [lo, hi) in one run: the bound of each (distance for a located pair, beruf, weg,
 * with the applicant's weights) against the k-th score, then the exact score of those within it.
 */
static void
lauf(anfrage *q, int32_t lo, int32_t hi, bool mit_distanz)
{
	kaoa_bewerberliste *l = q->l;
	const float pi = (float) PI;
	const float zwei_r = (float) (2.0 * KAOA_ERDRADIUS_KM * (1.0 - F_SPIEL_REL));
	const float voll = (float) KAOA_WEG_VOLL_KM;
	float		grenze = schwelle(q);
	int32_t    *p_ok = l->puffer;
	int32_t		p,
				m = 0,
				j;

	q->st.gesichtet += hi - lo;
	for (p = lo; p < hi; p++)
	{
		float		beruf = beruf_schranke(q, l, p);
		float		weg = 0.5f;
		bool		nah = true;
		float		punkte;

		if (mit_distanz)
		{
			float		h1 = fabsf(l->phi[p] - q->phi) * 0.5f;
			float		dl = fabsf(l->lambda[p] - q->lambda);
			float		h2,
						s1,
						s2,
						a,
						d,
						w;

			dl = dl > pi ? 2.0f * pi - dl : dl;
			h2 = dl * 0.5f;
			s1 = h1 - h1 * h1 * h1 * (1.0f / 6.0f);
			s2 = h2 - h2 * h2 * h2 * (1.0f / 6.0f);
			s1 = s1 > 0.0f ? s1 : 0.0f;
			s2 = s2 > 0.0f ? s2 : 0.0f;
			a = s1 * s1 + q->cosphi * l->cosphi[p] * (s2 * s2);
			nah = a <= l->a_max[p];
			d = zwei_r * sqrtf(a) - (float) F_SPIEL_KM;
			w = (l->max_km[p] - d) * l->weg_kehr[p];
			w = w > 0.0f ? w : 0.0f;
			weg = d <= voll ? 1.0f : w;
		}
		punkte = 100.0f - l->f_beruf[p] * (1.0f - beruf) - l->f_weg[p] * (1.0f - weg);
		p_ok[m] = p;
		m += nah & (punkte >= grenze);
	}
	for (j = 0; j < m; j++)
	{
		/* the threshold may have risen within the run: the bound is checked again by the exact
		 * score, which is cheap enough for the few that pass */
		bewerten(q, p_ok[j]);
	}
}

/* True when no applicant at latitude distance dphi (radians) or more can reach the k-th score or
 * its max_km. */
static bool
zu_weit(const anfrage *q, float dphi)
{
	const kaoa_bewerberliste *l = q->l;
	float		d = (float) (KAOA_ERDRADIUS_KM * (1.0 - F_SPIEL_REL)) * dphi - (float) F_SPIEL_KM;
	float		w;

	if (d > l->max_km_max)
		return true;
	if (q->n < q->k)
		return false;
	/* the best any applicant there can do: beruf 1, the weights with the least weight on weg, the
	 * greatest max_km */
	w = l->max_km_max > (float) KAOA_WEG_VOLL_KM ?
		(l->max_km_max - d) / (l->max_km_max - (float) KAOA_WEG_VOLL_KM) : 0.0f;
	w = d <= (float) KAOA_WEG_VOLL_KM ? 1.0f : (w > 0.0f ? w : 0.0f);
	return 100.0f - l->f_weg_min * (1.0f - w) < schwelle(q);
}

/* First located position with latitude (float φ) >= x. */
static int32_t
erste_ab(const float *phi, int32_t lo, int32_t hi, float x)
{
	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (phi[m] < x)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

int32_t
kaoa_bewerberliste_top(kaoa_bewerberliste *l, const kaoa_angebot *o, const kaoa_ort_trig *to,
					   int32_t k, kaoa_sichtbar_fn sichtbar, void *ctx,
					   kaoa_bewerbertreffer *out, kaoa_listenstatistik *st)
{
	anfrage		q;
	int32_t		n,
				bis;

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
	q.p3 = o->kldb & UINT32_C(0xFFF00);
	q.p2 = o->kldb & UINT32_C(0xFF000);
	q.p1 = o->kldb & UINT32_C(0xF0000);
	if (o->hat_ort)
	{
		int32_t		links,
					rechts;

		q.phi = (float) to->phi;
		q.lambda = (float) to->lambda;
		q.cosphi = (float) to->cosphi;
		/* from the offer's latitude outwards, the nearer side first, run by run */
		links = rechts = erste_ab(l->phi, 0, l->n_ort, q.phi);
		while (links > 0 || rechts < l->n_ort)
		{
			float		d_links = links > 0 ? q.phi - l->phi[links - 1] : INFINITY;
			float		d_rechts = rechts < l->n_ort ? l->phi[rechts] - q.phi : INFINITY;

			if (d_links <= d_rechts)
			{
				if (zu_weit(&q, d_links))
					links = 0;
				else
				{
					bis = links - LAUF > 0 ? links - LAUF : 0;
					lauf(&q, bis, links, true);
					links = bis;
				}
			}
			else
			{
				if (zu_weit(&q, d_rechts))
					rechts = l->n_ort;
				else
				{
					bis = rechts + LAUF < l->n_ort ? rechts + LAUF : l->n_ort;
					lauf(&q, rechts, bis, true);
					rechts = bis;
				}
			}
		}
		for (bis = l->n_ort; bis < l->n; bis += LAUF)
			lauf(&q, bis, bis + LAUF < l->n ? bis + LAUF : l->n, false);
	}
	else
		for (bis = 0; bis < l->n; bis += LAUF)
			lauf(&q, bis, bis + LAUF < l->n ? bis + LAUF : l->n, false);

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
