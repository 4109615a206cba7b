/*
 * export.c — `kaoa export VIEW [--format jsonl|csv]`: one view of schema kaoa to standard output.
 *
 * Only views are exported (the documented BI surface, docs/roles-and-bi.md): they carry the
 * small-count suppression and the row filters, so an export never shows more than the caller may
 * see.  JSON Lines are one row_to_json object per row (column names as keys, SQL NULL as null),
 * read in single-row mode so a large view streams; CSV is COPY … TO STDOUT with a header line.
 * On a terminal, standard error shows the rows written, the rate and, against the planner's
 * estimate of the view's rows (EXPLAIN, no second run of the view), the time left (--quiet: none).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "client/kaoa.h"

static const char hilfe[] = N_(
"kaoa export — write a view of schema kaoa to standard output\n"
"\n"
"Usage:\n"
"  kaoa export VIEW [--format jsonl|csv] [--quiet] [CONNECTION OPTIONS]\n"
"\n"
"VIEW is a view of schema kaoa, with or without the \"kaoa.\" prefix: v_kette, v_verbleib,\n"
"v_zuteilung, … (\"kaoa export --list\" shows those of the connected database).  Rows are those\n"
"the connected role may read; in the BI views a count below the Kommune's min_fallzahl is\n"
"empty (NULL) and every other count is rounded to a multiple of it.\n"
"\n"
"Options:\n"
"  -f, --format=jsonl|csv     JSON Lines (default: one object per row, SQL NULL as null) or CSV\n"
"                             with a header line (NULL as an empty field)\n"
"  -l, --list                 list the views of schema kaoa and exit\n"
"  -q, --quiet                no progress line (shown on standard error when it is a terminal)\n"
"  -?, --help                 print this help and exit\n"
"\n"
"%s");

/* Exits with a clear message unless the extension is installed in the connected database. */
static void
erweiterung_pruefen(PGconn *conn)
{
	PGresult   *r = PQexec(conn, "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'kaoa'");

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, conn));
	if (PQntuples(r) == 0)
		kaoa_fatal("the extension kaoa is not installed in database \"%s\" (CREATE EXTENSION kaoa)", PQdb(conn));
	PQclear(r);
}

/* The views of schema kaoa, comma-separated (for messages and --list). */
static char *
sichten(PGconn *conn, const char *trenner)
{
	PGresult   *r = PQexec(conn,
						   "SELECT c.relname FROM pg_catalog.pg_class c "
						   " WHERE c.relnamespace = 'kaoa'::pg_catalog.regnamespace AND c.relkind IN ('v', 'm') "
						   " ORDER BY 1");
	size_t		len = 1;
	char	   *out;
	int			i;

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, conn));
	for (i = 0; i < PQntuples(r); i++)
		len += strlen(PQgetvalue(r, i, 0)) + strlen(trenner);
	out = calloc(1, len);
	if (!out)
		kaoa_fatal("out of memory");
	for (i = 0; i < PQntuples(r); i++)
	{
		if (i > 0)
			strcat(out, trenner);
		strcat(out, PQgetvalue(r, i, 0));
	}
	PQclear(r);
	return out;
}

/* The planner's estimate of the rows of the query (EXPLAIN, nothing runs), or -1. */
static long long
schaetzung(PGconn *conn, const char *sql)
{
	char	   *explain = malloc(strlen(sql) + 32);
	PGresult   *r;
	long long	n = -1;

	if (!explain)
		kaoa_fatal("out of memory");
	sprintf(explain, "EXPLAIN (FORMAT JSON) %s", sql);
	r = PQexec(conn, explain);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
	{
		json_object *plan = json_tokener_parse(PQgetvalue(r, 0, 0)),
				   *p,
				   *z;

		if (plan && json_object_is_type(plan, json_type_array) && json_object_array_length(plan) > 0 &&
			json_object_object_get_ex(json_object_array_get_idx(plan, 0), "Plan", &p) &&
			json_object_object_get_ex(p, "Plan Rows", &z))
			n = json_object_get_int64(z);
		json_object_put(plan);
	}
	PQclear(r);
	free(explain);
	return n;
}

