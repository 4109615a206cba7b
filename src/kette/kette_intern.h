/*
 * kette_intern.h — what the backend files of the Verantwortungskette share among themselves
 * (src/kette/kette_*.c); other areas include kette/kette.h only.
 *
 * The rules themselves are in kette/core/kette_regeln.h; the actor and the owner-privileged SPI in
 * base/akteur.h, enum maps and dates in base/werte.h, the index probe in base/sonde.h.  This
 * header adds: the enum maps of the chain's own enums, the "Auftrag" through which an API
 * function authorises the one change it makes, the event-log writer, the fristen look-up, and the
 * error reporter that turns a kette_verstoss into ereport.
 */
#ifndef KAOA_KETTE_INTERN_H
#define KAOA_KETTE_INTERN_H

#include "base/kaoa.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/snapshot.h"

#include "base/akteur.h"
#include "base/sonde.h"
#include "base/trigger.h"
#include "base/verstoss.h"
#include "base/werte.h"
#include "kette/core/kette_regeln.h"
#include "kette/kette.h"

/* ---- enum values in tuples --------------------------------------------------------------------- */

extern kaoa_enum_map kaoa_map_status;	/* kaoa.fall_status */
extern kaoa_enum_map kaoa_map_basis;	/* kaoa.rechtsgrundlage */

/* ---- the Auftrag: one change an API function authorises ------------------------------------------ */

/*
 * Only the hand-off functions move zustaendig_org, only they answer hand-offs, and verbleib_melden /
 * widerspruch_erheben change rows their caller may not change directly.  Before such a function
 * runs its write (as the owner) it fills kette_auftrag with exactly the row it means; the triggers
 * accept the change for that row only, and kette_auftrag_ausfuehren() clears it afterwards, also
 * on error.
 */
typedef struct kette_auftrag
{
	bool		aktiv;
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int64		fall_id;		/* case the write may change (0: none) */
	int64		person_id;		/* person the write may change (0: none) */
	int64		uebergabe_id;	/* hand-off being answered (0: none) */
	bool		neue_uebergabe; /* an INSERT into kaoa.uebergabe already checked */
	bool		zustaendig;		/* zustaendig_org may move (acceptance) */
	const char *status_art;		/* ereignis art of a status change: "status" or "verbleib" */
} kette_auftrag;

extern kette_auftrag kette_auftrag_jetzt;

/* Runs plan p (as the owner, SPI connected) with auftrag set; clears it afterwards, also on
 * error.  A unique violation of the open-hand-off index is re-raised as KA005. */
extern uint64 kette_auftrag_ausfuehren(const kette_auftrag *auftrag, kaoa_spi_plan *p,
									   Datum *werte, const char *nulls);

/* True when the active Auftrag covers this case / person. */
extern bool kette_auftrag_fuer_fall(const char *kommune, int64 fall_id);
extern bool kette_auftrag_fuer_person(const char *kommune, int64 person_id);

/* ---- errors ------------------------------------------------------------------------------------------ */

/* The SQLSTATE of violation v (core/kette_regeln.c) for errcode(). */
extern int	kette_errcode(kette_verstoss v);

/*
 * Reports violation v of the chain's rules through the base reporter (base/verstoss.h): its
 * SQLSTATE, the place — table and column of schema kaoa, the rule's name (kette_verstoss_regel)
 * as the constraint — and errmsg(...), errdetail(...), errhint(...), each a fixed text with
 * parameters written at the call site:
 *
 *     kette_melden(KV_UEBERGANG, "fall", "status",
 *                  errmsg("case status cannot change from %s to %s", von, nach), errdetail(…), errhint(…));
 */
#define kette_melden(v, tabelle, spalte, meldung, detail, hinweis) \
	kaoa_verstoss(kette_errcode(v), kaoa_verstoss_ort((tabelle), (spalte), kette_verstoss_regel(v)), \
				  meldung, detail, hinweis)

/* ---- the event log ----------------------------------------------------------------------------------- */

/*
 * Appends one row to kaoa.ereignis as the owner (nobody else may insert there).  fall_id / org_id 0
 * and von / nach -1 are SQL NULL; details is a JSON object text or NULL.  The row's rolle is the
 * actor's role.  The caller must be SPI-connected.
 */
extern void kette_ereignis(const char *kommune, int64 fall_id, int64 org_id, const char *art,
						   int von, int nach, const char *details);

/* A case's fixed columns and holder, read through the fall_id index without a lock: what the API
 * functions need to decide visibility before they lock (issue 10, class 7). */
typedef struct kette_fall_kopf
{
	bool		gefunden;
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int64		schule_org;
	int64		zustaendig_org;
	int64		aufnehmende_org;	/* 0: none */
} kette_fall_kopf;

extern void kette_fall_kopf_lesen(int64 fall_id, kette_fall_kopf *k);

/* The current case of a person (greatest schuljahr); 0 when they have none. */
extern int64 kette_aktueller_fall(const char *kommune, int64 person_id);

/* The type (kaoa_org_typ) of organisation (kommune, org_id), read with snap (NULL: the active
 * snapshot); -1 when there is no such organisation. */
extern int	kette_org_typ(const char *kommune, int64 org_id, Snapshot snap);

/* JSON building for details: appends `"key": value` with a leading comma when needed. */
extern void kette_json_text(StringInfo s, const char *key, const char *wert);
extern void kette_json_int(StringInfo s, const char *key, int64 wert);
extern void kette_json_bool(StringInfo s, const char *key, bool wert);

/* ---- deadlines -------------------------------------------------------------------------------------------- */

typedef struct kette_fristen
{
	bool		hat_zeile;
	bool		hat_fenster;
	DateADT		von;
	DateADT		bis;
	int			uebernahme_tage;	/* default 10 without a row */
	DateADT		verbleib_stichtag;	/* default 15 Oct of schuljahr + 1 without one */
} kette_fristen;

/* The fristen row of (kommune, schuljahr), with the defaults filled in, read with snap (NULL: the
 * active snapshot; see base/sonde.h). */
extern void kette_fristen_laden(const char *kommune, int schuljahr, Snapshot snap, kette_fristen *f);

#endif							/* KAOA_KETTE_INTERN_H */
