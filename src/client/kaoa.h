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

/* The connection options as help text, shared by every subcommand's --help. */
extern const char kaoa_hilfe_verbindung[];

/* Subcommands: argc/argv start at the subcommand's name. */
int			kaoa_cmd_generate(int argc, char **argv, kaoa_verbindung *v);
int			kaoa_cmd_import(int argc, char **argv, kaoa_verbindung *v);
int			kaoa_cmd_export(int argc, char **argv, kaoa_verbindung *v);
int			kaoa_cmd_status(int argc, char **argv, kaoa_verbindung *v);
int			kaoa_cmd_auskunft(int argc, char **argv, kaoa_verbindung *v);

#endif							/* KAOA_CLIENT_H */
