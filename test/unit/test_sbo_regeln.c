/*
 * test_sbo_regeln.c — unit tests of the SBO and measure rules (src/sbo/core/sbo_regeln.c): the
 * order of the refusals and their SQLSTATEs, the target-group flags, and completeness grade by
 * grade with the KAoA requirements written out again here (docs/sbo.md), not taken from the code.
 */
#include "sbo/core/sbo_regeln.h"
#include "unit.h"

/* ---- refusals of a participation -------------------------------------------------------------- */

static sbo_teilnahme_fakten
gute_teilnahme(void)
{
	sbo_teilnahme_fakten f = {0};

	f.version_bekannt = true;
	f.code_bekannt = true;
	f.datum = 9000;
	return f;
}

static void
test_teilnahme(void)
{
	sbo_teilnahme_fakten f = gute_teilnahme();

	IS_INT(sbo_teilnahme_pruefen(&f), SV_OK, "a plain participation passes");

	f.version_bekannt = false;
	f.code_bekannt = false;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_VERSION_UNBEKANNT, "unknown version is reported before the code");
	f = gute_teilnahme();
	f.code_bekannt = false;
	f.berufsfeld_noetig = true;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_CODE_UNBEKANNT, "unknown code before anything that needs the code");

	f = gute_teilnahme();
	f.hat_bis = true;
	f.bis = 8999;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_TEILNAHME_VERKEHRT, "bis one day before datum: inverted");
	f.bis = 9000;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_OK, "bis = datum: a one-day period");
	f.bis = 9014;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_OK, "a two-week Praktikum");

	f = gute_teilnahme();
	f.berufsfeld_noetig = true;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_BERUFSFELD_FEHLT, "Berufsfelderkundung without a Berufsfeld");
	f.hat_berufsfeld = true;
	f.berufsfeld_bekannt = false;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_BERUFSFELD_UNBEKANNT, "Berufsfelderkundung with an unknown Berufsfeld");
	f.berufsfeld_bekannt = true;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_OK, "Berufsfelderkundung with a known Berufsfeld");
	f.hat_bis = true;
	f.bis = 1;
	f.hat_berufsfeld = false;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_TEILNAHME_VERKEHRT, "period is checked before the Berufsfeld");

	f = gute_teilnahme();
	f.hat_berufsfeld = true;
	f.berufsfeld_bekannt = true;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_OK, "a Praktikum may carry a Berufsfeld");
	f.hat_kompetenzen = true;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_KOMPETENZEN_NICHT_HIER, "competences only where the element records them");
	f.mit_kompetenzen = true;
	IS_INT(sbo_teilnahme_pruefen(&f), SV_OK, "a Potenzialanalyse carries competences");
}

/* ---- refusals of a measure ------------------------------------------------------------------------- */

static sbo_massnahme_fakten
gute_massnahme(void)
{
	sbo_massnahme_fakten f = {0};

	f.jahrgaenge.unten = 8;
	f.jahrgaenge.oben = 9;
	f.zeitraum.unten = 9000;
	f.zeitraum.oben = 9100;
	f.hat_plaetze = true;
	f.plaetze = 0;
	return f;
}

