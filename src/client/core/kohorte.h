/*
 * kohorte.h — the synthetic NRW cohort behind `kaoa generate` (pure C, no PostgreSQL header).
 *
 * Design note.  One call writes a whole cohort as JSON Lines through a callback: per Kommune its
 * `kommune` and `fristen` records, its organisations (KoKo, Agentur für Arbeit, Jobcenter,
 * Jugendamt, Jugendberufsagentur, Kammern, Träger, Berufskollegs, schools, Betriebe), then for
 * every school leaver a `person`, `person_identitaet`, `fall` and (for those looking for an
 * apprenticeship) a `bewerberprofil`, then the `angebot` records.  The format is the one
 * `kaoa import` reads (docs/client.md, "The JSON Lines format").
 *
 * Distributions (from the NRW school statistics, see docs/client.md): leavers' qualifications
 * follow the NRW leavers of allgemeinbildende Schulen 2020/21 (2.3 % ohne Abschluss, 3.4 %
 * Förderschul-Abschluss, 15.4 % ESA incl.  EESA, 35.8 % MSA, 3.5 % FHR (schulischer Teil), 39.7 %
 * Abitur); persons and offers are spread over the Kommunen by population, and placed around real
 * town centres; schools of each form in proportion to the leavers they produce; occupations by how
 * often they are offered and wished for, wishes depending on gender and qualification.
 *
 * Determinism: every Kommune draws from its own streams (seed + Kreisschlüssel + purpose), so the
 * output depends only on the options, never on the platform; the same options give the same bytes.
 */
#ifndef KAOA_KOHORTE_H
#define KAOA_KOHORTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KAOA_KOHORTE_MAX 10000000L	/* upper limit for --personen and --angebote */

typedef struct kaoa_kohorte_optionen
{
	uint64_t	seed;
	long		personen;		/* school leavers in all, spread over the Kommunen */
	long		angebote;		/* offers in all */
	int			kommunen;		/* Kommunen drawn by the seed when no list is given (1..53) */
	const char *kommune_liste;	/* comma-separated Kreisschlüssel, or NULL */
	int			schuljahr;		/* start year of the leavers' last school year (2025 = 2025/26) */
	bool		sbo;			/* enrolments, SBO history and measures (default true) */
} kaoa_kohorte_optionen;

/* Receives one line (ending in '\n'); returns false to stop (e.g. a write error). */
typedef bool (*kaoa_kohorte_ausgabe) (const char *zeile, size_t len, void *ctx);

/* The defaults: seed 1, 1 Kommune, school year 2025, no persons or offers, with SBO records. */
void		kaoa_kohorte_standard(kaoa_kohorte_optionen *o);

/* Checks the options; on error writes a sentence saying what is wrong into err. */
bool		kaoa_kohorte_pruefen(const kaoa_kohorte_optionen *o, char *err, size_t errsz);

/* Writes the cohort.  False when the options are wrong, memory ran out or the callback refused;
 * err then says which. */
bool		kaoa_kohorte_erzeugen(const kaoa_kohorte_optionen *o, kaoa_kohorte_ausgabe aus,
								  void *ctx, char *err, size_t errsz);

/* Civil date helpers (proleptic Gregorian), exposed for the tests. */
long		kaoa_tage_seit_1970(int jahr, int monat, int tag);
void		kaoa_datum_aus_tagen(long tage, int *jahr, int *monat, int *tag);

#endif							/* KAOA_KOHORTE_H */
