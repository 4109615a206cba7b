/*
 * import.c — `kaoa import FILE [--rejects PATH]`: loads a JSON Lines file; every line lands or is
 * written to the reject file.
 *
 * Design.  Three steps, and every line is accounted for in exactly one of them:
 *  1. Read: each line is checked here with json-c (well-formed UTF-8 and JSON, one object, a known
 *     "typ", only the keys its type allows, a natural key, a date or a JSON array where the field
 *     takes one) and either copied with COPY into the session's staging table pg_temp.kaoa_import
 *     or rejected on the spot.  Blank lines are skipped and counted.  The client remembers, per
 *     type, the line numbers it staged.  It knows no record type or field by name: the types,
 *     their keys and what each field's value is come from the server's description of the format
 *     (kaoa.import_format, kaoa.import_felder; extension/940_import_format.sql).
 *  2. Apply: per type in dependency order (kaoa.import_format), ranges of --batch-size lines are
 *     handed to kaoa.import_anwenden, each call its own transaction (autocommit).  The server applies
 *     a range set-based and, on an error, halves it down to single lines, each under a savepoint; it
 *     returns the counts and the rejected lines with SQLSTATE and message.
 *  3. Report: the reject file is sorted by line number; a summary goes to standard error.
 * On a terminal, standard error shows a progress line meanwhile (src/client/fortschritt.c).
 * Records whose key exists with the same content change nothing, so running the same file again is
 * a no-op, and a run killed at any point is completed by running it again (committed ranges are
 * no-ops the second time).  Imports into one database take kaoa.import_sperren's lock (the
 * system's loaders one lock, an organisation its own), so a second one waits instead of racing the
 * first (or the orphaned backend of a killed one), and no other role can hold it to stall them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "client/kaoa.h"
#include "client/core/jsonl.h"

#define BATCH_STANDARD 5000
#define ZEILE_MAX (1024 * 1024)		/* longest line accepted, in bytes (a record is a few hundred) */
#define ZEILE_ANFANG 1024		/* what a reject of an overlong line keeps of it in "daten" */
#define IMPORT_SPERRE "7037065568264781153"	/* 0.1.0's advisory lock key (databases not yet updated) */

static const char hilfe[] = N_(
"kaoa import — load a JSON Lines file into kaoa; every line lands or goes to the reject file\n"
"\n"
"Usage:\n"
"  kaoa import FILE [--rejects PATH] [CONNECTION OPTIONS]\n"
"\n"
"Each line of FILE is one JSON object {\"typ\": \"…\", \"kommune\": \"…\", …} (docs/client.md,\n"
"\"The JSON Lines format\").  Lines are copied into a staging table and applied by type in\n"
"dependency order, a range at a time, each bad line under its own savepoint, so one bad line\n"
"never stops the rest.\n"
"A line whose record exists with the same content changes nothing; with other content it\n"
"updates the row, subject to every rule; a record the role may not write (row-level\n"
"security) is refused with 42501, whether it exists or not.  Re-importing the same file\n"
"changes nothing; an interrupted import is completed by running it again.  Every refused line\n"
"is written to the reject file, in line order, as\n"
"  {\"zeile\": n, \"sqlstate\": \"…\", \"fehler\": \"…\", \"daten\": \"<the original line>\"}\n"
"Lines are UTF-8 (a byte order mark at the start is skipped), end with \\n or \\r\\n and are at most\n"
"1 MiB long; dates are written YYYY-MM-DD.  FILE may be a pipe (/dev/stdin) when --rejects is given.\n"
"\n"
"Options:\n"
"  -r, --rejects=PATH         the reject file (default FILE.rejects.jsonl); rewritten by every\n"
"                             run, removed when no line was rejected\n"
"  -b, --batch-size=N         lines per transaction (default %d)\n"
"  -q, --quiet                no progress line and no summary (the progress line, with the\n"
"                             lines done, their rate and the time left, is shown only when\n"
"                             standard error is a terminal)\n"
"  -v, --verbose              also a summary per record type with the time it took\n"
"  -?, --help                 print this help and exit\n"
"\n"
"%s"
"\n"
"Exit status: 0 every line landed; 3 some lines were rejected; 1 fatal (missing file, no\n"
"server, extension missing, connection lost: run it again to complete it); 2 wrong usage.\n");

/* ------------------------------------------------------------------ state */

typedef struct typ_info
{
	char	   *typ;
	char	  **schluessel;		/* natural key fields */
	int			n_schluessel;
	char	  **felder;			/* the other allowed keys */
	int			n_felder;
	char	   *art_schluessel; /* per key part and field what its value is (kaoa.import_felder): */
	char	   *art_felder;		/* 'd' a date YYYY-MM-DD, 'l' a JSON array, 'w' any other value */
	long long  *zeilen;			/* staged line numbers, ascending */
	long		n_zeilen,
				cap_zeilen;
	long long	neu,			/* for --verbose */
				geaendert,
				abgelehnt;
	double		sekunden;
} typ_info;

typedef struct ablehnung
{
	long long	zeile;
	long		offset;			/* in the reject file */
	long		len;
} ablehnung;

typedef struct import_lauf
{
	const char *datei;
	const char *reject_pfad;
	FILE	   *rejects;
	kaoa_jsonl	w;
	ablehnung  *abl;
	long		n_abl,
				cap_abl;
	typ_info   *typen;
	int			n_typen;
	long long	zeilen,
				leer,
				gestaged,
				neu,
				geaendert,
				erledigt;
	kaoa_fortschritt fortschritt;
	bool		sperre_alt;		/* a 0.1.0 database: the old advisory lock */
	long long	dateigroesse;
	PGconn	   *conn;
} import_lauf;

/* The progress line (on a terminal only): the read step by the bytes read, the apply step by the
 * lines applied. */
