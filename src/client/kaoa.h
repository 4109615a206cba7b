/*
 * kaoa.h (client) — what the subcommands of the client program `kaoa` share.
 *
 * The client includes libpq-fe.h and json-c only, never a PostgreSQL server header (json-c's
 * json_object would collide with the server's builtins.h).
 */
#ifndef KAOA_CLIENT_H
#define KAOA_CLIENT_H

#include <stdbool.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "client/core/fortschritt.h"
#include "client/core/sprache.h"

/*
 * Messages: English in the source, translated with gettext in the client's own domain
 * (KAOA_TEXTDOMAIN, "kaoa-client-15", catalogues po/client/<lang>.po installed into KAOA_LOCALEDIR,
 * PostgreSQL's locale directory), following LANG / LC_MESSAGES / LC_ALL: _() and N_() as in
 * client/core/sprache.h; kaoa_meldung, kaoa_fatal and kaoa_usage_fehler translate their format themselves.  Numbers in
 * JSON, CSV and SQL stay C-formatted (LC_NUMERIC is left at "C"); kaoa_dezimal writes a number for
 * a person to read, with the user's decimal separator.
 */
#ifndef KAOA_TEXTDOMAIN
#define KAOA_TEXTDOMAIN "kaoa-client"
#endif
#ifndef KAOA_LOCALEDIR
#define KAOA_LOCALEDIR "/usr/share/locale"
#endif
/* setlocale from the environment (LC_NUMERIC excepted) and the client's message catalogue. */
void		kaoa_sprache_init(void);

/* x with `stellen` decimals and the user's decimal separator ("62,3" under de_DE), into buf. */
const char *kaoa_dezimal(char *buf, size_t n, double x, int stellen);

/* Display width of UTF-8 text: one column per code point (enough for German text). */
int			kaoa_breite(const char *s);

/* Prints s to f in a column of w display columns (cut with "…" when longer), left or right aligned. */
void		kaoa_zelle(FILE *f, const char *s, int w, bool rechts);

/* Exit status of every subcommand (docs/client.md, "Calling it"). */
#define KAOA_EXIT_OK		0	/* everything done */
#define KAOA_EXIT_FATAL		1	/* could not do the job: missing file, no server, … */
#define KAOA_EXIT_USAGE		2	/* wrong options or arguments */
#define KAOA_EXIT_REJECTED	3	/* import: some lines went to the reject file */

#ifndef KAOA_VERSION
#define KAOA_VERSION "unknown"
#endif

/* How to reach the server: psql's options, PG* variables for everything not given. */
typedef struct kaoa_verbindung
{
	const char *dbname;			/* -d: a database name or a conninfo string / URI */
	const char *host;			/* -h */
	const char *port;			/* -p */
	const char *user;			/* -U */
} kaoa_verbindung;

extern const char *kaoa_progname;	/* "kaoa" or "kaoa import" for messages */

/* Prints "kaoa <cmd>: <message>" to stderr. */
void		kaoa_meldung(const char *fmt,...) __attribute__((format(printf, 1, 2)));

/* Prints the message and exits with status 1. */
void		kaoa_fatal(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));

/* Prints the message and a pointer to --help, exits with status 2. */
void		kaoa_usage_fehler(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));

/* Handles -d/-h/-p/-U (and their long forms) for getopt_long; true when opt was one of them. */
bool		kaoa_verbindung_option(kaoa_verbindung *v, int opt, const char *arg);

/* Connects (UTF-8, application_name kaoa) or exits with status 1 and libpq's reason. */
PGconn	   *kaoa_verbinden(const kaoa_verbindung *v);

/* getopt_long value of --help; "-?" is recognised by kaoa_ist_hilfe too. */
#define KAOA_OPT_HILFE 1000

/* True when getopt_long's result c (just returned) asks for help: --help or -?. */
bool		kaoa_ist_hilfe(int c, char **argv);

/* Strict number parsing: the whole string must be a number within [min, max]. */
bool		kaoa_zahl_lesen(const char *s, long long min, long long max, long long *out);
bool		kaoa_u64_lesen(const char *s, unsigned long long *out);

/* The server's message for a failed result, one line, without the "ERROR:  " prefix. */
const char *kaoa_fehlertext(const PGresult *res, PGconn *conn);

/* Prints the server's message and its hint (if any), exits with status 1. */
void		kaoa_server_fehler(const PGresult *res, PGconn *conn) __attribute__((noreturn));

/* The connection options as help text, shared by every subcommand's --help. */
extern const char kaoa_hilfe_verbindung[];

/* Seconds on a clock that only goes forward. */
double		kaoa_jetzt(void);

/* The progress line of long work on standard error (src/client/fortschritt.c): only on a terminal
 * and without --quiet; erased by kaoa_meldung and kaoa_fortschritt_weg. */
typedef struct kaoa_fortschritt
{
	bool		aktiv;			/* standard error is a terminal and not --quiet */
	double		beginn;			/* the current phase began (kaoa_jetzt) */
	double		letzte;			/* the line was last drawn */
} kaoa_fortschritt;

void		kaoa_fortschritt_an(kaoa_fortschritt *f, bool quiet);
void		kaoa_fortschritt_phase(kaoa_fortschritt *f);
/* Draws the line for s (s->sekunden is set here), at most ten times a second unless sofort. */
void		kaoa_fortschritt_zeigen(kaoa_fortschritt *f, kaoa_fortschritt_stand *s, bool sofort);
void		kaoa_fortschritt_weg(void);

/* Subcommands: argc/argv start at the subcommand's name. */
int			kaoa_cmd_generate(int argc, char **argv, kaoa_verbindung *v);
int			kaoa_cmd_import(int argc, char **argv, kaoa_verbindung *v);
int			kaoa_cmd_export(int argc, char **argv, kaoa_verbindung *v);
int			kaoa_cmd_status(int argc, char **argv, kaoa_verbindung *v);
int			kaoa_cmd_auskunft(int argc, char **argv, kaoa_verbindung *v);

#endif							/* KAOA_CLIENT_H */
