/*
 * kohorte.c — the synthetic NRW cohort behind `kaoa generate` (see kohorte.h for the design).
 *
 * Layout of this file: small helpers (dates, formatting of riasec/kompetenzen literals, places),
 * then the parts of one Kommune in output order: organisations (schools first, since persons are
 * placed around their school), persons with identity, case and profile, and offers with the
 * Betriebe that publish them (generated before the organisations are written, so every offer's
 * Betrieb is written before it).
 */
#include "client/core/kohorte.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types/core/abschluss.h"
#include "client/core/jsonl.h"
#include "client/core/sprache.h"
#include "client/core/nrw.h"
#include "client/core/zufall.h"

#define N_OF(a) ((int) (sizeof(a) / sizeof((a)[0])))
#define KM_PRO_GRAD_LAT 111.2
#define KAOA_KOMPETENZEN_TEXT_BUF 256

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
long
kaoa_tage_seit_1970(int jahr, int monat, int tag)
{
	long		y = jahr - (monat <= 2);
	long		era = (y >= 0 ? y : y - 399) / 400;
	long		yoe = y - era * 400;
	long		doy = (153 * (monat + (monat > 2 ? -3 : 9)) + 2) / 5 + tag - 1;
	long		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
kaoa_datum_aus_tagen(long tage, int *jahr, int *monat, int *tag)
{
	long		z = tage + 719468;
	long		era = (z >= 0 ? z : z - 146096) / 146097;
	long		doe = z - era * 146097;
	long		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long		mp = (5 * doy + 2) / 153;
	long		d = doy - (153 * mp + 2) / 5 + 1;
	long		m = mp < 10 ? mp + 3 : mp - 9;

	*jahr = (int) (yoe + era * 400 + (m <= 2));
	*monat = (int) m;
	*tag = (int) d;
}

static void
datum_text(char *out, size_t sz, int jahr, int monat, int tag)
{
	snprintf(out, sz, "%04d-%02d-%02d", jahr, monat, tag);
}

/* ---------------------------------------------------------------- qualifications */

/* Leavers of allgemeinbildende Schulen NRW 2020/21 (IT.NRW school statistics), per mille.
 * HSA 15.4 % is split into ESAA/ESA (after class 9) and EESA (after class 10); FOR 35.8 % into MSA
 * and MSA_Q; the Förderschul-Abschlüsse 3.4 % into Lernen and geistige Entwicklung. */
typedef struct abschluss_anteil
{
	const char *code;
	int			promille;
	/* school forms that award it, weights for GY GE R H SK S */
	int			form[6];
} abschluss_anteil;

enum
{
	F_GY, F_GE, F_R, F_H, F_SK, F_S, F_BK, N_FORMEN
};

static const char *const form_kuerzel[N_FORMEN] = {"GY", "GE", "R", "H", "SK", "S", "BK"};
static const char *const form_name[N_FORMEN] = {
	"Gymnasium", "Gesamtschule", "Realschule", "Hauptschule", "Sekundarschule", "Förderschule",
	"Berufskolleg"
};

static const abschluss_anteil abschluesse[] = {
	/* code      ‰     GY  GE   R   H  SK   S */
	{"OA", 23, {0, 30, 10, 35, 10, 15}},
	{"ESAA", 15, {0, 25, 0, 60, 15, 0}},
	{"ESA", 75, {0, 35, 15, 40, 10, 0}},
	{"EESA", 64, {0, 30, 20, 35, 15, 0}},
	{"MSA", 178, {0, 30, 45, 10, 15, 0}},
	{"MSA_Q", 180, {20, 30, 40, 0, 10, 0}},
	{"FHR_S", 35, {55, 45, 0, 0, 0, 0}},
	{"ABITUR", 396, {72, 28, 0, 0, 0, 0}},
	{"FOEL", 24, {0, 0, 0, 0, 0, 100}},
	{"FOEG", 10, {0, 0, 0, 0, 0, 100}},
};

/* Rank of a qualification code (0 for the Förderschul-Abschlüsse, whose rank is NULL). */
static int
rang_von(const char *code)
{
	int16_t		c;
	int			r;

	if (code == NULL || !kaoa_abschluss_parse(code, strlen(code), &c, NULL))
		return 0;
	r = kaoa_abschluss_rang(c);
	return r < 0 ? 0 : r;
}

/* Last class attended before leaving with this qualification (for the birth date). */
static int
abgangsklasse(const char *code, int form, kaoa_zufall *z)
{
	if (strcmp(code, "ABITUR") == 0)
		return form == F_GE ? 13 : 12;
	if (strcmp(code, "FHR_S") == 0)
		return form == F_GE ? 12 : 11;
	if (strcmp(code, "OA") == 0 || strcmp(code, "ESAA") == 0 || strcmp(code, "ESA") == 0)
		return kaoa_zufall_chance(z, 0.5) ? 9 : 10;
	return 10;
}

/* Ladder used to vary an offer's minimum qualification by one step. */
static const char *const mindest_leiter[] = {"ESA", "EESA", "MSA", "MSA_Q", "FHR", "ABITUR"};

/* ---------------------------------------------------------------- literals */

static const char *const kompetenz_namen[12] = {
	"motivation", "zuverlaessigkeit", "konzentration", "sorgfalt", "teamfaehigkeit",
	"kommunikation", "konfliktfaehigkeit", "planung", "problemloesung", "feinmotorik",
	"grobmotorik", "raumvorstellung"
};

/* Reads the table's "name=level,..." requirement strings (trusted, canonical names). */
static void
kompetenzen_lesen(const char *s, int stufe[12])
{
	memset(stufe, 0, 12 * sizeof(int));
	while (s && *s)
	{
		const char *gleich = strchr(s, '=');
		const char *komma;
		int			i;

		if (!gleich)
			break;
		for (i = 0; i < 12; i++)
			if (strlen(kompetenz_namen[i]) == (size_t) (gleich - s) &&
				strncmp(kompetenz_namen[i], s, (size_t) (gleich - s)) == 0)
				stufe[i] = atoi(gleich + 1);
		komma = strchr(gleich, ',');
		s = komma ? komma + 1 : NULL;
	}
}

/* The canonical kaoa.kompetenzen output form: non-zero dimensions in order. */
static void
kompetenzen_text(const int stufe[12], char *out, size_t sz)
{
	size_t		n = 0;
	int			i;

	out[0] = '\0';
	for (i = 0; i < 12; i++)
		if (stufe[i] > 0 && n < sz)
			n += (size_t) snprintf(out + n, sz - n, "%s%s=%d", n ? "," : "", kompetenz_namen[i], stufe[i]);
}

/* The canonical kaoa.riasec output form. */
static void
riasec_text(const int v[6], char *out, size_t sz)
{
	snprintf(out, sz, "R=%d,I=%d,A=%d,S=%d,E=%d,C=%d", v[0], v[1], v[2], v[3], v[4], v[5]);
}

/* A Holland code as a vector (letter i of n: round-half-up(100·(n−i)/n), docs/types.md), with
 * normal noise of the given spread on all six scores. */
static void
riasec_aus_holland(const char *holland, double streuung, kaoa_zufall *z, int v[6])
{
	static const char buchstaben[] = "RIASEC";
	int			n = (int) strlen(holland),
				i;

	for (i = 0; i < 6; i++)
		v[i] = 0;
	for (i = 0; i < n && i < 3; i++)
	{
		const char *p = strchr(buchstaben, holland[i]);

		if (p)
			v[p - buchstaben] = (200 * (n - i) + n) / (2 * n);
	}
	for (i = 0; i < 6; i++)
	{
		long		w = lround(v[i] + streuung * kaoa_zufall_normal(z));

		v[i] = (int) (w < 0 ? 0 : w > 100 ? 100 : w);
	}
}

/* A pseudonym: 13 characters of Crockford base32 over 64 bits.  The input is a bijection of
 * (Kommune, person number), so pseudonyms never collide within a run. */
static void
pseudonym(uint64_t seed, int kidx, long i, char out[14])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint64_t	x = kaoa_splitmix64((((uint64_t) kidx << 40) | (uint64_t) i) ^ kaoa_splitmix64(seed));
	int			k;

	for (k = 12; k >= 0; k--)
	{
		out[k] = alphabet[x & 31];
		x >>= 5;
	}
	out[13] = '\0';
}

