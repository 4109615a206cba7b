/*
 * speicher.c — the memory of the pure-C cores in the backend (see base/core/speicher.h): a
 * kaoa_speicher backed by a memory context, so that an error or a cancel frees what a core holds.
 */
#include "base/kaoa.h"

#include "utils/memutils.h"

static void *
speicher_alloc(void *ctx, size_t n)
{
	return MemoryContextAllocHuge((MemoryContext) ctx, n);
}

static void
speicher_free(void *ctx, void *p)
{
	pfree(p);
}

/* s allocates in ctx (huge allocations allowed). */
void
kaoa_speicher_init(kaoa_speicher *s, MemoryContext ctx)
{
	s->alloc = speicher_alloc;
	s->free = speicher_free;
	s->ctx = ctx;
}
