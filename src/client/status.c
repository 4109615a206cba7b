/*
 * status.c — `kaoa status --kommune AGS`: the Verantwortungskette of one Kommune, for a coordinator.
 *
 * Everything is read with the connected role's rights (row-level security applies): the KoKo and
 * the system see every case of their Kommune, other organisations their own.  Three parts: cases
 * by state with their open and overdue hand-offs; what kaoa.kette_pruefen finds (only the KoKo and
 * the system may ask; others get a note instead); and the cases behind each finding, up to --limit.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "client/kaoa.h"

static const char hilfe[] = N_(
"kaoa status — the Verantwortungskette of one Kommune as a table a coordinator can read\n"
"\n"
"Usage:\n"
"  kaoa status --kommune AGS [--schuljahr YEAR] [--stichtag DATE] [--limit N] [CONNECTION OPTIONS]\n"
"\n"
"Shows, for the cases the connected role may see (the KoKo sees every case of its Kommune,\n"
"pseudonymously): cases by state with their open and overdue hand-offs; the two figures of the\n"
"Bündnis für Ausbildung — the share of applicants versorgt and the share of places vorgeschlagen\n"
"in the newest assignment run (for the KoKo and system roles); then what kaoa.kette_pruefen finds\n"
"as of the reference date (overdue hand-offs; identified cases without\n"
"news from an organisation for 30 days; after the Verbleib date every case neither angetreten\n"
"nor ausgenommen), with the cases behind each finding.\n"
"\n"
"Options:\n"
"  -k, --kommune=AGS          the Kommune's 5-digit Kreisschlüssel (required), e.g. 05566\n"
"  -s, --schuljahr=YEAR       the school year by its start year (default: the latest with cases)\n"
"  -t, --stichtag=DATE        reference date YYYY-MM-DD (default: today)\n"
"  -n, --limit=N              cases listed per finding (default 20; 0 = all)\n"
"  -?, --help                 print this help and exit\n"
"\n"
"%s");

/* ------------------------------------------------------------------ a small table printer */

/* Prints s in a column of w characters on standard output (kaoa_zelle; cut with "…"). */
static void
spalte(const char *s, int w, bool rechts)
{
	kaoa_zelle(stdout, s, w, rechts);
}

static PGresult *
abfrage(PGconn *conn, const char *sql, int n, const char *const *params)
{
	PGresult   *r = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_server_fehler(r, conn);
	return r;
}

/* ------------------------------------------------------------------ the report */

static const char sql_status[] =
"SELECT s.status::text, count(DISTINCT f.fall_id)::text,"
"       count(DISTINCT u.fall_id)::text,"
"       count(DISTINCT u.fall_id) FILTER (WHERE u.faellig_am < $3::date)::text"
"  FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::kaoa.fall_status)) AS s(status)"
"  LEFT JOIN kaoa.fall f ON f.status OPERATOR(pg_catalog.=) s.status"
"        AND f.kommune OPERATOR(pg_catalog.=) $1 AND f.schuljahr OPERATOR(pg_catalog.=) $2::int"
"  LEFT JOIN kaoa.uebergabe u ON u.kommune OPERATOR(pg_catalog.=) f.kommune"
"        AND u.fall_id OPERATOR(pg_catalog.=) f.fall_id AND u.uebernommen_am IS NULL"
"        AND u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL"
" GROUP BY s.status ORDER BY s.status";

/* the findings with what a coordinator needs to act on them */
static const char sql_befunde[] =
"WITH k AS (SELECT * FROM kaoa.kette_pruefen($1, $2::int, $3::date))"
" SELECT k.problem, k.fall_id::text, f.status::text, zo.name,"
"        u.gesendet_am::date::text, u.faellig_am::text,"
"        ($3::date OPERATOR(pg_catalog.-) u.faellig_am)::text, vo.name, ao.name,"
"        (SELECT max(e.zeit)::date::text FROM kaoa.ereignis e"
"          WHERE e.kommune OPERATOR(pg_catalog.=) $1 AND e.fall_id OPERATOR(pg_catalog.=) k.fall_id"
"            AND e.org_id IS NOT NULL AND e.zeit::date OPERATOR(pg_catalog.<=) $3::date)"
"   FROM k"
"   LEFT JOIN kaoa.fall f ON f.kommune OPERATOR(pg_catalog.=) $1 AND f.fall_id OPERATOR(pg_catalog.=) k.fall_id"
"   LEFT JOIN kaoa.organisation zo ON zo.kommune OPERATOR(pg_catalog.=) $1"
"        AND zo.org_id OPERATOR(pg_catalog.=) f.zustaendig_org"
"   LEFT JOIN kaoa.uebergabe u ON k.problem OPERATOR(pg_catalog.=) 'uebergabe_ueberfaellig'"
"        AND u.kommune OPERATOR(pg_catalog.=) $1 AND u.fall_id OPERATOR(pg_catalog.=) k.fall_id"
"        AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL"
"   LEFT JOIN kaoa.organisation vo ON vo.kommune OPERATOR(pg_catalog.=) $1"
"        AND vo.org_id OPERATOR(pg_catalog.=) u.von_org"
"   LEFT JOIN kaoa.organisation ao ON ao.kommune OPERATOR(pg_catalog.=) $1"
"        AND ao.org_id OPERATOR(pg_catalog.=) u.an_org"
"  ORDER BY k.problem, k.fall_id";