/* ---------------------------------------------------------------- places */

typedef struct ort_wahl
{
	const kaoa_nrw_ort **orte;
	double	   *gewichte;
	int			n;
} ort_wahl;

static bool
orte_sammeln(const char *ags, ort_wahl *ow)
{
	int			i;

	ow->n = 0;
	ow->orte = malloc(sizeof(*ow->orte) * (size_t) kaoa_nrw_n_orte);
	ow->gewichte = malloc(sizeof(double) * (size_t) kaoa_nrw_n_orte);
	if (!ow->orte || !ow->gewichte)
		return false;
	for (i = 0; i < kaoa_nrw_n_orte; i++)
		if (strcmp(kaoa_nrw_orte[i].ags, ags) == 0)
		{
			ow->orte[ow->n] = &kaoa_nrw_orte[i];
			ow->gewichte[ow->n] = kaoa_nrw_orte[i].einwohner_tsd;
			ow->n++;
		}
	return ow->n > 0;
}

static void
orte_frei(ort_wahl *ow)
{
	free(ow->orte);
	free(ow->gewichte);
}

/* A point around a centre: normal scatter of sigma_km in each direction. */
static void
streuen(kaoa_zufall *z, double lat, double lon, double sigma_km, double *olat, double *olon)
{
	*olat = lat + sigma_km * kaoa_zufall_normal(z) / KM_PRO_GRAD_LAT;
	*olon = lon + sigma_km * kaoa_zufall_normal(z) / (KM_PRO_GRAD_LAT * cos(lat * M_PI / 180.0));
}

/* The name used for a Kommune's central institutions: a kreisfreie Stadt's own name, else the
 * largest town of the Kreis. */
static const char *
hauptort(const kaoa_nrw_kommune *k, const ort_wahl *ow, char *buf, size_t sz)
{
	int			i,
				best = 0;

	if (k->kreisfrei)
		return k->name;
	for (i = 1; i < ow->n; i++)
		if (ow->orte[i]->einwohner_tsd > ow->orte[best]->einwohner_tsd)
			best = i;
	snprintf(buf, sz, "%s", ow->orte[best]->name);
	return buf;
}

/* The town's name without a city-district suffix ("Köln-Porz" → "Köln") for kreisfreie Städte. */
static void
ortsname_basis(const kaoa_nrw_kommune *k, const kaoa_nrw_ort *o, char *buf, size_t sz)
{
	if (k->kreisfrei)
		snprintf(buf, sz, "%s", k->name);
	else
		snprintf(buf, sz, "%s", o->name);
}

/* ---------------------------------------------------------------- run state */

typedef struct schule
{
	char		schluessel[16];
	int			form;
	const kaoa_nrw_ort *ort;
} schule;

typedef struct betrieb
{
	char		nummer[16];
	char		name[160];
	double		lat,
				lon;
} betrieb;

typedef struct angebot
{
	char		extern_id[32];
	int			betrieb;
	int			beruf;
	const char *mindest;
	bool		hart;
	int			interessen[6];
	bool		mit_interessen;
	int			anforderungen[12];
	bool		mit_anforderungen;
	bool		mit_ort;
	char		beginn[32];
	int			plaetze;
} angebot;

typedef struct lauf
{
	const kaoa_kohorte_optionen *opt;
	kaoa_kohorte_ausgabe aus;
	void	   *ctx;
	kaoa_jsonl	w;
	char	   *err;
	size_t		errsz;
	bool		ok;
} lauf;

static void
fehler(lauf *l, const char *msg)
{
	if (l->ok)
		snprintf(l->err, l->errsz, "%s", msg);
	l->ok = false;
}

/* Hands the finished line to the callback. */
static void
zeile_fertig(lauf *l)
{
	kaoa_jsonl_ende(&l->w);
	if (!l->ok)
		return;
	if (l->w.kaputt)
		fehler(l, _("out of memory while writing a record"));
	else if (!l->aus(l->w.buf, l->w.len, l->ctx))
		fehler(l, _("the output could not be written"));
}

static void
satz_anfang(lauf *l, const char *typ, const char *ags)
{
	kaoa_jsonl_anfang(&l->w);
	kaoa_jsonl_text(&l->w, "typ", typ);
	kaoa_jsonl_text(&l->w, "kommune", ags);
}

static void
organisation(lauf *l, const char *ags, const char *schluessel, const char *org_typ,
			 const char *name, const char *schulform)
{
	satz_anfang(l, "organisation", ags);
	kaoa_jsonl_text(&l->w, "schluessel", schluessel);
	kaoa_jsonl_text(&l->w, "org_typ", org_typ);
	kaoa_jsonl_text(&l->w, "name", name);
	if (schulform)
		kaoa_jsonl_text(&l->w, "schulform", schulform);
	zeile_fertig(l);
}

/* ---------------------------------------------------------------- options */

void
kaoa_kohorte_standard(kaoa_kohorte_optionen *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->kommunen = 1;
	o->schuljahr = 2025;
	o->sbo = true;
}

/* Resolves the Kommunen of the run into idx (at most 53); returns their number, or -1 with err. */
static int
kommunen_waehlen(const kaoa_kohorte_optionen *o, int *idx, char *err, size_t errsz)
{
	int			n = 0,
				i;

	if (o->kommune_liste && *o->kommune_liste)
	{
		const char *s = o->kommune_liste;

		while (*s)
		{
			char		ags[16];
			size_t		len = strcspn(s, ",");
			int			k;

			while (len > 0 && isspace((unsigned char) *s))
				s++, len--;
			while (len > 0 && isspace((unsigned char) s[len - 1]))
				len--;
			if (len == 0 || len >= sizeof(ags))
			{
				snprintf(err, errsz, _("--kommune needs comma-separated 5-digit Kreisschlüssel of NRW, e.g. 05315,05566"));
				return -1;
			}
			memcpy(ags, s, len);
			ags[len] = '\0';
			k = kaoa_nrw_kommune_index(ags);
			if (k < 0)
			{
				snprintf(err, errsz, _("\"%s\" is not the Kreisschlüssel of an NRW Kreis or kreisfreie Stadt (05111 Düsseldorf … 05978 Kreis Unna)"), ags);
				return -1;
			}
			for (i = 0; i < n; i++)
				if (idx[i] == k)
				{
					snprintf(err, errsz, _("--kommune names %s twice"), ags);
					return -1;
				}
			if (n >= kaoa_nrw_n_kommunen)
				break;
			idx[n++] = k;
			s += strcspn(s, ",");
			if (*s == ',')
				s++;
		}
		return n;
	}

	/* a seed-dependent choice: Fisher-Yates over all 53, take the first `kommunen` */
	{
		kaoa_zufall z;

		for (i = 0; i < kaoa_nrw_n_kommunen; i++)
			idx[i] = i;
		kaoa_zufall_init(&z, o->seed, "kommunen");
		for (i = kaoa_nrw_n_kommunen - 1; i > 0; i--)
		{
			int			j = (int) kaoa_zufall_unter(&z, (uint64_t) i + 1);
			int			t = idx[i];

			idx[i] = idx[j];
			idx[j] = t;
		}
		n = o->kommunen;
		/* keep the output in Kreisschlüssel order */
		for (i = 1; i < n; i++)
		{
			int			t = idx[i],
						j = i - 1;

			while (j >= 0 && idx[j] > t)
			{
				idx[j + 1] = idx[j];
				j--;
			}
			idx[j + 1] = t;
		}
		return n;
	}
}

