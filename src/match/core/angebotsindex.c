/*
 * angebotsindex.c — streaming top-k of offers per applicant (see angebotsindex.h for the design).
 *
 * Layout.  The entries are sorted by Topf (first three KldB digits), then by Gruppe (the whole
 * code, and for a code with at least KLASSEN_AB offers its interest class), then unlocated before
 * located, then by latitude band, longitude and id, and kept as
 * parallel arrays by what each step of a look needs: the coordinates as float (12 bytes, for the
 * first, coarse distance test, which most entries fail), the offer values the components need
 * (merkmal, 8 bytes; warm, 24 bytes), and the exact coordinates in double for the haversine of the
 * few entries that get that far.
 *
 * Order of a search.  A max-heap of work items ("Posten") ordered by an upper bound of the score's
 * numerator from the beruf component: per wish a range of Töpfe sharing one, two or three digits
 * with it (bound S(n)·F(i)), a Topf (bound over its codes), a Gruppe (the exact beruf value of its
 * code, less what its interest class falls short in interessen at least).  Töpfe are stamped
 * when first expanded, so a Topf reachable through several wishes is looked at once, through the
 * item with the highest bound (heap order).  The search stops when the best remaining item cannot
 * reach the k-th score.  Inside a Gruppe the bands are visited nearest first and each band from the
 * applicant's longitude outwards, in runs of LAUF entries, so that the heap fills with near offers
 * early.  An applicant without wishes (beruf 0.5 for every offer) walks the bands of all located
 * entries together instead, class by class (least interessen shortfall first).
 *
 * A run of entries is looked at in two steps.  First, without a branch per entry, a lower bound of
 * the haversine term a (no sine, float) against the reach that the k-th score still allows (the
 * weg component falls with the distance, so a threshold is a distance): the entries within it are
 * collected.  Then each of those: abschluss and its exclusion from a per-applicant table,
 * beginn, interessen memoised per distinct interest profile, kompetenzen on whole words, each
 * followed by the bound with the rest at their maximum; only the entries that can still reach the
 * k-th score get the exact distance (double, the functions of passung.c) and their score.
 *
 * "Maximum" is per applicant (suche.hoechst): what a component can reach over all offers, from the
 * index's summary (which qualification slots occur, the latest start date, whether some offer has
 * no start date, interests, requirements) and the applicant's missing values.  The numerator with
 * every component at its maximum is zaehler_voll; every bound subtracts shortfalls wₖ(hoechstₖ −
 * cₖ) from it, so a component's table and the bound stay consistent.
 */
#include "match/core/angebotsindex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "types/core/abschluss.h"

/* The latitude bands (naehe.h), as indices of a search's scratch per band. */
#define N_ZEILEN (KAOA_ZEILE_MAX - KAOA_ZEILE_MIN + 1)

#define PI 3.14159265358979323846

/* Relative and absolute slack of the geometric bounds in double: they only ever widen a window or
 * lower a minimum distance, so rounding in the bound can never drop an offer (the exact check
 * follows). */
#define SPIEL_REL 1e-9
#define SPIEL_ABS 1e-9

/* An entry's qualification slot and flags share a byte (merkmal.art). */
#define M_SLOT 0x1F
#define M_BEGINN 0x20
#define M_HART 0x40
#define M_ANFORDERUNGEN 0x80

/* Qualification slots: 0 no minimum, 1..18 the catalogue, 19 any other code (all of which behave
 * alike: their rank is unknown). */
#define ABSCHLUSS_SLOTS (KAOA_ABSCHLUSS_MAX + 2)

/* Interest profiles: id 0 = the offer has none; 1.. distinct profiles, memoised per search;
 * profiles beyond 65534 share RIASEC_OHNE_MEMO and are computed each time. */
#define RIASEC_OHNE_MEMO UINT16_MAX

/* Interest profiles with an id below this get a float shortfall of interessen in the first step
 * (a table per search; 156 profiles when every profile is a Holland code of one to three letters);
 * the first step takes none for the others.  RIASEC_F_SPIEL: what the float cosine may be below the
 * exact one (the float rounding of unit vectors and a dot product of six is below 1e-6). */
#define RIASEC_TABELLE 1024
#define RIASEC_F_SPIEL 1e-5

/* Entries looked at per run (the first step's buffer), and runs between two re-narrowings of a
 * band's longitude window. */
#define LAUF 32
#define NACHSCHAERFEN 2

/* A code with fewer offers than this shares the mixed Gruppe of its Topf (at most CODES_MAX codes
 * per mixed Gruppe), so that rare codes do not each cost a Gruppe of their own. */
#define EIGENE_GRUPPE_AB 48
#define CODES_MAX 255

/* Interest classes: the dimension an offer's profile weighs most (the first of equal ones), 0..5;
 * KLASSE_OHNE for no profile or one of zeros (interessen 0.5); KLASSE_ALLE for a Gruppe holding
 * every class (a mixed Gruppe, or a code with fewer offers than KLASSEN_AB). */
#define KLASSE_OHNE 6
#define KLASSE_ALLE 7
#define N_KLASSEN 8

/* A code with at least this many offers gets one Gruppe per interest class. */
#define KLASSEN_AB 256

/* A band with at most this many entries is read through by the first step: that costs less than
 * its longitude window (a sine and an arc sine) and the searches for its ends. */
#define KLEINES_BAND 16

/* Work items for a search beyond one per Topf and one per Gruppe: the per-wish ranges. */
#define POSTEN_REST 64

/* What the second step needs of an entry besides its requirements and interest profile. */
typedef struct merkmal
{
	int32_t		beginn;
	uint16_t	riasec;			/* interest profile id (see RIASEC_OHNE_MEMO) */
	uint8_t		code;			/* the entry's code among its mixed Gruppe's (0 otherwise) */
	uint8_t		art;			/* qualification slot and flags (M_…) */
} merkmal;

typedef struct warm
{
	kaoa_kompetenzen anforderungen;
	kaoa_riasec interessen;
	int32_t		quelle;			/* position in the build array */
} warm;

/* Exact coordinates of a located entry, as kaoa_ort_trig_setzen computes them. */
typedef struct genau
{
	double		phi;
	double		lambda;
	double		cosphi;
} genau;

/* Coordinates in float for the first step, in parallel arrays. */
typedef struct grob
{
	float	   *phi;
	float	   *lambda;
	float	   *cosphi;
} grob;

/* The entries with one occupation code, or the mixed Gruppe of a Topf's rare codes (n_codes > 0:
 * codes[codes_start …], each entry's merkmal.code indexing them): [start, ortlos_ende)
 * unlocated, [ortlos_ende, ende) located, in bands zeilen[zeilen_start, zeilen_ende). */
typedef struct gruppe
{
	kaoa_kldb	kldb;			/* the code (0 for a mixed Gruppe) */
	int32_t		klasse;			/* the interest class of its entries (KLASSE_ALLE: any) */
	int32_t		codes_start;
	int32_t		n_codes;
	int32_t		start;
	int32_t		ortlos_ende;
	int32_t		ende;
	int32_t		zeilen_start;
	int32_t		zeilen_ende;
} gruppe;

/* The Gruppen sharing the first three digits. */
typedef struct topf
{
	kaoa_kldb	praefix;		/* 0 for offers without an occupation */
	int32_t		gruppen_start;
	int32_t		gruppen_ende;
} topf;

/* A latitude band: its located entries from start to the next band's start (or the end of what
 * it belongs to), sorted by longitude. */
typedef struct zeile
{
	int32_t		nummer;
	int32_t		start;
} zeile;

/* Located entries in latitude bands, by longitude within a band: a Gruppe's, or every entry's. */
typedef struct flaeche
{
	const grob *grob;			/* float coordinates by position */
	const int32_t *eintrag;		/* the entry at a position; NULL: the position is the entry */
	const uint8_t *ziffer;		/* the first digit's nibble of the code at a position (0: none) */
	uint32_t	ohne;			/* the nibbles to leave out (bit per nibble; 0: none) */
	const zeile *zeilen;		/* the bands [zeilen_start, zeilen_ende) */
	int32_t		zeilen_start;
	int32_t		zeilen_ende;
	int32_t		ende;			/* end of the last band */
} flaeche;

struct kaoa_angebotsindex
{
	const kaoa_speicher *speicher;
	int32_t		n;
	grob		grob;			/* by entry */
	merkmal    *merkmale;
	uint8_t    *ziffern;		/* the first digit's nibble of the code, by entry */
	warm	   *warme;
	genau	   *genaue;
	kaoa_angebot *angebote;		/* a copy of the build array */
	int32_t		n_toepfe;
	topf	   *toepfe;
	int32_t		n_gruppen;
	gruppe	   *gruppen;
	int32_t		n_codes;
	kaoa_kldb  *codes;			/* the codes of the mixed Gruppen */
	int32_t		n_zeilen;
	zeile	   *zeilen;
	/* every located entry by band and longitude regardless of its code, for applicants without
	 * wishes: position → entry, its float coordinates, and the bands */
	int32_t		n_alle;
	int32_t    *alle_eintrag;
	grob		alle_grob;
	uint8_t    *alle_ziffer;	/* the first digit's nibble of the code, by position */
	int32_t		n_alle_zeilen;
	zeile	   *alle_zeilen;
	/* … sorted by interest class first: class c has the bands [alle_klasse_zeile[c],
	 * alle_klasse_zeile[c + 1]) and the positions [alle_klasse_start[c], alle_klasse_start[c + 1]) */
	int32_t		alle_klasse_zeile[KLASSE_OHNE + 2];
	int32_t		alle_klasse_start[KLASSE_OHNE + 2];
	int32_t		n_riasec;		/* distinct memoised interest profiles + 1 */
	int32_t		n_riasec_f;		/* min(n_riasec, RIASEC_TABELLE) */
	float	   *riasec_f;		/* per id < n_riasec_f: the unit vector in float (8 per id: 6
								 * dimensions, 1 when the profile is all zero, 0) */
	uint8_t    *riasec_klasse;	/* per id < n_riasec_f: its interest class */
	uint32_t	klassen_ohne_tabelle;	/* bit per class with a profile id >= n_riasec_f */
	/* what the components can reach at best over all offers (see hoechstwerte_setzen) */
	uint32_t	slots;			/* bit per qualification slot some offer has */
	bool		ohne_beginn;	/* some offer has no start date */
	int32_t		beginn_max;		/* the latest start date of an offer with one */
	bool		mit_interessen; /* some offer has an interest profile */
	bool		mit_anforderungen;	/* some offer has requirements */
	int64_t    *ids_sortiert;	/* angebot ids ascending, for kaoa_angebotsindex_position */
	int32_t    *ids_position;
	size_t		bytes;
	kaoa_angebotssuche *standard;	/* the scratch of kaoa_angebotsindex_top */
};