static void
anzeigen(import_lauf *l, bool lesen, long long gelesen, bool sofort)
{
	/* TRANSLATORS: the progress line of kaoa import, e.g. "applying [#####.....]  55% 71500/130000
	 * lines, 24310/s, 0:02 left, 2 rejected": the step (8 characters wide), the unit, "left" after
	 * the time left, "rejected" after the lines rejected so far */
	kaoa_fortschritt_stand st = {
		.phase = lesen ? _("reading") : _("applying"),
		.einheit = _("lines"),
		.links = _("left"),
		.abgelehnt_text = _("rejected"),
		.erledigt = lesen ? l->zeilen : l->erledigt,
		.gesamt = lesen ? -1 : l->gestaged,
		.anteil = lesen && l->dateigroesse > 0 ? (double) gelesen / (double) l->dateigroesse : -1,
		.abgelehnt = l->n_abl,
		.balken = 10,
	};

	kaoa_fortschritt_zeigen(&l->fortschritt, &st, sofort);
}

/* Writes one reject line and remembers where it is (for the final sort). */
static void
ablehnen(import_lauf *l, long long zeile, const char *sqlstate, const char *fehler,
		 const char *daten, size_t daten_len)
{
	long		off = ftell(l->rejects);

	kaoa_jsonl_anfang(&l->w);
	kaoa_jsonl_int(&l->w, "zeile", zeile);
	kaoa_jsonl_text(&l->w, "sqlstate", sqlstate);
	kaoa_jsonl_text(&l->w, "fehler", fehler);
	kaoa_jsonl_text_n(&l->w, "daten", daten, daten_len);
	kaoa_jsonl_ende(&l->w);
	if (l->w.kaputt)
		kaoa_fatal("out of memory");
	if (fwrite(l->w.buf, 1, l->w.len, l->rejects) != l->w.len)
		kaoa_fatal("cannot write the reject file %s: %s", l->reject_pfad, strerror(errno));
	if (l->n_abl == l->cap_abl)
	{
		l->cap_abl = l->cap_abl ? l->cap_abl * 2 : 256;
		l->abl = realloc(l->abl, sizeof(ablehnung) * (size_t) l->cap_abl);
		if (!l->abl)
			kaoa_fatal("out of memory");
	}
	l->abl[l->n_abl].zeile = zeile;
	l->abl[l->n_abl].offset = off;
	l->abl[l->n_abl].len = (long) l->w.len;
	l->n_abl++;
}

/* ------------------------------------------------------------------ the format */

static typ_info *typ_finden(import_lauf *l, const char *typ);

/* Parses a text[] literal of simple identifiers ("{a,b_c}"). */
static char **
textarray(const char *s, int *n)
{
	char	  **out = NULL;
	const char *p = s;

	*n = 0;
	if (*p == '{')
		p++;
	while (*p && *p != '}')
	{
		size_t		len = strcspn(p, ",}");

		out = realloc(out, sizeof(char *) * (size_t) (*n + 1));
		if (!out || !(out[*n] = strndup(p, len)))
			kaoa_fatal("out of memory");
		(*n)++;
		p += len;
		if (*p == ',')
			p++;
	}
	return out;
}

/*
 * What each field's value is, from the server's description (kaoa.import_felder: a date, a JSON
 * array, or any other value).  A database whose extension is still 0.1.0 has no such function;
 * there the same follows from the type of the column of the same name (which 0.1.0's fields all
 * have where it matters).
 */
static const char sql_arten[] =
"SELECT f.typ, f.feld, f.art FROM kaoa.import_felder() f";
static const char sql_arten_010[] =
"SELECT f.typ, k.feld, CASE WHEN ty.typcategory = 'A' THEN 'liste' WHEN a.atttypid = 'date'::pg_catalog.regtype"
"                           THEN 'datum' ELSE 'wert' END"
"  FROM kaoa.import_format() f CROSS JOIN LATERAL pg_catalog.unnest(f.schluessel || f.felder) AS k(feld)"
"  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = pg_catalog.to_regclass(f.tabelle) AND a.attname = k.feld"
"                                     AND NOT a.attisdropped AND a.attnum > 0"
"  LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid";

static void
arten_laden(import_lauf *l)
{
	PGresult   *r = PQexec(l->conn, "SELECT pg_catalog.to_regprocedure('kaoa.import_felder()') IS NOT NULL");
	bool		neu;
	int			i;

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, l->conn));
	neu = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	r = PQexec(l->conn, neu ? sql_arten : sql_arten_010);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, l->conn));
	for (i = 0; i < PQntuples(r); i++)
	{
		typ_info   *t = typ_finden(l, PQgetvalue(r, i, 0));
		const char *feld = PQgetvalue(r, i, 1),
				   *art = PQgetvalue(r, i, 2);
		char		a = strcmp(art, "datum") == 0 ? 'd' : strcmp(art, "liste") == 0 ? 'l' : 'w';
		int			k;

		if (t == NULL)
			continue;
		for (k = 0; k < t->n_schluessel; k++)
			if (strcmp(t->schluessel[k], feld) == 0)
				t->art_schluessel[k] = a;
		for (k = 0; k < t->n_felder; k++)
			if (strcmp(t->felder[k], feld) == 0)
				t->art_felder[k] = a;
	}
	PQclear(r);
}

/* Reads the record types and their keys from the server (kaoa.import_format), then what each
 * field's value is (arten_laden). */
static void
format_laden(import_lauf *l)
{
	PGresult   *r = PQexec(l->conn, "SELECT typ, schluessel, felder FROM kaoa.import_format() ORDER BY rang");
	int			i;

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
	{
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (st && strcmp(st, "42883") == 0)
			kaoa_fatal("the kaoa extension in database \"%s\" has no import functions (kaoa.import_format); update it with ALTER EXTENSION kaoa UPDATE",
					   PQdb(l->conn));
		kaoa_fatal("%s", kaoa_fehlertext(r, l->conn));
	}
	l->n_typen = PQntuples(r);
	l->typen = calloc((size_t) l->n_typen, sizeof(typ_info));
	if (!l->typen)
		kaoa_fatal("out of memory");
	for (i = 0; i < l->n_typen; i++)
	{
		l->typen[i].typ = strdup(PQgetvalue(r, i, 0));
		l->typen[i].schluessel = textarray(PQgetvalue(r, i, 1), &l->typen[i].n_schluessel);
		l->typen[i].felder = textarray(PQgetvalue(r, i, 2), &l->typen[i].n_felder);
		l->typen[i].art_schluessel = malloc((size_t) l->typen[i].n_schluessel + 1);
		l->typen[i].art_felder = malloc((size_t) l->typen[i].n_felder + 1);
		if (!l->typen[i].art_schluessel || !l->typen[i].art_felder)
			kaoa_fatal("out of memory");
		memset(l->typen[i].art_schluessel, 'w', (size_t) l->typen[i].n_schluessel);
		memset(l->typen[i].art_felder, 'w', (size_t) l->typen[i].n_felder);
	}
	PQclear(r);
	arten_laden(l);
}

