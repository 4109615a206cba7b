/*
 * test_kette_regeln.c — unit tests of the Verantwortungskette rule core
 * (src/kette/core/kette_regeln.c).
 *
 * The expected tables are written out again here from docs/kette.md (not derived from the code),
 * so a slip in either shows up as a mismatch.
 */
#include "kette/core/kette_regeln.h"
#include <string.h>

#include "unit.h"

/* The transition table of docs/kette.md, spelled out as (from, to) label pairs. */
static const char *const erlaubt[][2] = {
	{"offen", "anschluss_gesichert"}, {"offen", "ohne_anschluss"}, {"offen", "ausgenommen"},
	{"ohne_anschluss", "in_beratung"}, {"ohne_anschluss", "anschluss_gesichert"},
	{"ohne_anschluss", "nicht_erreichbar"}, {"ohne_anschluss", "ausgenommen"},
	{"in_beratung", "anschluss_gesichert"}, {"in_beratung", "nicht_erreichbar"},
	{"anschluss_gesichert", "angetreten"}, {"anschluss_gesichert", "nicht_angetreten"},
	{"anschluss_gesichert", "ohne_anschluss"},
	{"nicht_angetreten", "in_beratung"}, {"nicht_angetreten", "anschluss_gesichert"},
	{"nicht_angetreten", "angetreten"}, {"nicht_angetreten", "nicht_erreichbar"},
	{"nicht_erreichbar", "in_beratung"}, {"nicht_erreichbar", "anschluss_gesichert"},
	{"nicht_erreichbar", "ohne_anschluss"},
	{"angetreten", "nicht_angetreten"},
};

static bool
in_table(int von, int nach)
{
	for (size_t i = 0; i < sizeof(erlaubt) / sizeof(erlaubt[0]); i++)
		if (kette_status_aus_name(erlaubt[i][0]) == von && kette_status_aus_name(erlaubt[i][1]) == nach)
			return true;
	return false;
}

static void
test_namen(void)
{
	IS_INT(kette_status_aus_name("offen"), KS_OFFEN, "status label offen");
	IS_INT(kette_status_aus_name("ausgenommen"), KS_AUSGENOMMEN, "status label ausgenommen");
	IS_INT(kette_status_aus_name("Offen"), -1, "status labels are case-sensitive");
	IS_INT(kette_status_aus_name(NULL), -1, "NULL label");
	IS_INT(kaoa_org_typ_aus_name("betrieb"), KO_BETRIEB, "org type betrieb is the last");
	IS_INT(kaoa_org_typ_aus_name("jba"), KO_JBA, "org type jba");
	IS_INT(kette_basis_aus_name("sgb10_69"), KB_SGB10_69, "basis sgb10_69");
	IS_INT(kette_basis_aus_name("einwilligung"), KB_EINWILLIGUNG, "basis einwilligung");
	IS_INT(kette_basis_aus_name("sgb3"), -1, "unknown basis");
	for (int s = 0; s < KS_ANZAHL; s++)
		IS_INT(kette_status_aus_name(kette_status_namen[s]), s, "status round trip %s", kette_status_namen[s]);
}

