/*
 * test_kohorte.c — unit tests of the cores behind `kaoa generate` and the reject file:
 * the random streams (zufall.c), the JSON Lines writer (jsonl.c), the NRW reference data (nrw.c)
 * and the synthetic cohort (kohorte.c).
 */
#define _GNU_SOURCE
#include "unit.h"

#include <stdlib.h>

#include "types/core/abschluss.h"
#include "client/core/jsonl.h"
#include "types/core/kldb.h"
#include "client/core/kohorte.h"
#include "types/core/kompetenzen.h"
#include "types/core/riasec.h"
#include "client/core/nrw.h"
#include "client/core/zufall.h"

/* ------------------------------------------------------------ collecting output */

typedef struct sammlung
{
	char	   *text;
	size_t		len,
				cap;
	long		zeilen;
	long		abbruch_nach;	/* refuse the line after this many (0 = never) */
} sammlung;

static bool
sammeln(const char *zeile, size_t len, void *ctx)
{
	sammlung   *s = ctx;

	if (s->abbruch_nach > 0 && s->zeilen >= s->abbruch_nach)
		return false;
	if (s->len + len + 1 > s->cap)
	{
		s->cap = (s->len + len + 1) * 2;
		s->text = realloc(s->text, s->cap);
	}
	memcpy(s->text + s->len, zeile, len);
	s->len += len;
	s->text[s->len] = '\0';
	s->zeilen++;
	return true;
}

static bool
erzeugen(const kaoa_kohorte_optionen *o, sammlung *s, char *err)
{
	memset(s, 0, sizeof(*s));
	return kaoa_kohorte_erzeugen(o, sammeln, s, err, 256);
}

/* The first occurrence of needle within the line starting at zeile, or NULL.  (Never strstr over
 * the whole text in a loop: ASan's interceptor measures the whole haystack on every call.) */
static const char *
in_zeile(const char *zeile, const char *needle)
{
	const char *ende = strchr(zeile, '\n');

	return memmem(zeile, ende ? (size_t) (ende - zeile) : strlen(zeile), needle, strlen(needle));
}

/* The line after the one starting at p (the end of text when there is none). */
static const char *
naechste(const char *p)
{
	const char *e = strchr(p, '\n');

	return e ? e + 1 : p + strlen(p);
}

/* Counts lines whose "typ" is typ. */
static long
zaehle_typ(const char *text, const char *typ)
{
	char		muster[64];
	long		n = 0;
	const char *p = text;

	snprintf(muster, sizeof(muster), "{\"typ\":\"%s\",", typ);
	for (; *p; p = naechste(p))
		if (strncmp(p, muster, strlen(muster)) == 0)
			n++;
	return n;
}

