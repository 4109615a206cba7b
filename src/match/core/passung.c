/*
 * passung.c — the matching score of docs/matching.md (see passung.h for the design note).
 *
 * Every formula is written as docs/matching.md states it, branch by branch, in double precision.
 * The module is compiled with -ffp-contract=off, so no multiply-add is fused and the SQL functions,
 * the top-k index and the unit tests' independent evaluation agree bit for bit where they use the
 * same expressions.
 */
#include "match/core/passung.h"

#include <math.h>
#include <stdio.h>

#include "types/core/abschluss.h"

static const char *const komponente_namen[KAOA_KOMPONENTEN] = {
	"beruf", "interessen", "weg", "abschluss", "beginn", "kompetenzen"
};

const char *
kaoa_komponente_name(int k)
{
	if (k < 0 || k >= KAOA_KOMPONENTEN)
		return NULL;
	return komponente_namen[k];
}

const char *
kaoa_ausschluss_name(kaoa_ausschluss a)
{
	switch (a)
	{
		case KAOA_AUSSCHLUSS_ABSCHLUSS:
			return "ABSCHLUSS";
		case KAOA_AUSSCHLUSS_DISTANZ:
			return "DISTANZ";
		case KAOA_AUSSCHLUSS_BEGINN:
			return "BEGINN";
		case KAOA_AUSSCHLUSS_KEINER:
			break;
	}
	return NULL;
}

void
kaoa_gewichte_standard(kaoa_gewichte *g)
{
	g->w[KAOA_K_BERUF] = 35.0;
	g->w[KAOA_K_INTERESSEN] = 15.0;
	g->w[KAOA_K_WEG] = 20.0;
	g->w[KAOA_K_ABSCHLUSS] = 15.0;
	g->w[KAOA_K_BEGINN] = 5.0;
	g->w[KAOA_K_KOMPETENZEN] = 10.0;
}

/* A weight set is usable when the division of the score is defined and every point is
 * attributable: no NaN, no infinity, nothing negative, and not all zero. */
bool
kaoa_gewichte_gueltig(const kaoa_gewichte *g, char *detail, size_t detailsz)
{
	double		summe = 0.0;
	int			k;

	for (k = 0; k < KAOA_KOMPONENTEN; k++)
	{
		if (!isfinite(g->w[k]) || g->w[k] < 0.0)
		{
			if (detail)
				snprintf(detail, detailsz, "The weight of %s is %g; weights must be finite and >= 0.",
						 komponente_namen[k], g->w[k]);
			return false;
		}
		summe += g->w[k];
	}
	if (!(summe > 0.0) || !isfinite(summe))
	{
		if (detail)
			snprintf(detail, detailsz, "The weights sum to %g; their sum must be finite and > 0.", summe);
		return false;
	}
	return true;
}

/* d = 2 R asin(√a) with a = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2).  a is clamped to [0, 1]:
 * rounding can push it a hair above 1 for antipodal points, where asin would give NaN. */
double
kaoa_haversine_rad(double phi1, double lambda1, double cosphi1,
				   double phi2, double lambda2, double cosphi2)
{
	double		s_phi = sin((phi2 - phi1) / 2.0);
	double		s_lambda = sin((lambda2 - lambda1) / 2.0);
	double		a = s_phi * s_phi + cosphi1 * cosphi2 * (s_lambda * s_lambda);

	if (a > 1.0)
		a = 1.0;
	if (a < 0.0)
		a = 0.0;
	return 2.0 * KAOA_ERDRADIUS_KM * asin(sqrt(a));
}

double
kaoa_haversine_km(double lat1, double lon1, double lat2, double lon2)
{
	kaoa_ort_trig t1,
				t2;

	kaoa_ort_trig_setzen(lat1, lon1, &t1);
	kaoa_ort_trig_setzen(lat2, lon2, &t2);
	return kaoa_haversine_rad(t1.phi, t1.lambda, t1.cosphi, t2.phi, t2.lambda, t2.cosphi);
}

