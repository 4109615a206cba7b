/*
 * sbo.h — what the backend files of the Standardelemente and measures share (src/sbo/sbo_*.c).
 *
 * The rules are in core/sbo_regeln.h; the actor and the owner-privileged SPI in base/akteur.h.  This
 * header adds who may see and write a person's SBO data, and the range conversion the triggers
 * and analyses use.
 *
 * Who: the system; the KoKo of the person's Kommune; the school (or Berufskolleg) of the person's
 * current enrolment (the kaoa.schulbesuch row with the greatest schuljahr).  The same organisations
 * may write the data; a provider additionally sees the participations it ran
 * (sbo_teilnahme.anbieter_org), and the organisation running a measure sees its participants.
 */
#ifndef KAOA_SBO_H
#define KAOA_SBO_H

#include "base/kaoa.h"

#include "utils/rangetypes.h"

#include "base/akteur.h"
#include "base/verstoss.h"
#include "base/werte.h"
#include "sbo/core/sbo_regeln.h"

/* The school of the person's current enrolment; 0 when they have none.  read_only: the active
 * snapshot (STABLE context), else a fresh one (triggers). */
extern int64 sbo_aktuelle_schule(const char *kommune, int64 person_id, bool read_only);

/* May actor a see / write the SBO data of person (kommune, person_id)?  Connects to SPI itself
 * when it needs the look-up. */
extern bool sbo_person_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only);

/* Is actor a, a school or Berufskolleg, the pupil's school, which enrols them (for itself)?  The
 * school of the person's current case (greatest schuljahr) — while it holds the case, or an
 * organisation that is no school does (the Agentur counselling a leaver); once another school or
 * Berufskolleg took the case over, that one, after opening a case as their school; before a first
 * case, the school that registered them; for a person a system role registered and who has no
 * case, the school of their current enrolment.  An organisation merely offered a case, a school
 * whose pupil's case the system gave another school: not.  The KoKo and the system are asked for
 * separately (kaoa_akteur_verwaltet). */
extern bool sbo_schule_fuehrt(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only);

/* Range datum (int4range or daterange) as an sbo_bereich with inclusive bounds. */
extern void sbo_bereich_aus(Datum range, Oid rangetyp, sbo_bereich *b);

/* sbo_analysen.c, for every analysis of the area: pin search_path = pg_catalog, pg_temp and turn JIT
 * off for the statements that follow (returns the GUC nest level for kaoa_suchpfad_zurueck); run
 * one statement as the extension owner, planned for these values (SPI connected); the Kommune's
 * min_fallzahl, P0002 when it does not exist. */
extern int	sbo_analyse_beginnen(void);
extern uint64 sbo_analyse_ausfuehren(const char *sql, int nargs, Oid *typen, Datum *werte);
extern int	sbo_kommune_pruefen(const char *kommune);

/* Is org_id a partner of measure (kommune, massnahme_id): its traeger_org, or a row of
 * kaoa.massnahme_partner?  read_only as for sbo_aktuelle_schule. */
extern bool sbo_partner_von(const char *kommune, int64 massnahme_id, int64 org_id, bool read_only);

/* Does org_id organise measure (kommune, massnahme_id): its traeger_org, or a partner row with rolle
 * traeger (a co-organiser)?  A partner with rolle partner does not.  read_only as above. */
extern bool sbo_organisiert(const char *kommune, int64 massnahme_id, int64 org_id, bool read_only);

/* sbo_anmeldung.c: is the write to kaoa.anmeldung for this measure one that kaoa.anmelden /
 * kaoa.anmeldung_zurueckziehen (or a change of the measure's places) is making? */
extern bool sbo_anmeldung_erlaubt(const char *kommune, int64 massnahme_id);

/* The registrations of a locked measure zugesagt (and, when wartend is not NULL, waiting).  SPI
 * connected. */
extern int64 sbo_zugesagt(const char *kommune, int64 massnahme_id, int64 *wartend);

/* Moves waiting registrations up into the free places of a locked measure, logging each; returns
 * the first that moved (0: none).  SPI connected. */
extern int64 sbo_nachruecken(const char *kommune, int64 massnahme_id, bool begrenzt, int64 plaetze,
							 int64 zugesagt, int64 wartend, int64 frei_durch);

/*
 * ERROR KA004 (insufficient rights for this row) through the base reporter (base/verstoss.h), with
 * table and column and the rule sbo_zustaendig; the caller's errdetail names the role and its
 * organisation, then the row:
 *     sbo_verweigern("schulbesuch", "schule_org", errmsg(…), errdetail("Role \"%s\" acts for …", …), errhint(…));
 */
#define sbo_verweigern(tabelle, spalte, meldung, detail, hinweis) \
	kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort((tabelle), (spalte), "sbo_zustaendig"), \
				  meldung, detail, hinweis)

#endif							/* KAOA_SBO_H */