bool
kaoa_kohorte_pruefen(const kaoa_kohorte_optionen *o, char *err, size_t errsz)
{
	int			idx[64],
				n;

	if (o->personen < 0 || o->personen > KAOA_KOHORTE_MAX)
	{
		snprintf(err, errsz, _("--personen must lie between 0 and %ld"), KAOA_KOHORTE_MAX);
		return false;
	}
	if (o->angebote < 0 || o->angebote > KAOA_KOHORTE_MAX)
	{
		snprintf(err, errsz, _("--angebote must lie between 0 and %ld"), KAOA_KOHORTE_MAX);
		return false;
	}
	if (!(o->kommune_liste && *o->kommune_liste) &&
		(o->kommunen < 1 || o->kommunen > kaoa_nrw_n_kommunen))
	{
		snprintf(err, errsz, _("--kommunen must lie between 1 and %d (NRW has %d Kreise and kreisfreie Städte)"),
				 kaoa_nrw_n_kommunen, kaoa_nrw_n_kommunen);
		return false;
	}
	if (o->schuljahr < 2000 || o->schuljahr > 2100)
	{
		snprintf(err, errsz, _("--schuljahr must be the start year of a school year between 2000 and 2100 (2025 = 2025/26)"));
		return false;
	}
	n = kommunen_waehlen(o, idx, err, errsz);
	if (n == 0)
		snprintf(err, errsz, _("--kommune names no Kommune"));
	return n > 0;
}

/* Largest-remainder split of total over the Kommunen by population. */
static void
aufteilen(long total, const int *idx, int n, long *teil)
{
	double		summe = 0;
	long		vergeben = 0;
	double		rest[64];
	int			i;

	for (i = 0; i < n; i++)
		summe += kaoa_nrw_kommunen[idx[i]].einwohner_tsd;
	for (i = 0; i < n; i++)
	{
		double		genau = (double) total * kaoa_nrw_kommunen[idx[i]].einwohner_tsd / summe;

		teil[i] = (long) floor(genau);
		rest[i] = genau - (double) teil[i];
		vergeben += teil[i];
	}
	while (vergeben < total)
	{
		int			best = 0;

		for (i = 1; i < n; i++)
			if (rest[i] > rest[best])
				best = i;
		teil[best]++;
		rest[best] = -1;
		vergeben++;
	}
}

/* ---------------------------------------------------------------- one Kommune */

typedef struct kommune_lauf
{
	int			kidx;
	const kaoa_nrw_kommune *k;
	ort_wahl	orte;
	char		haupt[64];
	const char *hauptname;
	schule	   *schulen;
	int			n_schulen;
	int			n_form[N_FORMEN];
	betrieb    *betriebe;
	int			n_betriebe;
	angebot    *angebote;
	long		n_angebote;
} kommune_lauf;

/* Schools of each form in proportion to the leavers they produce (about 90 leavers a year per
 * Gymnasium, 110 per Gesamtschule, 75 per Realschule, 40 per Hauptschule, 50 per Sekundarschule,
 * 15 per Förderschule), at least one of each form but the Sekundarschule, and Berufskollegs. */
static bool
schulen_anlegen(lauf *l, kommune_lauf *kl, long leaver)
{
	static const double je_schule[N_FORMEN] = {90, 110, 75, 40, 50, 15, 800};
	static const double anteil[N_FORMEN] = {0.30, 0.30, 0.20, 0.08, 0.05, 0.045, 1.0};
	static const int mindestens[N_FORMEN] = {1, 1, 1, 1, 0, 1, 2};
	kaoa_zufall z;
	int			f,
				i,
				n = 0;
	char		label[64];

	snprintf(label, sizeof(label), "%s/schulen", kl->k->ags);
	kaoa_zufall_init(&z, l->opt->seed, label);
	for (f = 0; f < N_FORMEN; f++)
	{
		long		c = lround((double) leaver * anteil[f] / je_schule[f]);

		kl->n_form[f] = (int) (c < mindestens[f] ? mindestens[f] : c > 900 ? 900 : c);
		n += kl->n_form[f];
	}
	kl->schulen = calloc((size_t) n, sizeof(schule));
	if (!kl->schulen)
		return false;
	kl->n_schulen = 0;
	for (f = 0; f < N_FORMEN; f++)
		for (i = 0; i < kl->n_form[f]; i++)
		{
			schule	   *s = &kl->schulen[kl->n_schulen];
			int			o = kaoa_zufall_gewichtet(&z, kl->orte.gewichte, kl->orte.n);
			char		name[200];
			const char *geber = kaoa_nrw_namensgeber[kaoa_zufall_unter(&z, (uint64_t) kaoa_nrw_n_namensgeber)];

			s->form = f;
			s->ort = kl->orte.orte[o];
			/* a 6-digit Schulnummer: Regierungsbezirk and Kreis digits of the AGS, then a number */
			snprintf(s->schluessel, sizeof(s->schluessel), "%c%c%c%03d",
					 kl->k->ags[2], kl->k->ags[3], kl->k->ags[4], kl->n_schulen + 1);
			switch (f)
			{
				case F_SK:
					snprintf(name, sizeof(name), "Sekundarschule %s", s->ort->name);
					break;
				case F_S:
					snprintf(name, sizeof(name), "%s-Schule %s, Förderschule", geber, s->ort->name);
					break;
				case F_BK:
					{
						static const char *const bk[] = {
							"Kaufmännisches Berufskolleg", "Technisches Berufskolleg",
							"Berufskolleg für Gesundheit und Soziales", "Berufskolleg"
						};

						snprintf(name, sizeof(name), "%s %s", bk[i % 4], s->ort->name);
						break;
					}
				default:
					if (kaoa_zufall_chance(&z, 0.25))
						snprintf(name, sizeof(name), "%s %s %s", f == F_GY ? "Städtisches" : "Städtische",
								 form_name[f], s->ort->name);
					else
						snprintf(name, sizeof(name), "%s-%s %s", geber, form_name[f], s->ort->name);
			}
			organisation(l, kl->k->ags, s->schluessel, f == F_BK ? "berufskolleg" : "schule", name,
						 form_kuerzel[f]);
			kl->n_schulen++;
		}
	return true;
}

/* The Kommune's institutions of the Verantwortungskette. */
static void
institutionen(lauf *l, kommune_lauf *kl)
{
	const char *ags = kl->k->ags;
	char		key[32],
				name[200];

#define ORG(prefix, typ, ...) do { \
		snprintf(key, sizeof(key), prefix "-%s", ags); \
		snprintf(name, sizeof(name), __VA_ARGS__); \
		organisation(l, ags, key, typ, name, NULL); \
	} while (0)

	ORG("KOKO", "koko", "Kommunale Koordinierungsstelle %s", kl->k->name);
	ORG("AA", "agentur", "Agentur für Arbeit %s", kl->hauptname);
	ORG("JC", "jobcenter", "Jobcenter %s", kl->k->name);
	if (kl->k->kreisfrei)
		ORG("JA", "jugendamt", "Jugendamt der Stadt %s", kl->k->name);
	else
		ORG("JA", "jugendamt", "Kreisjugendamt %s", kl->k->name);
	ORG("JBA", "jba", "Jugendberufsagentur %s", kl->k->name);
	ORG("IHK", "kammer", "IHK-Geschäftsstelle %s", kl->hauptname);
	ORG("HWK", "kammer", "Kreishandwerkerschaft %s", kl->k->name);
	ORG("TR1", "traeger", "Kolping-Bildungswerk %s", kl->hauptname);
	ORG("TR2", "traeger", "Internationaler Bund %s", kl->hauptname);
#undef ORG
}

