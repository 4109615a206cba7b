/*
 * type_bytes.h — shared fmgr plumbing for kaoa's fixed-length byte-vector types (kaoa.riasec,
 * kaoa.kompetenzen).
 *
 * Both are a short array of uint8 stored by reference with alignment char and no header; their
 * btree order is the lexicographic order of the bytes (memcmp) and their hash is the hash of the
 * bytes.  KAOA_BYTES_TYPE(prefix, ctype, nbytes) defines the comparison, btree, hash and
 * recv/send helpers once, so the two types cannot drift apart.  The including file defines
 * TYPNAME first; the macro takes the largest allowed byte value, a function naming position i
 * (for the error detail) and the recv hint.
 */
#ifndef KAOA_TYPE_BYTES_H
#define KAOA_TYPE_BYTES_H

#include "common/hashfn.h"
#include "libpq/pqformat.h"

#define KAOA_BYTES_TYPE(prefix, ctype, nbytes, maxval, namefn, recv_hint) \
PG_FUNCTION_INFO_V1(prefix##_recv); \
PG_FUNCTION_INFO_V1(prefix##_send); \
PG_FUNCTION_INFO_V1(prefix##_eq); \
PG_FUNCTION_INFO_V1(prefix##_ne); \
PG_FUNCTION_INFO_V1(prefix##_lt); \
PG_FUNCTION_INFO_V1(prefix##_le); \
PG_FUNCTION_INFO_V1(prefix##_gt); \
PG_FUNCTION_INFO_V1(prefix##_ge); \
PG_FUNCTION_INFO_V1(prefix##_cmp); \
PG_FUNCTION_INFO_V1(prefix##_hash); \
PG_FUNCTION_INFO_V1(prefix##_hash_extended); \
\
/* Lexicographic comparison of the bytes: the btree order. */ \
static inline int \
prefix##_compare(FunctionCallInfo fcinfo) \
{ \
	const ctype *a = (const ctype *) PG_GETARG_POINTER(0); \
	const ctype *b = (const ctype *) PG_GETARG_POINTER(1); \
	return memcmp(a->v, b->v, nbytes); \
} \
\
/* Binary input: version byte, then the bytes, each checked like text input. */ \
Datum \
prefix##_recv(PG_FUNCTION_ARGS) \
{ \
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0); \
	ctype	   *r = palloc(sizeof(ctype)); \
	kaoa_recv_version(buf, TYPNAME); \
	kaoa_recv_expect_len(buf, nbytes, TYPNAME); \
	pq_copymsgbytes(buf, (char *) r->v, nbytes); \
	for (int i_ = 0; i_ < (nbytes); i_++) \
		if (r->v[i_] > (maxval)) \
			kaoa_report_invalid_binary(TYPNAME, \
									   psprintf("%s is %u; values run from 0 to %d.", namefn(i_), r->v[i_], (maxval)), \
									   recv_hint); \
	PG_RETURN_POINTER(r); \
} \
\
/* Binary output: version byte, then the bytes. */ \
Datum \
prefix##_send(PG_FUNCTION_ARGS) \
{ \
	const ctype *r = (const ctype *) PG_GETARG_POINTER(0); \
	StringInfoData buf; \
	pq_begintypsend(&buf); \
	pq_sendbyte(&buf, KAOA_WIRE_VERSION); \
	pq_sendbytes(&buf, (const char *) r->v, nbytes); \
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf)); \
} \
\
Datum prefix##_eq(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(prefix##_compare(fcinfo) == 0); } \
Datum prefix##_ne(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(prefix##_compare(fcinfo) != 0); } \
Datum prefix##_lt(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(prefix##_compare(fcinfo) < 0); } \
Datum prefix##_le(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(prefix##_compare(fcinfo) <= 0); } \
Datum prefix##_gt(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(prefix##_compare(fcinfo) > 0); } \
Datum prefix##_ge(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(prefix##_compare(fcinfo) >= 0); } \
\
/* Btree support: three-way comparison. */ \
Datum \
prefix##_cmp(PG_FUNCTION_ARGS) \
{ \
	int			c = prefix##_compare(fcinfo); \
	PG_RETURN_INT32((c > 0) - (c < 0)); \
} \
\
/* Hash support: the hash of the bytes. */ \
Datum \
prefix##_hash(PG_FUNCTION_ARGS) \
{ \
	const ctype *r = (const ctype *) PG_GETARG_POINTER(0); \
	return hash_any((const unsigned char *) r->v, nbytes); \
} \
\
/* Extended (seeded 64-bit) hash support. */ \
Datum \
prefix##_hash_extended(PG_FUNCTION_ARGS) \
{ \
	const ctype *r = (const ctype *) PG_GETARG_POINTER(0); \
	return hash_any_extended((const unsigned char *) r->v, nbytes, PG_GETARG_INT64(1)); \
}

#endif							/* KAOA_TYPE_BYTES_H */
