/*
 * test_passung.c — unit tests of the matching score (docs/matching.md, src/match/core/passung.c).
 *
 * Every exclusion and every branch of every component gets a hand-made case with its exact expected
 * value; random pairs are then checked against a separate double-precision evaluation of
 * docs/matching.md written here from the text (own haversine, own S and F tables, own cosine, own
 * Potenzialanalyse credit, own ranks), to within 1e-4 points.
 */
#include "unit.h"

#include <stdlib.h>

#include "types/core/abschluss.h"
#include "match/core/passung.h"

/* ---- building blocks ---- */

static kaoa_kldb
kldb(const char *s)
{
	kaoa_kldb	k = 0;
	kaoa_parse_error err;

	if (!kaoa_kldb_parse(s, strlen(s), &k, &err))
	{
		printf("# bad test literal %s\n", s);
		abort();
	}
	return k;
}

static int
abschluss(const char *s)
{
	int16_t		c = 0;
	kaoa_parse_error err;

	if (!kaoa_abschluss_parse(s, strlen(s), &c, &err))
	{
		printf("# bad test literal %s\n", s);
		abort();
	}
	return c;
}

/* A neutral applicant: ESA, no wishes, no profile data, in Düsseldorf, 50 km, no date. */
static kaoa_bewerber
bewerber(void)
{
	kaoa_bewerber b;

	memset(&b, 0, sizeof(b));
	b.id = 1;
	b.abschluss = abschluss("MSA");
	b.hat_ort = true;
	b.lat = 51.2277;
	b.lon = 6.7735;
	b.max_km = 50;
	return b;
}

/* A neutral offer at the same place, no minimum, no profile data, no date. */
static kaoa_angebot
angebot(void)
{
	kaoa_angebot o;

	memset(&o, 0, sizeof(o));
	o.id = 1;
	o.kldb = kldb("26312");
	o.hat_ort = true;
	o.lat = 51.2277;
	o.lon = 6.7735;
	return o;
}

static kaoa_passung_ergebnis
bewerten(const kaoa_bewerber *b, const kaoa_angebot *o)
{
	kaoa_gewichte g;
	kaoa_passung_ergebnis r;

	kaoa_gewichte_standard(&g);
	kaoa_passung_bewerten(b, o, &g, &r);
	return r;
}

/* The point at distance km due north of (lat, lon) on the sphere of the score. */
static void
nach_norden(double lat, double km, double *out_lat)
{
	*out_lat = lat + km / KAOA_ERDRADIUS_KM / KAOA_GRAD;
}

/* ---- the independent evaluation of the score ---- */

static const int ref_rang[19] = {-1, 0, 1, 1, 1, 1, 2, 2, 3, 4, 4, 4, 5, 5, 6, 7, -1, -1, -1};

static int
ref_gemeinsam(const char *a, const char *b)
{
	int			n = 0;

	while (a[n] && b[n] && a[n] == b[n])
		n++;
	return n;
}

static double
ref_haversine(double lat1, double lon1, double lat2, double lon2)
{
	const double pi = acos(-1.0);
	double		p1 = lat1 * pi / 180,
				p2 = lat2 * pi / 180,
				dp = (lat2 - lat1) * pi / 180,
				dl = (lon2 - lon1) * pi / 180;
	double		a = pow(sin(dp / 2), 2) + cos(p1) * cos(p2) * pow(sin(dl / 2), 2);

	return 2 * 6371.0088 * asin(sqrt(fmin(1.0, a)));
}

typedef struct ref_paar
{
	char		wunsch[4][6];
	int			n_wuensche;
	char		beruf[6];
	const kaoa_bewerber *b;
	const kaoa_angebot *o;
} ref_paar;

