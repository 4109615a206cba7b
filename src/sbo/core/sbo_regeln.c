/*
 * sbo_regeln.c — rules of the Standardelemente and the measures (see sbo_regeln.h).
 */
#include "sbo/core/sbo_regeln.h"

#include <string.h>

/* ---- violations ----------------------------------------------------------------------------------- */

const char *
sbo_verstoss_sqlstate(sbo_verstoss v)
{
	switch (v)
	{
		case SV_OK:
			return "00000";
		case SV_VERSION_UNBEKANNT:
		case SV_CODE_UNBEKANNT:
		case SV_BERUFSFELD_UNBEKANNT:
		case SV_BERUFSFELDER_UNBEKANNT:
			return "23503";		/* foreign_key_violation: a key the reference table lacks */
		case SV_BERUFSFELD_FEHLT:
			return "23502";		/* not_null_violation: a column this element requires */
		case SV_TEILNAHME_VERKEHRT:
		case SV_KOMPETENZEN_NICHT_HIER:
		case SV_JAHRGAENGE_LEER:
		case SV_JAHRGAENGE_AUSSERHALB:
		case SV_ZEITRAUM_LEER:
		case SV_ZEITRAUM_OHNE_BEGINN:
		case SV_PLAETZE_NEGATIV:
		case SV_TITEL_LEER:
		case SV_ART_UNGUELTIG:
		case SV_SCHULFORMEN_UNGUELTIG:
		case SV_BERUFSFELDER_LEER:
			return "23514";		/* check_violation: a rule on the row's own values */
		case SV_ANZAHL:
			break;
	}
	return "XX000";
}

const char *
sbo_verstoss_constraint(sbo_verstoss v)
{
	switch (v)
	{
		case SV_OK:
			return NULL;
		case SV_VERSION_UNBEKANNT:
			return "sbo_teilnahme_katalog_version";
		case SV_CODE_UNBEKANNT:
			return "sbo_teilnahme_sbo_code";
		case SV_TEILNAHME_VERKEHRT:
			return "sbo_teilnahme_zeitraum";
		case SV_BERUFSFELD_FEHLT:
			return "sbo_teilnahme_berufsfeld_noetig";
		case SV_BERUFSFELD_UNBEKANNT:
			return "sbo_teilnahme_berufsfeld";
		case SV_KOMPETENZEN_NICHT_HIER:
			return "sbo_teilnahme_kompetenzen";
		case SV_JAHRGAENGE_LEER:
		case SV_JAHRGAENGE_AUSSERHALB:
			return "massnahme_jahrgaenge";
		case SV_ZEITRAUM_LEER:
		case SV_ZEITRAUM_OHNE_BEGINN:
			return "massnahme_zeitraum";
		case SV_PLAETZE_NEGATIV:
			return "massnahme_plaetze";
		case SV_TITEL_LEER:
			return "massnahme_titel_check";	/* the CHECK's own name (unnamed in 310_sbo_tabellen.sql) */
		case SV_ART_UNGUELTIG:
			return "massnahme_art_check";
		case SV_SCHULFORMEN_UNGUELTIG:
			return "massnahme_schulformen";
		case SV_BERUFSFELDER_LEER:
			return "massnahme_berufsfelder_liste";
		case SV_BERUFSFELDER_UNBEKANNT:
			return "massnahme_berufsfelder";
		case SV_ANZAHL:
			break;
	}
	return NULL;
}

/* ---- rows ------------------------------------------------------------------------------------------- */

sbo_verstoss
sbo_teilnahme_pruefen(const sbo_teilnahme_fakten *f)
{
	if (!f->version_bekannt)
		return SV_VERSION_UNBEKANNT;
	if (!f->code_bekannt)
		return SV_CODE_UNBEKANNT;
	if (f->hat_bis && f->bis < f->datum)
		return SV_TEILNAHME_VERKEHRT;
	if (f->berufsfeld_noetig && !f->hat_berufsfeld)
		return SV_BERUFSFELD_FEHLT;
	if (f->hat_berufsfeld && !f->berufsfeld_bekannt)
		return SV_BERUFSFELD_UNBEKANNT;
	if (f->hat_kompetenzen && !f->mit_kompetenzen)
		return SV_KOMPETENZEN_NICHT_HIER;
	return SV_OK;
}

