/*
 * test_angebotsindex.c — the streaming top-k with distance pruning (src/match/core/angebotsindex.c)
 * must equal brute force: for random applicants, the k best non-excluded offers by scoring every
 * offer with kaoa_passung_bewerten, sorted by passung descending and angebot_id ascending — same
 * ids, same order, the same passung and prioritaet bit for bit.  Instances: clustered NRW-like
 * geography, the whole globe (poles, the date line, huge radii), and heavy ties.
 */
#include "unit.h"

#include <pthread.h>
#include <stdlib.h>

#include "match/core/angebotsindex.h"

static uint64_t zustand = 99;

static double
gleich01(void)
{
	uint64_t	z;

	zustand += UINT64_C(0x9E3779B97F4A7C15);
	z = zustand;
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	return (double) (z >> 11) / 9007199254740992.0;
}

static int
zahl(int n)
{
	return (int) (gleich01() * n);
}

static kaoa_kldb
kldb(const char *s)
{
	kaoa_kldb	k = 0;
	kaoa_parse_error err;

	if (!kaoa_kldb_parse(s, strlen(s), &k, &err))
		abort();
	return k;
}

/* An occupation code from a skewed alphabet: popular branches more often, 1-5 digits. */
static kaoa_kldb
zufallsberuf(void)
{
	char		s[6];
	int			len = gleich01() < 0.8 ? 5 : 1 + zahl(4),
				i;

	for (i = 0; i < len; i++)
	{
		if (i == 4)
			s[i] = (char) ('1' + zahl(4));
		else if (i == 0)
			s[i] = (char) ('1' + (gleich01() < 0.5 ? zahl(3) : zahl(9)));
		else
			s[i] = (char) ('0' + (gleich01() < 0.6 ? zahl(3) : zahl(10)));
	}
	s[len] = 0;
	return kldb(s);
}

/* What the offers of an instance lack or all have (the per-applicant maxima of the search's
 * bounds depend on it). */
typedef enum angebotsart
{
	GEMISCHT,					/* some offers without a minimum, a start date, a profile */
	VOLL,						/* every offer with a high minimum (some unknown codes) and a start
								 * date, applicants available around the latest one's class limits */
	OHNE_PROFILE,				/* no offer with interests or requirements, few without a start date */
	HOLLAND						/* six frequent codes (split by interest class), interests as Holland
								 * codes of one to three letters, some ties, zeros and none */
} angebotsart;

typedef struct welt
{
	int			n_orte;
	double		ort_lat[64];
	double		ort_lon[64];
	bool		global;
	angebotsart art;
} welt;

static void
ort(const welt *w, double *lat, double *lon)
{
	if (w->global)
	{
		*lat = asin(2 * gleich01() - 1) / KAOA_GRAD;
		*lon = gleich01() * 360 - 180;
		if (gleich01() < 0.05)
			*lat = gleich01() < 0.5 ? 90 - gleich01() * 0.5 : -90 + gleich01() * 0.5;
		if (gleich01() < 0.05)
			*lon = gleich01() < 0.5 ? 180 - gleich01() * 0.3 : -180 + gleich01() * 0.3;
		return;
	}
	{
		int			i = zahl(w->n_orte);
		double		r = fabs(gleich01() + gleich01() - 1) * 0.15;
		double		t = gleich01() * 6.283185307179586;

		*lat = w->ort_lat[i] + r * sin(t);
		*lon = w->ort_lon[i] + r * cos(t) * 1.6;
	}
}

/* An interest profile as the frontends make it from a Holland code of one to three letters (100, 67,
 * 33 or 100, 50 or 100), sometimes two letters weighed alike, sometimes all zero. */
static void
holland(kaoa_riasec *r)
{
	int			n = 1 + zahl(3),
				i;
	double		x = gleich01();

	memset(r->v, 0, sizeof(r->v));
	if (x < 0.03)
		return;
	for (i = 0; i < n; i++)
	{
		int			d = zahl(6);

		if (r->v[d] != 0)
			continue;
		r->v[d] = (uint8_t) (n == 3 ? (i == 0 ? 100 : (i == 1 ? 67 : 33)) : (n == 2 ? (i == 0 ? 100 : 50) : 100));
	}
	if (x < 0.08)
		r->v[zahl(6)] = 100;	/* a tie for the first place, or one more letter */
}

