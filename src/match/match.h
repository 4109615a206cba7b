/*
 * match.h — what the backend files of the matching area share (docs/matching.md).
 *
 * Design note.  The SQL functions (kaoa.passung, kaoa.passung_erklaert, kaoa.top_angebote,
 * kaoa.top_bewerber, kaoa.zuteilung_berechnen) are thin wrappers around the pure-C cores
 * (core/passung.c, core/angebotsindex.c, core/zuteilung.c).  What they read from the tables is
 * loaded into C structs by match_daten.c and kept in a cache that lives exactly as long as the data
 * it holds is what the caller's snapshot sees: the cache is keyed by the local transaction, the
 * active snapshot (xmin, xmax, command id, completion count) and the acting role.  A statement
 * that calls kaoa.passung a million times therefore looks each person and offer up once, and
 * `SELECT … FROM kaoa.bewerberprofil, LATERAL kaoa.top_angebote(person_id, 10)` builds the offer
 * index once; the next statement (another snapshot) starts afresh, so no stale row is ever used.
 *
 * Every look-up runs as the extension owner (akteur.h), so a score never depends on which rows
 * row-level security shows the caller (a counsellor and the KoKo get the same numbers); who may
 * ask about whom is checked separately with the chain's visibility predicate.
 */
#ifndef KAOA_MATCH_H
#define KAOA_MATCH_H

#include "base/kaoa.h"

#include "datatype/timestamp.h"
#include "storage/proc.h"
#include "utils/snapmgr.h"

#include "base/akteur.h"

#include "match/core/angebotsindex.h"
#include "match/core/bewerberliste.h"
#include "match/core/passung.h"
#include "match/core/zuteilung.h"

/* The most wishes a profile can hold (CHECK bewerberprofil_wuensche_check). */
#define MATCH_MAX_WUENSCHE 10

/* An applicant as the cache holds it. */
typedef struct match_bewerber
{
	int64		person_id;		/* hash key */
	char		kommune[8];
	bool		hat_profil;		/* a profile exists and its consent (if any) is not revoked */
	bool		hat_widerruf;	/* the profile's consent has a revocation time … */
	TimestampTz widerrufen_am;	/* … this one (hat_profil was decided against now()) */
	const kaoa_gewichte *gewichte;	/* the weights of its Kommune, once looked up */
	kaoa_bewerber b;			/* b.wuensche points into wuensche */
	kaoa_kldb	wuensche[MATCH_MAX_WUENSCHE];
	kaoa_ort_trig trig;			/* the location prepared for the haversine formula */
} match_bewerber;

/* An offer as the cache holds it. */
typedef struct match_angebot
{
	int64		angebot_id;		/* hash key */
	char		kommune[8];
	int32		plaetze;
	kaoa_angebot a;
	kaoa_ort_trig trig;			/* the location prepared for the haversine formula */
} match_angebot;

/* Weights of a Kommune. */
typedef struct match_gewichte
{
	char		kommune[8];		/* hash key */
	kaoa_gewichte g;
} match_gewichte;

/* Looks up (or loads) person_id's applicant data.  Raises KA004 when the acting organisation may
 * not see the person (or there is no such person, which is indistinguishable for it), P0002 when
 * the system asks for an unknown id.  The result is valid until the end of the statement. */
extern const match_bewerber *match_bewerber_holen(int64 person_id);

/* May actor a see applicant b (kaoa_person_sichtbar_fuer, remembered per actor)? */
extern bool match_person_sichtbar(const kaoa_akteur *a, const match_bewerber *b);

/* The weights of b's Kommune (looked up once per applicant); b must come from match_bewerber_holen
 * in the same call, so that the part it lives in is ready. */
extern const kaoa_gewichte *match_gewichte_von(const match_bewerber *b);

/* Looks up (or loads) an offer; P0002 when there is none with this id. */
extern const match_angebot *match_angebot_holen(int64 angebot_id);

/* The weights of a Kommune (its gewichtung row, or the defaults of docs/matching.md). */
extern const kaoa_gewichte *match_gewichte_holen(const char *kommune);

