/*
 * test_bewerberliste.c — the k best applicants for an offer (src/match/core/bewerberliste.c) must
 * equal scoring every applicant with kaoa_passung_bewerten: the k best visible non-excluded ones
 * by passung descending, person id ascending, the same values bit for bit.  Instances: clustered
 * NRW-like geography with several weightings (one without weg, one without beruf) and a visibility
 * predicate; places exactly on a band's edge; a wide alphabet of codes (many small Töpfe, wishes of
 * one to five digits, several wishes in one Topf) and more interest profiles than the list keeps
 * apart; the whole globe (poles, the date line, radii up to 20,000 km); applicants without a
 * location, without wishes, with more than three, with max_km <= 5; offers without a location or a
 * code; k above the number of applicants; applicants exactly at their max_km from the offer; ties.
 */
#include "unit.h"

#include <stdlib.h>

#include "match/core/bewerberliste.h"

static uint64_t zustand = 4711;

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

/* Weightings the applicants of an instance take in turn (the fourth has no beruf weight, so that no
 * Topf can be passed over by its beruf bound). */
static int	n_gewichte = 4;

/* Codes from a wide alphabet (many Töpfe of few applicants each) instead of the small one. */
static bool breit = false;

/* A code from a small alphabet, so that wishes and offers share one, two, three or all digits (or
 * from the wide one, with the digit 0 too). */
static kaoa_kldb
zufallsberuf(void)
{
	char		s[6];
	int			len = gleich01() < 0.85 ? 5 : 1 + zahl(4),
				i;

	for (i = 0; i < len; i++)
		s[i] = (char) (i == 4 ? '1' + zahl(2) : breit ? (i == 0 ? '1' + zahl(9) : '0' + zahl(10)) :
					   '1' + zahl(i == 0 ? 3 : 2));
	s[len] = 0;
	return kldb(s);
}

typedef struct welt
{
	bool		global;
	bool		kanten;			/* a tenth of the places exactly on a band's edge */
	int			n_orte;
	double		ort_lat[32];
	double		ort_lon[32];
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

		*lat = w->ort_lat[i] + (gleich01() - 0.5) * 0.3;
		*lon = w->ort_lon[i] + (gleich01() - 0.5) * 0.45;
		if (w->kanten && gleich01() < 0.1)
			*lat = floor(*lat * 10.0) / 10.0;
	}
}

typedef struct person
{
	kaoa_bewerber b;
	kaoa_kldb	w[5];
	kaoa_ort_trig t;
	bool		sichtbar;
} person;

static void
zufallsperson(person *p, int64_t id, const welt *w, bool gleich)
{
	int			i;

	memset(p, 0, sizeof(*p));
	p->b.id = id;
	p->b.wuensche = p->w;
	p->b.n_wuensche = gleich ? 1 : (gleich01() < 0.1 ? 0 : 1 + zahl(5));
	for (i = 0; i < p->b.n_wuensche; i++)
		p->w[i] = gleich ? kldb("26312") : zufallsberuf();
	if (!gleich)
	{
		p->b.abschluss = zahl(19);
		p->b.hat_interessen = gleich01() < 0.85;
		for (i = 0; i < 6; i++)
			p->b.interessen.v[i] = (uint8_t) (breit ? zahl(101) : zahl(3) * 50);
		p->b.hat_kompetenzen = gleich01() < 0.8;
		for (i = 0; i < 12; i++)
			p->b.kompetenzen.v[i] = (uint8_t) zahl(6);
		p->b.hat_verfuegbar_ab = gleich01() < 0.7;
		p->b.verfuegbar_ab = 9690 + zahl(120);
	}
	p->b.hat_ort = gleich || gleich01() < 0.93;
	if (p->b.hat_ort)
		ort(w, &p->b.lat, &p->b.lon);
	if (gleich)
	{
		p->b.lat = 51.5;
		p->b.lon = 7.0;
	}
	p->b.max_km = w->global ? (gleich01() < 0.3 ? gleich01() * 20100 : gleich01() * 3000) :
		(gleich01() < 0.1 ? zahl(8) : 20 + zahl(61));
	kaoa_ort_trig_setzen(p->b.lat, p->b.lon, &p->t);
	p->sichtbar = gleich01() < 0.7;
}