/* the two figures of the Bündnis für Ausbildung, from the exact balance (KoKo and system only) */
static const char sql_buendnis[] =
"SELECT coalesce(sum(m.versorgt), 0)::text, coalesce(sum(m.bewerber), 0)::text,"
"       coalesce(sum(m.vorgeschlagen), 0)::text, coalesce(sum(m.plaetze), 0)::text"
"  FROM kaoa.ausbildungsmarkt($1, $2::int) m";

/* "62.3 %" (German "62,3 %") of zaehler / nenner, or "-" when there is nothing to divide by. */
static void
anteil(char *buf, size_t n, const char *zaehler, const char *nenner)
{
	double		z = atof(zaehler),
				d = atof(nenner);
	char		zahl[32];

	if (d <= 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%s %%", kaoa_dezimal(zahl, sizeof(zahl), 100.0 * z / d, 1));
}

/* "  <label padded to 24>  <a> of <b>  <share>": one line of the Bündnis figures, a right-aligned
 * and b left-aligned in 7 characters around the translated "of". */
static void
buendnis_zeile(const char *label, const char *a, const char *b, const char *share)
{
	char		ra[32],
				lb[32],
				von[96];

	snprintf(ra, sizeof(ra), "%7s", a);
	snprintf(lb, sizeof(lb), "%-7s", b);
	/* TRANSLATORS: "1234 of 5678" in the Bündnis figures of kaoa status (applicants, places) */
	snprintf(von, sizeof(von), _("%s of %s"), ra, lb);
	fputs("  ", stdout);
	spalte(label, 24, false);
	printf("  %s  ", von);
	spalte(share, 7, true);
	fputc('\n', stdout);
}

/*
 * The Bündnis section: the share of applicants versorgt and the share of places vorgeschlagen.  A
 * role that may not read the exact balance (anyone but the KoKo and the system) gets a note, and so
 * does a database whose kaoa is older than the balance.
 */
static void
buendnis_zeigen(PGconn *conn, const char *const *params, const char *schuljahr)
{
	PGresult   *r = PQexecParams(conn, sql_buendnis, 2, NULL, params, NULL, NULL, 0);
	char		a1[32],
				a2[32];

	printf(_("Bündnis für Ausbildung (applicants of this school year, places from 1 August %d)\n"), atoi(schuljahr) + 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
	{
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (!st || (strcmp(st, "KA004") != 0 && strcmp(st, "42501") != 0 && strcmp(st, "42883") != 0))
			kaoa_fatal("%s", kaoa_fehlertext(r, conn));
		printf(_("  not shown — %s\n"
				 "  (the exact balance of a Kommune is read by its KoKo or by a system role; BI roles read kaoa.v_ausbildungsmarkt)\n\n"),
			   kaoa_fehlertext(r, conn));
		PQclear(r);
		return;
	}
	anteil(a1, sizeof(a1), PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
	anteil(a2, sizeof(a2), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3));
	buendnis_zeile(_("applicants versorgt"), PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), a1);
	buendnis_zeile(_("places vorgeschlagen"), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3), a2);
	fputc('\n', stdout);
	PQclear(r);
}

/* The widths of "Cases by state": at least the heading's, in the user's language. */
static int	status_breite[4] = {20, 7, 13, 15};

/* One line of "Cases by state": state, cases, hand-off open, of them overdue (headings too). */
static void
status_zeile(const char *zustand, const char *faelle, const char *offen, const char *ueberfaellig)
{
	const char *werte[4] = {zustand, faelle, offen, ueberfaellig};

	for (int i = 0; i < 4; i++)
	{
		fputs("  ", stdout);
		spalte(werte[i], status_breite[i], i > 0);
	}
	fputc('\n', stdout);
}

/* The headings of "Cases by state": widens the columns to them, then prints them. */
static void
status_kopf(const char *zustand, const char *faelle, const char *offen, const char *ueberfaellig)
{
	const char *werte[4] = {zustand, faelle, offen, ueberfaellig};

	for (int i = 0; i < 4; i++)
		if (kaoa_breite(werte[i]) > status_breite[i])
			status_breite[i] = kaoa_breite(werte[i]);
	status_zeile(zustand, faelle, offen, ueberfaellig);
}

