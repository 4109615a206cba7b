/*
 * speicher.h — how the pure-C matching cores get memory (no PostgreSQL headers).
 *
 * Design note.  The cores for the top-k index and the assignment hold large arrays (millions of
 * candidate pairs).  In the backend they must live in a PostgreSQL memory context, so that an
 * error or a query cancel (which longjmps out of the core through the progress callback) frees
 * them with the context; in unit tests and the benchmark they come from malloc.  A core therefore
 * allocates only through a kaoa_speicher: a NULL pointer means malloc/free.
 */
#ifndef KAOA_SPEICHER_H
#define KAOA_SPEICHER_H

#include <stddef.h>

typedef struct kaoa_speicher
{
	/* Returns n bytes (n > 0) or NULL when out of memory (the backend's version raises instead). */
	void	   *(*alloc) (void *ctx, size_t n);
	void		(*free) (void *ctx, void *p);
	void	   *ctx;
} kaoa_speicher;

/* n bytes from s (malloc when s is NULL); NULL on failure or overflow of n. */
void	   *kaoa_speicher_alloc(const kaoa_speicher *s, size_t n);

/* count × size bytes, with the multiplication checked for overflow; NULL on failure. */
void	   *kaoa_speicher_array(const kaoa_speicher *s, size_t count, size_t size);

/* Gives p back to s (free when s is NULL); p may be NULL. */
void		kaoa_speicher_free(const kaoa_speicher *s, void *p);

#endif							/* KAOA_SPEICHER_H */
