/*
 * type_kldb.c — fmgr wrappers of kaoa.kldb around src/core/kldb.c.
 *
 * The value is the packed uint32 of kldb.h, passed by value as int4; its unsigned order is the
 * digit-string order.  Text input and binary recv apply the same validity rule.
 */
#include "kaoa.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"

#include "core/kldb.h"

#define TYPNAME "kaoa.kldb"
#define PG_GETARG_KLDB(n) ((kaoa_kldb) DatumGetUInt32(PG_GETARG_DATUM(n)))
#define PG_RETURN_KLDB(x) return UInt32GetDatum(x)

PG_FUNCTION_INFO_V1(kaoa_kldb_in);
PG_FUNCTION_INFO_V1(kaoa_kldb_out);
PG_FUNCTION_INFO_V1(kaoa_kldb_recv);
PG_FUNCTION_INFO_V1(kaoa_kldb_send);
PG_FUNCTION_INFO_V1(kaoa_kldb_eq);
PG_FUNCTION_INFO_V1(kaoa_kldb_ne);
PG_FUNCTION_INFO_V1(kaoa_kldb_lt);
PG_FUNCTION_INFO_V1(kaoa_kldb_le);
PG_FUNCTION_INFO_V1(kaoa_kldb_gt);
PG_FUNCTION_INFO_V1(kaoa_kldb_ge);
PG_FUNCTION_INFO_V1(kaoa_kldb_cmp);
PG_FUNCTION_INFO_V1(kaoa_kldb_hash);
PG_FUNCTION_INFO_V1(kaoa_kldb_hash_extended);
PG_FUNCTION_INFO_V1(kaoa_kldb_liegt_in_fn);
PG_FUNCTION_INFO_V1(kaoa_kldb_enthaelt_fn);
PG_FUNCTION_INFO_V1(kaoa_kldb_ebene_fn);
PG_FUNCTION_INFO_V1(kaoa_kldb_niveau_fn);
PG_FUNCTION_INFO_V1(kaoa_kldb_gemeinsam_fn);

/* Text input: 1 to 5 digits, trimmed; the 5th digit 1-4. */
Datum
kaoa_kldb_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	kaoa_parse_error err;
	kaoa_kldb	k;

	if (!kaoa_kldb_parse(str, strlen(str), &k, &err))
		kaoa_report_invalid_input(TYPNAME, str, &err, KAOA_KLDB_HINT);
	PG_RETURN_KLDB(k);
}

/* Text output: the digits. */
Datum
kaoa_kldb_out(PG_FUNCTION_ARGS)
{
	kaoa_kldb	k = PG_GETARG_KLDB(0);
	char	   *out = palloc(6);

	if (!kaoa_kldb_valid(k))	/* only reachable through corrupted storage */
		elog(ERROR, "invalid kaoa.kldb value %u on disk", k);
	kaoa_kldb_format(k, out);
	PG_RETURN_CSTRING(out);
}

/* Binary input: version byte, then the packed uint32, checked like text input. */
Datum
kaoa_kldb_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint32		raw;

	kaoa_recv_version(buf, TYPNAME);
	kaoa_recv_expect_len(buf, 4, TYPNAME);
	raw = pq_getmsgint(buf, 4);
	if (!kaoa_kldb_valid(raw))
		kaoa_report_invalid_binary(TYPNAME,
								   psprintf("0x%08X is not a packed KldB code.", raw),
								   "Digits 1-5 are packed as digit+1 in 4-bit fields from bit 19 down, absent digits 0; the 5th digit is 1-4.");
	PG_RETURN_KLDB(raw);
}

/* Binary output: version byte + packed uint32 (network order). */
Datum
kaoa_kldb_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, KAOA_WIRE_VERSION);
	pq_sendint32(&buf, PG_GETARG_KLDB(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparisons: unsigned order of the packed values = digit-string order. */
#define KLDB_CMP(name, op) \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_KLDB(0) op PG_GETARG_KLDB(1)); \
}

KLDB_CMP(kaoa_kldb_eq, ==)
KLDB_CMP(kaoa_kldb_ne, !=)
KLDB_CMP(kaoa_kldb_lt, <)
KLDB_CMP(kaoa_kldb_le, <=)
KLDB_CMP(kaoa_kldb_gt, >)
KLDB_CMP(kaoa_kldb_ge, >=)

/* Btree support: three-way comparison. */
Datum
kaoa_kldb_cmp(PG_FUNCTION_ARGS)
{
	kaoa_kldb	a = PG_GETARG_KLDB(0);
	kaoa_kldb	b = PG_GETARG_KLDB(1);

	PG_RETURN_INT32((a > b) - (a < b));
}

/* Hash support. */
Datum
kaoa_kldb_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32(PG_GETARG_KLDB(0));
}

/* Extended (seeded 64-bit) hash support. */
Datum
kaoa_kldb_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended(PG_GETARG_KLDB(0), PG_GETARG_INT64(1));
}

/* a <@ b: a lies in b's branch (b is a prefix of a). */
Datum
kaoa_kldb_liegt_in_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(kaoa_kldb_liegt_in(PG_GETARG_KLDB(0), PG_GETARG_KLDB(1)));
}

/* a @> b: b lies in a's branch. */
Datum
kaoa_kldb_enthaelt_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(kaoa_kldb_liegt_in(PG_GETARG_KLDB(1), PG_GETARG_KLDB(0)));
}

/* kaoa.kldb_ebene: 1 Berufsbereich … 5 Berufsgattung. */
Datum
kaoa_kldb_ebene_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(kaoa_kldb_ebene(PG_GETARG_KLDB(0)));
}

/* kaoa.kldb_niveau: the Anforderungsniveau 1-4; NULL below 5 digits. */
Datum
kaoa_kldb_niveau_fn(PG_FUNCTION_ARGS)
{
	int			n = kaoa_kldb_niveau(PG_GETARG_KLDB(0));

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(n);
}

/* kaoa.kldb_gemeinsam: number of equal leading digits. */
Datum
kaoa_kldb_gemeinsam_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(kaoa_kldb_gemeinsam(PG_GETARG_KLDB(0), PG_GETARG_KLDB(1)));
}