/* Offers and the Betriebe that publish them (kept in memory, written later). */
static bool
angebote_anlegen(lauf *l, kommune_lauf *kl, long anzahl)
{
	kaoa_zufall z;
	char		label[64];
	double	   *gew;
	int		  **je_beruf;		/* Betriebe per occupation, for reuse */
	int		   *n_je_beruf;
	uint64_t	basis;
	long		j;
	int			b;
	bool		ok = true;

	snprintf(label, sizeof(label), "%s/angebote", kl->k->ags);
	kaoa_zufall_init(&z, l->opt->seed, label);
	basis = kaoa_zufall_u64(&z);
	kl->angebote = calloc((size_t) (anzahl > 0 ? anzahl : 1), sizeof(angebot));
	kl->betriebe = calloc((size_t) (anzahl > 0 ? anzahl : 1), sizeof(betrieb));
	gew = malloc(sizeof(double) * (size_t) kaoa_nrw_n_berufe);
	je_beruf = calloc((size_t) kaoa_nrw_n_berufe, sizeof(int *));
	n_je_beruf = calloc((size_t) kaoa_nrw_n_berufe, sizeof(int));
	if (!kl->angebote || !kl->betriebe || !gew || !je_beruf || !n_je_beruf)
		ok = false;
	for (b = 0; ok && b < kaoa_nrw_n_berufe; b++)
	{
		gew[b] = kaoa_nrw_berufe[b].angebot;
		je_beruf[b] = malloc(sizeof(int) * (size_t) (anzahl > 0 ? anzahl : 1));
		if (!je_beruf[b])
			ok = false;
	}
	for (j = 0; ok && j < anzahl; j++)
	{
		angebot    *a = &kl->angebote[j];
		const kaoa_nrw_beruf *beruf;
		int			bi = kaoa_zufall_gewichtet(&z, gew, kaoa_nrw_n_berufe);
		int			jahr = l->opt->schuljahr + 1;
		double		u;

		beruf = &kaoa_nrw_berufe[bi];
		a->beruf = bi;

		/* a Betrieb that already trains in this occupation offers again, or a new one */
		if (n_je_beruf[bi] > 0 && kaoa_zufall_chance(&z, 0.4))
			a->betrieb = je_beruf[bi][kaoa_zufall_unter(&z, (uint64_t) n_je_beruf[bi])];
		else
		{
			betrieb    *bt = &kl->betriebe[kl->n_betriebe];
			int			o = kaoa_zufall_gewichtet(&z, kl->orte.gewichte, kl->orte.n);
			const kaoa_nrw_ort *ort = kl->orte.orte[o];
			char		wer[96];

			/* an 8-digit Betriebsnummer, distinct within the Kommune (a stride coprime to 9·10^7) */
			snprintf(bt->nummer, sizeof(bt->nummer), "%08llu",
					 (unsigned long long) (10000000ULL + (basis % 90000000ULL + (uint64_t) kl->n_betriebe * 61803397ULL) % 90000000ULL));
			if (beruf->ort_name)
				ortsname_basis(kl->k, ort, wer, sizeof(wer));
			else
				snprintf(wer, sizeof(wer), "%s",
						 kaoa_nrw_nachnamen[kaoa_zufall_unter(&z, (uint64_t) kaoa_nrw_n_nachnamen)]);
			snprintf(bt->name, sizeof(bt->name), beruf->betrieb, wer);
			streuen(&z, ort->lat, ort->lon, 2.5, &bt->lat, &bt->lon);
			je_beruf[bi][n_je_beruf[bi]++] = kl->n_betriebe;
			a->betrieb = kl->n_betriebe++;
		}

		/* a BA-style reference number, distinct within the Kommune */
		snprintf(a->extern_id, sizeof(a->extern_id), "%05d-%010llu-S", 10000 + kl->kidx,
				 (unsigned long long) (1000000000ULL + (basis % 9000000000ULL + (uint64_t) j * 6180339887ULL) % 9000000000ULL));

		/* minimum qualification: usually the occupation's, sometimes a step lower or higher */
		a->mindest = beruf->mindest;
		if (a->mindest)
		{
			int			stufe = -1,
						s;

			for (s = 0; s < N_OF(mindest_leiter); s++)
				if (rang_von(mindest_leiter[s]) <= rang_von(beruf->mindest))
					stufe = s;
			u = kaoa_zufall_einheit(&z);
			if (stufe >= 0 && u < 0.15 && stufe > 0)
				a->mindest = mindest_leiter[stufe - 1];
			else if (stufe >= 0 && u > 0.90 && stufe + 1 < N_OF(mindest_leiter))
				a->mindest = mindest_leiter[stufe + 1];
		}
		a->hart = a->mindest && kaoa_zufall_chance(&z, 0.2);

		a->mit_interessen = !kaoa_zufall_chance(&z, 0.05);
		riasec_aus_holland(beruf->holland, 8.0, &z, a->interessen);
		a->mit_anforderungen = !kaoa_zufall_chance(&z, 0.05);
		kompetenzen_lesen(beruf->anforderungen, a->anforderungen);
		for (b = 0; b < 12; b++)
			if (a->anforderungen[b] > 0 && kaoa_zufall_chance(&z, 0.2))
			{
				int			s = a->anforderungen[b] + (kaoa_zufall_chance(&z, 0.5) ? 1 : -1);

				a->anforderungen[b] = s < 1 ? 1 : s > 5 ? 5 : s;
			}
		a->mit_ort = !kaoa_zufall_chance(&z, 0.02);

		u = kaoa_zufall_einheit(&z);
		datum_text(a->beginn, sizeof(a->beginn), jahr, u < 0.70 ? 8 : u < 0.95 ? 9 : 10, 1);

		u = kaoa_zufall_einheit(&z);
		a->plaetze = u < 0.55 ? 1 : u < 0.77 ? 2 : u < 0.87 ? 3 :
			u < 0.96 ? (int) kaoa_zufall_zwischen(&z, 4, 6) : (int) kaoa_zufall_zwischen(&z, 8, 20);
	}
	kl->n_angebote = ok ? anzahl : 0;
	for (b = 0; je_beruf && b < kaoa_nrw_n_berufe; b++)
		free(je_beruf[b]);
	free(je_beruf);
	free(n_je_beruf);
	free(gew);
	if (!ok)
		fehler(l, "out of memory while preparing the offers");
	return ok;
}

static void
angebote_schreiben(lauf *l, kommune_lauf *kl)
{
	long		j;
	char		buf[KAOA_KOMPETENZEN_TEXT_BUF];

	for (j = 0; l->ok && j < kl->n_angebote; j++)
	{
		const angebot *a = &kl->angebote[j];
		const kaoa_nrw_beruf *beruf = &kaoa_nrw_berufe[a->beruf];
		const betrieb *bt = &kl->betriebe[a->betrieb];
		char		titel[200];

		if (strncmp(beruf->titel, "Duales Studium", 14) == 0)
			snprintf(titel, sizeof(titel), "%s (m/w/d)", beruf->titel);
		else
			snprintf(titel, sizeof(titel), "Ausbildung %s (m/w/d)", beruf->titel);
		satz_anfang(l, "angebot", kl->k->ags);
		kaoa_jsonl_text(&l->w, "extern_id", a->extern_id);
		kaoa_jsonl_text(&l->w, "anbieter", bt->nummer);
		kaoa_jsonl_text(&l->w, "kldb", beruf->kldb);
		kaoa_jsonl_text(&l->w, "titel", titel);
		kaoa_jsonl_text(&l->w, "mindest_abschluss", a->mindest);
		kaoa_jsonl_bool(&l->w, "mindest_hart", a->hart);
		if (a->mit_interessen)
		{
			riasec_text(a->interessen, buf, sizeof(buf));
			kaoa_jsonl_text(&l->w, "interessen", buf);
		}
		else
			kaoa_jsonl_null(&l->w, "interessen");
		if (a->mit_anforderungen)
		{
			kompetenzen_text(a->anforderungen, buf, sizeof(buf));
			kaoa_jsonl_text(&l->w, "anforderungen", buf);
		}
		else
			kaoa_jsonl_null(&l->w, "anforderungen");
		if (a->mit_ort)
		{
			kaoa_jsonl_zahl(&l->w, "lat", bt->lat, 6);
			kaoa_jsonl_zahl(&l->w, "lon", bt->lon, 6);
		}
		else
		{
			kaoa_jsonl_null(&l->w, "lat");
			kaoa_jsonl_null(&l->w, "lon");
		}
		kaoa_jsonl_text(&l->w, "beginn", a->beginn);
		kaoa_jsonl_int(&l->w, "plaetze", a->plaetze);
		zeile_fertig(l);
	}
}

