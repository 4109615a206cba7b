/*
 * akteur.h — who is acting, and how kaoa looks things up on the owner's behalf
 * (docs/roles-and-bi.md).
 *
 * This is the C API the other areas of kaoa build on (matching: bewerberprofil, angebot; SBO).
 *
 * 1. The actor.  kaoa_akteur_ermitteln() resolves the role in effect outside any SECURITY DEFINER
 *    function — GetOuterUserId(), i.e. what SET ROLE selected, not the session user and not a
 *    function owner — matched *exactly* (no role inheritance) against kaoa.akteur:
 *      - a row with org_id          → KAOA_AKTEUR_ORG: acts for (kommune, org_id, org_typ);
 *      - a row with org_id NULL     → KAOA_AKTEUR_SYSTEM (registered with kaoa.system_zugang);
 *      - no row, but superuser or the extension's owner → KAOA_AKTEUR_SYSTEM;
 *      - anything else              → KAOA_AKTEUR_KEINER (refused by kaoa_akteur_verlangen with
 *        42501).  A role registered with kaoa.bi_zugang is KEINER with bi_kommune set.
 *    The result is cached for the current transaction and role; any write to kaoa.akteur or
 *    kaoa.bi_rolle (and any subtransaction abort) drops the cache.
 *
 * 2. Running as the owner.  Rule triggers and API functions read (and the API functions write)
 *    with the extension owner's privileges, the way PostgreSQL's foreign-key triggers do
 *    (ri_triggers.c: SetUserIdAndSecContext with SECURITY_LOCAL_USERID_CHANGE |
 *    SECURITY_NOFORCE_RLS), so a rule never fails because row-level security hides a row from the
 *    actor, and never reveals it.  GetOuterUserId() is unaffected by the switch, so triggers fired
 *    by an owner-privileged write still see the real actor.  Use kaoa_spi_als_eigentuemer() with a
 *    kaoa_spi_plan (prepared once as the owner, kept for the backend's life); an ERROR inside
 *    restores the user id through transaction abort, as in ri_triggers.c.
 *
 * 3. Visibility predicates, owner-privileged, for row-level security policies (SQL wrappers:
 *    kaoa.fall_sichtbar, kaoa.person_sichtbar, kaoa.identitaet_sichtbar).  "May the actor see
 *    person X" is kaoa_person_sichtbar_fuer(); the matching area reuses it for bewerberprofil.
 *
 * Every SQL string run through this API must schema-qualify tables, functions, types and
 * operators (OPERATOR(pg_catalog.=)), because it runs as the owner under the caller's search_path.
 */
#ifndef KAOA_AKTEUR_H
#define KAOA_AKTEUR_H

#include "base/kaoa.h"

#include "executor/spi.h"

#include "base/core/org_typ.h"
#include "base/spi.h"

#define KAOA_KOMMUNE_LEN 5

typedef enum kaoa_akteur_art
{
	KAOA_AKTEUR_KEINER = 0,		/* unknown role (or a BI role): refused by the rules */
	KAOA_AKTEUR_ORG,			/* acts for one organisation */
	KAOA_AKTEUR_SYSTEM			/* imports, maintenance, scheduled jobs */
} kaoa_akteur_art;

typedef struct kaoa_akteur
{
	kaoa_akteur_art art;
	Oid			rolle_oid;		/* GetOuterUserId() */
	char		rolle[NAMEDATALEN];
	char		kommune[KAOA_KOMMUNE_LEN + 1];	/* "" unless ORG */
	int64		org_id;			/* 0 unless ORG */
	int			org_typ;		/* kaoa_org_typ (base/core/org_typ.h); -1 unless ORG */
	char		bi_kommune[KAOA_KOMMUNE_LEN + 1];	/* a BI role's Kommune, else "" */
} kaoa_akteur;

/* The current actor (cached per transaction and role).  Never NULL. */
extern const kaoa_akteur *kaoa_akteur_ermitteln(void);

/* The current actor, or ERROR 42501 (insufficient_privilege) naming the role and saying how to
 * register it, when the role is neither an organisation's actor nor the system. */
extern const kaoa_akteur *kaoa_akteur_verlangen(void);

/* True for the system actor. */
static inline bool
kaoa_ist_system(const kaoa_akteur *a)
{
	return a->art == KAOA_AKTEUR_SYSTEM;
}

/* The extension owner (cached per transaction); ERROR when kaoa is not installed. */
extern Oid	kaoa_eigentuemer_oid(void);

/* True when the outer user is a superuser or the extension owner (the administration functions
 * kaoa.akteur_anlegen, kaoa.system_zugang and kaoa.bi_zugang require it). */
extern bool kaoa_ist_verwalter(void);

/* Switch to the owner's user id (RLS off for the owner) and back.  Pairs must nest. */
typedef struct kaoa_rechtewechsel
{
	Oid			userid;
	int			sec_context;
} kaoa_rechtewechsel;

extern void kaoa_als_eigentuemer(kaoa_rechtewechsel *w);
extern void kaoa_rechte_zurueck(const kaoa_rechtewechsel *w);

/* A query prepared once (as the owner) and kept for the backend's life.  generisch: always run the
 * generic plan (CURSOR_OPT_GENERIC_PLAN) — for look-ups by key on a hot path, where the plan cache
 * would otherwise plan anew on every call once its custom plans cost less than the generic one. */
#define KAOA_SPI_MAX_ARGS 10
typedef struct kaoa_spi_plan
{
	const char *sql;
	int			nargs;
	Oid			argtypes[KAOA_SPI_MAX_ARGS];
	SPIPlanPtr	plan;
	bool		generisch;
} kaoa_spi_plan;

/*
 * Runs plan p as the owner; the caller must be SPI-connected.  nulls as in SPI_execute_plan
 * (' ' not null, 'n' null; NULL for none).  read_only: true in STABLE contexts (RLS predicates:
 * the caller's snapshot, no command-counter increment), false in triggers and API functions (a
 * fresh snapshot per query, so a row lock taken before is followed by reading the latest
 * committed rows).  Returns SPI_processed; ERROR on any SPI failure.
 */
extern uint64 kaoa_spi_als_eigentuemer(kaoa_spi_plan *p, Datum *werte, const char *nulls,
									   bool read_only, long max_zeilen);

/* What actor a alone decides about a row of `kommune`: 1 yes (the system; the KoKo of that
 * Kommune), 0 no (not an organisation of that Kommune), -1 a look-up must decide. */
extern int	kaoa_akteur_vorab(const kaoa_akteur *a, const char *kommune);

/* The system, or the KoKo of `kommune`: who keeps a Kommune's configuration and every record of
 * it (kaoa_akteur_vorab() == 1). */
extern bool kaoa_akteur_verwaltet(const kaoa_akteur *a, const char *kommune);

/* Drops the cached actor (after writes to kaoa.akteur / kaoa.bi_rolle). */
extern void kaoa_akteur_cache_verwerfen(void);

/* Module init of the actor cache (transaction, relcache and role-cache callbacks). */
extern void kaoa_akteur_init(void);

#endif							/* KAOA_AKTEUR_H */
