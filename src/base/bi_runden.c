/*
 * bi_runden.c — the rounding of published counts, as the BI views call it (see bi.h and
 * src/base/core/rundung.h).
 *
 *   kaoa.bi_runden(anzahl, min_fallzahl, a, b) OVER (PARTITION BY …)   window function for SQL views
 *   kaoa.bi_zeigen(anzahl, gerundet, min_fallzahl)                    what a cell publishes (NULL or rounded)
 *   kaoa_bi_atome_runden / kaoa_bi_aufteilen / rd_zeigen              for views computed in C
 *
 * Design note.  The window function reads its whole partition (one family: the atoms of one
 * Kommune and school year, one run, …) on its first call, rounds it once and keeps the results in
 * the partition's memory; every row then gets its own atom's rounded count.  It reads the partition
 * regardless of the window's ORDER BY, and the core sorts the atoms by their paths, so the numbers
 * depend on the data only.
 */
#include "base/bi.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "windowapi.h"

PG_FUNCTION_INFO_V1(kaoa_bi_runden);
PG_FUNCTION_INFO_V1(kaoa_bi_zeigen);

/* A core error a C caller caused: internal.  wo names the C function (an identifier, not a
 * phrase, so the out-of-memory detail stays translatable). */
static void
kern_fehler(rd_fehler f, const char *wo)
{
	if (f == RD_SPEICHER)
		kaoa_kein_speicher(errdetail("Failed in %s.", wo));
	if (f != RD_OK)
		elog(ERROR, "kaoa: %s: %s", wo, rd_fehler_text(f));
}

void
kaoa_bi_atome_runden(rd_atom *atome, int64 n, int64 basis)
{
	kaoa_speicher s;

	kaoa_speicher_init(&s, CurrentMemoryContext);
	kern_fehler(rd_atome_runden(atome, n, basis, &s), "kaoa_bi_atome_runden");
}

void
kaoa_bi_aufteilen(int64 ziel, const int64 *teile, int32 n, int64 basis, int64 *gerundet)
{
	kern_fehler(rd_aufteilen(ziel, teile, n, basis, gerundet), "kaoa_bi_aufteilen");
}

/* ---- kaoa.bi_runden ------------------------------------------------------------------------------ */

typedef struct partition
{
	bool		fertig;
	int64	   *gerundet;		/* per row of the partition */
} partition;

/* A text[] argument as a path of C strings (NULL elements stay NULL; a NULL array is empty). */
static int32
pfad_lesen(Datum d, bool isnull, const char ***pfad)
{
	Datum	   *elem;
	bool	   *nulls;
	int			n;

	*pfad = NULL;
	if (isnull)
		return 0;
	deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false, TYPALIGN_INT, &elem, &nulls, &n);
	*pfad = palloc(sizeof(char *) * Max(n, 1));
	for (int i = 0; i < n; i++)
		(*pfad)[i] = nulls[i] ? NULL : TextDatumGetCString(elem[i]);
	return n;
}

/* Reads every row of the partition, rounds the family, keeps the results in p. */
static void
partition_runden(WindowObject w, partition *p)
{
	MemoryContext bleibt = GetMemoryChunkContext(p);
	MemoryContext arbeit = AllocSetContextCreate(CurrentMemoryContext, "kaoa.bi_runden", ALLOCSET_DEFAULT_SIZES);
	MemoryContext alt = MemoryContextSwitchTo(arbeit);
	int64		n = WinGetPartitionRowCount(w);
	rd_atom    *atome = palloc0(sizeof(rd_atom) * Max(n, 1));
	int32		basis = 0;
	kaoa_speicher s;
	rd_fehler	f;

	for (int64 i = 0; i < n; i++)
	{
		bool		isnull,
					isout;
		Datum		d;
		int32		m;

		d = WinGetFuncArgInPartition(w, 0, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("kaoa.bi_runden needs a count in every row"),
					 errdetail("Row %lld of the window partition has anzahl NULL.", (long long) i + 1),
					 errhint("Pass count(*) or coalesce(…, 0).")));
		atome[i].wert = DatumGetInt64(d);
		if (atome[i].wert < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("kaoa.bi_runden cannot round the negative count %lld", (long long) atome[i].wert),
					 errdetail("Row %lld of the window partition.", (long long) i + 1),
					 errhint("Counts are numbers of persons: 0 or more.")));
		d = WinGetFuncArgInPartition(w, 1, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("kaoa.bi_runden needs a min_fallzahl in every row"),
					 errdetail("Row %lld of the window partition has min_fallzahl NULL.", (long long) i + 1),
					 errhint("Pass the Kommune's kaoa.kommune.min_fallzahl.")));
		m = DatumGetInt32(d);
		if (m < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("kaoa.bi_runden needs a min_fallzahl of at least 1"),
					 errdetail("Row %lld of the window partition has min_fallzahl %d.", (long long) i + 1, m),
					 errhint("Pass the Kommune's kaoa.kommune.min_fallzahl.")));
		if (i == 0)
			basis = m;
		else if (m != basis)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("kaoa.bi_runden needs one min_fallzahl per window partition"),
					 errdetail("Row %lld has %d, the first row %d.", (long long) i + 1, m, basis),
					 errhint("Partition the window by what makes one family, at least the Kommune: OVER (PARTITION BY kommune, schuljahr).")));
		d = WinGetFuncArgInPartition(w, 2, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		atome[i].n_a = pfad_lesen(d, isnull, (const char ***) &atome[i].a);
		d = WinGetFuncArgInPartition(w, 3, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		atome[i].n_b = pfad_lesen(d, isnull, (const char ***) &atome[i].b);
	}

	kaoa_speicher_init(&s, arbeit);
	f = rd_atome_runden(atome, n, Max(basis, 1), &s);
	if (f == RD_UEBERLAUF)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("kaoa.bi_runden: the counts of a window partition add up beyond bigint"),
				 errhint("Counts are numbers of persons; check what is passed as anzahl.")));
	kern_fehler(f, "kaoa.bi_runden");

	p->gerundet = MemoryContextAlloc(bleibt, sizeof(int64) * Max(n, 1));
	for (int64 i = 0; i < n; i++)
		p->gerundet[i] = atome[i].gerundet;
	p->fertig = true;
	MemoryContextSwitchTo(alt);
	MemoryContextDelete(arbeit);
}