/* S(n): the credit for n equal leading KldB digits. */
double
kaoa_beruf_stufe(int n)
{
	switch (n)
	{
		case 5:
			return 1.00;
		case 4:
			return 0.85;
		case 3:
			return 0.65;
		case 2:
			return 0.40;
		case 1:
			return 0.15;
		default:
			return 0.0;
	}
}

/* F(i): the factor of the i-th wish (from 0). */
double
kaoa_beruf_faktor(int i)
{
	return i == 0 ? 1.0 : (i == 1 ? 0.9 : 0.8);
}

/* beruf = max over the wishes of S(kldb_gemeinsam(wᵢ, o.kldb)) · F(i); no wishes → 0.5.  An offer
 * without an occupation shares no digit with any wish. */
double
kaoa_komponente_beruf(const kaoa_kldb *wuensche, int n_wuensche, kaoa_kldb kldb)
{
	double		best = 0.0;
	int			i;

	if (wuensche == NULL || n_wuensche <= 0)
		return 0.5;
	if (kldb == 0)
		return 0.0;
	for (i = 0; i < n_wuensche; i++)
	{
		double		c = kaoa_beruf_stufe(kaoa_kldb_gemeinsam(wuensche[i], kldb)) * kaoa_beruf_faktor(i);

		if (c > best)
			best = c;
	}
	return best;
}

/* interessen = kongruenz (cosine) of the two profiles; either missing → 0.5. */
double
kaoa_komponente_interessen(const kaoa_bewerber *b, const kaoa_angebot *o)
{
	return kaoa_interessen_wert(b->hat_interessen ? &b->interessen : NULL,
								o->hat_interessen ? &o->interessen : NULL);
}

double
kaoa_interessen_wert(const kaoa_riasec *b, const kaoa_riasec *o)
{
	if (b == NULL || o == NULL)
		return 0.5;
	return kaoa_riasec_kongruenz(b, o);
}

/* abschluss: no minimum → 1; either rank unknown → 0.5; g = rank(hat) − rank(mindest): g ≥ 0 → 1,
 * g = −1 → 0.5, else 0. */
double
kaoa_komponente_abschluss(int hat, int mindest)
{
	int			r_hat,
				r_mindest,
				g;

	if (mindest == 0)
		return 1.0;
	r_hat = hat == 0 ? -1 : kaoa_abschluss_rang(hat);
	r_mindest = kaoa_abschluss_rang(mindest);
	if (r_hat < 0 || r_mindest < 0)
		return 0.5;
	g = r_hat - r_mindest;
	if (g >= 0)
		return 1.0;
	if (g == -1)
		return 0.5;
	return 0.0;
}

/* beginn: availability unknown (or no start date) or not after the start → 1; at most 31 days
 * later → 0.5; later still → 0.25. */
double
kaoa_komponente_beginn(const kaoa_bewerber *b, const kaoa_angebot *o)
{
	return kaoa_beginn_wert(b->hat_verfuegbar_ab, b->verfuegbar_ab, o->hat_beginn, o->beginn);
}

/* kompetenzen = erfuellungsgrad(hat, braucht); either side missing → 0.5. */
double
kaoa_komponente_kompetenzen(const kaoa_bewerber *b, const kaoa_angebot *o)
{
	return kaoa_kompetenzen_wert(b->hat_kompetenzen ? &b->kompetenzen : NULL,
								 o->hat_anforderungen ? &o->anforderungen : NULL);
}

double
kaoa_kompetenzen_wert(const kaoa_kompetenzen *hat, const kaoa_kompetenzen *braucht)
{
	if (hat == NULL || braucht == NULL)
		return 0.5;
	/* the word-wise count (bit for bit the same value): kaoa.passung spent a tenth of its time in
	 * the loop */
	return kaoa_kompetenzen_erfuellungsgrad_schnell(hat, braucht);
}