static void
zufallsangebot(kaoa_angebot *o, const welt *w, bool gleich)
{
	int			i;

	memset(o, 0, sizeof(*o));
	o->kldb = gleich ? kldb("26312") : (gleich01() < 0.03 ? 0 : zufallsberuf());
	if (!gleich)
	{
		o->mindest_abschluss = gleich01() < 0.3 ? 0 : 1 + zahl(18);
		o->mindest_hart = gleich01() < 0.2;
		o->hat_interessen = gleich01() < 0.85;
		for (i = 0; i < 6; i++)
			o->interessen.v[i] = (uint8_t) (zahl(3) * 50);
		o->hat_anforderungen = gleich01() < 0.8;
		for (i = 0; i < 12; i++)
			o->anforderungen.v[i] = (uint8_t) (gleich01() < 0.5 ? 0 : zahl(6));
		o->hat_beginn = gleich01() < 0.9;
		o->beginn = 9700 + zahl(60);
	}
	o->hat_ort = gleich || gleich01() < 0.95;
	if (o->hat_ort)
		ort(w, &o->lat, &o->lon);
	if (gleich)
	{
		o->lat = 51.5;
		o->lon = 7.0;
	}
}

typedef struct kandidat
{
	int64_t		id;
	double		passung;
} kandidat;

static int
kandidat_vergleich(const void *pa, const void *pb)
{
	const kandidat *a = pa,
			   *b = pb;

	if (a->passung != b->passung)
		return a->passung > b->passung ? -1 : 1;
	return a->id < b->id ? -1 : (a->id > b->id ? 1 : 0);
}

static bool
sichtbar_cb(void *ctx, int32_t i)
{
	return ((person *) ctx)[i].sichtbar;
}

/* n_o offers against n_p applicants (four weightings, one without weg and one without beruf; every
 * person sees its Kommune's), with and without a visibility predicate; returns the mismatches. */