static void
test_uebergaenge(void)
{
	int			n = 0;

	for (int von = 0; von < KS_ANZAHL; von++)
		for (int nach = 0; nach < KS_ANZAHL; nach++)
		{
			bool		want = in_table(von, nach);

			if (kette_uebergang_erlaubt(von, nach) != want)
				OK(0, "transition %s -> %s: want %d", kette_status_namen[von], kette_status_namen[nach], want);
			n += want;
		}
	IS_INT(n, 20, "the table has 20 allowed transitions and the core agrees on all 64 pairs");
	OK(!kette_uebergang_erlaubt(KS_OFFEN, KS_OFFEN), "staying is not a transition");
	OK(!kette_uebergang_erlaubt(KS_ANZAHL, KS_OFFEN), "out-of-range source refused");
	IS_STR(kette_uebergang_ziele(KS_OFFEN), "anschluss_gesichert, ohne_anschluss, ausgenommen", "hint from offen");
	IS_STR(kette_uebergang_ziele(KS_AUSGENOMMEN), "none (ausgenommen is terminal)", "hint from ausgenommen");
	OK(kette_status_terminal(KS_AUSGENOMMEN, false), "ausgenommen terminal");
	OK(!kette_status_terminal(KS_ANGETRETEN, false), "angetreten not terminal before the stichtag");
	OK(kette_status_terminal(KS_ANGETRETEN, true), "angetreten terminal after the stichtag");
	OK(!kette_status_terminal(KS_NICHT_ERREICHBAR, true), "nicht_erreichbar never terminal");
	OK(!kette_status_identifiziert(KS_OFFEN) && kette_status_identifiziert(KS_IN_BERATUNG), "identified = after offen");
}

static void
test_beratung(void)
{
	OK(kette_uebernahme_beratung(KS_OHNE_ANSCHLUSS, KO_AGENTUR), "agentur takes ohne_anschluss into in_beratung");
	OK(kette_uebernahme_beratung(KS_NICHT_ANGETRETEN, KO_JOBCENTER), "jobcenter: nicht_angetreten");
	OK(kette_uebernahme_beratung(KS_NICHT_ERREICHBAR, KO_JUGENDAMT), "jugendamt: nicht_erreichbar");
	OK(kette_uebernahme_beratung(KS_OHNE_ANSCHLUSS, KO_KOKO), "koko: ohne_anschluss");
	OK(!kette_uebernahme_beratung(KS_OHNE_ANSCHLUSS, KO_BERUFSKOLLEG), "berufskolleg does not counsel");
	OK(!kette_uebernahme_beratung(KS_OFFEN, KO_AGENTUR), "offen stays offen");
	OK(!kette_uebernahme_beratung(KS_ANSCHLUSS_GESICHERT, KO_AGENTUR), "anschluss_gesichert stays");
	OK(!kette_org_kann_halten(KO_JBA) && kette_org_kann_halten(KO_BETRIEB), "jba never holds");
}

/* The legal-basis table of docs/kette.md, spelled out as allowed (basis, from, to) triples. */
static bool
basis_soll(int b, int von, int an)
{
	switch (b)
	{
		case KB_SCHULDUEG_1_1:
			return (von == KO_SCHULE || von == KO_BERUFSKOLLEG) && an == KO_AGENTUR;
		case KB_SGB3_31A_2:
			return von == KO_AGENTUR && (an == KO_KOKO || an == KO_JUGENDAMT || an == KO_JOBCENTER);
		case KB_SCHULG_120:
			return (von == KO_SCHULE && an == KO_BERUFSKOLLEG) || (von == KO_BERUFSKOLLEG && an == KO_SCHULE);
		case KB_SGB10_69:
			return (von == KO_AGENTUR || von == KO_JOBCENTER || von == KO_JUGENDAMT) &&
				(an == KO_AGENTUR || an == KO_JOBCENTER || an == KO_JUGENDAMT);
		case KB_EINWILLIGUNG:
			return an != KO_JBA;
	}
	return false;
}