static typ_info *
typ_finden(import_lauf *l, const char *typ)
{
	int			i;

	for (i = 0; i < l->n_typen; i++)
		if (strcmp(l->typen[i].typ, typ) == 0)
			return &l->typen[i];
	return NULL;
}

static bool
erlaubt(const typ_info *t, const char *key)
{
	int			i;

	if (strcmp(key, "typ") == 0)
		return true;
	for (i = 0; i < t->n_schluessel; i++)
		if (strcmp(t->schluessel[i], key) == 0)
			return true;
	for (i = 0; i < t->n_felder; i++)
		if (strcmp(t->felder[i], key) == 0)
			return true;
	return false;
}

/* True when key is part of the type's natural key (checked with its own message below). */
static bool
schluesselteil(const typ_info *t, const char *key)
{
	int			i;

	for (i = 0; i < t->n_schluessel; i++)
		if (strcmp(t->schluessel[i], key) == 0)
			return true;
	return false;
}

/* What the value of key is in type t: 'd' a date, 'l' a JSON array, 'w' any other ('w' for a key
 * the type does not know; those are refused before). */
static char
feld_art(const typ_info *t, const char *key)
{
	int			i;

	for (i = 0; i < t->n_schluessel; i++)
		if (strcmp(t->schluessel[i], key) == 0)
			return t->art_schluessel[i];
	for (i = 0; i < t->n_felder; i++)
		if (strcmp(t->felder[i], key) == 0)
			return t->art_felder[i];
	return 'w';
}

/* The fields of type t whose value is a JSON array (kaoa.import_felder), comma-separated into buf,
 * or "none" — for the hint of a line that gives an array elsewhere. */
static const char *
listenfelder(const typ_info *t, char *buf, size_t size)
{
	size_t		n = 0;
	int			i;

	buf[0] = '\0';
	for (i = 0; i < t->n_schluessel + t->n_felder; i++)
	{
		bool		s = i < t->n_schluessel;
		const char *f = s ? t->schluessel[i] : t->felder[i - t->n_schluessel];

		if ((s ? t->art_schluessel[i] : t->art_felder[i - t->n_schluessel]) != 'l')
			continue;
		if (n > 0 && n + 2 < size)
			n += (size_t) snprintf(buf + n, size - n, ", ");
		if (n < size)
			n += (size_t) snprintf(buf + n, size - n, "%s", f);
	}
	return n > 0 ? buf : _("none");
}

/* True when s has the form YYYY-MM-DD: the only one the server reads the same under every DateStyle
 * (01.02.2009 is 1 February under DMY and 2 January under MDY).  The server checks the calendar. */
static bool
iso_datum(const char *s)
{
	int			i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return s[10] == '\0';
}

/* ------------------------------------------------------------------ reading and staging */

typedef struct copy_puffer
{
	char	   *buf;
	size_t		len,
				cap;
} copy_puffer;