/* Returns the score, or -1 when excluded (reason in *grund), per docs/matching.md as written. */
static double
ref_passung(const ref_paar *p, const double w[6], int *grund, double *werte)
{
	static const double S[6] = {0, 0.15, 0.40, 0.65, 0.85, 1.00};
	const kaoa_bewerber *b = p->b;
	const kaoa_angebot *o = p->o;
	double		c[6],
				d = 0,
				z = 0,
				nn = 0;
	bool		hat_d = b->hat_ort && o->hat_ort;
	int			i;
	int			rb = b->abschluss ? ref_rang[b->abschluss] : -1;
	int			ro = o->mindest_abschluss ? ref_rang[o->mindest_abschluss] : -1;

	if (hat_d)
		d = ref_haversine(b->lat, b->lon, o->lat, o->lon);
	*grund = 0;
	if (o->mindest_hart && !(rb >= 0 && ro >= 0 && rb >= ro))
		*grund = 1;
	else if (hat_d && d > b->max_km)
		*grund = 2;
	else if (b->hat_verfuegbar_ab && o->hat_beginn && b->verfuegbar_ab > o->beginn + 60)
		*grund = 3;

	/* beruf */
	if (p->n_wuensche == 0)
		c[0] = 0.5;
	else
	{
		c[0] = 0;
		for (i = 0; i < p->n_wuensche; i++)
		{
			double		f = i == 0 ? 1.0 : (i == 1 ? 0.9 : 0.8);
			double		v = S[ref_gemeinsam(p->wunsch[i], p->beruf)] * f;

			if (v > c[0])
				c[0] = v;
		}
	}
	/* interessen */
	if (!b->hat_interessen || !o->hat_interessen)
		c[1] = 0.5;
	else
	{
		double		ab = 0,
					aa = 0,
					bb = 0;

		for (i = 0; i < 6; i++)
		{
			ab += b->interessen.v[i] * o->interessen.v[i];
			aa += b->interessen.v[i] * b->interessen.v[i];
			bb += o->interessen.v[i] * o->interessen.v[i];
		}
		c[1] = (aa == 0 || bb == 0) ? 0.5 : ab / sqrt(aa * bb);
	}
	/* weg */
	if (!hat_d)
		c[2] = 0.5;
	else if (d <= 5)
		c[2] = 1;
	else if (b->max_km <= 5)
		c[2] = d <= b->max_km ? 1 : 0;
	else
		c[2] = fmax(0, (b->max_km - d) / (b->max_km - 5));
	/* abschluss */
	if (!o->mindest_abschluss)
		c[3] = 1;
	else if (rb < 0 || ro < 0)
		c[3] = 0.5;
	else
		c[3] = rb - ro >= 0 ? 1 : (rb - ro == -1 ? 0.5 : 0);
	/* beginn */
	if (!b->hat_verfuegbar_ab || !o->hat_beginn || b->verfuegbar_ab <= o->beginn)
		c[4] = 1;
	else if (b->verfuegbar_ab - o->beginn <= 31)
		c[4] = 0.5;
	else
		c[4] = 0.25;
	/* kompetenzen */
	if (!b->hat_kompetenzen || !o->hat_anforderungen)
		c[5] = 0.5;
	else
	{
		int			n = 0;
		double		s = 0;

		for (i = 0; i < 12; i++)
			if (o->anforderungen.v[i] > 0)
			{
				n++;
				s += b->kompetenzen.v[i] >= o->anforderungen.v[i] ? 1 : (b->kompetenzen.v[i] == 0 ? 0.5 : 0);
			}
		c[5] = n ? s / n : 1;
	}
	for (i = 0; i < 6; i++)
	{
		z += w[i] * c[i];
		nn += w[i];
		werte[i] = c[i];
	}
	return *grund ? -1 : 100 * z / nn;
}

/* ---- the hand-made cases ---- */

static void
test_ausschluesse(void)
{
	kaoa_bewerber b = bewerber();
	kaoa_angebot o = angebot();
	kaoa_passung_ergebnis r;

	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "neutral pair is not excluded");
	OK(r.hat_distanz && r.distanz_km == 0.0, "same place: distance 0");

	/* ABSCHLUSS */
	o.mindest_abschluss = abschluss("FHR");
	o.mindest_hart = true;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_ABSCHLUSS, "hard minimum FHR, applicant MSA: ABSCHLUSS");
	IS_STR(kaoa_ausschluss_name(r.ausschluss), "ABSCHLUSS", "name ABSCHLUSS");
	IS_DBL(r.wert[KAOA_K_ABSCHLUSS], 0.0, 0, "components computed for excluded pairs too (g = -2 -> 0)");
	b.abschluss = 0;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_ABSCHLUSS, "hard minimum, applicant's qualification unknown: ABSCHLUSS");
	b.abschluss = abschluss("FOEG");
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_ABSCHLUSS, "hard minimum, applicant FOEG (no rank): ABSCHLUSS");
	b.abschluss = abschluss("FHR");
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "hard minimum met exactly: not excluded");
	b.abschluss = abschluss("ABITUR");
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "hard minimum exceeded: not excluded");
	o.mindest_abschluss = abschluss("WALD");
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_ABSCHLUSS, "hard minimum without rank (WALD): ABSCHLUSS (erfuellt is NULL)");
	o.mindest_abschluss = 0;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_ABSCHLUSS, "hard flag without minimum: ABSCHLUSS (erfuellt is NULL)");
	o.mindest_abschluss = abschluss("FHR");
	o.mindest_hart = false;
	b.abschluss = abschluss("ESA");
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "soft minimum not met: not excluded");

	/* DISTANZ */
	b = bewerber();
	o = angebot();
	nach_norden(b.lat, 50.5, &o.lat);
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_DISTANZ, "50.5 km with max_km 50: DISTANZ");
	IS_STR(kaoa_ausschluss_name(r.ausschluss), "DISTANZ", "name DISTANZ");
	IS_DBL(r.distanz_km, 50.5, 1e-9, "distance due north is the arc length");
	IS_DBL(r.wert[KAOA_K_WEG], 0.0, 0, "weg of an excluded far pair is 0");
	nach_norden(b.lat, 49.99, &o.lat);
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "49.99 km with max_km 50: not excluded");
	b.max_km = r.distanz_km;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "d equal to max_km: not excluded (d > max_km excludes)");
	b.max_km = 50;
	nach_norden(b.lat, 500, &o.lat);
	b.hat_ort = false;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "applicant without location: no DISTANZ");
	OK(!r.hat_distanz, "no distance without both locations");
	b.hat_ort = true;
	o.hat_ort = false;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "offer without location: no DISTANZ");

	/* BEGINN */
	b = bewerber();
	o = angebot();
	o.hat_beginn = true;
	o.beginn = 9709;			/* 2026-08-01 as days since 2000-01-01 */
	b.hat_verfuegbar_ab = true;
	b.verfuegbar_ab = o.beginn + 61;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_BEGINN, "available 61 days after the start: BEGINN");
	IS_STR(kaoa_ausschluss_name(r.ausschluss), "BEGINN", "name BEGINN");
	b.verfuegbar_ab = o.beginn + 60;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "available 60 days after the start: not excluded");
	b.verfuegbar_ab = o.beginn + 1000;
	b.hat_verfuegbar_ab = false;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "availability unknown: no BEGINN");
	b.hat_verfuegbar_ab = true;
	o.hat_beginn = false;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "offer without start date: no BEGINN");

	/* the order of the checks: the first that holds is the reason */
	b = bewerber();
	o = angebot();
	o.mindest_abschluss = abschluss("ABITUR");
	o.mindest_hart = true;
	nach_norden(b.lat, 80, &o.lat);
	o.hat_beginn = true;
	o.beginn = 100;
	b.hat_verfuegbar_ab = true;
	b.verfuegbar_ab = 500;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_ABSCHLUSS, "all three hold: ABSCHLUSS first");
	o.mindest_hart = false;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_DISTANZ, "DISTANZ and BEGINN hold: DISTANZ before BEGINN");
	o.lat = b.lat;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_BEGINN, "only BEGINN holds: BEGINN");
	IS_STR(kaoa_ausschluss_name(KAOA_AUSSCHLUSS_KEINER), NULL, "no name for KEINER");
}

