/*
 * plan_sperre.c — no EXPLAIN for the roles of organisations and BI (docs/roles-and-bi.md#plans).
 *
 * Design note.  Row-level security filters rows after they are fetched, and PostgreSQL lets a
 * user's leakproof conditions (texteq, int8eq, …) run first, as index conditions: a school that
 * runs EXPLAIN ANALYZE SELECT … FROM kaoa.fall WHERE kommune = '<another Kommune>' reads the
 * other Kommune's case count as "Rows Removed by Filter", and plain EXPLAIN shows estimates from
 * the statistics of every Kommune (the most common surnames, the pupils of a school).  So a role
 * that reads kaoa under row-level security gets no plan at all: every EXPLAIN — with or without
 * ANALYZE, of whatever statement — is refused (42501) for a role that has USAGE on schema kaoa and
 * is not the system (kaoa's actor: a superuser, the owner, a role of kaoa.system_zugang).  A plan
 * is refused whole rather than "when it touches kaoa", because what a statement touches is known
 * only after planning (SQL functions are inlined, prepared statements and views of other schemas
 * hide their tables), and these roles exist to use kaoa.
 *
 * Two hooks do it, installed when the module is loaded:
 *   - ProcessUtility refuses the ExplainStmt before anything is planned or run;
 *   - ExecutorStart refuses what reaches the executor as a plan to explain, for a session in which
 *     the module was loaded only during the statement (see below): EXEC_FLAG_EXPLAIN_ONLY (plain
 *     EXPLAIN) always, and a run with instrumentation whose rows go nowhere (EXPLAIN ANALYZE:
 *     None_Receiver, or the table of EXPLAIN ANALYZE CREATE TABLE AS) within the transaction that
 *     loaded the module.
 * The hooks exist only once kaoa.so is loaded.  kaoa registers session_preload_libraries = 'kaoa'
 * for the roles it registers (akteur_verwaltung.c), so a registered login role has them from its
 * first statement; shared_preload_libraries = 'kaoa' gives them to every session.  A session that
 * logs in as another role and SETs ROLE to a registered one loads the module on its first kaoa
 * function call — for an EXPLAIN, while planning: every function a policy of kaoa calls has the
 * planner support function kaoa.sicht_support (below), which the planner calls when it simplifies
 * the policy's condition, so the module is there (with its ExecutorStart hook) before the plan is
 * started or printed.
 *
 * Plans reach a client by two more ways that are not EXPLAIN: debug_print_plan (any role may set
 * it, with client_min_messages = log the planner's plan tree and its row estimates go to the
 * client) and auto_explain (configured by the DBA, but its LOG message follows the client's
 * client_min_messages).  An emit_log_hook keeps those messages — from elog_node_display and
 * auto_explain's explain_ExecutorEnd — in the server log and away from the client of a role that
 * may not see plans.  The statistics counters that count the rows a scan fetched before a policy
 * removed them (pg_stat_xact_user_tables.idx_tup_fetch, …) are closed in SQL
 * (extension/980_plan_sperre.sql).
 *
 * The same ExecutorStart hook refuses explicit row locks (SELECT … FOR UPDATE, FOR NO KEY UPDATE,
 * FOR SHARE, FOR KEY SHARE, and INSERT … ON CONFLICT DO UPDATE … WHERE, which locks a conflicting
 * row its condition leaves alone) on kaoa's tables to these roles.  Row-level security lets a role lock
 * every row it sees whose table it may update (a school every measure of its Kommune, a case it
 * handed on), and a session that keeps issuing statements holds them for ever: no timeout of
 * PostgreSQL 15 bounds a transaction.  kaoa's own functions take the locks they need as the
 * extension owner (the current user is then the owner, so they pass); a role's own UPDATE still
 * locks the rows it changes, which are rows it may change (docs/operations.md#sessions-that-hold-locks).
 */
#include "base/akteur.h"

#include "access/parallel.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/extension.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "tcop/dest.h"
#include "tcop/utility.h"
#include "utils/acl.h"
#include "utils/elog.h"
#include "utils/lsyscache.h"
#include "parser/parsetree.h"
#include "nodes/plannodes.h"

#include "base/plan_sperre.h"

PG_FUNCTION_INFO_V1(kaoa_sicht_support);

static ProcessUtility_hook_type vorheriges_utility = NULL;
static ExecutorStart_hook_type vorheriger_start = NULL;
static emit_log_hook_type vorheriger_log = NULL;

