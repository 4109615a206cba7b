/*
 * kette.h — what the Verantwortungskette offers the other areas of kaoa.
 *
 * The chain owns the person, the case and the hand-off, and so the answer to "may this actor see
 * this person or case": matching asks it before scoring an applicant, SBO before showing or
 * writing a person's Standardelemente.  The predicates run the look-ups as the extension owner
 * (base/akteur.h), so an answer never depends on which rows row-level security shows the caller.
 * Everything else of the chain is internal to src/kette (kette_intern.h).
 */
#ifndef KAOA_KETTE_H
#define KAOA_KETTE_H

#include "base/kaoa.h"

#include "base/akteur.h"

/* May actor a see case (kommune, fall_id)?  schule_org / zustaendig_org: the row's values when
 * the caller has them (saves a look-up), or 0 to look them up.  read_only: the active snapshot
 * (STABLE context), else a fresh one (triggers, API functions). */
extern bool kaoa_fall_sichtbar_fuer(const kaoa_akteur *a, const char *kommune, int64 fall_id,
									int64 schule_org, int64 zustaendig_org, bool read_only);

/* Does actor a hold case (kommune, fall_id)?  The system; the organisation in zustaendig_org.
 * Decides who writes what is recorded on a case (contact attempts): an organisation merely offered
 * the case, a former holder, the case's school while another holds it and the KoKo do not.  A
 * case that does not exist: false, as for one held elsewhere. */
extern bool kaoa_fall_gehalten_fuer(const kaoa_akteur *a, const char *kommune, int64 fall_id,
									bool read_only);

/* May actor a see person (kommune, person_id)?  The system; the KoKo of the Kommune; the
 * organisation that registered the person; any organisation that may see one of their cases. */
extern bool kaoa_person_sichtbar_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id,
									  bool read_only);

/* Does actor a hold person (kommune, person_id)?  The system; the organisation that holds the
 * person's current case (greatest schuljahr); while the person has no case, the school that
 * registered them.  An organisation merely offered a case, a former holder and the school of a
 * case held elsewhere do not.  Decides who opens a case for the person (kaoa.fall INSERT). */
extern bool kaoa_person_gehalten_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id,
									  bool read_only);

/*
 * Who keeps a person (kommune, person_id), read through two btree probes as the owner: with a case,
 * the holder (zustaendig) and the school of the current case (greatest schuljahr); without one, the
 * school that registered them in both (0 for a person registered by a system role, or none).
 */
typedef struct kaoa_person_halter
{
	bool		hat_fall;		/* the person has a case */
	int32		schuljahr;		/* the current case's school year */
	int64		zustaendig;		/* holder of the current case; without a case the registering school */
	int64		schule;			/* school of the current case; without a case the registering school */
} kaoa_person_halter;

extern void kaoa_person_halter_lesen(const char *kommune, int64 person_id, bool read_only,
									 kaoa_person_halter *h);

/* The type (kaoa_org_typ) of organisation (kommune, org_id), read as the owner; -1 when there is
 * none.  read_only as above. */
extern int	kaoa_org_typ_von(const char *kommune, int64 org_id, bool read_only);

/*
 * Consents (kaoa.einwilligung).  kaoa_einwilligung_verwaltet_fuer: may actor a revoke a consent of
 * person (kommune, person_id) recorded by organisation erfasst_von (0: by a system role)?  The
 * system; the organisation that recorded it; the holder of the person's current case and that
 * case's school (before a first case the school that registered them).
 * kaoa_einwilligung_sichtbar_fuer: may it read the consent?  Those, the KoKo of the Kommune, and the
 * receiver of a hand-off made under the consent while it is open or accepted.
 */
extern bool kaoa_einwilligung_verwaltet_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id,
											 int64 erfasst_von, bool read_only);
extern bool kaoa_einwilligung_sichtbar_fuer(const kaoa_akteur *a, const char *kommune, int64 einwilligung_id,
											int64 person_id, int64 erfasst_von, bool read_only);

/* May actor a read and write the identity (person_identitaet) directly?  The system; the school or
 * Berufskolleg that holds the person's current case and is its school (schule_org =
 * zustaendig_org); while the person has no case, the school that registered them.  Every other
 * organisation reads only what a hand-off's legal basis transferred (kaoa.uebergabe_daten). */
extern bool kaoa_identitaet_sichtbar_fuer(const kaoa_akteur *a, const char *kommune,
										  int64 person_id, bool read_only);

/*
 * Logs an event about a person that another area decides (a registration for a measure) in the
 * chain's log kaoa.ereignis: under the person's current case (NULL when they have none), by the
 * acting organisation and role.  art is one of the kinds the log's CHECK admits; details a JSON
 * object text.  The caller is SPI-connected.
 */
extern void kaoa_ereignis_person(const char *kommune, int64 person_id, const char *art,
								 const char *details);

/* Module init of the chain (its setting kaoa.daten_loeschen_erlaubt, transaction callbacks). */
extern void kaoa_kette_init(void);

#endif							/* KAOA_KETTE_H */
