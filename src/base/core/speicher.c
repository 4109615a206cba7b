/*
 * speicher.c — the allocation indirection of the matching cores (see speicher.h).
 */
#include "base/core/speicher.h"

#include <stdint.h>
#include <stdlib.h>

void *
kaoa_speicher_alloc(const kaoa_speicher *s, size_t n)
{
	if (n == 0)
		n = 1;
	if (s == NULL || s->alloc == NULL)
		return malloc(n);
	return s->alloc(s->ctx, n);
}

void *
kaoa_speicher_array(const kaoa_speicher *s, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	return kaoa_speicher_alloc(s, count * size);
}

void
kaoa_speicher_free(const kaoa_speicher *s, void *p)
{
	if (p == NULL)
		return;
	if (s == NULL || s->free == NULL)
		free(p);
	else
		s->free(s->ctx, p);
}
