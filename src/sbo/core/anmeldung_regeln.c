/*
 * anmeldung_regeln.c — registration rules of a measure (see anmeldung_regeln.h).
 */
#include "sbo/core/anmeldung_regeln.h"

#include <string.h>

const char *const anmeldung_status_namen[AS_ANZAHL] = {"zugesagt", "warteliste", "zurueckgezogen"};

int
anmeldung_status_von(const char *s)
{
	for (int i = 0; s != NULL && i < AS_ANZAHL; i++)
		if (strcmp(anmeldung_status_namen[i], s) == 0)
			return i;
	return -1;
}

const char *
anmeldung_ergebnis_sqlstate(anmeldung_ergebnis e)
{
	switch (e)
	{
		case AE_OK:
			return "00000";
		case AE_OHNE_ANMELDUNG:
		case AE_FRIST_VORBEI:
		case AE_VOLL:
			return "KA011";
		case AE_ZIELGRUPPE:
			return "KA012";
		case AE_DOPPELT:
			return "23505";
	}
	return "XX000";
}

/* The order is fixed so that the same mistake always gets the same code: first what holds for
 * every registration of the measure (closed, deadline), then what concerns the person. */
anmeldung_ergebnis
anmeldung_entscheiden(const anmeldung_fakten *f, anmeldung_status *status)
{
	bool		frei = !f->begrenzt || f->zugesagt < f->plaetze;

	if (!f->hat_frist)
		return AE_OHNE_ANMELDUNG;
	if (f->frist_bindet && f->heute > f->frist)
		return AE_FRIST_VORBEI;
	if (f->angemeldet)
		return AE_DOPPELT;
	if (f->abweichungen != 0 && f->nur_zielgruppe)
		return AE_ZIELGRUPPE;
	if (!frei && !f->warteliste)
		return AE_VOLL;
	*status = frei ? AS_ZUGESAGT : AS_WARTELISTE;
	return AE_OK;
}

int64_t
anmeldung_nachruecken(bool begrenzt, int64_t plaetze, int64_t zugesagt, int64_t wartend)
{
	int64_t		frei;

	if (wartend <= 0)
		return 0;
	if (!begrenzt)
		return wartend;
	frei = plaetze - zugesagt;
	if (frei <= 0)
		return 0;
	return frei < wartend ? frei : wartend;
}

bool
anmeldung_plaetze_ok(bool begrenzt, int64_t neu, int64_t zugesagt)
{
	return !begrenzt || neu >= zugesagt;
}
