/*
 * kette_auskunft.c — kaoa.auskunft(person_id) → jsonb: everything kaoa holds about one person, for
 * an access request (Art. 15 DSGVO).
 *
 * Design note.  The answer is one jsonb object built by one SQL statement, run as the extension
 * owner under a pinned search_path (pg_catalog, pg_temp), so it covers every row whatever
 * row-level security would show the caller and needs no look-up per part.  Who may ask is decided
 * first, in C: the organisation holding the person's current case (before a first case: the school
 * that registered them; kaoa_person_gehalten_fuer), the KoKo of the person's Kommune and system
 * roles; anyone else gets the answer for a person that does not exist (KA004), so ids cannot be
 * probed.  The parts (docs/auskunft.md): person, identitaet, faelle, uebergaben (with the fields
 * each basis lets the receiver read — taken from the chain's rule core, passed in as $2, so the
 * lists live in one place), einwilligungen, kontaktversuche, sbo, anschlussvereinbarungen,
 * anmeldungen, bewerberprofil, zuteilungen, ereignisse (count per kind) and loeschung (the day each
 * part is deleted, read from kaoa.loeschtermine, the view kaoa.loeschfristen_anwenden deletes by).
 *
 * The record is no way around the identity's legal basis: `identitaet` carries the values only
 * for those who may read kaoa.person_identitaet directly (the school keeping it, system roles;
 * kaoa_identitaet_sichtbar_fuer, passed in as $3).  Everyone else who may ask — a holder that is
 * not the keeper, the KoKo — learns that an identity is held, which fields, and the day it goes.
 * Every answer is logged (kaoa.ereignis, art auskunft, without a case so it is no work on the case)
 * and written to the server log, so access requests leave a trace even in a transaction that is
 * rolled back; so the function writes, and runs on the primary only.
 */
#include "kette/kette_intern.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

PG_FUNCTION_INFO_V1(kaoa_auskunft);

/* An organisation of the person's Kommune as {"org_id", "name", "typ"}; null for NULL. */
#define ORG(id) \
	"(SELECT jsonb_build_object('org_id', o.org_id, 'name', o.name, 'typ', o.typ)" \
	"   FROM kaoa.organisation o WHERE o.kommune = p.kommune AND o.org_id = " id ")"

/*
 * The whole answer.  $1 the person, $2 the field lists per basis ({"schuldueg_1_1": [...], …,
 * "einwilligung": the list a consent may cover}), $3 whether the caller may read the identity's
 * values.  ANMELDUNGEN is the part for registrations.
 */