static void
zufallsangebot(kaoa_angebot *o, int64_t id, const welt *w, bool gleichfoermig)
{
	int			i;

	memset(o, 0, sizeof(*o));
	o->id = id;
	o->kldb = gleichfoermig ? kldb("26312") : (gleich01() < 0.02 ? 0 : zufallsberuf());
	if (!gleichfoermig)
	{
		o->mindest_abschluss = gleich01() < 0.3 ? 0 : 1 + zahl(18);
		o->mindest_hart = gleich01() < 0.2;
		o->hat_interessen = gleich01() < 0.85;
		for (i = 0; i < 6; i++)
			o->interessen.v[i] = (uint8_t) zahl(101);
		o->hat_anforderungen = gleich01() < 0.8;
		for (i = 0; i < 12; i++)
			o->anforderungen.v[i] = (uint8_t) (gleich01() < 0.5 ? 0 : zahl(6));
		o->hat_beginn = gleich01() < 0.9;
		o->beginn = 9700 + zahl(90);
		if (w->art == VOLL)
		{
			double		r = gleich01();

			/* FHR_S .. ABITUR, or an unknown code (the only source of 0.5 for a low qualification) */
			o->mindest_abschluss = r < 0.05 ? 50 : 12 + zahl(4);
			o->hat_beginn = true;
			o->beginn = 9700 + zahl(30);
		}
		else if (w->art == HOLLAND)
		{
			static const char *const codes[6] = {"71402", "71302", "26212", "25212", "62102", "81102"};

			o->kldb = gleich01() < 0.02 ? 0 : (gleich01() < 0.1 ? zufallsberuf() : kldb(codes[zahl(6)]));
			holland(&o->interessen);
		}
		else if (w->art == OHNE_PROFILE)
		{
			/* and few offers without a start date, which then beat the others' beginn */
			o->hat_interessen = o->hat_anforderungen = false;
			o->hat_beginn = gleich01() < 0.98;
			o->beginn = 9700 + zahl(30);
		}
	}
	o->hat_ort = gleichfoermig ? true : gleich01() < 0.95;
	if (o->hat_ort)
		ort(w, &o->lat, &o->lon);
	if (gleichfoermig)
	{
		o->lat = 51.5;
		o->lon = 7.0 + (id % 3) * 0.01;
	}
}

static void
zufallsbewerber(kaoa_bewerber *b, kaoa_kldb *w, const welt *wl, bool gleichfoermig)
{
	int			i;

	memset(b, 0, sizeof(*b));
	b->id = zahl(1000000);
	b->wuensche = w;
	b->n_wuensche = gleichfoermig ? 1 : (gleich01() < 0.1 ? 0 : 1 + zahl(3));
	for (i = 0; i < b->n_wuensche; i++)
		w[i] = gleichfoermig ? kldb("26312") : zufallsberuf();
	if (!gleichfoermig)
	{
		b->abschluss = zahl(19);
		b->hat_interessen = gleich01() < 0.85;
		for (i = 0; i < 6; i++)
			b->interessen.v[i] = (uint8_t) zahl(101);
		b->hat_kompetenzen = gleich01() < 0.8;
		for (i = 0; i < 12; i++)
			b->kompetenzen.v[i] = (uint8_t) zahl(6);
		if (wl->art == HOLLAND)
		{
			static const char *const codes[3] = {"71402", "26212", "62102"};

			holland(&b->interessen);
			for (i = 0; i < b->n_wuensche; i++)
				if (gleich01() < 0.7)
					w[i] = kldb(codes[zahl(3)]);
		}
		b->hat_verfuegbar_ab = gleich01() < 0.7;
		b->verfuegbar_ab = 9690 + zahl(150);
		/* the latest start date of a VOLL or OHNE_PROFILE instance is almost surely 9729: a day
		 * around it, around 31 and 60 days after it */
		if ((wl->art == VOLL || wl->art == OHNE_PROFILE) && gleich01() < 0.5)
			b->verfuegbar_ab = 9729 + (zahl(3) - 1) + (int32_t[]) {0, 31, 60}[zahl(3)];
	}
	b->hat_ort = gleichfoermig ? true : gleich01() < 0.93;
	if (b->hat_ort)
		ort(wl, &b->lat, &b->lon);
	if (gleichfoermig)
	{
		b->lat = 51.5;
		b->lon = 7.0;
	}
	if (wl->global)
		b->max_km = gleich01() < 0.3 ? gleich01() * 25000 : gleich01() * 3000;
	else
		b->max_km = gleich01() < 0.1 ? zahl(8) : 20 + zahl(61);
}