static void
cp_roh(copy_puffer *c, const char *s, size_t n)
{
	if (c->len + n > c->cap)
	{
		c->cap = (c->len + n) * 2 + 65536;
		c->buf = realloc(c->buf, c->cap);
		if (!c->buf)
			kaoa_fatal("out of memory");
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
}

/* Appends a field in COPY text format (backslash, tab, newline and CR escaped). */
static void
cp_feld(copy_puffer *c, const char *s, size_t n)
{
	size_t		i,
				start = 0;

	for (i = 0; i < n; i++)
	{
		const char *esc = NULL;

		switch (s[i])
		{
			case '\\':
				esc = "\\\\";
				break;
			case '\t':
				esc = "\\t";
				break;
			case '\n':
				esc = "\\n";
				break;
			case '\r':
				esc = "\\r";
				break;
		}
		if (esc)
		{
			cp_roh(c, s + start, i - start);
			cp_roh(c, esc, 2);
			start = i + 1;
		}
	}
	cp_roh(c, s + start, n - start);
}

static void
cp_senden(import_lauf *l, copy_puffer *c)
{
	if (c->len > 0 && PQputCopyData(l->conn, c->buf, (int) c->len) != 1)
		kaoa_fatal("COPY into the staging table failed: %s", PQerrorMessage(l->conn));
	c->len = 0;
}

/*
 * json-c's descriptions of a parse error (json_tokener_error_desc), listed here only so that
 * xgettext puts them into the client's catalogue: a reject says "invalid JSON: unexpected
 * character at byte 12" in the user's language.  A text of another json-c version that is not in
 * the list stays English.
 */
static const char *const json_fehler_texte[] __attribute__((unused)) = {
	N_("nesting too deep"), N_("unexpected end of data"), N_("unexpected character"),
	N_("null expected"), N_("boolean expected"), N_("number expected"),
	N_("array value separator ',' expected"), N_("quoted object property name expected"),
	N_("object property name separator ':' expected"), N_("object value separator ',' expected"),
	N_("invalid string sequence"), N_("expected comment"), N_("invalid utf-8 string"),
	N_("buffer size overflow"),
};

/*
 * Checks one line; on success appends it to the COPY buffer and remembers its number under its
 * type, else writes a reject.  line is NUL-terminated, len without the terminator.  The reject's
 * text is in the user's language (LANG, the client's catalogue), like the server's refusals in
 * the session's; "HINT:  " stays as it is in every language, the reject file's label for the hint
 * as in the server's rejects (extension/950_import.sql).
 */
static void
zeile_pruefen(import_lauf *l, long long nr, char *line, size_t len, json_tokener *tok, copy_puffer *c,
			  bool mit_j)
{
	json_object *o,
			   *v;
	enum json_tokener_error jerr;
	typ_info   *t;
	const char *typ;
	char		msg[1024],
				num[32];
	size_t		end = len,
				i;
	char	   *key_text = NULL;
	size_t		key_len = 0;
	struct json_object_iterator it,
				ie;

	/* well-formed UTF-8 first: json-c and COPY must never see anything else */
	for (i = 0; i < len;)
	{
		int			n = line[i] == '\0' ? 0 : kaoa_utf8_laenge((const unsigned char *) line + i, len - i);

		if (n == 0)
		{
			if (line[i] == '\0')
				snprintf(msg, sizeof(msg), _("the line contains a NUL byte at byte %zu"), i + 1);
			else
				snprintf(msg, sizeof(msg), _("invalid byte sequence for encoding \"UTF8\": 0x%02x at byte %zu"),
						 (unsigned char) line[i], i + 1);
			ablehnen(l, nr, "22021", msg, line, len);
			return;
		}
		i += (size_t) n;
	}

	/* JSON (strict: no comments, single quotes or trailing commas), then nothing but spaces */
	while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t'))
		end--;
	json_tokener_reset(tok);
	{
		char		saved = line[end];

		line[end] = '\0';
		o = json_tokener_parse_ex(tok, line, (int) end + 1);
		jerr = json_tokener_get_error(tok);
		line[end] = saved;
	}
	if (o == NULL && jerr == json_tokener_success)
	{
		ablehnen(l, nr, "22023", _("a line must be one JSON object {\"typ\": …}, not a JSON null"), line, len);
		return;
	}
	if (o == NULL || jerr != json_tokener_success)
	{
		const char *cr = memchr(line, '\r', len);

		snprintf(msg, sizeof(msg), _("invalid JSON: %s at byte %zu"),
				 _(json_tokener_error_desc(jerr == json_tokener_success ? json_tokener_error_parse_eof : jerr)),
				 json_tokener_get_parse_end(tok) + 1);
		if (cr)
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
					 _("\nHINT:  The line holds a carriage return (\\r) at byte %zu: lines end with \\n or \\r\\n, not \\r alone."),
					 (size_t) (cr - line) + 1);
		ablehnen(l, nr, "22P02", msg, line, len);
		json_object_put(o);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
	{
		snprintf(msg, sizeof(msg), _("a line must be one JSON object {\"typ\": …}, not a JSON %s"),
				 json_type_to_name(json_object_get_type(o)));
		ablehnen(l, nr, "22023", msg, line, len);
		json_object_put(o);
		return;
	}
	if (!json_object_object_get_ex(o, "typ", &v) || json_object_is_type(v, json_type_null))
	{
		ablehnen(l, nr, "23502", _("the object has no \"typ\"\nHINT:  Every line names its record type, e.g. {\"typ\": \"person\", …}."),
				 line, len);
		json_object_put(o);
		return;
	}
	if (!json_object_is_type(v, json_type_string))
	{
		ablehnen(l, nr, "22023", _("\"typ\" must be a string"), line, len);
		json_object_put(o);
		return;
	}
	typ = json_object_get_string(v);
	t = typ_finden(l, typ);
	if (t == NULL)
	{
		char		liste[768];
		size_t		n = 0;
		int			k;

		liste[0] = '\0';
		for (k = 0; k < l->n_typen && n < sizeof(liste); k++)
			n += (size_t) snprintf(liste + n, sizeof(liste) - n, "%s%s", k ? ", " : "", l->typen[k].typ);
		snprintf(msg, sizeof(msg), _("unknown typ \"%.100s\"\nHINT:  Known types: %s."), typ, liste);
		ablehnen(l, nr, "22023", msg, line, len);
		json_object_put(o);
		return;
	}

	/* only the keys of the type (a typo must not be dropped silently) */
	it = json_object_iter_begin(o);
	ie = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &ie); json_object_iter_next(&it))
	{
		const char *k = json_object_iter_peek_name(&it);

		if (!erlaubt(t, k))
		{
			char		liste[768];
			size_t		n = 0;
			int			f;

			n += (size_t) snprintf(liste + n, sizeof(liste) - n, "typ");
			for (f = 0; f < t->n_schluessel && n < sizeof(liste); f++)
				n += (size_t) snprintf(liste + n, sizeof(liste) - n, ", %s", t->schluessel[f]);
			for (f = 0; f < t->n_felder && n < sizeof(liste); f++)
				n += (size_t) snprintf(liste + n, sizeof(liste) - n, ", %s", t->felder[f]);
			snprintf(msg, sizeof(msg), _("unknown key \"%.100s\" for typ %s\nHINT:  Allowed: %s."), k, t->typ, liste);
			ablehnen(l, nr, "22023", msg, line, len);
			json_object_put(o);
			return;
		}
	}

	/* a value is a string, number, boolean or null; only a list (a field whose column is an array,
	 * kaoa.import_felder) is a JSON array, of strings or numbers; a date is written YYYY-MM-DD */
	it = json_object_iter_begin(o);
	for (; !json_object_iter_equal(&it, &ie); json_object_iter_next(&it))
	{
		const char *k = json_object_iter_peek_name(&it);
		json_object *wert = json_object_iter_peek_value(&it);
		json_type	art = json_object_get_type(wert);
		char		feld = feld_art(t, k);

		if (art == json_type_string && feld == 'd' && !iso_datum(json_object_get_string(wert)))
		{
			snprintf(msg, sizeof(msg), _("\"%.100s\" of typ %s must be a date written YYYY-MM-DD, not \"%.100s\"\n"
										 "HINT:  Dates are ISO 8601, e.g. \"2026-08-01\"; forms like 01.08.2026 or 08/01/2026 are read differently by different servers."),
					 k, t->typ, json_object_get_string(wert));
			ablehnen(l, nr, "22007", msg, line, len);
			json_object_put(o);
			return;
		}
		if ((art == json_type_object || (art == json_type_array && feld != 'l')) && !schluesselteil(t, k))
		{
			char		listen[256];

			snprintf(msg, sizeof(msg), _("\"%.100s\" of typ %s must be a string, number, boolean or null, not a JSON %s\n"
										 "HINT:  The fields of typ %s that take a JSON array: %s; kaoa types, ranges and dates are written in their text form (docs/client.md, \"The JSON Lines format\")."),
					 k, t->typ, json_type_to_name(art), t->typ, listenfelder(t, listen, sizeof(listen)));
			ablehnen(l, nr, "22023", msg, line, len);
			json_object_put(o);
			return;
		}
		if (feld == 'l' && art != json_type_array && art != json_type_null)
		{
			snprintf(msg, sizeof(msg), _("\"%.100s\" of typ %s must be a JSON array, not a JSON %s\n"
										 "HINT:  A list is written as an array of strings, e.g. \"%.100s\": [\"a\", \"b\"]; null leaves it empty (NULL)."),
					 k, t->typ, json_type_to_name(art), k);
			ablehnen(l, nr, "22023", msg, line, len);
			json_object_put(o);
			return;
		}
		if (feld == 'l' && art == json_type_array)
		{
			size_t		e;

			for (e = 0; e < json_object_array_length(wert); e++)
			{
				json_type	ea = json_object_get_type(json_object_array_get_idx(wert, e));

				if (ea != json_type_string && ea != json_type_int && ea != json_type_double)
				{
					snprintf(msg, sizeof(msg), _("\"%.100s\" of typ %s must be a JSON array of strings, but element %zu is a JSON %s\n"
												 "HINT:  A list is written as an array of strings, e.g. \"%.100s\": [\"a\", \"b\"]."),
							 k, t->typ, e + 1, json_type_to_name(ea), k);
					ablehnen(l, nr, "22023", msg, line, len);
					json_object_put(o);
					return;
				}
			}
		}
	}

	/* a key twice: the parser kept the last value; which one was meant is not clear */
	{
		size_t		pos,
					nlen;

		if (kaoa_jsonl_doppelter_schluessel(line, end, &pos, &nlen))
		{
			snprintf(msg, sizeof(msg), _("the key \"%.*s\" occurs twice in the object\n"
					 "HINT:  Each key may appear once per line; give the value that is meant once."),
					 (int) (nlen > 100 ? 100 : nlen), line + pos);
			ablehnen(l, nr, "22030", msg, line, len);
			json_object_put(o);
			return;
		}
	}

	/* the natural key: every part a string or number; joined with \x1f for the staging table */
	{
		copy_puffer kb = {0};
		int			f;

		for (f = 0; f < t->n_schluessel; f++)
		{
			const char *teil;

			if (!json_object_object_get_ex(o, t->schluessel[f], &v) || json_object_is_type(v, json_type_null))
			{
				snprintf(msg, sizeof(msg), _("typ %s needs \"%s\" (part of its natural key)"), t->typ, t->schluessel[f]);
				ablehnen(l, nr, "23502", msg, line, len);
				json_object_put(o);
				free(kb.buf);
				return;
			}
			if (json_object_is_type(v, json_type_string))
				teil = json_object_get_string(v);
			else if (json_object_is_type(v, json_type_int))
			{
				snprintf(num, sizeof(num), "%lld", (long long) json_object_get_int64(v));
				teil = num;
			}
			else
			{
				snprintf(msg, sizeof(msg), _("\"%s\" must be a string or a number, not a JSON %s"),
						 t->schluessel[f], json_type_to_name(json_object_get_type(v)));
				ablehnen(l, nr, "22023", msg, line, len);
				json_object_put(o);
				free(kb.buf);
				return;
			}
			if (f > 0)
				cp_roh(&kb, "\x1f", 1);
			cp_roh(&kb, teil, strlen(teil));
		}
		key_text = kb.buf;
		key_len = kb.len;
	}

	/* staged: zeile, typ, schluessel, daten */
	snprintf(num, sizeof(num), "%lld\t", nr);
	cp_roh(c, num, strlen(num));
	cp_feld(c, t->typ, strlen(t->typ));
	cp_roh(c, "\t", 1);
	cp_feld(c, key_text ? key_text : "", key_len);
	cp_roh(c, "\t", 1);
	cp_feld(c, line, len);
	cp_roh(c, "\t", 1);
	if (mit_j)
		cp_feld(c, line, len);
	else
		cp_roh(c, "\\N", 2);
	cp_roh(c, "\n", 1);
	free(key_text);
	json_object_put(o);

	if (t->n_zeilen == t->cap_zeilen)
	{
		t->cap_zeilen = t->cap_zeilen ? t->cap_zeilen * 2 : 1024;
		t->zeilen = realloc(t->zeilen, sizeof(long long) * (size_t) t->cap_zeilen);
		if (!t->zeilen)
			kaoa_fatal("out of memory");
	}
	t->zeilen[t->n_zeilen++] = nr;
	l->gestaged++;
}