typedef struct befund
{
	const char *problem;
	const char *titel;
} befund;

static const befund befunde[] = {
	{"uebergabe_ueberfaellig", N_("Hand-offs not answered in time (uebergabe_ueberfaellig)")},
	{"ohne_nachricht", N_("Identified cases without news from an organisation for 30 days (ohne_nachricht)")},
	{"verbleib_ungeklaert", N_("After the Verbleib date, neither angetreten nor ausgenommen (verbleib_ungeklaert)")},
};

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
	const char *kommune = NULL,
			   *stichtag = NULL;
	char		schuljahr[16] = "",
				heute[16];
	long long	limit = 20,
				x;
	PGconn	   *conn;
	PGresult   *r,
			   *b;
	const char *params[3];
	int			c,
				i,
				k;
	bool		darf_pruefen = true;
	int			titelbreite = 82;
	char	   *pruef_fehler = NULL;

	while ((c = getopt_long(argc, argv, "k:s:t:n:d:h:p:U:?", lang, NULL)) != -1)
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
			case 'k':
				if (strlen(optarg) != 5 || strspn(optarg, "0123456789") != 5)
					kaoa_usage_fehler("--kommune needs a 5-digit Kreisschlüssel (e.g. 05566), got \"%s\"", optarg);
				kommune = optarg;
				break;
			case 's':
				if (!kaoa_zahl_lesen(optarg, 2000, 2100, &x))
					kaoa_usage_fehler("--schuljahr needs the start year of a school year (2000-2100), got \"%s\"", optarg);
				snprintf(schuljahr, sizeof(schuljahr), "%lld", x);
				break;
			case 't':
				{
					int			y,
								m,
								d;
					char		rest;

					if (sscanf(optarg, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
						kaoa_usage_fehler("--stichtag needs a date YYYY-MM-DD, got \"%s\"", optarg);
					stichtag = optarg;
					break;
				}
			case 'n':
				if (!kaoa_zahl_lesen(optarg, 0, 100000000, &limit))
					kaoa_usage_fehler("--limit needs a whole number (0 = all), got \"%s\"", optarg);
				break;
			default:
				kaoa_usage_fehler("unknown option \"%s\"", argv[optind - 1]);
		}
	}
	if (optind < argc)
		kaoa_usage_fehler("unexpected argument \"%s\"", argv[optind]);
	if (!kommune)
		kaoa_usage_fehler("--kommune is required (the 5-digit Kreisschlüssel, e.g. --kommune 05566)");

	conn = kaoa_verbinden(v);
	r = PQexec(conn, "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'kaoa'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, conn));
	if (PQntuples(r) == 0)
		kaoa_fatal("the extension kaoa is not installed in database \"%s\" (CREATE EXTENSION kaoa)", PQdb(conn));
	PQclear(r);

	if (!stichtag)
	{
		r = abfrage(conn, "SELECT CURRENT_DATE::text", 0, NULL);
		snprintf(heute, sizeof(heute), "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
		stichtag = heute;
	}
	params[0] = kommune;
	r = abfrage(conn, "SELECT k.name, (SELECT max(f.schuljahr)::text FROM kaoa.fall f"
				"  WHERE f.kommune OPERATOR(pg_catalog.=) $1)"
				" FROM kaoa.kommune k WHERE k.kommune OPERATOR(pg_catalog.=) $1", 1, params);
	if (PQntuples(r) == 0)
		kaoa_fatal("there is no Kommune %s in database \"%s\" (or this role may not see it)", kommune, PQdb(conn));
	if (!*schuljahr)
	{
		if (PQgetisnull(r, 0, 1))
		{
			printf(_("Verantwortungskette %s (%s): no cases visible to this role.\n"), PQgetvalue(r, 0, 0), kommune);
			PQclear(r);
			PQfinish(conn);
			return KAOA_EXIT_OK;
		}
		snprintf(schuljahr, sizeof(schuljahr), "%s", PQgetvalue(r, 0, 1));
	}
	printf(_("Verantwortungskette %s (%s) · Schuljahr %s/%02d · as of %s\n\n"), PQgetvalue(r, 0, 0), kommune,
		   schuljahr, (atoi(schuljahr) + 1) % 100, stichtag);
	PQclear(r);

	params[1] = schuljahr;
	params[2] = stichtag;
	r = abfrage(conn, sql_status, 3, params);
	{
		long		sum[3] = {0, 0, 0};

		char		zahl[3][24];

		printf(_("Cases by state\n"));
		status_kopf(_("state"), _("cases"), _("hand-off open"), _("of them overdue"));
		for (i = 0; i < PQntuples(r); i++)
		{
			status_zeile(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
			for (k = 0; k < 3; k++)
				sum[k] += atol(PQgetvalue(r, i, k + 1));
		}
		for (k = 0; k < 3; k++)
			snprintf(zahl[k], sizeof(zahl[k]), "%ld", sum[k]);
		status_zeile(_("all"), zahl[0], zahl[1], zahl[2]);
		fputc('\n', stdout);
	}
	PQclear(r);

	buendnis_zeigen(conn, params, schuljahr);

	/* kette_pruefen is for the KoKo and the system; others see the note and their own cases only */
	b = PQexecParams(conn, sql_befunde, 3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(b) != PGRES_TUPLES_OK)
	{
		const char *st = PQresultErrorField(b, PG_DIAG_SQLSTATE);

		if (!st || (strcmp(st, "KA004") != 0 && strcmp(st, "42501") != 0))
			kaoa_fatal("%s", kaoa_fehlertext(b, conn));
		darf_pruefen = false;
		pruef_fehler = strdup(kaoa_fehlertext(b, conn));
	}
	if (!darf_pruefen)
	{
		printf(_("What kaoa.kette_pruefen finds: not shown — %s\n"
				 "(the chain of a Kommune is checked by its KoKo or by a system role)\n"), pruef_fehler);
		free(pruef_fehler);
		PQclear(b);
		PQfinish(conn);
		return KAOA_EXIT_OK;
	}

	printf(_("What kaoa.kette_pruefen finds\n"));
	/* the titles' column: 82 characters, or the longest title in the user's language */
	for (k = 0; k < (int) (sizeof(befunde) / sizeof(befunde[0])); k++)
		if (kaoa_breite(_(befunde[k].titel)) > titelbreite)
			titelbreite = kaoa_breite(_(befunde[k].titel));
	for (k = 0; k < (int) (sizeof(befunde) / sizeof(befunde[0])); k++)
	{
		int			n = 0;

		for (i = 0; i < PQntuples(b); i++)
			n += strcmp(PQgetvalue(b, i, 0), befunde[k].problem) == 0;
		fputs("  ", stdout);
		spalte(_(befunde[k].titel), titelbreite, false);
		printf(" %6d\n", n);
	}

	for (k = 0; k < (int) (sizeof(befunde) / sizeof(befunde[0])); k++)
	{
		int			n = 0,
					gezeigt = 0;

		for (i = 0; i < PQntuples(b); i++)
			n += strcmp(PQgetvalue(b, i, 0), befunde[k].problem) == 0;
		if (n == 0)
			continue;
		printf("\n%s\n", _(befunde[k].titel));
		fputs("  ", stdout);
		spalte(_("case"), 8, true);
		fputs("  ", stdout);
		spalte(_("state"), 18, false);
		fputs("  ", stdout);
		if (k == 0)
		{
			spalte(_("from"), 28, false);
			fputs("  ", stdout);
			spalte(_("to"), 28, false);
			fputs("  ", stdout);
			spalte(_("sent"), 10, false);
			fputs("  ", stdout);
			spalte(_("due"), 10, false);
			printf("  %s\n", _("days over"));
		}
		else
		{
			spalte(_("responsible"), 40, false);
			printf("  %s\n", _("last news"));
		}
		for (i = 0; i < PQntuples(b); i++)
		{
			if (strcmp(PQgetvalue(b, i, 0), befunde[k].problem) != 0)
				continue;
			if (limit > 0 && gezeigt >= limit)
			{
				printf(ngettext("  … and %d more (--limit 0 shows all)\n", "  … and %d more (--limit 0 shows all)\n",
								n - gezeigt), n - gezeigt);
				break;
			}
			printf("  %8s  ", PQgetvalue(b, i, 1));
			spalte(PQgetvalue(b, i, 2), 18, false);
			fputs("  ", stdout);
			if (k == 0)
			{
				spalte(PQgetvalue(b, i, 7), 28, false);
				fputs("  ", stdout);
				spalte(PQgetvalue(b, i, 8), 28, false);
				printf("  %-10s  %-10s  %s\n", PQgetvalue(b, i, 4), PQgetvalue(b, i, 5), PQgetvalue(b, i, 6));
			}
			else
			{
				spalte(PQgetvalue(b, i, 3), 40, false);
				printf("  %s\n", PQgetisnull(b, i, 9) ? _("never") : PQgetvalue(b, i, 9));
			}
			gezeigt++;
		}
	}
	PQclear(b);
	PQfinish(conn);
	return KAOA_EXIT_OK;
}