/* How likely a young person with qualification rank r wishes for this occupation. */
static double
wunsch_gewicht(const kaoa_nrw_beruf *b, const char *geschlecht, int rang, bool foerder)
{
	double		g;
	int			rm = rang_von(b->mindest);
	int			diff = rang - rm;

	if (geschlecht[0] == 'm')
		g = b->wunsch_m;
	else if (geschlecht[0] == 'w')
		g = b->wunsch_w;
	else
		g = (b->wunsch_m + b->wunsch_w) / 2.0;
	if (diff < -1)
		g *= 0.15;
	else if (diff == -1)
		g *= 0.5;
	if ((foerder || rang == 0) && b->mindest == NULL)
		g *= 6;
	if (rang >= 5)
		g *= rm >= 4 ? 2.5 : rm <= 1 ? 0.4 : 1.0;
	return g;
}

/*
 * Standardelemente (docs/sbo.md).  Every leaver is enrolled in the leaving year with the grade
 * they leave from; those leaving from grade 9 or 10 bring their SBO history: the Potenzialanalyse
 * and three Berufsfelderkundungen in grade 8, the Praktikum in grade 9.  About one in ten misses
 * one of them, so kaoa.sbo_luecken has something to find.  Measures are written per Kommune by
 * massnahmen_schreiben.  A stream of its own (".../sbo") keeps every other record of a seed as it
 * was before SBO records existed.
 */
static const char *const sbo_felder[] = {
	"bau_architektur_vermessung", "dienstleistung", "elektro", "gesundheit",
	"gesellschafts_geisteswissenschaften", "it_computer", "kunst_kultur_gestaltung",
	"landwirtschaft_natur_umwelt", "metall_maschinenbau", "medien", "naturwissenschaften",
	"produktion_fertigung", "soziales_paedagogik", "technik_technologiefelder", "verkehr_logistik",
	"wirtschaft_verwaltung"
};
static const double sbo_feld_gewicht[N_OF(sbo_felder)] = {
	5, 8, 10, 9, 3, 9, 4, 4, 9, 6, 3, 5, 8, 5, 5, 7
};
/* the measures' Berufsfelder: the deliberate gap is soziales_paedagogik, which no measure covers */
#define SBO_LUECKE "soziales_paedagogik"

static void
sbo_satz(lauf *l, const char *ags, const char *pseu, const char *code, int jahr, int monat, int tag)
{
	char		d[32];

	datum_text(d, sizeof(d), jahr, monat, tag);
	satz_anfang(l, "sbo_teilnahme", ags);
	kaoa_jsonl_text(&l->w, "pseudonym", pseu);
	kaoa_jsonl_text(&l->w, "sbo_code", code);
	kaoa_jsonl_text(&l->w, "datum", d);
}

/* The enrolment of one leaver and, for grades 9 and 10, the SBO history and the odd measure. */
static void
sbo_schreiben(lauf *l, kommune_lauf *kl, kaoa_zufall *z, const char *pseu, const schule *s, int form,
			  int jahrgang)
{
	const char *ags = kl->k->ags;
	const int	sj = l->opt->schuljahr;
	int			j8,
				b,
				gewaehlt[3] = {-1, -1, -1};
	bool		elektro = false;

	if (jahrgang > 13)
		jahrgang = 13;
	satz_anfang(l, "schulbesuch", ags);
	kaoa_jsonl_text(&l->w, "pseudonym", pseu);
	kaoa_jsonl_int(&l->w, "schuljahr", sj);
	kaoa_jsonl_text(&l->w, "schule", s->schluessel);
	kaoa_jsonl_text(&l->w, "schulform", form_kuerzel[form]);
	kaoa_jsonl_int(&l->w, "jahrgang", jahrgang);
	zeile_fertig(l);
	if (jahrgang != 9 && jahrgang != 10)
		return;

	j8 = sj - (jahrgang - 8);	/* the school year of grade 8 */
	if (!kaoa_zufall_chance(z, 0.06))
	{
		char		tr[32];

		sbo_satz(l, ags, pseu, "SBO 4.1", j8, 9, (int) kaoa_zufall_zwischen(z, 8, 26));
		snprintf(tr, sizeof(tr), "%s%s", kaoa_zufall_chance(z, 0.5) ? "TR1-" : "TR2-", ags);
		kaoa_jsonl_text(&l->w, "anbieter", tr);
		zeile_fertig(l);
	}
	for (b = 0; b < 3; b++)
	{
		int			f;

		if (b == 2 && kaoa_zufall_chance(z, 0.08))
			break;				/* one Berufsfelderkundung short */
		do
			f = kaoa_zufall_gewichtet(z, sbo_feld_gewicht, N_OF(sbo_felder));
		while (f == gewaehlt[0] || f == gewaehlt[1]);
		gewaehlt[b] = f;
		elektro = elektro || strcmp(sbo_felder[f], "elektro") == 0;
		/* one day each, never two on the same day (the day is part of the natural key) */
		sbo_satz(l, ags, pseu, "SBO 5.1", j8, b == 2 ? 11 : 10,
				 (int) (b == 1 ? kaoa_zufall_zwischen(z, 15, 28) : kaoa_zufall_zwischen(z, 1, 14)));
		kaoa_jsonl_text(&l->w, "berufsfeld", sbo_felder[f]);
		zeile_fertig(l);
	}
	if (!kaoa_zufall_chance(z, 0.05))
	{
		char		bis[32];

		datum_text(bis, sizeof(bis), j8 + 2, 1, 26);
		sbo_satz(l, ags, pseu, "SBO 6.1", j8 + 2, 1, 13);
		kaoa_jsonl_text(&l->w, "bis", bis);
		kaoa_jsonl_text(&l->w, "berufsfeld", sbo_felder[gewaehlt[0]]);
		zeile_fertig(l);
	}
	/* a few of those who explored Elektro take the Praxiskurs */
	if (elektro && kaoa_zufall_chance(z, 0.25))
	{
		char		d[32],
					tr[32];

		datum_text(d, sizeof(d), sj, 11, 3);
		snprintf(tr, sizeof(tr), "TR1-%s", ags);
		satz_anfang(l, "massnahme_teilnahme", ags);
		kaoa_jsonl_text(&l->w, "traeger", tr);
		kaoa_jsonl_text(&l->w, "titel", "Praxiskurs Elektro und Metall");
		kaoa_jsonl_text(&l->w, "pseudonym", pseu);
		kaoa_jsonl_text(&l->w, "datum", d);
		zeile_fertig(l);
	}
}

/* One measure of the Kommune's Träger TRn in school year sj (period: months of sj/sj+1). */
static void
massnahme(lauf *l, const char *ags, const char *traeger, const char *titel, const char *art,
		  const char *jahrgaenge, const char *const *felder, int n_felder, const char *zeitraum, int plaetze)
{
	char		key[32];

	snprintf(key, sizeof(key), "%s%s", traeger, ags);
	satz_anfang(l, "massnahme", ags);
	kaoa_jsonl_text(&l->w, "traeger", key);
	kaoa_jsonl_text(&l->w, "titel", titel);
	kaoa_jsonl_text(&l->w, "art", art);
	kaoa_jsonl_text(&l->w, "jahrgaenge", jahrgaenge);
	if (felder != NULL)
		kaoa_jsonl_text_liste(&l->w, "berufsfelder", felder, n_felder);
	kaoa_jsonl_text(&l->w, "zeitraum", zeitraum);
	kaoa_jsonl_int(&l->w, "plaetze", plaetze);
	kaoa_jsonl_text(&l->w, "finanzierung", "Land NRW / BA (KAoA)");
	zeile_fertig(l);
}