/* The index over every offer (for kaoa.top_angebote), or over the offers with seats (for
 * kaoa.zuteilung_berechnen), kept while kaoa.angebot does not change.  *angebote and *anzahl are
 * set to the array the index was built from (positions of kaoa_treffer.angebot). */
extern kaoa_angebotsindex *match_index(bool nur_mit_plaetzen, const match_angebot **angebote,
									   int32 *anzahl);

/* Every applicant with a usable profile, whoever asks (kaoa.top_bewerber checks visibility with
 * match_person_sichtbar), kept while their tables do not change; *anzahl is set. */
extern const match_bewerber *match_bewerber_alle(int32 *anzahl);

/* The list over match_bewerber_alle (positions of kaoa_bewerbertreffer.bewerber), kept with it. */
extern kaoa_bewerberliste *match_bewerberliste(const match_bewerber **alle, int32 *anzahl);

/* Fills an offer from a row of the offer query (columns as MATCH_ANGEBOT_SPALTEN) of the current
 * SPI_tuptable; used by the loaders here and by zuteilung_berechnen. */
extern void match_angebot_aus_zeile(uint64 zeile, match_angebot *out);

/* Fills an applicant from a row of the profile query (columns as MATCH_BEWERBER_SPALTEN). */
extern void match_bewerber_aus_zeile(uint64 zeile, match_bewerber *out);

/* The select lists of the loaders (one place, so every reader agrees on the columns). */
extern const char *const MATCH_ANGEBOT_SPALTEN;
extern const char *const MATCH_BEWERBER_SPALTEN;
extern const char *const MATCH_BEWERBER_VON;

/* ---- what the matching functions keep between transactions (match_cache.c) ---- */

/* The groups of tables a kept part depends on; each has a marker view that a change of any of
 * its tables locks and invalidates (kaoa.matching_stand_aendern). */
typedef enum match_gruppe
{
	MATCH_ANGEBOTE = 0,			/* kaoa.angebot */
	MATCH_BEWERBER,				/* bewerberprofil, einwilligung, person, fall (abschluss), gewichtung */
	MATCH_SICHT,				/* person, fall (organisations), uebergabe, akteur, bi_rolle, organisation */
	MATCH_GRUPPEN
} match_gruppe;

/* Lock holders a label remembers (transactions changing the group while the part was read). */
#define MATCH_HALTER_MAX 32

/* What a snapshot sees of other transactions: its xmin, xmax and in-progress lists (sorted). */
typedef struct match_xids
{
	TransactionId xmin;
	TransactionId xmax;
	int32		xcnt;
	int32		subxcnt;
	bool		suboverflowed;
	TransactionId *xip;			/* in the part's memory */
	TransactionId *subxip;
} match_xids;

/* What a part was read with (match_stand_setzen), to decide whether it equals what a later
 * snapshot sees (match_stand_gilt); see match_cache.c. */
typedef struct match_stand
{
	bool		gesetzt;
	bool		offen;			/* may serve other snapshots than its own */
	match_gruppe gruppe;
	LocalTransactionId lxid;	/* the transaction and command it was read in */
	CommandId	curcid;
	match_xids	gelesen;		/* the snapshot it was read with */
	match_xids	gut;			/* the last snapshot it was found valid for */
	uint64		zaehler;		/* the group's invalidations received before reading */
	int			n_halter;
	TransactionId halter[MATCH_HALTER_MAX];
	MemoryContext ctx;			/* where the lists live (the part's) */
} match_stand;

extern void match_stand_setzen(match_stand *st, match_gruppe g, MemoryContext ctx);
extern bool match_stand_gilt(match_stand *st);

/* A kept part: its label, its memory, and what kaoa.matching_cache() shows. */
typedef struct match_teil
{
	const char *name;
	match_gruppe gruppe;
	match_stand stand;
	MemoryContext ctx;			/* NULL: empty */
	TimestampTz gebaut;
	int64		aufbauten;		/* how often this session read it */
	int64		abrufe;			/* uses since it was last read */
	int64		eintraege;		/* rows it holds (set by its owner) */
	uint64		zuletzt;		/* for dropping the least recently used */
	/* the snapshot it was last found valid for (the calls of one statement check it once) */
	const void *geprueft_snap;
	LocalTransactionId geprueft_lxid;
	CommandId	geprueft_cid;
	TransactionId geprueft_xmax;
	uint32		geprueft_xcnt;
	int32		geprueft_subxcnt;
	void		(*leeren) (struct match_teil *t);	/* the owner forgets its pointers into ctx */
} match_teil;