#define AUSKUNFT_SQL(ANMELDUNGEN) \
	"WITH p AS (SELECT * FROM kaoa.person WHERE person_id = $1)," \
	" f AS (SELECT f.* FROM kaoa.fall f JOIN p ON f.kommune = p.kommune AND f.person_id = p.person_id)" \
	" SELECT jsonb_build_object(" \
	"  'person_id', p.person_id, 'kommune', p.kommune, 'stand', now()," \
	"  'person', jsonb_build_object('pseudonym', p.pseudonym, 'geburtsmonat', p.geburtsmonat," \
	"             'widerspruch_am', p.widerspruch_am, 'angelegt_von', " ORG("p.angelegt_von") ")," \
	"  'identitaet', (SELECT jsonb_build_object(" \
	"                   'felder', (SELECT COALESCE(jsonb_agg(x.feld ORDER BY x.n), '[]')" \
	"                                FROM unnest(ARRAY['nachname', 'vorname', 'geburtsdatum', 'geschlecht', 'anschrift']," \
	"                                            ARRAY[i.nachname IS NOT NULL, i.vorname IS NOT NULL," \
	"                                                  i.geburtsdatum IS NOT NULL, i.geschlecht IS NOT NULL," \
	"                                                  i.anschrift IS NOT NULL])" \
	"                                     WITH ORDINALITY x(feld, da, n) WHERE x.da)," \
	"                   'loeschen_am', (SELECT t.loeschen_am FROM kaoa.loeschtermine t" \
	"                                    WHERE t.kommune = p.kommune AND t.person_id = p.person_id" \
	"                                      AND t.teil = 'identitaet')," \
	"                   'werte', CASE WHEN $3 THEN jsonb_build_object('nachname', i.nachname, 'vorname', i.vorname," \
	"                              'geburtsdatum', i.geburtsdatum, 'geschlecht', i.geschlecht, 'anschrift', i.anschrift) END)" \
	"                  FROM kaoa.person_identitaet i WHERE i.kommune = p.kommune AND i.person_id = p.person_id)," \
	"  'faelle', COALESCE((SELECT jsonb_agg(jsonb_build_object(" \
	"                 'fall_id', f.fall_id, 'schuljahr', f.schuljahr, 'schule', " ORG("f.schule_org") "," \
	"                 'schulform', f.schulform, 'status', f.status, 'status_seit', f.status_seit," \
	"                 'zustaendig', " ORG("f.zustaendig_org") ", 'abschluss', f.abschluss::text," \
	"                 'abschluss_erwartet', f.abschluss_erwartet, 'anschluss', f.anschluss," \
	"                 'aufnehmend', " ORG("f.aufnehmende_org") ", 'grund', f.grund)" \
	"               ORDER BY f.schuljahr, f.fall_id) FROM f), '[]')," \
	"  'uebergaben', COALESCE((SELECT jsonb_agg(jsonb_build_object(" \
	"                 'uebergabe_id', u.uebergabe_id, 'fall_id', u.fall_id," \
	"                 'von', " ORG("u.von_org") ", 'an', " ORG("u.an_org") "," \
	"                 'rechtsgrundlage', u.rechtsgrundlage, 'einwilligung_id', u.einwilligung_id," \
	"                 'felder', CASE WHEN u.rechtsgrundlage = 'einwilligung'" \
	"                           THEN COALESCE((SELECT jsonb_agg(x.feld ORDER BY x.n)" \
	"                                            FROM jsonb_array_elements_text($2 -> 'einwilligung')" \
	"                                                 WITH ORDINALITY x(feld, n)" \
	"                                           WHERE e.daten IS NULL OR x.feld = ANY (e.daten)), '[]')" \
	"                           ELSE $2 -> u.rechtsgrundlage::text END," \
	"                 'gesendet_am', u.gesendet_am, 'faellig_am', u.faellig_am," \
	"                 'antwort', CASE WHEN u.uebernommen_am IS NOT NULL THEN 'uebernommen'" \
	"                                 WHEN u.abgelehnt_am IS NOT NULL THEN 'abgelehnt'" \
	"                                 WHEN u.zurueckgezogen_am IS NOT NULL THEN 'zurueckgezogen'" \
	"                                 ELSE 'offen' END," \
	"                 'beantwortet_am', COALESCE(u.uebernommen_am, u.abgelehnt_am, u.zurueckgezogen_am)," \
	"                 'grund', u.grund)" \
	"               ORDER BY u.gesendet_am, u.uebergabe_id)" \
	"             FROM kaoa.uebergabe u JOIN f ON u.kommune = f.kommune AND u.fall_id = f.fall_id" \
	"             LEFT JOIN kaoa.einwilligung e ON e.kommune = u.kommune AND e.einwilligung_id = u.einwilligung_id), '[]')," \
	"  'einwilligungen', COALESCE((SELECT jsonb_agg(to_jsonb(e) - 'kommune' - 'person_id' ORDER BY e.einwilligung_id)" \
	"             FROM kaoa.einwilligung e WHERE e.kommune = p.kommune AND e.person_id = p.person_id), '[]')," \
	"  'kontaktversuche', COALESCE((SELECT jsonb_agg(jsonb_build_object(" \
	"                 'kontaktversuch_id', k.kontaktversuch_id, 'fall_id', k.fall_id, 'org', " ORG("k.org_id") "," \
	"                 'zeit', k.zeit, 'kanal', k.kanal, 'erfolgreich', k.erfolgreich)" \
	"               ORDER BY k.zeit, k.kontaktversuch_id)" \
	"             FROM kaoa.kontaktversuch k JOIN f ON k.kommune = f.kommune AND k.fall_id = f.fall_id), '[]')," \
	"  'sbo', jsonb_build_object(" \
	"     'schulbesuche', COALESCE((SELECT jsonb_agg(jsonb_build_object('schuljahr', s.schuljahr," \
	"                       'schule', " ORG("s.schule_org") ", 'schulform', s.schulform, 'jahrgang', s.jahrgang)" \
	"                     ORDER BY s.schuljahr)" \
	"                   FROM kaoa.schulbesuch s WHERE s.kommune = p.kommune AND s.person_id = p.person_id), '[]')," \
	"     'teilnahmen', COALESCE((SELECT jsonb_agg((to_jsonb(t) - 'kommune' - 'person_id')" \
	"                       || jsonb_build_object('element', c.name) ORDER BY t.datum, t.teilnahme_id)" \
	"                   FROM kaoa.sbo_teilnahme t" \
	"                   LEFT JOIN kaoa.sbo_katalog c ON c.version = t.katalog_version AND c.code = t.sbo_code" \
	"                  WHERE t.kommune = p.kommune AND t.person_id = p.person_id), '[]')," \
	"     'massnahmen', COALESCE((SELECT jsonb_agg((to_jsonb(t) - 'kommune' - 'person_id')" \
	"                       || jsonb_build_object('titel', m.titel) ORDER BY t.datum, t.massnahme_teilnahme_id)" \
	"                   FROM kaoa.massnahme_teilnahme t" \
	"                   LEFT JOIN kaoa.massnahme m ON m.kommune = t.kommune AND m.massnahme_id = t.massnahme_id" \
	"                  WHERE t.kommune = p.kommune AND t.person_id = p.person_id), '[]'))," \
	"  'anschlussvereinbarungen', COALESCE((SELECT jsonb_agg(to_jsonb(a) - 'kommune' - 'person_id'" \
	"               ORDER BY a.datum, a.vereinbarung_id)" \
	"             FROM kaoa.anschlussvereinbarung a WHERE a.kommune = p.kommune AND a.person_id = p.person_id), '[]')," \
	"  'anmeldungen', " ANMELDUNGEN "," \
	"  'bewerberprofil', (SELECT to_jsonb(b) - 'kommune' - 'person_id' FROM kaoa.bewerberprofil b" \
	"             WHERE b.kommune = p.kommune AND b.person_id = p.person_id)," \
	"  'zuteilungen', COALESCE((SELECT jsonb_agg(jsonb_build_object('lauf_id', z.lauf_id, 'zeit', l.zeit," \
	"                 'schuljahr', l.schuljahr, 'angebot_id', z.angebot_id, 'angebot', a.titel, 'passung', z.passung)" \
	"               ORDER BY l.zeit, z.lauf_id)" \
	"             FROM kaoa.zuteilung z JOIN kaoa.zuteilung_lauf l ON l.kommune = z.kommune AND l.lauf_id = z.lauf_id" \
	"             LEFT JOIN kaoa.angebot a ON a.angebot_id = z.angebot_id" \
	"            WHERE z.kommune = p.kommune AND z.person_id = p.person_id), '[]')," \
	"  'ereignisse', COALESCE((SELECT jsonb_object_agg(x.art, x.n) FROM (" \
	"               SELECT e.art, count(*) AS n FROM kaoa.ereignis e" \
	"                WHERE e.kommune = p.kommune" \
	"                  AND (e.fall_id IN (SELECT fall_id FROM f)" \
	"                       OR (e.fall_id IS NULL AND e.details ->> 'person_id' = p.person_id::text))" \
	"                GROUP BY e.art) x), '{}')," \
	"  'loeschung', jsonb_build_object(" \
	"     'person', NULL, 'faelle', NULL, 'einwilligungen', NULL, 'kontaktversuche', NULL, 'sbo', NULL," \
	"     'anschlussvereinbarungen', NULL, 'anmeldungen', NULL, 'bewerberprofil', NULL, 'zuteilungen', NULL," \
	"     'ereignisse', NULL," \
	"     'identitaet', (SELECT t.loeschen_am FROM kaoa.loeschtermine t" \
	"                    WHERE t.kommune = p.kommune AND t.person_id = p.person_id AND t.teil = 'identitaet')," \
	"     'uebergaben', COALESCE((SELECT jsonb_agg(jsonb_build_object('uebergabe_id', t.uebergabe_id," \
	"                       'loeschen_am', t.loeschen_am) ORDER BY t.uebergabe_id)" \
	"                    FROM kaoa.loeschtermine t" \
	"                   WHERE t.kommune = p.kommune AND t.person_id = p.person_id AND t.teil = 'uebergabe'), '[]')))" \
	"  FROM p"

