/*
 * kette_regeln.h — the rule tables of the Verantwortungskette (docs/kette.md), pure C.
 *
 * Design note.  Every rule of the chain that does not need the database lives here, in one place
 * that includes no PostgreSQL header, so it can be unit-tested under sanitizers
 * (test/unit/test_kette_regeln.c): the states and the allowed transitions with their hint lists,
 * what each organisation type may do (the types themselves are in base/core/org_typ.h, since
 * every area uses them), the legal bases with the sender/receiver matrix and the field lists, and
 * the *order of checks* as functions that take the gathered facts and return the first violated
 * rule.  The backend wrappers (src/kette/kette_*.c) are thin: they gather the facts with SPI (asking
 * kette_fall_braucht() which ones a transition needs, so nothing is looked up in vain), call the
 * check function here, and turn the returned kette_verstoss into ereport with the SQLSTATE from
 * kette_verstoss_sqlstate().
 *
 * The enums mirror the SQL enums of extension/015_enums.sql in declaration order; the names
 * arrays below are the SQL labels, and kette_*_aus_name() map a label back.
 */
#ifndef KAOA_KETTE_REGELN_H
#define KAOA_KETTE_REGELN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/core/org_typ.h"

/* kaoa.fall_status, in the SQL enum's order. */
typedef enum kette_status
{
	KS_OFFEN = 0,
	KS_OHNE_ANSCHLUSS,
	KS_IN_BERATUNG,
	KS_ANSCHLUSS_GESICHERT,
	KS_ANGETRETEN,
	KS_NICHT_ANGETRETEN,
	KS_NICHT_ERREICHBAR,
	KS_AUSGENOMMEN,
	KS_ANZAHL
} kette_status;


/* kaoa.rechtsgrundlage, in the SQL enum's order. */
typedef enum kette_basis
{
	KB_SCHULDUEG_1_1 = 0,
	KB_SGB3_31A_2,
	KB_SCHULG_120,
	KB_SGB10_69,
	KB_EINWILLIGUNG,
	KB_ANZAHL
} kette_basis;

/* Labels (the SQL enum labels); index = enum value. */
extern const char *const kette_status_namen[KS_ANZAHL];
extern const char *const kette_basis_namen[KB_ANZAHL];

/* Label → value; -1 for an unknown label.  Exact, case-sensitive (SQL enum labels). */
int			kette_status_aus_name(const char *name);
int			kette_basis_aus_name(const char *name);

/* ---- states and transitions ---------------------------------------------------------------- */

/* True when the transition von → nach is in the transition table (von == nach is never a
 * transition). */
bool		kette_uebergang_erlaubt(kette_status von, kette_status nach);

/* The allowed targets of von as a comma-separated list for the errhint, e.g.
 * "anschluss_gesichert, ohne_anschluss, ausgenommen"; "none (terminal)" for ausgenommen. */
const char *kette_uebergang_ziele(kette_status von);

/*
 * Terminal: ausgenommen always; angetreten once the case's verbleib_stichtag has passed
 * (nach_stichtag: today is after it).  A terminal case keeps its holder and takes no hand-off.
 */
bool		kette_status_terminal(kette_status s, bool nach_stichtag);

/* True for the states that count as "identified" (every state after offen). */
bool		kette_status_identifiziert(kette_status s);

/*
 * Accepting a hand-off moves the case to in_beratung when it is ohne_anschluss, nicht_angetreten
 * or nicht_erreichbar and the receiver is agentur, jobcenter, jugendamt or koko.
 */
bool		kette_uebernahme_beratung(kette_status s, kaoa_org_typ empfaenger);

/* A jba never holds or receives a case. */
bool		kette_org_kann_halten(kaoa_org_typ t);

/* ---- legal bases ----------------------------------------------------------------------------- */

/* Statutory bases (every basis but einwilligung): an ausgenommen case never goes under them. */
bool		kette_basis_gesetzlich(kette_basis b);

/* True when basis b allows a hand-off from an organisation of type von to one of type an (the
 * matrix of docs/kette.md; einwilligung allows any pair where the receiver can hold a case, the
 * consent decides the receiver type). */
bool		kette_basis_erlaubt(kette_basis b, kaoa_org_typ von, kaoa_org_typ an);

/* For the errhint: the sender → receiver types basis b allows, e.g. "schule, berufskolleg → agentur". */
const char *kette_basis_paare(kette_basis b);