static void
test_beruf(void)
{
	kaoa_kldb	w[4];

	IS_DBL(kaoa_komponente_beruf(NULL, 0, kldb("26312")), 0.5, 0, "no wishes: 0.5");
	IS_DBL(kaoa_komponente_beruf(w, 0, kldb("26312")), 0.5, 0, "empty wish list: 0.5");
	w[0] = kldb("26312");
	IS_DBL(kaoa_komponente_beruf(w, 1, kldb("26312")), 1.00, 0, "5 equal digits: S = 1.00");
	IS_DBL(kaoa_komponente_beruf(w, 1, kldb("26313")), 0.85, 0, "4 equal digits: S = 0.85");
	IS_DBL(kaoa_komponente_beruf(w, 1, kldb("26322")), 0.65, 0, "3 equal digits: S = 0.65");
	IS_DBL(kaoa_komponente_beruf(w, 1, kldb("26112")), 0.40, 0, "2 equal digits: S = 0.40");
	IS_DBL(kaoa_komponente_beruf(w, 1, kldb("21112")), 0.15, 0, "1 equal digit: S = 0.15");
	IS_DBL(kaoa_komponente_beruf(w, 1, kldb("71112")), 0.0, 0, "no equal digit: S = 0");
	IS_DBL(kaoa_komponente_beruf(w, 1, 0), 0.0, 0, "offer without occupation: 0");
	w[0] = kldb("263");
	IS_DBL(kaoa_komponente_beruf(w, 1, kldb("26312")), 0.65, 0, "a 3-digit wish shares at most 3 digits");
	IS_DBL(kaoa_komponente_beruf(w, 1, kldb("26")), 0.40, 0, "a 2-digit offer shares at most 2 digits");
	/* F(i) */
	w[0] = kldb("71112");
	w[1] = kldb("26312");
	IS_DBL(kaoa_komponente_beruf(w, 2, kldb("26312")), 0.9, 0, "second wish matches fully: F(1) = 0.9");
	w[1] = kldb("81112");
	w[2] = kldb("26312");
	IS_DBL(kaoa_komponente_beruf(w, 3, kldb("26312")), 0.8, 0, "third wish matches fully: F(2) = 0.8");
	w[2] = kldb("91112");
	w[3] = kldb("26312");
	IS_DBL(kaoa_komponente_beruf(w, 4, kldb("26312")), 0.8, 0, "fourth wish: F(3) = 0.8");
	/* the max over the wishes, not the first that matches */
	w[0] = kldb("21112");		/* 1 digit: 0.15 · 1.0 */
	w[1] = kldb("26313");		/* 4 digits: 0.85 · 0.9 = 0.765 */
	IS_DBL(kaoa_komponente_beruf(w, 2, kldb("26312")), 0.85 * 0.9, 0, "max over wishes: a later, better match wins");
	w[0] = kldb("26312");
	IS_DBL(kaoa_komponente_beruf(w, 2, kldb("26312")), 1.0, 0, "max over wishes: the first wish wins");
	IS_DBL(kaoa_beruf_stufe(6), 0.0, 0, "S outside 0..5 is 0");
	IS_DBL(kaoa_beruf_faktor(7), 0.8, 0, "F(7) = 0.8");
}

