/*
 * sbo_regeln.h — the rules of the Standardelemente (SBO) and of the measures of a Kommune
 * (docs/sbo.md), pure C.
 *
 * Design note.  As for the chain (kette_regeln.h), every rule that needs no database lives here so
 * it can be unit-tested under sanitizers (test/unit/test_sbo_regeln.c).  The backend files
 * (src/sbo/sbo_*.c) gather the facts with SPI, call a check here and turn the result into ereport:
 *
 *  - sbo_teilnahme_pruefen / sbo_massnahme_pruefen: the refusals of a participation row and of a
 *    measure row, in a fixed order, each with its SQLSTATE and the name of the CHECK-style
 *    constraint it stands for (sbo_verstoss_sqlstate, sbo_verstoss_constraint);
 *  - sbo_zielgruppe_abweichungen: why a participation in a measure lies outside the measure's
 *    target group (allowed, but flagged);
 *  - sbo_pflicht_faellig / sbo_nachweise_zaehlen: completeness — is an element required of a
 *    pupil of grade g at half-year h, and how many valid proofs does the pupil have.  For the
 *    Berufsfelderkundung ("three days in three different Berufsfelder") that count is the size of
 *    a maximum matching between distinct days and distinct Berufsfelder, so two fields explored on
 *    one day, or one field on two days, never count twice.
 *
 * Dates are whole days (any epoch; the backend passes PostgreSQL's DateADT).  Codes of elements
 * and Berufsfelder are data (reference tables), never enums here.
 */
#ifndef KAOA_SBO_REGELN_H
#define KAOA_SBO_REGELN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Grades a pupil or a measure's target group can have (1–13; EF = 11, Q1 = 12, Q2 = 13 in G9). */
#define SBO_JAHRGANG_MIN 1
#define SBO_JAHRGANG_MAX 13

/* sbo_luecken checks the pupils of lower secondary (Sekundarstufe I) up to this grade. */
#define SBO_SEK1_LETZTER_JAHRGANG 10

/* The first violated rule of a row; SV_OK when none.  Each maps to one SQLSTATE. */
typedef enum sbo_verstoss
{
	SV_OK = 0,
	/* sbo_teilnahme, in the order checked */
	SV_VERSION_UNBEKANNT,		/* 23503: katalog_version not in kaoa.sbo_katalog_version */
	SV_CODE_UNBEKANNT,			/* 23503: sbo_code not in that version of kaoa.sbo_katalog */
	SV_TEILNAHME_VERKEHRT,		/* 23514: bis before datum */
	SV_BERUFSFELD_FEHLT,		/* 23502: element needs a Berufsfeld (Berufsfelderkundung) */
	SV_BERUFSFELD_UNBEKANNT,	/* 23503: berufsfeld not in kaoa.berufsfeld */
	SV_KOMPETENZEN_NICHT_HIER,	/* 23514: kompetenzen on an element that records none */
	/* massnahme, in the order checked */
	SV_TITEL_LEER,				/* 23514: titel empty or only spaces */
	SV_ART_UNGUELTIG,			/* 23514: art not a lower-case key like praxiskurs */
	SV_JAHRGAENGE_LEER,			/* 23514: jahrgaenge empty */
	SV_JAHRGAENGE_AUSSERHALB,	/* 23514: unbounded or outside 1–13 */
	SV_ZEITRAUM_LEER,			/* 23514: zeitraum empty */
	SV_ZEITRAUM_OHNE_BEGINN,	/* 23514: zeitraum without a lower bound */
	SV_PLAETZE_NEGATIV,			/* 23514: plaetze < 0 */
	SV_SCHULFORMEN_UNGUELTIG,	/* 23514: schulformen empty, with a NULL or a malformed key */
	SV_BERUFSFELDER_LEER,		/* 23514: berufsfelder an empty list or with a NULL (NULL = every field) */
	SV_BERUFSFELDER_UNBEKANNT,	/* 23503: an element of berufsfelder not in kaoa.berufsfeld */
	SV_ANZAHL
} sbo_verstoss;

/* "23503", "23502" or "23514" ("00000" for SV_OK). */
const char *sbo_verstoss_sqlstate(sbo_verstoss v);

/* The constraint name reported with the error (and, where a CHECK backs the rule, its name). */
const char *sbo_verstoss_constraint(sbo_verstoss v);

/* ---- a participation in a Standardelement (kaoa.sbo_teilnahme) ---------------------------------- */

typedef struct sbo_teilnahme_fakten
{
	bool		version_bekannt;	/* katalog_version is a row of kaoa.sbo_katalog_version */
	bool		code_bekannt;		/* (katalog_version, sbo_code) is a row of kaoa.sbo_katalog */
	bool		berufsfeld_noetig;	/* the catalogue row requires a Berufsfeld */
	bool		mit_kompetenzen;	/* the catalogue row records competences (Potenzialanalyse) */
	bool		hat_berufsfeld;
	bool		berufsfeld_bekannt; /* only read when hat_berufsfeld */
	bool		hat_kompetenzen;
	int32_t		datum;
	bool		hat_bis;
	int32_t		bis;
} sbo_teilnahme_fakten;