static void
test_basen(void)
{
	int			bad = 0;
	kette_felder f;
	const char *daten[] = {"anschluss", "geschlecht", "vorname"};

	for (int b = 0; b < KB_ANZAHL; b++)
		for (int von = 0; von < KO_ANZAHL; von++)
			for (int an = 0; an < KO_ANZAHL; an++)
				if (kette_basis_erlaubt(b, von, an) != basis_soll(b, von, an))
				{
					bad++;
					OK(0, "basis %s %s -> %s", kette_basis_namen[b], kaoa_org_typ_namen[von], kaoa_org_typ_namen[an]);
				}
	IS_INT(bad, 0, "the basis matrix agrees on all 500 (basis, from, to) triples");
	OK(kette_basis_gesetzlich(KB_SCHULG_120) && !kette_basis_gesetzlich(KB_EINWILLIGUNG), "statutory bases");
	OK(!kette_basis_erlaubt(KB_ANZAHL, KO_SCHULE, KO_AGENTUR), "out-of-range basis");

	kette_basis_felder(KB_SCHULDUEG_1_1, &f);
	IS_INT(f.anzahl, 7, "schuldueg_1_1 has 7 fields");
	IS_STR(f.namen[3], "geschlecht", "schuldueg_1_1 includes geschlecht");
	IS_STR(f.namen[5], "schulform", "schuldueg_1_1 includes schulform");
	kette_basis_felder(KB_SGB3_31A_2, &f);
	IS_INT(f.anzahl, 4, "sgb3_31a_2 has 4 fields");
	IS_STR(f.namen[3], "anschrift", "sgb3_31a_2 ends with anschrift");
	kette_basis_felder(KB_SCHULG_120, &f);
	IS_INT(f.anzahl, 5, "schulg_120 has 5 fields");
	IS_STR(f.namen[4], "abschluss", "schulg_120 ends with abschluss");
	kette_basis_felder(KB_SGB10_69, &f);
	IS_INT(f.anzahl, 6, "sgb10_69 has 6 fields");
	IS_STR(f.namen[5], "anschluss", "sgb10_69 ends with anschluss");
	kette_einwilligung_felder(NULL, 0, &f);
	IS_INT(f.anzahl, 6, "consent without daten covers the full einwilligung list");
	kette_einwilligung_felder(daten, 3, &f);
	IS_INT(f.anzahl, 2, "consent daten intersected with the list (geschlecht dropped)");
	IS_STR(f.namen[0], "vorname", "intersection keeps the list's order (vorname first)");
	IS_STR(f.namen[1], "anschluss", "then anschluss");
	OK(kette_einwilligung_feld_bekannt("abschluss") && !kette_einwilligung_feld_bekannt("schulform"),
	   "fields a consent may name");
}

static kette_fall_aenderung
aenderung(kette_status von, kette_status nach)
{
	kette_fall_aenderung a = {0};

	a.halter = true;
	a.von = von;
	a.nach = nach;
	a.anschluss_sichert = 1;
	a.erfolglose_kontakte = 3;
	a.im_fenster = true;
	return a;
}