static void
test_interessen_kompetenzen(void)
{
	kaoa_bewerber b = bewerber();
	kaoa_angebot o = angebot();
	static const uint8_t ri[6] = {40, 10, 0, 80, 20, 5};
	static const uint8_t ro[6] = {0, 0, 0, 100, 50, 0};
	double		ab = 40 * 0 + 80 * 100 + 20 * 50,
				na = sqrt(40 * 40 + 10 * 10 + 80 * 80 + 20 * 20 + 5 * 5),
				nb = sqrt(100 * 100 + 50 * 50);

	IS_DBL(kaoa_komponente_interessen(&b, &o), 0.5, 0, "interessen: both missing: 0.5");
	b.hat_interessen = true;
	memcpy(b.interessen.v, ri, 6);
	IS_DBL(kaoa_komponente_interessen(&b, &o), 0.5, 0, "interessen: offer's missing: 0.5");
	o.hat_interessen = true;
	memcpy(o.interessen.v, ro, 6);
	b.hat_interessen = false;
	IS_DBL(kaoa_komponente_interessen(&b, &o), 0.5, 0, "interessen: applicant's missing: 0.5");
	b.hat_interessen = true;
	IS_DBL(kaoa_komponente_interessen(&b, &o), ab / (na * nb), 1e-12, "interessen: cosine of the profiles");
	memset(o.interessen.v, 0, 6);
	IS_DBL(kaoa_komponente_interessen(&b, &o), 0.5, 0, "interessen: all-zero profile: 0.5 (kongruenz)");

	/* kompetenzen */
	b = bewerber();
	o = angebot();
	IS_DBL(kaoa_komponente_kompetenzen(&b, &o), 0.5, 0, "kompetenzen: both missing: 0.5");
	b.hat_kompetenzen = true;
	IS_DBL(kaoa_komponente_kompetenzen(&b, &o), 0.5, 0, "kompetenzen: requirements missing: 0.5");
	o.hat_anforderungen = true;
	b.hat_kompetenzen = false;
	IS_DBL(kaoa_komponente_kompetenzen(&b, &o), 0.5, 0, "kompetenzen: applicant's missing: 0.5");
	b.hat_kompetenzen = true;
	IS_DBL(kaoa_komponente_kompetenzen(&b, &o), 1.0, 0, "kompetenzen: nothing required: 1");
	o.anforderungen.v[3] = 3;	/* sorgfalt 3: has 4 → 1 */
	o.anforderungen.v[4] = 4;	/* teamfaehigkeit 4: has 0 → 0.5 */
	o.anforderungen.v[9] = 2;	/* feinmotorik 2: has 1 → 0 */
	o.anforderungen.v[0] = 5;	/* motivation 5: has 5 → 1 */
	b.kompetenzen.v[3] = 4;
	b.kompetenzen.v[9] = 1;
	b.kompetenzen.v[0] = 5;
	b.kompetenzen.v[7] = 5;		/* not required: ignored */
	IS_DBL(kaoa_komponente_kompetenzen(&b, &o), (1 + 0.5 + 0 + 1) / 4.0, 1e-15,
		   "kompetenzen: mean credit 1 / 0.5 (unknown) / 0 over required dimensions");
}

static void
test_weg(void)
{
	IS_DBL(kaoa_komponente_weg(false, 0, 50), 0.5, 0, "weg: a location missing: 0.5");
	IS_DBL(kaoa_komponente_weg(true, 0, 50), 1.0, 0, "weg: d = 0: 1");
	IS_DBL(kaoa_komponente_weg(true, 5, 50), 1.0, 0, "weg: d = 5: 1");
	IS_DBL(kaoa_komponente_weg(true, 5.0000001, 50), (50 - 5.0000001) / 45, 1e-15, "weg: just over 5 km: linear");
	IS_DBL(kaoa_komponente_weg(true, 27.5, 50), 0.5, 1e-15, "weg: half way: 0.5");
	IS_DBL(kaoa_komponente_weg(true, 50, 50), 0.0, 0, "weg: d = max_km: 0");
	IS_DBL(kaoa_komponente_weg(true, 60, 50), 0.0, 0, "weg: beyond max_km: 0, never negative");
	IS_DBL(kaoa_komponente_weg(true, 3, 4), 1.0, 0, "weg: max_km 4, d 3 (<= max_km <= 5): 1");
	IS_DBL(kaoa_komponente_weg(true, 4.5, 4), 1.0, 0, "weg: max_km 4, d 4.5 (<= 5): 1 (the pair is DISTANZ-excluded)");
	IS_DBL(kaoa_komponente_weg(true, 6, 4), 0.0, 0, "weg: max_km 4, d 6: 0, no division by a negative");
	IS_DBL(kaoa_komponente_weg(true, 6, 5), 0.0, 0, "weg: max_km 5, d 6: 0, no division by zero");
	IS_DBL(kaoa_komponente_weg(true, 5, 5), 1.0, 0, "weg: max_km 5, d 5: 1");
	IS_DBL(kaoa_komponente_weg(true, 0, 0), 1.0, 0, "weg: max_km 0, d 0: 1");
}

