/*
 * test_anmeldung_regeln.c — unit tests of the registration rules (src/sbo/core/anmeldung_regeln.c):
 * the order of the refusals, the status a registration gets, how many move up from the waiting
 * list, and when places may be lowered.
 */
#include "unit.h"

#include "sbo/core/anmeldung_regeln.h"
#include "sbo/core/sbo_regeln.h"

/* A measure that takes registrations until day 100 with 2 places and a waiting list; today 90. */
static anmeldung_fakten
offen(void)
{
	anmeldung_fakten f = {0};

	f.hat_frist = true;
	f.frist = 100;
	f.heute = 90;
	f.frist_bindet = true;
	f.begrenzt = true;
	f.plaetze = 2;
	f.warteliste = true;
	return f;
}

static void
test_entscheiden(void)
{
	anmeldung_fakten f = offen();
	anmeldung_status s = AS_ANZAHL;

	IS_INT(anmeldung_entscheiden(&f, &s), AE_OK, "a free place: accepted");
	IS_INT(s, AS_ZUGESAGT, "… zugesagt");
	f.zugesagt = 1;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_OK, "the last place: accepted");
	IS_INT(s, AS_ZUGESAGT, "… zugesagt");
	f.zugesagt = 2;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_OK, "full, with a waiting list: accepted");
	IS_INT(s, AS_WARTELISTE, "… on the waiting list");
	f.warteliste = false;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_VOLL, "full without a waiting list: refused");
	f.zugesagt = 5;				/* more than places (places lowered by a restore) */
	IS_INT(anmeldung_entscheiden(&f, &s), AE_VOLL, "over-full without a waiting list: refused");
	f.begrenzt = false;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_OK, "no limit on places: accepted");
	IS_INT(s, AS_ZUGESAGT, "… zugesagt");

	f = offen();
	f.heute = 100;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_OK, "on the deadline day: still open");
	f.heute = 101;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_FRIST_VORBEI, "the day after: closed");
	f.frist_bindet = false;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_OK, "the system is not bound by the deadline");
	f.hat_frist = false;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_OHNE_ANMELDUNG, "no anmeldung_bis: no registrations, for anyone");

	f = offen();
	f.angemeldet = true;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_DOPPELT, "registered already: 23505");
	f.heute = 101;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_FRIST_VORBEI, "the deadline comes before the duplicate");
	f = offen();
	f.abweichungen = SA_SCHULFORM;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_OK, "outside an open target group: accepted (flagged)");
	f.nur_zielgruppe = true;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_ZIELGRUPPE, "outside a closed target group: KA012");
	f.angemeldet = true;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_DOPPELT, "the duplicate comes before the target group");
	f.angemeldet = false;
	f.zugesagt = 2;
	f.warteliste = false;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_ZIELGRUPPE, "the target group comes before the full measure");
	f.abweichungen = 0;
	IS_INT(anmeldung_entscheiden(&f, &s), AE_VOLL, "inside, full, no waiting list: KA011");

	IS_STR(anmeldung_ergebnis_sqlstate(AE_FRIST_VORBEI), "KA011", "deadline: KA011");
	IS_STR(anmeldung_ergebnis_sqlstate(AE_OHNE_ANMELDUNG), "KA011", "no registrations: KA011");
	IS_STR(anmeldung_ergebnis_sqlstate(AE_VOLL), "KA011", "full: KA011");
	IS_STR(anmeldung_ergebnis_sqlstate(AE_ZIELGRUPPE), "KA012", "target group: KA012");
	IS_STR(anmeldung_ergebnis_sqlstate(AE_DOPPELT), "23505", "twice: unique_violation");
	IS_STR(anmeldung_ergebnis_sqlstate(AE_OK), "00000", "accepted");
}

static void
test_nachruecken(void)
{
	IS_INT(anmeldung_nachruecken(true, 2, 1, 3), 1, "one free place, three waiting: one moves up");
	IS_INT(anmeldung_nachruecken(true, 5, 1, 3), 3, "four free places, three waiting: all three");
	IS_INT(anmeldung_nachruecken(true, 2, 2, 3), 0, "full: nobody");
	IS_INT(anmeldung_nachruecken(true, 2, 4, 3), 0, "over-full: nobody");
	IS_INT(anmeldung_nachruecken(true, 2, 0, 0), 0, "nobody waiting");
	IS_INT(anmeldung_nachruecken(false, 0, 100, 7), 7, "places unlimited: everyone waiting");
	IS_INT(anmeldung_nachruecken(true, 0, 0, 7), 0, "no places at all: nobody");
}

static void
test_plaetze(void)
{
	OK(anmeldung_plaetze_ok(true, 3, 3), "as many places as zugesagt");
	OK(!anmeldung_plaetze_ok(true, 2, 3), "fewer places than zugesagt: refused");
	OK(anmeldung_plaetze_ok(false, 0, 30), "unlimited: always");
	OK(anmeldung_plaetze_ok(true, 0, 0), "no places, nobody zugesagt");
}

static void
test_status(void)
{
	IS_INT(anmeldung_status_von("zugesagt"), AS_ZUGESAGT, "zugesagt");
	IS_INT(anmeldung_status_von("warteliste"), AS_WARTELISTE, "warteliste");
	IS_INT(anmeldung_status_von("zurueckgezogen"), AS_ZURUECKGEZOGEN, "zurueckgezogen");
	IS_INT(anmeldung_status_von("abgesagt"), -1, "unknown status");
	IS_INT(anmeldung_status_von(NULL), -1, "NULL");
	IS_STR(anmeldung_status_namen[AS_WARTELISTE], "warteliste", "name of warteliste");
}

int
main(void)
{
	test_entscheiden();
	test_nachruecken();
	test_plaetze();
	test_status();
	return unit_done();
}