/* ABSCHLUSS: the offer's minimum is hard and kaoa.erfuellt(b.abschluss, o.mindest_abschluss) is
 * not true — false, or NULL because a rank is missing (an unknown qualification does not meet a
 * hard minimum). */
bool
kaoa_ausschluss_abschluss(const kaoa_bewerber *b, const kaoa_angebot *o)
{
	return kaoa_abschluss_ausgeschlossen(b->abschluss, o->mindest_abschluss, o->mindest_hart);
}

bool
kaoa_abschluss_ausgeschlossen(int hat, int mindest, bool hart)
{
	if (!hart)
		return false;
	if (hat == 0 || mindest == 0)
		return true;
	return kaoa_abschluss_erfuellt(hat, mindest) != 1;
}

/* BEGINN: b.verfuegbar_ab > o.beginn + 60 days (both known). */
bool
kaoa_ausschluss_beginn(const kaoa_bewerber *b, const kaoa_angebot *o)
{
	return kaoa_beginn_ausgeschlossen(b->hat_verfuegbar_ab, b->verfuegbar_ab, o->hat_beginn, o->beginn);
}

double
kaoa_passung_summe(const double wert[KAOA_KOMPONENTEN], const kaoa_gewichte *g)
{
	return kaoa_passung_aus(kaoa_passung_zaehler(wert, g), kaoa_passung_nenner(g));
}

double
kaoa_prioritaet(const double wert[KAOA_KOMPONENTEN])
{
	return 100.0 * (40.0 * wert[KAOA_K_KOMPETENZEN] + 35.0 * wert[KAOA_K_ABSCHLUSS]
					+ 15.0 * wert[KAOA_K_INTERESSEN] + 10.0 * wert[KAOA_K_WEG]) / 100.0;
}

void
kaoa_ort_trig_setzen(double lat, double lon, kaoa_ort_trig *t)
{
	t->phi = lat * KAOA_GRAD;
	t->lambda = lon * KAOA_GRAD;
	t->cosphi = cos(t->phi);
}

void
kaoa_passung_bewerten(const kaoa_bewerber *b, const kaoa_angebot *o,
					  const kaoa_gewichte *g, kaoa_passung_ergebnis *out)
{
	kaoa_ort_trig tb,
				to;

	kaoa_ort_trig_setzen(b->lat, b->lon, &tb);
	kaoa_ort_trig_setzen(o->lat, o->lon, &to);
	kaoa_passung_bewerten_trig(b, &tb, o, &to, g, out);
}

void
kaoa_passung_bewerten_trig(const kaoa_bewerber *b, const kaoa_ort_trig *tb,
						   const kaoa_angebot *o, const kaoa_ort_trig *to,
						   const kaoa_gewichte *g, kaoa_passung_ergebnis *out)
{
	out->hat_distanz = b->hat_ort && o->hat_ort;
	out->distanz_km = out->hat_distanz ?
		kaoa_haversine_rad(tb->phi, tb->lambda, tb->cosphi, to->phi, to->lambda, to->cosphi) : 0.0;

	if (kaoa_ausschluss_abschluss(b, o))
		out->ausschluss = KAOA_AUSSCHLUSS_ABSCHLUSS;
	else if (out->hat_distanz && out->distanz_km > b->max_km)
		out->ausschluss = KAOA_AUSSCHLUSS_DISTANZ;
	else if (kaoa_ausschluss_beginn(b, o))
		out->ausschluss = KAOA_AUSSCHLUSS_BEGINN;
	else
		out->ausschluss = KAOA_AUSSCHLUSS_KEINER;

	out->wert[KAOA_K_BERUF] = kaoa_komponente_beruf(b->wuensche, b->n_wuensche, o->kldb);
	out->wert[KAOA_K_INTERESSEN] = kaoa_komponente_interessen(b, o);
	out->wert[KAOA_K_WEG] = kaoa_komponente_weg(out->hat_distanz, out->distanz_km, b->max_km);
	out->wert[KAOA_K_ABSCHLUSS] = kaoa_komponente_abschluss(b->abschluss, o->mindest_abschluss);
	out->wert[KAOA_K_BEGINN] = kaoa_komponente_beginn(b, o);
	out->wert[KAOA_K_KOMPETENZEN] = kaoa_komponente_kompetenzen(b, o);

	out->passung = kaoa_passung_summe(out->wert, g);
	out->prioritaet = kaoa_prioritaet(out->wert);
}