/* The citation of basis b, e.g. "SchülerDÜG NRW § 1 Abs. 1, § 31a Abs. 1 SGB III". */
const char *kette_basis_zitat(kette_basis b);

/* Field names a receiver may read under basis b (kaoa.uebergabe_daten), in output order. */
#define KETTE_FELD_MAX 8
typedef struct kette_felder
{
	int			anzahl;
	const char *namen[KETTE_FELD_MAX];
} kette_felder;

/* The fields of a statutory basis, or for einwilligung the full list a consent can cover. */
void		kette_basis_felder(kette_basis b, kette_felder *out);

/* The fields of an einwilligung hand-off: the consent's `daten` ∩ the einwilligung list, in the
 * einwilligung list's order.  daten == NULL (SQL NULL) means the full list. */
void		kette_einwilligung_felder(const char *const *daten, int n_daten, kette_felder *out);

/* True when name is a field a consent may name (the einwilligung list). */
bool		kette_einwilligung_feld_bekannt(const char *name);

/* The einwilligung field list as "a, b, c" for errhints. */
const char *kette_einwilligung_felder_text(void);

/* ---- violations and the order of checks --------------------------------------------------------- */

/* The first violated rule of a check; KV_OK when none.  Each maps to one SQLSTATE. */
typedef enum kette_verstoss
{
	KV_OK = 0,
	/* KA001 */
	KV_UEBERGANG,				/* transition not in the table */
	KV_START_NICHT_OFFEN,		/* a case is created in a state other than offen */
	KV_TERMINAL,				/* hand-off or acceptance of a terminal case */
	KV_ANGETRETEN_NACH_STICHTAG,	/* angetreten → nicht_angetreten after the verbleib_stichtag */
	KV_VERBLEIB_ZUSTAND,		/* verbleib_melden on a state it does not apply to */
	/* KA002 */
	KV_EINWILLIGUNG_FEHLT,		/* basis einwilligung without einwilligung_id */
	KV_EINWILLIGUNG_FREMD,		/* consent not found for this person in this Kommune */
	KV_EINWILLIGUNG_UNGUELTIG,	/* not valid at sending (not yet / revoked) */
	KV_EINWILLIGUNG_EMPFAENGER,	/* does not name the receiver's type */
	KV_EINWILLIGUNG_UEBERFLUESSIG,	/* einwilligung_id given with a statutory basis */
	KV_EINWILLIGUNG_ALTER,		/* 'selbst' before age 14 at gueltig_ab */
	KV_EINWILLIGUNG_WIDERRUFEN,	/* uebergabe_daten after the consent was revoked */
	/* KA003 */
	KV_WIDERSPRUCH,
	/* KA004 */
	KV_NICHT_HALTER,			/* actor does not hold the case */
	KV_NICHT_SICHTBAR,			/* case not visible to the actor (or does not exist) */
	KV_NICHT_EMPFAENGER,		/* only the receiver answers (accept / decline) */
	KV_NICHT_SENDER,			/* only the sender withdraws */
	KV_NICHT_EIGENE_SCHULE,		/* a school creates cases only for itself */
	KV_NICHT_MELDER,			/* verbleib_melden by a type that does not report */
	KV_ZUSTAENDIG_DIREKT,		/* zustaendig_org changed outside the hand-off functions */
	KV_NICHT_LESEN,				/* uebergabe_daten by someone not entitled */
	/* KA005 */
	KV_OFFENE_UEBERGABE,
	KV_BEANTWORTET,
	/* KA006 */
	KV_UNVERAENDERLICH,
	/* KA007 */
	KV_AUSGENOMMEN,
	/* KA008 */
	KV_EMPFAENGER_UNBEKANNT,	/* no such organisation in the case's Kommune */
	KV_EMPFAENGER_SELBST,		/* hand-off to oneself */
	KV_EMPFAENGER_JBA,			/* a jba never receives */
	KV_EMPFAENGER_TYP,			/* pair not allowed by the basis */
	/* KA009 */
	KV_ANSCHLUSS_FEHLT,			/* → anschluss_gesichert without anschluss */
	KV_ANSCHLUSS_SICHERT_NICHT,	/* → anschluss_gesichert with a category that does not secure */
	KV_KONTAKTE,				/* → nicht_erreichbar with < 3 unsuccessful attempts */
	KV_NICHT_OHNE_ANSCHLUSS,	/* schuldueg_1_1 on a case not ohne_anschluss */
	KV_GRUND_FEHLT,				/* decline without a reason */
	KV_KEINE_SCHULE,			/* schule_org is not a school or Berufskolleg */
	/* KA010 */
	KV_FENSTER,					/* identification outside the window without a reason */
	KV_ANZAHL
} kette_verstoss;

