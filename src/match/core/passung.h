/*
 * passung.h — the matching score of docs/matching.md (pure C, no PostgreSQL headers).
 *
 * Design note.  The score of an applicant b for an offer o is computed in three steps, each a
 * function of its own so that the SQL functions, the streaming top-k (angebotsindex.c) and the unit
 * tests evaluate exactly the same floating-point expressions in the same order:
 *
 *   1. exclusion, checked in the order ABSCHLUSS, DISTANZ, BEGINN (the first that holds is the
 *      reason; an excluded pair gets no score);
 *   2. the six components beruf, interessen, weg, abschluss, beginn, kompetenzen, each in [0, 1],
 *      computed for excluded pairs too, so that the explanation can show them;
 *   3. passung = 100 · Σ wₖ cₖ / Σ wₖ, summed in the component order above, and the offer-side
 *      priority 100 · (40 kompetenzen + 35 abschluss + 15 interessen + 10 weg) / 100.
 *
 * Every function here is monotone non-decreasing in each component (IEEE rounding is monotone), so
 * an upper bound of a component gives an upper bound of the score: the top-k search prunes with
 * kaoa_passung_summe() over bounded components and never drops an offer that could enter.
 *
 * Missing values are explicit flags (hat_…), never magic numbers, except the qualification code
 * (0 = unknown, since 0 is no catalogue entry) and the occupation code (0 = none, since 0 is no
 * packed KldB code).  Dates are whole days on any common epoch (the backend passes PostgreSQL's
 * DateADT, days since 2000-01-01).
 */
#ifndef KAOA_PASSUNG_H
#define KAOA_PASSUNG_H

#include <stdbool.h>
#include <stdint.h>

#include "types/core/kldb.h"
#include "types/core/kompetenzen.h"
#include "types/core/riasec.h"

/* Mean Earth radius (IUGG), docs/matching.md. */
#define KAOA_ERDRADIUS_KM 6371.0088
/* Degrees to radians, the one conversion every caller uses (so all paths round alike). */
#define KAOA_GRAD (3.14159265358979323846 / 180.0)

/* The six components, in the order of the sum and of the explanation. */
typedef enum kaoa_komponente
{
	KAOA_K_BERUF = 0,
	KAOA_K_INTERESSEN,
	KAOA_K_WEG,
	KAOA_K_ABSCHLUSS,
	KAOA_K_BEGINN,
	KAOA_K_KOMPETENZEN,
	KAOA_KOMPONENTEN			/* their number, 6 */
} kaoa_komponente;

/* Why a pair gets no score; the order of the values is the order of the checks. */
typedef enum kaoa_ausschluss
{
	KAOA_AUSSCHLUSS_KEINER = 0,
	KAOA_AUSSCHLUSS_ABSCHLUSS,	/* hard minimum qualification not met (or not comparable) */
	KAOA_AUSSCHLUSS_DISTANZ,	/* both locations known and farther than the applicant's max_km */
	KAOA_AUSSCHLUSS_BEGINN		/* available more than 60 days after the offer begins */
} kaoa_ausschluss;

/* Days after the offer's start beyond which an applicant is excluded (BEGINN). */
#define KAOA_BEGINN_AUSSCHLUSS_TAGE 60
/* Days after the offer's start up to which the beginn component is 0.5. */
#define KAOA_BEGINN_HALB_TAGE 31
/* Up to this distance the weg component is 1. */
#define KAOA_WEG_VOLL_KM 5.0

/* The applicant side: bewerberprofil plus the abschluss of the person's current case. */
typedef struct kaoa_bewerber
{
	int64_t		id;				/* person_id */
	int			abschluss;		/* idStatistik of kaoa.abschluss; 0 = unknown */
	const kaoa_kldb *wuensche;	/* occupation wishes, most wanted first (may be NULL if none) */
	int			n_wuensche;
	bool		hat_interessen;
	kaoa_riasec interessen;
	bool		hat_kompetenzen;
	kaoa_kompetenzen kompetenzen;
	bool		hat_ort;
	double		lat;			/* degrees */
	double		lon;
	double		max_km;			/* the applicant's commuting limit */
	bool		hat_verfuegbar_ab;
	int32_t		verfuegbar_ab;	/* day number */
} kaoa_bewerber;

/* The offer side: one angebot row. */
typedef struct kaoa_angebot
{
	int64_t		id;				/* angebot_id */
	kaoa_kldb	kldb;			/* 0 = none */
	int			mindest_abschluss;	/* idStatistik; 0 = none */
	bool		mindest_hart;
	bool		hat_interessen;
	kaoa_riasec interessen;
	bool		hat_anforderungen;
	kaoa_kompetenzen anforderungen;
	bool		hat_ort;
	double		lat;			/* degrees */
	double		lon;
	bool		hat_beginn;
	int32_t		beginn;			/* day number */
} kaoa_angebot;

