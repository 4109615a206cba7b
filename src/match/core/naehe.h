/*
 * naehe.h — the geometry both searches of the matching share (the offer index, angebotsindex.c,
 * and the list of applicants, bewerberliste.c), pure C, no PostgreSQL headers.
 *
 * Design note.  Both keep located entries in latitude bands of KAOA_ZEILE_GRAD degrees, sorted by
 * longitude within a band, and look only at the bands and the longitude windows that can lie
 * within a reach (km) of a point.  Every function here errs on one side only: a distance bound is
 * never above the true distance, a window never narrower than the points within the reach, a
 * haversine term never below — so an entry left out is always farther than the reach, whatever
 * the rounding of double or of the float coordinates the windows are compared with.  The exact
 * test (kaoa_haversine_rad, passung.c) follows for the few entries that get that far.
 */
#ifndef KAOA_NAEHE_H
#define KAOA_NAEHE_H

#include <math.h>
#include <stdint.h>

#include "match/core/passung.h"

/* Height of a latitude band in degrees. */
#define KAOA_ZEILE_GRAD 0.1

/* Band numbers run from KAOA_ZEILE_MIN (the band [-90°, -89.9°)) to KAOA_ZEILE_MAX (the pole). */
#define KAOA_ZEILE_MIN (-900)
#define KAOA_ZEILE_MAX 900

/*
 * Slack of the float tests: coordinates rounded to float are off by at most 2e-7 rad (about
 * 1.3 m) and the float evaluation by a few ulps (1e-6 relative); a reach is widened by 1e-5
 * relative and 10 m, a longitude window in float by 1e-6 rad.
 */
#define KAOA_F_SPIEL_REL 1e-5
#define KAOA_F_SPIEL_KM 0.01
#define KAOA_F_SPIEL_RAD 1e-6

/* The band of a latitude (degrees), clamped to the range. */
int32_t		kaoa_zeile_von(double lat);

/* The haversine term a = sin²(d/2R) of a distance d (km), widened by the float slack; 4 (more than
 * any a) when d reaches half the Earth's circumference. */
float		kaoa_a_von(double km);

/* A lower bound of the distance (km) from a float haversine term a: the inverse of kaoa_a_von,
 * narrowed by the same slack (inline: the offer index bounds weg with it per candidate). */
static inline double
kaoa_km_von(float a)
{
	double		d = 2.0 * KAOA_ERDRADIUS_KM * sqrt((double) a) * (1.0 - KAOA_F_SPIEL_REL) - KAOA_F_SPIEL_KM;

	return d > 0.0 ? d : 0.0;
}

/*
 * The float lower bound of the haversine term a between two points, from their latitude and
 * longitude differences (radians, float; dph >= 0, 0 <= dl <= 2π) and the product of their
 * latitudes' cosines: sin x >= x − x³/6, clamped at 0.  No sine and no branch, so the searches'
 * first, coarse distance test runs over a whole run of entries (inline, in their innermost loops).
 */
static inline float
kaoa_a_unten_f(float dph, float dl, float cc)
{
	const float pi = (float) 3.14159265358979323846;
	float		h1 = dph * 0.5f,
				h2,
				s1,
				s2;

	dl = dl > pi ? 2.0f * pi - dl : dl;
	h2 = dl * 0.5f;
	s1 = h1 - h1 * h1 * h1 * (1.0f / 6.0f);
	s2 = h2 - h2 * h2 * h2 * (1.0f / 6.0f);
	s1 = s1 > 0.0f ? s1 : 0.0f;
	s2 = s2 > 0.0f ? s2 : 0.0f;
	return s1 * s1 + cc * (s2 * s2);
}

/* What bounds the distance from a point at latitude phi (radians) to any point of band z: dmin, a
 * lower bound (km) from the latitudes alone, and cos_min, the smaller cosine of the band's edges. */
void		kaoa_band_grenzen(double phi, int32_t z, double *dmin, double *cos_min);

/*
 * The longitude windows (radians, for float longitudes) of a band with edge cosine cos_min whose
 * points can lie within km of the point (lambda, cosphi): one around lambda, plus a second where it
 * wraps around ±180°; returns 1 or 2 (fenster[0..1], fenster[2..3]).
 */
int			kaoa_fenster_berechnen(double lambda, double cosphi, double cos_min, double km,
								   double fenster[4]);

/* First position in [lo, hi) of an ascending float array with value >= x, and with value > x. */
int32_t		kaoa_erste_ab(const float *werte, int32_t lo, int32_t hi, double x);
int32_t		kaoa_erste_ueber(const float *werte, int32_t lo, int32_t hi, double x);

/*
 * How a search walks one band sorted by longitude (kaoa_band_gehen): runs of at most `lauf_max`
 * positions handed to `lauf` with the reach in force, and every `nachschaerfen` runs the reach asked
 * anew from `reichweite` (below 0: nothing more can enter, the walk ends).
 */
typedef struct kaoa_bandgang
{
	void	   *ctx;
	void		(*lauf) (void *ctx, int32_t von, int32_t bis, double km);
	double		(*reichweite) (void *ctx);
	int32_t		lauf_max;
	int			nachschaerfen;
	int32_t		kleines_band;	/* a band of at most this many positions is read through */
} kaoa_bandgang;

/*
 * Walks the positions [lo, hi) of a band (edge cosine cos_min, longitudes lam ascending) within km
 * of the point (lambda, cosphi): the window around lambda in runs from the inside out, nearest
 * first, so that the threshold rises early; the reach and the window narrowed as the search asks;
 * then the positions of a wrapped second window that the first did not cover.  The offer index and
 * the list of applicants walk their bands alike.
 */
void		kaoa_band_gehen(const kaoa_bandgang *g, const float *lam, int32_t lo, int32_t hi,
							double lambda, double cosphi, double cos_min, double km);

/*
 * The positions [*von, *bis) of a band's second window (fenster[2..3] of kaoa_fenster_berechnen,
 * wrapped around ±180°) in the band's positions [lo, hi) sorted by longitude, without the positions
 * [links, rechts) the walk of the first window covered; false when nothing is left to walk.
 */
bool		kaoa_fenster_zweites(const float *lam, int32_t lo, int32_t hi, const double fenster[4],
								 int32_t links, int32_t rechts, int32_t *von, int32_t *bis);

#endif							/* KAOA_NAEHE_H */