static void
test_fall_pruefen(void)
{
	kette_fall_aenderung a;

	IS_INT(kette_fall_braucht(KS_OFFEN, KS_OHNE_ANSCHLUSS, false), KETTE_BRAUCHT_FENSTER, "identification needs the window");
	IS_INT(kette_fall_braucht(KS_IN_BERATUNG, KS_ANSCHLUSS_GESICHERT, false), KETTE_BRAUCHT_ANSCHLUSS, "gesichert needs the category");
	IS_INT(kette_fall_braucht(KS_ANSCHLUSS_GESICHERT, KS_ANGETRETEN, false), KETTE_BRAUCHT_ANSCHLUSS, "so does angetreten");
	IS_INT(kette_fall_braucht(KS_IN_BERATUNG, KS_NICHT_ERREICHBAR, false), KETTE_BRAUCHT_KONTAKTE, "nicht_erreichbar needs attempts");
	IS_INT(kette_fall_braucht(KS_ANGETRETEN, KS_NICHT_ANGETRETEN, false), KETTE_BRAUCHT_STICHTAG, "drop-out needs the stichtag");
	IS_INT(kette_fall_braucht(KS_AUSGENOMMEN, KS_OFFEN, false), 0, "a refused transition needs nothing");
	IS_INT(kette_fall_braucht(KS_ANSCHLUSS_GESICHERT, KS_ANSCHLUSS_GESICHERT, true), KETTE_BRAUCHT_ANSCHLUSS,
		   "a new anschluss of a secured case needs the category");
	IS_INT(kette_fall_braucht(KS_ANGETRETEN, KS_ANGETRETEN, true), KETTE_BRAUCHT_ANSCHLUSS, "… of a started one too");
	IS_INT(kette_fall_braucht(KS_ANSCHLUSS_GESICHERT, KS_ANSCHLUSS_GESICHERT, false), 0, "an unchanged anschluss needs nothing");
	IS_INT(kette_fall_braucht(KS_IN_BERATUNG, KS_IN_BERATUNG, true), 0, "anschluss is free while in counselling");

	a = aenderung(KS_OFFEN, KS_OHNE_ANSCHLUSS);
	IS_INT(kette_fall_pruefen(&a), KV_OK, "identification inside the window");
	a.im_fenster = false;
	IS_INT(kette_fall_pruefen(&a), KV_FENSTER, "identification outside the window: KA010");
	IS_STR(kette_verstoss_sqlstate(KV_FENSTER), "KA010", "KV_FENSTER is KA010");
	a.grund = true;
	IS_INT(kette_fall_pruefen(&a), KV_OK, "outside the window with a grund");

	/* order: KA004 before KA001 before KA009 */
	a = aenderung(KS_AUSGENOMMEN, KS_OFFEN);
	a.halter = false;
	IS_INT(kette_fall_pruefen(&a), KV_NICHT_HALTER, "not the holder wins over a bad transition");
	a.system = true;
	IS_INT(kette_fall_pruefen(&a), KV_UEBERGANG, "the system gets the transition error");
	a = aenderung(KS_OFFEN, KS_IN_BERATUNG);
	a.anschluss_sichert = -1;
	IS_INT(kette_fall_pruefen(&a), KV_UEBERGANG, "transition error before preconditions");
	a = aenderung(KS_IN_BERATUNG, KS_IN_BERATUNG);
	a.halter = false;
	IS_INT(kette_fall_pruefen(&a), KV_NICHT_HALTER, "a non-holder may not touch a case even without a status change");
	a.halter = true;
	IS_INT(kette_fall_pruefen(&a), KV_OK, "the holder may change other columns");

	a = aenderung(KS_IN_BERATUNG, KS_ANSCHLUSS_GESICHERT);
	a.anschluss_sichert = -1;
	IS_INT(kette_fall_pruefen(&a), KV_ANSCHLUSS_FEHLT, "gesichert without anschluss");
	a.anschluss_sichert = 0;
	IS_INT(kette_fall_pruefen(&a), KV_ANSCHLUSS_SICHERT_NICHT, "gesichert with arbeit");
	IS_STR(kette_verstoss_sqlstate(KV_ANSCHLUSS_SICHERT_NICHT), "KA009", "category error is KA009");

	/* the invariant holds without a status change */
	a = aenderung(KS_ANSCHLUSS_GESICHERT, KS_ANSCHLUSS_GESICHERT);
	a.anschluss_geaendert = true;
	a.anschluss_sichert = -1;
	IS_INT(kette_fall_pruefen(&a), KV_ANSCHLUSS_FEHLT, "a secured case cannot drop its anschluss");
	a.anschluss_sichert = 0;
	IS_INT(kette_fall_pruefen(&a), KV_ANSCHLUSS_SICHERT_NICHT, "nor take one that does not secure");
	a.anschluss_sichert = 1;
	IS_INT(kette_fall_pruefen(&a), KV_OK, "another securing category is fine");
	a = aenderung(KS_ANGETRETEN, KS_ANGETRETEN);
	a.anschluss_geaendert = true;
	a.anschluss_sichert = 0;
	IS_INT(kette_fall_pruefen(&a), KV_ANSCHLUSS_SICHERT_NICHT, "the same for angetreten");
	a.halter = false;
	IS_INT(kette_fall_pruefen(&a), KV_NICHT_HALTER, "KA004 still first");
	a = aenderung(KS_NICHT_ANGETRETEN, KS_NICHT_ANGETRETEN);
	a.anschluss_geaendert = true;
	a.anschluss_sichert = 0;
	IS_INT(kette_fall_pruefen(&a), KV_OK, "nicht_angetreten may record what the person does instead");
	a = aenderung(KS_NICHT_ANGETRETEN, KS_ANGETRETEN);
	a.anschluss_sichert = 0;
	IS_INT(kette_fall_pruefen(&a), KV_ANSCHLUSS_SICHERT_NICHT, "→ angetreten needs a securing anschluss");

	a = aenderung(KS_OHNE_ANSCHLUSS, KS_NICHT_ERREICHBAR);
	a.erfolglose_kontakte = 2;
	IS_INT(kette_fall_pruefen(&a), KV_KONTAKTE, "two attempts are not enough");
	a.erfolglose_kontakte = 3;
	IS_INT(kette_fall_pruefen(&a), KV_OK, "three attempts are");

	a = aenderung(KS_ANGETRETEN, KS_NICHT_ANGETRETEN);
	IS_INT(kette_fall_pruefen(&a), KV_OK, "drop-out before the stichtag");
	a.nach_stichtag = true;
	IS_INT(kette_fall_pruefen(&a), KV_ANGETRETEN_NACH_STICHTAG, "drop-out after the stichtag");
	IS_STR(kette_verstoss_sqlstate(KV_ANGETRETEN_NACH_STICHTAG), "KA001", "is KA001");

	a = aenderung(KS_AUSGENOMMEN, KS_OFFEN);
	a.unveraenderlich = true;
	a.zustaendig_geaendert = true;
	IS_INT(kette_fall_pruefen(&a), KV_UNVERAENDERLICH, "KA006 (immutable column) before KA004 (zustaendig) and KA001");
	a.unveraenderlich = false;
	IS_INT(kette_fall_pruefen(&a), KV_ZUSTAENDIG_DIREKT, "zustaendig_org moved outside an acceptance (KA004) before KA001");
	a.system = true;
	IS_INT(kette_fall_pruefen(&a), KV_ZUSTAENDIG_DIREKT, "not even by the system");
	a.zustaendig_erlaubt = true;
	IS_INT(kette_fall_pruefen(&a), KV_UEBERGANG, "an acceptance may move it");

	a = aenderung(KS_OHNE_ANSCHLUSS, KS_IN_BERATUNG);
	a.halter = false;
	a.beauftragt = true;
	IS_INT(kette_fall_pruefen(&a), KV_OK, "an acceptance moves the case for the receiver");
}

