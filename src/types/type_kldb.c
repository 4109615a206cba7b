/*
 * type_kldb.c — fmgr wrappers of kaoa.kldb around src/types/core/kldb.c.
 *
 * The value is the packed uint32 of kldb.h, stored as an int4 passed by value (the packed values
 * use 20 bits, so signed and unsigned readings agree).  Text input and binary recv apply the same
 * rules, so nothing invalid is stored.
 *
 * Design note on the branch operators.  `a <@ b` (a lies in b's branch) is not a btree strategy,
 * but every branch is a contiguous range of the btree order: the codes with prefix "263" are
 * exactly those from "263" to "26394" (the largest code with that prefix: 9s, then the highest
 * Anforderungsniveau 4).  A planner support function therefore turns `col <@ '263'` (and
 * `'263' @> col`) into the exact index condition `col >= '263' AND col <= '26394'`, and
 * `'26312' <@ col` (which branches hold 26312?) into `col = ANY ('{2,26,263,2631,26312}')`, so a
 * plain btree index on a kldb column serves branch queries.  Row estimates come from
 * generic_restriction_selectivity, which applies the operator to the column's MCVs and histogram.
 */
#include "types/types.h"

#include "access/stratnum.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_type_d.h"
#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"

#include "types/core/kldb.h"

#define TYPNAME "kaoa.kldb"
#define PG_GETARG_KLDB(n) ((kaoa_kldb) DatumGetInt32(PG_GETARG_DATUM(n)))
#define PG_RETURN_KLDB(x) return Int32GetDatum((int32) (x))

/* Selectivity of a branch test when the column has no usable statistics: a KldB Berufsgruppe
 * (3 digits) holds well under 1 % of all codes, a Berufsbereich about 10 %; 0.5 % is between. */
#define KLDB_DEFAULT_BRANCH_SEL 0.005

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
PG_FUNCTION_INFO_V1(kaoa_kldb_liegt_in_support);
PG_FUNCTION_INFO_V1(kaoa_kldb_enthaelt_support);
PG_FUNCTION_INFO_V1(kaoa_kldb_zweig_sel);

/* Text input: 1 to 5 digits, trimmed; the 5th digit is 1..4. */
Datum
kaoa_kldb_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	kaoa_parse_error err;
	kaoa_kldb	k;

	if (!kaoa_kldb_parse(str, strlen(str), &k, &err))
		kaoa_report_invalid_input(TYPNAME, str, &err,
								  errhint("Accepted: 1 to 5 digits of the KldB 2010 (Berufsbereich … Berufsgattung), e.g. 2, 26, 263, 2631, 26312; the 5th digit is the Anforderungsniveau 1-4."));
	PG_RETURN_KLDB(k);
}

/* Text output: the digit string, leading zeros kept ("01104"). */
Datum
kaoa_kldb_out(PG_FUNCTION_ARGS)
{
	kaoa_kldb	k = PG_GETARG_KLDB(0);
	char	   *out = palloc(8);

	if (!kaoa_kldb_valid(k))	/* only reachable through corrupted storage */
		kaoa_wert_beschaedigt("kaoa.kldb", errdetail("The stored value 0x%X is no packed KldB code.", (unsigned) k));
	kaoa_kldb_format(k, out);
	PG_RETURN_CSTRING(out);
}

/* Binary input: version byte, then the packed uint32, checked like text input. */
Datum
kaoa_kldb_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint32		raw;
	kaoa_parse_error err;

	kaoa_recv_version(buf, TYPNAME);
	kaoa_recv_expect_len(buf, 4, TYPNAME);
	raw = pq_getmsgint(buf, 4);
	if (!kaoa_kldb_check(raw, &err))
		kaoa_report_invalid_binary(TYPNAME, errdetail_internal("%s", err.detail),	/* translated by kaoa_fail */
								   errhint("A binary kaoa.kldb is a uint32: digit i (1-5) is stored as digit+1 in bits 4*(5-i) to 4*(5-i)+3, "
										   "absent digits as 0 and only at the end, nothing above bit 19; the 5th digit is 1-4."));
	PG_RETURN_KLDB(raw);
}