/* True from loading the module inside a transaction (not preloaded) until that transaction ends:
 * the statement running now may be an EXPLAIN ANALYZE that ProcessUtility did not see. */
static bool spaet_geladen = false;

/*
 * May the current role see plans?  No for a role that has USAGE on schema kaoa (registered
 * organisations and BI roles, and any role inheriting their rights) and is not the system; yes in
 * a database without kaoa, for the system, and for roles that cannot reach kaoa at all.
 */
static bool
plan_erlaubt(void)
{
	Oid			nsp;
	const kaoa_akteur *a;

	if (!OidIsValid(get_extension_oid("kaoa", true)))
		return true;
	nsp = get_namespace_oid("kaoa", true);
	if (!OidIsValid(nsp) || pg_namespace_aclcheck(nsp, GetOuterUserId(), ACL_USAGE) != ACLCHECK_OK)
		return true;
	a = kaoa_akteur_ermitteln();
	return kaoa_ist_system(a);
}

static void
plan_verweigern(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("EXPLAIN is not available to role \"%s\"", GetUserNameFromId(GetOuterUserId(), false)),
			 errdetail("The role reads kaoa under row-level security; the row counts and estimates of a plan would show rows it may not see."),
			 errhint("Ask the DBA to look at the plan (as a system role of kaoa); counts are in the views kaoa.v_*.")));
}

/* ProcessUtility: refuse EXPLAIN before it plans or runs anything. */
static void
plan_utility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,
			 ProcessUtilityContext context, ParamListInfo params, QueryEnvironment *queryEnv,
			 DestReceiver *dest, QueryCompletion *qc)
{
	if (IsA(pstmt->utilityStmt, ExplainStmt) && !plan_erlaubt())
		plan_verweigern();
	if (vorheriges_utility)
		vorheriges_utility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
}

/* The first kaoa table the plan locks rows of explicitly (FOR UPDATE … FOR KEY SHARE), or
 * InvalidOid. */
static Oid
gesperrte_tabelle(PlannedStmt *stmt)
{
	ListCell   *lc;
	Oid			nsp = InvalidOid;

	foreach(lc, stmt->rowMarks)
	{
		PlanRowMark *rm = (PlanRowMark *) lfirst(lc);
		RangeTblEntry *rte;

		if (!RowMarkRequiresRowShareLock(rm->markType) || rm->rti < 1 ||
			rm->rti > (Index) list_length(stmt->rtable))
			continue;
		rte = rt_fetch(rm->rti, stmt->rtable);
		if (rte->rtekind != RTE_RELATION)
			continue;
		if (!OidIsValid(nsp))
			nsp = get_namespace_oid("kaoa", true);
		if (OidIsValid(nsp) && get_rel_namespace(rte->relid) == nsp)
			return rte->relid;
	}
	return InvalidOid;
}

/*
 * The kaoa table of an INSERT … ON CONFLICT DO UPDATE … WHERE in the plan (the statement or one of
 * its data-modifying WITH parts), or InvalidOid.  A conflicting row the WHERE condition leaves alone
 * is locked all the same (PostgreSQL locks it before it tests the condition), with no rule trigger
 * to refuse it: the row lock of SELECT … FOR UPDATE by another way.
 */
static Oid
upsert_mit_bedingung(PlannedStmt *stmt)
{
	List	   *plaene = list_make1(stmt->planTree);
	ListCell   *lc;

	plaene = list_concat(plaene, stmt->subplans);
	foreach(lc, plaene)
	{
		ModifyTable *mt = (ModifyTable *) lfirst(lc);
		RangeTblEntry *rte;
		Oid			nsp;

		if (mt == NULL || !IsA(mt, ModifyTable) || mt->operation != CMD_INSERT ||
			mt->onConflictAction != ONCONFLICT_UPDATE || mt->onConflictWhere == NULL ||
			mt->nominalRelation < 1 || mt->nominalRelation > (Index) list_length(stmt->rtable))
			continue;
		rte = rt_fetch(mt->nominalRelation, stmt->rtable);
		nsp = get_namespace_oid("kaoa", true);
		if (rte->rtekind == RTE_RELATION && OidIsValid(nsp) && get_rel_namespace(rte->relid) == nsp)
			return rte->relid;
	}
	return InvalidOid;
}

/*
 * May the current user lock rows of kaoa explicitly?  The superuser and the extension's owner (so
 * kaoa's functions, which run as the owner), and every role that may see plans (the system, roles
 * without rights on kaoa); not the roles of organisations and BI.
 */