static kette_uebergabe_fakten
uebergabe(kette_basis b, kaoa_org_typ von, kaoa_org_typ an, kette_status s)
{
	kette_uebergabe_fakten f = {0};

	f.halter = true;
	f.status = s;
	f.basis = b;
	f.empfaenger_bekannt = true;
	f.von_typ = von;
	f.an_typ = an;
	return f;
}

static void
test_uebergabe_pruefen(void)
{
	kette_uebergabe_fakten f;

	f = uebergabe(KB_SCHULDUEG_1_1, KO_SCHULE, KO_AGENTUR, KS_OHNE_ANSCHLUSS);
	IS_INT(kette_uebergabe_pruefen(&f), KV_OK, "school -> agentur under SchülerDÜG");
	f.status = KS_OFFEN;
	IS_INT(kette_uebergabe_pruefen(&f), KV_NICHT_OHNE_ANSCHLUSS, "SchülerDÜG needs ohne_anschluss (KA009)");
	f.status = KS_AUSGENOMMEN;
	IS_INT(kette_uebergabe_pruefen(&f), KV_AUSGENOMMEN, "ausgenommen under a statutory basis (KA007)");
	f.halter = false;
	IS_INT(kette_uebergabe_pruefen(&f), KV_NICHT_HALTER, "KA004 comes first");
	f.system = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_AUSGENOMMEN, "the system offers on the holder's behalf");

	f = uebergabe(KB_EINWILLIGUNG, KO_SCHULE, KO_TRAEGER, KS_AUSGENOMMEN);
	f.einwilligung_angegeben = f.einwilligung_gefunden = f.einwilligung_gueltig = true;
	f.einwilligung_nennt_empfaenger = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_TERMINAL, "ausgenommen under consent: KA001");
	f.status = KS_ANGETRETEN;
	IS_INT(kette_uebergabe_pruefen(&f), KV_OK, "angetreten before the stichtag can still be handed on");
	f.nach_stichtag = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_TERMINAL, "angetreten after the stichtag is terminal");
	f.nach_stichtag = false;
	f.offen_vorhanden = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_OFFENE_UEBERGABE, "one open hand-off per case (KA005)");
	f.offen_vorhanden = false;
	f.einwilligung_nennt_empfaenger = false;
	IS_INT(kette_uebergabe_pruefen(&f), KV_EINWILLIGUNG_EMPFAENGER, "consent must name the receiver type");
	f.einwilligung_gueltig = false;
	IS_INT(kette_uebergabe_pruefen(&f), KV_EINWILLIGUNG_UNGUELTIG, "revoked consent");
	f.einwilligung_gefunden = false;
	IS_INT(kette_uebergabe_pruefen(&f), KV_EINWILLIGUNG_FREMD, "consent of someone else");
	f.einwilligung_angegeben = false;
	IS_INT(kette_uebergabe_pruefen(&f), KV_EINWILLIGUNG_FEHLT, "no consent given");
	f.an_typ = KO_JBA;
	IS_INT(kette_uebergabe_pruefen(&f), KV_EMPFAENGER_JBA, "KA008 before KA002: jba never receives");
	f.empfaenger_selbst = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_EMPFAENGER_SELBST, "not to oneself");
	f.empfaenger_bekannt = false;
	IS_INT(kette_uebergabe_pruefen(&f), KV_EMPFAENGER_UNBEKANNT, "unknown receiver");
	IS_STR(kette_verstoss_sqlstate(KV_EMPFAENGER_UNBEKANNT), "KA008", "unknown receiver is KA008");

	f = uebergabe(KB_SGB3_31A_2, KO_AGENTUR, KO_JOBCENTER, KS_IN_BERATUNG);
	f.widerspruch = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_WIDERSPRUCH, "objection blocks sgb3_31a_2 (KA003)");
	f.einwilligung_angegeben = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_EINWILLIGUNG_UEBERFLUESSIG, "KA002 (consent with statutory basis) before KA003");
	f = uebergabe(KB_SGB10_69, KO_AGENTUR, KO_JOBCENTER, KS_IN_BERATUNG);
	f.widerspruch = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_OK, "objection does not block sgb10_69");
	f = uebergabe(KB_SGB3_31A_2, KO_AGENTUR, KO_BERUFSKOLLEG, KS_IN_BERATUNG);
	IS_INT(kette_uebergabe_pruefen(&f), KV_EMPFAENGER_TYP, "sgb3_31a_2 not to a Berufskolleg (KA008)");
	f = uebergabe(KB_SCHULG_120, KO_SCHULE, KO_SCHULE, KS_OFFEN);
	IS_INT(kette_uebergabe_pruefen(&f), KV_EMPFAENGER_TYP, "schulg_120 not school -> school");
	f.offen_vorhanden = true;
	IS_INT(kette_uebergabe_pruefen(&f), KV_OFFENE_UEBERGABE, "KA005 before KA008");
}