/* Version → code → period → Berufsfeld missing → Berufsfeld unknown → competences. */
sbo_verstoss sbo_teilnahme_pruefen(const sbo_teilnahme_fakten *f);

/* ---- a measure (kaoa.massnahme) ------------------------------------------------------------------- */

/* A range as PostgreSQL keeps it: empty, or bounds that may be infinite; the bounds are given
 * inclusive (the backend converts the canonical [) form of int4range / daterange). */
typedef struct sbo_bereich
{
	bool		leer;
	bool		unten_offen;
	bool		oben_offen;
	int32_t		unten;			/* first value inside (when !unten_offen) */
	int32_t		oben;			/* last value inside (when !oben_offen) */
} sbo_bereich;

typedef struct sbo_massnahme_fakten
{
	sbo_bereich jahrgaenge;
	sbo_bereich zeitraum;
	bool		hat_plaetze;
	int32_t		plaetze;
	int			berufsfelder_unbekannt; /* how many elements of berufsfelder are unknown */
	bool		titel_leer;		/* sbo_leer(titel) */
	bool		art_ungueltig;	/* !sbo_art_gueltig(art) */
	bool		schulformen_ungueltig;	/* not NULL and empty, multi-dimensional, with a NULL or a key
										 * that fails sbo_schulform_gueltig */
	bool		berufsfelder_leer;	/* not NULL and empty, multi-dimensional or with a NULL */
} sbo_massnahme_fakten;

/* True when art is a lower-case key: a letter a-z, then letters, digits or '_' (praxiskurs). */
bool		sbo_art_gueltig(const char *art);

/* True when s is an IT.NRW school-form key: 1 to 3 capital letters A-Z (GY, R, H, GE, SK, BK). */
bool		sbo_schulform_gueltig(const char *s);

/* True when s is empty or only spaces (as the CHECK btrim(titel) <> ''). */
bool		sbo_leer(const char *s);

/* Titel → Art → Jahrgänge → Zeitraum → Plätze → Schulformen → Berufsfelder. */
sbo_verstoss sbo_massnahme_pruefen(const sbo_massnahme_fakten *f);

/* True when value x lies in range r. */
bool		sbo_bereich_enthaelt(const sbo_bereich *r, int32_t x);

/* ---- participation outside the target group (kaoa.massnahme_teilnahme.abweichungen) ---------------- */

typedef enum sbo_abweichung
{
	SA_KEIN_SCHULBESUCH = 1 << 0,	/* no enrolment in the school year of the participation */
	SA_JAHRGANG = 1 << 1,		/* grade outside jahrgaenge */
	SA_SCHULFORM = 1 << 2,		/* school form not among schulformen */
	SA_ZEITRAUM = 1 << 3		/* datum outside zeitraum */
} sbo_abweichung;

#define SBO_ABWEICHUNG_ANZAHL 4

/* Labels of the bits in bit order: kein_schulbesuch, jahrgang, schulform, zeitraum. */
extern const char *const sbo_abweichung_namen[SBO_ABWEICHUNG_ANZAHL];

/*
 * A measure's target group is the union of (grades, school forms) pairs: its own jahrgaenge and
 * schulformen, and the rows of kaoa.massnahme_zielgruppe.  One pair:
 */
typedef struct sbo_zielgruppe
{
	sbo_bereich jahrgaenge;
	const char *const *schulformen; /* NULL = every school form */
	int			n_schulformen;
} sbo_zielgruppe;

/* True when a pupil of grade `jahrgang` and school form `schulform` (NULL: unknown, inside only a
 * pair for every school form) lies in one of the n pairs. */
bool		sbo_zielgruppe_enthaelt(const sbo_zielgruppe *gruppen, int n, int jahrgang, const char *schulform);

typedef struct sbo_zielgruppe_fakten
{
	bool		hat_schulbesuch;
	int			jahrgang;			/* of the enrolment (when hat_schulbesuch) */
	const char *schulform;			/* of the enrolment; NULL when unknown */
	const sbo_zielgruppe *gruppen;	/* the measure's target group, n_gruppen >= 1 pairs */
	int			n_gruppen;
	const sbo_bereich *zeitraum;	/* of the measure; NULL: not checked (a registration) */
	int32_t		datum;				/* of the participation */
} sbo_zielgruppe_fakten;

/*
 * Bit set of sbo_abweichung; 0 = inside the target group (some pair holds grade and school form).
 * Outside it: when some pair admits the school form, SA_JAHRGANG (the grade is not one of those
 * pairs'); when none does, SA_SCHULFORM, and SA_JAHRGANG as well if no pair has the grade.  With
 * one pair this is each column on its own.  Without an enrolment neither grade nor school form is
 * known: only SA_KEIN_SCHULBESUCH (and SA_ZEITRAUM) can be set.  A school form that is unknown is
 * admitted only by a pair for every school form.
 */
