/*
 * gemeinsam.c — language, messages, connection, number parsing and table columns shared by the
 * subcommands.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "client/kaoa.h"

const char *kaoa_progname = "kaoa";

/* the user's decimal separator, kept before LC_NUMERIC goes back to "C" */
static char dezimaltrenner[8] = ".";

/*
 * The language comes from the environment as for every program (LC_ALL, LC_MESSAGES, LANG), the
 * texts from the client's catalogue.  LC_NUMERIC stays "C": the client writes and reads JSON, CSV
 * and SQL, where a number is written with a point whatever the user's language; the separator of
 * the user's locale is kept for kaoa_dezimal.
 */
void
kaoa_sprache_init(void)
{
	const struct lconv *lc;

	setlocale(LC_ALL, "");
	lc = localeconv();
	if (lc && lc->decimal_point && *lc->decimal_point && strlen(lc->decimal_point) < sizeof(dezimaltrenner))
		strcpy(dezimaltrenner, lc->decimal_point);
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(KAOA_TEXTDOMAIN, KAOA_LOCALEDIR);
	textdomain(KAOA_TEXTDOMAIN);
}

/* A number for a person to read: the C format with the user's separator in place of the point. */
const char *
kaoa_dezimal(char *buf, size_t n, double x, int stellen)
{
	char		tmp[64];
	char	   *punkt;

	snprintf(tmp, sizeof(tmp), "%.*f", stellen, x);
	punkt = strchr(tmp, '.');
	if (punkt)
	{
		*punkt = '\0';
		snprintf(buf, n, "%s%s%s", tmp, dezimaltrenner, punkt + 1);
	}
	else
		snprintf(buf, n, "%s", tmp);
	return buf;
}

int
kaoa_breite(const char *s)
{
	int			n = 0;

	for (; *s; s++)
		if (((unsigned char) *s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Columns are counted in characters, not bytes, so that "Übergabe" and "state" line up alike. */
void
kaoa_zelle(FILE *f, const char *s, int w, bool rechts)
{
	int			b = kaoa_breite(s);

	if (b > w)
	{
		int			k = 0;
		const char *p = s;

		/* copy w-1 code points, then the ellipsis */
		while (*p && k < w - 1)
		{
			do
				fputc(*p++, f);
			while (*p && ((unsigned char) *p & 0xC0) == 0x80);
			k++;
		}
		fputs("…", f);
		return;
	}
	if (rechts)
		fprintf(f, "%*s%s", w - b, "", s);
	else
		fprintf(f, "%s%*s", s, w - b, "");
}

/* The messages below translate their format (xgettext knows them as keywords, Makefile). */
/* "kaoa <cmd>: message" on a line of its own (a progress line is erased first). */
static void
vmeldung(const char *fmt, va_list ap)
{
	kaoa_fortschritt_weg();
	fprintf(stderr, "%s: ", kaoa_progname);
	vfprintf(stderr, _(fmt), ap);
	fputc('\n', stderr);
}

void
kaoa_meldung(const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vmeldung(fmt, ap);
	va_end(ap);
}

void
kaoa_fatal(const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vmeldung(fmt, ap);
	va_end(ap);
	exit(KAOA_EXIT_FATAL);
}

void
kaoa_usage_fehler(const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vmeldung(fmt, ap);
	va_end(ap);
	fprintf(stderr, _("Try \"%s --help\" for more information.\n"), kaoa_progname);
	exit(KAOA_EXIT_USAGE);
}

bool
kaoa_verbindung_option(kaoa_verbindung *v, int opt, const char *arg)
{
	switch (opt)
	{
		case 'd':
			v->dbname = arg;
			return true;
		case 'h':
			v->host = arg;
			return true;
		case 'p':
			v->port = arg;
			return true;
		case 'U':
			v->user = arg;
			return true;
		default:
			return false;
	}
}

PGconn *
kaoa_verbinden(const kaoa_verbindung *v)
{
	const char *keys[8];
	const char *vals[8];
	int			n = 0;
	PGconn	   *conn;
	char	   *msg,
			   *end;

	/* dbname first: with expand_dbname a conninfo string there sets defaults that the explicit
	 * -h/-p/-U after it override, as in psql */
	if (v->dbname)
		keys[n] = "dbname", vals[n++] = v->dbname;
	if (v->host)
		keys[n] = "host", vals[n++] = v->host;
	if (v->port)
		keys[n] = "port", vals[n++] = v->port;
	if (v->user)
		keys[n] = "user", vals[n++] = v->user;
	keys[n] = "fallback_application_name", vals[n++] = "kaoa";
	keys[n] = "client_encoding", vals[n++] = "UTF8";
	keys[n] = NULL, vals[n] = NULL;

	conn = PQconnectdbParams(keys, vals, 1);
	if (conn == NULL)
		kaoa_fatal("cannot connect to the database: out of memory");
	if (PQstatus(conn) != CONNECTION_OK)
	{
		msg = strdup(PQerrorMessage(conn));
		if (msg)
		{
			end = msg + strlen(msg);
			while (end > msg && (end[-1] == '\n' || end[-1] == ' '))
				*--end = '\0';
		}
		PQfinish(conn);
		if (msg)
			kaoa_fatal("cannot connect to the database: %s\n"
					   "(give the database with -d DBNAME or -d \"host=… dbname=…\", or set PGHOST, PGPORT, PGDATABASE, PGUSER)",
					   msg);
		kaoa_fatal("cannot connect to the database: out of memory");
	}
	return conn;
}

bool
kaoa_ist_hilfe(int c, char **argv)
{
	if (c == KAOA_OPT_HILFE)
		return true;
	/* getopt returns '?' both for "-?" and for an unknown option; tell them apart by the text */
	return c == '?' && optind > 0 && strcmp(argv[optind - 1], "-?") == 0;
}

bool
kaoa_zahl_lesen(const char *s, long long min, long long max, long long *out)
{
	char	   *end;
	long long	x;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || x < min || x > max)
		return false;
	*out = x;
	return true;
}

bool
kaoa_u64_lesen(const char *s, unsigned long long *out)
{
	char	   *end;
	unsigned long long x;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = x;
	return true;
}

const char *
kaoa_fehlertext(const PGresult *res, PGconn *conn)
{
	static char buf[2048];
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char	   *p;

	snprintf(buf, sizeof(buf), "%s", m ? m : PQerrorMessage(conn));
	p = buf + strlen(buf);
	while (p > buf && (p[-1] == '\n' || p[-1] == ' '))
		*--p = '\0';
	return buf;
}

/* The server's refusal as the user sees it: its message, and its hint on a line of its own. */
void
kaoa_server_fehler(const PGresult *res, PGconn *conn)
{
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;

	if (hint)
		kaoa_fatal("%s\nHINT:  %s", kaoa_fehlertext(res, conn), hint);
	kaoa_fatal("%s", kaoa_fehlertext(res, conn));
}
