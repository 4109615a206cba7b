/*
 * generate.c — `kaoa generate`: a synthetic NRW cohort as JSON Lines on standard output.
 *
 * The work is done by the pure-C core src/client/core/kohorte.c (unit-tested); this file parses the
 * options and writes the lines.  No database connection is needed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "client/kaoa.h"
#include "client/core/kohorte.h"

static const char hilfe[] = N_(
"kaoa generate — write a synthetic NRW cohort as JSON Lines to standard output\n"
"\n"
"Usage:\n"
"  kaoa generate --seed N --personen N --angebote N [--kommunen N | --kommune AGS[,AGS…]]\n"
"                [--schuljahr YEAR] [--no-sbo]\n"
"\n"
"Options:\n"
"  --seed=N          seed of the pseudo-random generator (same options, same bytes); default 1\n"
"  --personen=N      school leavers in all, spread over the Kommunen by population (0-%ld)\n"
"  --angebote=N      apprenticeship offers in all, spread likewise (0-%ld)\n"
"  --kommunen=N      number of NRW Kreise / kreisfreie Städte, drawn by the seed (1-53); default 1\n"
"  --kommune=LIST    the Kommunen by Kreisschlüssel instead, e.g. 05566 or 05315,05334\n"
"  --schuljahr=YEAR  start year of the leavers' last school year (2025 = 2025/26); default 2025\n"
"  --no-sbo          leave out enrolments, Standardelemente and measures (a frontend records them)\n"
"  -?, --help        print this help and exit\n"
"\n"
"Per Kommune it writes the Kommune, its deadlines (fristen), its organisations (KoKo, Agentur für\n"
"Arbeit, Jobcenter, Jugendamt, Jugendberufsagentur, Kammern, Träger, Berufskollegs, schools,\n"
"Betriebe), then per school leaver a person, identity, case and (for about half) an applicant\n"
"profile, an enrolment and (leavers of grades 9 and 10) the Standardelemente since grade 8 with\n"
"about one in ten missing one, then the offers and four measures of the Kommune's Träger (two\n"
"Elektro courses overlap on purpose; nothing covers Soziales/Pädagogik) and the KoKo's programme\n"
"with two target groups, its partners, registrations (some withdrawn, the rest beyond 30 places\n"
"waiting) and participants.  Qualifications follow the NRW leavers' statistics; places cluster\n"
"around real town centres.  The format is described in docs/client.md (\"The JSON Lines format\");\n"
"\"kaoa import\" reads it.\n"
"\n"
"Example:\n"
"  kaoa generate --seed 7 --kommune 05566 --personen 3400 --angebote 2000 > kohorte.jsonl\n");

/* Writes one line to stdout; a write error stops the generator. */
static bool
schreiben(const char *zeile, size_t len, void *ctx)
{
	(void) ctx;
	return fwrite(zeile, 1, len, stdout) == len;
}

int
kaoa_cmd_generate(int argc, char **argv, kaoa_verbindung *v)
{
	enum
	{
		O_SEED = 1, O_PERSONEN, O_ANGEBOTE, O_KOMMUNEN, O_KOMMUNE, O_SCHULJAHR, O_OHNE_SBO
	};
	static const struct option lang[] = {
		{"seed", required_argument, NULL, O_SEED},
		{"personen", required_argument, NULL, O_PERSONEN},
		{"angebote", required_argument, NULL, O_ANGEBOTE},
		{"kommunen", required_argument, NULL, O_KOMMUNEN},
		{"kommune", required_argument, NULL, O_KOMMUNE},
		{"schuljahr", required_argument, NULL, O_SCHULJAHR},
		{"no-sbo", no_argument, NULL, O_OHNE_SBO},
		{"help", no_argument, NULL, KAOA_OPT_HILFE},
		{NULL, 0, NULL, 0}
	};
	kaoa_kohorte_optionen o;
	bool		hat_personen = false,
				hat_angebote = false,
				hat_kommunen = false;
	char		err[512];
	static char puffer[1 << 20];
	int			c;
	long long	x;
	unsigned long long seed;

	(void) v;
	kaoa_kohorte_standard(&o);
	while ((c = getopt_long(argc, argv, "?", lang, NULL)) != -1)
	{
		if (kaoa_ist_hilfe(c, argv))
		{
			printf(_(hilfe), KAOA_KOHORTE_MAX, KAOA_KOHORTE_MAX);
			return KAOA_EXIT_OK;
		}
		switch (c)
		{
			case O_SEED:
				if (!kaoa_u64_lesen(optarg, &seed))
					kaoa_usage_fehler("--seed needs a non-negative integer (up to 18446744073709551615), got \"%s\"", optarg);
				o.seed = seed;
				break;
			case O_PERSONEN:
				if (!kaoa_zahl_lesen(optarg, 0, KAOA_KOHORTE_MAX, &x))
					kaoa_usage_fehler("--personen needs a whole number from 0 to %ld, got \"%s\"", KAOA_KOHORTE_MAX, optarg);
				o.personen = (long) x;
				hat_personen = true;
				break;
			case O_ANGEBOTE:
				if (!kaoa_zahl_lesen(optarg, 0, KAOA_KOHORTE_MAX, &x))
					kaoa_usage_fehler("--angebote needs a whole number from 0 to %ld, got \"%s\"", KAOA_KOHORTE_MAX, optarg);
				o.angebote = (long) x;
				hat_angebote = true;
				break;
			case O_KOMMUNEN:
				if (!kaoa_zahl_lesen(optarg, 1, 53, &x))
					kaoa_usage_fehler("--kommunen needs a number from 1 to 53 (NRW's Kreise and kreisfreie Städte), got \"%s\"", optarg);
				o.kommunen = (int) x;
				hat_kommunen = true;
				break;
			case O_KOMMUNE:
				o.kommune_liste = optarg;
				break;
			case O_SCHULJAHR:
				if (!kaoa_zahl_lesen(optarg, 2000, 2100, &x))
					kaoa_usage_fehler("--schuljahr needs the start year of a school year (2000-2100; 2025 = 2025/26), got \"%s\"", optarg);
				o.schuljahr = (int) x;
				break;
			case O_OHNE_SBO:
				o.sbo = false;
				break;
			default:
				kaoa_usage_fehler("unknown option \"%s\"", argv[optind - 1]);
		}
	}
	if (optind < argc)
		kaoa_usage_fehler("unexpected argument \"%s\" (generate takes options only)", argv[optind]);
	if (!hat_personen || !hat_angebote)
		kaoa_usage_fehler("--personen and --angebote are required (e.g. --personen 3400 --angebote 2000)");
	if (hat_kommunen && o.kommune_liste)
		kaoa_usage_fehler("give either --kommunen (drawn by the seed) or --kommune (by Kreisschlüssel), not both");
	if (!kaoa_kohorte_pruefen(&o, err, sizeof(err)))
		kaoa_usage_fehler("%s", err);

	setvbuf(stdout, puffer, _IOFBF, sizeof(puffer));
	if (!kaoa_kohorte_erzeugen(&o, schreiben, NULL, err, sizeof(err)))
	{
		if (errno)
			kaoa_fatal("%s: %s", err, strerror(errno));
		kaoa_fatal("%s", err);
	}
	if (fflush(stdout) != 0)
		kaoa_fatal("cannot write to standard output: %s", strerror(errno));
	return KAOA_EXIT_OK;
}