static void
test_massnahme(void)
{
	sbo_massnahme_fakten f = gute_massnahme();

	IS_INT(sbo_massnahme_pruefen(&f), SV_OK, "a measure with 0 places passes");
	f.hat_plaetze = false;
	IS_INT(sbo_massnahme_pruefen(&f), SV_OK, "places unknown (NULL) pass");
	f.zeitraum.oben_offen = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_OK, "an open end passes");

	f = gute_massnahme();
	f.plaetze = -1;
	IS_INT(sbo_massnahme_pruefen(&f), SV_PLAETZE_NEGATIV, "negative places");
	f.zeitraum.leer = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_ZEITRAUM_LEER, "empty period before negative places");
	f.jahrgaenge.leer = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_JAHRGAENGE_LEER, "empty grades first");

	f = gute_massnahme();
	f.zeitraum.unten_offen = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_ZEITRAUM_OHNE_BEGINN, "a period without a start");
	f = gute_massnahme();
	f.jahrgaenge.oben = 14;
	IS_INT(sbo_massnahme_pruefen(&f), SV_JAHRGAENGE_AUSSERHALB, "grade 14 does not exist");
	f.jahrgaenge.oben = 13;
	IS_INT(sbo_massnahme_pruefen(&f), SV_OK, "grade 13 (Q2) exists");
	f.jahrgaenge.unten = 0;
	IS_INT(sbo_massnahme_pruefen(&f), SV_JAHRGAENGE_AUSSERHALB, "grade 0 does not exist");
	f = gute_massnahme();
	f.jahrgaenge.oben_offen = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_JAHRGAENGE_AUSSERHALB, "unbounded grades");
	/* the rules that used to be bare CHECKs: in order titel, art, …, schulformen, berufsfelder */
	f = gute_massnahme();
	f.berufsfelder_unbekannt = 1;
	f.berufsfelder_leer = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_BERUFSFELDER_LEER, "an empty list of Berufsfelder before unknown ones");
	f.schulformen_ungueltig = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_SCHULFORMEN_UNGUELTIG, "bad school forms before the Berufsfelder");
	f.plaetze = -1;
	IS_INT(sbo_massnahme_pruefen(&f), SV_PLAETZE_NEGATIV, "places before the school forms");
	f.jahrgaenge.leer = true;
	f.art_ungueltig = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_ART_UNGUELTIG, "art before the grades");
	f.titel_leer = true;
	IS_INT(sbo_massnahme_pruefen(&f), SV_TITEL_LEER, "the title first");
	OK(sbo_art_gueltig("praxiskurs") && sbo_art_gueltig("kurs_2") && sbo_art_gueltig("a"), "art: lower-case keys");
	OK(!sbo_art_gueltig("Praxiskurs") && !sbo_art_gueltig("2kurs") && !sbo_art_gueltig("") && !sbo_art_gueltig(NULL)
	   && !sbo_art_gueltig("praxis kurs") && !sbo_art_gueltig("praxis-kurs") && !sbo_art_gueltig("_kurs")
	   && !sbo_art_gueltig("kurs\xc3\xa4"), "art: capitals, leading digit or _, empty, spaces, dashes, umlauts refused");
	OK(sbo_schulform_gueltig("GY") && sbo_schulform_gueltig("R") && sbo_schulform_gueltig("SEK"), "school forms: 1-3 capitals");
	OK(!sbo_schulform_gueltig("gy") && !sbo_schulform_gueltig("") && !sbo_schulform_gueltig("GYMN")
	   && !sbo_schulform_gueltig("G Y") && !sbo_schulform_gueltig("G1") && !sbo_schulform_gueltig(NULL),
	   "school forms: lower case, empty, four letters, spaces, digits refused");
	OK(sbo_leer("") && sbo_leer("   ") && sbo_leer(NULL) && !sbo_leer(" x ") && !sbo_leer("\t"),
	   "blank titles: empty or spaces (as btrim); a tab is not trimmed by the CHECK either");

	f = gute_massnahme();
	f.berufsfelder_unbekannt = 1;
	IS_INT(sbo_massnahme_pruefen(&f), SV_BERUFSFELDER_UNBEKANNT, "an unknown Berufsfeld");

	IS_STR(sbo_verstoss_sqlstate(SV_CODE_UNBEKANNT), "23503", "unknown code: foreign_key_violation");
	IS_STR(sbo_verstoss_sqlstate(SV_VERSION_UNBEKANNT), "23503", "unknown version: foreign_key_violation");
	IS_STR(sbo_verstoss_sqlstate(SV_BERUFSFELD_FEHLT), "23502", "missing Berufsfeld: not_null_violation");
	IS_STR(sbo_verstoss_sqlstate(SV_ZEITRAUM_LEER), "23514", "empty period: check_violation");
	IS_STR(sbo_verstoss_sqlstate(SV_TEILNAHME_VERKEHRT), "23514", "inverted period: check_violation");
	IS_STR(sbo_verstoss_sqlstate(SV_PLAETZE_NEGATIV), "23514", "negative places: check_violation");
	IS_STR(sbo_verstoss_sqlstate(SV_OK), "00000", "no violation");
	IS_STR(sbo_verstoss_constraint(SV_PLAETZE_NEGATIV), "massnahme_plaetze", "constraint name of negative places");
	IS_STR(sbo_verstoss_constraint(SV_BERUFSFELD_FEHLT), "sbo_teilnahme_berufsfeld_noetig",
		   "constraint name of a missing Berufsfeld");
	for (int v = SV_OK + 1; v < SV_ANZAHL; v++)
		OK(sbo_verstoss_constraint((sbo_verstoss) v) != NULL &&
		   strcmp(sbo_verstoss_sqlstate((sbo_verstoss) v), "XX000") != 0,
		   "violation %d has a SQLSTATE and a constraint name", v);
}