/*
 * Reads one line into *buf (grown as needed, NUL-terminated, without its '\n'), keeping at most
 * ZEILE_MAX + 1 bytes of it: a longer line (a file that is not JSON Lines, or a runaway value) is
 * read to its end but costs no more memory.  Sets *voll to the line's whole length; returns the
 * bytes consumed from the file including the '\n', or -1 at the end of the file.
 */
static long long
zeile_lesen(FILE *f, char **buf, size_t *cap, size_t *behalten, long long *voll)
{
	long long	n = 0;
	size_t		k = 0;
	int			ch;

	if (*cap < 4096)
	{
		*cap = 4096;
		*buf = realloc(*buf, *cap);
		if (!*buf)
			kaoa_fatal("out of memory");
	}
	while ((ch = getc_unlocked(f)) != EOF)
	{
		n++;
		if (ch == '\n')
			break;
		if (k <= ZEILE_MAX)
		{
			if (k + 1 >= *cap)
			{
				*cap *= 2;
				*buf = realloc(*buf, *cap);
				if (!*buf)
					kaoa_fatal("out of memory");
			}
			(*buf)[k++] = (char) ch;
		}
	}
	if (n == 0)
		return -1;
	(*buf)[k] = '\0';
	*behalten = k;
	*voll = n - (ch == '\n' ? 1 : 0);
	return n;
}

/* Reads the file into the staging table.  With mit_j, COPY also parses each line as jsonb; when
 * the server refuses a line there that json-c accepted, returns false (nothing is staged then) and
 * the caller reads again without it. */