typedef struct bewertung
{
	int64_t		id;
	int32_t		pos;
	double		passung;
	double		prioritaet;
} bewertung;

static int
bewertung_vergleich(const void *pa, const void *pb)
{
	const bewertung *a = pa,
			   *b = pb;

	if (a->passung != b->passung)
		return a->passung > b->passung ? -1 : 1;
	return a->id < b->id ? -1 : (a->id > b->id ? 1 : 0);
}

/* Brute force: every offer scored, the non-excluded ones sorted. */
static int32_t
alle(const kaoa_angebot *o, int32_t n, const kaoa_bewerber *b, const kaoa_gewichte *g, bewertung *out)
{
	int32_t		i,
				m = 0;

	for (i = 0; i < n; i++)
	{
		kaoa_passung_ergebnis r;

		kaoa_passung_bewerten(b, &o[i], g, &r);
		if (r.ausschluss != KAOA_AUSSCHLUSS_KEINER)
			continue;
		out[m].id = o[i].id;
		out[m].pos = i;
		out[m].passung = r.passung;
		out[m].prioritaet = r.prioritaet;
		m++;
	}
	qsort(out, (size_t) m, sizeof(bewertung), bewertung_vergleich);
	return m;
}

/* Runs n_b applicants against n_o offers, each with several k; returns the mismatches. */
static int
vergleichen(const char *name, const welt *w, int32_t n_o, int n_b, bool gleichfoermig,
			kaoa_suchstatistik *st_out, int64_t *paare)
{
	kaoa_angebot *o = malloc(sizeof(kaoa_angebot) * (size_t) n_o);
	bewertung  *bf = malloc(sizeof(bewertung) * (size_t) n_o);
	kaoa_treffer *t = malloc(sizeof(kaoa_treffer) * (size_t) (n_o + 10));
	kaoa_angebotsindex *ix;
	kaoa_angebotssuche *sc2;
	kaoa_treffer *t2 = malloc(sizeof(kaoa_treffer) * (size_t) (n_o + 10));
	kaoa_suchstatistik st = {0, 0};
	int			fehler = 0,
				j;
	int32_t		i;
	static const int32_t ks[] = {1, 3, 10, 50};

	for (i = 0; i < n_o; i++)
		/* ids not in position order, some shared attributes */
		zufallsangebot(&o[i], (int64_t) ((i * 7919) % n_o) + 1, w, gleichfoermig);
	ix = kaoa_angebotsindex_bauen(o, n_o, NULL);
	sc2 = ix ? kaoa_angebotssuche_neu(ix, NULL) : NULL;
	if (ix == NULL || sc2 == NULL)
		abort();
	*paare = 0;
	for (j = 0; j < n_b; j++)
	{
		kaoa_bewerber b;
		kaoa_kldb	wuensche[4];
		kaoa_gewichte g;
		int32_t		m,
					n,
					k,
					x;

		zufallsbewerber(&b, wuensche, w, gleichfoermig);
		kaoa_gewichte_standard(&g);
		if (j % 4 == 3)
			for (x = 0; x < KAOA_KOMPONENTEN; x++)
				g.w[x] = zahl(4) == 0 ? 0 : 1 + zahl(40);
		if (!kaoa_gewichte_gueltig(&g, NULL, 0))
			kaoa_gewichte_standard(&g);
		k = j % 7 == 6 ? n_o + 5 : ks[j % 4];
		n = kaoa_angebotsindex_top(ix, &b, &g, k, t, &st);
		*paare += n_o;
		/* a second searcher with its own scratch finds the same */
		m = kaoa_angebotsindex_top_mit(ix, sc2, &b, &g, k, t2, NULL);
		for (x = 0; x < n && m == n; x++)
			if (t[x].angebot_id != t2[x].angebot_id || t[x].passung != t2[x].passung)
				m = -1;
		if (m != n)
		{
			if (fehler++ < 5)
				printf("# %s applicant %d: the second scratch space differs\n", name, j);
		}
		m = alle(o, n_o, &b, &g, bf);
		if (n != (m < k ? m : k))
		{
			if (fehler++ < 5)
				printf("# %s applicant %d, k %d: %d hits, brute force %d\n", name, j, k, n, m < k ? m : k);
			continue;
		}
		for (x = 0; x < n; x++)
			if (t[x].angebot_id != bf[x].id || t[x].passung != bf[x].passung ||
				t[x].prioritaet != bf[x].prioritaet || t[x].angebot != bf[x].pos)
			{
				if (fehler++ < 5)
					printf("# %s applicant %d, k %d, hit %d: offer %lld (%.17g), brute force %lld (%.17g)\n",
						   name, j, k, x, (long long) t[x].angebot_id, t[x].passung,
						   (long long) bf[x].id, bf[x].passung);
				break;
			}
	}
	/* position look-up and the offer at a position */
	for (i = 0; i < n_o; i++)
		if (kaoa_angebotsindex_position(ix, o[i].id) != i ||
			kaoa_angebotsindex_angebot(ix, i)->id != o[i].id)
		{
			if (fehler++ < 5)
				printf("# %s: position of offer %lld wrong\n", name, (long long) o[i].id);
			break;
		}
	if (kaoa_angebotsindex_position(ix, -5) != -1 || kaoa_angebotsindex_angebot(ix, n_o) != NULL)
		fehler++;
	*st_out = st;
	kaoa_angebotssuche_freigeben(sc2);
	kaoa_angebotsindex_freigeben(ix);
	free(t2);
	free(o);
	free(bf);
	free(t);
	return fehler;
}