sbo_verstoss
sbo_massnahme_pruefen(const sbo_massnahme_fakten *f)
{
	const sbo_bereich *j = &f->jahrgaenge;

	if (f->titel_leer)
		return SV_TITEL_LEER;
	if (f->art_ungueltig)
		return SV_ART_UNGUELTIG;
	if (j->leer)
		return SV_JAHRGAENGE_LEER;
	if (j->unten_offen || j->oben_offen || j->unten < SBO_JAHRGANG_MIN || j->oben > SBO_JAHRGANG_MAX)
		return SV_JAHRGAENGE_AUSSERHALB;
	if (f->zeitraum.leer)
		return SV_ZEITRAUM_LEER;
	if (f->zeitraum.unten_offen)
		return SV_ZEITRAUM_OHNE_BEGINN;
	if (f->hat_plaetze && f->plaetze < 0)
		return SV_PLAETZE_NEGATIV;
	if (f->schulformen_ungueltig)
		return SV_SCHULFORMEN_UNGUELTIG;
	if (f->berufsfelder_leer)
		return SV_BERUFSFELDER_LEER;
	if (f->berufsfelder_unbekannt > 0)
		return SV_BERUFSFELDER_UNBEKANNT;
	return SV_OK;
}

/* The CHECKs massnahme_art_check and massnahme_schulformen of 310_sbo_tabellen.sql, read in C so
 * that the trigger can refuse first, with a detail and a hint (a CHECK alone gives neither). */
bool
sbo_art_gueltig(const char *art)
{
	size_t		i;

	if (art == NULL || !(art[0] >= 'a' && art[0] <= 'z'))
		return false;
	for (i = 1; art[i] != '\0'; i++)
		if (!((art[i] >= 'a' && art[i] <= 'z') || (art[i] >= '0' && art[i] <= '9') || art[i] == '_'))
			return false;
	return true;
}

bool
sbo_schulform_gueltig(const char *s)
{
	size_t		i;

	if (s == NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= 3 || s[i] < 'A' || s[i] > 'Z')
			return false;
	return i >= 1;
}

/* As the CHECK btrim(titel) <> '': empty or only spaces. */
bool
sbo_leer(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ')
			return false;
	return true;
}

bool
sbo_bereich_enthaelt(const sbo_bereich *r, int32_t x)
{
	if (r->leer)
		return false;
	if (!r->unten_offen && x < r->unten)
		return false;
	if (!r->oben_offen && x > r->oben)
		return false;
	return true;
}

/* ---- target group ------------------------------------------------------------------------------------ */

const char *const sbo_abweichung_namen[SBO_ABWEICHUNG_ANZAHL] = {
	"kein_schulbesuch", "jahrgang", "schulform", "zeitraum"
};

/* Does pair g admit school form `schulform` (NULL: unknown, admitted only by "every form")? */
static bool
form_zugelassen(const sbo_zielgruppe *g, const char *schulform)
{
	if (g->schulformen == NULL)
		return true;
	for (int i = 0; schulform != NULL && i < g->n_schulformen; i++)
		if (g->schulformen[i] != NULL && strcmp(g->schulformen[i], schulform) == 0)
			return true;
	return false;
}

bool
sbo_zielgruppe_enthaelt(const sbo_zielgruppe *gruppen, int n, int jahrgang, const char *schulform)
{
	for (int i = 0; gruppen != NULL && i < n; i++)
		if (sbo_bereich_enthaelt(&gruppen[i].jahrgaenge, jahrgang) && form_zugelassen(&gruppen[i], schulform))
			return true;
	return false;
}

unsigned
sbo_zielgruppe_abweichungen(const sbo_zielgruppe_fakten *f)
{
	unsigned	bits = 0;

	if (!f->hat_schulbesuch)
		bits |= SA_KEIN_SCHULBESUCH;
	else if (!sbo_zielgruppe_enthaelt(f->gruppen, f->n_gruppen, f->jahrgang, f->schulform))
	{
		bool		form_irgendwo = false,
					jahrgang_irgendwo = false;

		for (int i = 0; f->gruppen != NULL && i < f->n_gruppen; i++)
		{
			form_irgendwo |= form_zugelassen(&f->gruppen[i], f->schulform);
			jahrgang_irgendwo |= sbo_bereich_enthaelt(&f->gruppen[i].jahrgaenge, f->jahrgang);
		}
		if (form_irgendwo)
			bits |= SA_JAHRGANG;
		else
		{
			bits |= SA_SCHULFORM;
			if (!jahrgang_irgendwo)
				bits |= SA_JAHRGANG;
		}
	}
	if (f->zeitraum != NULL && !sbo_bereich_enthaelt(f->zeitraum, f->datum))
		bits |= SA_ZEITRAUM;
	return bits;
}

/* ---- gaps ---------------------------------------------------------------------------------------------- */