static bool
einlesen(import_lauf *l, FILE *f, bool mit_j)
{
	PGresult   *r;
	char	   *line = NULL;
	size_t		cap = 0,
				behalten = 0;
	long long	n,
				voll = 0,
				gelesen = 0;
	json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	copy_puffer c = {0};

	if (!tok)
		kaoa_fatal("out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);

	r = PQexec(l->conn, "COPY pg_temp.kaoa_import (zeile, typ, schluessel, daten, j) FROM STDIN");
	if (PQresultStatus(r) != PGRES_COPY_IN)
		kaoa_fatal("cannot start COPY into the staging table: %s", kaoa_fehlertext(r, l->conn));
	PQclear(r);

	errno = 0;
	while ((n = zeile_lesen(f, &line, &cap, &behalten, &voll)) != -1)
	{
		size_t		len = behalten,
					i;
		char	   *anfang = line;

		gelesen += n;
		l->zeilen++;
		if (voll > ZEILE_MAX + 1 || (voll == ZEILE_MAX + 1 && line[ZEILE_MAX] != '\r'))
		{
			char		msg[1024];

			snprintf(msg, sizeof(msg),
					 _("the line is %lld bytes long; kaoa import accepts lines of up to %d bytes\n"
					   "HINT:  A record is one JSON object on one line, a few hundred bytes long; lines end with \\n "
					   "(or \\r\\n). \"daten\" holds the line's first %d bytes."),
					 voll, ZEILE_MAX, ZEILE_ANFANG);
			ablehnen(l, l->zeilen, "54000", msg, line, ZEILE_ANFANG);
			continue;
		}
		if (len > 0 && line[len - 1] == '\r')
			len--;				/* CRLF files */
		line[len] = '\0';
		if (l->zeilen == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
		{
			anfang += 3;		/* a UTF-8 byte order mark (Windows editors, Excel) is no part of the record */
			len -= 3;
		}
		for (i = 0; i < len && (anfang[i] == ' ' || anfang[i] == '\t'); i++)
			;
		if (i == len)
		{
			l->leer++;			/* a blank line holds no record */
			continue;
		}
		zeile_pruefen(l, l->zeilen, anfang, len, tok, &c, mit_j);
		if (c.len >= 1 << 18)
			cp_senden(l, &c);
		if ((l->zeilen & 1023) == 0)
			anzeigen(l, true, gelesen, false);
	}
	if (ferror(f))
		kaoa_fatal("cannot read %s: %s", l->datei, strerror(errno));
	cp_senden(l, &c);
	if (PQputCopyEnd(l->conn, NULL) != 1)
		kaoa_fatal("COPY into the staging table failed: %s", PQerrorMessage(l->conn));
	r = PQgetResult(l->conn);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
	{
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (mit_j && st && strncmp(st, "22", 2) == 0)
		{
			PQclear(r);
			while ((r = PQgetResult(l->conn)) != NULL)
				PQclear(r);
			free(line);
			free(c.buf);
			json_tokener_free(tok);
			return false;
		}
		kaoa_fatal("COPY into the staging table failed: %s", kaoa_fehlertext(r, l->conn));
	}
	PQclear(r);
	while ((r = PQgetResult(l->conn)) != NULL)
		PQclear(r);
	r = PQexec(l->conn, "ANALYZE pg_temp.kaoa_import");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, l->conn));
	PQclear(r);
	free(line);
	free(c.buf);
	json_tokener_free(tok);
	return true;
}

/* Starts the read over: nothing staged, no line counted, the reject file empty. */
static void
neu_anfangen(import_lauf *l, FILE *f)
{
	int			i;

	for (i = 0; i < l->n_typen; i++)
		l->typen[i].n_zeilen = 0;
	l->zeilen = l->leer = l->gestaged = 0;
	l->n_abl = 0;
	if (fflush(l->rejects) != 0 || ftruncate(fileno(l->rejects), 0) != 0 || fseek(l->rejects, 0, SEEK_SET) != 0)
		kaoa_fatal("cannot rewrite the reject file %s: %s", l->reject_pfad, strerror(errno));
	if (fseek(f, 0, SEEK_SET) != 0)
		kaoa_fatal("%s holds a line only the server can judge (a \\u0000 escape or a lone surrogate), so it "
				   "must be read twice, and it cannot be read again (%s): save it to a file and import that; "
				   "nothing was imported", l->datei, strerror(errno));
	clearerr(f);
}

/* Writes the rejects of a JSON array of {zeile, sqlstate, fehler, daten} from the server. */
static void
server_ablehnungen(import_lauf *l, const char *text)
{
	json_object *arr = json_tokener_parse(text);
	size_t		k;

	if (!arr || !json_object_is_type(arr, json_type_array))
		kaoa_fatal("unexpected answer from the server: %.200s", text);
	for (k = 0; k < json_object_array_length(arr); k++)
	{
		json_object *e = json_object_array_get_idx(arr, k),
				   *zv,
				   *sv,
				   *fv,
				   *dv;

		if (!json_object_object_get_ex(e, "zeile", &zv) || !json_object_object_get_ex(e, "sqlstate", &sv) ||
			!json_object_object_get_ex(e, "fehler", &fv) || !json_object_object_get_ex(e, "daten", &dv))
			kaoa_fatal("unexpected answer from the server: %.200s", text);
		ablehnen(l, json_object_get_int64(zv), json_object_get_string(sv), json_object_get_string(fv),
				 json_object_get_string(dv), (size_t) json_object_get_string_len(dv));
	}
	json_object_put(arr);
}

/* ------------------------------------------------------------------ applying */

