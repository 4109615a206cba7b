/*
 * import.c — `kaoa import FILE [--rejects PATH]`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "kaoa.h"

static const char hilfe[] =
"kaoa import — load a JSON Lines file into kaoa; every line lands or goes to the reject file\n"
"\n"
"Usage:\n"
"  kaoa import FILE [--rejects PATH] [CONNECTION OPTIONS]\n"
"\n"
"Each line of FILE is one JSON object {\"typ\": \"…\", …} (README.md, \"JSON Lines format\"; \"-\"\n"
"reads standard input).  Lines are copied into a staging table and applied one by one under a\n"
"savepoint, so one bad line never stops the rest.  A line whose record exists with the same\n"
"content changes nothing; with other content it updates the row, subject to every rule.\n"
"Re-importing the same file changes nothing; an interrupted import is completed by running it\n"
"again.  Every refused line is written to the reject file as\n"
"  {\"zeile\": n, \"sqlstate\": \"…\", \"fehler\": \"…\", \"daten\": \"<the original line>\"}\n"
"\n"
"Options:\n"
"  -r, --rejects=PATH         the reject file (default FILE.rejects.jsonl; rewritten every run)\n"
"  -q, --quiet                no summary on standard error\n"
"  -?, --help                 print this help and exit\n"
"\n"
"%s"
"\n"
"Exit status: 0 every line landed; 3 some lines were rejected; 1 fatal (missing file, no\n"
"server, …); 2 wrong usage.\n";

int
kaoa_cmd_import(int argc, char **argv, kaoa_verbindung *v)
{
	static const struct option lang[] = {
		{"rejects", required_argument, NULL, 'r'},
		{"quiet", no_argument, NULL, 'q'},
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"help", no_argument, NULL, KAOA_OPT_HILFE},
		{NULL, 0, NULL, 0}
	};
	int			c;

	while ((c = getopt_long(argc, argv, "r:qd:h:p:U:?", lang, NULL)) != -1)
	{
		if (kaoa_ist_hilfe(c, argv))
		{
			printf(hilfe, kaoa_hilfe_verbindung);
			return KAOA_EXIT_OK;
		}
		if (kaoa_verbindung_option(v, c, optarg))
			continue;
		if (c != 'r' && c != 'q')
			kaoa_usage_fehler("unknown option \"%s\"", argv[optind - 1]);
	}
	kaoa_fatal("the tables to import into are not part of this build yet");
}