static void
test_antwort(void)
{
	kette_antwort_fakten f = {0};

	f.art = KA_UEBERNEHMEN;
	f.ist_empfaenger = true;
	IS_INT(kette_antwort_pruefen(&f), KV_OK, "receiver accepts");
	f.fall_terminal = true;
	IS_INT(kette_antwort_pruefen(&f), KV_TERMINAL, "a terminal case is not taken over");
	f.beantwortet = true;
	IS_INT(kette_antwort_pruefen(&f), KV_BEANTWORTET, "KA005 before KA001");
	f.ist_empfaenger = false;
	f.ist_sender = true;
	IS_INT(kette_antwort_pruefen(&f), KV_NICHT_EMPFAENGER, "the sender cannot accept (KA004 first)");
	f = (kette_antwort_fakten) {0};
	f.art = KA_ABLEHNEN;
	f.ist_empfaenger = true;
	IS_INT(kette_antwort_pruefen(&f), KV_GRUND_FEHLT, "declining needs a reason");
	f.grund = true;
	f.fall_terminal = true;
	IS_INT(kette_antwort_pruefen(&f), KV_OK, "a terminal case's hand-off can be declined");
	f = (kette_antwort_fakten) {0};
	f.art = KA_ZURUECKZIEHEN;
	f.ist_empfaenger = true;
	IS_INT(kette_antwort_pruefen(&f), KV_NICHT_SENDER, "only the sender withdraws");
	f.system = true;
	IS_INT(kette_antwort_pruefen(&f), KV_OK, "the system withdraws, without a reason");
}

