/*
 * org_typ.h — the types of organisation that act in kaoa (pure C, no PostgreSQL header).
 *
 * Every area asks what kind of organisation an actor works for: the chain (who may hold, send
 * and receive a case), matching (only the KoKo runs the assignment) and SBO (schools and the KoKo
 * keep the records).  The enum mirrors the SQL enum kaoa.org_typ in declaration order, so a value
 * read through an enum map (base/werte.h) indexes kaoa_org_typ_namen directly.
 */
#ifndef KAOA_ORG_TYP_H
#define KAOA_ORG_TYP_H

/* kaoa.org_typ, in the SQL enum's order. */
typedef enum kaoa_org_typ
{
	KO_SCHULE = 0,
	KO_BERUFSKOLLEG,
	KO_AGENTUR,
	KO_JOBCENTER,
	KO_JUGENDAMT,
	KO_JBA,
	KO_KOKO,
	KO_KAMMER,
	KO_TRAEGER,
	KO_BETRIEB,
	KO_ANZAHL
} kaoa_org_typ;

/* The SQL labels; index = enum value. */
extern const char *const kaoa_org_typ_namen[KO_ANZAHL];

/* Label → value; -1 for an unknown label or NULL.  Exact and case-sensitive, like SQL enum labels. */
int			kaoa_org_typ_aus_name(const char *name);

/* The label of t, or "unknown" for a value outside the enum (for messages). */
const char *kaoa_org_typ_name(int t);

#endif							/* KAOA_ORG_TYP_H */