/* The k best of the brute force against the index's, for given offers and applicants (k 1, 10,
 * 50 and every offer); returns the mismatches. */
static int
liste_vergleichen(const char *name, const kaoa_angebot *o, int32_t n_o, const kaoa_bewerber *b, int n_b,
				  const kaoa_gewichte *g)
{
	bewertung  *bf = malloc(sizeof(bewertung) * (size_t) n_o);
	kaoa_treffer *t = malloc(sizeof(kaoa_treffer) * (size_t) (n_o + 1));
	kaoa_angebotsindex *ix = kaoa_angebotsindex_bauen(o, n_o, NULL);
	int			fehler = 0,
				j,
				x;

	if (ix == NULL)
		abort();
	for (j = 0; j < n_b; j++)
	{
		int32_t		ks[4] = {1, 10, 50, n_o};
		int32_t		m = alle(o, n_o, &b[j], g, bf);

		for (x = 0; x < 4; x++)
		{
			int32_t		k = ks[x],
						n = kaoa_angebotsindex_top(ix, &b[j], g, k, t, NULL),
						y;

			if (n != (m < k ? m : k))
			{
				if (fehler++ < 5)
					printf("# %s applicant %d, k %d: %d hits, brute force %d\n", name, j, k, n, m < k ? m : k);
				continue;
			}
			for (y = 0; y < n; y++)
				if (t[y].angebot_id != bf[y].id || t[y].passung != bf[y].passung ||
					t[y].prioritaet != bf[y].prioritaet)
				{
					if (fehler++ < 5)
						printf("# %s applicant %d, k %d, hit %d: offer %lld, brute force %lld\n",
							   name, j, k, y, (long long) t[y].angebot_id, (long long) bf[y].id);
					break;
				}
		}
	}
	kaoa_angebotsindex_freigeben(ix);
	free(bf);
	free(t);
	return fehler;
}

/* The point at distance km and bearing t (radians) from (lat, lon), on the sphere of the score. */
static void
ziel(double lat, double lon, double km, double t, double *lat2, double *lon2)
{
	double		p1 = lat * KAOA_GRAD,
				l1 = lon * KAOA_GRAD,
				d = km / KAOA_ERDRADIUS_KM,
				p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(t)),
				l2 = l1 + atan2(sin(t) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));

	*lat2 = p2 / KAOA_GRAD;
	*lon2 = remainder(l2 / KAOA_GRAD, 360.0);
	if (*lon2 < -180.0)
		*lon2 = -180.0;
	if (*lon2 > 180.0)
		*lon2 = 180.0;
}