/* The string value of "key" in the line starting at zeile (into out); false when absent. */
static bool
feld(const char *zeile, const char *key, char *out, size_t sz)
{
	char		muster[64];
	const char *p,
			   *ende = strchr(zeile, '\n');
	size_t		n;

	snprintf(muster, sizeof(muster), "\"%s\":\"", key);
	p = memmem(zeile, ende ? (size_t) (ende - zeile) : strlen(zeile), muster, strlen(muster));
	if (!p)
		return false;
	p += strlen(muster);
	n = strcspn(p, "\"");
	if (n >= sz)
		n = sz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Collects "kommune|value-of-key" of every line of type typ, sorts them and counts duplicates. */
static long
duplikate(const char *text, const char *typ, const char *key, long *anzahl)
{
	char		muster[64];
	const char *p = text;
	char	  **werte = NULL;
	long		n = 0,
				cap = 0,
				dup = 0,
				i;

	snprintf(muster, sizeof(muster), "{\"typ\":\"%s\",", typ);
	for (; *p; p = naechste(p))
	{
		char		k[16],
					v[64],
					both[96];

		if (strncmp(p, muster, strlen(muster)) == 0 &&
			feld(p, "kommune", k, sizeof(k)) && feld(p, key, v, sizeof(v)))
		{
			if (n == cap)
			{
				cap = cap ? cap * 2 : 1024;
				werte = realloc(werte, sizeof(char *) * (size_t) cap);
			}
			snprintf(both, sizeof(both), "%s|%s", k, v);
			werte[n++] = strdup(both);
		}
	}
	qsort(werte, (size_t) n, sizeof(char *), cmp_str);
	for (i = 1; i < n; i++)
		if (strcmp(werte[i - 1], werte[i]) == 0)
			dup++;
	for (i = 0; i < n; i++)
		free(werte[i]);
	free(werte);
	*anzahl = n;
	return dup;
}

/* Checks every kaoa-typed value of the cohort with the types' own parsers: it must parse, and
 * (for riasec and kompetenzen) already be in the canonical output form.  Returns the failures. */
static int
typen_pruefen(const char *text, long *geprueft)
{
	const char *p;
	int			falsch = 0;

	*geprueft = 0;
	for (p = text; *p; p = naechste(p))
	{
		const char *ende = strchr(p, '\n');
		char		v[300],
					aus[300];
		kaoa_parse_error err;

		if (feld(p, "interessen", v, sizeof(v)))
		{
			kaoa_riasec r;

			if (!kaoa_riasec_parse(v, strlen(v), &r, &err))
				falsch++;
			else
			{
				kaoa_riasec_format(&r, aus);
				falsch += strcmp(aus, v) != 0;
			}
			(*geprueft)++;
		}
		if (feld(p, "kompetenzen", v, sizeof(v)) || feld(p, "anforderungen", v, sizeof(v)))
		{
			kaoa_kompetenzen k;

			if (!kaoa_kompetenzen_parse(v, strlen(v), &k, &err))
				falsch++;
			else
			{
				kaoa_kompetenzen_format(&k, aus);
				falsch += strcmp(aus, v) != 0;
			}
			(*geprueft)++;
		}
		if (feld(p, "kldb", v, sizeof(v)))
		{
			kaoa_kldb k;

			falsch += !kaoa_kldb_parse(v, strlen(v), &k, &err) || kaoa_kldb_ebene(k) != 5;
			(*geprueft)++;
		}
		{
			const char *w = in_zeile(p, "\"wuensche\":[");

			if (w && w < ende)
			{
				w += 12;
				while (*w == '"')
				{
					size_t		n = strcspn(w + 1, "\"");
					kaoa_kldb	k;

					falsch += !kaoa_kldb_parse(w + 1, n, &k, &err);
					(*geprueft)++;
					w += n + 2;
					if (*w == ',')
						w++;
				}
			}
		}
	}
	return falsch;
}

/* ------------------------------------------------------------ tests */

static void
test_zufall(void)
{
	kaoa_zufall a,
				b;
	int			i,
				gleich = 0,
				zaehler[6] = {0};
	double		summe = 0,
				quadrate = 0;
	double		gew[4] = {0, 1, 0, 3};
	int			treffer[4] = {0};

	/* splitmix64 reference value (first output for state 0, as in Vigna's reference code) */
	IS_INT(kaoa_splitmix64(0) == UINT64_C(0xE220A8397B1DCDAF), 1, "splitmix64(0) matches the reference");

	kaoa_zufall_init(&a, 42, "x");
	kaoa_zufall_init(&b, 42, "x");
	for (i = 0; i < 1000; i++)
		gleich += kaoa_zufall_u64(&a) == kaoa_zufall_u64(&b);
	IS_INT(gleich, 1000, "same seed and label give the same stream");
	kaoa_zufall_init(&a, 42, "x");
	kaoa_zufall_init(&b, 42, "y");
	gleich = 0;
	for (i = 0; i < 1000; i++)
		gleich += kaoa_zufall_u64(&a) == kaoa_zufall_u64(&b);
	IS_INT(gleich, 0, "different labels give unrelated streams");

	kaoa_zufall_init(&a, 7, "wuerfel");
	for (i = 0; i < 60000; i++)
		zaehler[kaoa_zufall_unter(&a, 6)]++;
	for (i = 0; i < 6; i++)
		OK(zaehler[i] > 9500 && zaehler[i] < 10500, "unter(6) is uniform: face %d seen %d times", i, zaehler[i]);
	IS_INT(kaoa_zufall_unter(&a, 0), 0, "unter(0) is 0");
	IS_INT(kaoa_zufall_zwischen(&a, 5, 5), 5, "zwischen(5, 5) is 5");

	for (i = 0; i < 20000; i++)
	{
		double		x = kaoa_zufall_normal(&a);

		summe += x;
		quadrate += x * x;
	}
	IS_DBL(summe / 20000, 0.0, 0.05, "normal deviates have mean 0");
	IS_DBL(quadrate / 20000, 1.0, 0.05, "normal deviates have variance 1");

	for (i = 0; i < 4000; i++)
		treffer[kaoa_zufall_gewichtet(&a, gew, 4)]++;
	OK(treffer[0] == 0 && treffer[2] == 0, "zero weights are never drawn");
	OK(treffer[3] > 2800 && treffer[3] < 3200, "weights are respected (3:1 gave %d:%d)", treffer[3], treffer[1]);
	gew[1] = gew[3] = 0;
	IS_INT(kaoa_zufall_gewichtet(&a, gew, 4), -1, "all-zero weights give -1");
}

static void
test_jsonl(void)
{
	kaoa_jsonl	w;
	const char *liste[] = {"26212", "252"};
	static const unsigned char kaputt[] = {'a', 0xC3, 'b', 0xE2, 0x82, 'c', 0xED, 0xA0, 0x80, 0xF4,
	0x90, 0x80, 0x80, 0xC0, 0xAF, 'z'};
	static const unsigned char gut[] = {0xC3, 0xA4, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80};

	kaoa_jsonl_init(&w);
	kaoa_jsonl_anfang(&w);
	kaoa_jsonl_text(&w, "typ", "person");
	kaoa_jsonl_int(&w, "n", -42);
	kaoa_jsonl_zahl(&w, "lat", 51.96070049, 6);
	kaoa_jsonl_zahl(&w, "null", -0.0000001, 6);
	kaoa_jsonl_bool(&w, "ja", true);
	kaoa_jsonl_null(&w, "nix");
	kaoa_jsonl_text(&w, "leer", NULL);
	kaoa_jsonl_text_liste(&w, "w", liste, 2);
	kaoa_jsonl_text_liste(&w, "keine", liste, 0);
	kaoa_jsonl_ende(&w);
	IS_STR(w.buf, "{\"typ\":\"person\",\"n\":-42,\"lat\":51.960700,\"null\":0.000000,\"ja\":true,\"nix\":null,"
		   "\"leer\":null,\"w\":[\"26212\",\"252\"],\"keine\":[]}\n", "members of every kind");

	kaoa_jsonl_anfang(&w);
	kaoa_jsonl_text(&w, "s", "a\"b\\c\n\t\r\b\f\x01\x1f/é");
	kaoa_jsonl_ende(&w);
	IS_STR(w.buf, "{\"s\":\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f/é\"}\n", "strings are escaped per RFC 8259");

	kaoa_jsonl_anfang(&w);
	kaoa_jsonl_text_n(&w, "s", (const char *) kaputt, sizeof(kaputt));
	kaoa_jsonl_ende(&w);
	IS_STR(w.buf, "{\"s\":\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
		   "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "z\"}\n",
		   "malformed UTF-8 (truncated, surrogate, beyond U+10FFFF, overlong) becomes U+FFFD byte by byte");

	kaoa_jsonl_anfang(&w);
	kaoa_jsonl_text_n(&w, "s", (const char *) gut, sizeof(gut));
	kaoa_jsonl_text_n(&w, "nul", "a\0b", 3);
	kaoa_jsonl_ende(&w);
	IS_STR(w.buf, "{\"s\":\"\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80\",\"nul\":\"a\\u0000b\"}\n",
		   "well-formed 2-, 3- and 4-byte UTF-8 passes through; NUL is escaped");
	IS_INT(kaoa_utf8_laenge((const unsigned char *) "\xE2\x82", 2), 0, "a truncated sequence is malformed");
	IS_INT(kaoa_utf8_laenge((const unsigned char *) "\xF0\x9F\x98\x80", 4), 4, "a 4-byte sequence has length 4");
	kaoa_jsonl_free(&w);
}

static void
test_nrw(void)
{
	int			i,
				j,
				ohne_ort = 0,
				falsch = 0,
				kldb_falsch = 0,
				mindest_falsch = 0;

	IS_INT(kaoa_nrw_n_kommunen, 53, "53 Kreise and kreisfreie Städte");
	IS_INT(kaoa_nrw_kommune_index("05315"), 16, "Köln is found by its Kreisschlüssel");
	IS_STR(kaoa_nrw_kommunen[kaoa_nrw_kommune_index("05566")].name, "Kreis Steinfurt", "05566 is Kreis Steinfurt");
	IS_INT(kaoa_nrw_kommune_index("05313"), -1, "the pre-2009 key of Aachen is not a Kommune any more");
	for (i = 0; i < kaoa_nrw_n_kommunen; i++)
	{
		int			orte = 0;

		if (strlen(kaoa_nrw_kommunen[i].ags) != 5 || strncmp(kaoa_nrw_kommunen[i].ags, "05", 2) != 0)
			falsch++;
		for (j = 0; j < i; j++)
			if (strcmp(kaoa_nrw_kommunen[j].ags, kaoa_nrw_kommunen[i].ags) >= 0)
				falsch++;
		for (j = 0; j < kaoa_nrw_n_orte; j++)
			if (strcmp(kaoa_nrw_orte[j].ags, kaoa_nrw_kommunen[i].ags) == 0)
				orte++;
		if (orte == 0)
			ohne_ort++;
	}
	IS_INT(falsch, 0, "every Kreisschlüssel is 05xxx, and the table is sorted");
	IS_INT(ohne_ort, 0, "every Kommune has at least one town");
	falsch = 0;
	for (j = 0; j < kaoa_nrw_n_orte; j++)
		if (kaoa_nrw_kommune_index(kaoa_nrw_orte[j].ags) < 0 ||
			kaoa_nrw_orte[j].lat < 50.3 || kaoa_nrw_orte[j].lat > 52.6 ||
			kaoa_nrw_orte[j].lon < 5.85 || kaoa_nrw_orte[j].lon > 9.5 || kaoa_nrw_orte[j].einwohner_tsd <= 0)
			falsch++;
	IS_INT(falsch, 0, "every town lies in NRW's bounding box and belongs to a Kommune");
	for (i = 0; i < kaoa_nrw_n_berufe; i++)
	{
		const char *k = kaoa_nrw_berufe[i].kldb;
		int16_t		code;

		if (strlen(k) != 5 || strspn(k, "0123456789") != 5 || k[4] < '1' || k[4] > '4')
			kldb_falsch++;
		if (kaoa_nrw_berufe[i].mindest &&
			!kaoa_abschluss_parse(kaoa_nrw_berufe[i].mindest, strlen(kaoa_nrw_berufe[i].mindest), &code, NULL))
			mindest_falsch++;
	}
	IS_INT(kldb_falsch, 0, "every occupation has a 5-digit KldB code with Anforderungsniveau 1-4");
	IS_INT(mindest_falsch, 0, "every minimum qualification is a kaoa.abschluss code");
}

static void
test_daten(void)
{
	int			j,
				m,
				t;
	long		d;

	IS_INT(kaoa_tage_seit_1970(1970, 1, 1), 0, "1970-01-01 is day 0");
	IS_INT(kaoa_tage_seit_1970(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	IS_INT(kaoa_tage_seit_1970(2024, 2, 29) + 1, kaoa_tage_seit_1970(2024, 3, 1), "2024 is a leap year");
	IS_INT(kaoa_tage_seit_1970(2100, 2, 28) + 1, kaoa_tage_seit_1970(2100, 3, 1), "2100 is not");
	for (d = -800000; d < 800000; d += 997)
	{
		kaoa_datum_aus_tagen(d, &j, &m, &t);
		if (kaoa_tage_seit_1970(j, m, t) != d)
			break;
	}
	OK(d >= 800000, "date conversion round-trips over four thousand years");
}

static void
test_kohorte(void)
{
	kaoa_kohorte_optionen o;
	sammlung	s1,
				s2;
	char		err[256];
	long		n,
				dup,
				faelle,
				zaehler[20] = {0},
				i;
	const char *p;
	const char *codes[] = {"OA", "ESAA", "ESA", "EESA", "MSA", "MSA_Q", "FHR_S", "ABITUR", "FOEL", "FOEG"};
	const double soll[] = {2.3, 1.5, 7.5, 6.4, 17.8, 18.0, 3.5, 39.6, 2.4, 1.0};
	int			ausser_nrw = 0,
				schule_fehlt = 0,
				anbieter_fehlt = 0,
				kldb_falsch = 0;
	char	  **orgs = NULL;
	long		n_orgs = 0;

	/* option checks */
	kaoa_kohorte_standard(&o);
	o.personen = -1;
	OK(!kaoa_kohorte_pruefen(&o, err, sizeof(err)) && strstr(err, "--personen"), "negative --personen is refused: %s", err);
	kaoa_kohorte_standard(&o);
	o.kommunen = 54;
	OK(!kaoa_kohorte_pruefen(&o, err, sizeof(err)) && strstr(err, "53"), "--kommunen 54 is refused: %s", err);
	kaoa_kohorte_standard(&o);
	o.kommune_liste = "05315,99999";
	OK(!kaoa_kohorte_pruefen(&o, err, sizeof(err)) && strstr(err, "99999"), "an unknown Kreisschlüssel is refused: %s", err);
	o.kommune_liste = "05315, 05315";
	OK(!kaoa_kohorte_pruefen(&o, err, sizeof(err)) && strstr(err, "twice"), "a Kommune named twice is refused: %s", err);
	o.kommune_liste = "05315,,05566";
	OK(!kaoa_kohorte_pruefen(&o, err, sizeof(err)), "an empty list element is refused");
	o.kommune_liste = " 05315 , 05566 ";
	OK(kaoa_kohorte_pruefen(&o, err, sizeof(err)), "spaces around list elements are fine");

	/* a Kreis-sized cohort */
	kaoa_kohorte_standard(&o);
	o.seed = 7;
	o.kommune_liste = "05566";
	o.personen = 3400;
	o.angebote = 2000;
	OK(erzeugen(&o, &s1, err), "a Kreis-sized cohort is generated");
	OK(erzeugen(&o, &s2, err), "and again with the same options");
	OK(s1.len == s2.len && memcmp(s1.text, s2.text, s1.len) == 0, "same options give the same bytes");
	IS_INT(zaehle_typ(s1.text, "kommune"), 1, "one kommune record");
	IS_INT(zaehle_typ(s1.text, "fristen"), 1, "one fristen record");
	IS_INT(zaehle_typ(s1.text, "person"), 3400, "3400 persons");
	IS_INT(zaehle_typ(s1.text, "person_identitaet"), 3400, "3400 identities");
	IS_INT(zaehle_typ(s1.text, "fall"), 3400, "3400 cases");
	IS_INT(zaehle_typ(s1.text, "angebot"), 2000, "2000 offers");
	n = zaehle_typ(s1.text, "bewerberprofil");
	OK(n > 3400 * 0.45 && n < 3400 * 0.65, "about 55%% have an applicant profile (%ld)", n);
	OK(strstr(s1.text, "\"org_typ\":\"koko\"") && strstr(s1.text, "\"org_typ\":\"agentur\"") &&
	   strstr(s1.text, "\"org_typ\":\"jobcenter\"") && strstr(s1.text, "\"org_typ\":\"jugendamt\"") &&
	   strstr(s1.text, "\"org_typ\":\"berufskolleg\"") && strstr(s1.text, "\"org_typ\":\"betrieb\"") &&
	   strstr(s1.text, "\"org_typ\":\"jba\"") && strstr(s1.text, "\"org_typ\":\"kammer\""),
	   "every kind of organisation is there");
	OK(strstr(s1.text, "\"name\":\"Kreis Steinfurt\"") != NULL, "the Kommune has its real name");
	dup = duplikate(s1.text, "person", "pseudonym", &n);
	OK(dup == 0 && n == 3400, "pseudonyms are unique within the Kommune");
	dup = duplikate(s1.text, "organisation", "schluessel", &n);
	OK(dup == 0 && n > 100, "organisation keys are unique within the Kommune (%ld)", n);
	dup = duplikate(s1.text, "angebot", "extern_id", &n);
	OK(dup == 0 && n == 2000, "offer keys are unique within the Kommune");
	dup = duplikate(s1.text, "fall", "pseudonym", &n);
	OK(dup == 0 && n == 3400, "one case per person");

	/* references and values: every case's school and every offer's Betrieb exist; every place lies
	 * in NRW; every KldB code is well-formed */
	/* the organisations as sorted "schluessel|org_typ" strings, for look-ups */
	{
		long		cap = 0;

		n_orgs = 0;
		for (p = s1.text; *p; p = naechste(p))
		{
			char		k[64],
						t[32],
						both[100];

			if (strncmp(p, "{\"typ\":\"organisation\",", strlen("{\"typ\":\"organisation\",")) == 0 &&
				feld(p, "schluessel", k, sizeof(k)) && feld(p, "org_typ", t, sizeof(t)))
			{
				if (n_orgs == cap)
				{
					cap = cap ? cap * 2 : 1024;
					orgs = realloc(orgs, sizeof(char *) * (size_t) cap);
				}
				snprintf(both, sizeof(both), "%s|%s", k, t);
				orgs[n_orgs++] = strdup(both);
			}
		}
		qsort(orgs, (size_t) n_orgs, sizeof(char *), cmp_str);
	}
	for (p = s1.text; *p; p = naechste(p))
	{
		char		v[64],
					muster[96];
		const char *m = muster;

		if (strncmp(p, "{\"typ\":\"fall\"", 13) == 0 && feld(p, "schule", v, sizeof(v)))
		{
			snprintf(muster, sizeof(muster), "%s|schule", v);
			if (!bsearch(&m, orgs, (size_t) n_orgs, sizeof(char *), cmp_str))
				schule_fehlt++;
		}
		if (strncmp(p, "{\"typ\":\"angebot\"", 16) == 0)
		{
			if (feld(p, "anbieter", v, sizeof(v)))
			{
				snprintf(muster, sizeof(muster), "%s|betrieb", v);
				if (!bsearch(&m, orgs, (size_t) n_orgs, sizeof(char *), cmp_str))
					anbieter_fehlt++;
			}
			if (!feld(p, "kldb", v, sizeof(v)) || strlen(v) != 5 || v[4] < '1' || v[4] > '4')
				kldb_falsch++;
		}
		{
			const char *lat = in_zeile(p, "\"lat\":");
			const char *ende = strchr(p, '\n');

			if (lat && lat < ende && lat[6] != 'n')
			{
				double		la = atof(lat + 6),
							lo = atof(in_zeile(lat, "\"lon\":") + 6);

				if (la < 50.2 || la > 52.7 || lo < 5.7 || lo > 9.6)
					ausser_nrw++;
			}
		}
	}
	IS_INT(schule_fehlt, 0, "every case names a school of its Kommune");
	IS_INT(anbieter_fehlt, 0, "every offer names a Betrieb of its Kommune");
	IS_INT(kldb_falsch, 0, "every offer has a 5-digit KldB code");
	IS_INT(ausser_nrw, 0, "every location lies in or next to NRW");
	{
		long		geprueft;

		IS_INT(typen_pruefen(s1.text, &geprueft), 0,
			   "every kldb, riasec and kompetenzen value parses with the type's parser, in canonical form");
		OK(geprueft > 8000, "(%ld values checked)", geprueft);
	}
	free(s2.text);
	for (i = 0; i < n_orgs; i++)
		free(orgs[i]);
	free(orgs);

	/* another seed gives another cohort */
	o.seed = 8;
	OK(erzeugen(&o, &s2, err), "seed 8 works");
	OK(s1.len != s2.len || memcmp(s1.text, s2.text, s1.len) != 0, "another seed gives other data");
	free(s1.text);
	free(s2.text);

	/* the whole of NRW, small: qualifications follow the statistics */
	kaoa_kohorte_standard(&o);
	o.kommunen = 53;
	o.personen = 40000;
	o.angebote = 530;
	OK(erzeugen(&o, &s1, err), "all 53 Kommunen");
	IS_INT(zaehle_typ(s1.text, "kommune"), 53, "53 kommune records");
	IS_INT(zaehle_typ(s1.text, "angebot"), 530, "offers split exactly");
	faelle = 0;
	for (p = s1.text; *p; p = naechste(p))
	{
		char		v[16];

		if (strncmp(p, "{\"typ\":\"fall\"", 13) != 0)
			continue;
		if (feld(p, "abschluss", v, sizeof(v)))
			for (i = 0; i < 10; i++)
				if (strcmp(v, codes[i]) == 0)
					zaehler[i]++;
		faelle++;
	}
	IS_INT(faelle, 40000, "40000 cases");
	for (i = 0; i < 10; i++)
		IS_DBL(100.0 * zaehler[i] / faelle, soll[i], 0.6, "share of %s follows the NRW statistics", codes[i]);
	OK(strstr(s1.text, "\"kommune\":\"05315\",\"name\":\"Köln\"") != NULL, "Köln is among them");
	free(s1.text);

	/* --kommunen picks by seed; the same seed picks the same */
	kaoa_kohorte_standard(&o);
	o.kommunen = 3;
	o.personen = 10;
	o.angebote = 0;
	OK(erzeugen(&o, &s1, err) && erzeugen(&o, &s2, err) && strcmp(s1.text, s2.text) == 0,
	   "--kommunen 3 is deterministic");
	IS_INT(zaehle_typ(s1.text, "kommune"), 3, "three Kommunen");
	IS_INT(zaehle_typ(s1.text, "angebot"), 0, "zero offers");
	free(s1.text);
	free(s2.text);

	/* a refusing output stops the generator with a message */
	kaoa_kohorte_standard(&o);
	o.personen = 100;
	o.angebote = 10;
	memset(&s1, 0, sizeof(s1));
	s1.abbruch_nach = 5;
	OK(!kaoa_kohorte_erzeugen(&o, sammeln, &s1, err, sizeof(err)) && strstr(err, "could not be written"),
	   "a write error stops the run: %s", err);
	IS_INT(s1.zeilen, 5, "nothing is written after the error");
	free(s1.text);
}

int
main(void)
{
	test_zufall();
	test_jsonl();
	test_nrw();
	test_daten();
	test_kohorte();
	return unit_done();
}