/* The reach of the current applicant into one latitude band; computed once per search and band,
 * shared by every Gruppe. */
typedef struct band
{
	double		weg_max;		/* bound of the weg component for any offer in the band */
	double		dmin;			/* lower bound of the distance to the band (km) */
	double		cos_min;		/* the smaller cosine at the band's edges */
} band;

typedef struct memo
{
	uint32_t	suche_nr;
	double		wert;
} memo;

/* A work item: a range of Töpfe, a Topf, a Gruppe, or everything, with an upper bound of its beruf
 * values. */
typedef enum posten_art
{
	P_BEREICH,
	P_TOPF,
	P_GRUPPE,
	P_ALLE,						/* every entry at once, for an applicant without wishes */
	P_REST						/* the Töpfe sharing no first digit with a wish, at once */
} posten_art;

typedef struct posten
{
	double		schranke;		/* bound of the numerator (the heap's order) */
	double		beruf;			/* bound of beruf */
	int32_t		art;
	int32_t		von;			/* Topf range [von, bis), the Topf or the Gruppe */
	int32_t		bis;
} posten;

/* The scratch space of one searcher (one per thread). */
struct kaoa_angebotssuche
{
	const kaoa_speicher *speicher;
	memo	   *riasec;			/* interessen per profile id */
	uint32_t   *topf_stempel;	/* the search that expanded each Topf */
	posten	   *posten;
	int32_t		posten_kap;
	band	   *baender;		/* per band number: its bounds for the current search */
	uint32_t   *band_stempel;	/* per band number: the search that computed it */
	float	   *f_interessen;	/* per interest profile id < n_riasec_f, then 0 for the rest: the
								 * first step's shortfall of interessen */
	double		b_codes[CODES_MAX];	/* beruf of each code of the mixed Gruppe being visited */
	double		z_codes[CODES_MAX];	/* … and the numerator with every other component at its
									 * maximum */
	uint32_t	suche_nr;
};

/* The Topf key: the first three digits of the packed code (kldb.h: digit i in the nibble at
 * 4·(5−i), so the top three nibbles), which is the whole code when it has fewer digits. */
static inline kaoa_kldb
topf_schluessel(kaoa_kldb k)
{
	return k & UINT32_C(0xFFF00);
}

static int
abschluss_slot(int code)
{
	if (code == 0)
		return 0;
	if (code >= KAOA_ABSCHLUSS_MIN && code <= KAOA_ABSCHLUSS_MAX)
		return code;
	return KAOA_ABSCHLUSS_MAX + 1;
}

/* ---- building -------------------------------------------------------------------------------- */

/* Sort key of the build: position in the build array, with the fields the order needs. */
typedef struct sortier
{
	kaoa_kldb	kldb;
	uint32_t	gruppe;			/* the code, (code << 3 | interest class) for a code split by class,
								 * or GEMISCHT for the mixed Gruppe of the Topf */
	uint8_t		klasse;			/* the interest class */
	bool		geteilt;		/* its code is split by interest class */
	int32_t		zeile;
	double		lon;
	int64_t		id;
	int32_t		quelle;
	bool		hat_ort;
} sortier;