/*
 * The bounds of the search at their edges: offers on circles of exactly max_km around the
 * applicants (up to a few millimetres inside and outside, where the float distance test and the
 * longitude windows decide), near the date line and a pole; one frequent code per Topf (a Gruppe of
 * its own) beside rare codes of the same Topf (a mixed Gruppe), all scores close, weights with
 * weg 0 and with everything on weg.  Every applicant's top-k must equal brute force.
 */
static int
raender_vergleichen(void)
{
	enum
	{
		N_B = 24, PRO_B = 400
	};
	static const double orte[4][2] = {{51.5, 7.4}, {50.9, 179.97}, {-12.0, -179.99}, {89.2, 20.0}};
	static const char *const haeufig[3] = {"71402", "26312", "81302"};
	kaoa_angebot *o = malloc(sizeof(kaoa_angebot) * N_B * PRO_B);
	kaoa_bewerber b[N_B];
	kaoa_kldb	w[N_B][2];
	kaoa_gewichte g;
	int			fehler = 0,
				n_o = 0,
				j,
				i,
				x;

	for (j = 0; j < N_B; j++)
	{
		memset(&b[j], 0, sizeof(b[j]));
		b[j].id = j;
		b[j].lat = orte[j % 4][0] + (j / 4) * 0.013;
		b[j].lon = orte[j % 4][1];
		b[j].hat_ort = true;
		b[j].max_km = (j % 3 == 0) ? 30.0 : (j % 3 == 1 ? 4.0 : 250.0);
		w[j][0] = kldb(haeufig[j % 3]);
		w[j][1] = kldb(j % 2 ? "714" : "2631");
		b[j].wuensche = w[j];
		b[j].n_wuensche = j % 5 == 4 ? 0 : 2;
		b[j].abschluss = 1 + j % 18;
		b[j].hat_interessen = j % 4 != 1;
		for (x = 0; x < 6; x++)
			b[j].interessen.v[x] = (uint8_t) ((j * 37 + x * 11) % 101);
		b[j].hat_kompetenzen = j % 4 != 2;
		for (x = 0; x < 12; x++)
			b[j].kompetenzen.v[x] = (uint8_t) ((j + x) % 6);
		b[j].hat_verfuegbar_ab = true;
		b[j].verfuegbar_ab = 9700 + j;
		for (i = 0; i < PRO_B; i++)
		{
			kaoa_angebot *a = &o[n_o];
			/* radii within ±5 mm, ±1 m and ±5 km of max_km, bearings all round */
			double		rand = i % 3 == 0 ? 5e-6 : (i % 3 == 1 ? 1e-3 : 5.0);
			double		km = b[j].max_km + (gleich01() * 2 - 1) * rand;

			memset(a, 0, sizeof(*a));
			a->id = n_o + 1;
			a->hat_ort = true;
			ziel(b[j].lat, b[j].lon, km > 0 ? km : 0, gleich01() * 6.283185307179586, &a->lat, &a->lon);
			if (a->lat > 90.0)
				a->lat = 90.0;
			/* most offers of the frequent codes, the rest rare codes of the same Töpfe */
			if (i % 4 != 3)
				a->kldb = kldb(haeufig[(i / 4) % 3]);
			else
			{
				char		c[16];

				snprintf(c, sizeof(c), "%.3s%d%d", haeufig[(i / 4) % 3], zahl(10), 1 + zahl(4));
				a->kldb = kldb(c);
			}
			a->mindest_abschluss = zahl(19);
			a->mindest_hart = zahl(5) == 0;
			a->hat_interessen = zahl(6) != 0;
			for (x = 0; x < 6; x++)
				a->interessen.v[x] = (uint8_t) (zahl(3) * 50);
			a->hat_anforderungen = zahl(5) != 0;
			for (x = 0; x < 12; x++)
				a->anforderungen.v[x] = (uint8_t) (zahl(3) == 0 ? 1 + zahl(5) : 0);
			a->hat_beginn = true;
			a->beginn = 9690 + zahl(60);
			n_o++;
		}
	}
	kaoa_gewichte_standard(&g);
	fehler += liste_vergleichen("edges", o, n_o, b, N_B, &g);
	for (x = 0; x < KAOA_KOMPONENTEN; x++)
		g.w[x] = x == KAOA_K_WEG ? 0.0 : 10.0;
	fehler += liste_vergleichen("edges, weg 0", o, n_o, b, N_B, &g);
	for (x = 0; x < KAOA_KOMPONENTEN; x++)
		g.w[x] = x == KAOA_K_WEG ? 100.0 : 0.0;
	fehler += liste_vergleichen("edges, only weg", o, n_o, b, N_B, &g);
	free(o);
	return fehler;
}