static kaoa_spi_plan plan_auskunft = {
	AUSKUNFT_SQL("COALESCE((SELECT jsonb_agg((to_jsonb(a) - 'kommune' - 'person_id')"
				 "   || jsonb_build_object('massnahme', m.titel) ORDER BY a.angemeldet_am, a.anmeldung_id)"
				 "  FROM kaoa.anmeldung a"
				 "  LEFT JOIN kaoa.massnahme m ON m.kommune = a.kommune AND m.massnahme_id = a.massnahme_id"
				 " WHERE a.kommune = p.kommune AND a.person_id = p.person_id), '[]')"),
	3, {INT8OID, JSONBOID, BOOLOID}
};

static kaoa_spi_plan plan_kommune = {
	"SELECT p.kommune FROM kaoa.person p WHERE p.person_id OPERATOR(pg_catalog.=) $1",
	1, {INT8OID}
};

/* The field lists of the legal bases, from the rule core, as the jsonb $2 of the query. */
static Datum
felder_je_basis(void)
{
	StringInfoData j;

	initStringInfo(&j);
	appendStringInfoChar(&j, '{');
	for (int b = 0; b < KB_ANZAHL; b++)
	{
		kette_felder f;

		kette_basis_felder(b, &f);	/* for einwilligung: the list a consent may cover */
		if (b > 0)
			appendStringInfoString(&j, ", ");
		escape_json(&j, kette_basis_namen[b]);
		appendStringInfoString(&j, ": [");
		for (int i = 0; i < f.anzahl; i++)
		{
			if (i > 0)
				appendStringInfoString(&j, ", ");
			escape_json(&j, f.namen[i]);
		}
		appendStringInfoChar(&j, ']');
	}
	appendStringInfoChar(&j, '}');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(j.data));
}

