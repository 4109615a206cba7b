/*
 * type_abschluss.c — fmgr wrappers of kaoa.abschluss around src/types/core/abschluss.c.
 *
 * The value is an int16 passed by value: the catalogue's idStatistik (see abschluss.h).  Text
 * input and binary recv apply the same rule (a catalogue entry), so nothing invalid is stored.
 */
#include "types/types.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "types/core/abschluss.h"

#define TYPNAME "kaoa.abschluss"
#define PG_GETARG_ABSCHLUSS(n) DatumGetInt16(PG_GETARG_DATUM(n))
#define PG_RETURN_ABSCHLUSS(x) return Int16GetDatum(x)

PG_FUNCTION_INFO_V1(kaoa_abschluss_in);
PG_FUNCTION_INFO_V1(kaoa_abschluss_out);
PG_FUNCTION_INFO_V1(kaoa_abschluss_recv);
PG_FUNCTION_INFO_V1(kaoa_abschluss_send);
PG_FUNCTION_INFO_V1(kaoa_abschluss_eq);
PG_FUNCTION_INFO_V1(kaoa_abschluss_ne);
PG_FUNCTION_INFO_V1(kaoa_abschluss_lt);
PG_FUNCTION_INFO_V1(kaoa_abschluss_le);
PG_FUNCTION_INFO_V1(kaoa_abschluss_gt);
PG_FUNCTION_INFO_V1(kaoa_abschluss_ge);
PG_FUNCTION_INFO_V1(kaoa_abschluss_cmp);
PG_FUNCTION_INFO_V1(kaoa_abschluss_hash);
PG_FUNCTION_INFO_V1(kaoa_abschluss_hash_extended);
PG_FUNCTION_INFO_V1(kaoa_abschluss_rang_fn);
PG_FUNCTION_INFO_V1(kaoa_abschluss_erfuellt_fn);
PG_FUNCTION_INFO_V1(kaoa_abschluss_bezeichnung_fn);
PG_FUNCTION_INFO_V1(kaoa_abschluss_aus_itnrw);

/* Text input: trimmed, case-insensitive, current codes plus pre-2022 codes and aliases. */
Datum
kaoa_abschluss_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	kaoa_parse_error err;
	int16_t		code;

	if (!kaoa_abschluss_parse(str, strlen(str), &code, &err))
		kaoa_report_invalid_input(TYPNAME, str, &err,
								  errhint("Accepted (case-insensitive): OA, ESAA, ESA, ESA_FOE, ESA_Q, EESA, EESA_Q, MSA, MSA_Q, MSA_Q1, VS_11, FHR_S, FHR, FGHR, ABITUR, FOEG, FOEL, WALD; pre-2022 codes HA9A, HA9, HA9_FOE, HA9_Q, HA10, HA10_Q; aliases HSA, FOR, FOR-Q, FORQ, FOR_Q, FHR-S, AHR, ABI."));
	PG_RETURN_ABSCHLUSS(code);
}

/* Text output: always the current short code. */
Datum
kaoa_abschluss_out(PG_FUNCTION_ARGS)
{
	int16		code = PG_GETARG_ABSCHLUSS(0);
	const char *text = kaoa_abschluss_code(code);

	if (text == NULL)			/* only reachable through corrupted storage */
		kaoa_wert_beschaedigt("kaoa.abschluss", errdetail("The stored code %d is no idStatistik of the catalogue.", code));
	PG_RETURN_CSTRING(pstrdup(text));
}

/* Binary input: version byte, then the int16 idStatistik, checked like text input. */
Datum
kaoa_abschluss_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			code;

	kaoa_recv_version(buf, TYPNAME);
	kaoa_recv_expect_len(buf, 2, TYPNAME);
	code = (int16) pq_getmsgint(buf, 2);
	if (!kaoa_abschluss_valid(code))
		kaoa_report_invalid_binary(TYPNAME,
								   errdetail("Code %d is not in the catalogue.", code),
								   errhint("Codes run from %d to %d (IT.NRW idStatistik).",
										   KAOA_ABSCHLUSS_MIN, KAOA_ABSCHLUSS_MAX));
	PG_RETURN_ABSCHLUSS((int16) code);
}

/* Binary output: version byte + int16 idStatistik (network order). */
Datum
kaoa_abschluss_send(PG_FUNCTION_ARGS)
{
	int16		code = PG_GETARG_ABSCHLUSS(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, KAOA_WIRE_VERSION);
	pq_sendint16(&buf, (uint16) code);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparisons follow the catalogue order (the stored code). */
#define ABSCHLUSS_CMP(name, op) \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_ABSCHLUSS(0) op PG_GETARG_ABSCHLUSS(1)); \
}

ABSCHLUSS_CMP(kaoa_abschluss_eq, ==)
ABSCHLUSS_CMP(kaoa_abschluss_ne, !=)
ABSCHLUSS_CMP(kaoa_abschluss_lt, <)
ABSCHLUSS_CMP(kaoa_abschluss_le, <=)
ABSCHLUSS_CMP(kaoa_abschluss_gt, >)
ABSCHLUSS_CMP(kaoa_abschluss_ge, >=)

/* Btree support: three-way comparison in catalogue order. */
Datum
kaoa_abschluss_cmp(PG_FUNCTION_ARGS)
{
	int16		a = PG_GETARG_ABSCHLUSS(0);
	int16		b = PG_GETARG_ABSCHLUSS(1);

	PG_RETURN_INT32((a > b) - (a < b));
}

/* Hash support: equal codes hash equally. */
Datum
kaoa_abschluss_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) PG_GETARG_ABSCHLUSS(0));
}

/* Extended (seeded 64-bit) hash support, needed for hash partitioning and Citus. */
Datum
kaoa_abschluss_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) PG_GETARG_ABSCHLUSS(0), PG_GETARG_INT64(1));
}

/* kaoa.abschluss_rang: the level, NULL for the Förderschul- and Waldorf certificates. */
Datum
kaoa_abschluss_rang_fn(PG_FUNCTION_ARGS)
{
	int			rang = kaoa_abschluss_rang(PG_GETARG_ABSCHLUSS(0));

	if (rang < 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(rang);
}

/* kaoa.erfuellt: does `hat` reach the level of `mindestens`?  NULL when not comparable. */
Datum
kaoa_abschluss_erfuellt_fn(PG_FUNCTION_ARGS)
{
	int			r = kaoa_abschluss_erfuellt(PG_GETARG_ABSCHLUSS(0), PG_GETARG_ABSCHLUSS(1));

	if (r < 0)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(r == 1);
}

/* kaoa.abschluss_bezeichnung: the German long name. */
Datum
kaoa_abschluss_bezeichnung_fn(PG_FUNCTION_ARGS)
{
	const char *name = kaoa_abschluss_bezeichnung(PG_GETARG_ABSCHLUSS(0));

	if (name == NULL)
		kaoa_wert_beschaedigt("kaoa.abschluss", errdetail("The stored code %d is no idStatistik of the catalogue.", PG_GETARG_ABSCHLUSS(0)));
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

/* kaoa.abschluss_aus_itnrw: maps the one-letter IT.NRW statistics key. */
Datum
kaoa_abschluss_aus_itnrw(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *str = text_to_cstring(t);
	kaoa_parse_error err;
	int16_t		code;

	if (!kaoa_abschluss_parse_itnrw(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &code, &err))
		kaoa_report_invalid_input(TYPNAME, str, &err,
								  errhint("Accepted: one of the IT.NRW statistics keys A B C S O D U F G I P H J Q K M V W (case-insensitive)."));
	PG_RETURN_ABSCHLUSS(code);
}
