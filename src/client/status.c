/*
 * status.c — `kaoa status --kommune AGS`: the Verantwortungskette of one Kommune, for a coordinator.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "kaoa.h"

static const char hilfe[] =
"kaoa status — the Verantwortungskette of one Kommune as a table a coordinator can read\n"
"\n"
"Usage:\n"
"  kaoa status --kommune AGS [--schuljahr YEAR] [--stichtag DATE] [--limit N] [CONNECTION OPTIONS]\n"
"\n"
"Shows, for the cases the connected role may see (the KoKo sees every case of its Kommune,\n"
"pseudonymously): cases by state with the open and overdue hand-offs, then what\n"
"kaoa.kette_pruefen finds as of the reference date: overdue hand-offs, identified cases without\n"
"news for 30 days, and after the Verbleib date every case neither angetreten nor ausgenommen.\n"
"\n"
"Options:\n"
"  -k, --kommune=AGS          the Kommune's 5-digit Kreisschlüssel (required), e.g. 05566\n"
"  -s, --schuljahr=YEAR       the school year by its start year (default: the latest with cases)\n"
"  -t, --stichtag=DATE        reference date YYYY-MM-DD (default: today)\n"
"  -n, --limit=N              cases listed per problem (default 20; 0 = all)\n"
"  -?, --help                 print this help and exit\n"
"\n"
"%s";

int
kaoa_cmd_status(int argc, char **argv, kaoa_verbindung *v)
{
	static const struct option lang[] = {
		{"kommune", required_argument, NULL, 'k'},
		{"schuljahr", required_argument, NULL, 's'},
		{"stichtag", required_argument, NULL, 't'},
		{"limit", required_argument, NULL, 'n'},
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"help", no_argument, NULL, KAOA_OPT_HILFE},
		{NULL, 0, NULL, 0}
	};
	int			c;

	while ((c = getopt_long(argc, argv, "k:s:t:n:d:h:p:U:?", lang, NULL)) != -1)
	{
		if (kaoa_ist_hilfe(c, argv))
		{
			printf(hilfe, kaoa_hilfe_verbindung);
			return KAOA_EXIT_OK;
		}
		if (kaoa_verbindung_option(v, c, optarg))
			continue;
		switch (c)
		{
			case 'k':
			case 's':
			case 't':
			case 'n':
				break;
			default:
				kaoa_usage_fehler("unknown option \"%s\"", argv[optind - 1]);
		}
	}
	kaoa_fatal("the Verantwortungskette is not part of this build yet");
}
