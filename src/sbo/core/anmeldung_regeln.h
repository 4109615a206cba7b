/*
 * anmeldung_regeln.h — the registration rules of a measure (kaoa.anmelden,
 * kaoa.anmeldung_zurueckziehen), pure C.
 *
 * Design note.  A measure with a registration deadline (anmeldung_bis) takes registrations: while
 * fewer than plaetze are zugesagt a new one is zugesagt, then it goes on the waiting list, or is
 * refused when the measure keeps none.  A withdrawal frees the place, and the earliest waiting
 * registration moves up in the same transaction.  The backend (src/sbo_anmeldung.c) locks the
 * measure row, gathers the facts with a fresh snapshot and asks the functions here, so the order
 * of the checks and the arithmetic of places live in one file that the unit tests exercise
 * (test/unit/test_anmeldung_regeln.c):
 *
 *   anmeldung_entscheiden   closed → deadline → already registered → target group → full
 *   anmeldung_nachruecken   how many waiting registrations a number of free places takes
 *   anmeldung_plaetze_ok    may plaetze become n while z registrations are zugesagt?
 *
 * Days are whole days of any epoch (the backend passes PostgreSQL's DateADT of the Europe/Berlin
 * day); counts are int64.
 */
#ifndef KAOA_ANMELDUNG_REGELN_H
#define KAOA_ANMELDUNG_REGELN_H

#include <stdbool.h>
#include <stdint.h>

/* The status of a registration (kaoa.anmeldung.status); the names in anmeldung_status_namen. */
typedef enum anmeldung_status
{
	AS_ZUGESAGT = 0,
	AS_WARTELISTE,
	AS_ZURUECKGEZOGEN,
	AS_ANZAHL
} anmeldung_status;

extern const char *const anmeldung_status_namen[AS_ANZAHL];

/* The status named s, or -1. */
int			anmeldung_status_von(const char *s);

/* The outcome of a registration: accepted, or the first rule it breaks. */
typedef enum anmeldung_ergebnis
{
	AE_OK = 0,
	AE_OHNE_ANMELDUNG,			/* KA011: the measure takes no registrations (no anmeldung_bis) */
	AE_FRIST_VORBEI,			/* KA011: today is after anmeldung_bis */
	AE_DOPPELT,					/* 23505: the person is registered already (zugesagt or warteliste) */
	AE_ZIELGRUPPE,				/* KA012: outside the target group, and nur_zielgruppe */
	AE_VOLL						/* KA011: every place is zugesagt and there is no waiting list */
} anmeldung_ergebnis;

/* "KA011", "KA012", "23505" ("00000" for AE_OK). */
const char *anmeldung_ergebnis_sqlstate(anmeldung_ergebnis e);

typedef struct anmeldung_fakten
{
	bool		hat_frist;		/* anmeldung_bis is set (else: no registrations) */
	int32_t		frist;			/* anmeldung_bis */
	int32_t		heute;			/* today, Europe/Berlin */
	bool		frist_bindet;	/* false for the system (a loader records registrations made on time) */
	bool		angemeldet;		/* a registration of the person that is zugesagt or warteliste */
	unsigned	abweichungen;	/* sbo_zielgruppe_abweichungen of the person (0 = inside) */
	bool		nur_zielgruppe;
	bool		begrenzt;		/* plaetze is set */
	int64_t		plaetze;
	int64_t		zugesagt;		/* registrations zugesagt now (after anyone waiting moved up) */
	bool		warteliste;		/* the measure keeps a waiting list */
} anmeldung_fakten;

/*
 * Decides a registration: AE_OK with *status (zugesagt while a place is free, else warteliste), or
 * the first rule broken, in this order: no registrations → deadline passed → already registered →
 * outside a closed target group → full without a waiting list.
 */
anmeldung_ergebnis anmeldung_entscheiden(const anmeldung_fakten *f, anmeldung_status *status);

/* How many of `wartend` waiting registrations move up when `zugesagt` are zugesagt: as many as
 * there are free places (all when not begrenzt). */
int64_t		anmeldung_nachruecken(bool begrenzt, int64_t plaetze, int64_t zugesagt, int64_t wartend);

/* May a measure with `zugesagt` registrations zugesagt get plaetze = neu (begrenzt)?  Never fewer
 * places than promised ones. */
bool		anmeldung_plaetze_ok(bool begrenzt, int64_t neu, int64_t zugesagt);

#endif							/* KAOA_ANMELDUNG_REGELN_H */
