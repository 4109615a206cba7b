/*
 * main.c — the client program `kaoa`: dispatches to the subcommands.
 *
 *   kaoa [connection options] SUBCOMMAND [options]
 *
 * Connection options may stand before or after the subcommand; they work like psql's, and the
 * PG* environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, …) fill
 * in everything not given.  Exit status: 0 done, 1 fatal (with a message saying what is wrong),
 * 2 wrong usage, 3 an import with rejected lines.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "client/kaoa.h"

static const char hilfe[] = N_(
"kaoa — the client program of the kaoa PostgreSQL extension (NRW \"Kein Abschluss ohne Anschluss\")\n"
"\n"
"Usage:\n"
"  kaoa [CONNECTION OPTIONS] SUBCOMMAND [OPTIONS]\n"
"\n"
"Subcommands:\n"
"  generate   write a synthetic NRW cohort (Kommunen, organisations, persons, cases, profiles,\n"
"             offers) as JSON Lines to standard output\n"
"  import     load a JSON Lines file; every line lands or goes to a reject file\n"
"  export     write a view of schema kaoa to standard output (JSON Lines or CSV)\n"
"  status     show the Verantwortungskette of one Kommune as a table\n"
"  auskunft   everything kaoa holds about one young person (access request, Art. 15 GDPR)\n"
"  help       this text; \"kaoa help SUBCOMMAND\" or \"kaoa SUBCOMMAND --help\" for one subcommand\n"
"\n"
"%s"
"\n"
"Other options:\n"
"  -V, --version              print the version and exit\n"
"  -?, --help                 print this help and exit\n"
"\n"
"Exit status: 0 done; 1 fatal (missing file, no server, …: the message says what); 2 wrong\n"
"usage; 3 import finished but some lines were rejected (see the reject file).\n");

const char	kaoa_hilfe_verbindung[] = N_(
"Connection options (as psql; the PG* environment variables fill in what is not given):\n"
"  -d, --dbname=DBNAME|CONNINFO  database name, or a conninfo string / postgresql:// URI\n"
"  -h, --host=HOSTNAME        database server host or socket directory\n"
"  -p, --port=PORT            database server port\n"
"  -U, --username=USERNAME    database user name\n");

typedef struct unterbefehl
{
	const char *name;
	int			(*fn) (int argc, char **argv, kaoa_verbindung *v);
} unterbefehl;

static const unterbefehl befehle[] = {
	{"generate", kaoa_cmd_generate},
	{"import", kaoa_cmd_import},
	{"export", kaoa_cmd_export},
	{"status", kaoa_cmd_status},
	{"auskunft", kaoa_cmd_auskunft},
};

int
main(int argc, char **argv)
{
	static const struct option lang[] = {
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, KAOA_OPT_HILFE},
		{NULL, 0, NULL, 0}
	};
	kaoa_verbindung v = {0};
	const char *name;
	size_t		i;
	int			c;
	char		prog[64];

	kaoa_sprache_init();
	kaoa_progname = "kaoa";
	/* global options stop at the first non-option: the subcommand ("+") */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+d:h:p:U:V?", lang, NULL)) != -1)
	{
		if (kaoa_verbindung_option(&v, c, optarg))
			continue;
		if (c == 'V')
		{
			printf(_("kaoa %s (client of the kaoa extension, libpq %d)\n"), KAOA_VERSION, PQlibVersion());
			return KAOA_EXIT_OK;
		}
		if (kaoa_ist_hilfe(c, argv))
		{
			printf(_(hilfe), _(kaoa_hilfe_verbindung));
			return KAOA_EXIT_OK;
		}
		kaoa_usage_fehler("unknown option \"%s\"", argv[optind - 1]);
	}
	if (optind >= argc)
		kaoa_usage_fehler("a subcommand is missing (generate, import, export, status, auskunft)");
	name = argv[optind];
	if (strcmp(name, "help") == 0)
	{
		if (optind + 1 < argc)
		{
			/* "kaoa help import" = "kaoa import --help" */
			char	   *args[3] = {argv[optind + 1], (char *) "--help", NULL};

			for (i = 0; i < sizeof(befehle) / sizeof(befehle[0]); i++)
				if (strcmp(befehle[i].name, args[0]) == 0)
				{
					snprintf(prog, sizeof(prog), "kaoa %s", befehle[i].name);
					kaoa_progname = prog;
					optind = 0;
					return befehle[i].fn(2, args, &v);
				}
			kaoa_usage_fehler("unknown subcommand \"%s\" (generate, import, export, status, auskunft)", args[0]);
		}
		printf(_(hilfe), _(kaoa_hilfe_verbindung));
		return KAOA_EXIT_OK;
	}
	for (i = 0; i < sizeof(befehle) / sizeof(befehle[0]); i++)
		if (strcmp(befehle[i].name, name) == 0)
		{
			int			sub_argc = argc - optind;
			char	  **sub_argv = argv + optind;

			snprintf(prog, sizeof(prog), "kaoa %s", befehle[i].name);
			kaoa_progname = prog;
			optind = 0;			/* glibc: 0 re-initialises getopt (the "+" mode of the global scan must not stick) */
			opterr = 0;
			return befehle[i].fn(sub_argc, sub_argv, &v);
		}
	kaoa_usage_fehler("unknown subcommand \"%s\" (generate, import, export, status, auskunft)", name);
}