/*
 * The KoKo's programme (docs/sbo.md, "Target groups"): pupils visit a company with its apprentices.
 * One measure with two target groups — grades 9–10 at Realschule, Sekundarschule and Gesamtschule,
 * grades 10–12 at Gymnasium — run by the KoKo with Träger 1 (rolle traeger) and the IHK (partner),
 * registration until mid-February, start in March, 30 places and a waiting list.
 */
#define PROGRAMM_TITEL "Azubis zeigen ihren Betrieb"
#define PROGRAMM_PLAETZE 30

/* The registrations for the programme, written with the leaver (file order is the queue order): about
 * one in twenty of its target group, and one in fifty of grades 8–10 outside it (the programme
 * is not closed: accepted and flagged); one in ten withdraws again.  The first 30 who stay have the
 * places and take part; the rest wait.  A stream of its own (".../anmeldung") keeps every other
 * record of a seed as it was. */
static void
anmeldung_schreiben(lauf *l, kommune_lauf *kl, kaoa_zufall *z, const char *pseu, int form, int jahrgang,
					int *teilnehmer)
{
	const char *ags = kl->k->ags;
	const int	sj = l->opt->schuljahr;
	bool		ziel = ((form == F_R || form == F_SK || form == F_GE) && jahrgang >= 9 && jahrgang <= 10) ||
		(form == F_GY && jahrgang >= 10 && jahrgang <= 12);
	double		u = kaoa_zufall_einheit(z);
	bool		zurueck;
	char		key[32],
				d[32];

	if (!(ziel ? u < 0.05 : (jahrgang >= 8 && jahrgang <= 10 && u < 0.02)))
		return;
	zurueck = kaoa_zufall_chance(z, 0.1);
	snprintf(key, sizeof(key), "KOKO-%s", ags);
	satz_anfang(l, "anmeldung", ags);
	kaoa_jsonl_text(&l->w, "traeger", key);
	kaoa_jsonl_text(&l->w, "titel", PROGRAMM_TITEL);
	kaoa_jsonl_text(&l->w, "pseudonym", pseu);
	if (zurueck)
		kaoa_jsonl_text(&l->w, "status", "zurueckgezogen");
	zeile_fertig(l);
	if (zurueck || *teilnehmer >= PROGRAMM_PLAETZE)
		return;
	(*teilnehmer)++;
	datum_text(d, sizeof(d), sj + 1, 3, 10);
	satz_anfang(l, "massnahme_teilnahme", ags);
	kaoa_jsonl_text(&l->w, "traeger", key);
	kaoa_jsonl_text(&l->w, "titel", PROGRAMM_TITEL);
	kaoa_jsonl_text(&l->w, "pseudonym", pseu);
	kaoa_jsonl_text(&l->w, "datum", d);
	zeile_fertig(l);
}

/* The programme with its second target group and its partners. */
static void
programm_schreiben(lauf *l, kommune_lauf *kl)
{
	const char *ags = kl->k->ags;
	const int	sj = l->opt->schuljahr;
	static const char *const formen[] = {"GE", "R", "SK"};
	static const char *const gy[] = {"GY"};
	static const char *const felder[] = {"elektro", "metall_maschinenbau", "produktion_fertigung",
	"it_computer", "verkehr_logistik", "wirtschaft_verwaltung"};
	char		key[32],
				partner[32],
				zeitraum[64],
				bis[32];

	snprintf(key, sizeof(key), "KOKO-%s", ags);
	snprintf(zeitraum, sizeof(zeitraum), "[%d-03-01,%d-06-30]", sj + 1, sj + 1);
	datum_text(bis, sizeof(bis), sj + 1, 2, 13);
	satz_anfang(l, "massnahme", ags);
	kaoa_jsonl_text(&l->w, "traeger", key);
	kaoa_jsonl_text(&l->w, "titel", PROGRAMM_TITEL);
	kaoa_jsonl_text(&l->w, "art", "betriebserkundung");
	kaoa_jsonl_text(&l->w, "jahrgaenge", "[9,10]");
	kaoa_jsonl_text_liste(&l->w, "schulformen", formen, N_OF(formen));
	kaoa_jsonl_text_liste(&l->w, "berufsfelder", felder, N_OF(felder));
	kaoa_jsonl_text(&l->w, "zeitraum", zeitraum);
	kaoa_jsonl_int(&l->w, "plaetze", PROGRAMM_PLAETZE);
	kaoa_jsonl_text(&l->w, "finanzierung", "Kommune / Land NRW");
	kaoa_jsonl_text(&l->w, "anmeldung_bis", bis);
	kaoa_jsonl_bool(&l->w, "nur_zielgruppe", false);
	kaoa_jsonl_bool(&l->w, "warteliste", true);
	zeile_fertig(l);

	satz_anfang(l, "massnahme_zielgruppe", ags);
	kaoa_jsonl_text(&l->w, "traeger", key);
	kaoa_jsonl_text(&l->w, "titel", PROGRAMM_TITEL);
	kaoa_jsonl_text(&l->w, "jahrgaenge", "[10,12]");
	kaoa_jsonl_text_liste(&l->w, "schulformen", gy, N_OF(gy));
	zeile_fertig(l);

	snprintf(partner, sizeof(partner), "TR1-%s", ags);
	satz_anfang(l, "massnahme_partner", ags);
	kaoa_jsonl_text(&l->w, "traeger", key);
	kaoa_jsonl_text(&l->w, "titel", PROGRAMM_TITEL);
	kaoa_jsonl_text(&l->w, "partner", partner);
	kaoa_jsonl_text(&l->w, "rolle", "traeger");
	zeile_fertig(l);
	snprintf(partner, sizeof(partner), "IHK-%s", ags);
	satz_anfang(l, "massnahme_partner", ags);
	kaoa_jsonl_text(&l->w, "traeger", key);
	kaoa_jsonl_text(&l->w, "titel", PROGRAMM_TITEL);
	kaoa_jsonl_text(&l->w, "partner", partner);
	kaoa_jsonl_text(&l->w, "rolle", "partner");
	zeile_fertig(l);
}

/*
 * Four measures per Kommune, for all school forms: two Praxiskurse for grade 10 in Elektro over the
 * same winter (the deliberate parallel structure), Werkstatttage covering every other Berufsfeld
 * but Soziales/Pädagogik (the deliberate gap), and Schnuppertage for grade 8 only; then the KoKo's
 * programme with two target groups (which overlaps the Praxiskurs and the Werkstatttage in March).
 */
static void
massnahmen_schreiben(lauf *l, kommune_lauf *kl)
{
	const char *ags = kl->k->ags;
	const int	sj = l->opt->schuljahr;
	static const char *const em[] = {"elektro", "metall_maschinenbau"};
	static const char *const e[] = {"elektro"};
	const char *rest[N_OF(sbo_felder)];
	int			n_rest = 0,
				i;
	char		z1[64],
				z2[64],
				z3[64],
				z4[64];

	for (i = 0; i < N_OF(sbo_felder); i++)
		if (strcmp(sbo_felder[i], "elektro") != 0 && strcmp(sbo_felder[i], "metall_maschinenbau") != 0 &&
			strcmp(sbo_felder[i], SBO_LUECKE) != 0)
			rest[n_rest++] = sbo_felder[i];
	snprintf(z1, sizeof(z1), "[%d-11-03,%d-03-27]", sj, sj + 1);
	snprintf(z2, sizeof(z2), "[%d-12-01,%d-02-26]", sj, sj + 1);
	snprintf(z3, sizeof(z3), "[%d-09-15,%d-06-26]", sj, sj + 1);
	snprintf(z4, sizeof(z4), "[%d-10-05,%d-10-16]", sj, sj);
	massnahme(l, ags, "TR1-", "Praxiskurs Elektro und Metall", "praxiskurs", "[9,10]", em, 2, z1, 24);
	massnahme(l, ags, "TR2-", "Praxiskurs Elektrotechnik", "praxiskurs", "[10,10]", e, 1, z2, 12);
	massnahme(l, ags, "TR2-", "Werkstatttage", "berufsfelderkundung", "[9,10]", rest, n_rest, z3, 60);
	massnahme(l, ags, "TR1-", "Schnuppertage Klasse 8", "berufsfelderkundung", "[8,8]", NULL, 0, z4, 40);
	programm_schreiben(l, kl);
}