static void
test_abschluss_beginn(void)
{
	kaoa_bewerber b = bewerber();
	kaoa_angebot o = angebot();

	IS_DBL(kaoa_komponente_abschluss(abschluss("OA"), 0), 1.0, 0, "abschluss: no minimum: 1");
	IS_DBL(kaoa_komponente_abschluss(0, 0), 1.0, 0, "abschluss: no minimum, applicant unknown: 1");
	IS_DBL(kaoa_komponente_abschluss(0, abschluss("MSA")), 0.5, 0, "abschluss: applicant unknown: 0.5");
	IS_DBL(kaoa_komponente_abschluss(abschluss("FOEL"), abschluss("MSA")), 0.5, 0, "abschluss: applicant FOEL (no rank): 0.5");
	IS_DBL(kaoa_komponente_abschluss(abschluss("MSA"), abschluss("WALD")), 0.5, 0, "abschluss: minimum WALD (no rank): 0.5");
	IS_DBL(kaoa_komponente_abschluss(abschluss("MSA"), abschluss("MSA")), 1.0, 0, "abschluss: g = 0: 1");
	IS_DBL(kaoa_komponente_abschluss(abschluss("ABITUR"), abschluss("MSA")), 1.0, 0, "abschluss: g = 4: 1");
	IS_DBL(kaoa_komponente_abschluss(abschluss("EESA"), abschluss("MSA")), 0.5, 0, "abschluss: g = -1: 0.5");
	IS_DBL(kaoa_komponente_abschluss(abschluss("ESA"), abschluss("MSA")), 0.0, 0, "abschluss: g = -2: 0");
	IS_DBL(kaoa_komponente_abschluss(abschluss("OA"), abschluss("ABITUR")), 0.0, 0, "abschluss: g = -7: 0");
	IS_DBL(kaoa_komponente_abschluss(abschluss("MSA_Q1"), abschluss("MSA_Q")), 1.0, 0, "abschluss: same rank, different code: 1");

	IS_DBL(kaoa_komponente_beginn(&b, &o), 1.0, 0, "beginn: both unknown: 1");
	o.hat_beginn = true;
	o.beginn = 1000;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 1.0, 0, "beginn: availability unknown: 1");
	b.hat_verfuegbar_ab = true;
	o.hat_beginn = false;
	b.verfuegbar_ab = 2000;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 1.0, 0, "beginn: offer without start: 1");
	o.hat_beginn = true;
	b.verfuegbar_ab = 900;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 1.0, 0, "beginn: available before the start: 1");
	b.verfuegbar_ab = 1000;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 1.0, 0, "beginn: available on the start: 1");
	b.verfuegbar_ab = 1001;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 0.5, 0, "beginn: 1 day later: 0.5");
	b.verfuegbar_ab = 1031;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 0.5, 0, "beginn: 31 days later: 0.5");
	b.verfuegbar_ab = 1032;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 0.25, 0, "beginn: 32 days later: 0.25");
	b.verfuegbar_ab = 1060;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 0.25, 0, "beginn: 60 days later: 0.25");
	b.verfuegbar_ab = 1500;
	IS_DBL(kaoa_komponente_beginn(&b, &o), 0.25, 0, "beginn: excluded pairs keep 0.25 for the explanation");
}