/* Registers a part for the accounting after each transaction and kaoa.matching_cache(). */
extern void match_teil_anmelden(match_teil *t);

/* The clock of the least-recently-used order of the parts. */
extern uint64 match_takt;

/* match_teil_bereit's answer when the snapshot is not the one last checked. */
extern bool match_teil_bereit_pruefen(match_teil *t);

/*
 * True when the part holds data valid for the active snapshot; otherwise empties it, gives it a
 * fresh context and a new label for the active snapshot, and returns false (the owner fills it).
 * Inline because kaoa.passung asks it per pair: the calls of one statement see the very snapshot
 * the part was last found valid for — the same object of the same transaction and command, seeing
 * the same other transactions (of two snapshots with the same xmax the later one's in-progress
 * lists are part of the earlier one's, so equal counts mean equal lists) — and pay a few
 * comparisons.
 */
static inline bool
match_teil_bereit(match_teil *t)
{
	Snapshot	snap = GetActiveSnapshot();

	if (t->ctx != NULL && snap != NULL && t->geprueft_snap == (const void *) snap &&
		t->geprueft_lxid == MyProc->lxid && t->geprueft_cid == snap->curcid &&
		t->geprueft_xmax == snap->xmax && t->geprueft_xcnt == snap->xcnt &&
		t->geprueft_subxcnt == snap->subxcnt && !snap->suboverflowed)
	{
		t->zuletzt = ++match_takt;
		t->abrufe++;
		return true;
	}
	return match_teil_bereit_pruefen(t);
}

/* Empties a part (reason for the DEBUG1 line). */
extern void match_teil_leeren(match_teil *t, const char *grund);

/* Records what the owner put into the part (DEBUG1 line: what, rows, size, time since start). */
extern void match_teil_gebaut(match_teil *t, const char *was, int64 eintraege, TimestampTz start);

/* kaoa.matching_cache_mb: what a backend keeps at most between transactions (MB). */
extern int	kaoa_matching_cache_mb;

/* The setting and the callbacks of match_cache.c. */
extern void match_cache_init(void);

/* PostgreSQL date → the day numbers of the cores (days since 2000-01-01). */
#define MATCH_TAG(d) ((int32) (d))

/* kaoa.fortschritt_sekunden: seconds between progress NOTICEs of long matching runs. */
extern double kaoa_fortschritt_sekunden;

/* kaoa.zuteilung_threads: threads for the candidate searches of large kaoa.zuteilung_berechnen runs. */
extern int	kaoa_zuteilung_threads;

/* kaoa.zuteilung_max_paare: the most candidate pairs (and capacity rows) kaoa.stabile_zuteilung
 * reads; the first batch beyond is refused with 54000 before the buffers grow (measured: 70 bytes a
 * pair with 50 candidates per applicant, 120 with one; the default of 20 million — NRW's 181,000
 * leavers with their best 50 offers are 9 million — is 1.4 to 2.4 GB in one backend). */
extern int	kaoa_zuteilung_max_paare;

/*
 * The largest k of kaoa.top_angebote, kaoa.top_bewerber and kaoa.zuteilung_berechnen.  A search
 * keeps k hits per applicant (zuteilung_berechnen: for a block of 2048 applicants at once, 32 bytes
 * each: 64 MiB at this cap; k = 100,000 asked for 6.5 GB).  No counsellor reads more than a few
 * hundred proposals; an assignment needs only as many candidates as an applicant could be offered.
 */
#define MATCH_K_MAX 1000

/* k outside 1 … MATCH_K_MAX: 22023 for k <= 0, 54000 (program_limit_exceeded) above the cap;
 * kandidaten: the k of kaoa.zuteilung_berechnen (candidates per applicant), else a top-k search. */
extern void match_k_pruefen(int32 k, bool kandidaten);

/* Module init of the matching area: its setting and the cache's transaction callback. */
extern void kaoa_match_init(void);

#endif							/* KAOA_MATCH_H */