/* Weights of the six components (gewichtung of the applicant's Kommune). */
typedef struct kaoa_gewichte
{
	double		w[KAOA_KOMPONENTEN];
} kaoa_gewichte;

/* Everything a counsellor is shown for one pair (kaoa.passung_erklaert). */
typedef struct kaoa_passung_ergebnis
{
	kaoa_ausschluss ausschluss;
	bool		hat_distanz;	/* both locations known */
	double		distanz_km;
	double		wert[KAOA_KOMPONENTEN];	/* each component in [0, 1] */
	double		passung;		/* 0..100; meaningful only when ausschluss == KEINER */
	double		prioritaet;		/* offer-side priority 0..100 (computed for every pair) */
} kaoa_passung_ergebnis;

/* "beruf", "interessen", … (the JSON keys of the explanation); NULL outside the range. */
const char *kaoa_komponente_name(int k);

/* "ABSCHLUSS", "DISTANZ", "BEGINN"; NULL for KEINER. */
const char *kaoa_ausschluss_name(kaoa_ausschluss a);

/* The default weights (docs/matching.md): beruf 35, interessen 15, weg 20, abschluss 15, beginn 5,
 * kompetenzen 10. */
void		kaoa_gewichte_standard(kaoa_gewichte *g);

/* True when every weight is finite and >= 0 and their sum is > 0; otherwise false with a reason
 * in detail (size KAOA_DETAIL_MAX), for the CHECK of kaoa.gewichtung and the backend's errdetail. */
bool		kaoa_gewichte_gueltig(const kaoa_gewichte *g, char *detail, size_t detailsz);

/* Haversine distance in km from coordinates in radians with the cosine of each latitude given
 * (the top-k index precomputes them; the result is bit-identical to kaoa_haversine_km). */
double		kaoa_haversine_rad(double phi1, double lambda1, double cosphi1,
							   double phi2, double lambda2, double cosphi2);

/* Haversine distance in km between two points given in degrees, R = 6371.0088 km. */
double		kaoa_haversine_km(double lat1, double lon1, double lat2, double lon2);

/* S(n), the credit for n = 0..5 equal leading KldB digits (1.00 0.85 0.65 0.40 0.15 0), and
 * F(i), the factor of wish i from 0 (1.0, 0.9, then 0.8); the top-k index bounds beruf with them. */
double		kaoa_beruf_stufe(int n);
double		kaoa_beruf_faktor(int i);

/* The components, one function each (the order of the branches is the order of docs/matching.md). */
double		kaoa_komponente_beruf(const kaoa_kldb *wuensche, int n_wuensche, kaoa_kldb kldb);
double		kaoa_komponente_interessen(const kaoa_bewerber *b, const kaoa_angebot *o);
double		kaoa_komponente_abschluss(int hat, int mindest);
double		kaoa_komponente_beginn(const kaoa_bewerber *b, const kaoa_angebot *o);
double		kaoa_komponente_kompetenzen(const kaoa_bewerber *b, const kaoa_angebot *o);

/* The same components from the bare values (a missing profile is NULL), for the searches that
 * keep offers and applicants in packed arrays instead of kaoa_angebot / kaoa_bewerber; the
 * struct versions above are defined through these, so both give the same bits. */
double		kaoa_interessen_wert(const kaoa_riasec *b, const kaoa_riasec *o);
double		kaoa_kompetenzen_wert(const kaoa_kompetenzen *hat, const kaoa_kompetenzen *braucht);

/* beginn from the bare values: availability or start unknown, or not later than the start → 1;
 * at most 31 days later → 0.5; later still → 0.25. */
static inline double
kaoa_beginn_wert(bool hat_verfuegbar_ab, int32_t verfuegbar_ab, bool hat_beginn, int32_t beginn)
{
	int64_t		spaeter;

	if (!hat_verfuegbar_ab || !hat_beginn)
		return 1.0;
	spaeter = (int64_t) verfuegbar_ab - (int64_t) beginn;
	if (spaeter <= 0)
		return 1.0;
	if (spaeter <= KAOA_BEGINN_HALB_TAGE)
		return 0.5;
	return 0.25;
}

/* BEGINN from the bare values: both known and available more than 60 days after the start. */
static inline bool
kaoa_beginn_ausgeschlossen(bool hat_verfuegbar_ab, int32_t verfuegbar_ab, bool hat_beginn, int32_t beginn)
{
	if (!hat_verfuegbar_ab || !hat_beginn)
		return false;
	return (int64_t) verfuegbar_ab > (int64_t) beginn + KAOA_BEGINN_AUSSCHLUSS_TAGE;
}