static void
test_summe(void)
{
	kaoa_gewichte g;
	double		c[6] = {1.0, 0.5, 0.25, 1.0, 0.5, 0.0};
	char		detail[KAOA_DETAIL_MAX];
	kaoa_bewerber b = bewerber();
	kaoa_angebot o = angebot();
	kaoa_passung_ergebnis r;
	kaoa_kldb	w = kldb("26312");

	kaoa_gewichte_standard(&g);
	IS_DBL(g.w[0] + g.w[1] + g.w[2] + g.w[3] + g.w[4] + g.w[5], 100, 0, "default weights sum to 100");
	IS_DBL(g.w[KAOA_K_BERUF], 35, 0, "default beruf 35");
	IS_DBL(g.w[KAOA_K_INTERESSEN], 15, 0, "default interessen 15");
	IS_DBL(g.w[KAOA_K_WEG], 20, 0, "default weg 20");
	IS_DBL(g.w[KAOA_K_ABSCHLUSS], 15, 0, "default abschluss 15");
	IS_DBL(g.w[KAOA_K_BEGINN], 5, 0, "default beginn 5");
	IS_DBL(g.w[KAOA_K_KOMPETENZEN], 10, 0, "default kompetenzen 10");
	IS_DBL(kaoa_passung_summe(c, &g), 35 + 7.5 + 5 + 15 + 2.5 + 0, 1e-12, "score with default weights");
	IS_DBL(kaoa_prioritaet(c), 40 * 0.0 + 35 * 1.0 + 15 * 0.5 + 10 * 0.25, 1e-12, "offer-side priority");
	g.w[0] = 1;
	g.w[1] = 0;
	g.w[2] = 0;
	g.w[3] = 0;
	g.w[4] = 0;
	g.w[5] = 3;
	IS_DBL(kaoa_passung_summe(c, &g), 100 * (1.0 + 0) / 4, 1e-12, "score with custom weights is normalised by their sum");
	OK(kaoa_gewichte_gueltig(&g, detail, sizeof(detail)), "weights with zeros are valid");
	g.w[2] = -1;
	OK(!kaoa_gewichte_gueltig(&g, detail, sizeof(detail)), "negative weight refused");
	OK(strstr(detail, "weg") != NULL, "the detail names the component (%s)", detail);
	g.w[2] = NAN;
	OK(!kaoa_gewichte_gueltig(&g, NULL, 0), "NaN weight refused");
	g.w[2] = INFINITY;
	OK(!kaoa_gewichte_gueltig(&g, NULL, 0), "infinite weight refused");
	memset(&g, 0, sizeof(g));
	OK(!kaoa_gewichte_gueltig(&g, detail, sizeof(detail)), "all-zero weights refused");
	OK(strstr(detail, "sum") != NULL, "the detail names the sum (%s)", detail);
	IS_STR(kaoa_komponente_name(0), "beruf", "component 0 is beruf");
	IS_STR(kaoa_komponente_name(5), "kompetenzen", "component 5 is kompetenzen");
	IS_STR(kaoa_komponente_name(6), NULL, "no component 6");

	/* a whole pair by hand: wish matches fully, 27.5 km (weg 0.5), minimum MSA met, 10 days late
	 * (beginn 0.5), interests and competences missing (0.5 each) */
	b.wuensche = &w;
	b.n_wuensche = 1;
	nach_norden(b.lat, 27.5, &o.lat);
	o.mindest_abschluss = abschluss("MSA");
	o.hat_beginn = true;
	o.beginn = 100;
	b.hat_verfuegbar_ab = true;
	b.verfuegbar_ab = 110;
	r = bewerten(&b, &o);
	IS_INT(r.ausschluss, KAOA_AUSSCHLUSS_KEINER, "hand-made pair: not excluded");
	IS_DBL(r.passung, 35 * 1.0 + 15 * 0.5 + 20 * 0.5 + 15 * 1.0 + 5 * 0.5 + 10 * 0.5, 1e-9, "hand-made pair: 75 points");
	IS_DBL(r.prioritaet, 40 * 0.5 + 35 * 1.0 + 15 * 0.5 + 10 * 0.5, 1e-9, "hand-made pair: priority 67.5");
}

static void
test_haversine(void)
{
	const double pi = acos(-1.0);

	IS_DBL(kaoa_haversine_km(51, 7, 51, 7), 0.0, 0, "same point: 0 km");
	IS_DBL(kaoa_haversine_km(0, 0, 1, 0), 6371.0088 * pi / 180, 1e-9, "one degree of latitude: R·π/180");
	IS_DBL(kaoa_haversine_km(0, 0, 0, 180), 6371.0088 * pi, 1e-6, "antipodes on the equator: π R");
	IS_DBL(kaoa_haversine_km(90, 0, -90, 0), 6371.0088 * pi, 1e-6, "pole to pole: π R");
	IS_DBL(kaoa_haversine_km(0, 179.5, 0, -179.5), 6371.0088 * pi / 180, 1e-9, "across the date line: 1 degree");
	/* Düsseldorf – Köln (city halls), independently evaluated */
	IS_DBL(kaoa_haversine_km(51.2277, 6.7735, 50.9375, 6.9603), ref_haversine(51.2277, 6.7735, 50.9375, 6.9603),
		   1e-9, "Düsseldorf–Köln as the reference formula");
	OK(fabs(kaoa_haversine_km(51.2277, 6.7735, 50.9375, 6.9603) - 34.6) < 0.5, "Düsseldorf–Köln is about 34.6 km");
	IS_DBL(kaoa_haversine_km(51.2, 6.7, 50.9, 6.9), kaoa_haversine_km(50.9, 6.9, 51.2, 6.7), 1e-12, "symmetric");
}

