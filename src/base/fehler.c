/*
 * fehler.c — the errors kaoa raises the same way in every area.
 *
 * Two kinds live here (the damaged-value and out-of-memory reports are macros in kaoa.h, so that
 * their detail is written where it is found).  Internal errors cannot be caused by a user's input:
 * they mean a broken installation or a server state SPI refuses, and share one wording.  User errors that every area
 * raises alike (a required argument is NULL) get one SQLSTATE, detail and hint here instead of a
 * copy per area.  An error that belongs to one rule stays with its rule; the area's reporter turns
 * a core's verdict into ereport.
 */
#include "base/kaoa.h"

#include "access/xlog.h"

#include "base/core/parse_util.h"

#include "executor/spi.h"
#include "utils/builtins.h"

/* An SPI call returned an error code: internal, since kaoa's statements are fixed text. */
void
kaoa_spi_fehlgeschlagen(int rc, const char *was)
{
	elog(ERROR, "kaoa: %s failed: %s", was, SPI_result_code_string(rc));
}

/* Library and install script of different versions: what the library looked for is not in the
 * database.  One wording for every such place, with the DBA's remedy as the hint. */
void
kaoa_installation_passt_nicht(const char *was)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("kaoa: %s is missing or not as this library expects", was),
			 errdetail("The kaoa library and the kaoa objects installed in this database are of different versions."),
			 errhint("Run ALTER EXTENSION kaoa UPDATE, or reinstall kaoa so that library and install script are of the same version.")));
	pg_unreachable();
}

/* The pure-C parsers' details (kaoa_fail) in the language of the session: the same gettext domain
 * as the server's messages (TEXTDOMAIN). */
static const char *
parser_uebersetzen(const char *fmt)
{
	return dgettext(TEXTDOMAIN, fmt);
}

/* Module load: the parsers translate their details like every other message. */
void
kaoa_meldungen_init(void)
{
	kaoa_fail_uebersetzen = parser_uebersetzen;
}

/* An API function that acts (rather than answering NULL like a STRICT function) refuses a NULL
 * argument it needs: 22004 naming the function and the arguments it needs. */
void
kaoa_argumente_fehlen(const char *funktion, const char *argumente, const char *optional)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s needs %s", funktion, argumente),
			 errdetail("An argument was NULL."),
			 optional ? errhint("Pass every argument; only %s may be NULL.", optional) :
			 errhint("Pass every argument.")));
	pg_unreachable();
}

/* Called first by every kaoa function that writes (hand-offs, reports, the nightly jobs, the
 * assignment run, role administration).  On a hot standby the first INSERT or nextval() would fail
 * with PostgreSQL's 25006 and no word about where to go instead; this says it up front. */
void
kaoa_schreibzugriff_pruefen(const char *funktion)
{
	if (RecoveryInProgress())
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("%s cannot run on a hot standby", funktion),
				 errdetail("This server is a standby in recovery and accepts only reads; %s writes to the database.", funktion),
				 errhint("Run it on the primary. On the standby, the BI views and the read-only functions (kaoa.passung, kaoa.top_angebote, kaoa.kette_pruefen, kaoa.sbo_luecken, …) work.")));
}

/*
 * kaoa.meldung(text): a message text of kaoa's SQL (the import's refusals, raised by PL/pgSQL) in
 * the session's language.  SQL cannot reach gettext, so its texts are written as
 * format(kaoa.meldung('no %s with %s in Kommune %s'), …) and looked up here in kaoa's catalogue,
 * like the C code's; the Makefile extracts every kaoa.meldung('…') literal and every literal
 * marked with a comment _ of extension/ (po/sql_texte.py).  A text without a translation comes
 * back as it is (so does the empty text).  STABLE: the answer follows lc_messages.  The C name is
 * kaoa_sql_meldung: kaoa_meldung is the client's message function, and kaoa.so exports none of its names.
 */
PG_FUNCTION_INFO_V1(kaoa_sql_meldung);
Datum
kaoa_sql_meldung(PG_FUNCTION_ARGS)
{
	char	   *meldung = text_to_cstring(PG_GETARG_TEXT_PP(0));

	/* gettext("") is the catalogue's header, not a translation */
	PG_RETURN_TEXT_P(cstring_to_text(*meldung ? _(meldung) : meldung));
}