static int
sortier_vergleich(const void *pa, const void *pb)
{
	const sortier *a = pa,
			   *b = pb;
	kaoa_kldb	ta = topf_schluessel(a->kldb),
				tb = topf_schluessel(b->kldb);

	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (a->gruppe != b->gruppe)
		return a->gruppe < b->gruppe ? -1 : 1;
	if (a->hat_ort != b->hat_ort)
		return a->hat_ort ? 1 : -1;
	if (a->hat_ort)
	{
		if (a->zeile != b->zeile)
			return a->zeile < b->zeile ? -1 : 1;
		if (a->lon != b->lon)
			return a->lon < b->lon ? -1 : 1;
	}
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

/* The sort key of a mixed Gruppe: after every code of its Topf (codes are below 2^20). */
#define GEMISCHT UINT32_MAX

static int
id_vergleich(const void *pa, const void *pb)
{
	int64_t		a = *(const int64_t *) pa,
				b = *(const int64_t *) pb;

	return a < b ? -1 : (a > b ? 1 : 0);
}

/* Open-addressing table of the distinct interest profiles met while building. */
typedef struct riasec_tabelle
{
	uint64_t   *schluessel;		/* the six bytes and a marker bit (0 = empty slot) */
	uint16_t   *id;
	size_t		maske;
	int32_t		n;
} riasec_tabelle;

static uint64_t
riasec_schluessel(const kaoa_riasec *r)
{
	uint64_t	s = 0;

	memcpy(&s, r->v, KAOA_RIASEC_DIMS);
	return s | (UINT64_C(1) << 56);		/* never 0 */
}

static uint16_t
riasec_id(riasec_tabelle *t, const kaoa_riasec *r)
{
	uint64_t	s = riasec_schluessel(r);
	size_t		i = (size_t) ((s * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & t->maske;

	while (t->schluessel[i] != 0 && t->schluessel[i] != s)
		i = (i + 1) & t->maske;
	if (t->schluessel[i] == 0)
	{
		if (t->n + 1 >= RIASEC_OHNE_MEMO)
			return RIASEC_OHNE_MEMO;
		t->schluessel[i] = s;
		t->id[i] = (uint16_t) ++t->n;
	}
	return t->id[i];
}

/* The unit vector of an interest profile in float (v[6] = 1 for a profile of zeros, whose
 * congruence with anything is 0.5). */
static void
riasec_einheit(const kaoa_riasec *r, float v[8])
{
	double		nn = 0;
	int			j;

	for (j = 0; j < KAOA_RIASEC_DIMS; j++)
		nn += (double) r->v[j] * r->v[j];
	memset(v, 0, 8 * sizeof(float));
	if (nn == 0)
	{
		v[6] = 1.0f;
		return;
	}
	for (j = 0; j < KAOA_RIASEC_DIMS; j++)
		v[j] = (float) (r->v[j] / sqrt(nn));
}

/* The interest class of a profile (NULL: none): the dimension it weighs most, KLASSE_OHNE for none
 * or all zeros.  The search bounds interessen per class (klassen_vorbereiten). */
static uint8_t
riasec_klasse(const kaoa_riasec *r)
{
	int			j,
				best = -1,
				wert = 0;

	if (r == NULL)
		return KLASSE_OHNE;
	for (j = 0; j < KAOA_RIASEC_DIMS; j++)
		if (r->v[j] > wert)
		{
			wert = r->v[j];
			best = j;
		}
	return best < 0 ? KLASSE_OHNE : (uint8_t) best;
}

static bool
grob_anlegen(const kaoa_speicher *s, grob *g, size_t n)
{
	g->phi = kaoa_speicher_array(s, n, sizeof(float));
	g->lambda = kaoa_speicher_array(s, n, sizeof(float));
	g->cosphi = kaoa_speicher_array(s, n, sizeof(float));
	return g->phi && g->lambda && g->cosphi;
}

static void
grob_freigeben(const kaoa_speicher *s, grob *g)
{
	kaoa_speicher_free(s, g->phi);
	kaoa_speicher_free(s, g->lambda);
	kaoa_speicher_free(s, g->cosphi);
}

void
kaoa_angebotsindex_freigeben(kaoa_angebotsindex *ix)
{
	const kaoa_speicher *s;

	if (ix == NULL)
		return;
	s = ix->speicher;
	grob_freigeben(s, &ix->grob);
	kaoa_speicher_free(s, ix->merkmale);
	kaoa_speicher_free(s, ix->warme);
	kaoa_speicher_free(s, ix->genaue);
	kaoa_speicher_free(s, ix->angebote);
	kaoa_speicher_free(s, ix->toepfe);
	kaoa_speicher_free(s, ix->gruppen);
	kaoa_speicher_free(s, ix->codes);
	kaoa_speicher_free(s, ix->zeilen);
	kaoa_speicher_free(s, ix->alle_eintrag);
	kaoa_speicher_free(s, ix->alle_ziffer);
	kaoa_speicher_free(s, ix->ziffern);
	grob_freigeben(s, &ix->alle_grob);
	kaoa_speicher_free(s, ix->alle_zeilen);
	kaoa_speicher_free(s, ix->ids_sortiert);
	kaoa_speicher_free(s, ix->ids_position);
	kaoa_speicher_free(s, ix->riasec_f);
	kaoa_speicher_free(s, ix->riasec_klasse);
	kaoa_angebotssuche_freigeben(ix->standard);
	kaoa_speicher_free(s, ix);
}

kaoa_angebotsindex *
kaoa_angebotsindex_bauen(const kaoa_angebot *angebote, int32_t n, const kaoa_speicher *s)
{
	kaoa_angebotsindex *ix;
	sortier    *sort = NULL;
	int64_t    *paare = NULL;
	riasec_tabelle rt = {NULL, NULL, 0, 0};
	size_t		n1 = (size_t) (n > 0 ? n : 1),
				slots;
	int32_t		i,
				t,
				g,
				z;

	if (n < 0)
		return NULL;
	ix = kaoa_speicher_alloc(s, sizeof(*ix));
	if (ix == NULL)
		return NULL;
	memset(ix, 0, sizeof(*ix));
	ix->speicher = s;
	ix->n = n;
	ix->merkmale = kaoa_speicher_array(s, n1, sizeof(merkmal));
	ix->warme = kaoa_speicher_array(s, n1, sizeof(warm));
	ix->genaue = kaoa_speicher_array(s, n1, sizeof(genau));
	ix->angebote = kaoa_speicher_array(s, n1, sizeof(kaoa_angebot));
	ix->alle_eintrag = kaoa_speicher_array(s, n1, sizeof(int32_t));
	ix->alle_ziffer = kaoa_speicher_array(s, n1, sizeof(uint8_t));
	ix->ziffern = kaoa_speicher_array(s, n1, sizeof(uint8_t));
	ix->ids_sortiert = kaoa_speicher_array(s, n1, sizeof(int64_t));
	ix->ids_position = kaoa_speicher_array(s, n1, sizeof(int32_t));
	sort = kaoa_speicher_array(s, n1, sizeof(sortier));
	paare = kaoa_speicher_array(s, n1 * 2, sizeof(int64_t));
	for (slots = 64; slots < 2 * n1; slots *= 2)
		;
	rt.schluessel = kaoa_speicher_array(s, slots, sizeof(uint64_t));
	rt.id = kaoa_speicher_array(s, slots, sizeof(uint16_t));
	rt.maske = slots - 1;
	if (!grob_anlegen(s, &ix->grob, n1) || !grob_anlegen(s, &ix->alle_grob, n1) || !ix->merkmale ||
		!ix->warme || !ix->genaue || !ix->angebote || !ix->alle_eintrag || !ix->alle_ziffer ||
		!ix->ziffern || !ix->ids_sortiert ||
		!ix->ids_position || !sort || !paare || !rt.schluessel || !rt.id)
		goto fehler;
	memset(rt.schluessel, 0, slots * sizeof(uint64_t));
	if (n > 0)
		memcpy(ix->angebote, angebote, sizeof(kaoa_angebot) * (size_t) n);

	for (i = 0; i < n; i++)
	{
		const kaoa_angebot *a = &angebote[i];

		sort[i].kldb = a->kldb;
		sort[i].gruppe = a->kldb;
		sort[i].hat_ort = a->hat_ort;
		sort[i].zeile = a->hat_ort ? kaoa_zeile_von(a->lat) : 0;
		sort[i].lon = a->hat_ort ? a->lon : 0.0;
		sort[i].id = a->id;
		sort[i].quelle = i;
		sort[i].klasse = riasec_klasse(a->hat_interessen ? &a->interessen : NULL);
		sort[i].geteilt = false;
	}
	qsort(sort, (size_t) n, sizeof(sortier), sortier_vergleich);

	/* rare codes join the mixed Gruppe of their Topf (at most CODES_MAX codes each), the codes of
	 * the mixed Gruppen listed in order */
	ix->codes = kaoa_speicher_array(s, n1, sizeof(kaoa_kldb));
	if (!ix->codes)
		goto fehler;
	ix->n_codes = 0;
	{
		int32_t		im_topf = 0;	/* codes of the current Topf in its mixed Gruppe */

		for (i = 0; i < n;)
		{
			int32_t		j = i;

			while (j < n && sort[j].kldb == sort[i].kldb)
				j++;
			if (i == 0 || topf_schluessel(sort[i].kldb) != topf_schluessel(sort[i - 1].kldb))
				im_topf = 0;
			if (j - i < EIGENE_GRUPPE_AB && im_topf < CODES_MAX)
			{
				ix->codes[ix->n_codes++] = sort[i].kldb;
				im_topf++;
				for (; i < j; i++)
					sort[i].gruppe = GEMISCHT;
			}
			else if (j - i >= KLASSEN_AB)
				for (; i < j; i++)
				{
					sort[i].gruppe = (sort[i].kldb << 3) | sort[i].klasse;
					sort[i].geteilt = true;
				}
			i = j;
		}
	}
	qsort(sort, (size_t) n, sizeof(sortier), sortier_vergleich);

	/* the entries, and the number of Töpfe, Gruppen and bands */
	ix->n_toepfe = ix->n_gruppen = ix->n_zeilen = 0;
	ix->beginn_max = INT32_MIN;
	for (i = 0; i < n; i++)
	{
		const kaoa_angebot *a = &angebote[sort[i].quelle];
		merkmal    *h = &ix->merkmale[i];
		warm	   *w = &ix->warme[i];
		genau	   *e = &ix->genaue[i];
		bool		neuer_topf = i == 0 || topf_schluessel(sort[i].kldb) != topf_schluessel(sort[i - 1].kldb);
		bool		neue_gruppe = neuer_topf || sort[i].gruppe != sort[i - 1].gruppe;

		memset(h, 0, sizeof(*h));
		memset(w, 0, sizeof(*w));
		memset(e, 0, sizeof(*e));
		if (a->hat_ort)
		{
			kaoa_ort_trig t;

			kaoa_ort_trig_setzen(a->lat, a->lon, &t);
			e->phi = t.phi;
			e->lambda = t.lambda;
			e->cosphi = t.cosphi;
		}
		ix->grob.phi[i] = (float) e->phi;
		ix->grob.lambda[i] = (float) e->lambda;
		ix->grob.cosphi[i] = (float) e->cosphi;
		h->art = (uint8_t) abschluss_slot(a->mindest_abschluss);
		if (a->hat_beginn)
		{
			h->beginn = a->beginn;
			h->art |= M_BEGINN;
		}
		if (a->mindest_hart)
			h->art |= M_HART;
		if (a->hat_anforderungen)
		{
			h->art |= M_ANFORDERUNGEN;
			w->anforderungen = a->anforderungen;
		}
		if (a->hat_interessen)
		{
			w->interessen = a->interessen;
			h->riasec = riasec_id(&rt, &a->interessen);
		}
		w->quelle = sort[i].quelle;
		ix->ziffern[i] = (uint8_t) ((a->kldb >> 16) & 0xF);
		ix->slots |= UINT32_C(1) << (h->art & M_SLOT);
		if (!a->hat_beginn)
			ix->ohne_beginn = true;
		else if (a->beginn > ix->beginn_max)
			ix->beginn_max = a->beginn;
		ix->mit_interessen |= a->hat_interessen;
		ix->mit_anforderungen |= a->hat_anforderungen;

		if (neuer_topf)
			ix->n_toepfe++;
		if (neue_gruppe)
			ix->n_gruppen++;
		if (a->hat_ort && (neue_gruppe || !sort[i - 1].hat_ort || sort[i - 1].zeile != sort[i].zeile))
			ix->n_zeilen++;
	}
	ix->n_riasec = rt.n + 1;
	ix->n_riasec_f = ix->n_riasec < RIASEC_TABELLE ? ix->n_riasec : RIASEC_TABELLE;
	ix->riasec_f = kaoa_speicher_array(s, (size_t) ix->n_riasec_f * 8, sizeof(float));
	if (!ix->riasec_f)
		goto fehler;
	memset(ix->riasec_f, 0, (size_t) ix->n_riasec_f * 8 * sizeof(float));
	ix->riasec_klasse = kaoa_speicher_array(s, (size_t) ix->n_riasec_f, sizeof(uint8_t));
	if (!ix->riasec_klasse)
		goto fehler;
	ix->riasec_klasse[0] = KLASSE_OHNE;
	for (i = 0; i < n; i++)
	{
		uint16_t	id = ix->merkmale[i].riasec;

		if (id != 0 && id < ix->n_riasec_f)
		{
			riasec_einheit(&ix->warme[i].interessen, &ix->riasec_f[(size_t) id * 8]);
			ix->riasec_klasse[id] = riasec_klasse(&ix->warme[i].interessen);
		}
		else if (id != 0)
			ix->klassen_ohne_tabelle |= UINT32_C(1) << riasec_klasse(&ix->warme[i].interessen);
	}
	ix->toepfe = kaoa_speicher_array(s, (size_t) (ix->n_toepfe > 0 ? ix->n_toepfe : 1), sizeof(topf));
	ix->gruppen = kaoa_speicher_array(s, (size_t) (ix->n_gruppen > 0 ? ix->n_gruppen : 1), sizeof(gruppe));
	ix->zeilen = kaoa_speicher_array(s, (size_t) (ix->n_zeilen > 0 ? ix->n_zeilen : 1), sizeof(zeile));
	if (!ix->toepfe || !ix->gruppen || !ix->zeilen)
		goto fehler;

	/* Töpfe, Gruppen and bands; a mixed Gruppe claims its Topf's codes of ix->codes, and each of
	 * its entries gets the position of its code among them */
	t = g = -1;
	z = 0;
	{
		int32_t		c = 0;		/* the next unclaimed code of ix->codes */

		for (i = 0; i < n; i++)
		{
			bool		neuer_topf = i == 0 || topf_schluessel(sort[i].kldb) != topf_schluessel(sort[i - 1].kldb);
			gruppe	   *gr;

			if (neuer_topf)
			{
				if (t >= 0)
					ix->toepfe[t].gruppen_ende = g + 1;
				t++;
				ix->toepfe[t].praefix = topf_schluessel(sort[i].kldb);
				ix->toepfe[t].gruppen_start = g + 1;
			}
			if (neuer_topf || sort[i].gruppe != sort[i - 1].gruppe)
			{
				if (g >= 0)
				{
					ix->gruppen[g].ende = i;
					if (ix->gruppen[g].ortlos_ende < 0)
						ix->gruppen[g].ortlos_ende = i;
					ix->gruppen[g].zeilen_ende = z;
				}
				g++;
				gr = &ix->gruppen[g];
				gr->kldb = sort[i].gruppe == GEMISCHT ? 0 : sort[i].kldb;
				gr->klasse = sort[i].geteilt ? sort[i].klasse : KLASSE_ALLE;
				gr->codes_start = c;
				gr->n_codes = 0;
				if (sort[i].gruppe == GEMISCHT)
					while (c < ix->n_codes && topf_schluessel(ix->codes[c]) == topf_schluessel(sort[i].kldb))
					{
						c++;
						gr->n_codes++;
					}
				gr->start = i;
				gr->ortlos_ende = -1;
				gr->zeilen_start = z;
			}
			gr = &ix->gruppen[g];
			if (gr->n_codes > 0)
			{
				int32_t		lo = gr->codes_start,
							hi = gr->codes_start + gr->n_codes;

				while (lo < hi)
				{
					int32_t		m = lo + (hi - lo) / 2;

					if (ix->codes[m] < sort[i].kldb)
						lo = m + 1;
					else
						hi = m;
				}
				ix->merkmale[i].code = (uint8_t) (lo - gr->codes_start);
			}
			if (sort[i].hat_ort)
			{
				if (gr->ortlos_ende < 0)
					gr->ortlos_ende = i;
				if (z == gr->zeilen_start || ix->zeilen[z - 1].nummer != sort[i].zeile)
				{
					ix->zeilen[z].nummer = sort[i].zeile;
					ix->zeilen[z].start = i;
					z++;
				}
			}
		}
	}
	if (t >= 0)
		ix->toepfe[t].gruppen_ende = g + 1;
	if (g >= 0)
	{
		ix->gruppen[g].ende = n;
		if (ix->gruppen[g].ortlos_ende < 0)
			ix->gruppen[g].ortlos_ende = n;
		ix->gruppen[g].zeilen_ende = z;
	}

	/* id look-up: (id, build position) pairs sorted by id */
	for (i = 0; i < n; i++)
	{
		paare[2 * i] = angebote[i].id;
		paare[2 * i + 1] = i;
	}
	qsort(paare, (size_t) n, 2 * sizeof(int64_t), id_vergleich);
	for (i = 0; i < n; i++)
	{
		ix->ids_sortiert[i] = paare[2 * i];
		ix->ids_position[i] = (int32_t) paare[2 * i + 1];
	}
	/* every located entry by band, longitude and id: the sort keys again, now carrying the entry */
	ix->n_alle = 0;
	for (i = 0; i < n; i++)
		if (sort[i].hat_ort)
		{
			sortier		x = sort[i];

			x.kldb = 0;			/* one Gruppe per interest class for the order */
			x.gruppe = x.klasse;
			x.quelle = i;
			sort[ix->n_alle++] = x;
		}
	qsort(sort, (size_t) ix->n_alle, sizeof(sortier), sortier_vergleich);
	ix->n_alle_zeilen = 0;
	for (i = 0; i < ix->n_alle; i++)
		if (i == 0 || sort[i].zeile != sort[i - 1].zeile || sort[i].klasse != sort[i - 1].klasse)
			ix->n_alle_zeilen++;
	ix->alle_zeilen = kaoa_speicher_array(s, (size_t) (ix->n_alle_zeilen > 0 ? ix->n_alle_zeilen : 1), sizeof(zeile));
	if (!ix->alle_zeilen)
		goto fehler;
	for (t = 0; t <= KLASSE_OHNE + 1; t++)
		ix->alle_klasse_zeile[t] = ix->alle_klasse_start[t] = -1;
	for (i = 0, z = 0; i < ix->n_alle; i++)
	{
		if (i == 0 || sort[i].klasse != sort[i - 1].klasse)
		{
			ix->alle_klasse_zeile[sort[i].klasse] = z;
			ix->alle_klasse_start[sort[i].klasse] = i;
		}
		ix->alle_eintrag[i] = sort[i].quelle;
		ix->alle_ziffer[i] = ix->ziffern[sort[i].quelle];
		ix->alle_grob.phi[i] = ix->grob.phi[sort[i].quelle];
		ix->alle_grob.lambda[i] = ix->grob.lambda[sort[i].quelle];
		ix->alle_grob.cosphi[i] = ix->grob.cosphi[sort[i].quelle];
		if (i == 0 || sort[i].zeile != sort[i - 1].zeile || sort[i].klasse != sort[i - 1].klasse)
		{
			ix->alle_zeilen[z].nummer = sort[i].zeile;
			ix->alle_zeilen[z].start = i;
			z++;
		}
	}

	/* a class without entries: an empty range where the next class begins */
	ix->alle_klasse_zeile[KLASSE_OHNE + 1] = ix->n_alle_zeilen;
	ix->alle_klasse_start[KLASSE_OHNE + 1] = ix->n_alle;
	for (t = KLASSE_OHNE; t >= 0; t--)
		if (ix->alle_klasse_zeile[t] < 0)
		{
			ix->alle_klasse_zeile[t] = ix->alle_klasse_zeile[t + 1];
			ix->alle_klasse_start[t] = ix->alle_klasse_start[t + 1];
		}

	kaoa_speicher_free(s, paare);
	kaoa_speicher_free(s, sort);
	kaoa_speicher_free(s, rt.schluessel);
	kaoa_speicher_free(s, rt.id);
	paare = NULL;
	sort = NULL;
	rt.schluessel = NULL;
	rt.id = NULL;
	ix->bytes = sizeof(*ix) + n1 * (6 * sizeof(float) + 2 * sizeof(uint8_t) + sizeof(merkmal) + sizeof(warm) + sizeof(genau) +
									sizeof(kaoa_angebot) + 2 * sizeof(int32_t) + sizeof(int64_t)) +
		(size_t) ix->n_toepfe * sizeof(topf) + (size_t) ix->n_gruppen * sizeof(gruppe) +
		(size_t) ix->n_codes * sizeof(kaoa_kldb) + (size_t) ix->n_riasec_f * (8 * sizeof(float) + 1) +
		(size_t) (ix->n_zeilen + ix->n_alle_zeilen) * sizeof(zeile);
	ix->standard = kaoa_angebotssuche_neu(ix, s);
	if (ix->standard == NULL)
		goto fehler;
	return ix;

fehler:
	kaoa_speicher_free(s, paare);
	kaoa_speicher_free(s, sort);
	kaoa_speicher_free(s, rt.schluessel);
	kaoa_speicher_free(s, rt.id);
	kaoa_angebotsindex_freigeben(ix);
	return NULL;
}

kaoa_angebotssuche *
kaoa_angebotssuche_neu(const kaoa_angebotsindex *ix, const kaoa_speicher *s)
{
	kaoa_angebotssuche *sc = kaoa_speicher_alloc(s, sizeof(*sc));

	if (sc == NULL)
		return NULL;
	memset(sc, 0, sizeof(*sc));
	sc->speicher = s;
	sc->posten_kap = ix->n_toepfe + ix->n_gruppen + POSTEN_REST;
	sc->riasec = kaoa_speicher_array(s, (size_t) ix->n_riasec, sizeof(memo));
	sc->topf_stempel = kaoa_speicher_array(s, (size_t) (ix->n_toepfe > 0 ? ix->n_toepfe : 1), sizeof(uint32_t));
	sc->posten = kaoa_speicher_array(s, (size_t) sc->posten_kap, sizeof(posten));
	sc->baender = kaoa_speicher_array(s, N_ZEILEN, sizeof(band));
	sc->band_stempel = kaoa_speicher_array(s, N_ZEILEN, sizeof(uint32_t));
	sc->f_interessen = kaoa_speicher_array(s, (size_t) ix->n_riasec_f + 1, sizeof(float));
	if (!sc->riasec || !sc->topf_stempel || !sc->posten || !sc->baender || !sc->band_stempel ||
		!sc->f_interessen)
	{
		kaoa_angebotssuche_freigeben(sc);
		return NULL;
	}
	memset(sc->riasec, 0, (size_t) ix->n_riasec * sizeof(memo));
	memset(sc->topf_stempel, 0, (size_t) (ix->n_toepfe > 0 ? ix->n_toepfe : 1) * sizeof(uint32_t));
	memset(sc->band_stempel, 0, N_ZEILEN * sizeof(uint32_t));
	return sc;
}

void
kaoa_angebotssuche_freigeben(kaoa_angebotssuche *sc)
{
	if (sc == NULL)
		return;
	kaoa_speicher_free(sc->speicher, sc->riasec);
	kaoa_speicher_free(sc->speicher, sc->topf_stempel);
	kaoa_speicher_free(sc->speicher, sc->posten);
	kaoa_speicher_free(sc->speicher, sc->baender);
	kaoa_speicher_free(sc->speicher, sc->band_stempel);
	kaoa_speicher_free(sc->speicher, sc->f_interessen);
	kaoa_speicher_free(sc->speicher, sc);
}

int32_t
kaoa_angebotsindex_anzahl(const kaoa_angebotsindex *ix)
{
	return ix->n;
}

size_t
kaoa_angebotsindex_bytes(const kaoa_angebotsindex *ix)
{
	return ix->bytes;
}

const kaoa_angebot *
kaoa_angebotsindex_angebot(const kaoa_angebotsindex *ix, int32_t i)
{
	if (i < 0 || i >= ix->n)
		return NULL;
	return &ix->angebote[i];
}

int32_t
kaoa_angebotsindex_position(const kaoa_angebotsindex *ix, int64_t angebot_id)
{
	int32_t		lo = 0,
				hi = ix->n;

	while (lo < hi)
	{
		int32_t		mitte = lo + (hi - lo) / 2;

		if (ix->ids_sortiert[mitte] < angebot_id)
			lo = mitte + 1;
		else
			hi = mitte;
	}
	if (lo < ix->n && ix->ids_sortiert[lo] == angebot_id)
		return ix->ids_position[lo];
	return -1;
}

/* ---- the search ------------------------------------------------------------------------------ */

/* abschluss of the applicant against one qualification slot (hard or not). */
typedef struct abschluss_wert
{
	double		wert;
	bool		aus;			/* ABSCHLUSS excludes the pair */
	bool		bekannt;		/* computed in this search */
} abschluss_wert;

/* The state of one applicant's search. */
typedef struct suche
{
	kaoa_angebotssuche *sc;		/* scratch of this searcher */
	const kaoa_angebotsindex *ix;
	const kaoa_bewerber *b;
	const kaoa_gewichte *g;
	kaoa_treffer *heap;			/* worst hit at index 0 */
	int32_t		k;
	int32_t		n;
	double		nenner;			/* Σ w of the applicant's weights */
	double		schwelle;		/* when the heap is full: the least numerator that can enter */
	double		hoechst[KAOA_KOMPONENTEN];	/* the greatest value of each component over all offers
											 * for this applicant (beruf and weg: 1) */
	double		zaehler_voll;	/* the numerator with every component at hoechst */
	double		spiel;			/* slack of chancenlos_grob */
	double		w[KAOA_KOMPONENTEN];
	double		phi;			/* the applicant's location as kaoa_ort_trig_setzen gives it */
	double		lambda;
	double		cosphi;
	float		phi_f;			/* … and in float for the first step */
	float		lambda_f;
	float		cosphi_f;
	double		max_km;
	bool		hat_ort;
	/* the Gruppe being visited: its beruf (the greatest of its codes' for a mixed one) and the
	 * numerator with every other component at its maximum (hoechst) */
	double		b_gruppe;
	double		z_gruppe;
	double		z_schranke;		/* z_gruppe less what the Gruppe's interest class must fall short */
	double		weg_max;		/* 1, or 0.5 for an applicant without a location */
	double		klassen_abzug[N_KLASSEN];	/* per interest class: a lower bound of wᵢ(hoechstᵢ −
											 * interessen) over its offers (0 for KLASSE_ALLE) */
	bool		gemischt;		/* per entry: sc->b_codes[code], sc->z_codes[code] */
	const kaoa_riasec *interessen;	/* NULL when the applicant has none */
	const kaoa_kompetenzen *kompetenzen;	/* NULL when the applicant has none */
	abschluss_wert abschluss[ABSCHLUSS_SLOTS][2];
	/* for the first step, in float: the shortfalls wₖ(hoechstₖ − cₖ) of abschluss by an entry's
	 * (slot | M_HART) and of beginn by its class (infinite when excluded), and the weg formula */
	float		f_abschluss[M_SLOT + M_HART + 1];
	float		f_beginn[4];
	float		f_w_weg;
	float		f_max_km;
	float		f_weg_kehrwert;	/* 1 / (max_km − 5) */
	float		f_spiel;		/* slack of the float budget */
	const float *f_interessen;	/* the shortfall of interessen by profile id (sc->f_interessen) */
	uint32_t	n_riasec_f;		/* ids from here on take f_interessen[n_riasec_f] = 0 */
	kaoa_suchstatistik st;
} suche;

/* Hit x ranks below hit y: lower score, or equal score and a greater id. */
static inline bool
treffer_unter(const kaoa_treffer *x, const kaoa_treffer *y)
{
	if (x->passung != y->passung)
		return x->passung < y->passung;
	return x->angebot_id > y->angebot_id;
}

static void
treffer_runter(kaoa_treffer *h, int32_t n, int32_t i)
{
	kaoa_treffer x = h[i];

	for (;;)
	{
		int32_t		kind = 2 * i + 1;

		if (kind >= n)
			break;
		if (kind + 1 < n && treffer_unter(&h[kind + 1], &h[kind]))
			kind++;
		if (!treffer_unter(&h[kind], &x))
			break;
		h[i] = h[kind];
		i = kind;
	}
	h[i] = x;
}

/*
 * The least numerator z with 100 · z / Σw >= the worst held score.  Since that expression is
 * monotone in z, "bound numerator < schwelle" holds exactly when the bound's score is below the
 * worst held score; comparing numerators saves a division per bound.  Found by stepping from the
 * algebraic value to the exact boundary of the rounded function.
 */
static double
schwelle_von(double schlechteste, double nenner)
{
	double		z = schlechteste * nenner / 100.0;

	while (kaoa_passung_aus(z, nenner) >= schlechteste)
		z = nextafter(z, -INFINITY);
	while (kaoa_passung_aus(z, nenner) < schlechteste)
		z = nextafter(z, INFINITY);
	return z;
}

static void
treffer_aufnehmen(suche *su, const kaoa_treffer *t)
{
	kaoa_treffer *h = su->heap;

	if (su->n < su->k)
	{
		int32_t		i = su->n++;

		while (i > 0)
		{
			int32_t		eltern = (i - 1) / 2;

			if (!treffer_unter(t, &h[eltern]))
				break;
			h[i] = h[eltern];
			i = eltern;
		}
		h[i] = *t;
		if (su->n == su->k)
			su->schwelle = schwelle_von(h[0].passung, su->nenner);
		return;
	}
	if (treffer_unter(&h[0], t))
	{
		double		alt = h[0].passung;

		h[0] = *t;
		treffer_runter(h, su->n, 0);
		if (h[0].passung != alt)
			su->schwelle = schwelle_von(h[0].passung, su->nenner);
	}
}

/* True when a bound cannot enter the heap any more: k hits are held and the bound's numerator is
 * below the threshold (a bound equal to the worst score may still enter through a smaller id). */
static inline bool
chancenlos(const suche *su, double zaehler_schranke)
{
	return su->n == su->k && zaehler_schranke < su->schwelle;
}

/* As chancenlos, for a numerator computed in another order than kaoa_passung_zaehler: the slack
 * (far above the few ulps such a sum can differ by, far below any difference that matters) keeps
 * the test conservative. */
static inline bool
chancenlos_grob(const suche *su, double zaehler_schranke)
{
	return su->n == su->k && zaehler_schranke + su->spiel < su->schwelle;
}

/* The numerator bound with the given beruf and weg bounds and every other component at its
 * greatest value for this applicant (the exact sum of passung.c over components >= the true
 * ones, so comparing it with the threshold is exact). */
static inline double
schranke_mit(const suche *su, double beruf, double weg)
{
	double		c[KAOA_KOMPONENTEN];

	memcpy(c, su->hoechst, sizeof(c));
	c[KAOA_K_BERUF] = beruf;
	c[KAOA_K_WEG] = weg;
	return kaoa_passung_zaehler(c, su->g);
}

/* abschluss and its exclusion for the entry's qualification slot (tabulated on first use in this
 * search; a representative code stands for each slot: 0, the catalogue code, or an unknown one). */
static inline const abschluss_wert *
abschluss_von(suche *su, const merkmal *h)
{
	bool		hart = (h->art & M_HART) != 0;
	int			slot = h->art & M_SLOT;
	abschluss_wert *ab = &su->abschluss[slot][hart];

	if (!ab->bekannt)
	{
		int			code = slot <= KAOA_ABSCHLUSS_MAX ? slot : KAOA_ABSCHLUSS_MAX + 1;

		ab->aus = kaoa_abschluss_ausgeschlossen(su->b->abschluss, code, hart);
		ab->wert = kaoa_komponente_abschluss(su->b->abschluss, code);
		ab->bekannt = true;
	}
	return ab;
}

/* The interessen component for entry i (memoised per interest profile for this search). */
static inline double
interessen_von(suche *su, const merkmal *h, int32_t i)
{
	memo	   *m;

	if (su->interessen == NULL || h->riasec == 0)
		return kaoa_interessen_wert(NULL, NULL);
	if (h->riasec == RIASEC_OHNE_MEMO)
		return kaoa_interessen_wert(su->interessen, &su->ix->warme[i].interessen);
	m = &su->sc->riasec[h->riasec];
	if (m->suche_nr != su->sc->suche_nr)
	{
		m->suche_nr = su->sc->suche_nr;
		m->wert = kaoa_interessen_wert(su->interessen, &su->ix->warme[i].interessen);
	}
	return m->wert;
}

/*
 * The second step for entry i of the Gruppe being visited (its beruf value from the Gruppe, or from
 * the entry's code in a mixed one).  weg_schranke bounds the weg component: from the first step's
 * distance bound for a located pair (mit_distanz), exactly 0.5 otherwise.  The bound's numerator
 * is kept as the full numerator minus each known component's shortfall wₖ(hoechstₖ − cₖ) — within
 * a few ulps of the ordered sum, which the slack of chancenlos_grob covers.
 */
static void
bewerten(suche *su, int32_t i, bool mit_distanz, double weg_schranke)
{
	const merkmal *h = &su->ix->merkmale[i];
	const abschluss_wert *ab;
	double		c[KAOA_KOMPONENTEN];
	double		z,
				beruf;
	kaoa_treffer t;
	bool		hat_beginn = (h->art & M_BEGINN) != 0;

	if (su->gemischt)
	{
		beruf = su->sc->b_codes[h->code];
		z = su->sc->z_codes[h->code];
	}
	else
	{
		beruf = su->b_gruppe;
		z = su->z_gruppe;
	}
	z -= su->w[KAOA_K_WEG] * (1.0 - weg_schranke);
	if (chancenlos_grob(su, z))
		return;
	ab = abschluss_von(su, h);
	if (ab->aus ||
		kaoa_beginn_ausgeschlossen(su->b->hat_verfuegbar_ab, su->b->verfuegbar_ab, hat_beginn, h->beginn))
		return;
	c[KAOA_K_ABSCHLUSS] = ab->wert;
	c[KAOA_K_BEGINN] = kaoa_beginn_wert(su->b->hat_verfuegbar_ab, su->b->verfuegbar_ab, hat_beginn, h->beginn);
	z -= su->w[KAOA_K_ABSCHLUSS] * (su->hoechst[KAOA_K_ABSCHLUSS] - c[KAOA_K_ABSCHLUSS]) +
		su->w[KAOA_K_BEGINN] * (su->hoechst[KAOA_K_BEGINN] - c[KAOA_K_BEGINN]);
	if (chancenlos_grob(su, z))
		return;
	c[KAOA_K_INTERESSEN] = interessen_von(su, h, i);
	z -= su->w[KAOA_K_INTERESSEN] * (su->hoechst[KAOA_K_INTERESSEN] - c[KAOA_K_INTERESSEN]);
	if (chancenlos_grob(su, z))
		return;
	if (su->kompetenzen != NULL && (h->art & M_ANFORDERUNGEN) != 0)
		c[KAOA_K_KOMPETENZEN] = kaoa_kompetenzen_erfuellungsgrad_schnell(su->kompetenzen,
																		  &su->ix->warme[i].anforderungen);
	else
		c[KAOA_K_KOMPETENZEN] = kaoa_kompetenzen_wert(NULL, NULL);
	z -= su->w[KAOA_K_KOMPETENZEN] * (su->hoechst[KAOA_K_KOMPETENZEN] - c[KAOA_K_KOMPETENZEN]);
	if (chancenlos_grob(su, z))
		return;
	if (mit_distanz)
	{
		const genau *e = &su->ix->genaue[i];
		double		d = kaoa_haversine_rad(su->phi, su->lambda, su->cosphi, e->phi, e->lambda, e->cosphi);

		if (d > su->max_km)
			return;
		c[KAOA_K_WEG] = kaoa_komponente_weg(true, d, su->max_km);
	}
	else
		c[KAOA_K_WEG] = weg_schranke;
	c[KAOA_K_BERUF] = beruf;
	su->st.bewertet++;
	t.angebot = su->ix->warme[i].quelle;
	t.angebot_id = su->ix->angebote[t.angebot].id;
	t.passung = kaoa_passung_summe(c, su->g);
	t.prioritaet = kaoa_prioritaet(c);
	treffer_aufnehmen(su, &t);
}

/*
 * The first step over the positions [lo, hi) of the float coordinates g (hi − lo <= LAUF): the
 * lower bound of the haversine term a from sin x >= x − x³/6 (x >= 0) for the half differences
 * (Δλ wrapped to at most π), a >= s₁² + cos φa · cos φo · s₂², compared with a_grenze, the term of
 * the reach widened by the float slack; since asin y >= y, an entry with a greater bound is
 * farther than the reach.  Written without a branch per entry.  The positions within are stored in
 * pos and their bounds in a; returns how many.
 */
static int32_t
nah_filtern(const suche *su, const flaeche *fl, int32_t lo, int32_t hi, float a_grenze, float budget,
			int32_t pos[LAUF], float a[LAUF])
{
	const grob *g = fl->grob;
	const merkmal *mk = su->ix->merkmale;
	const float zwei_r = (float) (2.0 * KAOA_ERDRADIUS_KM * (1.0 - KAOA_F_SPIEL_REL));
	const float voll = (float) KAOA_WEG_VOLL_KM;
	const bool	verfuegbar = su->b->hat_verfuegbar_ab;
	const float *f_int = su->f_interessen;
	const uint8_t *ziffer = fl->ziffer;
	const uint32_t ohne = fl->ohne;
	const uint32_t n_int = su->n_riasec_f;
	const int64_t verfuegbar_ab = su->b->verfuegbar_ab;
	int32_t		p,
				m = 0;

	for (p = lo; p < hi; p++)
	{
		const merkmal *h = &mk[fl->eintrag ? fl->eintrag[p] : p];
		float		x = kaoa_a_unten_f(fabsf(g->phi[p] - su->phi_f), fabsf(g->lambda[p] - su->lambda_f),
									   su->cosphi_f * g->cosphi[p]);
		float		d,
					weg,
					fehlt;
		int64_t		spaeter = verfuegbar_ab - (int64_t) h->beginn;
		uint32_t	r = h->riasec < n_int ? h->riasec : n_int;
		int			klasse = (verfuegbar && (h->art & M_BEGINN) != 0) *
			((spaeter > 0) + (spaeter > KAOA_BEGINN_HALB_TAGE) + (spaeter > KAOA_BEGINN_AUSSCHLUSS_TAGE));

		/* the weg bound from the distance bound (as kaoa_komponente_weg), and the shortfalls */
		d = zwei_r * sqrtf(x) - (float) KAOA_F_SPIEL_KM;
		weg = (su->f_max_km - d) * su->f_weg_kehrwert;
		weg = weg > 0.0f ? weg : 0.0f;
		weg = d <= voll ? 1.0f : weg;
		fehlt = su->f_w_weg * (1.0f - weg) + su->f_abschluss[h->art & (M_SLOT | M_HART)] + su->f_beginn[klasse] +
			f_int[r];
		pos[m] = p;
		a[m] = x;
		m += (x <= a_grenze) & (fehlt <= budget) & (((ohne >> ziffer[p]) & 1) ^ 1);
	}
	return m;
}

/*
 * Per interest class, what interessen falls short of its maximum at least for any offer of the
 * class: the least first-step shortfall over the class's profiles (float, from the float cosine
 * raised by RIASEC_F_SPIEL) less the first step's float slack, so that it stays below the exact
 * shortfall; 0 for a class with a profile beyond the table, and for KLASSE_ALLE.  A Gruppe of one
 * class is bounded with it before any of its entries is looked at.
 */
static void
klassen_vorbereiten(suche *su)
{
	const kaoa_angebotsindex *ix = su->ix;
	float		minimum[N_KLASSEN];
	int32_t		id;
	int			c;

	for (c = 0; c < N_KLASSEN; c++)
		minimum[c] = INFINITY;
	for (id = 0; id < ix->n_riasec_f; id++)
	{
		uint8_t		k = ix->riasec_klasse[id];

		if (su->f_interessen[id] < minimum[k])
			minimum[k] = su->f_interessen[id];
	}
	for (c = 0; c < N_KLASSEN; c++)
	{
		double		abzug = (double) minimum[c] - (double) su->f_spiel;

		if (c == KLASSE_ALLE || ((ix->klassen_ohne_tabelle >> c) & 1) || !(abzug > 0.0))
			abzug = 0.0;
		su->klassen_abzug[c] = abzug;
	}
}

/*
 * The greatest value each component can take for this applicant over all offers, so that every
 * bound starts from what is reachable instead of from 1: an applicant without competences gets
 * kompetenzen 0.5 from every offer (a fifth of the default weight of the other components' slack
 * gone), one without interests interessen 0.5; abschluss at best the best over the qualification
 * slots that occur; beginn at best what the latest start date gives.  beruf and weg stay at 1
 * (their bounds come per Gruppe and per band).  Each value is a component's value for some
 * possible offer and >= its value for every offer, so the bounds stay bounds.
 */
static void
hoechstwerte_setzen(suche *su)
{
	const kaoa_angebotsindex *ix = su->ix;
	const kaoa_bewerber *b = su->b;
	double		ab = 0.0;
	int			slot;

	su->hoechst[KAOA_K_BERUF] = 1.0;
	su->hoechst[KAOA_K_WEG] = 1.0;
	su->hoechst[KAOA_K_INTERESSEN] = su->interessen != NULL && ix->mit_interessen ? 1.0 :
		kaoa_interessen_wert(NULL, NULL);
	su->hoechst[KAOA_K_KOMPETENZEN] = su->kompetenzen != NULL && ix->mit_anforderungen ? 1.0 :
		kaoa_kompetenzen_wert(NULL, NULL);
	for (slot = 0; slot < ABSCHLUSS_SLOTS; slot++)
		if ((ix->slots >> slot) & 1)
		{
			double		c = kaoa_komponente_abschluss(b->abschluss,
													  slot <= KAOA_ABSCHLUSS_MAX ? slot : KAOA_ABSCHLUSS_MAX + 1);

			if (c > ab)
				ab = c;
		}
	su->hoechst[KAOA_K_ABSCHLUSS] = ab;
	su->hoechst[KAOA_K_BEGINN] = ix->ohne_beginn ? 1.0 :
		kaoa_beginn_wert(b->hat_verfuegbar_ab, b->verfuegbar_ab, true, ix->beginn_max);
}

/*
 * The first step's tables for this applicant: the shortfall of abschluss for every (slot, hard)
 * and of beginn for every class (0 not later, 1 up to 31 days later, 2 up to 60, 3 excluded),
 * infinite where the pair is excluded; the weg formula's constants.  The budget they are compared
 * with is widened by f_spiel, far above the float rounding of these sums.
 */
static void
erster_schritt_vorbereiten(suche *su)
{
	int			slot,
				hart;

	for (slot = 0; slot <= M_SLOT; slot++)
		for (hart = 0; hart < 2; hart++)
		{
			float	   *f = &su->f_abschluss[slot | (hart ? M_HART : 0)];

			if (slot >= ABSCHLUSS_SLOTS)
			{
				*f = 0.0f;		/* no entry has it */
				continue;
			}
			{
				int			code = slot <= KAOA_ABSCHLUSS_MAX ? slot : KAOA_ABSCHLUSS_MAX + 1;

				*f = kaoa_abschluss_ausgeschlossen(su->b->abschluss, code, hart) ? INFINITY :
					(float) (su->w[KAOA_K_ABSCHLUSS] *
							 (su->hoechst[KAOA_K_ABSCHLUSS] - kaoa_komponente_abschluss(su->b->abschluss, code)));
			}
		}
	su->f_beginn[0] = (float) (su->w[KAOA_K_BEGINN] * (su->hoechst[KAOA_K_BEGINN] - kaoa_beginn_wert(true, 0, true, 0)));
	su->f_beginn[1] = (float) (su->w[KAOA_K_BEGINN] * (su->hoechst[KAOA_K_BEGINN] - kaoa_beginn_wert(true, 1, true, 0)));
	su->f_beginn[2] = (float) (su->w[KAOA_K_BEGINN] *
							   (su->hoechst[KAOA_K_BEGINN] - kaoa_beginn_wert(true, KAOA_BEGINN_HALB_TAGE + 1, true, 0)));
	su->f_beginn[3] = INFINITY;
	su->f_w_weg = (float) su->w[KAOA_K_WEG];
	su->f_max_km = (float) su->max_km;
	su->f_weg_kehrwert = su->max_km > KAOA_WEG_VOLL_KM ? (float) (1.0 / (su->max_km - KAOA_WEG_VOLL_KM)) : 0.0f;
	su->f_spiel = (float) (1e-5 * su->nenner + 1e-9);

	/* interessen: 0.5 against an offer without a profile (id 0), a profile of zeros, or for an
	 * applicant without one; otherwise at most the float cosine of the unit vectors plus its slack */
	{
		const kaoa_angebotsindex *ix = su->ix;
		float	   *f = su->sc->f_interessen;
		double		w = su->w[KAOA_K_INTERESSEN];
		double		h = su->hoechst[KAOA_K_INTERESSEN];
		float		halb = (float) (w * (h - kaoa_interessen_wert(NULL, NULL)));
		float		a[8];
		bool		hat = false;
		int32_t		id;

		if (su->interessen != NULL)
		{
			riasec_einheit(su->interessen, a);
			hat = a[6] == 0.0f;
		}
		f[0] = halb;
		for (id = 1; id < ix->n_riasec_f; id++)
		{
			const float *r = &ix->riasec_f[(size_t) id * 8];
			float		dot;
			double		u;

			if (!hat || r[6] != 0.0f)
			{
				f[id] = halb;
				continue;
			}
			dot = a[0] * r[0] + a[1] * r[1] + a[2] * r[2] + a[3] * r[3] + a[4] * r[4] + a[5] * r[5];
			u = (double) dot + RIASEC_F_SPIEL;
			f[id] = u >= h ? 0.0f : (float) (w * (h - u));
		}
		f[ix->n_riasec_f] = 0.0f;
		su->f_interessen = f;
		su->n_riasec_f = (uint32_t) ix->n_riasec_f;
		klassen_vorbereiten(su);
	}
}

/* ---- geometry -------------------------------------------------------------------------------- */

/* What the search of one applicant needs to know about its reach. */
typedef struct reichweite
{
	int32_t		z_lo;			/* bands that can lie within max_km */
	int32_t		z_hi;
	int32_t		z_eigen;		/* the applicant's own band */
} reichweite;

static void
reichweite_setzen(const suche *su, reichweite *rw)
{
	double		winkel = su->max_km / KAOA_ERDRADIUS_KM;	/* radians of arc */
	double		breite = winkel * (1.0 + SPIEL_REL) + SPIEL_ABS;

	rw->z_lo = kaoa_zeile_von((su->phi - breite) / KAOA_GRAD);
	rw->z_hi = kaoa_zeile_von((su->phi + breite) / KAOA_GRAD);
	rw->z_eigen = kaoa_zeile_von(su->b->lat);
}

/* The applicant's distance bound and weg bound for band z (computed on first use in this search). */
static const band *
band_von(suche *su, int32_t z)
{
	band	   *bd = &su->sc->baender[z - KAOA_ZEILE_MIN];

	if (su->sc->band_stempel[z - KAOA_ZEILE_MIN] == su->sc->suche_nr)
		return bd;
	su->sc->band_stempel[z - KAOA_ZEILE_MIN] = su->sc->suche_nr;
	kaoa_band_grenzen(su->phi, z, &bd->dmin, &bd->cos_min);
	bd->weg_max = kaoa_komponente_weg(true, bd->dmin, su->max_km);
	return bd;
}

/*
 * Once k hits are held, an offer of a Gruppe with beruf value beruf can only enter with a weg
 * component of at least what the threshold leaves, i.e. within a distance shorter than max_km.
 * Returns that distance (widened by a slack, never more than max_km), or -1 when no offer of the
 * Gruppe can enter at all.
 */
static double
reichweite_noetig(const suche *su)
{
	double		max_km = su->max_km;
	double		w_weg = su->w[KAOA_K_WEG];
	double		rest,
				weg_min,
				d;

	if (su->n < su->k || w_weg <= 0.0)
		return max_km;
	/* numerator with weg at 0 and everything else at its bound, against the threshold */
	rest = su->z_schranke - w_weg - su->schwelle + su->spiel;
	weg_min = -rest / w_weg - 1e-9;
	if (weg_min <= 0.0)
		return max_km;
	if (weg_min > 1.0 + 1e-9)
		return -1.0;
	if (max_km <= KAOA_WEG_VOLL_KM)
		return max_km;
	d = max_km - weg_min * (max_km - KAOA_WEG_VOLL_KM);
	if (d < KAOA_WEG_VOLL_KM)
		d = KAOA_WEG_VOLL_KM;
	d = d * (1.0 + SPIEL_REL) + 1e-6;
	return d < max_km ? d : max_km;
}

/* Looks at the located positions [lo, hi) of fl: the first step in runs of LAUF against the reach
 * km, the second for the entries within it. */
static void
lauf(suche *su, const flaeche *fl, int32_t lo, int32_t hi, double km)
{
	int32_t		pos[LAUF];
	float		a[LAUF];
	float		a_grenze = kaoa_a_von(km);

	while (lo < hi)
	{
		int32_t		bis = hi - lo > LAUF ? lo + LAUF : hi;
		/* what the bound with abschluss, beginn and weg may fall short of the Gruppe's */
		float		budget = su->n < su->k ? INFINITY :
			(float) (su->z_gruppe - su->schwelle + su->spiel) + su->f_spiel;
		int32_t		m = nah_filtern(su, fl, lo, bis, a_grenze, budget, pos, a),
					j;

		su->st.gesichtet += bis - lo;
		for (j = 0; j < m; j++)
		{
			double		d_unten = kaoa_km_von(a[j]);

			if (d_unten > su->max_km)
				continue;
			bewerten(su, fl->eintrag ? fl->eintrag[pos[j]] : pos[j], true,
					 kaoa_komponente_weg(true, d_unten, su->max_km));
		}
		lo = bis;
	}
}

/* What the band walk needs (kaoa_band_gehen's context). */
typedef struct band_gang
{
	suche	   *su;
	const flaeche *fl;
	const band *bd;
} band_gang;

static void
band_lauf(void *ctx, int32_t von, int32_t bis, double km)
{
	band_gang  *b = (band_gang *) ctx;

	lauf(b->su, b->fl, von, bis, km);
}

/* The reach the k-th score still allows in this band; -1 when no entry of the band can enter. */
static double
band_reichweite(void *ctx)
{
	band_gang  *b = (band_gang *) ctx;
	suche	   *su = b->su;

	if (chancenlos_grob(su, su->z_schranke - su->w[KAOA_K_WEG] * (1.0 - b->bd->weg_max)))
		return -1.0;
	return reichweite_noetig(su);
}

/*
 * Visits the positions [start, ende) of one band within the applicant's reach, walked as naehe.h's
 * kaoa_band_gehen walks a band (nearest first from the applicant's longitude, the reach narrowed
 * every NACHSCHAERFEN runs); nothing when no entry of the band can enter.
 */
static void
band_besuchen(suche *su, const flaeche *fl, int32_t start, int32_t ende, const band *bd)
{
	band_gang	b = {su, fl, bd};
	kaoa_bandgang g = {&b, band_lauf, band_reichweite, LAUF, NACHSCHAERFEN, KLEINES_BAND};
	double		km = band_reichweite(&b);

	if (km < 0.0)
		return;
	kaoa_band_gehen(&g, fl->grob->lambda, start, ende, su->lambda, su->cosphi, bd->cos_min, km);
}

/* Visits the bands of a Fläche within the applicant's reach, nearest band first, so that the heap
 * fills with close offers early and the farther bands are pruned by their weg bound. */
static void
flaeche_besuchen(suche *su, const flaeche *fl, const reichweite *rw)
{
	const zeile *zl = fl->zeilen;
	int32_t		lo = fl->zeilen_start,
				hi = fl->zeilen_ende,
				erste,
				letzte,
				hoch,
				runter;

	/* first band >= z_lo, first band > z_hi, first band >= the applicant's */
	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (zl[m].nummer < rw->z_lo)
			lo = m + 1;
		else
			hi = m;
	}
	erste = lo;
	for (letzte = erste; letzte < fl->zeilen_ende && zl[letzte].nummer <= rw->z_hi; letzte++)
		;
	for (hoch = erste; hoch < letzte && zl[hoch].nummer < rw->z_eigen; hoch++)
		;
	runter = hoch - 1;
	while (hoch < letzte || runter >= erste)
	{
		int32_t		zi;
		const band *oben = hoch < letzte ? band_von(su, zl[hoch].nummer) : NULL;
		const band *unten = runter >= erste ? band_von(su, zl[runter].nummer) : NULL;
		const band *bd;

		if (unten == NULL || (oben != NULL && oben->dmin <= unten->dmin))
		{
			zi = hoch++;
			bd = oben;
		}
		else
		{
			zi = runter--;
			bd = unten;
		}
		band_besuchen(su, fl, zl[zi].start, zi + 1 < fl->zeilen_ende ? zl[zi + 1].start : fl->ende, bd);
	}
}

/* Visits one Gruppe (beruf: its bound, the exact value of its code or the greatest of a mixed
 * Gruppe's): its unlocated entries (weg 0.5), then its located ones within reach (or all of them,
 * weg 0.5, for an applicant without a location). */
static void
gruppe_besuchen(suche *su, const gruppe *gr, double beruf, const reichweite *rw)
{
	double		weg_ohne = kaoa_komponente_weg(false, 0.0, su->max_km);
	int32_t		i;
	flaeche		fl;

	su->b_gruppe = beruf;
	su->z_gruppe = su->zaehler_voll - su->w[KAOA_K_BERUF] * (1.0 - beruf);
	su->z_schranke = su->z_gruppe - su->klassen_abzug[gr->klasse];
	su->gemischt = gr->n_codes > 0;
	for (i = 0; i < gr->n_codes; i++)
	{
		double		b = kaoa_komponente_beruf(su->b->wuensche, su->b->n_wuensche,
											  su->ix->codes[gr->codes_start + i]);

		su->sc->b_codes[i] = b;
		su->sc->z_codes[i] = su->zaehler_voll - su->w[KAOA_K_BERUF] * (1.0 - b);
	}
	if (!chancenlos_grob(su, su->z_schranke - su->w[KAOA_K_WEG] * (1.0 - weg_ohne)))
	{
		su->st.gesichtet += gr->ortlos_ende - gr->start;
		for (i = gr->start; i < gr->ortlos_ende; i++)
			bewerten(su, i, false, weg_ohne);
	}
	if (!su->hat_ort)
	{
		if (chancenlos_grob(su, su->z_schranke - su->w[KAOA_K_WEG] * (1.0 - weg_ohne)))
			return;
		su->st.gesichtet += gr->ende - gr->ortlos_ende;
		for (i = gr->ortlos_ende; i < gr->ende; i++)
			bewerten(su, i, false, weg_ohne);
		return;
	}
	fl.grob = &su->ix->grob;
	fl.eintrag = NULL;
	fl.ziffer = su->ix->ziffern;
	fl.ohne = 0;
	fl.zeilen = su->ix->zeilen;
	fl.zeilen_start = gr->zeilen_start;
	fl.zeilen_ende = gr->zeilen_ende;
	fl.ende = gr->ende;
	flaeche_besuchen(su, &fl, rw);
}

/*
 * Visits every entry with one beruf value whose code's first digit is not in ohne (a bit per
 * nibble): the unlocated entries of those Töpfe, then the located ones interest class by class
 * (the class with the least interessen shortfall first, each bounded by it) and within a class by
 * their common bands, so that the near ones come first whatever their code.  An applicant without wishes has beruf 0.5
 * for every offer (ohne = 0); with wishes, the Töpfe left when the work reaches bound 0 are exactly
 * those sharing no first digit with any wish (every other Topf was expanded by an item with a
 * higher bound), so beruf is 0 for every one of their offers, and the Töpfe with the wishes' first
 * digits are left out.
 */
static void
alle_besuchen(suche *su, double beruf, uint32_t ohne, const reichweite *rw)
{
	const kaoa_angebotsindex *ix = su->ix;
	double		weg_ohne = kaoa_komponente_weg(false, 0.0, su->max_km);
	int32_t		t,
				g,
				i;
	flaeche		fl;

	su->b_gruppe = beruf;
	su->z_gruppe = su->zaehler_voll - su->w[KAOA_K_BERUF] * (1.0 - beruf);
	su->z_schranke = su->z_gruppe;
	su->gemischt = false;
	/* the unlocated entries (all of them for an applicant without a location), while their bound
	 * (weg 0.5) can still reach the heap */
	for (t = 0; t < ix->n_toepfe; t++)
	{
		const topf *tp = &ix->toepfe[t];

		if ((ohne >> ((tp->praefix >> 16) & 0xF)) & 1)
			continue;
		if (chancenlos_grob(su, su->z_schranke - su->w[KAOA_K_WEG] * (1.0 - weg_ohne)))
			break;
		for (g = tp->gruppen_start; g < tp->gruppen_ende; g++)
		{
			const gruppe *gr = &ix->gruppen[g];
			int32_t		ende = su->hat_ort ? gr->ortlos_ende : gr->ende;

			su->st.gesichtet += ende - gr->start;
			for (i = gr->start; i < ende; i++)
				bewerten(su, i, false, weg_ohne);
		}
	}
	if (!su->hat_ort)
		return;
	/* the located entries class by class, the class with the least interessen shortfall first */
	{
		int			reihe[KLASSE_OHNE + 1],
					c,
					j;

		for (c = 0; c <= KLASSE_OHNE; c++)
		{
			for (j = c; j > 0 && su->klassen_abzug[reihe[j - 1]] > su->klassen_abzug[c]; j--)
				reihe[j] = reihe[j - 1];
			reihe[j] = c;
		}
		fl.grob = &ix->alle_grob;
		fl.eintrag = ix->alle_eintrag;
		fl.ziffer = ix->alle_ziffer;
		fl.ohne = ohne;
		fl.zeilen = ix->alle_zeilen;
		for (j = 0; j <= KLASSE_OHNE; j++)
		{
			c = reihe[j];
			su->z_schranke = su->z_gruppe - su->klassen_abzug[c];
			fl.zeilen_start = ix->alle_klasse_zeile[c];
			fl.zeilen_ende = ix->alle_klasse_zeile[c + 1];
			fl.ende = ix->alle_klasse_start[c + 1];
			if (fl.zeilen_start < fl.zeilen_ende)
				flaeche_besuchen(su, &fl, rw);
		}
	}
}

/* ---- the order of the work ------------------------------------------------------------------- */

/* The beruf value of a Gruppe's code, or the greatest of a mixed Gruppe's codes. */
static double
gruppe_beruf(const kaoa_bewerber *b, const kaoa_angebotsindex *ix, const gruppe *gr)
{
	double		best = 0.0;
	int32_t		i;

	if (gr->n_codes == 0)
		return kaoa_komponente_beruf(b->wuensche, b->n_wuensche, gr->kldb);
	for (i = 0; i < gr->n_codes; i++)
	{
		double		c = kaoa_komponente_beruf(b->wuensche, b->n_wuensche, ix->codes[gr->codes_start + i]);

		if (c > best)
			best = c;
	}
	return best;
}

static void
posten_hoch(posten *h, int32_t i)
{
	posten		x = h[i];

	while (i > 0)
	{
		int32_t		eltern = (i - 1) / 2;

		if (!(x.schranke > h[eltern].schranke))
			break;
		h[i] = h[eltern];
		i = eltern;
	}
	h[i] = x;
}

static void
posten_runter(posten *h, int32_t n, int32_t i)
{
	posten		x = h[i];

	for (;;)
	{
		int32_t		kind = 2 * i + 1;

		if (kind >= n)
			break;
		if (kind + 1 < n && h[kind + 1].schranke > h[kind].schranke)
			kind++;
		if (!(h[kind].schranke > x.schranke))
			break;
		h[i] = h[kind];
		i = kind;
	}
	h[i] = x;
}

typedef struct arbeit
{
	const suche *su;
	posten	   *h;
	int32_t		n;
	int32_t		kap;
} arbeit;

/* Adds an item with beruf bound beruf, its numerator bound (schranke_mit at the applicant's weg
 * bound) lowered by abzug, what its interest class falls short at least. */
static void
posten_dazu(arbeit *a, double beruf, double abzug, posten_art art, int32_t von, int32_t bis)
{
	/* the capacity covers one item per Topf and Gruppe plus the per-wish ranges (see the caller) */
	if (a->n >= a->kap)
		return;
	a->h[a->n].schranke = schranke_mit(a->su, beruf, a->su->weg_max) - abzug;
	a->h[a->n].beruf = beruf;
	a->h[a->n].art = art;
	a->h[a->n].von = von;
	a->h[a->n].bis = bis;
	posten_hoch(a->h, a->n++);
}

/* The Töpfe [*von, *bis) whose prefix lies in [unten, oben) (Töpfe are sorted by prefix). */
static void
toepfe_zwischen(const kaoa_angebotsindex *ix, kaoa_kldb unten, kaoa_kldb oben, int32_t *von, int32_t *bis)
{
	int32_t		lo = 0,
				hi = ix->n_toepfe;

	while (lo < hi)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (ix->toepfe[m].praefix < unten)
			lo = m + 1;
		else
			hi = m;
	}
	*von = lo;
	for (hi = ix->n_toepfe; lo < hi;)
	{
		int32_t		m = lo + (hi - lo) / 2;

		if (ix->toepfe[m].praefix < oben)
			lo = m + 1;
		else
			hi = m;
	}
	*bis = lo;
}

/* The bound of the beruf component over every code of Topf t. */
static double
beruf_schranke(const kaoa_bewerber *b, const topf *t)
{
	double		best = 0.0;
	int			ebene_topf,
				i;

	if (b->wuensche == NULL || b->n_wuensche <= 0)
		return 0.5;
	if (t->praefix == 0)
		return 0.0;
	ebene_topf = kaoa_kldb_ebene(t->praefix);
	for (i = 0; i < b->n_wuensche; i++)
	{
		int			n = kaoa_kldb_gemeinsam(b->wuensche[i], t->praefix);
		double		c;

		/* all three digits shared: an offer may share up to all of the wish's digits */
		if (ebene_topf == 3 && n == 3)
			n = kaoa_kldb_ebene(b->wuensche[i]);
		c = kaoa_beruf_stufe(n) * kaoa_beruf_faktor(i);
		if (c > best)
			best = c;
	}
	return best;
}

/*
 * The first work items: per wish i with L digits, the Topf of its first three digits (bound
 * S(L)·F(i)), the Töpfe sharing its first two digits (S(2)·F(i)) and those sharing its first digit
 * (S(1)·F(i)); then the rest with bound 0, walked at once (alle_besuchen: the Töpfe sharing no
 * first digit with any wish, whose beruf is 0) — or, without wishes, everything with 0.5.  A Topf
 * is expanded through the first item popped that covers it, whose bound is the highest among those
 * items and so at least the Topf's own bound.
 */
static void
posten_anfangen(suche *su, arbeit *a)
{
	const kaoa_bewerber *b = su->b;
	const kaoa_angebotsindex *ix = su->ix;
	int			i;

	if (b->wuensche == NULL || b->n_wuensche <= 0)
	{
		posten_dazu(a, kaoa_komponente_beruf(NULL, 0, 0), 0.0, P_ALLE, 0, 0);
		return;
	}
	if (b->n_wuensche > (POSTEN_REST - 1) / 3)
	{
		/* more wishes than items reserved: every Topf through one range with the largest bound */
		posten_dazu(a, 1.0, 0.0, P_BEREICH, 0, ix->n_toepfe);
		return;
	}
	for (i = 0; i < b->n_wuensche; i++)
	{
		kaoa_kldb	w = b->wuensche[i];
		int			ebene = kaoa_kldb_ebene(w);
		double		f = kaoa_beruf_faktor(i);
		int32_t		von,
					bis;

		if (ebene >= 3)
		{
			toepfe_zwischen(ix, topf_schluessel(w), topf_schluessel(w) + 1, &von, &bis);
			if (von < bis)
				posten_dazu(a, kaoa_beruf_stufe(ebene) * f, 0.0, P_BEREICH, von, bis);
		}
		if (ebene >= 2)
		{
			toepfe_zwischen(ix, w & UINT32_C(0xFF000), (w & UINT32_C(0xFF000)) + UINT32_C(0x1000), &von, &bis);
			if (von < bis)
				posten_dazu(a, kaoa_beruf_stufe(2) * f, 0.0, P_BEREICH, von, bis);
		}
		if (ebene >= 1)
		{
			toepfe_zwischen(ix, w & UINT32_C(0xF0000), (w & UINT32_C(0xF0000)) + UINT32_C(0x10000), &von, &bis);
			if (von < bis)
				posten_dazu(a, kaoa_beruf_stufe(1) * f, 0.0, P_BEREICH, von, bis);
		}
	}
	posten_dazu(a, 0.0, 0.0, P_REST, 0, 0);
}

int32_t
kaoa_angebotsindex_top(kaoa_angebotsindex *ix, const kaoa_bewerber *b,
					   const kaoa_gewichte *g, int32_t k, kaoa_treffer *out,
					   kaoa_suchstatistik *st)
{
	return kaoa_angebotsindex_top_mit(ix, ix->standard, b, g, k, out, st);
}

int32_t
kaoa_angebotsindex_top_mit(const kaoa_angebotsindex *ix, kaoa_angebotssuche *sc,
						   const kaoa_bewerber *b, const kaoa_gewichte *g, int32_t k,
						   kaoa_treffer *out, kaoa_suchstatistik *st)
{
	suche		su;
	reichweite	rw;
	arbeit		a;
	int32_t		n;

	if (k <= 0 || ix->n == 0)
		return 0;
	memset(&su, 0, sizeof(su));
	memset(&rw, 0, sizeof(rw));
	su.sc = sc;
	su.ix = ix;
	su.b = b;
	su.g = g;
	su.heap = out;
	su.k = k;
	su.nenner = kaoa_passung_nenner(g);
	memcpy(su.w, g->w, sizeof(su.w));
	su.max_km = b->max_km;
	su.hat_ort = b->hat_ort;
	su.interessen = b->hat_interessen ? &b->interessen : NULL;
	su.kompetenzen = b->hat_kompetenzen ? &b->kompetenzen : NULL;
	hoechstwerte_setzen(&su);
	su.zaehler_voll = kaoa_passung_zaehler(su.hoechst, g);
	su.spiel = 1e-9 * su.nenner;
	erster_schritt_vorbereiten(&su);
	if (b->hat_ort)
	{
		kaoa_ort_trig t;

		kaoa_ort_trig_setzen(b->lat, b->lon, &t);
		su.phi = t.phi;
		su.lambda = t.lambda;
		su.cosphi = t.cosphi;
		su.phi_f = (float) t.phi;
		su.lambda_f = (float) t.lambda;
		su.cosphi_f = (float) t.cosphi;
		reichweite_setzen(&su, &rw);
	}
	/* a new search number invalidates the memos and stamps of the previous applicant */
	if (++sc->suche_nr == 0)
	{
		memset(sc->band_stempel, 0, N_ZEILEN * sizeof(uint32_t));
		memset(sc->topf_stempel, 0, (size_t) (ix->n_toepfe > 0 ? ix->n_toepfe : 1) * sizeof(uint32_t));
		memset(sc->riasec, 0, (size_t) ix->n_riasec * sizeof(memo));
		sc->suche_nr = 1;
	}
	su.weg_max = b->hat_ort ? 1.0 : 0.5;

	a.su = &su;
	a.h = sc->posten;
	a.n = 0;
	a.kap = sc->posten_kap;
	posten_anfangen(&su, &a);
	while (a.n > 0)
	{
		posten		p = a.h[0];
		int32_t		i;

		/* best bound first: once one cannot reach the heap, no later one can */
		if (chancenlos(&su, p.schranke))
			break;
		a.h[0] = a.h[--a.n];
		posten_runter(a.h, a.n, 0);
		switch ((posten_art) p.art)
		{
			case P_BEREICH:
				for (i = p.von; i < p.bis; i++)
					if (sc->topf_stempel[i] != sc->suche_nr)
					{
						sc->topf_stempel[i] = sc->suche_nr;
						posten_dazu(&a, beruf_schranke(b, &ix->toepfe[i]), 0.0, P_TOPF, i, i + 1);
					}
				break;
			case P_TOPF:
				for (i = ix->toepfe[p.von].gruppen_start; i < ix->toepfe[p.von].gruppen_ende; i++)
					posten_dazu(&a, gruppe_beruf(b, ix, &ix->gruppen[i]), su.klassen_abzug[ix->gruppen[i].klasse],
								P_GRUPPE, i, i + 1);
				break;
			case P_GRUPPE:
				gruppe_besuchen(&su, &ix->gruppen[p.von], p.beruf, &rw);
				break;
			case P_ALLE:
				alle_besuchen(&su, p.beruf, 0, &rw);
				break;
			case P_REST:
				{
					uint32_t	ohne = 0;

					for (i = 0; i < b->n_wuensche; i++)
						ohne |= UINT32_C(1) << ((b->wuensche[i] >> 16) & 0xF);
					alle_besuchen(&su, 0.0, ohne, &rw);
				}
				break;
		}
	}

	/* heap → best first: repeatedly move the worst to the end */
	n = su.n;
	while (su.n > 1)
	{
		kaoa_treffer t = out[0];

		out[0] = out[su.n - 1];
		out[su.n - 1] = t;
		su.n--;
		treffer_runter(out, su.n, 0);
	}
	if (st)
	{
		st->gesichtet += su.st.gesichtet;
		st->bewertet += su.st.bewertet;
	}
	return n;
}