unsigned	sbo_zielgruppe_abweichungen(const sbo_zielgruppe_fakten *f);

/* ---- gaps: does a measure cover a cell of grade × school form × Berufsfeld? ---------------------------- */

typedef struct sbo_massnahme_ziel
{
	const sbo_zielgruppe *gruppen;	/* the target group (n_gruppen pairs) */
	int			n_gruppen;
	const int32_t *felder;			/* Berufsfelder (any numbering); NULL = every Berufsfeld */
	int			n_felder;
} sbo_massnahme_ziel;

/* True when measure m is open to pupils of grade `jahrgang` and school form `schulform` (NULL:
 * unknown, covered only by a pair for every school form) in Berufsfeld `feld`.  The school year
 * is the caller's filter. */
bool		sbo_massnahme_deckt(const sbo_massnahme_ziel *m, int jahrgang, const char *schulform, int32_t feld);

/* ---- parallel structures: where two target groups overlap ---------------------------------------------- */

/* At most this many distinct school-form keys in the two target groups compared. */
#define SBO_SCHULFORMEN_MAX 64

/*
 * One piece of an overlap: grades von..bis (inclusive) and the school forms both measures admit
 * there — every school form (alle), or the n_formen keys in formen (sorted by strcmp, pointers
 * into the callers' arrays).
 */
typedef struct sbo_schnitt_teil
{
	int			von;
	int			bis;
	bool		alle;
	int			n_formen;
	const char *formen[SBO_SCHULFORMEN_MAX];
} sbo_schnitt_teil;

/*
 * The overlap of the target groups a and b as disjoint pieces: for every grade the school forms
 * both admit, consecutive grades with the same forms joined into one piece, in grade order.  The
 * same overlap always gives the same pieces, however the groups are split into pairs.  Writes at
 * most SBO_JAHRGANG_MAX pieces to out and returns their number; -1 when the groups name more than
 * SBO_SCHULFORMEN_MAX distinct school forms.
 */
int			sbo_zielgruppen_schnitt(const sbo_zielgruppe *a, int na, const sbo_zielgruppe *b, int nb,
									sbo_schnitt_teil *out);

/* ---- completeness ----------------------------------------------------------------------------------- */

/* A required element of a catalogue version (a row of kaoa.sbo_katalog with pflicht). */
typedef struct sbo_pflicht
{
	int			jahrgang_von;	/* required from this grade … */
	int			ab_halbjahr;	/* … from this half-year of it (1 or 2) */
	int			jahrgang_bis;	/* done by the end of this grade, else overdue */
	int			mindestanzahl;	/* proofs needed */
	bool		verschiedene_berufsfelder;	/* proofs must be on distinct days in distinct fields */
} sbo_pflicht;

typedef enum sbo_faelligkeit
{
	SF_NICHT_FAELLIG = 0,		/* not yet required of this grade */
	SF_OFFEN,					/* required; still within its grades */
	SF_UEBERFAELLIG				/* required; the pupil is past jahrgang_bis */
} sbo_faelligkeit;

/* Is p required of a pupil in grade `jahrgang` in half-year `halbjahr` (1 or 2)? */
sbo_faelligkeit sbo_pflicht_faellig(const sbo_pflicht *p, int jahrgang, int halbjahr);

/* One proof: a participation (or an Anschlussvereinbarung) counting for the element. */
typedef struct sbo_nachweis
{
	int32_t		datum;
	int32_t		berufsfeld;		/* any numbering of the Berufsfelder, > 0; 0 when none */
} sbo_nachweis;

/*
 * How many of the n proofs count for p: without verschiedene_berufsfelder, n; with it, the largest
 * number of proofs with pairwise distinct days and pairwise distinct Berufsfelder (0 = none).
 * n may be large; the matching works on at most SBO_NACHWEISE_MAX proofs (more cannot matter for
 * any realistic mindestanzahl, and the result is capped there).
 */
#define SBO_NACHWEISE_MAX 64
int			sbo_nachweise_zaehlen(const sbo_pflicht *p, const sbo_nachweis *n, int anzahl);

/*
 * One pupil of grade `jahrgang` in half-year `halbjahr`: for each of the n_pflichten requirements,
 * how many proofs count (vorhanden[i]) and whether it is missing (fehlt[i]: SF_NICHT_FAELLIG when
 * not yet required or complete, else SF_OFFEN or SF_UEBERFAELLIG).  Proof j counts for requirement
 * pflicht_von[j] (0-based; anything outside 0..n_pflichten-1 counts for none).  At most
 * SBO_PFLICHTEN_MAX requirements.
 */
#define SBO_PFLICHTEN_MAX 16
void		sbo_schueler_pruefen(const sbo_pflicht *pflichten, int n_pflichten, int jahrgang, int halbjahr,
								 const int *pflicht_von, const sbo_nachweis *nachweise, int n_nachweise,
								 int *vorhanden, sbo_faelligkeit *fehlt);

#endif							/* KAOA_SBO_REGELN_H */