static int
vergleichen(const char *name, const welt *w, int n_p, int n_o, bool gleich, kaoa_listenstatistik *st)
{
	person	   *p = malloc(sizeof(person) * (size_t) n_p);
	kaoa_listen_bewerber *lb = malloc(sizeof(kaoa_listen_bewerber) * (size_t) n_p);
	kandidat   *bf = malloc(sizeof(kandidat) * (size_t) n_p);
	kaoa_bewerbertreffer *t = malloc(sizeof(kaoa_bewerbertreffer) * (size_t) (n_p + 1));
	kaoa_gewichte g[4];
	kaoa_bewerberliste *l;
	int			fehler = 0,
				i,
				j,
				x;

	kaoa_gewichte_standard(&g[0]);
	for (x = 0; x < KAOA_KOMPONENTEN; x++)
	{
		g[1].w[x] = x == KAOA_K_WEG ? 0.0 : 1.0 + x;
		g[2].w[x] = x == KAOA_K_BERUF ? 60.0 : (x == KAOA_K_WEG ? 30.0 : 2.0);
		g[3].w[x] = x == KAOA_K_BERUF ? 0.0 : 1.0;
	}
	for (i = 0; i < n_p; i++)
	{
		zufallsperson(&p[i], (int64_t) ((i * 7919) % n_p) + 1, w, gleich);
		lb[i].b = &p[i].b;
		lb[i].trig = &p[i].t;
		lb[i].g = &g[gleich ? 0 : i % n_gewichte];
	}
	l = kaoa_bewerberliste_bauen(lb, n_p, NULL);
	if (l == NULL)
		abort();
	for (j = 0; j < n_o; j++)
	{
		kaoa_angebot o;
		kaoa_ort_trig to;
		static const int32_t ks[] = {1, 5, 50};
		int			mit_sicht;

		zufallsangebot(&o, w, gleich);
		kaoa_ort_trig_setzen(o.lat, o.lon, &to);
		for (mit_sicht = 0; mit_sicht < 2; mit_sicht++)
		{
			int32_t		m = 0,
						k = j % 5 == 4 ? n_p + 3 : ks[j % 3],
						n;

			for (i = 0; i < n_p; i++)
			{
				kaoa_passung_ergebnis r;

				kaoa_passung_bewerten(&p[i].b, &o, lb[i].g, &r);
				if (r.ausschluss != KAOA_AUSSCHLUSS_KEINER || (mit_sicht && !p[i].sichtbar))
					continue;
				bf[m].id = p[i].b.id;
				bf[m].passung = r.passung;
				m++;
			}
			qsort(bf, (size_t) m, sizeof(kandidat), kandidat_vergleich);
			n = kaoa_bewerberliste_top(l, &o, &to, k, mit_sicht ? sichtbar_cb : NULL, p, t,
									   st != NULL && k < n_p && !mit_sicht ? st : NULL);
			if (n != (m < k ? m : k))
			{
				if (fehler++ < 5)
					printf("# %s offer %d, k %d: %d hits, all scored %d\n", name, j, k, n, m < k ? m : k);
				continue;
			}
			for (x = 0; x < n; x++)
				if (t[x].id != bf[x].id || t[x].passung != bf[x].passung || p[t[x].bewerber].b.id != t[x].id)
				{
					if (fehler++ < 5)
						printf("# %s offer %d, k %d, hit %d: person %lld (%.17g), all scored %lld (%.17g)\n",
							   name, j, k, x, (long long) t[x].id, t[x].passung, (long long) bf[x].id,
							   bf[x].passung);
					break;
				}
		}
	}
	kaoa_bewerberliste_freigeben(l);
	free(p);
	free(lb);
	free(bf);
	free(t);
	return fehler;
}

/* Applicants on a circle of exactly their max_km around the offer (±5 mm, ±1 m): the float bound
 * decides them; every one within must be found. */
static int
rand_vergleichen(void)
{
	enum
	{
		N = 600
	};
	person	   *p = malloc(sizeof(person) * N);
	kaoa_listen_bewerber lb[N];
	kaoa_bewerbertreffer t[N + 1];
	kaoa_gewichte g;
	kaoa_angebot o;
	kaoa_ort_trig to;
	kaoa_bewerberliste *l;
	int			i,
				innen = 0,
				n;

	kaoa_gewichte_standard(&g);
	memset(&o, 0, sizeof(o));
	o.kldb = kldb("26312");
	o.hat_ort = true;
	o.lat = 50.9413;
	o.lon = 6.9583;
	kaoa_ort_trig_setzen(o.lat, o.lon, &to);
	for (i = 0; i < N; i++)
	{
		double		km = 30.0 + (i % 2 ? 5e-6 : 1e-3) * (i % 4 < 2 ? 1 : -1),
					t0 = gleich01() * 6.283185307179586,
					p1 = o.lat * KAOA_GRAD,
					d = km / KAOA_ERDRADIUS_KM,
					p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(t0)),
					l2 = o.lon * KAOA_GRAD + atan2(sin(t0) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));
		kaoa_passung_ergebnis r;

		memset(&p[i], 0, sizeof(p[i]));
		p[i].b.id = i + 1;
		p[i].w[0] = kldb("26312");
		p[i].b.wuensche = p[i].w;
		p[i].b.n_wuensche = 1;
		p[i].b.hat_ort = true;
		p[i].b.lat = p2 / KAOA_GRAD;
		p[i].b.lon = l2 / KAOA_GRAD;
		p[i].b.max_km = 30.0;
		kaoa_ort_trig_setzen(p[i].b.lat, p[i].b.lon, &p[i].t);
		lb[i].b = &p[i].b;
		lb[i].trig = &p[i].t;
		lb[i].g = &g;
		kaoa_passung_bewerten(&p[i].b, &o, &g, &r);
		innen += r.ausschluss == KAOA_AUSSCHLUSS_KEINER;
	}
	l = kaoa_bewerberliste_bauen(lb, N, NULL);
	n = kaoa_bewerberliste_top(l, &o, &to, N, NULL, NULL, t, NULL);
	kaoa_bewerberliste_freigeben(l);
	free(p);
	return n == innen && innen > N / 4 && innen < N ? 0 : 1;
}