/* Random pairs against the independent evaluation. */
static void
test_zufall(void)
{
	int			n,
				fehler_wert = 0,
				fehler_grund = 0,
				trig_abweichend = 0,
				ausgeschlossen[4] = {0, 0, 0, 0};
	double		max_abw = 0;
	kaoa_gewichte g;

	srand(4711);
	for (n = 0; n < 20000; n++)
	{
		ref_paar	p;
		kaoa_bewerber b;
		kaoa_angebot o;
		kaoa_kldb	w[4];
		kaoa_passung_ergebnis r;
		double		werte[6],
					ref;
		int			grund,
					i,
					len;

		memset(&b, 0, sizeof(b));
		memset(&o, 0, sizeof(o));
		memset(&p, 0, sizeof(p));
		p.b = &b;
		p.o = &o;
		if (n % 3 == 0)
			kaoa_gewichte_standard(&g);
		else
			for (i = 0; i < 6; i++)
				g.w[i] = (rand() % 4 == 0) ? 0 : rand() % 50 + (rand() % 100) / 100.0;
		if (!kaoa_gewichte_gueltig(&g, NULL, 0))
			kaoa_gewichte_standard(&g);

		/* occupations from a small alphabet so that prefixes are shared often */
		len = 1 + rand() % 5;
		for (i = 0; i < len; i++)
			p.beruf[i] = (char) ('1' + rand() % 2 + (i == 4 ? 0 : 0));
		p.beruf[len] = 0;
		o.kldb = kldb(p.beruf);
		p.n_wuensche = rand() % 5;
		for (int j = 0; j < p.n_wuensche; j++)
		{
			len = 1 + rand() % 5;
			for (i = 0; i < len; i++)
				p.wunsch[j][i] = (char) ('1' + rand() % 2);
			p.wunsch[j][len] = 0;
			w[j] = kldb(p.wunsch[j]);
		}
		b.wuensche = w;
		b.n_wuensche = p.n_wuensche;

		b.abschluss = rand() % 19;	/* 0 = unknown */
		o.mindest_abschluss = rand() % 3 == 0 ? 0 : 1 + rand() % 18;
		o.mindest_hart = rand() % 4 == 0;
		b.hat_interessen = rand() % 5 != 0;
		o.hat_interessen = rand() % 5 != 0;
		for (i = 0; i < 6; i++)
		{
			b.interessen.v[i] = (uint8_t) (rand() % 3 == 0 ? 0 : rand() % 101);
			o.interessen.v[i] = (uint8_t) (rand() % 3 == 0 ? 0 : rand() % 101);
		}
		b.hat_kompetenzen = rand() % 5 != 0;
		o.hat_anforderungen = rand() % 5 != 0;
		for (i = 0; i < 12; i++)
		{
			b.kompetenzen.v[i] = (uint8_t) (rand() % 6);
			o.anforderungen.v[i] = (uint8_t) (rand() % 2 ? 0 : rand() % 6);
		}
		b.hat_ort = rand() % 10 != 0;
		o.hat_ort = rand() % 10 != 0;
		b.lat = 50.3 + (rand() % 20000) / 10000.0;
		b.lon = 5.9 + (rand() % 30000) / 10000.0;
		o.lat = 50.3 + (rand() % 20000) / 10000.0;
		o.lon = 5.9 + (rand() % 30000) / 10000.0;
		b.max_km = rand() % 8 == 0 ? rand() % 7 : 20 + rand() % 61;
		b.hat_verfuegbar_ab = rand() % 3 != 0;
		o.hat_beginn = rand() % 4 != 0;
		b.verfuegbar_ab = 9700 + rand() % 120;
		o.beginn = 9700 + rand() % 60;

		kaoa_passung_bewerten(&b, &o, &g, &r);
		{
			/* the prepared-location variant gives the same bits */
			kaoa_ort_trig tb,
						to;
			kaoa_passung_ergebnis r2;

			kaoa_ort_trig_setzen(b.lat, b.lon, &tb);
			kaoa_ort_trig_setzen(o.lat, o.lon, &to);
			kaoa_passung_bewerten_trig(&b, &tb, &o, &to, &g, &r2);
			if (r2.ausschluss != r.ausschluss || r2.distanz_km != r.distanz_km || r2.passung != r.passung ||
				r2.prioritaet != r.prioritaet)
				trig_abweichend++;
			{
				double		p_kurz = -1,
							q_kurz = -1;
				bool		behalten = kaoa_passung_kurz(&b, &tb, &o, &to, &g, &p_kurz, &q_kurz);

				if (behalten != (r.ausschluss == KAOA_AUSSCHLUSS_KEINER) ||
					(behalten && (p_kurz != r.passung || q_kurz != r.prioritaet)))
					trig_abweichend++;
			}
		}
		ref = ref_passung(&p, g.w, &grund, werte);
		ausgeschlossen[grund]++;
		if ((int) r.ausschluss != grund)
		{
			if (fehler_grund++ < 5)
				printf("# pair %d: exclusion %d, reference %d\n", n, r.ausschluss, grund);
			continue;
		}
		for (i = 0; i < 6; i++)
			if (fabs(r.wert[i] - werte[i]) > 1e-9)
			{
				if (fehler_wert++ < 5)
					printf("# pair %d: component %s %.12g, reference %.12g\n", n, kaoa_komponente_name(i),
						   r.wert[i], werte[i]);
			}
		if (grund == 0)
		{
			double		abw = fabs(r.passung - ref);

			if (abw > max_abw)
				max_abw = abw;
			if (abw > 1e-4 && fehler_wert++ < 5)
				printf("# pair %d: passung %.12g, reference %.12g\n", n, r.passung, ref);
		}
	}
	IS_INT(fehler_grund, 0, "20000 random pairs: exclusion as the reference");
	IS_INT(trig_abweichend, 0, "20000 random pairs: kaoa_passung_bewerten_trig and kaoa_passung_kurz give the same bits");
	IS_INT(fehler_wert, 0, "20000 random pairs: components and score within 1e-4 of the reference (max %.3g)", max_abw);
	OK(ausgeschlossen[0] > 1000 && ausgeschlossen[1] > 100 && ausgeschlossen[2] > 100 && ausgeschlossen[3] > 100,
	   "random pairs hit every outcome (%d kept, %d ABSCHLUSS, %d DISTANZ, %d BEGINN)",
	   ausgeschlossen[0], ausgeschlossen[1], ausgeschlossen[2], ausgeschlossen[3]);
}