/* ---- target group ------------------------------------------------------------------------------------ */

static void
test_zielgruppe(void)
{
	sbo_bereich zr = {false, false, false, 9000, 9100};
	const char *formen[] = {"HS", "GE"};
	sbo_zielgruppe g = {{false, false, false, 9, 10}, formen, 2};
	sbo_zielgruppe_fakten f = {true, 9, "GE", &g, 1, &zr, 9050};

	IS_INT(sbo_zielgruppe_abweichungen(&f), 0, "grade 9 GE inside a 9–10 HS/GE measure");
	f.jahrgang = 8;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_JAHRGANG, "grade 8: jahrgang");
	f.schulform = "GY";
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_JAHRGANG | SA_SCHULFORM, "grade 8 GY: jahrgang and schulform");
	f.jahrgang = 9;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_SCHULFORM, "grade 9 GY: schulform");
	f.jahrgang = 8;
	f.schulform = NULL;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_JAHRGANG | SA_SCHULFORM, "unknown school form against named forms");
	g.schulformen = NULL;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_JAHRGANG, "a measure for every school form");
	f.datum = 9101;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_JAHRGANG | SA_ZEITRAUM, "the day after the period");
	f.zeitraum = NULL;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_JAHRGANG, "no period given (a registration): no zeitraum flag");
	f.zeitraum = &zr;
	f.hat_schulbesuch = false;
	f.datum = 9000;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_KEIN_SCHULBESUCH, "no enrolment: grade and form unknown");
	zr.oben_offen = true;
	f.datum = 20000;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_KEIN_SCHULBESUCH, "open-ended period");
	IS_STR(sbo_abweichung_namen[1], "jahrgang", "label of bit 1");
	IS_STR(sbo_abweichung_namen[3], "zeitraum", "label of bit 3");
}

/* The programme of the seeds: grades 9–10 at R, SK and GE, and grades 10–12 (EF–Q2) at GY. */
static const char *const sek1[] = {"R", "SK", "GE"};
static const char *const gym[] = {"GY"};
static const sbo_zielgruppe programm[] = {
	{{false, false, false, 9, 10}, sek1, 3},
	{{false, false, false, 10, 12}, gym, 1}
};