static void
personen_schreiben(lauf *l, kommune_lauf *kl, long anzahl)
{
	kaoa_zufall z,
				z_sbo,
				z_anm;
	char		label[64];
	int			teilnehmer = 0;
	double		anteil[N_OF(abschluesse)];
	double		wgew[64];
	int			a,
				f;
	long		i;
	const int	sj = l->opt->schuljahr;

	snprintf(label, sizeof(label), "%s/personen", kl->k->ags);
	kaoa_zufall_init(&z, l->opt->seed, label);
	snprintf(label, sizeof(label), "%s/sbo", kl->k->ags);
	kaoa_zufall_init(&z_sbo, l->opt->seed, label);
	snprintf(label, sizeof(label), "%s/anmeldung", kl->k->ags);
	kaoa_zufall_init(&z_anm, l->opt->seed, label);
	for (a = 0; a < N_OF(abschluesse); a++)
		anteil[a] = abschluesse[a].promille;

	for (i = 0; l->ok && i < anzahl; i++)
	{
		const abschluss_anteil *ab = &abschluesse[kaoa_zufall_gewichtet(&z, anteil, N_OF(abschluesse))];
		double		fgew[6];
		const schule *s = NULL;
		int			k,
					klasse,
					jahrgang,
					rang = rang_von(ab->code);
		bool		foerder = ab->form[F_S] > 0;
		char		pseu[14],
					datum[32],
					monat[32],
					anschrift[200],
					buf[KAOA_KOMPETENZEN_TEXT_BUF];
		const char *geschlecht,
				   *vorname,
				   *nachname;
		double		u,
					lat,
					lon,
					sigma;
		long		tag0,
					tage;
		int			jj,
					mm,
					dd;

		/* school form among those of the Kommune that award this qualification, then a school */
		for (f = 0; f < 6; f++)
			fgew[f] = kl->n_form[f] > 0 ? ab->form[f] : 0;
		f = kaoa_zufall_gewichtet(&z, fgew, 6);
		if (f < 0)
			f = F_GE;
		{
			int			nth = (int) kaoa_zufall_unter(&z, (uint64_t) kl->n_form[f]);

			for (k = 0; k < kl->n_schulen; k++)
				if (kl->schulen[k].form == f && nth-- == 0)
				{
					s = &kl->schulen[k];
					break;
				}
		}

		u = kaoa_zufall_einheit(&z);
		geschlecht = u < 0.489 ? "w" : u < 0.999 ? "m" : "d";
		if (geschlecht[0] == 'w' || (geschlecht[0] == 'd' && kaoa_zufall_chance(&z, 0.5)))
			vorname = kaoa_nrw_vornamen_w[kaoa_zufall_unter(&z, (uint64_t) kaoa_nrw_n_vornamen_w)];
		else
			vorname = kaoa_nrw_vornamen_m[kaoa_zufall_unter(&z, (uint64_t) kaoa_nrw_n_vornamen_m)];
		nachname = kaoa_nrw_nachnamen[kaoa_zufall_unter(&z, (uint64_t) kaoa_nrw_n_nachnamen)];

		/* born in the school-entry cohort of the leaving class (1 Oct – 30 Sep, NRW's cut-off),
		 * 12 % a year older (a repeated class), 2 % two years, 2 % a year younger */
		klasse = abgangsklasse(ab->code, f, &z);
		jahrgang = klasse;
		u = kaoa_zufall_einheit(&z);
		klasse += u < 0.12 ? 1 : u < 0.14 ? 2 : u < 0.16 ? -1 : 0;
		tag0 = kaoa_tage_seit_1970(sj - klasse - 6, 10, 1);
		tage = tag0 + (long) kaoa_zufall_unter(&z, (uint64_t) (kaoa_tage_seit_1970(sj - klasse - 5, 10, 1) - tag0));
		kaoa_datum_aus_tagen(tage, &jj, &mm, &dd);
		datum_text(datum, sizeof(datum), jj, mm, dd);
		datum_text(monat, sizeof(monat), jj, mm, 1);

		/* home around the school's town; Förderschulen and Gesamtschulen draw from further away */
		sigma = f == F_S ? 6.0 : (f == F_GE || f == F_GY) ? 3.5 : 2.5;
		streuen(&z, s->ort->lat, s->ort->lon, sigma, &lat, &lon);
		snprintf(anschrift, sizeof(anschrift), "%s %d, %s",
				 kaoa_nrw_strassen[kaoa_zufall_unter(&z, (uint64_t) kaoa_nrw_n_strassen)],
				 (int) kaoa_zufall_zwischen(&z, 1, 120), s->ort->name);

		pseudonym(l->opt->seed, kl->kidx, i, pseu);

		satz_anfang(l, "person", kl->k->ags);
		kaoa_jsonl_text(&l->w, "pseudonym", pseu);
		kaoa_jsonl_text(&l->w, "geburtsmonat", monat);
		zeile_fertig(l);

		satz_anfang(l, "person_identitaet", kl->k->ags);
		kaoa_jsonl_text(&l->w, "pseudonym", pseu);
		kaoa_jsonl_text(&l->w, "nachname", nachname);
		kaoa_jsonl_text(&l->w, "vorname", vorname);
		kaoa_jsonl_text(&l->w, "geburtsdatum", datum);
		kaoa_jsonl_text(&l->w, "geschlecht", geschlecht);
		kaoa_jsonl_text(&l->w, "anschrift", anschrift);
		zeile_fertig(l);

		satz_anfang(l, "fall", kl->k->ags);
		kaoa_jsonl_text(&l->w, "pseudonym", pseu);
		kaoa_jsonl_int(&l->w, "schuljahr", sj);
		kaoa_jsonl_text(&l->w, "schule", s->schluessel);
		kaoa_jsonl_text(&l->w, "schulform", form_kuerzel[f]);
		kaoa_jsonl_text(&l->w, "abschluss", ab->code);
		kaoa_jsonl_bool(&l->w, "abschluss_erwartet", true);
		zeile_fertig(l);
		if (l->opt->sbo)
		{
			sbo_schreiben(l, kl, &z_sbo, pseu, s, f, jahrgang);
			anmeldung_schreiben(l, kl, &z_anm, pseu, f, jahrgang, &teilnehmer);
		}

		/* an applicant profile for those looking for an apprenticeship: most leavers with ESA or
		 * MSA, a third of those with Abitur */
		{
			double		p_profil = rang >= 7 ? 0.30 : rang >= 5 ? 0.55 : rang >= 4 ? 0.60 :
				rang >= 3 ? 0.70 : foerder ? 0.60 : 0.80;
			const char *wuensche[3];
			char		wbuf[3][8];
			int			n_w,
						w,
						erster = -1,
						stufe[12],
						v[6],
						max_km;
			static const int km_niedrig[] = {15, 20, 25, 30};
			static const int km_mittel[] = {20, 25, 30, 40, 50};
			static const int km_hoch[] = {30, 40, 50, 60, 80};
			static const int km_foerder[] = {10, 15, 20};

			if (!kaoa_zufall_chance(&z, p_profil))
				continue;
			for (w = 0; w < kaoa_nrw_n_berufe && w < 64; w++)
				wgew[w] = wunsch_gewicht(&kaoa_nrw_berufe[w], geschlecht, rang, foerder);
			u = kaoa_zufall_einheit(&z);
			n_w = u < 0.35 ? 1 : u < 0.75 ? 2 : 3;
			for (w = 0; w < n_w; w++)
			{
				int			b = kaoa_zufall_gewichtet(&z, wgew, kaoa_nrw_n_berufe);
				int			stellen;
				int			d;

				if (b < 0)
					break;
				if (erster < 0)
					erster = b;
				u = kaoa_zufall_einheit(&z);
				stellen = u < 0.80 ? 5 : u < 0.92 ? 4 : 3;	/* wish a Berufsgattung or a branch */
				snprintf(wbuf[w], sizeof(wbuf[w]), "%.*s", stellen, kaoa_nrw_berufe[b].kldb);
				wuensche[w] = wbuf[w];
				/* no occupation twice: every code of the same branch is less likely next time */
				for (d = 0; d < kaoa_nrw_n_berufe; d++)
					if (strncmp(kaoa_nrw_berufe[d].kldb, wbuf[w], (size_t) stellen) == 0)
						wgew[d] = 0;
			}
			n_w = w;

			satz_anfang(l, "bewerberprofil", kl->k->ags);
			kaoa_jsonl_text(&l->w, "pseudonym", pseu);
			kaoa_jsonl_text_liste(&l->w, "wuensche", wuensche, n_w);
			if (kaoa_zufall_chance(&z, 0.08))
				kaoa_jsonl_null(&l->w, "interessen");
			else
			{
				char		holland[4];

				if (erster >= 0 && kaoa_zufall_chance(&z, 0.7))
					snprintf(holland, sizeof(holland), "%s", kaoa_nrw_berufe[erster].holland);
				else
				{
					static const char buchstaben[] = "RIASEC";
					int			x = (int) kaoa_zufall_unter(&z, 6),
								y = (x + 1 + (int) kaoa_zufall_unter(&z, 5)) % 6;

					holland[0] = buchstaben[x];
					holland[1] = buchstaben[y];
					holland[2] = '\0';
				}
				riasec_aus_holland(holland, 12.0, &z, v);
				riasec_text(v, buf, sizeof(buf));
				kaoa_jsonl_text(&l->w, "interessen", buf);
			}
			if (kaoa_zufall_chance(&z, 0.10))
				kaoa_jsonl_null(&l->w, "kompetenzen");
			else
			{
				for (k = 0; k < 12; k++)
				{
					long		st = lround(3.0 + 0.2 * (rang - 3) + 0.9 * kaoa_zufall_normal(&z));

					stufe[k] = kaoa_zufall_chance(&z, 0.12) ? 0 : (int) (st < 1 ? 1 : st > 5 ? 5 : st);
				}
				kompetenzen_text(stufe, buf, sizeof(buf));
				kaoa_jsonl_text(&l->w, "kompetenzen", buf);
			}
			if (kaoa_zufall_chance(&z, 0.03))
			{
				kaoa_jsonl_null(&l->w, "lat");
				kaoa_jsonl_null(&l->w, "lon");
			}
			else
			{
				kaoa_jsonl_zahl(&l->w, "lat", lat, 6);
				kaoa_jsonl_zahl(&l->w, "lon", lon, 6);
			}
			if (foerder)
				max_km = km_foerder[kaoa_zufall_unter(&z, N_OF(km_foerder))];
			else if (rang <= 1)
				max_km = km_niedrig[kaoa_zufall_unter(&z, N_OF(km_niedrig))];
			else if (rang <= 3)
				max_km = km_mittel[kaoa_zufall_unter(&z, N_OF(km_mittel))];
			else
				max_km = km_hoch[kaoa_zufall_unter(&z, N_OF(km_hoch))];
			kaoa_jsonl_int(&l->w, "max_km", max_km);
			u = kaoa_zufall_einheit(&z);
			datum_text(datum, sizeof(datum), sj + 1, u < 0.85 ? 8 : u < 0.95 ? 9 : 10, 1);
			kaoa_jsonl_text(&l->w, "verfuegbar_ab", datum);
			zeile_fertig(l);
		}
	}
}