/*
 * The bounds at their edges: every applicant perfect in all but beruf (at the offer's place, its
 * profile, its requirements met), so that each one's score equals its bound; wishes sharing all,
 * four, three, two, one or no digit with the offer, or none; many ties.  Every k from 1 to all
 * must give what scoring all gives (a bound lowered by anything, or a beruf bound too low, loses a
 * tie or a whole level).
 */
static int
stufen_vergleichen(void)
{
	enum
	{
		N = 140
	};
	static const char *const wunsch[7] = {"26312", "26313", "26322", "26112", "21112", "91112", ""};
	person	   *p = malloc(sizeof(person) * N);
	kaoa_listen_bewerber lb[N];
	kaoa_bewerbertreffer t[N + 1];
	kandidat	bf[N];
	kaoa_gewichte g;
	kaoa_angebot o;
	kaoa_ort_trig to;
	kaoa_bewerberliste *l;
	int			fehler = 0,
				i,
				k,
				m = 0;

	kaoa_gewichte_standard(&g);
	memset(&o, 0, sizeof(o));
	o.kldb = kldb("26312");
	o.hat_ort = true;
	o.lat = 50.9413;
	o.lon = 6.9583;
	o.hat_interessen = true;
	o.interessen.v[0] = 100;
	o.hat_anforderungen = true;
	o.anforderungen.v[3] = 3;
	kaoa_ort_trig_setzen(o.lat, o.lon, &to);
	for (i = 0; i < N; i++)
	{
		kaoa_passung_ergebnis r;

		memset(&p[i], 0, sizeof(p[i]));
		/* farther north (visited later) the lower ids: a later tie must still enter */
		p[i].b.id = N - i;
		p[i].b.wuensche = p[i].w;
		if (wunsch[i % 7][0] != '\0')
		{
			p[i].w[0] = kldb(wunsch[i % 7]);
			p[i].b.n_wuensche = 1;
		}
		p[i].b.hat_interessen = true;
		p[i].b.interessen.v[0] = 100;
		p[i].b.hat_kompetenzen = true;
		p[i].b.kompetenzen.v[3] = 4;
		p[i].b.hat_ort = true;
		p[i].b.lat = o.lat + (i / 7) * 1e-5;
		p[i].b.lon = o.lon;
		p[i].b.max_km = 30.0;
		kaoa_ort_trig_setzen(p[i].b.lat, p[i].b.lon, &p[i].t);
		lb[i].b = &p[i].b;
		lb[i].trig = &p[i].t;
		lb[i].g = &g;
		kaoa_passung_bewerten(&p[i].b, &o, &g, &r);
		bf[m].id = p[i].b.id;
		bf[m].passung = r.passung;
		m++;
	}
	qsort(bf, (size_t) m, sizeof(kandidat), kandidat_vergleich);
	l = kaoa_bewerberliste_bauen(lb, N, NULL);
	for (k = 1; k <= N; k++)
	{
		int			n = kaoa_bewerberliste_top(l, &o, &to, k, NULL, NULL, t, NULL),
					x;

		if (n != k)
		{
			fehler++;
			continue;
		}
		for (x = 0; x < n; x++)
			if (t[x].id != bf[x].id || t[x].passung != bf[x].passung)
			{
				if (fehler++ < 5)
					printf("# levels, k %d, hit %d: person %lld (%.17g), all scored %lld (%.17g)\n", k, x,
						   (long long) t[x].id, t[x].passung, (long long) bf[x].id, bf[x].passung);
				break;
			}
	}
	kaoa_bewerberliste_freigeben(l);
	free(p);
	return fehler;
}