static void
test_verbleib(void)
{
	kette_verbleib_fakten f = {0};
	kette_status nach = KS_OFFEN;

	f.melder_typ = KO_KAMMER;
	f.gleiche_kommune = true;
	f.aufnehmend = true;
	f.status = KS_ANSCHLUSS_GESICHERT;
	f.angetreten = true;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_OK, "Kammer reports a start");
	IS_INT(nach, KS_ANGETRETEN, "-> angetreten");
	f.angetreten = false;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_OK, "Kammer reports a no-show");
	IS_INT(nach, KS_NICHT_ANGETRETEN, "-> nicht_angetreten");
	f.status = KS_ANGETRETEN;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_OK, "drop-out before the stichtag");
	f.nach_stichtag = true;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_ANGETRETEN_NACH_STICHTAG, "drop-out after the stichtag");
	f.angetreten = true;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_VERBLEIB_ZUSTAND, "angetreten twice");
	f.status = KS_IN_BERATUNG;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_VERBLEIB_ZUSTAND, "in_beratung has no Verbleib");
	f.gleiche_kommune = false;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_NICHT_MELDER, "a Kammer of another Kommune");
	f.gleiche_kommune = true;
	f.aufnehmend = false;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_NICHT_MELDER, "a Kammer the case does not name as admitting");
	f.melder_typ = KO_BETRIEB;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_NICHT_MELDER, "nor any Betrieb");
	f.melder_typ = KO_KOKO;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_VERBLEIB_ZUSTAND, "the KoKo of the Kommune reports for every case");
	f.melder_typ = KO_SCHULE;
	f.aufnehmend = true;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_NICHT_MELDER, "a school does not report Verbleib, even if named");
	f.aufnehmend = false;
	f.halter = true;
	IS_INT(kette_verbleib_pruefen(&f, &nach), KV_VERBLEIB_ZUSTAND, "unless it holds the case");
	OK(kette_org_meldet_verbleib(KO_KOKO) && kette_org_meldet_verbleib(KO_BETRIEB)
	   && !kette_org_meldet_verbleib(KO_AGENTUR), "reporting types");
	OK(kette_org_nimmt_auf(KO_BERUFSKOLLEG) && kette_org_nimmt_auf(KO_KAMMER) && kette_org_nimmt_auf(KO_BETRIEB)
	   && !kette_org_nimmt_auf(KO_KOKO) && !kette_org_nimmt_auf(KO_TRAEGER), "admitting types");
}