/* The refusal for a person the caller may not ask about: the same words whether the person
 * exists, belongs to another Kommune or is held by another organisation. */
pg_attribute_noreturn()
static void
auskunft_verborgen(const kaoa_akteur *a, int64 person_id)
{
	if (kaoa_ist_system(a))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("person %lld does not exist", (long long) person_id),
				 errhint("Persons are the rows of kaoa.person; kaoa auskunft finds one by pseudonym and Kommune.")));
	kette_melden(KV_NICHT_SICHTBAR, "person", "person_id",
		errmsg("organisation %lld may not give the record of person %lld",
					(long long) a->org_id, (long long) person_id),
		errdetail("Role \"%s\" (organisation %lld, Kommune %s) neither holds the current case of a person %lld nor is the KoKo of the person's Kommune.",
					   a->rolle, (long long) a->org_id, a->kommune, (long long) person_id),
		errhint("An access request is answered by the organisation that holds the person's current case (before a first case: the school that registered them), by the KoKo of the person's Kommune or by a system role."));
	pg_unreachable();
}

/* The trace of an answer: a log row without a case (an access request is no work on the case, and
 * the organisations working on it do not see who asked; the KoKo and system roles do), and a line
 * in the server log, which stays when the transaction is rolled back. */
static void
auskunft_protokollieren(const kaoa_akteur *a, const char *kommune, int64 person_id, bool werte)
{
	StringInfoData d;

	initStringInfo(&d);
	appendStringInfoChar(&d, '{');
	kette_json_int(&d, "person_id", person_id);
	kette_json_bool(&d, "identitaet_werte", werte);
	appendStringInfoChar(&d, '}');
	kette_ereignis(kommune, 0, a->art == KAOA_AKTEUR_ORG ? a->org_id : 0, "auskunft", -1, -1, d.data);
	ereport(LOG,
			(errmsg("kaoa.auskunft: role \"%s\" (organisation %lld) received the record of person %lld of Kommune %s",
					a->rolle, (long long) (a->art == KAOA_AKTEUR_ORG ? a->org_id : 0), (long long) person_id, kommune),
			 werte ? errdetail("The record carried the values of the identity.")
			 : errdetail("The record said which identity fields are held, without their values."),
			 errhidestmt(true)));
}

/* kaoa.auskunft(person_id) → jsonb: everything kaoa holds about the person (see the note above). */
Datum
kaoa_auskunft(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	int64		person_id;
	Datum		args[3];
	char	   *kommune;
	bool		werte;
	int			nest;
	bool		isnull;
	Datum		ergebnis;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s needs %s", "kaoa.auskunft", "person_id"),
				 errdetail("An argument was NULL."),
				 errhint("Pass the person_id of kaoa.person; kaoa auskunft PSEUDONYM --kommune AGS finds it by pseudonym.")));
	person_id = PG_GETARG_INT64(0);
	a = kaoa_akteur_verlangen();
	/* every answer is logged: a standby or a read-only transaction cannot give one */
	kaoa_schreibzugriff_pruefen("kaoa.auskunft");
	PreventCommandIfReadOnly("kaoa.auskunft()");
	kaoa_spi_verbinden();
	args[0] = Int64GetDatum(person_id);
	if (kaoa_spi_als_eigentuemer(&plan_kommune, args, NULL, true, 1) == 0)
		auskunft_verborgen(a, person_id);
	kommune = kaoa_spi_text(0, 1);
	if (a->art == KAOA_AKTEUR_ORG &&
		!(strcmp(a->kommune, kommune) == 0 &&
		  (a->org_typ == KO_KOKO || kaoa_person_gehalten_fuer(a, kommune, person_id, true))))
		auskunft_verborgen(a, person_id);
	/* the values of the identity only for those who may read it directly */
	werte = kaoa_identitaet_sichtbar_fuer(a, kommune, person_id, true);

	args[1] = felder_je_basis();
	args[2] = BoolGetDatum(werte);
	nest = kaoa_suchpfad_sichern();
	if (kaoa_spi_als_eigentuemer(&plan_auskunft, args, NULL, true, 1) != 1)
		elog(ERROR, "kaoa: the record of person %lld vanished", (long long) person_id);
	ergebnis = SPI_datumTransfer(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull),
								 false, -1);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	if (isnull)
		elog(ERROR, "kaoa: the record of person %lld came back empty", (long long) person_id);
	auskunft_protokollieren(a, kommune, person_id, werte);
	PG_RETURN_DATUM(ergebnis);
}