/* Binary output: version byte + the packed uint32 (network order). */
Datum
kaoa_kldb_send(PG_FUNCTION_ARGS)
{
	kaoa_kldb	k = PG_GETARG_KLDB(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, KAOA_WIRE_VERSION);
	pq_sendint32(&buf, k);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparisons: unsigned order of the packed values is the order of the digit strings. */
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

/* Btree support: three-way comparison in digit-string order. */
Datum
kaoa_kldb_cmp(PG_FUNCTION_ARGS)
{
	kaoa_kldb	a = PG_GETARG_KLDB(0);
	kaoa_kldb	b = PG_GETARG_KLDB(1);

	PG_RETURN_INT32((a > b) - (a < b));
}

/* Hash support: equal codes hash equally. */
Datum
kaoa_kldb_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32(PG_GETARG_KLDB(0));
}

/* Extended (seeded 64-bit) hash support, needed for hash partitioning and Citus. */
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

/* a @> b: a's branch contains b (a is a prefix of b). */
Datum
kaoa_kldb_enthaelt_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(kaoa_kldb_liegt_in(PG_GETARG_KLDB(1), PG_GETARG_KLDB(0)));
}

/* kaoa.kldb_ebene: the number of digits, 1..5. */
Datum
kaoa_kldb_ebene_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(kaoa_kldb_ebene(PG_GETARG_KLDB(0)));
}

/* kaoa.kldb_niveau: the Anforderungsniveau 1..4 of a 5-digit code, NULL for shorter codes. */
Datum
kaoa_kldb_niveau_fn(PG_FUNCTION_ARGS)
{
	int			niveau = kaoa_kldb_niveau(PG_GETARG_KLDB(0));

	if (niveau == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(niveau);
}

/* kaoa.kldb_gemeinsam: number of equal leading digits, 0..5 (the beruf component of the score,
 * docs/matching.md). */
Datum
kaoa_kldb_gemeinsam_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(kaoa_kldb_gemeinsam(PG_GETARG_KLDB(0), PG_GETARG_KLDB(1)));
}

/* The largest code with prefix b: b's digits, then 9s, then Anforderungsniveau 4. */
static kaoa_kldb
branch_last(kaoa_kldb b)
{
	int			ebene = kaoa_kldb_ebene(b);
	int			i;

	for (i = ebene; i < 5; i++)
		b |= (kaoa_kldb) ((i == 4 ? 4 : 9) + 1) << (4 * (4 - i));
	return b;
}

static Const *
kldb_const(Oid typid, kaoa_kldb k)
{
	return makeConst(typid, -1, InvalidOid, sizeof(int32), Int32GetDatum((int32) k), false, true);
}

/*
 * Index conditions for a branch test.  `member_is_index` says which side the indexed column is
 * on: the member (col <@ const, const @> col: a range) or the branch (const <@ col,
 * col @> const: the prefixes of const).  Only btree indexes of the kldb opfamily and a
 * non-NULL constant on the other side are handled; anything else gets no index condition.
 */
