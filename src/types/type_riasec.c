/*
 * type_riasec.c — fmgr wrappers of kaoa.riasec around src/types/core/riasec.c.
 *
 * The value is six bytes R I A S E C (each 0..100), fixed length, passed by reference, alignment
 * char, so there is no padding and memcmp of two values is the lexicographic btree order.  Text
 * input and binary recv apply the same range rule, so nothing invalid is stored.
 */
#include "types/types.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "types/core/riasec.h"

#define TYPNAME "kaoa.riasec"
#define PG_GETARG_RIASEC(n) ((const kaoa_riasec *) PG_GETARG_POINTER(n))

StaticAssertDecl(sizeof(kaoa_riasec) == KAOA_RIASEC_DIMS, "kaoa_riasec must have no padding");

PG_FUNCTION_INFO_V1(kaoa_riasec_in);
PG_FUNCTION_INFO_V1(kaoa_riasec_out);
PG_FUNCTION_INFO_V1(kaoa_riasec_recv);
PG_FUNCTION_INFO_V1(kaoa_riasec_send);
PG_FUNCTION_INFO_V1(kaoa_riasec_eq);
PG_FUNCTION_INFO_V1(kaoa_riasec_ne);
PG_FUNCTION_INFO_V1(kaoa_riasec_lt);
PG_FUNCTION_INFO_V1(kaoa_riasec_le);
PG_FUNCTION_INFO_V1(kaoa_riasec_gt);
PG_FUNCTION_INFO_V1(kaoa_riasec_ge);
PG_FUNCTION_INFO_V1(kaoa_riasec_cmp);
PG_FUNCTION_INFO_V1(kaoa_riasec_hash);
PG_FUNCTION_INFO_V1(kaoa_riasec_hash_extended);
PG_FUNCTION_INFO_V1(kaoa_riasec_holland_fn);
PG_FUNCTION_INFO_V1(kaoa_riasec_kongruenz_fn);

/* Text input: letter=value pairs or a Holland code of 1-3 letters, trimmed. */
Datum
kaoa_riasec_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	kaoa_parse_error err;
	kaoa_riasec *r = palloc(sizeof(kaoa_riasec));

	if (!kaoa_riasec_parse(str, strlen(str), r, &err))
		kaoa_report_invalid_input(TYPNAME, str, &err,
								  errhint("Accepted: R=40,I=10,A=0,S=80,E=20,C=5 (letters R I A S E C in any order and case, values 0-100, missing letters are 0, each letter at most once), or a Holland code of 1-3 distinct letters such as S, SE or SEC."));
	PG_RETURN_POINTER(r);
}

/* Text output: all six letters in R I A S E C order, "R=40,I=10,A=0,S=80,E=20,C=5". */
Datum
kaoa_riasec_out(PG_FUNCTION_ARGS)
{
	const kaoa_riasec *r = PG_GETARG_RIASEC(0);
	char	   *out = palloc(KAOA_RIASEC_TEXT_MAX);

	if (!kaoa_riasec_valid(r->v))	/* only reachable through corrupted storage */
		kaoa_wert_beschaedigt("kaoa.riasec", errdetail("A stored score is outside 0-100."));
	kaoa_riasec_format(r, out);
	PG_RETURN_CSTRING(out);
}

/* Binary input: version byte, then six bytes R I A S E C, each 0..100. */
Datum
kaoa_riasec_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	kaoa_riasec *r = palloc(sizeof(kaoa_riasec));
	int			i;

	kaoa_recv_version(buf, TYPNAME);
	kaoa_recv_expect_len(buf, KAOA_RIASEC_DIMS, TYPNAME);
	pq_copymsgbytes(buf, (char *) r->v, KAOA_RIASEC_DIMS);
	for (i = 0; i < KAOA_RIASEC_DIMS; i++)
		if (r->v[i] > 100)
			kaoa_report_invalid_binary(TYPNAME,
									   errdetail("The value of %c (byte %d) is %d.", "RIASEC"[i], i + 1, r->v[i]),
									   errhint("A binary kaoa.riasec holds six bytes R I A S E C, each 0-100."));
	PG_RETURN_POINTER(r);
}

/* Binary output: version byte + the six bytes R I A S E C. */
Datum
kaoa_riasec_send(PG_FUNCTION_ARGS)
{
	const kaoa_riasec *r = PG_GETARG_RIASEC(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, KAOA_WIRE_VERSION);
	pq_sendbytes(&buf, (const char *) r->v, KAOA_RIASEC_DIMS);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Lexicographic order over R I A S E C: the bytes are unsigned, so memcmp gives it. */
static inline int
riasec_cmp(FunctionCallInfo fcinfo)
{
	return memcmp(PG_GETARG_RIASEC(0)->v, PG_GETARG_RIASEC(1)->v, KAOA_RIASEC_DIMS);
}

#define RIASEC_CMP(name, op) \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(riasec_cmp(fcinfo) op 0); \
}

RIASEC_CMP(kaoa_riasec_eq, ==)
RIASEC_CMP(kaoa_riasec_ne, !=)
RIASEC_CMP(kaoa_riasec_lt, <)
RIASEC_CMP(kaoa_riasec_le, <=)
RIASEC_CMP(kaoa_riasec_gt, >)
RIASEC_CMP(kaoa_riasec_ge, >=)

/* Btree support: three-way comparison, lexicographic over R I A S E C. */
Datum
kaoa_riasec_cmp(PG_FUNCTION_ARGS)
{
	int			c = riasec_cmp(fcinfo);

	PG_RETURN_INT32((c > 0) - (c < 0));
}

/* Hash support: equal profiles hash equally (the six bytes are the whole value). */
Datum
kaoa_riasec_hash(PG_FUNCTION_ARGS)
{
	return hash_any(PG_GETARG_RIASEC(0)->v, KAOA_RIASEC_DIMS);
}

/* Extended (seeded 64-bit) hash support, needed for hash partitioning and Citus. */
Datum
kaoa_riasec_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended(PG_GETARG_RIASEC(0)->v, KAOA_RIASEC_DIMS, PG_GETARG_INT64(1));
}

/* kaoa.holland_code: the up to three letters with the highest non-zero scores ('' if none). */
Datum
kaoa_riasec_holland_fn(PG_FUNCTION_ARGS)
{
	char		code[4];

	kaoa_riasec_holland(PG_GETARG_RIASEC(0), code);
	PG_RETURN_TEXT_P(cstring_to_text(code));
}

/* kaoa.kongruenz: cosine similarity of the two profiles, 0.5 when either is all zero. */
Datum
kaoa_riasec_kongruenz_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kaoa_riasec_kongruenz(PG_GETARG_RIASEC(0), PG_GETARG_RIASEC(1)));
}