static void
anwenden(import_lauf *l, long batch)
{
	int			ti;
	const char *sql = "SELECT neu, geaendert, abgelehnt FROM kaoa.import_anwenden($1, $2, $3)";

	for (ti = 0; ti < l->n_typen; ti++)
	{
		typ_info   *t = &l->typen[ti];
		long		i;

		for (i = 0; i < t->n_zeilen; i += batch)
		{
			long		j = i + batch - 1 < t->n_zeilen ? i + batch - 1 : t->n_zeilen - 1;
			char		von[32],
						bis[32];
			const char *params[3] = {t->typ, von, bis};
			PGresult   *r;

			snprintf(von, sizeof(von), "%lld", t->zeilen[i]);
			snprintf(bis, sizeof(bis), "%lld", t->zeilen[j]);
			double		t0 = kaoa_jetzt();
			long		abl_vorher = l->n_abl;

			r = PQexecParams(l->conn, sql, 3, NULL, params, NULL, NULL, 0);
			if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
			{
				if (PQstatus(l->conn) != CONNECTION_OK)
					kaoa_fatal("the connection was lost at line %s (%s); what was applied before is kept: run the import again to complete it",
							   von, kaoa_fehlertext(r, l->conn));
				kaoa_fatal("applying lines %s-%s (typ %s) failed: %s; what was applied before is kept: run the import again to complete it",
						   von, bis, t->typ, kaoa_fehlertext(r, l->conn));
			}
			l->neu += atoll(PQgetvalue(r, 0, 0));
			l->geaendert += atoll(PQgetvalue(r, 0, 1));
			t->neu += atoll(PQgetvalue(r, 0, 0));
			t->geaendert += atoll(PQgetvalue(r, 0, 1));
			server_ablehnungen(l, PQgetvalue(r, 0, 2));
			t->abgelehnt += l->n_abl - abl_vorher;
			t->sekunden += kaoa_jetzt() - t0;
			PQclear(r);
			l->erledigt += j - i + 1;
			anzeigen(l, false, 0, false);
		}
	}
}

/* ------------------------------------------------------------------ the reject file */

static int
abl_vergleich(const void *a, const void *b)
{
	const ablehnung *x = a,
			   *y = b;

	return x->zeile < y->zeile ? -1 : x->zeile > y->zeile ? 1 : 0;
}

/* Rewrites the reject file in line order (rejects of the read step and of the apply step
 * interleave), through a temporary file and rename, or removes it when nothing was rejected. */
static void
rejects_abschliessen(import_lauf *l)
{
	long		i;
	bool		sortiert = true;
	char	   *inhalt,
			   *tmp;
	size_t		groesse;
	FILE	   *neu;

	if (fclose(l->rejects) != 0)
		kaoa_fatal("cannot write the reject file %s: %s", l->reject_pfad, strerror(errno));
	l->rejects = NULL;
	if (l->n_abl == 0)
	{
		if (unlink(l->reject_pfad) != 0 && errno != ENOENT)
			kaoa_fatal("cannot remove the empty reject file %s: %s", l->reject_pfad, strerror(errno));
		return;
	}
	for (i = 1; i < l->n_abl; i++)
		if (l->abl[i].zeile < l->abl[i - 1].zeile)
			sortiert = false;
	if (sortiert)
		return;

	{
		FILE	   *alt = fopen(l->reject_pfad, "rb");
		struct stat st;

		if (!alt || fstat(fileno(alt), &st) != 0)
			kaoa_fatal("cannot read back the reject file %s: %s", l->reject_pfad, strerror(errno));
		groesse = (size_t) st.st_size;
		inhalt = malloc(groesse + 1);
		if (!inhalt || fread(inhalt, 1, groesse, alt) != groesse)
			kaoa_fatal("cannot read back the reject file %s", l->reject_pfad);
		fclose(alt);
	}
	qsort(l->abl, (size_t) l->n_abl, sizeof(ablehnung), abl_vergleich);
	tmp = malloc(strlen(l->reject_pfad) + 8);
	if (!tmp)
		kaoa_fatal("out of memory");
	sprintf(tmp, "%s.tmp", l->reject_pfad);
	neu = fopen(tmp, "wb");
	if (!neu)
		kaoa_fatal("cannot write %s: %s", tmp, strerror(errno));
	for (i = 0; i < l->n_abl; i++)
		if (fwrite(inhalt + l->abl[i].offset, 1, (size_t) l->abl[i].len, neu) != (size_t) l->abl[i].len)
			kaoa_fatal("cannot write %s: %s", tmp, strerror(errno));
	if (fclose(neu) != 0 || rename(tmp, l->reject_pfad) != 0)
		kaoa_fatal("cannot replace the reject file %s: %s", l->reject_pfad, strerror(errno));
	free(tmp);
	free(inhalt);
}

/* ------------------------------------------------------------------ the command */

static void
ausfuehren(PGconn *conn, const char *sql)
{
	PGresult   *r = PQexec(conn, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, conn));
	PQclear(r);
}

