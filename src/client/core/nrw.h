/*
 * nrw.h — reference data for synthetic NRW cohorts (pure C): the 53 Kreise and kreisfreie Städte
 * with their real Kreisschlüssel and names, town centres to cluster people and places around,
 * a selection of common apprenticeship occupations with KldB 2010 codes, and name lists.
 *
 * Design note.  These tables only feed `kaoa generate`; nothing in the database depends on them.
 * Kreisschlüssel and names are the official ones; coordinates are town centres rounded to about
 * 100 m; populations (thousands) are rounded and used only as weights.  The occupations are a
 * selection of the most frequent dual apprenticeships with their KldB 2010 Berufsgattung, a typical
 * Holland code, typical Potenzialanalyse requirements and the qualification employers usually ask
 * for; the weights say how often they are offered and wished for (BIBB's lists of the most
 * frequent new contracts give the order of magnitude).
 */
#ifndef KAOA_NRW_H
#define KAOA_NRW_H

#include <stdbool.h>

typedef struct kaoa_nrw_kommune
{
	const char *ags;			/* 5-digit Kreisschlüssel */
	const char *name;			/* official name */
	bool		kreisfrei;
	int			einwohner_tsd;	/* population, thousands (weight) */
} kaoa_nrw_kommune;

typedef struct kaoa_nrw_ort
{
	const char *ags;			/* the Kommune it belongs to */
	const char *name;			/* town, or district of a large city */
	double		lat;
	double		lon;
	int			einwohner_tsd;	/* weight within the Kommune */
} kaoa_nrw_ort;

typedef struct kaoa_nrw_beruf
{
	const char *kldb;			/* KldB 2010 Berufsgattung, 5 digits */
	const char *titel;
	const char *holland;		/* typical Holland code, 1-3 letters of RIASEC */
	const char *anforderungen;	/* kaoa.kompetenzen literal of typical requirements */
	const char *mindest;		/* qualification usually asked for (kaoa.abschluss), NULL = none */
	int			angebot;		/* relative frequency among offers */
	int			wunsch_m;		/* relative frequency among wishes of young men */
	int			wunsch_w;		/* … of young women */
	const char *betrieb;		/* company name pattern, %s = surname (or town when ort_name) */
	bool		ort_name;
} kaoa_nrw_beruf;

extern const kaoa_nrw_kommune kaoa_nrw_kommunen[];
extern const int kaoa_nrw_n_kommunen;
extern const kaoa_nrw_ort kaoa_nrw_orte[];
extern const int kaoa_nrw_n_orte;
extern const kaoa_nrw_beruf kaoa_nrw_berufe[];
extern const int kaoa_nrw_n_berufe;

extern const char *const kaoa_nrw_vornamen_w[];
extern const int kaoa_nrw_n_vornamen_w;
extern const char *const kaoa_nrw_vornamen_m[];
extern const int kaoa_nrw_n_vornamen_m;
extern const char *const kaoa_nrw_nachnamen[];
extern const int kaoa_nrw_n_nachnamen;
extern const char *const kaoa_nrw_strassen[];
extern const int kaoa_nrw_n_strassen;
extern const char *const kaoa_nrw_namensgeber[];
extern const int kaoa_nrw_n_namensgeber;

/* Index of the Kommune with this Kreisschlüssel, or -1. */
int			kaoa_nrw_kommune_index(const char *ags);

#endif							/* KAOA_NRW_H */