/* A lower bound of sin x for 0 <= x <= π without a sine: x − x³/6 (the Taylor series alternates
 * with falling terms), used up to x = 1 where it is still positive; beyond that only sin x >= 0. */
static inline double
sin_unten(double x)
{
	return x <= 1.0 ? x * (1.0 - x * x / 6.0) : 0.0;
}

/*
 * True when the pair is surely farther apart than max_km, decided without a sine: a lower bound of
 * the haversine term a (from sin_unten) against an upper bound of the term of max_km (sin y <= y
 * for y = max_km / 2R).  Both sides carry a slack of 1e-9 relative, far above their rounding, so a
 * pair within that margin of max_km is left to the exact distance.  Most pairs kaoa.passung is
 * asked about in bulk lie beyond the applicant's reach; this spares them two sines, a square root
 * and an arcsine.
 */
static inline bool
sicher_zu_weit(const kaoa_ort_trig *tb, const kaoa_ort_trig *to, double max_km)
{
	double		s_phi = sin_unten(fabs(to->phi - tb->phi) / 2.0);
	double		s_lambda = sin_unten(fabs(to->lambda - tb->lambda) / 2.0);
	double		cc = tb->cosphi * to->cosphi;
	double		a_unten = (s_phi * s_phi + cc * (s_lambda * s_lambda)) * (1.0 - 1e-9);
	double		y = max_km / (2.0 * KAOA_ERDRADIUS_KM);

	/* a negative cosine product (a latitude beyond ±90°, which the tables refuse) bounds nothing */
	if (!(cc >= 0.0))
		return false;
	return a_unten > y * y * (1.0 + 1e-9);
}

bool
kaoa_passung_kurz(const kaoa_bewerber *b, const kaoa_ort_trig *tb,
				  const kaoa_angebot *o, const kaoa_ort_trig *to,
				  const kaoa_gewichte *g, double *passung, double *prioritaet)
{
	bool		hat_distanz = b->hat_ort && o->hat_ort;
	double		d = 0.0;
	double		wert[KAOA_KOMPONENTEN];

	if (kaoa_ausschluss_abschluss(b, o) || kaoa_ausschluss_beginn(b, o))
		return false;
	if (hat_distanz)
	{
		/* the latitude difference alone is a lower bound of the distance (d >= R·|Δφ|); the
		 * margin is far above the rounding of either side */
		if (KAOA_ERDRADIUS_KM * fabs(to->phi - tb->phi) * (1.0 - 1e-9) > b->max_km ||
			sicher_zu_weit(tb, to, b->max_km))
			return false;
		d = kaoa_haversine_rad(tb->phi, tb->lambda, tb->cosphi, to->phi, to->lambda, to->cosphi);
		if (d > b->max_km)
			return false;
	}
	wert[KAOA_K_BERUF] = kaoa_komponente_beruf(b->wuensche, b->n_wuensche, o->kldb);
	wert[KAOA_K_INTERESSEN] = kaoa_komponente_interessen(b, o);
	wert[KAOA_K_WEG] = kaoa_komponente_weg(hat_distanz, d, b->max_km);
	wert[KAOA_K_ABSCHLUSS] = kaoa_komponente_abschluss(b->abschluss, o->mindest_abschluss);
	wert[KAOA_K_BEGINN] = kaoa_komponente_beginn(b, o);
	wert[KAOA_K_KOMPETENZEN] = kaoa_komponente_kompetenzen(b, o);
	*passung = kaoa_passung_summe(wert, g);
	*prioritaet = kaoa_prioritaet(wert);
	return true;
}
