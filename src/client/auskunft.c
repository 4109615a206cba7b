/*
 * auskunft.c — `kaoa auskunft PSEUDONYM --kommune AGS [--format text|json]`: everything kaoa holds
 * about one young person, for an access request (Art. 15 DSGVO), as a coordinator can read it or
 * as JSON.
 *
 * The record comes from the server function kaoa.auskunft(person_id), which decides who may ask
 * (the organisation holding the person's current case, the KoKo of the Kommune, system roles); the
 * person is found by pseudonym with the connected role's rights, in the same statement, so a person
 * the role may not see answers like one that does not exist.  The text form prints every part the
 * server returns, in a fixed order; parts it does not know yet are printed generically, so a
 * newer server's parts are never left out.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "client/kaoa.h"

static const char hilfe[] = N_(
"kaoa auskunft — everything kaoa holds about one young person, for an access request (Art. 15 GDPR)\n"
"\n"
"Usage:\n"
"  kaoa auskunft PSEUDONYM --kommune AGS [--format text|json] [CONNECTION OPTIONS]\n"
"\n"
"Prints the record kaoa.auskunft returns: the person, the identity while it is held (its values\n"
"only for the school keeping it and system roles), the cases,\n"
"every hand-off with its legal basis, receiver and the fields that basis lets the receiver read,\n"
"consents, contact attempts, Standardelemente, Anschlussvereinbarungen, registrations, the\n"
"applicant profile, proposed places, the log (count per kind) and when each part is deleted.\n"
"The organisation holding the person's current case, the KoKo of the Kommune and system roles\n"
"may ask; for anyone else the person does not exist.\n"
"\n"
"Options:\n"
"  -k, --kommune=AGS          the Kommune's 5-digit Kreisschlüssel (required), e.g. 05566\n"
"  -f, --format=text|json     text for a reader (default), json as the server returns it\n"
"  -?, --help                 print this help and exit\n"
"\n"
"%s");

/* ------------------------------------------------------------------ small printers */

/* A JSON value as text: strings as they are, null as "—", true/false as "yes"/"no" in the
 * reader's language, timestamps to the minute. */
static const char *
wert(json_object *o)
{
	static char puffer[64];
	const char *s;

	if (o == NULL)
		return "—";
	if (json_object_is_type(o, json_type_boolean))
		return json_object_get_boolean(o) ? _("yes") : _("no");
	if (!json_object_is_type(o, json_type_string))
		return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	s = json_object_get_string(o);
	/* 2026-12-07T06:18:16.638662+00:00 -> 2026-12-07 06:18 */
	if (strlen(s) >= 19 && s[4] == '-' && s[10] == 'T' && s[13] == ':')
	{
		snprintf(puffer, sizeof(puffer), "%.10s %.5s", s, s + 11);
		return puffer;
	}
	return s;
}

static json_object *
feld(json_object *o, const char *name)
{
	json_object *v = NULL;

	if (o == NULL || !json_object_object_get_ex(o, name, &v))
		return NULL;
	return v;
}

/* An organisation {org_id, name, typ} as "name (typ)". */
static const char *
org(json_object *o)
{
	static char puffer[2][256];
	static int	welcher = 0;
	char	   *p = puffer[welcher];

	welcher = 1 - welcher;
	if (o == NULL || json_object_is_type(o, json_type_null))
		return "—";
	snprintf(p, 256, "%s (%s)", wert(feld(o, "name")), wert(feld(o, "typ")));
	return p;
}

/* "  name<padding> text": the name in a column of 28 by display width (umlauts, §). */
static void
zeile_eingerueckt(const char *einzug, const char *name, const char *text)
{
	int			b = kaoa_breite(name);

	printf("%s%s%*s %s\n", einzug, name, b < 28 ? 28 - b : 0, "", text);
}

static void
zeile(const char *name, const char *text)
{
	zeile_eingerueckt("  ", name, text);
}

static int
nach_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Every key of object o as "key value" lines, sorted by key (for the parts read generically, so
 * that a column a newer server adds is printed too). */
static void
alle_felder(json_object *o, const char *einzug, const char *const *auslassen)
{
	const char *namen[128];
	int			n = 0;

	json_object_object_foreach(o, k, v)
	{
		bool		weg = false;

		(void) v;
		for (const char *const *a = auslassen; a && *a; a++)
			weg |= strcmp(*a, k) == 0;
		if (!weg && n < 128)
			namen[n++] = k;
	}
	qsort(namen, n, sizeof(namen[0]), nach_name);
	for (int i = 0; i < n; i++)
		zeile_eingerueckt(einzug, namen[i], wert(feld(o, namen[i])));
}

static int
anzahl(json_object *a)
{
	return a && json_object_is_type(a, json_type_array) ? (int) json_object_array_length(a) : 0;
}