static void
test_zielgruppe_vereinigung(void)
{
	sbo_zielgruppe_fakten f = {true, 9, "R", programm, 2, NULL, 0};

	OK(sbo_zielgruppe_enthaelt(programm, 2, 9, "SK"), "grade 9 SK: in the first pair");
	OK(sbo_zielgruppe_enthaelt(programm, 2, 12, "GY"), "Q2 at Gymnasium: in the second pair");
	OK(sbo_zielgruppe_enthaelt(programm, 2, 10, "GY") && sbo_zielgruppe_enthaelt(programm, 2, 10, "GE"),
	   "grade 10: both pairs");
	OK(!sbo_zielgruppe_enthaelt(programm, 2, 9, "GY"), "grade 9 GY: neither pair");
	OK(!sbo_zielgruppe_enthaelt(programm, 2, 11, "R"), "grade 11 R: neither pair");
	OK(!sbo_zielgruppe_enthaelt(programm, 2, 10, NULL), "unknown school form: no pair for every form");
	OK(!sbo_zielgruppe_enthaelt(programm, 0, 10, "GY"), "no pairs: nobody");
	IS_INT(sbo_zielgruppe_abweichungen(&f), 0, "grade 9 R: inside");
	f.schulform = "GY";
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_JAHRGANG, "grade 9 GY: GY is a target, grade 9 not for it");
	f.jahrgang = 11;
	f.schulform = "GE";
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_JAHRGANG, "grade 11 GE: GE is a target, grade 11 not for it");
	f.jahrgang = 10;
	f.schulform = "H";
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_SCHULFORM, "grade 10 H: the grade is a target, H nowhere");
	f.jahrgang = 8;
	IS_INT(sbo_zielgruppe_abweichungen(&f), SA_SCHULFORM | SA_JAHRGANG, "grade 8 H: neither");
}

/* The pieces of an overlap as text, e.g. "9-10:GE,R 10-10:*" (then pieces are compared whole). */
static const char *
schnitt_text(const sbo_zielgruppe *a, int na, const sbo_zielgruppe *b, int nb)
{
	static char buf[1024];
	sbo_schnitt_teil t[SBO_JAHRGANG_MAX];
	int			n = sbo_zielgruppen_schnitt(a, na, b, nb, t);
	size_t		len = 0;

	buf[0] = '\0';
	if (n < 0)
		return "-1";
	for (int i = 0; i < n; i++)
	{
		len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%s%d-%d:", i ? " " : "", t[i].von, t[i].bis);
		if (t[i].alle)
			len += (size_t) snprintf(buf + len, sizeof(buf) - len, "*");
		for (int k = 0; k < t[i].n_formen; k++)
			len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%s%s", k ? "," : "", t[i].formen[k]);
	}
	return buf;
}

static void
test_schnitt(void)
{
	const char *const alle_sek1[] = {"GE", "R", "SK", "H"};
	const char *const nur_ge[] = {"GE"};
	char		namen[70][4];
	const char *viele_namen[70];
	sbo_zielgruppe praxis = {{false, false, false, 9, 10}, NULL, 0};	/* grades 9–10, every form */
	sbo_zielgruppe sek[] = {{{false, false, false, 8, 10}, alle_sek1, 4}};
	sbo_zielgruppe oberstufe[] = {{{false, false, false, 11, 13}, gym, 1}};
	sbo_zielgruppe zerlegt[] = {{{false, false, false, 9, 9}, sek1, 3}, {{false, false, false, 10, 10}, sek1, 3},
								{{false, false, false, 10, 12}, gym, 1}};
	sbo_zielgruppe ge_zweimal[] = {{{false, false, false, 9, 10}, nur_ge, 1}, {{false, false, false, 10, 11}, nur_ge, 1}};
	sbo_zielgruppe leer[] = {{{true, false, false, 0, 0}, NULL, 0}};

	IS_STR(schnitt_text(programm, 2, &praxis, 1), "9-9:GE,R,SK 10-10:GE,GY,R,SK",
		   "programme vs grades 9-10 for every form: grade 9 without GY, grade 10 with it");
	IS_STR(schnitt_text(&praxis, 1, programm, 2), "9-9:GE,R,SK 10-10:GE,GY,R,SK", "the same the other way round");
	IS_STR(schnitt_text(programm, 2, sek, 1), "9-10:GE,R,SK", "programme vs grades 8-10 GE/R/SK/H: one piece");
	IS_STR(schnitt_text(programm, 2, oberstufe, 1), "11-12:GY", "programme vs the Oberstufe: grades 11-12 GY");
	IS_STR(schnitt_text(zerlegt, 3, &praxis, 1), schnitt_text(programm, 2, &praxis, 1),
		   "the same target group split into other pairs gives the same pieces");
	IS_STR(schnitt_text(programm, 2, ge_zweimal, 2), "9-10:GE", "overlapping pairs of one measure count once");
	IS_STR(schnitt_text(&praxis, 1, &praxis, 1), "9-10:*", "both for every school form: every form");
	IS_STR(schnitt_text(programm, 2, leer, 1), "", "an empty target group overlaps nothing");
	for (int i = 0; i < 70; i++)
	{
		snprintf(namen[i], sizeof(namen[i]), "%c%c", 'A' + i / 26, 'A' + i % 26);
		viele_namen[i] = namen[i];
	}
	{
		sbo_zielgruppe zu_viele = {{false, false, false, 9, 9}, viele_namen, 70};

		IS_STR(schnitt_text(&zu_viele, 1, &praxis, 1), "-1", "more than 64 distinct school forms: -1");
	}
}