/* The five-character SQLSTATE ("KA001" …) of a violation; NULL for KV_OK. */
const char *kette_verstoss_sqlstate(kette_verstoss v);

/* The rule's name ("kette_uebergang" …), reported as the error's constraint; NULL for KV_OK. */
const char *kette_verstoss_regel(kette_verstoss v);

/* Minimum unsuccessful contact attempts before → nicht_erreichbar. */
#define KETTE_MIN_KONTAKTE 3

/*
 * When a contact attempt may be recorded as having happened (kaoa.kontaktversuch.zeit): at most
 * KETTE_KONTAKT_VORLAUF_MIN minutes after the transaction's start (clocks of frontends drift), and
 * for an organisation at most KETTE_KONTAKT_RUECKDATIERUNG_TAGE days before it (an attempt is
 * recorded when it is made or from the notes of the last two weeks; three back-dated failures
 * would otherwise meet the nicht_erreichbar precondition at once).  A system role importing the
 * records of another system may give any past time.
 */
#define KETTE_KONTAKT_VORLAUF_MIN 5
#define KETTE_KONTAKT_RUECKDATIERUNG_TAGE 14

/* Facts a case UPDATE needs beyond the two rows (what the wrapper must look up). */
#define KETTE_BRAUCHT_ANSCHLUSS	0x01	/* does NEW.anschluss secure an Anschluss? */
#define KETTE_BRAUCHT_KONTAKTE	0x02	/* unsuccessful contact attempts with zeit <= now */
#define KETTE_BRAUCHT_FENSTER	0x04	/* is today inside the identification window? */
#define KETTE_BRAUCHT_STICHTAG	0x08	/* has the verbleib_stichtag passed? */

/* States in which the case's anschluss must secure an Anschluss: anschluss_gesichert and
 * angetreten (entering them, and any later change of anschluss while in them). */
bool		kette_status_braucht_anschluss(kette_status s);

/* Which facts the change von → nach needs (0 when it is refused anyway or needs none);
 * anschluss_geaendert: the UPDATE changes anschluss (matters also without a status change). */
unsigned	kette_fall_braucht(kette_status von, kette_status nach, bool anschluss_geaendert);

/* The facts of an UPDATE of a case, in the order the chain checks them. */
typedef struct kette_fall_aenderung
{
	bool		system;			/* the actor is the system */
	bool		halter;			/* the actor's organisation holds the case */
	bool		beauftragt;		/* a hand-off / Verbleib function authorised this change */
	bool		unveraenderlich;	/* kommune, person_id, schuljahr or schule_org changed */
	bool		zustaendig_geaendert;	/* zustaendig_org changed */
	bool		zustaendig_erlaubt; /* … by the acceptance of a hand-off */
	bool		anschluss_geaendert;	/* anschluss changed */
	kette_status von;
	kette_status nach;
	/* filled when kette_fall_braucht() asked for them */
	int			anschluss_sichert;	/* 1 secures, 0 does not, -1 no anschluss set */
	long		erfolglose_kontakte;
	bool		im_fenster;		/* today within the fristen row's window (false without a row) */
	bool		grund;			/* this statement gives a non-empty grund */
	bool		nach_stichtag;	/* today is after the case's verbleib_stichtag */
} kette_fall_aenderung;

/* Order: KA004 (not the holder) → KA006 (a column that never changes) → KA004 (zustaendig_org
 * outside an acceptance) → KA001 (transition) → KA009 / KA010 (preconditions).  Without a status
 * change only the anschluss invariant of anschluss_gesichert / angetreten is checked (KA009). */
kette_verstoss kette_fall_pruefen(const kette_fall_aenderung *a);

