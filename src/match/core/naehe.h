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

#endif							/* KAOA_NAEHE_H */