static bool
sperre_erlaubt(void)
{
	Oid			u = GetUserId();

	if (superuser_arg(u) || u == kaoa_eigentuemer_oid())
		return true;
	return plan_erlaubt();
}

/* ExecutorStart: what ProcessUtility could not see (see the design note), and explicit row locks. */
static void
plan_start(QueryDesc *queryDesc, int eflags)
{
	bool		nur_erklaeren = (eflags & EXEC_FLAG_EXPLAIN_ONLY) != 0;
	bool		analyse = spaet_geladen && queryDesc->instrument_options != 0 &&
		(queryDesc->dest == None_Receiver || queryDesc->dest->mydest == DestIntoRel);

	if ((nur_erklaeren || analyse) && !IsParallelWorker() && !plan_erlaubt())
		plan_verweigern();
	if (!nur_erklaeren && queryDesc->plannedstmt->rowMarks != NIL && !IsParallelWorker())
	{
		Oid			tabelle = gesperrte_tabelle(queryDesc->plannedstmt);

		if (OidIsValid(tabelle) && !sperre_erlaubt())
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("role \"%s\" may not lock rows of kaoa.%s explicitly",
							GetUserNameFromId(GetUserId(), false), get_rel_name(tabelle)),
					 errdetail("SELECT … FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE and FOR KEY SHARE would hold rows that other organisations and the nightly jobs of every Kommune wait for, for as long as the transaction runs."),
					 errhint("Change rows with UPDATE, which locks only the rows it changes; kaoa's functions take the locks they need.")));
	}
	if (!nur_erklaeren && (queryDesc->operation == CMD_INSERT || queryDesc->plannedstmt->hasModifyingCTE) &&
		!IsParallelWorker())
	{
		Oid			tabelle = upsert_mit_bedingung(queryDesc->plannedstmt);

		if (OidIsValid(tabelle) && !sperre_erlaubt())
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("role \"%s\" may not use ON CONFLICT DO UPDATE with a WHERE condition on kaoa.%s",
							GetUserNameFromId(GetUserId(), false), get_rel_name(tabelle)),
					 errdetail("A conflicting row that the WHERE condition leaves unchanged stays locked until the transaction ends, although the role may not change it."),
					 errhint("Leave out the WHERE condition (the rules then decide whether the row may change), or use UPDATE.")));
	}
	if (vorheriger_start)
		vorheriger_start(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

/*
 * emit_log_hook: a plan dump (debug_print_plan and its siblings, auto_explain) goes to the server
 * log only, not to the client of a role that may not see plans.  Decided without an error path:
 * outside a transaction, or when the check itself is running (its own queries may be dumped), the
 * message stays off the client.
 */
static void
plan_log(ErrorData *edata)
{
	static bool pruefe = false;

	if (edata->output_to_client && edata->funcname != NULL &&
		(strcmp(edata->funcname, "elog_node_display") == 0 ||
		 strcmp(edata->funcname, "explain_ExecutorEnd") == 0))
	{
		bool		erlaubt = false;

		if (!pruefe && IsTransactionState())
		{
			pruefe = true;
			PG_TRY();
			{
				erlaubt = plan_erlaubt();
			}
			PG_FINALLY();
			{
				pruefe = false;
			}
			PG_END_TRY();
		}
		if (!erlaubt)
			edata->output_to_client = false;
	}
	if (vorheriger_log)
		vorheriger_log(edata);
}

static void
plan_xact_cb(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			spaet_geladen = false;
			break;
		default:
			break;
	}
}

void
kaoa_plan_sperre_init(void)
{
	spaet_geladen = IsTransactionState();
	RegisterXactCallback(plan_xact_cb, NULL);
	vorheriges_utility = ProcessUtility_hook;
	ProcessUtility_hook = plan_utility;
	vorheriger_start = ExecutorStart_hook;
	ExecutorStart_hook = plan_start;
	vorheriger_log = emit_log_hook;
	emit_log_hook = plan_log;
}

/*
 * kaoa.sicht_support(internal): the planner support function of every function a policy of kaoa
 * calls.  It simplifies nothing (returns NULL for every request); that the planner calls it at all
 * is its purpose, because calling it loads this module — and so the hooks above — while the
 * statement is planned, before a plan can be started or printed.
 */
Datum
kaoa_sicht_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(NULL);
}
