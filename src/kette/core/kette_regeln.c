/*
 * kette_regeln.c — the rule tables and the order of checks of the Verantwortungskette.
 *
 * Design note.  Everything here is a table or a pure function of facts the caller gathered; see
 * kette_regeln.h.  The check functions encode the chain's "order of checks" (docs/kette.md)
 * literally: each tests the rules in the documented order and returns the first that fails, so
 * the same mistake always gets the same SQLSTATE, whatever else is wrong with the request.
 */
#include "kette/core/kette_regeln.h"

#include <string.h>

const char *const kette_status_namen[KS_ANZAHL] = {
	"offen", "ohne_anschluss", "in_beratung", "anschluss_gesichert", "angetreten",
	"nicht_angetreten", "nicht_erreichbar", "ausgenommen"
};

const char *const kette_basis_namen[KB_ANZAHL] = {
	"schuldueg_1_1", "sgb3_31a_2", "schulg_120", "sgb10_69", "einwilligung"
};

/* Linear search over a small label table; labels are exact SQL enum labels. */
static int
index_of(const char *const *names, int n, const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
kette_status_aus_name(const char *name)
{
	return index_of(kette_status_namen, KS_ANZAHL, name);
}

int
kette_basis_aus_name(const char *name)
{
	return index_of(kette_basis_namen, KB_ANZAHL, name);
}

/* ---- states and transitions -------------------------------------------------------------- */

/* The transition table (docs/kette.md) as bit sets of targets, indexed by the source state. */
#define B(s) (1u << (s))
static const unsigned uebergaenge[KS_ANZAHL] = {
	[KS_OFFEN] = B(KS_ANSCHLUSS_GESICHERT) | B(KS_OHNE_ANSCHLUSS) | B(KS_AUSGENOMMEN),
	[KS_OHNE_ANSCHLUSS] = B(KS_IN_BERATUNG) | B(KS_ANSCHLUSS_GESICHERT) | B(KS_NICHT_ERREICHBAR)
	| B(KS_AUSGENOMMEN),
	[KS_IN_BERATUNG] = B(KS_ANSCHLUSS_GESICHERT) | B(KS_NICHT_ERREICHBAR),
	[KS_ANSCHLUSS_GESICHERT] = B(KS_ANGETRETEN) | B(KS_NICHT_ANGETRETEN) | B(KS_OHNE_ANSCHLUSS),
	[KS_NICHT_ANGETRETEN] = B(KS_IN_BERATUNG) | B(KS_ANSCHLUSS_GESICHERT) | B(KS_ANGETRETEN)
	| B(KS_NICHT_ERREICHBAR),
	[KS_NICHT_ERREICHBAR] = B(KS_IN_BERATUNG) | B(KS_ANSCHLUSS_GESICHERT) | B(KS_OHNE_ANSCHLUSS),
	[KS_ANGETRETEN] = B(KS_NICHT_ANGETRETEN),
	[KS_AUSGENOMMEN] = 0,
};

/* The same table as hint text, in the order docs/kette.md lists the targets. */
static const char *const ziele_text[KS_ANZAHL] = {
	[KS_OFFEN] = "anschluss_gesichert, ohne_anschluss, ausgenommen",
	[KS_OHNE_ANSCHLUSS] = "in_beratung, anschluss_gesichert, nicht_erreichbar, ausgenommen",
	[KS_IN_BERATUNG] = "anschluss_gesichert, nicht_erreichbar",
	[KS_ANSCHLUSS_GESICHERT] = "angetreten, nicht_angetreten, ohne_anschluss",
	[KS_NICHT_ANGETRETEN] = "in_beratung, anschluss_gesichert, angetreten, nicht_erreichbar",
	[KS_NICHT_ERREICHBAR] = "in_beratung, anschluss_gesichert, ohne_anschluss",
	[KS_ANGETRETEN] = "nicht_angetreten (a drop-out reported up to the verbleib_stichtag)",
	[KS_AUSGENOMMEN] = "none (ausgenommen is terminal)",
};

static bool
status_gueltig(int s)
{
	return s >= 0 && s < KS_ANZAHL;
}

static bool
typ_gueltig(int t)
{
	return t >= 0 && t < KO_ANZAHL;
}

static bool
basis_gueltig(int b)
{
	return b >= 0 && b < KB_ANZAHL;
}

bool
kette_uebergang_erlaubt(kette_status von, kette_status nach)
{
	if (!status_gueltig(von) || !status_gueltig(nach))
		return false;
	return (uebergaenge[von] & B(nach)) != 0;
}

const char *
kette_uebergang_ziele(kette_status von)
{
	return status_gueltig(von) ? ziele_text[von] : "none";
}

bool
kette_status_terminal(kette_status s, bool nach_stichtag)
{
	return s == KS_AUSGENOMMEN || (s == KS_ANGETRETEN && nach_stichtag);
}

bool
kette_status_identifiziert(kette_status s)
{
	return status_gueltig(s) && s != KS_OFFEN;
}

bool
kette_uebernahme_beratung(kette_status s, kaoa_org_typ empfaenger)
{
	bool		zustand = s == KS_OHNE_ANSCHLUSS || s == KS_NICHT_ANGETRETEN || s == KS_NICHT_ERREICHBAR;
	bool		berater = empfaenger == KO_AGENTUR || empfaenger == KO_JOBCENTER ||
		empfaenger == KO_JUGENDAMT || empfaenger == KO_KOKO;

	return zustand && berater;
}

bool
kette_org_kann_halten(kaoa_org_typ t)
{
	return typ_gueltig(t) && t != KO_JBA;
}

/* ---- legal bases --------------------------------------------------------------------------- */

bool
kette_basis_gesetzlich(kette_basis b)
{
	return basis_gueltig(b) && b != KB_EINWILLIGUNG;
}

#define T(t) (1u << (t))
/* Per basis: the sender types and, per sender type, the receiver types (the table of legal bases,
 * docs/kette.md). */
static unsigned
basis_empfaenger(kette_basis b, kaoa_org_typ von)
{
	switch (b)
	{
		case KB_SCHULDUEG_1_1:
			return (von == KO_SCHULE || von == KO_BERUFSKOLLEG) ? T(KO_AGENTUR) : 0;
		case KB_SGB3_31A_2:
			return von == KO_AGENTUR ? (T(KO_KOKO) | T(KO_JUGENDAMT) | T(KO_JOBCENTER)) : 0;
		case KB_SCHULG_120:
			if (von == KO_SCHULE)
				return T(KO_BERUFSKOLLEG);
			if (von == KO_BERUFSKOLLEG)
				return T(KO_SCHULE);
			return 0;
		case KB_SGB10_69:
			if (von == KO_AGENTUR || von == KO_JOBCENTER || von == KO_JUGENDAMT)
				return T(KO_AGENTUR) | T(KO_JOBCENTER) | T(KO_JUGENDAMT);
			return 0;
		case KB_EINWILLIGUNG:
			/* any sender; the consent names the receiver types; jba never receives */
			return ((1u << KO_ANZAHL) - 1) & ~T(KO_JBA);
		case KB_ANZAHL:
			break;
	}
	return 0;
}

bool
kette_basis_erlaubt(kette_basis b, kaoa_org_typ von, kaoa_org_typ an)
{
	if (!basis_gueltig(b) || !typ_gueltig(von) || !typ_gueltig(an))
		return false;
	return (basis_empfaenger(b, von) & T(an)) != 0;
}

const char *
kette_basis_paare(kette_basis b)
{
	switch (b)
	{
		case KB_SCHULDUEG_1_1:
			return "schule, berufskolleg → agentur";
		case KB_SGB3_31A_2:
			return "agentur → koko, jugendamt, jobcenter";
		case KB_SCHULG_120:
			return "schule → berufskolleg, berufskolleg → schule";
		case KB_SGB10_69:
			return "among agentur, jobcenter, jugendamt";
		case KB_EINWILLIGUNG:
			return "any → an organisation of the case's Kommune whose type the consent names (never jba)";
		case KB_ANZAHL:
			break;
	}
	return "none";
}

const char *
kette_basis_zitat(kette_basis b)
{
	switch (b)
	{
		case KB_SCHULDUEG_1_1:
			return "SchülerDÜG NRW § 1 Abs. 1, § 31a Abs. 1 SGB III";
		case KB_SGB3_31A_2:
			return "§ 31a Abs. 2 SGB III, SchülerDÜG NRW § 1 Abs. 5";
		case KB_SCHULG_120:
			return "SchulG NRW § 120";
		case KB_SGB10_69:
			return "§ 69 SGB X";
		case KB_EINWILLIGUNG:
			return "consent of the young person or their guardians";
		case KB_ANZAHL:
			break;
	}
	return "";
}

/* The field lists of the legal bases (docs/kette.md), in output order. */
static const char *const felder_schuldueg[] = {
	"nachname", "vorname", "geburtsdatum", "geschlecht", "anschrift", "schulform", "abschluss"
};
static const char *const felder_sgb3[] = {"nachname", "vorname", "geburtsdatum", "anschrift"};
static const char *const felder_schulg[] = {
	"nachname", "vorname", "geburtsdatum", "anschrift", "abschluss"
};
static const char *const felder_sgb10[] = {
	"nachname", "vorname", "geburtsdatum", "anschrift", "abschluss", "anschluss"
};
static const char *const felder_einwilligung[] = {
	"nachname", "vorname", "geburtsdatum", "anschrift", "abschluss", "anschluss"
};

#define LEN(a) ((int) (sizeof(a) / sizeof((a)[0])))

static void
felder_setzen(kette_felder *out, const char *const *namen, int n)
{
	out->anzahl = n;
	for (int i = 0; i < n; i++)
		out->namen[i] = namen[i];
}

void
kette_basis_felder(kette_basis b, kette_felder *out)
{
	switch (b)
	{
		case KB_SCHULDUEG_1_1:
			felder_setzen(out, felder_schuldueg, LEN(felder_schuldueg));
			return;
		case KB_SGB3_31A_2:
			felder_setzen(out, felder_sgb3, LEN(felder_sgb3));
			return;
		case KB_SCHULG_120:
			felder_setzen(out, felder_schulg, LEN(felder_schulg));
			return;
		case KB_SGB10_69:
			felder_setzen(out, felder_sgb10, LEN(felder_sgb10));
			return;
		case KB_EINWILLIGUNG:
			felder_setzen(out, felder_einwilligung, LEN(felder_einwilligung));
			return;
		case KB_ANZAHL:
			break;
	}
	out->anzahl = 0;
}

void
kette_einwilligung_felder(const char *const *daten, int n_daten, kette_felder *out)
{
	if (daten == NULL)
	{
		felder_setzen(out, felder_einwilligung, LEN(felder_einwilligung));
		return;
	}
	out->anzahl = 0;
	for (int i = 0; i < LEN(felder_einwilligung); i++)
		for (int j = 0; j < n_daten; j++)
			if (daten[j] != NULL && strcmp(daten[j], felder_einwilligung[i]) == 0)
			{
				out->namen[out->anzahl++] = felder_einwilligung[i];
				break;
			}
}

bool
kette_einwilligung_feld_bekannt(const char *name)
{
	return index_of(felder_einwilligung, LEN(felder_einwilligung), name) >= 0;
}

const char *
kette_einwilligung_felder_text(void)
{
	return "nachname, vorname, geburtsdatum, anschrift, abschluss, anschluss";
}

/* ---- violations and the order of checks ------------------------------------------------------ */

const char *
kette_verstoss_sqlstate(kette_verstoss v)
{
	switch (v)
	{
		case KV_OK:
		case KV_ANZAHL:
			return NULL;
		case KV_UEBERGANG:
		case KV_START_NICHT_OFFEN:
		case KV_TERMINAL:
		case KV_ANGETRETEN_NACH_STICHTAG:
		case KV_VERBLEIB_ZUSTAND:
			return "KA001";
		case KV_EINWILLIGUNG_FEHLT:
		case KV_EINWILLIGUNG_FREMD:
		case KV_EINWILLIGUNG_UNGUELTIG:
		case KV_EINWILLIGUNG_EMPFAENGER:
		case KV_EINWILLIGUNG_UEBERFLUESSIG:
		case KV_EINWILLIGUNG_ALTER:
		case KV_EINWILLIGUNG_WIDERRUFEN:
			return "KA002";
		case KV_WIDERSPRUCH:
			return "KA003";
		case KV_NICHT_HALTER:
		case KV_NICHT_SICHTBAR:
		case KV_NICHT_EMPFAENGER:
		case KV_NICHT_SENDER:
		case KV_NICHT_EIGENE_SCHULE:
		case KV_NICHT_MELDER:
		case KV_ZUSTAENDIG_DIREKT:
		case KV_NICHT_LESEN:
			return "KA004";
		case KV_OFFENE_UEBERGABE:
		case KV_BEANTWORTET:
			return "KA005";
		case KV_UNVERAENDERLICH:
			return "KA006";
		case KV_AUSGENOMMEN:
			return "KA007";
		case KV_EMPFAENGER_UNBEKANNT:
		case KV_EMPFAENGER_SELBST:
		case KV_EMPFAENGER_JBA:
		case KV_EMPFAENGER_TYP:
			return "KA008";
		case KV_ANSCHLUSS_FEHLT:
		case KV_ANSCHLUSS_SICHERT_NICHT:
		case KV_KONTAKTE:
		case KV_NICHT_OHNE_ANSCHLUSS:
		case KV_GRUND_FEHLT:
		case KV_KEINE_SCHULE:
			return "KA009";
		case KV_FENSTER:
			return "KA010";
	}
	return NULL;
}

/* The rule a violation breaks, by name: reported as the error's constraint name (with schema,
 * table and column), so a frontend or a log reader can tell the rules apart without parsing
 * the message.  NULL for KV_OK. */
const char *
kette_verstoss_regel(kette_verstoss v)
{
	switch (v)
	{
		case KV_OK:
		case KV_ANZAHL:
			return NULL;
		case KV_UEBERGANG:
			return "kette_uebergang";
		case KV_START_NICHT_OFFEN:
			return "kette_start_nicht_offen";
		case KV_TERMINAL:
			return "kette_terminal";
		case KV_ANGETRETEN_NACH_STICHTAG:
			return "kette_angetreten_nach_stichtag";
		case KV_VERBLEIB_ZUSTAND:
			return "kette_verbleib_zustand";
		case KV_EINWILLIGUNG_FEHLT:
			return "kette_einwilligung_fehlt";
		case KV_EINWILLIGUNG_FREMD:
			return "kette_einwilligung_fremd";
		case KV_EINWILLIGUNG_UNGUELTIG:
			return "kette_einwilligung_ungueltig";
		case KV_EINWILLIGUNG_EMPFAENGER:
			return "kette_einwilligung_empfaenger";
		case KV_EINWILLIGUNG_UEBERFLUESSIG:
			return "kette_einwilligung_ueberfluessig";
		case KV_EINWILLIGUNG_ALTER:
			return "kette_einwilligung_alter";
		case KV_EINWILLIGUNG_WIDERRUFEN:
			return "kette_einwilligung_widerrufen";
		case KV_WIDERSPRUCH:
			return "kette_widerspruch";
		case KV_NICHT_HALTER:
			return "kette_nicht_halter";
		case KV_NICHT_SICHTBAR:
			return "kette_nicht_sichtbar";
		case KV_NICHT_EMPFAENGER:
			return "kette_nicht_empfaenger";
		case KV_NICHT_SENDER:
			return "kette_nicht_sender";
		case KV_NICHT_EIGENE_SCHULE:
			return "kette_nicht_eigene_schule";
		case KV_NICHT_MELDER:
			return "kette_nicht_melder";
		case KV_ZUSTAENDIG_DIREKT:
			return "kette_zustaendig_direkt";
		case KV_NICHT_LESEN:
			return "kette_nicht_lesen";
		case KV_OFFENE_UEBERGABE:
			return "kette_offene_uebergabe";
		case KV_BEANTWORTET:
			return "kette_beantwortet";
		case KV_UNVERAENDERLICH:
			return "kette_unveraenderlich";
		case KV_AUSGENOMMEN:
			return "kette_ausgenommen";
		case KV_EMPFAENGER_UNBEKANNT:
			return "kette_empfaenger_unbekannt";
		case KV_EMPFAENGER_SELBST:
			return "kette_empfaenger_selbst";
		case KV_EMPFAENGER_JBA:
			return "kette_empfaenger_jba";
		case KV_EMPFAENGER_TYP:
			return "kette_empfaenger_typ";
		case KV_ANSCHLUSS_FEHLT:
			return "kette_anschluss_fehlt";
		case KV_ANSCHLUSS_SICHERT_NICHT:
			return "kette_anschluss_sichert_nicht";
		case KV_KONTAKTE:
			return "kette_kontakte";
		case KV_NICHT_OHNE_ANSCHLUSS:
			return "kette_nicht_ohne_anschluss";
		case KV_GRUND_FEHLT:
			return "kette_grund_fehlt";
		case KV_KEINE_SCHULE:
			return "kette_keine_schule";
		case KV_FENSTER:
			return "kette_fenster";
	}
	return NULL;
}

bool
kette_status_braucht_anschluss(kette_status s)
{
	return s == KS_ANSCHLUSS_GESICHERT || s == KS_ANGETRETEN;
}

unsigned
kette_fall_braucht(kette_status von, kette_status nach, bool anschluss_geaendert)
{
	unsigned	braucht = 0;

	if (von == nach)
		return anschluss_geaendert && kette_status_braucht_anschluss(nach) ? KETTE_BRAUCHT_ANSCHLUSS : 0;
	if (von == KS_ANGETRETEN && nach == KS_NICHT_ANGETRETEN)
		braucht |= KETTE_BRAUCHT_STICHTAG;
	if (!kette_uebergang_erlaubt(von, nach))
		return braucht;
	if (kette_status_braucht_anschluss(nach))
		braucht |= KETTE_BRAUCHT_ANSCHLUSS;
	if (nach == KS_NICHT_ERREICHBAR)
		braucht |= KETTE_BRAUCHT_KONTAKTE;
	if (von == KS_OFFEN && nach == KS_OHNE_ANSCHLUSS)
		braucht |= KETTE_BRAUCHT_FENSTER;
	return braucht;
}

/* KA009 when the case's anschluss does not secure one (the invariant of anschluss_gesichert and
 * angetreten). */
static kette_verstoss
anschluss_pruefen(const kette_fall_aenderung *a)
{
	if (a->anschluss_sichert < 0)
		return KV_ANSCHLUSS_FEHLT;
	if (a->anschluss_sichert == 0)
		return KV_ANSCHLUSS_SICHERT_NICHT;
	return KV_OK;
}

kette_verstoss
kette_fall_pruefen(const kette_fall_aenderung *a)
{
	/* KA004: only the holder (or the system, or a hand-off / Verbleib function) changes a case */
	if (!a->system && !a->halter && !a->beauftragt)
		return KV_NICHT_HALTER;
	/* KA006: kommune, person_id, schuljahr, schule_org never change */
	if (a->unveraenderlich)
		return KV_UNVERAENDERLICH;
	/* KA004: only an acceptance moves the responsibility */
	if (a->zustaendig_geaendert && !a->zustaendig_erlaubt)
		return KV_ZUSTAENDIG_DIREKT;
	if (a->von == a->nach)
	{
		/* no status change: only the anschluss invariant of the state the case stays in */
		if (a->anschluss_geaendert && kette_status_braucht_anschluss(a->nach))
			return anschluss_pruefen(a);
		return KV_OK;
	}
	/* KA001: the transition table; angetreten is terminal after the verbleib_stichtag */
	if (!kette_uebergang_erlaubt(a->von, a->nach))
		return KV_UEBERGANG;
	if (a->von == KS_ANGETRETEN && a->nach_stichtag)
		return KV_ANGETRETEN_NACH_STICHTAG;
	/* KA009 / KA010: preconditions */
	if (kette_status_braucht_anschluss(a->nach))
	{
		kette_verstoss v = anschluss_pruefen(a);

		if (v != KV_OK)
			return v;
	}
	if (a->nach == KS_NICHT_ERREICHBAR && a->erfolglose_kontakte < KETTE_MIN_KONTAKTE)
		return KV_KONTAKTE;
	if (a->von == KS_OFFEN && a->nach == KS_OHNE_ANSCHLUSS && !a->im_fenster && !a->grund)
		return KV_FENSTER;
	return KV_OK;
}

kette_verstoss
kette_uebergabe_pruefen(const kette_uebergabe_fakten *f)
{
	/* KA004: only the holder offers (the system may, on the holder's behalf) */
	if (!f->system && !f->halter)
		return KV_NICHT_HALTER;
	/* KA007: an ausgenommen case never goes under a statutory basis */
	if (f->status == KS_AUSGENOMMEN && kette_basis_gesetzlich(f->basis))
		return KV_AUSGENOMMEN;
	/* KA001: any other terminal case */
	if (kette_status_terminal(f->status, f->nach_stichtag))
		return KV_TERMINAL;
	/* KA005: one open hand-off per case */
	if (f->offen_vorhanden)
		return KV_OFFENE_UEBERGABE;
	/* KA008: the receiver */
	if (!f->empfaenger_bekannt)
		return KV_EMPFAENGER_UNBEKANNT;
	if (f->empfaenger_selbst)
		return KV_EMPFAENGER_SELBST;
	if (!kette_org_kann_halten(f->an_typ))
		return KV_EMPFAENGER_JBA;
	if (!kette_basis_erlaubt(f->basis, f->von_typ, f->an_typ))
		return KV_EMPFAENGER_TYP;
	/* KA002: consent exactly for einwilligung */
	if (f->basis == KB_EINWILLIGUNG)
	{
		if (!f->einwilligung_angegeben)
			return KV_EINWILLIGUNG_FEHLT;
		if (!f->einwilligung_gefunden)
			return KV_EINWILLIGUNG_FREMD;
		if (!f->einwilligung_gueltig)
			return KV_EINWILLIGUNG_UNGUELTIG;
		if (!f->einwilligung_nennt_empfaenger)
			return KV_EINWILLIGUNG_EMPFAENGER;
	}
	else if (f->einwilligung_angegeben)
		return KV_EINWILLIGUNG_UEBERFLUESSIG;
	/* KA003: an objection forbids sgb3_31a_2 */
	if (f->basis == KB_SGB3_31A_2 && f->widerspruch)
		return KV_WIDERSPRUCH;
	/* KA009: schuldueg_1_1 needs an identified case without Anschluss */
	if (f->basis == KB_SCHULDUEG_1_1 && f->status != KS_OHNE_ANSCHLUSS)
		return KV_NICHT_OHNE_ANSCHLUSS;
	return KV_OK;
}

kette_verstoss
kette_antwort_pruefen(const kette_antwort_fakten *f)
{
	if (!f->system)
	{
		if (f->art == KA_ZURUECKZIEHEN && !f->ist_sender)
			return KV_NICHT_SENDER;
		if (f->art != KA_ZURUECKZIEHEN && !f->ist_empfaenger)
			return KV_NICHT_EMPFAENGER;
	}
	if (f->beantwortet)
		return KV_BEANTWORTET;
	if (f->art == KA_UEBERNEHMEN && f->fall_terminal)
		return KV_TERMINAL;
	if (f->art == KA_ABLEHNEN && !f->grund)
		return KV_GRUND_FEHLT;
	return KV_OK;
}

bool
kette_org_nimmt_auf(kaoa_org_typ t)
{
	return t == KO_BERUFSKOLLEG || t == KO_KAMMER || t == KO_BETRIEB;
}

bool
kette_org_meldet_verbleib(kaoa_org_typ t)
{
	return kette_org_nimmt_auf(t) || t == KO_KOKO;
}

kette_verstoss
kette_verbleib_pruefen(const kette_verbleib_fakten *f, kette_status *nach)
{
	/* KA004: the system, the holder, the KoKo of the Kommune, or the organisation the case names
	 * as admitting (a Berufskolleg, Kammer or Betrieb) */
	if (!f->system && !f->halter &&
		!(f->gleiche_kommune &&
		  (f->melder_typ == KO_KOKO || (f->aufnehmend && kette_org_nimmt_auf(f->melder_typ)))))
		return KV_NICHT_MELDER;
	if (f->angetreten)
	{
		if (f->status != KS_ANSCHLUSS_GESICHERT)
			return KV_VERBLEIB_ZUSTAND;
		*nach = KS_ANGETRETEN;
		return KV_OK;
	}
	if (f->status == KS_ANSCHLUSS_GESICHERT)
	{
		*nach = KS_NICHT_ANGETRETEN;
		return KV_OK;
	}
	if (f->status == KS_ANGETRETEN)
	{
		if (f->nach_stichtag)
			return KV_ANGETRETEN_NACH_STICHTAG;
		*nach = KS_NICHT_ANGETRETEN;
		return KV_OK;
	}
	return KV_VERBLEIB_ZUSTAND;
}

/* ---- dates ------------------------------------------------------------------------------------ */

int
kette_berufsschulpflicht_ende_jahr(int geburt_jahr, int geburt_monat, int geburt_tag)
{
	/*
	 * § 187 Abs. 2 S. 2, § 188 Abs. 2 BGB: the 18th year of life is completed at the end of the day
	 * before the 18th birthday, so the school year is that of the day before the birthday (born
	 * 1 August: 18 completed on 31 July, the last day of the previous school year).  A school year
	 * starting 1 August of year J ends on 31 July of J + 1.
	 */
	int			jahr = geburt_jahr;
	int			monat = geburt_monat;

	if (geburt_tag == 1)
	{
		if (--monat == 0)
		{
			monat = 12;
			jahr--;
		}
	}
	return jahr + 18 + (monat >= 8 ? 1 : 0);
}

static int
tage_im_monat(int jahr, int monat)
{
	static const int tage[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool		schalt = (jahr % 4 == 0 && jahr % 100 != 0) || jahr % 400 == 0;

	if (monat == 2 && schalt)
		return 29;
	return tage[(monat - 1) % 12];
}

bool
kette_selbst_alt_genug(int geburt_jahr, int geburt_monat, int ab_jahr, int ab_monat, int ab_tag)
{
	int			j = geburt_jahr + 14;
	int			letzter = tage_im_monat(j, geburt_monat);

	if (ab_jahr != j)
		return ab_jahr > j;
	if (ab_monat != geburt_monat)
		return ab_monat > geburt_monat;
	return ab_tag >= letzter;
}

void
kette_verbleib_stichtag_standard(int schuljahr, int *jahr, int *monat, int *tag)
{
	*jahr = schuljahr + 1;
	*monat = 10;
	*tag = 15;
}
