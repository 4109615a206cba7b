/*
 * type_kompetenzen.c — fmgr wrappers of kaoa.kompetenzen around src/types/core/kompetenzen.c.
 *
 * The value is twelve bytes, one level 0..5 per Potenzialanalyse dimension in the order of
 * kompetenzen.h; fixed length, passed by reference, alignment char, so there is no padding and
 * memcmp of two values is the lexicographic btree order.  Text input and binary recv apply the
 * same range rule, so nothing invalid is stored.
 */
#include "types/types.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"

#include "types/core/kompetenzen.h"

#define TYPNAME "kaoa.kompetenzen"
#define PG_GETARG_KOMPETENZEN(n) ((const kaoa_kompetenzen *) PG_GETARG_POINTER(n))

StaticAssertDecl(sizeof(kaoa_kompetenzen) == KAOA_KOMPETENZEN_DIMS, "kaoa_kompetenzen must have no padding");

PG_FUNCTION_INFO_V1(kaoa_kompetenzen_in);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_out);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_recv);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_send);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_eq);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_ne);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_lt);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_le);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_gt);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_ge);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_cmp);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_hash);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_hash_extended);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_erfuellungsgrad_fn);

/* Text input: name=level pairs (umlaut spellings allowed), trimmed; '' is all zero. */
Datum
kaoa_kompetenzen_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	kaoa_parse_error err;
	kaoa_kompetenzen *k = palloc(sizeof(kaoa_kompetenzen));

	if (!kaoa_kompetenzen_parse(str, strlen(str), k, &err))
		kaoa_report_invalid_input(TYPNAME, str, &err,
								  errhint("Accepted: comma-separated name=level pairs with levels 0-5, e.g. sorgfalt=3, teamfaehigkeit=4; names (any case, umlaut spellings allowed): motivation, zuverlaessigkeit, konzentration, sorgfalt, teamfaehigkeit, kommunikation, konfliktfaehigkeit, planung, problemloesung, feinmotorik, grobmotorik, raumvorstellung; each at most once; the empty string is all zero."));
	PG_RETURN_POINTER(k);
}

/* Text output: the non-zero dimensions in order, "sorgfalt=3,teamfaehigkeit=4"; all zero: ''. */
Datum
kaoa_kompetenzen_out(PG_FUNCTION_ARGS)
{
	const kaoa_kompetenzen *k = PG_GETARG_KOMPETENZEN(0);
	char	   *out = palloc(KAOA_KOMPETENZEN_TEXT_MAX);

	if (!kaoa_kompetenzen_valid(k->v))	/* only reachable through corrupted storage */
		kaoa_wert_beschaedigt("kaoa.kompetenzen", errdetail("A stored level is outside 0-5."));
	kaoa_kompetenzen_format(k, out);
	PG_RETURN_CSTRING(out);
}

/* Binary input: version byte, then twelve level bytes, each 0..5. */
Datum
kaoa_kompetenzen_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	kaoa_kompetenzen *k = palloc(sizeof(kaoa_kompetenzen));
	int			i;

	kaoa_recv_version(buf, TYPNAME);
	kaoa_recv_expect_len(buf, KAOA_KOMPETENZEN_DIMS, TYPNAME);
	pq_copymsgbytes(buf, (char *) k->v, KAOA_KOMPETENZEN_DIMS);
	for (i = 0; i < KAOA_KOMPETENZEN_DIMS; i++)
		if (k->v[i] > 5)
			kaoa_report_invalid_binary(TYPNAME,
									   errdetail("The level of %s (byte %d) is %d.",
												 kaoa_kompetenzen_name(i), i + 1, k->v[i]),
									   errhint("A binary kaoa.kompetenzen holds twelve level bytes, each 0-5, in the order motivation … raumvorstellung."));
	PG_RETURN_POINTER(k);
}

/* Binary output: version byte + the twelve level bytes. */
Datum
kaoa_kompetenzen_send(PG_FUNCTION_ARGS)
{
	const kaoa_kompetenzen *k = PG_GETARG_KOMPETENZEN(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, KAOA_WIRE_VERSION);
	pq_sendbytes(&buf, (const char *) k->v, KAOA_KOMPETENZEN_DIMS);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Lexicographic order over the twelve levels: the bytes are unsigned, so memcmp gives it. */
static inline int
kompetenzen_cmp(FunctionCallInfo fcinfo)
{
	return memcmp(PG_GETARG_KOMPETENZEN(0)->v, PG_GETARG_KOMPETENZEN(1)->v, KAOA_KOMPETENZEN_DIMS);
}

#define KOMPETENZEN_CMP(name, op) \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(kompetenzen_cmp(fcinfo) op 0); \
}

KOMPETENZEN_CMP(kaoa_kompetenzen_eq, ==)
KOMPETENZEN_CMP(kaoa_kompetenzen_ne, !=)
KOMPETENZEN_CMP(kaoa_kompetenzen_lt, <)
KOMPETENZEN_CMP(kaoa_kompetenzen_le, <=)
KOMPETENZEN_CMP(kaoa_kompetenzen_gt, >)
KOMPETENZEN_CMP(kaoa_kompetenzen_ge, >=)

/* Btree support: three-way comparison, lexicographic over the twelve levels. */
Datum
kaoa_kompetenzen_cmp(PG_FUNCTION_ARGS)
{
	int			c = kompetenzen_cmp(fcinfo);

	PG_RETURN_INT32((c > 0) - (c < 0));
}

/* Hash support: equal profiles hash equally (the twelve bytes are the whole value). */
Datum
kaoa_kompetenzen_hash(PG_FUNCTION_ARGS)
{
	return hash_any(PG_GETARG_KOMPETENZEN(0)->v, KAOA_KOMPETENZEN_DIMS);
}

/* Extended (seeded 64-bit) hash support, needed for hash partitioning and Citus. */
Datum
kaoa_kompetenzen_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended(PG_GETARG_KOMPETENZEN(0)->v, KAOA_KOMPETENZEN_DIMS, PG_GETARG_INT64(1));
}

/* kaoa.erfuellungsgrad (docs/matching.md): share of the requirements met, unknown levels count half. */
Datum
kaoa_kompetenzen_erfuellungsgrad_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kaoa_kompetenzen_erfuellungsgrad(PG_GETARG_KOMPETENZEN(0), PG_GETARG_KOMPETENZEN(1)));
}
