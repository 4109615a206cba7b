/*
 * kette.h — what the backend files of the Verantwortungskette share (src/kette_*.c).
 *
 * The rules themselves are in core/kette_regeln.h; the actor and the owner-privileged SPI in
 * akteur.h.  This header adds: the mapping of enum values in tuples to the core's enums, the
 * "Auftrag" through which an API function authorises the one change it makes, the event-log
 * writer, the fristen look-up, and the error reporter that turns a kette_verstoss into ereport.
 */
#ifndef KAOA_KETTE_H
#define KAOA_KETTE_H

#include "base/kaoa.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/snapshot.h"

#include "base/akteur.h"
#include "kette/core/kette_regeln.h"

/* ---- enum values in tuples --------------------------------------------------------------------- */

/* Maps the pg_enum OIDs of one SQL enum to the core's enum (filled on first use per type OID). */
typedef struct kaoa_enum_map
{
	Oid			typoid;
	int			n;
	const char *const *namen;
	Oid			oids[16];
} kaoa_enum_map;

extern kaoa_enum_map kaoa_map_status;	/* kaoa.fall_status */
extern kaoa_enum_map kaoa_map_org_typ;	/* kaoa.org_typ */
extern kaoa_enum_map kaoa_map_basis;	/* kaoa.rechtsgrundlage */

/* The core value of enum datum `wert` of type typoid (ERROR for an unknown label). */
extern int	kaoa_enum_wert(kaoa_enum_map *m, Oid typoid, Datum wert);

/* The same for column `spalte` (1-based) of row `zeile` of SPI_tuptable; -1 for NULL. */
extern int	kaoa_spi_enum(kaoa_enum_map *m, uint64 zeile, int spalte);

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

/* ereport(ERROR) with the SQLSTATE of v (core/kette_regeln.c), message, detail and hint. */
pg_attribute_noreturn()
extern void kette_fehler(kette_verstoss v, const char *meldung, const char *detail, const char *hint);

/* ---- the event log ----------------------------------------------------------------------------------- */

/*
 * Appends one row to kaoa.ereignis as the owner (nobody else may insert there).  fall_id / org_id 0
 * and von / nach -1 are SQL NULL; details is a JSON object text or NULL.  The row's rolle is the
 * actor's role.  The caller must be SPI-connected.
 */
extern void kette_ereignis(const char *kommune, int64 fall_id, int64 org_id, const char *art,
						   int von, int nach, const char *details);

/* The current case of a person (greatest schuljahr); 0 when they have none. */
extern int64 kette_aktueller_fall(const char *kommune, int64 person_id);

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
 * active snapshot; see kette_sonde.h). */
extern void kette_fristen_laden(const char *kommune, int schuljahr, Snapshot snap, kette_fristen *f);

/* current_date (the transaction's date in the session time zone). */
extern DateADT kette_heute(void);

/* A date as YYYY-MM-DD. */
extern char *kette_datum_text(DateADT d);

/* ---- run set-based queries under a pinned search_path ---------------------------------------------- */

/* Sets search_path = pg_catalog, pg_temp for the queries that follow; returns the GUC nest level
 * to pass to kette_suchpfad_zurueck (restored on error by transaction abort). */
extern int	kette_suchpfad_sichern(void);
extern void kette_suchpfad_zurueck(int nestlevel);

/* Module init of the chain (GUCs, callbacks). */
extern void kaoa_kette_init(void);

#endif							/* KAOA_KETTE_H */