static void
titel(const char *text, json_object *liste)
{
	printf("\n%s (%d)\n", text, anzahl(liste));
	if (anzahl(liste) == 0)
		printf("  %s\n", _("none"));
}

/* ------------------------------------------------------------------ the report */

static void
als_text(json_object *r, const char *pseudonym)
{
	json_object *p = feld(r, "person"),
			   *id = feld(r, "identitaet"),
			   *liste,
			   *e;
	static const char *const ohne_ids[] = {"kommune", "person_id", NULL};

	printf(_("Record of person %s (person_id %s), Kommune %s, as of %s\n"), pseudonym,
		   wert(feld(r, "person_id")), wert(feld(r, "kommune")), wert(feld(r, "stand")));
	printf("%s\n", _("Everything kaoa holds about the person (access request, Art. 15 GDPR)."));

	printf("\n%s\n", _("Person"));
	zeile(_("pseudonym"), wert(feld(p, "pseudonym")));
	{
		char		monat[16];

		/* only the month is kept: 2009-04-01 -> 2009-04 */
		snprintf(monat, sizeof(monat), "%.7s", wert(feld(p, "geburtsmonat")));
		zeile(_("birth month"), monat);
	}
	zeile(_("objection (§ 31a SGB III)"), wert(feld(p, "widerspruch_am")));
	zeile(_("registered by"), org(feld(p, "angelegt_von")));

	printf("\n%s\n", _("Identity"));
	if (id == NULL || json_object_is_type(id, json_type_null))
		printf("  %s\n", _("not held (deleted, or never recorded)"));
	else
	{
		static const char *const reihe[] = {"nachname", "vorname", "geburtsdatum", "geschlecht", "anschrift", NULL};
		static const char *const teile[] = {"felder", "loeschen_am", "werte", NULL};
		json_object *felder = feld(id, "felder"),
				   *werte = feld(id, "werte");
		char		text[256] = "";

		for (int i = 0; i < anzahl(felder); i++)
		{
			strncat(text, i ? ", " : "", sizeof(text) - strlen(text) - 1);
			strncat(text, wert(json_object_array_get_idx(felder, i)), sizeof(text) - strlen(text) - 1);
		}
		zeile(_("fields held"), anzahl(felder) ? text : _("none"));
		zeile(_("deleted on"), wert(feld(id, "loeschen_am")));
		if (werte == NULL || json_object_is_type(werte, json_type_null))
			zeile(_("values"), _("not shown: only the school keeping the identity and system roles read them"));
		else
		{
			for (const char *const *k = reihe; *k; k++)
				zeile(*k, wert(feld(werte, *k)));
			alle_felder(werte, "  ", reihe);	/* anything a later version adds */
		}
		alle_felder(id, "  ", teile);
	}

	liste = feld(r, "faelle");
	titel(_("Cases"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		e = json_object_array_get_idx(liste, i);
		printf(_("  case %s, school year %s: %s since %s\n"), wert(feld(e, "fall_id")), wert(feld(e, "schuljahr")),
			   wert(feld(e, "status")), wert(feld(e, "status_seit")));
		printf(_("    school %s, school form %s; held by %s\n"), org(feld(e, "schule")), wert(feld(e, "schulform")),
			   org(feld(e, "zustaendig")));
		if (json_object_get_boolean(feld(e, "abschluss_erwartet")))
			printf(_("    abschluss %s (expected), anschluss %s, admitting %s\n"), wert(feld(e, "abschluss")),
				   wert(feld(e, "anschluss")), org(feld(e, "aufnehmend")));
		else
			printf(_("    abschluss %s, anschluss %s, admitting %s\n"), wert(feld(e, "abschluss")),
				   wert(feld(e, "anschluss")), org(feld(e, "aufnehmend")));
		if (feld(e, "grund") && !json_object_is_type(feld(e, "grund"), json_type_null))
			printf(_("    reason given with the last status change: %s\n"), wert(feld(e, "grund")));
	}

	liste = feld(r, "uebergaben");
	titel(_("Hand-offs (who received which data, on which legal basis)"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		json_object *f;
		int			n;

		e = json_object_array_get_idx(liste, i);
		printf(_("  hand-off %s of case %s, sent %s\n"), wert(feld(e, "uebergabe_id")), wert(feld(e, "fall_id")),
			   wert(feld(e, "gesendet_am")));
		printf(_("    from %s to %s\n"), org(feld(e, "von")), org(feld(e, "an")));
		if (feld(e, "einwilligung_id") && !json_object_is_type(feld(e, "einwilligung_id"), json_type_null))
			printf(_("    legal basis %s, consent %s\n"), wert(feld(e, "rechtsgrundlage")), wert(feld(e, "einwilligung_id")));
		else
			printf(_("    legal basis %s\n"), wert(feld(e, "rechtsgrundlage")));
		printf("    %s ", _("fields the receiver may read:"));
		f = feld(e, "felder");
		n = anzahl(f);
		for (int k = 0; k < n; k++)
			printf("%s%s", k ? ", " : "", wert(json_object_array_get_idx(f, k)));
		printf("%s\n", n ? "" : _("none"));
		if (feld(e, "beantwortet_am") && !json_object_is_type(feld(e, "beantwortet_am"), json_type_null))
			printf(_("    answer: %s on %s\n"), wert(feld(e, "antwort")), wert(feld(e, "beantwortet_am")));
		else
			printf(_("    answer: %s\n"), wert(feld(e, "antwort")));
	}

	liste = feld(r, "einwilligungen");
	titel(_("Consents"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		printf(_("  consent %s\n"), wert(feld(json_object_array_get_idx(liste, i), "einwilligung_id")));
		alle_felder(json_object_array_get_idx(liste, i), "    ", (const char *const[]) {"einwilligung_id", NULL});
	}

	liste = feld(r, "kontaktversuche");
	titel(_("Contact attempts"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		e = json_object_array_get_idx(liste, i);
		printf(_("  %s  case %s  "), wert(feld(e, "zeit")), wert(feld(e, "fall_id")));
		kaoa_zelle(stdout, wert(feld(e, "kanal")), 12, false);
		fputc(' ', stdout);
		/* the column as wide as the longer of the two words, in the user's language */
		kaoa_zelle(stdout, json_object_get_boolean(feld(e, "erfolgreich")) ? _("reached") : _("not reached"),
					kaoa_breite(_("reached")) > kaoa_breite(_("not reached")) ? kaoa_breite(_("reached")) : kaoa_breite(_("not reached")),
					false);
		printf(_("  by %s\n"), org(feld(e, "org")));
	}

	e = feld(r, "sbo");
	liste = feld(e, "schulbesuche");
	titel(_("Enrolments"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		json_object *s = json_object_array_get_idx(liste, i);

		printf(_("  school year %s: grade %s at %s, school form %s\n"), wert(feld(s, "schuljahr")), wert(feld(s, "jahrgang")),
			   org(feld(s, "schule")), wert(feld(s, "schulform")));
	}
	liste = feld(e, "teilnahmen");
	titel(_("Standardelemente taken part in"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		json_object *t = json_object_array_get_idx(liste, i);

		printf("  %s %s (%s)\n", wert(feld(t, "datum")), wert(feld(t, "sbo_code")), wert(feld(t, "element")));
		alle_felder(t, "    ", (const char *const[]) {"datum", "sbo_code", "element", NULL});
	}
	liste = feld(e, "massnahmen");
	titel(_("Measures taken part in"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		json_object *t = json_object_array_get_idx(liste, i);

		printf("  %s %s\n", wert(feld(t, "datum")), wert(feld(t, "titel")));
		alle_felder(t, "    ", (const char *const[]) {"datum", "titel", NULL});
	}

	liste = feld(r, "anschlussvereinbarungen");
	titel(_("Anschlussvereinbarungen"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		printf(_("  agreement of %s\n"), wert(feld(json_object_array_get_idx(liste, i), "datum")));
		alle_felder(json_object_array_get_idx(liste, i), "    ", (const char *const[]) {"datum", NULL});
	}

	liste = feld(r, "anmeldungen");
	titel(_("Registrations for measures"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		json_object *a = json_object_array_get_idx(liste, i);

		printf("  %s: %s\n", wert(feld(a, "massnahme")), wert(feld(a, "status")));
		alle_felder(a, "    ", (const char *const[]) {"massnahme", "status", NULL});
	}

	e = feld(r, "bewerberprofil");
	printf("\n%s\n", _("Applicant profile"));
	if (e == NULL || json_object_is_type(e, json_type_null))
		printf("  %s\n", _("none"));
	else
		alle_felder(e, "  ", ohne_ids);

	liste = feld(r, "zuteilungen");
	titel(_("Places proposed by assignment runs (proposals, not decisions)"), liste);
	for (int i = 0; i < anzahl(liste); i++)
	{
		e = json_object_array_get_idx(liste, i);
		printf(_("  run %s of %s (school year %s): %s, passung %s\n"), wert(feld(e, "lauf_id")), wert(feld(e, "zeit")),
			   wert(feld(e, "schuljahr")),
			   json_object_is_type(feld(e, "angebot"), json_type_null) || !feld(e, "angebot") ? _("no place") : wert(feld(e, "angebot")),
			   wert(feld(e, "passung")));
	}

	e = feld(r, "ereignisse");
	printf("\n%s\n", _("Log entries (count per kind)"));
	if (e == NULL || json_object_object_length(e) == 0)
		printf("  %s\n", _("none"));
	else
		alle_felder(e, "  ", NULL);

	e = feld(r, "loeschung");
	printf("\n%s\n", _("Deletion"));
	{
		json_object *t = feld(e, "identitaet");

		zeile(_("identity"), t == NULL || json_object_is_type(t, json_type_null) ?
			  _("not scheduled (no case yet)") : wert(t));
		liste = feld(e, "uebergaben");
		for (int i = 0; i < anzahl(liste); i++)
		{
			char		name[64];

			snprintf(name, sizeof(name), _("data of hand-off %s"), wert(feld(json_object_array_get_idx(liste, i), "uebergabe_id")));
			zeile(name, wert(feld(json_object_array_get_idx(liste, i), "loeschen_am")));
		}
		{
			const char *namen[64];
			int			n = 0;
			char		text[1024] = "";

			json_object_object_foreach(e, k, v)
			{
				if (json_object_is_type(v, json_type_null) && strcmp(k, "identitaet") != 0 && n < 64)
					namen[n++] = k;
			}
			qsort(namen, n, sizeof(namen[0]), nach_name);
			for (int i = 0; i < n; i++)
			{
				strncat(text, i ? ", " : "", sizeof(text) - strlen(text) - 1);
				strncat(text, namen[i], sizeof(text) - strlen(text) - 1);
			}
			zeile(_("kept, pseudonymous"), n ? text : "—");
		}
	}
}

/* ------------------------------------------------------------------ the subcommand */

static const char sql_auskunft[] =
"SELECT a.a::text, pg_catalog.jsonb_pretty(a.a)"
"  FROM (SELECT kaoa.auskunft(p.person_id) AS a FROM kaoa.person p"
"         WHERE p.kommune OPERATOR(pg_catalog.=) $1 AND p.pseudonym OPERATOR(pg_catalog.=) $2 OFFSET 0) a";

int
kaoa_cmd_auskunft(int argc, char **argv, kaoa_verbindung *v)
{
	static const struct option lang[] = {
		{"kommune", required_argument, NULL, 'k'},
		{"format", required_argument, NULL, 'f'},
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"help", no_argument, NULL, KAOA_OPT_HILFE},
		{NULL, 0, NULL, 0}
	};
	const char *kommune = NULL,
			   *pseudonym = NULL;
	bool		json = false;
	PGconn	   *conn;
	PGresult   *r;
	const char *params[2];
	int			c;

	while ((c = getopt_long(argc, argv, "k:f:d:h:p:U:?", lang, NULL)) != -1)
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
			case 'f':
				if (strcmp(optarg, "json") == 0)
					json = true;
				else if (strcmp(optarg, "text") == 0)
					json = false;
				else
					kaoa_usage_fehler("--format is text or json, got \"%s\"", optarg);
				break;
			default:
				kaoa_usage_fehler("unknown option \"%s\"", argv[optind - 1]);
		}
	}
	if (optind < argc)
		pseudonym = argv[optind++];
	if (optind < argc)
		kaoa_usage_fehler("unexpected argument \"%s\" (one pseudonym at a time)", argv[optind]);
	if (!pseudonym || !*pseudonym)
		kaoa_usage_fehler("the pseudonym of the person is missing (kaoa auskunft PSEUDONYM --kommune AGS)");
	if (!kommune)
		kaoa_usage_fehler("--kommune is required (the 5-digit Kreisschlüssel, e.g. --kommune 05566)");

	conn = kaoa_verbinden(v);
	r = PQexec(conn, "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'kaoa'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_fatal("%s", kaoa_fehlertext(r, conn));
	if (PQntuples(r) == 0)
		kaoa_fatal("the extension kaoa is not installed in database \"%s\" (CREATE EXTENSION kaoa)", PQdb(conn));
	PQclear(r);

	params[0] = kommune;
	params[1] = pseudonym;
	r = PQexecParams(conn, sql_auskunft, 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		kaoa_server_fehler(r, conn);
	if (PQntuples(r) == 0)
		kaoa_fatal("Kommune %s has no person with pseudonym \"%s\" that this role may ask about", kommune, pseudonym);
	if (json)
		printf("%s\n", PQgetvalue(r, 0, 1));
	else
	{
		json_object *o = json_tokener_parse(PQgetvalue(r, 0, 0));

		if (o == NULL)
			kaoa_fatal("the server's record could not be read as JSON");
		als_text(o, pseudonym);
		json_object_put(o);
	}
	PQclear(r);
	PQfinish(conn);
	return KAOA_EXIT_OK;
}