/*
 * Several threads searching one index at once, each with its own scratch space (what
 * kaoa.zuteilung_berechnen does with kaoa.zuteilung_threads > 1): every applicant's hits must be
 * those of a lone sequential search, whichever thread took the applicant.
 */
#define PAR_BEWERBER 600
#define PAR_K 20
#define PAR_THREADS 3

typedef struct par_auftrag
{
	const kaoa_angebotsindex *ix;
	kaoa_angebotssuche *sc;
	const kaoa_bewerber *bewerber;
	const kaoa_gewichte *g;
	kaoa_treffer *treffer;		/* PAR_BEWERBER × PAR_K */
	int32_t    *anzahl;
	int			nr;
} par_auftrag;

static void *
par_suchen(void *arg)
{
	par_auftrag *a = arg;
	int			i;

	/* interleaved, so the threads' searches overlap in time over the whole index */
	for (i = a->nr; i < PAR_BEWERBER; i += PAR_THREADS)
		a->anzahl[i] = kaoa_angebotsindex_top_mit(a->ix, a->sc, &a->bewerber[i], a->g, PAR_K,
												  &a->treffer[(size_t) i * PAR_K], NULL);
	return NULL;
}

static int
parallel_vergleichen(const welt *w)
{
	int			n_o = 3000,
				fehler = 0,
				i,
				t;
	kaoa_angebot *o = malloc(sizeof(kaoa_angebot) * (size_t) n_o);
	kaoa_bewerber *b = malloc(sizeof(kaoa_bewerber) * PAR_BEWERBER);
	kaoa_kldb  *wuensche = malloc(sizeof(kaoa_kldb) * 4 * PAR_BEWERBER);
	kaoa_treffer *seq = malloc(sizeof(kaoa_treffer) * PAR_BEWERBER * PAR_K);
	kaoa_treffer *par = malloc(sizeof(kaoa_treffer) * PAR_BEWERBER * PAR_K);
	int32_t		n_seq[PAR_BEWERBER],
				n_par[PAR_BEWERBER];
	kaoa_angebotsindex *ix;
	kaoa_gewichte g;
	pthread_t	th[PAR_THREADS];
	par_auftrag auftrag[PAR_THREADS];

	for (i = 0; i < n_o; i++)
		zufallsangebot(&o[i], (int64_t) i + 1, w, false);
	ix = kaoa_angebotsindex_bauen(o, n_o, NULL);
	if (ix == NULL)
		abort();
	kaoa_gewichte_standard(&g);
	for (i = 0; i < PAR_BEWERBER; i++)
	{
		zufallsbewerber(&b[i], &wuensche[4 * i], w, false);
		n_seq[i] = kaoa_angebotsindex_top(ix, &b[i], &g, PAR_K, &seq[(size_t) i * PAR_K], NULL);
		n_par[i] = -1;
	}
	for (t = 0; t < PAR_THREADS; t++)
	{
		auftrag[t] = (par_auftrag) {ix, kaoa_angebotssuche_neu(ix, NULL), b, &g, par, n_par, t};
		if (auftrag[t].sc == NULL || pthread_create(&th[t], NULL, par_suchen, &auftrag[t]) != 0)
			abort();
	}
	for (t = 0; t < PAR_THREADS; t++)
	{
		pthread_join(th[t], NULL);
		kaoa_angebotssuche_freigeben(auftrag[t].sc);
	}
	for (i = 0; i < PAR_BEWERBER; i++)
	{
		int			x;

		if (n_par[i] != n_seq[i])
		{
			if (fehler++ < 5)
				printf("# applicant %d: %d hits in a thread, %d alone\n", i, n_par[i], n_seq[i]);
			continue;
		}
		for (x = 0; x < n_seq[i]; x++)
		{
			const kaoa_treffer *p = &par[(size_t) i * PAR_K + x],
					   *q = &seq[(size_t) i * PAR_K + x];

			if (p->angebot_id != q->angebot_id || p->passung != q->passung || p->prioritaet != q->prioritaet)
			{
				if (fehler++ < 5)
					printf("# applicant %d, hit %d: offer %lld in a thread, %lld alone\n", i, x,
						   (long long) p->angebot_id, (long long) q->angebot_id);
				break;
			}
		}
	}
	kaoa_angebotsindex_freigeben(ix);
	free(o);
	free(b);
	free(wuensche);
	free(seq);
	free(par);
	return fehler;
}