int
kaoa_cmd_import(int argc, char **argv, kaoa_verbindung *v)
{
	static const struct option lang[] = {
		{"rejects", required_argument, NULL, 'r'},
		{"batch-size", required_argument, NULL, 'b'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"help", no_argument, NULL, KAOA_OPT_HILFE},
		{NULL, 0, NULL, 0}
	};
	import_lauf l;
	bool		quiet = false,
				ausfuehrlich = false;
	double		t_start = kaoa_jetzt(),
				t_gelesen = 0;
	long long	batch = BATCH_STANDARD;
	char	   *standard_pfad = NULL;
	FILE	   *f;
	struct stat st;
	PGresult   *r;
	int			c;

	memset(&l, 0, sizeof(l));
	while ((c = getopt_long(argc, argv, "r:b:qvd:h:p:U:?", lang, NULL)) != -1)
	{
		if (kaoa_ist_hilfe(c, argv))
		{
			printf(_(hilfe), BATCH_STANDARD, _(kaoa_hilfe_verbindung));
			return KAOA_EXIT_OK;
		}
		if (kaoa_verbindung_option(v, c, optarg))
			continue;
		switch (c)
		{
			case 'r':
				l.reject_pfad = optarg;
				break;
			case 'b':
				if (!kaoa_zahl_lesen(optarg, 1, 10000000, &batch))
					kaoa_usage_fehler("--batch-size needs a whole number from 1 to 10000000, got \"%s\"", optarg);
				break;
			case 'q':
				quiet = true;
				break;
			case 'v':
				ausfuehrlich = true;
				break;
			default:
				kaoa_usage_fehler("unknown option \"%s\"", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		kaoa_usage_fehler("which file? (kaoa import FILE)");
	l.datei = argv[optind++];
	if (optind < argc)
		kaoa_usage_fehler("unexpected argument \"%s\" (one file per run)", argv[optind]);
	if (!l.reject_pfad)
	{
		struct stat pst;

		/* a pipe or device (kaoa generate | kaoa import /dev/stdin): FILE.rejects.jsonl would land in /dev */
		if (stat(l.datei, &pst) == 0 && !S_ISREG(pst.st_mode) && !S_ISDIR(pst.st_mode))
			kaoa_usage_fehler("%s is not a regular file: name the reject file with --rejects PATH", l.datei);
		standard_pfad = malloc(strlen(l.datei) + 16);
		if (!standard_pfad)
			kaoa_fatal("out of memory");
		sprintf(standard_pfad, "%s.rejects.jsonl", l.datei);
		l.reject_pfad = standard_pfad;
	}

	f = fopen(l.datei, "rb");
	if (!f)
		kaoa_fatal("cannot open %s: %s", l.datei, strerror(errno));
	if (fstat(fileno(f), &st) != 0)
		kaoa_fatal("cannot read %s: %s", l.datei, strerror(errno));
	if (S_ISDIR(st.st_mode))
		kaoa_fatal("%s is a directory, not a JSON Lines file", l.datei);
	l.dateigroesse = S_ISREG(st.st_mode) ? (long long) st.st_size : 0;
	kaoa_fortschritt_an(&l.fortschritt, quiet);
	kaoa_jsonl_init(&l.w);

	l.conn = kaoa_verbinden(v);
	r = PQexec(l.conn, "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'kaoa'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, l.conn));
	if (PQntuples(r) == 0)
		kaoa_fatal("the extension kaoa is not installed in database \"%s\" (CREATE EXTENSION kaoa)", PQdb(l.conn));
	PQclear(r);
	format_laden(&l);

	/* one import per database at a time (a killed run's backend finishes its range first); the
	 * lock is kaoa.import_sperren's, which no other role can take (a database still on 0.1.0 has
	 * only the advisory lock of old) */
	r = PQexec(l.conn, "SELECT pg_catalog.to_regprocedure('kaoa.import_sperren(boolean)') IS NOT NULL");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, l.conn));
	l.sperre_alt = strcmp(PQgetvalue(r, 0, 0), "t") != 0;
	PQclear(r);
	r = PQexec(l.conn, l.sperre_alt ? "SELECT pg_catalog.pg_try_advisory_lock(" IMPORT_SPERRE ")"
			   : "SELECT kaoa.import_sperren(false)");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, l.conn));
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
	{
		if (!quiet)
			kaoa_meldung("waiting for another kaoa import into database \"%s\" to finish …", PQdb(l.conn));
		ausfuehren(l.conn, l.sperre_alt ? "SELECT pg_catalog.pg_advisory_lock(" IMPORT_SPERRE ")"
				   : "SELECT kaoa.import_sperren(true)");
	}
	PQclear(r);

	/* the staging table lives in memory as far as it fits */
	ausfuehren(l.conn, "SET temp_buffers = '256MB'");
	ausfuehren(l.conn, "SELECT kaoa.import_staging()");

	l.rejects = fopen(l.reject_pfad, "wb+");
	if (!l.rejects)
		kaoa_fatal("cannot write the reject file %s: %s", l.reject_pfad, strerror(errno));

	anzeigen(&l, true, 0, true);
	if (!einlesen(&l, f, true))
	{
		/* a line JSON allows but jsonb does not (e.g. \u0000): stage as text, parse on the server */
		ausfuehren(l.conn, "SELECT kaoa.import_staging()");
		neu_anfangen(&l, f);
		einlesen(&l, f, false);
		r = PQexec(l.conn, "SELECT kaoa.import_json()");
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			kaoa_fatal("%s", kaoa_fehlertext(r, l.conn));
		server_ablehnungen(&l, PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	fclose(f);
	t_gelesen = kaoa_jetzt();
	kaoa_fortschritt_phase(&l.fortschritt);
	anwenden(&l, (long) batch);
	anzeigen(&l, false, 0, true);
	kaoa_fortschritt_weg();
	rejects_abschliessen(&l);

	if (!quiet)
	{
		long long	unveraendert = l.gestaged - l.neu - l.geaendert - (l.n_abl - (l.zeilen - l.leer - l.gestaged));

		fprintf(stderr, ngettext("kaoa import: %s: %lld line: %lld new, %lld changed, %lld unchanged, %ld rejected",
								 "kaoa import: %s: %lld lines: %lld new, %lld changed, %lld unchanged, %ld rejected",
								 (unsigned long) (l.zeilen - l.leer)),
				l.datei, l.zeilen - l.leer, l.neu, l.geaendert, unveraendert, l.n_abl);
		if (l.leer > 0)
			fprintf(stderr, ngettext("; %lld blank line skipped", "; %lld blank lines skipped", (unsigned long) l.leer), l.leer);
		if (l.n_abl > 0)
			fprintf(stderr, _(" (see %s)"), l.reject_pfad);
		fputc('\n', stderr);
	}
	if (ausfuehrlich)
	{
		int			i;

		{
			const char *kopf[] = {_("lines"), _("new"), _("changed"), _("rejected"), _("seconds")};

			/* the numbers' columns are 9 wide; a longer heading in the user's language shifts them */
			fputs("  ", stderr);
			kaoa_zelle(stderr, "typ", 20, false);
			for (i = 0; i < 5; i++)
				fprintf(stderr, " %*s%s", kaoa_breite(kopf[i]) < 9 ? 9 - kaoa_breite(kopf[i]) : 0, "", kopf[i]);
			fputc('\n', stderr);
		}
		fputs("  ", stderr);
		kaoa_zelle(stderr, _("(read and COPY)"), 20, false);
		fprintf(stderr, " %9lld %9s %9s %9ld %9.2f\n", l.zeilen, "", "",
				(long) (l.zeilen - l.leer - l.gestaged), t_gelesen - t_start);
		for (i = 0; i < l.n_typen; i++)
			fprintf(stderr, "  %-20s %9ld %9lld %9lld %9lld %9.2f\n", l.typen[i].typ, l.typen[i].n_zeilen,
					l.typen[i].neu, l.typen[i].geaendert, l.typen[i].abgelehnt, l.typen[i].sekunden);
	}
	ausfuehren(l.conn, l.sperre_alt ? "SELECT pg_catalog.pg_advisory_unlock(" IMPORT_SPERRE ")"
			   : "SELECT kaoa.import_freigeben()");
	PQfinish(l.conn);
	kaoa_jsonl_free(&l.w);
	free(standard_pfad);
	return l.n_abl > 0 ? KAOA_EXIT_REJECTED : KAOA_EXIT_OK;
}
