/*
 * abschluss.c — the catalogue of NRW school-leaving qualifications and its parser.
 *
 * One static table holds every fact about an entry (code, IT.NRW key, rank, long name); the
 * parser accepts the current codes, the pre-2022 codes and a few aliases that appear in school
 * software exports.  Everything is ASCII case-insensitive and independent of the server locale.
 */
#include "types/core/abschluss.h"

#include <string.h>

typedef struct abschluss_entry
{
	const char *code;			/* current short code, also the output form */
	const char *code_bis_2021;	/* pre-2022 code, or NULL when unchanged */
	char		itnrw;			/* IT.NRW statistics key */
	int			rang;			/* level for comparisons; -1 = not comparable */
	const char *bezeichnung;	/* German long name */
} abschluss_entry;

/* Index i holds idStatistik i + 1.  Append only: the position is the on-disk code.  The long names
 * follow the texts of the SVWS catalogue (SchulabschlussAllgemeinbildend.json, current version). */
static const abschluss_entry catalogue[KAOA_ABSCHLUSS_MAX] = {
	{"OA", NULL, 'A', 0, "ohne Abschluss"},
	{"ESAA", "HA9A", 'B', 1, "Erster Schulabschluss ohne Berechtigung zum Besuch der Klasse 10 Typ B"},
	{"ESA", "HA9", 'C', 1, "Erster Schulabschluss mit Berechtigung zum Besuch der Klasse 10 Typ B"},
	{"ESA_FOE", "HA9_FOE", 'S', 1, "Erster Schulabschluss (internationale Förderklasse am Berufskolleg, ggf. mit Berechtigung zu einem weiterführenden Bildungsgang)"},
	{"ESA_Q", "HA9_Q", 'O', 1, "Erster Schulabschluss mit Berechtigung zum Besuch der gymnasialen Oberstufe"},
	{"EESA", "HA10", 'D', 2, "Erweiterter Erster Schulabschluss"},
	{"EESA_Q", "HA10_Q", 'U', 2, "Erweiterter Erster Schulabschluss mit Berechtigung zum Besuch der gymnasialen Oberstufe"},
	{"MSA", NULL, 'F', 3, "Mittlerer Schulabschluss (Fachoberschulreife)"},
	{"MSA_Q", NULL, 'G', 4, "Mittlerer Schulabschluss mit Berechtigung zum Besuch der gymnasialen Oberstufe"},
	{"MSA_Q1", NULL, 'I', 4, "Mittlerer Schulabschluss mit Berechtigung zum Eintritt in die Qualifikationsphase der gymnasialen Oberstufe"},
	{"VS_11", NULL, 'P', 4, "Versetzung in die Klasse 11 der Fachoberschule (Berufskolleg)"},
	{"FHR_S", NULL, 'H', 5, "Fachhochschulreife (nur schulischer Teil)"},
	{"FHR", NULL, 'J', 5, "Fachhochschulreife"},
	{"FGHR", NULL, 'Q', 6, "Fachgebundene Hochschulreife (Berufskolleg)"},
	{"ABITUR", NULL, 'K', 7, "Allgemeine Hochschulreife"},
	{"FOEG", NULL, 'M', -1, "Abschluss im Förderschwerpunkt geistige Entwicklung"},
	{"FOEL", NULL, 'V', -1, "Abschluss im Förderschwerpunkt Lernen"},
	{"WALD", NULL, 'W', -1, "Abschluss der Waldorfschule"},
};

/* Further spellings seen in exports, mapped to idStatistik. */
typedef struct abschluss_alias
{
	const char *alias;
	int			code;
} abschluss_alias;

static const abschluss_alias aliases[] = {
	{"HSA", 3},					/* Hauptschulabschluss nach Klasse 9 -> ESA */
	{"FOR", 8},					/* Fachoberschulreife -> MSA */
	{"FOR-Q", 9},
	{"FORQ", 9},
	{"FOR_Q", 9},
	{"FHR-S", 12},
	{"AHR", 15},
	{"ABI", 15},
};