bool
sbo_massnahme_deckt(const sbo_massnahme_ziel *m, int jahrgang, const char *schulform, int32_t feld)
{
	bool		ja;

	if (!sbo_zielgruppe_enthaelt(m->gruppen, m->n_gruppen, jahrgang, schulform))
		return false;
	if (m->felder != NULL)
	{
		ja = false;
		for (int i = 0; i < m->n_felder && !ja; i++)
			ja = m->felder[i] == feld;
		if (!ja)
			return false;
	}
	return true;
}

/* ---- parallel structures ---------------------------------------------------------------------------------- */

/* The school forms a target group admits in each grade: every form, or a bit set over the words. */
typedef struct formen_je_jahrgang
{
	bool		alle[SBO_JAHRGANG_MAX + 1];
	uint64_t	bits[SBO_JAHRGANG_MAX + 1];
} formen_je_jahrgang;

static int
wort_nr(const char *const *woerter, int n, const char *w)
{
	for (int i = 0; i < n; i++)
		if (strcmp(woerter[i], w) == 0)
			return i;
	return -1;
}

/* Adds the school forms of the pairs to the sorted word list; false when more than fit. */
static bool
woerter_sammeln(const sbo_zielgruppe *g, int n, const char **woerter, int *n_woerter)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; g[i].schulformen != NULL && k < g[i].n_schulformen; k++)
		{
			const char *w = g[i].schulformen[k];
			int			pos;

			if (w == NULL || wort_nr(woerter, *n_woerter, w) >= 0)
				continue;
			if (*n_woerter >= SBO_SCHULFORMEN_MAX)
				return false;
			for (pos = *n_woerter; pos > 0 && strcmp(woerter[pos - 1], w) > 0; pos--)
				woerter[pos] = woerter[pos - 1];
			woerter[pos] = w;
			(*n_woerter)++;
		}
	return true;
}

static void
formen_fuellen(const sbo_zielgruppe *g, int n, const char *const *woerter, int n_woerter,
			   formen_je_jahrgang *f)
{
	memset(f, 0, sizeof(*f));
	for (int j = SBO_JAHRGANG_MIN; j <= SBO_JAHRGANG_MAX; j++)
		for (int i = 0; i < n; i++)
		{
			if (!sbo_bereich_enthaelt(&g[i].jahrgaenge, j))
				continue;
			if (g[i].schulformen == NULL)
				f->alle[j] = true;
			else
				for (int k = 0; k < g[i].n_schulformen; k++)
				{
					int			nr = g[i].schulformen[k] ? wort_nr(woerter, n_woerter, g[i].schulformen[k]) : -1;

					if (nr >= 0)
						f->bits[j] |= UINT64_C(1) << nr;
				}
		}
}

int
sbo_zielgruppen_schnitt(const sbo_zielgruppe *a, int na, const sbo_zielgruppe *b, int nb,
						sbo_schnitt_teil *out)
{
	const char *woerter[SBO_SCHULFORMEN_MAX];
	int			n_woerter = 0,
				n = 0;
	formen_je_jahrgang fa,
				fb;
	bool		alle[SBO_JAHRGANG_MAX + 2];
	uint64_t	bits[SBO_JAHRGANG_MAX + 2];

	if (!woerter_sammeln(a, na, woerter, &n_woerter) || !woerter_sammeln(b, nb, woerter, &n_woerter))
		return -1;
	formen_fuellen(a, na, woerter, n_woerter, &fa);
	formen_fuellen(b, nb, woerter, n_woerter, &fb);
	memset(alle, 0, sizeof(alle));
	memset(bits, 0, sizeof(bits));
	for (int j = SBO_JAHRGANG_MIN; j <= SBO_JAHRGANG_MAX; j++)
	{
		alle[j] = fa.alle[j] && fb.alle[j];
		bits[j] = fa.alle[j] ? fb.bits[j] : fb.alle[j] ? fa.bits[j] : (fa.bits[j] & fb.bits[j]);
		if (alle[j])
			bits[j] = 0;
	}
	for (int j = SBO_JAHRGANG_MIN; j <= SBO_JAHRGANG_MAX;)
	{
		int			bis = j;
		sbo_schnitt_teil *t;

		if (!alle[j] && bits[j] == 0)
		{
			j++;
			continue;
		}
		while (bis + 1 <= SBO_JAHRGANG_MAX && alle[bis + 1] == alle[j] && bits[bis + 1] == bits[j])
			bis++;
		t = &out[n++];
		t->von = j;
		t->bis = bis;
		t->alle = alle[j];
		t->n_formen = 0;
		for (int k = 0; k < n_woerter; k++)
			if (bits[j] & (UINT64_C(1) << k))
				t->formen[t->n_formen++] = woerter[k];
		j = bis + 1;
	}
	return n;
}

/* ---- completeness ---------------------------------------------------------------------------------------- */

