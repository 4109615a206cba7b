/*
 * naehe.c — the shared geometry of the matching searches (see naehe.h for the design).
 */
#include "match/core/naehe.h"

#include <math.h>

#define PI 3.14159265358979323846

/* Relative and absolute slack of the bounds in double: they only ever widen a window or lower a
 * minimum distance. */
#define SPIEL_REL 1e-9
#define SPIEL_ABS 1e-9

/* floor(lat / band height), clamped, so that the poles and any rounding beyond ±90° stay in range. */
int32_t
kaoa_zeile_von(double lat)
{
	double		z = floor(lat / KAOA_ZEILE_GRAD);

	if (z < KAOA_ZEILE_MIN)
		return KAOA_ZEILE_MIN;
	if (z > KAOA_ZEILE_MAX)
		return KAOA_ZEILE_MAX;
	return (int32_t) z;
}

/* A float test "a <= kaoa_a_von(km)" must keep every entry within km despite float rounding: the
 * distance is widened before it is turned into a term, and the term once more. */
float
kaoa_a_von(double km)
{
	double		x = (km * (1.0 + KAOA_F_SPIEL_REL) + KAOA_F_SPIEL_KM) / (2.0 * KAOA_ERDRADIUS_KM);

	if (x >= 1.0)
		return 4.0f;
	return (float) (x * x * (1.0 + 1e-6));
}

/* At least R·|Δφ| to any point of the band, since the haversine a >= sin²(Δφ/2); the smaller edge
 * cosine bounds cos φ of every point in it for the longitude window. */
void
kaoa_band_grenzen(double phi, int32_t z, double *dmin, double *cos_min)
{
	double		band_lo = z * KAOA_ZEILE_GRAD;
	double		band_hi = (z + 1) * KAOA_ZEILE_GRAD;
	double		phi_lo,
				phi_hi,
				abstand,
				d;

	if (band_lo < -90.0)
		band_lo = -90.0;
	if (band_hi > 90.0)
		band_hi = 90.0;
	phi_lo = band_lo * KAOA_GRAD;
	phi_hi = band_hi * KAOA_GRAD;
	abstand = phi < phi_lo ? phi_lo - phi : (phi > phi_hi ? phi - phi_hi : 0.0);
	d = KAOA_ERDRADIUS_KM * abstand * (1.0 - SPIEL_REL) - 1e-6;
	*dmin = d > 0.0 ? d : 0.0;
	*cos_min = cos(phi_lo) < cos(phi_hi) ? cos(phi_lo) : cos(phi_hi);
}

/*
 * Within km, a <= sin²(km/2R), and a >= cos φa · cos φo · sin²(Δλ/2) with cos φo >= cos_min, so
 * |Δλ| <= 2 asin(sin(km/2R) / √(cos φa · cos_min)); widened for the float longitudes the window is
 * compared with, so an entry outside it is farther than km.
 */
int
kaoa_fenster_berechnen(double lambda, double cosphi, double cos_min, double km, double fenster[4])
{
	double		halb = km / KAOA_ERDRADIUS_KM / 2.0 * (1.0 + SPIEL_REL) + SPIEL_ABS;
	double		prod = cosphi * cos_min;
	double		verh,
				dl;

	verh = halb >= PI / 2.0 ? 2.0 : (prod > 0.0 ? sin(halb) / sqrt(prod) : 2.0);
	if (verh >= 1.0)
	{
		fenster[0] = -1e9;
		fenster[1] = 1e9;
		return 1;
	}
	dl = 2.0 * asin(verh) * (1.0 + SPIEL_REL) + SPIEL_ABS + KAOA_F_SPIEL_RAD;
	fenster[0] = lambda - dl;
	fenster[1] = lambda + dl;
	if (fenster[0] < -PI)
	{
		fenster[2] = fenster[0] + 2.0 * PI - KAOA_F_SPIEL_RAD;
		fenster[3] = 1e9;
		return 2;
	}
	if (fenster[1] > PI)
	{
		fenster[2] = -1e9;
		fenster[3] = fenster[1] - 2.0 * PI + KAOA_F_SPIEL_RAD;
		return 2;
	}
	return 1;
}

/* The ends of a window in a band sorted by longitude. */
int32_t
kaoa_erste_ab(const float *werte, int32_t lo, int32_t hi, double x)
{
	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (werte[m] < x)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

int32_t
kaoa_erste_ueber(const float *werte, int32_t lo, int32_t hi, double x)
{
	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (werte[m] <= x)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/* Both searches walk a band's first window outwards from the applicant's (offer's) longitude; the
 * wrapped window is one range at the other end of the band, clipped where the first walk ended. */
bool
kaoa_fenster_zweites(const float *lam, int32_t lo, int32_t hi, const double fenster[4],
					 int32_t links, int32_t rechts, int32_t *von, int32_t *bis)
{
	*von = kaoa_erste_ab(lam, lo, hi, fenster[2]);
	*bis = kaoa_erste_ueber(lam, lo, hi, fenster[3]);
	if (fenster[3] > PI)
		*von = *von > rechts ? *von : rechts;	/* wrapped past -180°: the high end */
	else
		*bis = *bis < links ? *bis : links; /* wrapped past +180°: the low end */
	return *von < *bis;
}

void
kaoa_band_gehen(const kaoa_bandgang *g, const float *lam, int32_t lo, int32_t hi,
				double lambda, double cosphi, double cos_min, double km)
{
	double		fenster[4];
	int			n_fenster,
				laeufe = 0;
	int32_t		links,
				rechts,
				links_ende,
				rechts_ende,
				von,
				bis;

	if (hi - lo <= g->kleines_band)
	{
		g->lauf(g->ctx, lo, hi, km);
		return;
	}
	n_fenster = kaoa_fenster_berechnen(lambda, cosphi, cos_min, km, fenster);
	links = rechts = kaoa_erste_ab(lam, lo, hi, lambda);
	links_ende = kaoa_erste_ab(lam, lo, links, fenster[0]);
	rechts_ende = kaoa_erste_ueber(lam, rechts, hi, fenster[1]);
	while (links > links_ende || rechts < rechts_ende)
	{
		if (links > links_ende && (rechts >= rechts_ende || lambda - lam[links - 1] <= lam[rechts] - lambda))
		{
			von = links - links_ende > g->lauf_max ? links - g->lauf_max : links_ende;
			g->lauf(g->ctx, von, links, km);
			links = von;
		}
		else
		{
			bis = rechts_ende - rechts > g->lauf_max ? rechts + g->lauf_max : rechts_ende;
			g->lauf(g->ctx, rechts, bis, km);
			rechts = bis;
		}
		if (++laeufe % g->nachschaerfen == 0)
		{
			km = g->reichweite(g->ctx);
			if (km < 0.0)
				return;
			n_fenster = kaoa_fenster_berechnen(lambda, cosphi, cos_min, km, fenster);
			links_ende = kaoa_erste_ab(lam, links_ende, links, fenster[0]);
			rechts_ende = kaoa_erste_ueber(lam, rechts, rechts_ende, fenster[1]);
		}
	}
	/* the wrapped window at the other end of the band, without the positions looked at */
	if (n_fenster == 2 && kaoa_fenster_zweites(lam, lo, hi, fenster, links, rechts, &von, &bis))
		g->lauf(g->ctx, von, bis, km);
}