/* ABSCHLUSS from the bare values: the minimum is hard and the qualification hat does not meet
 * mindest (or either is unknown). */
bool		kaoa_abschluss_ausgeschlossen(int hat, int mindest, bool hart);

/* weg: either location missing → 0.5; d ≤ 5 → 1; max_km ≤ 5 (so d > 5 ≥ max_km) → 0; otherwise
 * linear from 1 at 5 km down to 0 at max_km, never below 0.  The rule "max_km ≤ 5 and d ≤ max_km
 * → 1" of the formula is contained in "d ≤ 5 → 1"; the explicit max_km ≤ 5 branch keeps the division
 * (max_km − 5) from being zero or negative.  Inline: the top-k search bounds with it per offer. */
static inline double
kaoa_komponente_weg(bool hat_distanz, double distanz_km, double max_km)
{
	double		c;

	if (!hat_distanz)
		return 0.5;
	if (distanz_km <= KAOA_WEG_VOLL_KM)
		return 1.0;
	if (max_km <= KAOA_WEG_VOLL_KM)
		return 0.0;
	c = (max_km - distanz_km) / (max_km - KAOA_WEG_VOLL_KM);
	return c > 0.0 ? c : 0.0;
}

/* The exclusions without the distance one (ABSCHLUSS, then BEGINN), for the index's cheap
 * pre-check; KEINER when neither holds. */
bool		kaoa_ausschluss_abschluss(const kaoa_bewerber *b, const kaoa_angebot *o);
bool		kaoa_ausschluss_beginn(const kaoa_bewerber *b, const kaoa_angebot *o);

/* The numerator Σ wₖ cₖ and the denominator Σ wₖ of the score, each summed from 0.0 in component
 * order; the top-k index compares numerators against a threshold (see angebotsindex.c), so these
 * are the exact operations of kaoa_passung_summe. */
static inline double
kaoa_passung_zaehler(const double wert[KAOA_KOMPONENTEN], const kaoa_gewichte *g)
{
	double		z = 0.0;
	int			k;

	for (k = 0; k < KAOA_KOMPONENTEN; k++)
		z += g->w[k] * wert[k];
	return z;
}

static inline double
kaoa_passung_nenner(const kaoa_gewichte *g)
{
	double		n = 0.0;
	int			k;

	for (k = 0; k < KAOA_KOMPONENTEN; k++)
		n += g->w[k];
	return n;
}

/* The score from numerator and denominator: 100 · z / n. */
static inline double
kaoa_passung_aus(double zaehler, double nenner)
{
	return 100.0 * zaehler / nenner;
}

/* 100 · Σ wₖ cₖ / Σ wₖ over the components in order. */
double		kaoa_passung_summe(const double wert[KAOA_KOMPONENTEN], const kaoa_gewichte *g);

/* The offer-side priority 100 · (40 kompetenzen + 35 abschluss + 15 interessen + 10 weg) / 100. */
double		kaoa_prioritaet(const double wert[KAOA_KOMPONENTEN]);

/* Scores one pair completely: exclusion, distance, all six components, score and priority. */
void		kaoa_passung_bewerten(const kaoa_bewerber *b, const kaoa_angebot *o,
								  const kaoa_gewichte *g, kaoa_passung_ergebnis *out);

/* A location prepared for the haversine formula: latitude and longitude in radians and the cosine
 * of the latitude, computed exactly as kaoa_haversine_km computes them. */
typedef struct kaoa_ort_trig
{
	double		phi;
	double		lambda;
	double		cosphi;
} kaoa_ort_trig;

void		kaoa_ort_trig_setzen(double lat, double lon, kaoa_ort_trig *t);

/* Score and priority only, for kaoa.passung over many pairs: false when the pair is excluded (the
 * reason is not determined; kaoa_passung_bewerten gives it), otherwise true with exactly the
 * values kaoa_passung_bewerten computes.  Cheap exclusions are checked first and no component is
 * computed for an excluded pair. */
bool		kaoa_passung_kurz(const kaoa_bewerber *b, const kaoa_ort_trig *tb,
							  const kaoa_angebot *o, const kaoa_ort_trig *to,
							  const kaoa_gewichte *g, double *passung, double *prioritaet);

/* As kaoa_passung_bewerten with both locations prepared (ignored where a location is missing):
 * bit for bit the same result, without the two cosines per pair. */
void		kaoa_passung_bewerten_trig(const kaoa_bewerber *b, const kaoa_ort_trig *tb,
									   const kaoa_angebot *o, const kaoa_ort_trig *to,
									   const kaoa_gewichte *g, kaoa_passung_ergebnis *out);

#endif							/* KAOA_PASSUNG_H */