sbo_faelligkeit
sbo_pflicht_faellig(const sbo_pflicht *p, int jahrgang, int halbjahr)
{
	if (jahrgang < p->jahrgang_von)
		return SF_NICHT_FAELLIG;
	if (jahrgang == p->jahrgang_von && halbjahr < p->ab_halbjahr)
		return SF_NICHT_FAELLIG;
	if (jahrgang > p->jahrgang_bis)
		return SF_UEBERFAELLIG;
	return SF_OFFEN;
}

/* Kuhn's augmenting path from day d over the fields not yet visited in this round. */
static bool
erweitern(int d, int n_felder, bool kante[SBO_NACHWEISE_MAX][SBO_NACHWEISE_MAX],
		  bool besucht[SBO_NACHWEISE_MAX], int tag_von_feld[SBO_NACHWEISE_MAX])
{
	for (int f = 0; f < n_felder; f++)
	{
		if (!kante[d][f] || besucht[f])
			continue;
		besucht[f] = true;
		if (tag_von_feld[f] < 0 ||
			erweitern(tag_von_feld[f], n_felder, kante, besucht, tag_von_feld))
		{
			tag_von_feld[f] = d;
			return true;
		}
	}
	return false;
}

/*
 * Distinct days and distinct fields are the two sides of a bipartite graph, each proof an edge;
 * the number of proofs that count is its maximum matching (at most 64 × 64, Kuhn's algorithm).
 */
int
sbo_nachweise_zaehlen(const sbo_pflicht *p, const sbo_nachweis *n, int anzahl)
{
	int32_t		tage[SBO_NACHWEISE_MAX];
	int32_t		felder[SBO_NACHWEISE_MAX];
	bool		kante[SBO_NACHWEISE_MAX][SBO_NACHWEISE_MAX];
	bool		besucht[SBO_NACHWEISE_MAX];
	int			tag_von_feld[SBO_NACHWEISE_MAX];
	int			n_tage = 0, n_felder = 0, paare = 0;

	if (anzahl <= 0 || n == NULL)
		return 0;
	if (!p->verschiedene_berufsfelder)
		return anzahl;
	if (anzahl > SBO_NACHWEISE_MAX)
		anzahl = SBO_NACHWEISE_MAX;
	memset(kante, 0, sizeof(kante));
	for (int i = 0; i < anzahl; i++)
	{
		int			t, f;

		if (n[i].berufsfeld <= 0)
			continue;			/* a proof without a field cannot show a distinct field */
		for (t = 0; t < n_tage && tage[t] != n[i].datum; t++)
			;
		if (t == n_tage)
			tage[n_tage++] = n[i].datum;
		for (f = 0; f < n_felder && felder[f] != n[i].berufsfeld; f++)
			;
		if (f == n_felder)
			felder[n_felder++] = n[i].berufsfeld;
		kante[t][f] = true;
	}
	for (int f = 0; f < n_felder; f++)
		tag_von_feld[f] = -1;
	for (int d = 0; d < n_tage; d++)
	{
		memset(besucht, 0, sizeof(besucht));
		if (erweitern(d, n_felder, kante, besucht, tag_von_feld))
			paare++;
	}
	return paare;
}

/* Gathers each requirement's proofs (up to SBO_NACHWEISE_MAX of them for the matching; without
 * distinct fields every proof counts) and compares with mindestanzahl. */
void
sbo_schueler_pruefen(const sbo_pflicht *pflichten, int n_pflichten, int jahrgang, int halbjahr,
					 const int *pflicht_von, const sbo_nachweis *nachweise, int n_nachweise,
					 int *vorhanden, sbo_faelligkeit *fehlt)
{
	sbo_nachweis puffer[SBO_NACHWEISE_MAX];

	if (n_pflichten > SBO_PFLICHTEN_MAX)
		n_pflichten = SBO_PFLICHTEN_MAX;
	for (int i = 0; i < n_pflichten; i++)
	{
		const sbo_pflicht *p = &pflichten[i];
		sbo_faelligkeit f = sbo_pflicht_faellig(p, jahrgang, halbjahr);
		int			alle = 0, im_puffer = 0;

		for (int j = 0; j < n_nachweise; j++)
		{
			if (pflicht_von[j] != i)
				continue;
			alle++;
			if (im_puffer < SBO_NACHWEISE_MAX)
				puffer[im_puffer++] = nachweise[j];
		}
		vorhanden[i] = p->verschiedene_berufsfelder ? sbo_nachweise_zaehlen(p, puffer, im_puffer) : alle;
		fehlt[i] = (f != SF_NICHT_FAELLIG && vorhanden[i] < p->mindestanzahl) ? f : SF_NICHT_FAELLIG;
	}
}