/*
 * kaoa.bi_runden(anzahl bigint, min_fallzahl integer, a text[], b text[]) → bigint, a window
 * function: the rows of one window partition are the atoms of one family, a and b their paths in
 * the family's two trees; returns this row's count rounded to a multiple of min_fallzahl so that
 * every group of either tree, summed from the rounded atoms, is a multiple next to its true count.
 */
Datum
kaoa_bi_runden(PG_FUNCTION_ARGS)
{
	WindowObject w = PG_WINDOW_OBJECT();
	partition  *p = WinGetPartitionLocalMemory(w, sizeof(partition));

	if (!p->fertig)
		partition_runden(w, p);
	PG_RETURN_INT64(p->gerundet[WinGetCurrentPosition(w)]);
}

/* ---- kaoa.bi_zeigen --------------------------------------------------------------------------------- */

/*
 * kaoa.bi_zeigen(anzahl bigint, gerundet bigint, min_fallzahl integer) → integer: what a BI view
 * publishes for one cell whose true count is anzahl and whose controlled-rounded value (the sum of
 * its rounded atoms) is gerundet — NULL when anzahl is 1 … min_fallzahl − 1, else gerundet.  The one
 * place of that rule for the views written in SQL (the C views call rd_zeigen).  STRICT: NULL in,
 * NULL out.  A rounded value that is no multiple of min_fallzahl, or one more than min_fallzahl − 1
 * away from anzahl, is refused rather than shown (a view passed something other than its rounded
 * atoms).
 */
Datum
kaoa_bi_zeigen(PG_FUNCTION_ARGS)
{
	int64		anzahl = PG_GETARG_INT64(0);
	int64		gerundet = PG_GETARG_INT64(1);
	int32		m = PG_GETARG_INT32(2);
	int64		wert;

	if (m < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kaoa.bi_zeigen needs a min_fallzahl of at least 1"),
				 errdetail("min_fallzahl is %d.", m),
				 errhint("Pass the Kommune's kaoa.kommune.min_fallzahl.")));
	if (anzahl < 0 || gerundet < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kaoa.bi_zeigen cannot publish a negative count"),
				 errdetail("anzahl is %lld, gerundet %lld.", (long long) anzahl, (long long) gerundet),
				 errhint("Counts are numbers of persons: 0 or more.")));
	if (gerundet % m != 0 || gerundet <= anzahl - m || gerundet >= anzahl + m)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kaoa.bi_zeigen: %lld is no rounding of %lld to a multiple of %d",
						(long long) gerundet, (long long) anzahl, m),
				 errhint("Pass the sum of the cell's atoms as rounded by kaoa.bi_runden.")));
	if (!rd_zeigen(anzahl, gerundet, m, &wert))
		PG_RETURN_NULL();
	if (wert > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("kaoa.bi_zeigen: the count %lld is beyond integer", (long long) wert),
				 errhint("Counts are numbers of persons; check what is passed as anzahl.")));
	PG_RETURN_INT32((int32) wert);
}