int
main(void)
{
	welt		nrw,
				erde;
	kaoa_suchstatistik st;
	int64_t		paare;
	int			i;

	/* NRW-like: 40 towns in the state's bounding box, offers and applicants clustered around them */
	memset(&nrw, 0, sizeof(nrw));
	nrw.n_orte = 40;
	for (i = 0; i < nrw.n_orte; i++)
	{
		nrw.ort_lat[i] = 50.35 + gleich01() * 1.9;
		nrw.ort_lon[i] = 5.95 + gleich01() * 3.4;
	}
	IS_INT(vergleichen("nrw", &nrw, 4000, 600, false, &st, &paare), 0,
		   "clustered NRW-like instance: top-k equals brute force (600 applicants × 4000 offers)");
	OK(st.gesichtet < paare / 4, "pruning: %lld of %lld pairs looked at, %lld fully scored",
	   (long long) st.gesichtet, (long long) paare, (long long) st.bewertet);

	memset(&erde, 0, sizeof(erde));
	erde.global = true;
	IS_INT(vergleichen("globe", &erde, 3000, 400, false, &st, &paare), 0,
		   "whole globe (poles, date line, radii up to 25000 km): top-k equals brute force");

	{
		welt		voll = nrw,
					ohne = nrw,
					holland_welt;

		voll.art = VOLL;
		ohne.art = OHNE_PROFILE;
		IS_INT(vergleichen("voll", &voll, 3000, 500, false, &st, &paare), 0,
			   "every offer with a minimum and a start date (the best abschluss and beginn below 1 for "
			   "many applicants): top-k equals brute force");
		IS_INT(vergleichen("ohne", &ohne, 3000, 300, false, &st, &paare), 0,
			   "no offer with interests or requirements (interessen and kompetenzen 0.5 for every "
			   "pair): top-k equals brute force");
		holland_welt = nrw;
		holland_welt.art = HOLLAND;
		IS_INT(vergleichen("holland", &holland_welt, 4000, 600, false, &st, &paare), 0,
			   "six frequent codes split by interest class, Holland-code profiles (ties, zeros, "
			   "none): top-k equals brute force");
		OK(st.gesichtet < paare / 4, "and the class bounds prune: %lld of %lld pairs looked at",
		   (long long) st.gesichtet, (long long) paare);
	}
	IS_INT(vergleichen("ties", &nrw, 300, 40, true, &st, &paare), 0,
		   "300 offers with equal scores: ties broken by angebot_id as brute force");
	IS_INT(raender_vergleichen(), 0,
		   "offers within millimetres of max_km, at the date line and near a pole, frequent and rare "
		   "codes of one Topf, three weightings: top-k equals brute force");
	IS_INT(parallel_vergleichen(&nrw), 0,
		   "%d threads searching one index at once (own scratch each): every applicant's hits as alone",
		   PAR_THREADS);

	{
		kaoa_angebotsindex *ix = kaoa_angebotsindex_bauen(NULL, 0, NULL);
		kaoa_bewerber b;
		kaoa_kldb	w[4];
		kaoa_gewichte g;
		kaoa_treffer t[4];

		zufallsbewerber(&b, w, &nrw, false);
		kaoa_gewichte_standard(&g);
		OK(ix != NULL, "an index over no offers can be built");
		IS_INT(kaoa_angebotsindex_top(ix, &b, &g, 3, t, NULL), 0, "and finds nothing");
		IS_INT(kaoa_angebotsindex_anzahl(ix), 0, "and holds nothing");
		kaoa_angebotsindex_freigeben(ix);
	}
	return unit_done();
}