/* ---- gaps: coverage of a cell ------------------------------------------------------------------------------- */

static void
test_deckt(void)
{
	const char *formen[] = {"GE", "RS"};
	const int32_t felder[] = {3, 9};
	sbo_zielgruppe g = {{false, false, false, 9, 10}, formen, 2};
	sbo_massnahme_ziel m = {&g, 1, felder, 2};
	sbo_massnahme_ziel p = {programm, 2, NULL, 0};

	OK(sbo_massnahme_deckt(&m, 9, "GE", 3), "grade 9 GE Elektro: covered");
	OK(sbo_massnahme_deckt(&m, 10, "RS", 9), "grade 10 RS Metall: covered");
	OK(!sbo_massnahme_deckt(&m, 8, "GE", 3), "grade 8: not covered");
	OK(!sbo_massnahme_deckt(&m, 9, "GY", 3), "Gymnasium: not covered");
	OK(!sbo_massnahme_deckt(&m, 9, NULL, 3), "unknown school form against named forms: not covered");
	OK(!sbo_massnahme_deckt(&m, 9, "GE", 4), "another Berufsfeld: not covered");
	g.schulformen = NULL;
	OK(sbo_massnahme_deckt(&m, 9, NULL, 3), "a measure for every school form covers an unknown one");
	m.felder = NULL;
	OK(sbo_massnahme_deckt(&m, 10, "GY", 16), "a measure for every field covers any field");
	g.jahrgaenge.leer = true;
	OK(!sbo_massnahme_deckt(&m, 10, "GY", 16), "empty grades cover nothing");
	OK(sbo_massnahme_deckt(&p, 11, "GY", 5) && sbo_massnahme_deckt(&p, 9, "SK", 5), "the programme covers 11 GY and 9 SK");
	OK(!sbo_massnahme_deckt(&p, 9, "GY", 5) && !sbo_massnahme_deckt(&p, 11, "GE", 5),
	   "the programme leaves 9 GY and 11 GE uncovered");
}

/* ---- completeness grade by grade ------------------------------------------------------------------------- */

/* The KAoA requirements as written in docs/sbo.md. */
static const sbo_pflicht potenzialanalyse = {8, 1, 8, 1, false};
static const sbo_pflicht berufsfelderkundung = {8, 1, 8, 3, true};
static const sbo_pflicht praktikum = {9, 1, 10, 1, false};
static const sbo_pflicht anschlussvereinbarung = {9, 2, 9, 1, false};