static void
test_daten(void)
{
	int			j, m, t;

	IS_INT(kette_berufsschulpflicht_ende_jahr(2008, 3, 14), 2026, "born March 2008: 18 in March 2026, ends 31 Jul 2026");
	IS_INT(kette_berufsschulpflicht_ende_jahr(2008, 7, 31), 2026, "born July: same school year");
	IS_INT(kette_berufsschulpflicht_ende_jahr(2008, 8, 1), 2026,
		   "born 1 August: 18 completed at the end of 31 July 2026 (§ 187 Abs. 2, § 188 Abs. 2 BGB)");
	IS_INT(kette_berufsschulpflicht_ende_jahr(2008, 8, 2), 2027, "born 2 August: 18 in the next school year");
	IS_INT(kette_berufsschulpflicht_ende_jahr(2008, 12, 31), 2027, "born December");
	IS_INT(kette_berufsschulpflicht_ende_jahr(2008, 1, 1), 2026, "born 1 January: the day before is in 2007");
	IS_INT(kette_berufsschulpflicht_ende_jahr(2008, 1, 2), 2026, "born 2 January");
	IS_INT(kette_berufsschulpflicht_ende_jahr(2008, 9, 1), 2027, "born 1 September: the day before is in August");
	OK(kette_selbst_alt_genug(2010, 5, 2024, 5, 31), "14 on the last day of the birth month");
	OK(!kette_selbst_alt_genug(2010, 5, 2024, 5, 30), "not surely 14 one day earlier");
	OK(kette_selbst_alt_genug(2010, 5, 2024, 6, 1), "14 the month after");
	OK(!kette_selbst_alt_genug(2010, 5, 2023, 12, 31), "13 the year before");
	OK(kette_selbst_alt_genug(2010, 2, 2024, 2, 29), "February of a leap year ends on the 29th");
	OK(!kette_selbst_alt_genug(2010, 2, 2024, 2, 28), "… so the 28th is not enough");
	OK(kette_selbst_alt_genug(2011, 2, 2025, 2, 28), "non-leap February ends on the 28th");
	kette_verbleib_stichtag_standard(2025, &j, &m, &t);
	OK(j == 2026 && m == 10 && t == 15, "default verbleib_stichtag 15 Oct of the next year");
}

static void
test_sqlstates(void)
{
	int			zaehler[11] = {0};

	for (int v = KV_OK + 1; v < KV_ANZAHL; v++)
	{
		const char *s = kette_verstoss_sqlstate(v);

		if (!OK(s != NULL && s[0] == 'K' && s[1] == 'A', "violation %d has a KA code", v))
			continue;
		zaehler[(s[3] - '0') * 10 + (s[4] - '0')]++;
	}
	for (int k = 1; k <= 10; k++)
		OK(zaehler[k] > 0, "KA%03d is used", k);
	OK(kette_verstoss_sqlstate(KV_OK) == NULL, "KV_OK has no code");
}

/* Every violation names its rule (the error's constraint field), each a different name. */
static void
test_regeln(void)
{
	for (int v = KV_OK + 1; v < KV_ANZAHL; v++)
	{
		const char *r = kette_verstoss_regel(v);
		bool		eindeutig = r != NULL;

		for (int w = KV_OK + 1; eindeutig && w < v; w++)
			eindeutig = strcmp(r, kette_verstoss_regel(w)) != 0;
		OK(r != NULL && strncmp(r, "kette_", 6) == 0 && eindeutig, "violation %d names its own rule (%s)", v,
		   r ? r : "NULL");
	}
	OK(kette_verstoss_regel(KV_OK) == NULL, "KV_OK names no rule");
	IS_STR(kette_verstoss_regel(KV_UEBERGANG), "kette_uebergang", "KV_UEBERGANG is rule kette_uebergang");
}

int
main(void)
{
	test_namen();
	test_uebergaenge();
	test_beratung();
	test_basen();
	test_fall_pruefen();
	test_uebergabe_pruefen();
	test_antwort();
	test_verbleib();
	test_daten();
	test_sqlstates();
	test_regeln();
	return unit_done();
}