static List *
branch_index_conditions(SupportRequestIndexCondition *req, bool index_is_member)
{
	List	   *args;
	Node	   *key;
	Node	   *other;
	Oid			typid;
	kaoa_kldb	value;

	if (req->index->relam != BTREE_AM_OID)
		return NIL;
	if (is_opclause(req->node))
		args = ((OpExpr *) req->node)->args;
	else if (is_funcclause(req->node))
		args = ((FuncExpr *) req->node)->args;
	else
		return NIL;
	if (list_length(args) != 2)
		return NIL;
	key = (Node *) list_nth(args, req->indexarg);
	other = (Node *) list_nth(args, 1 - req->indexarg);	/* a Param's value may change: Const only */
	if (!IsA(other, Const) || ((Const *) other)->constisnull)
		return NIL;
	typid = exprType(key);
	if (exprType(other) != typid)
		return NIL;
	value = (kaoa_kldb) DatumGetInt32(((Const *) other)->constvalue);
	if (!kaoa_kldb_valid(value))
		return NIL;

	if (index_is_member)
	{
		Oid			ge = get_opfamily_member(req->opfamily, typid, typid, BTGreaterEqualStrategyNumber);
		Oid			le = get_opfamily_member(req->opfamily, typid, typid, BTLessEqualStrategyNumber);

		if (!OidIsValid(ge) || !OidIsValid(le))
			return NIL;
		req->lossy = false;
		return list_make2(make_opclause(ge, BOOLOID, false, (Expr *) copyObject(key),
										(Expr *) kldb_const(typid, value), InvalidOid, InvalidOid),
						  make_opclause(le, BOOLOID, false, (Expr *) copyObject(key),
										(Expr *) kldb_const(typid, branch_last(value)),
										InvalidOid, InvalidOid));
	}
	else
	{
		Oid			eq = get_opfamily_member(req->opfamily, typid, typid, BTEqualStrategyNumber);
		Oid			arraytype = get_array_type(typid);
		Datum		prefixes[5];
		int			n = kaoa_kldb_ebene(value);
		int			i;
		ScalarArrayOpExpr *saop;

		if (!OidIsValid(eq) || !OidIsValid(arraytype))
			return NIL;
		for (i = 0; i < n; i++)		/* the first i+1 digits: clear the nibbles after them */
			prefixes[i] = Int32GetDatum((int32) (value & ~((1u << (4 * (4 - i))) - 1)));
		saop = makeNode(ScalarArrayOpExpr);
		saop->opno = eq;
		saop->opfuncid = get_opcode(eq);
		saop->useOr = true;
		saop->inputcollid = InvalidOid;
		saop->args = list_make2(copyObject(key),
								makeConst(arraytype, -1, InvalidOid, -1,
										  PointerGetDatum(construct_array(prefixes, n, typid, sizeof(int32),
																		  true, TYPALIGN_INT)),
										  false, false));
		saop->location = -1;
		req->lossy = false;
		return list_make1(saop);
	}
}

/* Planner support of kaoa.kldb_liegt_in (a <@ b): arg 0 is the member, arg 1 the branch. */
Datum
kaoa_kldb_liegt_in_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);

	if (IsA(rawreq, SupportRequestIndexCondition))
	{
		SupportRequestIndexCondition *req = (SupportRequestIndexCondition *) rawreq;

		PG_RETURN_POINTER(branch_index_conditions(req, req->indexarg == 0));
	}
	PG_RETURN_POINTER(NULL);
}

/* Planner support of kaoa.kldb_enthaelt (a @> b): arg 0 is the branch, arg 1 the member. */
Datum
kaoa_kldb_enthaelt_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);

	if (IsA(rawreq, SupportRequestIndexCondition))
	{
		SupportRequestIndexCondition *req = (SupportRequestIndexCondition *) rawreq;

		PG_RETURN_POINTER(branch_index_conditions(req, req->indexarg == 1));
	}
	PG_RETURN_POINTER(NULL);
}

/* Restriction selectivity of <@ and @>: the operator applied to the column's MCVs and histogram. */
Datum
kaoa_kldb_zweig_sel(PG_FUNCTION_ARGS)
{
	PlannerInfo *root = (PlannerInfo *) PG_GETARG_POINTER(0);
	Oid			operator = PG_GETARG_OID(1);
	List	   *args = (List *) PG_GETARG_POINTER(2);
	int			varRelid = PG_GETARG_INT32(3);

	PG_RETURN_FLOAT8(generic_restriction_selectivity(root, operator, InvalidOid, args, varRelid,
													 KLDB_DEFAULT_BRANCH_SEL));
}