/* kaoa_passung_kurz decides most distance exclusions from a sine-free bound: at the very edge of an
 * applicant's reach (max_km equal to the distance, one ulp either side, 1e-12 … 1e-6 relative off),
 * anywhere on earth (poles, the date line, antipodes), it must keep exactly the pairs
 * kaoa_passung_bewerten_trig keeps. */
static void
test_reichweite_rand(void)
{
	int			abweichend = 0,
				gezaehlt = 0,
				behalten_n = 0;
	static const double faktoren[] = {1.0, 1.0 - 1e-12, 1.0 + 1e-12, 1.0 - 1e-9, 1.0 + 1e-9,
	1.0 - 1e-6, 1.0 + 1e-6, 0.5, 2.0};

	srand(4711);
	for (int n = 0; n < 20000; n++)
	{
		kaoa_bewerber b;
		kaoa_angebot o;
		kaoa_gewichte g;
		kaoa_ort_trig tb,
					to;
		kaoa_passung_ergebnis r;
		double		d;
		int			weit = n % 4;

		memset(&b, 0, sizeof(b));
		memset(&o, 0, sizeof(o));
		kaoa_gewichte_standard(&g);
		b.hat_ort = o.hat_ort = true;
		b.lat = -90.0 + (rand() % 1800001) / 10000.0;
		b.lon = -180.0 + (rand() % 3600001) / 10000.0;
		if (weit == 0)
		{
			/* anywhere */
			o.lat = -90.0 + (rand() % 1800001) / 10000.0;
			o.lon = -180.0 + (rand() % 3600001) / 10000.0;
		}
		else if (weit == 1)
		{
			/* near the antipode */
			o.lat = -b.lat + (rand() % 201 - 100) / 1000.0;
			o.lon = b.lon + (b.lon > 0 ? -180.0 : 180.0) + (rand() % 201 - 100) / 1000.0;
		}
		else
		{
			/* within a few degrees, across the date line and the poles too */
			o.lat = b.lat + (rand() % 4001 - 2000) / 1000.0;
			o.lon = b.lon + (rand() % 4001 - 2000) / 1000.0;
		}
		if (o.lat > 90.0)
			o.lat = 90.0;
		if (o.lat < -90.0)
			o.lat = -90.0;
		if (o.lon > 180.0)
			o.lon -= 360.0;
		if (o.lon < -180.0)
			o.lon += 360.0;
		kaoa_ort_trig_setzen(b.lat, b.lon, &tb);
		kaoa_ort_trig_setzen(o.lat, o.lon, &to);
		d = kaoa_haversine_rad(tb.phi, tb.lambda, tb.cosphi, to.phi, to.lambda, to.cosphi);
		for (int f = 0; f < (int) (sizeof(faktoren) / sizeof(faktoren[0])) + 2; f++)
		{
			double		p = 0,
						q = 0;
			bool		behalten;

			if (f < (int) (sizeof(faktoren) / sizeof(faktoren[0])))
				b.max_km = d * faktoren[f];
			else
				b.max_km = nextafter(d, f % 2 ? INFINITY : -INFINITY);
			kaoa_passung_bewerten_trig(&b, &tb, &o, &to, &g, &r);
			behalten = kaoa_passung_kurz(&b, &tb, &o, &to, &g, &p, &q);
			gezaehlt++;
			behalten_n += behalten;
			if (behalten != (r.ausschluss == KAOA_AUSSCHLUSS_KEINER) ||
				(behalten && (p != r.passung || q != r.prioritaet)))
			{
				if (abweichend++ < 5)
					printf("# (%.4f, %.4f) - (%.4f, %.4f): d %.17g, max_km %.17g: kurz %d, bewerten %d\n",
						   b.lat, b.lon, o.lat, o.lon, d, b.max_km, behalten, r.ausschluss);
			}
		}
	}
	IS_INT(abweichend, 0, "%d pairs at the edge of the reach: kaoa_passung_kurz keeps exactly what kaoa_passung_bewerten_trig keeps", gezaehlt);
	OK(behalten_n > gezaehlt / 4 && behalten_n < gezaehlt * 3 / 4, "both sides of the edge were tried (%d of %d kept)",
	   behalten_n, gezaehlt);
}

int
main(void)
{
	test_ausschluesse();
	test_beruf();
	test_interessen_kompetenzen();
	test_weg();
	test_abschluss_beginn();
	test_summe();
	test_haversine();
	test_zufall();
	test_reichweite_rand();
	return unit_done();
}