static void
kommune_frei(kommune_lauf *kl)
{
	orte_frei(&kl->orte);
	free(kl->schulen);
	free(kl->betriebe);
	free(kl->angebote);
}

static void
kommune_erzeugen(lauf *l, int kidx, long personen, long angebote)
{
	kommune_lauf kl;
	char		d1[32],
				d2[32],
				d3[32];
	long		b;
	const int	sj = l->opt->schuljahr;

	memset(&kl, 0, sizeof(kl));
	kl.kidx = kidx;
	kl.k = &kaoa_nrw_kommunen[kidx];
	if (!orte_sammeln(kl.k->ags, &kl.orte))
	{
		fehler(l, "out of memory, or a Kommune without towns in the reference data");
		kommune_frei(&kl);
		return;
	}
	kl.hauptname = hauptort(kl.k, &kl.orte, kl.haupt, sizeof(kl.haupt));

	satz_anfang(l, "kommune", kl.k->ags);
	kaoa_jsonl_text(&l->w, "name", kl.k->name);
	zeile_fertig(l);

	/* identification window March–May, Verbleib on the school-statistics date in October */
	datum_text(d1, sizeof(d1), sj + 1, 3, 1);
	datum_text(d2, sizeof(d2), sj + 1, 5, 31);
	datum_text(d3, sizeof(d3), sj + 1, 10, 15);
	satz_anfang(l, "fristen", kl.k->ags);
	kaoa_jsonl_int(&l->w, "schuljahr", sj);
	kaoa_jsonl_text(&l->w, "identifikation_von", d1);
	kaoa_jsonl_text(&l->w, "identifikation_bis", d2);
	kaoa_jsonl_int(&l->w, "uebernahme_tage", 10);
	kaoa_jsonl_text(&l->w, "verbleib_stichtag", d3);
	zeile_fertig(l);

	institutionen(l, &kl);
	if (l->ok && !schulen_anlegen(l, &kl, personen))
		fehler(l, "out of memory while placing the schools");
	if (l->ok)
		angebote_anlegen(l, &kl, angebote);
	for (b = 0; l->ok && b < kl.n_betriebe; b++)
		organisation(l, kl.k->ags, kl.betriebe[b].nummer, "betrieb", kl.betriebe[b].name, NULL);
	if (l->ok)
		personen_schreiben(l, &kl, personen);
	if (l->ok)
		angebote_schreiben(l, &kl);
	if (l->ok && l->opt->sbo)
		massnahmen_schreiben(l, &kl);
	kommune_frei(&kl);
}

bool
kaoa_kohorte_erzeugen(const kaoa_kohorte_optionen *o, kaoa_kohorte_ausgabe aus, void *ctx,
					  char *err, size_t errsz)
{
	lauf		l;
	int			idx[64];
	long		personen[64],
				angebote[64];
	int			n,
				i;

	if (!kaoa_kohorte_pruefen(o, err, errsz))
		return false;
	n = kommunen_waehlen(o, idx, err, errsz);
	aufteilen(o->personen, idx, n, personen);
	aufteilen(o->angebote, idx, n, angebote);

	memset(&l, 0, sizeof(l));
	l.opt = o;
	l.aus = aus;
	l.ctx = ctx;
	l.err = err;
	l.errsz = errsz;
	l.ok = true;
	kaoa_jsonl_init(&l.w);
	for (i = 0; i < n && l.ok; i++)
		kommune_erzeugen(&l, idx[i], personen[i], angebote[i]);
	kaoa_jsonl_free(&l.w);
	return l.ok;
}