static void
test_faellig(void)
{
	IS_INT(sbo_pflicht_faellig(&potenzialanalyse, 7, 2), SF_NICHT_FAELLIG, "grade 7: no Potenzialanalyse yet");
	IS_INT(sbo_pflicht_faellig(&potenzialanalyse, 8, 1), SF_OFFEN, "grade 8: Potenzialanalyse required");
	IS_INT(sbo_pflicht_faellig(&potenzialanalyse, 9, 1), SF_UEBERFAELLIG, "grade 9: a missing Potenzialanalyse is overdue");
	IS_INT(sbo_pflicht_faellig(&berufsfelderkundung, 8, 2), SF_OFFEN, "grade 8: Berufsfelderkundung required");
	IS_INT(sbo_pflicht_faellig(&berufsfelderkundung, 10, 1), SF_UEBERFAELLIG, "grade 10: missing BFE overdue");
	IS_INT(sbo_pflicht_faellig(&praktikum, 8, 2), SF_NICHT_FAELLIG, "grade 8: no Praktikum yet");
	IS_INT(sbo_pflicht_faellig(&praktikum, 9, 1), SF_OFFEN, "grade 9: Praktikum required, still open");
	IS_INT(sbo_pflicht_faellig(&praktikum, 10, 2), SF_OFFEN, "grade 10: Praktikum still within 9/10");
	IS_INT(sbo_pflicht_faellig(&praktikum, 11, 1), SF_UEBERFAELLIG, "grade 11: Praktikum overdue");
	IS_INT(sbo_pflicht_faellig(&anschlussvereinbarung, 9, 1), SF_NICHT_FAELLIG,
		   "grade 9, first half: no Anschlussvereinbarung yet");
	IS_INT(sbo_pflicht_faellig(&anschlussvereinbarung, 9, 2), SF_OFFEN,
		   "grade 9, second half: Anschlussvereinbarung required");
	IS_INT(sbo_pflicht_faellig(&anschlussvereinbarung, 10, 1), SF_UEBERFAELLIG,
		   "grade 10, first half: a missing Anschlussvereinbarung is overdue");
	IS_INT(sbo_pflicht_faellig(&anschlussvereinbarung, 8, 2), SF_NICHT_FAELLIG, "grade 8: no Anschlussvereinbarung");
}

static void
test_zaehlen(void)
{
	sbo_nachweis drei[] = {{100, 3}, {101, 4}, {102, 10}};
	sbo_nachweis ein_feld[] = {{100, 3}, {101, 3}, {102, 3}};
	sbo_nachweis ein_tag[] = {{100, 3}, {100, 4}, {100, 10}};
	sbo_nachweis zwei_zwei[] = {{100, 3}, {100, 4}, {101, 3}, {101, 4}};
	/* day 100 could be A, B or C; days 101 and 102 only A: at most 2 */
	sbo_nachweis eng[] = {{100, 1}, {100, 2}, {100, 7}, {101, 1}, {102, 1}};
	/* greedy day 100 → a would block; a matching finds 100→b, 101→a, 102→c */
	sbo_nachweis umweg[] = {{100, 1}, {100, 2}, {101, 1}, {102, 7}};
	sbo_nachweis ohne_feld[] = {{100, 0}, {101, 1}, {102, 2}};
	sbo_nachweis viele[80];

	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, drei, 3), 3, "three days, three fields: 3");
	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, ein_feld, 3), 1, "three days in one field: 1");
	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, ein_tag, 3), 1, "three fields on one day: 1");
	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, zwei_zwei, 4), 2, "two days × two fields: 2");
	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, eng, 5), 2, "three fields but two of the days only one field: 2");
	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, umweg, 4), 3, "needs an augmenting path: 3");
	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, ohne_feld, 3), 2, "a proof without a field does not count");
	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, NULL, 0), 0, "no proofs");
	IS_INT(sbo_nachweise_zaehlen(&praktikum, ein_tag, 3), 3, "without distinct fields every proof counts");
	IS_INT(sbo_nachweise_zaehlen(&potenzialanalyse, ohne_feld, 3), 3, "Potenzialanalyse: fields do not matter");
	for (int i = 0; i < 80; i++)
	{
		viele[i].datum = 1000 + i;
		viele[i].berufsfeld = (i % 2) ? 5 : 6;
	}
	IS_INT(sbo_nachweise_zaehlen(&berufsfelderkundung, viele, 80), 2, "80 proofs over two fields: 2");
}