/* The longest accepted spelling is 7 bytes ("ESA_FOE", "HA9_FOE"); anything longer is unknown. */
#define ABSCHLUSS_MAXLEN 7

bool
kaoa_abschluss_valid(int code)
{
	return code >= KAOA_ABSCHLUSS_MIN && code <= KAOA_ABSCHLUSS_MAX;
}

/* Looks up an upper-cased token among codes, pre-2022 codes and aliases; 0 when unknown. */
static int
lookup_upper(const char *tok)
{
	size_t		i;

	for (i = 0; i < KAOA_ABSCHLUSS_MAX; i++)
	{
		if (strcmp(tok, catalogue[i].code) == 0)
			return (int) i + 1;
		if (catalogue[i].code_bis_2021 && strcmp(tok, catalogue[i].code_bis_2021) == 0)
			return (int) i + 1;
	}
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(tok, aliases[i].alias) == 0)
			return aliases[i].code;
	return 0;
}

bool
kaoa_abschluss_parse(const char *s, size_t len, int16_t *out, kaoa_parse_error *err)
{
	char		tok[ABSCHLUSS_MAXLEN + 1];
	char		shown[64];
	size_t		i;
	int			code;

	kaoa_trim(&s, &len);
	if (len == 0)
		return kaoa_fail(err, "The value is empty.");
	kaoa_excerpt(shown, sizeof(shown), s, len, 40);
	if (len > ABSCHLUSS_MAXLEN)
		return kaoa_fail(err, "\"%s\" is not a known qualification code.", shown);
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '\0')
			return kaoa_fail(err, "The value contains a NUL byte.");
		tok[i] = (char) kaoa_ascii_upper(c);
	}
	tok[len] = '\0';
	code = lookup_upper(tok);
	if (code == 0)
		return kaoa_fail(err, "\"%s\" is not a known qualification code.", shown);
	*out = (int16_t) code;
	return true;
}

bool
kaoa_abschluss_parse_itnrw(const char *s, size_t len, int16_t *out, kaoa_parse_error *err)
{
	char		shown[64];
	unsigned char key;
	size_t		i;

	kaoa_trim(&s, &len);
	if (len == 0)
		return kaoa_fail(err, "The statistics key is empty.");
	kaoa_excerpt(shown, sizeof(shown), s, len, 40);
	if (len != 1)
		return kaoa_fail(err, "A statistics key is exactly one letter; found \"%s\".", shown);
	key = kaoa_ascii_upper((unsigned char) s[0]);
	for (i = 0; i < KAOA_ABSCHLUSS_MAX; i++)
		if ((unsigned char) catalogue[i].itnrw == key)
		{
			*out = (int16_t) (i + 1);
			return true;
		}
	return kaoa_fail(err, "\"%s\" is not an IT.NRW statistics key of the catalogue.", shown);
}

const char *
kaoa_abschluss_code(int code)
{
	return kaoa_abschluss_valid(code) ? catalogue[code - 1].code : NULL;
}

const char *
kaoa_abschluss_bezeichnung(int code)
{
	return kaoa_abschluss_valid(code) ? catalogue[code - 1].bezeichnung : NULL;
}

char
kaoa_abschluss_itnrw_key(int code)
{
	return kaoa_abschluss_valid(code) ? catalogue[code - 1].itnrw : '\0';
}

int
kaoa_abschluss_rang(int code)
{
	return kaoa_abschluss_valid(code) ? catalogue[code - 1].rang : -1;
}

int
kaoa_abschluss_erfuellt(int hat, int mindestens)
{
	int			a = kaoa_abschluss_rang(hat);
	int			b = kaoa_abschluss_rang(mindestens);

	if (a < 0 || b < 0)
		return -1;
	return a >= b ? 1 : 0;
}
