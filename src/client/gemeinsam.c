/*
 * gemeinsam.c — messages, connection and number parsing shared by the subcommands.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "client/kaoa.h"

const char *kaoa_progname = "kaoa";

static void
vmeldung(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", kaoa_progname);
	vfprintf(stderr, fmt, ap);
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
	fprintf(stderr, "Try \"%s --help\" for more information.\n", kaoa_progname);
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
		kaoa_fatal("cannot connect to the database: %s\n"
				   "(give the database with -d DBNAME or -d \"host=… dbname=…\", or set PGHOST, PGPORT, PGDATABASE, PGUSER)",
				   msg ? msg : "unknown error");
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