/* A whole pupil, grade by grade: the four KAoA requirements in the order of the catalogue. */
static void
test_schueler(void)
{
	const sbo_pflicht alle[4] = {potenzialanalyse, berufsfelderkundung, praktikum, anschlussvereinbarung};
	/* proofs: PA, BFE elektro / gesundheit / medien on three days, Praktikum, AV */
	sbo_nachweis n[6] = {{100, 0}, {110, 3}, {111, 4}, {112, 10}, {300, 3}, {400, 0}};
	int			von_alles[6] = {0, 1, 1, 1, 2, 3};
	int			von_nichts[6] = {-1, -1, -1, -1, -1, -1};
	int			von_halb[6] = {0, 1, 1, -1, 7, -1};	/* PA, two BFE days; the rest counts for nothing */
	int			vorhanden[4];
	sbo_faelligkeit fehlt[4];

	sbo_schueler_pruefen(alle, 4, 8, 1, von_nichts, n, 6, vorhanden, fehlt);
	IS_INT(fehlt[0], SF_OFFEN, "grade 8, nothing done: Potenzialanalyse missing");
	IS_INT(fehlt[1], SF_OFFEN, "grade 8, nothing done: Berufsfelderkundung missing");
	IS_INT(fehlt[2], SF_NICHT_FAELLIG, "grade 8: Praktikum not yet due");
	IS_INT(fehlt[3], SF_NICHT_FAELLIG, "grade 8: Anschlussvereinbarung not yet due");
	IS_INT(vorhanden[1], 0, "grade 8, nothing done: 0 BFE days");

	sbo_schueler_pruefen(alle, 4, 8, 2, von_halb, n, 6, vorhanden, fehlt);
	IS_INT(fehlt[0], SF_NICHT_FAELLIG, "grade 8 with a Potenzialanalyse: complete");
	IS_INT(fehlt[1], SF_OFFEN, "grade 8 with two BFE days: Berufsfelderkundung missing");
	IS_INT(vorhanden[1], 2, "two BFE days counted");

	sbo_schueler_pruefen(alle, 4, 9, 1, von_halb, n, 6, vorhanden, fehlt);
	IS_INT(fehlt[1], SF_UEBERFAELLIG, "grade 9 with two BFE days: overdue");
	IS_INT(fehlt[2], SF_OFFEN, "grade 9 without Praktikum: open");
	IS_INT(fehlt[3], SF_NICHT_FAELLIG, "grade 9, first half: no Anschlussvereinbarung due");

	sbo_schueler_pruefen(alle, 4, 9, 2, von_halb, n, 6, vorhanden, fehlt);
	IS_INT(fehlt[3], SF_OFFEN, "grade 9, second half, no Anschlussvereinbarung: open");

	sbo_schueler_pruefen(alle, 4, 10, 1, von_nichts, n, 6, vorhanden, fehlt);
	IS_INT(fehlt[0], SF_UEBERFAELLIG, "grade 10, nothing done: Potenzialanalyse overdue");
	IS_INT(fehlt[2], SF_OFFEN, "grade 10 without Praktikum: still open");
	IS_INT(fehlt[3], SF_UEBERFAELLIG, "grade 10 without Anschlussvereinbarung: overdue");

	sbo_schueler_pruefen(alle, 4, 10, 2, von_alles, n, 6, vorhanden, fehlt);
	for (int i = 0; i < 4; i++)
		IS_INT(fehlt[i], SF_NICHT_FAELLIG, "grade 10 with everything: requirement %d complete", i);
	IS_INT(vorhanden[1], 3, "three BFE days in three fields");
	IS_INT(vorhanden[2], 1, "one Praktikum");
}

int
main(void)
{
	test_teilnahme();
	test_massnahme();
	test_zielgruppe();
	test_zielgruppe_vereinigung();
	test_schnitt();
	test_deckt();
	test_faellig();
	test_zaehlen();
	test_schueler();
	return unit_done();
}