int
main(void)
{
	welt		nrw,
				erde;
	kaoa_listenstatistik st = {0, 0};
	int			i;

	memset(&nrw, 0, sizeof(nrw));
	nrw.n_orte = 20;
	for (i = 0; i < nrw.n_orte; i++)
	{
		nrw.ort_lat[i] = 50.35 + gleich01() * 1.9;
		nrw.ort_lon[i] = 5.95 + gleich01() * 3.4;
	}
	n_gewichte = 3;
	IS_INT(vergleichen("nrw", &nrw, 3000, 300, false, &st), 0,
		   "NRW-like, three weightings, with and without a visibility predicate: top-k equals scoring all");
	OK(st.bewertet < 240LL * 3000 / 6 && st.gesichtet < 240LL * 3000 * 4 / 5,
	   "pruning (k up to 50, weightings with little beruf weight): %lld applicants scored, %lld postings given the bound, of %lld pairs",
	   (long long) st.bewertet, (long long) st.gesichtet, 240LL * 3000);
	n_gewichte = 1;
	memset(&st, 0, sizeof(st));
	IS_INT(vergleichen("nrw1", &nrw, 3000, 300, false, &st), 0,
		   "NRW-like, the default weights: top-k equals scoring all");
	OK(st.bewertet < 240LL * 3000 / 6 && st.gesichtet < 240LL * 3000 * 2 / 5,
	   "pruning (k up to 50, the default weights): %lld applicants scored, %lld postings given the bound, of %lld pairs",
	   (long long) st.bewertet, (long long) st.gesichtet, 240LL * 3000);
	n_gewichte = 4;
	IS_INT(vergleichen("nrw4", &nrw, 3000, 300, false, NULL), 0,
		   "the same with a fourth weighting without beruf: top-k equals scoring all");
	nrw.kanten = true;
	IS_INT(vergleichen("edges", &nrw, 2000, 200, false, NULL), 0,
		   "a tenth of applicants and offers exactly on a band's edge: top-k equals scoring all");
	nrw.kanten = false;
	breit = true;
	IS_INT(vergleichen("wide", &nrw, 3000, 300, false, NULL), 0,
		   "codes from a wide alphabet (many Töpfe of few applicants), more interest profiles than the list keeps: top-k equals scoring all");
	breit = false;
	memset(&erde, 0, sizeof(erde));
	erde.global = true;
	IS_INT(vergleichen("globe", &erde, 2000, 200, false, NULL), 0,
		   "whole globe (poles, date line, radii up to 20,100 km): top-k equals scoring all");
	IS_INT(vergleichen("ties", &nrw, 300, 30, true, NULL), 0, "300 applicants with equal scores: ties by person id");
	IS_INT(rand_vergleichen(), 0, "applicants within millimetres of their max_km: exactly those within are found");
	IS_INT(stufen_vergleichen(), 0,
		   "scores equal to their bounds at every level of beruf, with ties: every k equals scoring all");
	{
		kaoa_bewerberliste *l = kaoa_bewerberliste_bauen(NULL, 0, NULL);
		kaoa_angebot o;
		kaoa_bewerbertreffer t[2];

		memset(&o, 0, sizeof(o));
		OK(l != NULL && kaoa_bewerberliste_top(l, &o, NULL, 2, NULL, NULL, t, NULL) == 0,
		   "a list without applicants finds nothing");
		kaoa_bewerberliste_freigeben(l);
	}
	return unit_done();
}