/* The progress line: rows written so far, against the estimate. */
static void
anzeigen(kaoa_fortschritt *f, long long zeilen, long long geschaetzt, bool sofort)
{
	/* TRANSLATORS: the progress line of kaoa export, e.g. "exporting [####......]  45% 45210/~100000
	 * rows, 30140/s, ~0:01 left": the step, the unit, "left" after the time left */
	kaoa_fortschritt_stand st = {
		.phase = _("exporting"),
		.einheit = _("rows"),
		.links = _("left"),
		.erledigt = zeilen,
		.gesamt = geschaetzt,
		.anteil = -1,
		.geschaetzt = true,
		.balken = 10,
	};

	kaoa_fortschritt_zeigen(f, &st, sofort);
}

static void
ausgeben(const char *s, size_t n)
{
	if (fwrite(s, 1, n, stdout) != n)
		kaoa_fatal("cannot write to standard output: %s", strerror(errno));
}

int
kaoa_cmd_export(int argc, char **argv, kaoa_verbindung *v)
{
	static const struct option lang[] = {
		{"format", required_argument, NULL, 'f'},
		{"list", no_argument, NULL, 'l'},
		{"quiet", no_argument, NULL, 'q'},
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"help", no_argument, NULL, KAOA_OPT_HILFE},
		{NULL, 0, NULL, 0}
	};
	const char *format = "jsonl";
	const char *sicht = NULL;
	bool		liste = false,
				quiet = false;
	kaoa_fortschritt fortschritt;
	long long	zeilen = 0,
				geschaetzt = -1;
	PGconn	   *conn;
	PGresult   *r;
	char	   *ident,
			   *sql,
			   *name;
	const char *params[1];
	int			c;
	static char puffer[1 << 16];

	while ((c = getopt_long(argc, argv, "f:lqd:h:p:U:?", lang, NULL)) != -1)
	{
		if (kaoa_ist_hilfe(c, argv))
		{
			printf(_(hilfe), _(kaoa_hilfe_verbindung));
			return KAOA_EXIT_OK;
		}
		if (kaoa_verbindung_option(v, c, optarg))
			continue;
		switch (c)
		{
			case 'f':
				format = optarg;
				break;
			case 'l':
				liste = true;
				break;
			case 'q':
				quiet = true;
				break;
			default:
				kaoa_usage_fehler("unknown option \"%s\"", argv[optind - 1]);
		}
	}
	if (strcmp(format, "jsonl") != 0 && strcmp(format, "csv") != 0)
		kaoa_usage_fehler("--format must be jsonl or csv, not \"%s\"", format);
	if (!liste)
	{
		if (optind >= argc)
			kaoa_usage_fehler("which view? (e.g. kaoa export v_kette; kaoa export --list shows them)");
		sicht = argv[optind++];
	}
	if (optind < argc)
		kaoa_usage_fehler("unexpected argument \"%s\"", argv[optind]);

	conn = kaoa_verbinden(v);
	erweiterung_pruefen(conn);
	if (liste)
	{
		char	   *alle = sichten(conn, "\n");

		printf("%s%s", alle, *alle ? "\n" : "");
		free(alle);
		PQfinish(conn);
		return KAOA_EXIT_OK;
	}

	/* the view, without a "kaoa." prefix, must be a view of schema kaoa */
	name = strncmp(sicht, "kaoa.", 5) == 0 ? (char *) sicht + 5 : (char *) sicht;
	params[0] = name;
	r = PQexecParams(conn,
					 "SELECT c.relkind FROM pg_catalog.pg_class c "
					 " WHERE c.relnamespace = 'kaoa'::pg_catalog.regnamespace AND c.relname = $1",
					 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, conn));
	if (PQntuples(r) == 0 || (PQgetvalue(r, 0, 0)[0] != 'v' && PQgetvalue(r, 0, 0)[0] != 'm'))
	{
		char	   *alle = sichten(conn, ", ");

		if (PQntuples(r) == 0 && *alle)
			kaoa_fatal("there is no view kaoa.%s (views: %s)", name, alle);
		if (PQntuples(r) == 0)
			kaoa_fatal("there is no view kaoa.%s (this database has no kaoa views yet)", name);
		if (*alle)
			kaoa_fatal("kaoa.%s is not a view; export writes the views of schema kaoa only (views: %s)", name, alle);
		kaoa_fatal("kaoa.%s is not a view; export writes the views of schema kaoa only (this database has none yet)", name);
	}
	PQclear(r);

	ident = PQescapeIdentifier(conn, name, strlen(name));
	if (!ident)
		kaoa_fatal("%s", PQerrorMessage(conn));
	sql = malloc(strlen(ident) + 128);
	if (!sql)
		kaoa_fatal("out of memory");
	setvbuf(stdout, puffer, _IOFBF, sizeof(puffer));
	kaoa_fortschritt_an(&fortschritt, quiet);
	if (fortschritt.aktiv)
	{
		sprintf(sql, "SELECT * FROM kaoa.%s", ident);
		geschaetzt = schaetzung(conn, sql);
		kaoa_fortschritt_phase(&fortschritt);
		anzeigen(&fortschritt, 0, geschaetzt, true);
	}

	if (strcmp(format, "csv") == 0)
	{
		char	   *zeile;
		int			n;

		sprintf(sql, "COPY (SELECT * FROM kaoa.%s) TO STDOUT WITH (FORMAT csv, HEADER true)", ident);
		r = PQexec(conn, sql);
		if (PQresultStatus(r) != PGRES_COPY_OUT)
			kaoa_fatal("cannot read kaoa.%s: %s", name, kaoa_fehlertext(r, conn));
		PQclear(r);
		while ((n = PQgetCopyData(conn, &zeile, 0)) > 0)
		{
			ausgeben(zeile, (size_t) n);
			PQfreemem(zeile);
			/* one CopyData message per row, the first one the header */
			anzeigen(&fortschritt, zeilen > 0 ? zeilen : 0, geschaetzt, false);
			zeilen++;
		}
		zeilen = zeilen > 0 ? zeilen - 1 : 0;
		r = PQgetResult(conn);
		if (n == -2 || PQresultStatus(r) != PGRES_COMMAND_OK)
			kaoa_fatal("cannot read kaoa.%s: %s", name, kaoa_fehlertext(r, conn));
		PQclear(r);
	}
	else
	{
		sprintf(sql, "SELECT pg_catalog.row_to_json(v)::text FROM kaoa.%s v", ident);
		if (!PQsendQuery(conn, sql) || !PQsetSingleRowMode(conn))
			kaoa_fatal("cannot read kaoa.%s: %s", name, PQerrorMessage(conn));
		while ((r = PQgetResult(conn)) != NULL)
		{
			ExecStatusType st = PQresultStatus(r);

			if (st == PGRES_SINGLE_TUPLE)
			{
				ausgeben(PQgetvalue(r, 0, 0), (size_t) PQgetlength(r, 0, 0));
				ausgeben("\n", 1);
				anzeigen(&fortschritt, ++zeilen, geschaetzt, false);
			}
			else if (st != PGRES_TUPLES_OK)
				kaoa_fatal("cannot read kaoa.%s: %s", name, kaoa_fehlertext(r, conn));
			PQclear(r);
		}
	}
	anzeigen(&fortschritt, zeilen, zeilen, true);
	kaoa_fortschritt_weg();
	if (fflush(stdout) != 0)
		kaoa_fatal("cannot write to standard output: %s", strerror(errno));
	PQfreemem(ident);
	free(sql);
	PQfinish(conn);
	return KAOA_EXIT_OK;
}