/* The facts of kaoa.uebergeben (or a direct INSERT into kaoa.uebergabe). */
typedef struct kette_uebergabe_fakten
{
	bool		system;
	bool		halter;
	kette_status status;
	bool		nach_stichtag;
	kette_basis basis;
	bool		offen_vorhanden;	/* another hand-off of the case is open */
	bool		empfaenger_bekannt; /* receiver is an organisation of the case's Kommune */
	bool		empfaenger_selbst;	/* receiver = sender */
	kaoa_org_typ von_typ;
	kaoa_org_typ an_typ;
	bool		einwilligung_angegeben;
	bool		einwilligung_gefunden;	/* consent of this person in this Kommune */
	bool		einwilligung_gueltig;	/* gueltig_ab <= now < widerrufen_am */
	bool		einwilligung_nennt_empfaenger;
	bool		widerspruch;	/* the person objected */
} kette_uebergabe_fakten;

/* Order: KA004 → KA007 → KA001 → KA005 → KA008 → KA002 → KA003 → KA009. */
kette_verstoss kette_uebergabe_pruefen(const kette_uebergabe_fakten *f);

/* The three answers to an open hand-off. */
typedef enum kette_antwort
{
	KA_UEBERNEHMEN = 0,
	KA_ABLEHNEN,
	KA_ZURUECKZIEHEN
} kette_antwort;

typedef struct kette_antwort_fakten
{
	kette_antwort art;
	bool		system;
	bool		ist_empfaenger;	/* actor's organisation is an_org */
	bool		ist_sender;		/* actor's organisation is von_org */
	bool		beantwortet;	/* accepted, declined or withdrawn already */
	bool		fall_terminal;	/* the case is terminal now */
	bool		grund;			/* a non-empty reason is given */
} kette_antwort_fakten;

/* Order: KA004 (who may answer) → KA005 (already answered) → KA001 (accepting a terminal case)
 * → KA009 (declining without a reason). */
kette_verstoss kette_antwort_pruefen(const kette_antwort_fakten *f);

/* kaoa.verbleib_melden: who reports, and the transition. */
typedef struct kette_verbleib_fakten
{
	bool		system;
	bool		halter;
	bool		gleiche_kommune;	/* the reporter belongs to the case's Kommune */
	bool		aufnehmend;		/* the reporter is the case's aufnehmende_org */
	kaoa_org_typ melder_typ;
	kette_status status;
	bool		angetreten;		/* the report: started (true) or not (false) */
	bool		nach_stichtag;
} kette_verbleib_fakten;

/* Order: KA004 (reporter: system, holder, the KoKo of the Kommune, or the admitting
 * organisation named in the case if its type reports) → KA001 (state).  On KV_OK *nach is the
 * new state. */
kette_verstoss kette_verbleib_pruefen(const kette_verbleib_fakten *f, kette_status *nach);

/* Types that admit a young person and so may be named as a case's aufnehmende_org (and then
 * report its Verbleib): berufskolleg, kammer, betrieb. */
bool		kette_org_nimmt_auf(kaoa_org_typ t);

/* Types that report a Verbleib besides the holder: the admitting types and the KoKo. */
bool		kette_org_meldet_verbleib(kaoa_org_typ t);

/* ---- dates ------------------------------------------------------------------------------------ */

/*
 * Berufsschulpflicht NRW: without a training contract it ends on 31 July of the school year
 * (1 Aug – 31 Jul) in which the person completes the 18th year of life, i.e. (§ 187 Abs. 2 S. 2,
 * § 188 Abs. 2 BGB) at the end of the day before the 18th birthday.  Returns that year.
 */
int			kette_berufsschulpflicht_ende_jahr(int geburt_jahr, int geburt_monat, int geburt_tag);

/*
 * A consent given by the person themself ('selbst') needs age 14 at gueltig_ab.  Only the birth
 * month is stored, so the check is conservative: the person must be 14 even if born on the last
 * day of the month, i.e. gueltig_ab >= the last day of the birth month, 14 years on.
 */
bool		kette_selbst_alt_genug(int geburt_jahr, int geburt_monat,
								   int ab_jahr, int ab_monat, int ab_tag);

/* The default verbleib_stichtag of school year sj when the fristen row is missing or leaves it
 * NULL: 15 October of sj + 1 (the official school statistics' reference week). */
void		kette_verbleib_stichtag_standard(int schuljahr, int *jahr, int *monat, int *tag);

/* Default uebernahme_tage when there is no fristen row. */
#define KETTE_UEBERNAHME_TAGE_STANDARD 10

#endif							/* KAOA_KETTE_REGELN_H */
