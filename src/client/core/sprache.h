/*
 * sprache.h — the client's message translation, for its pure-C cores as for the subcommands.
 *
 * Texts are English in the source and looked up with gettext in the client's domain (bound by
 * kaoa_sprache_init in src/client/gemeinsam.c; the cores need only this header and the C library).
 * _() translates a text where it is used; N_() only marks a text in a table for xgettext, and the
 * code translates it with _() where it prints it.  Without a bound domain (the unit tests) gettext
 * returns the English text.
 */
#ifndef KAOA_CLIENT_SPRACHE_H
#define KAOA_CLIENT_SPRACHE_H

#include <libintl.h>

#undef _
#define _(x) gettext(x)
#define N_(x) x

#endif							/* KAOA_CLIENT_SPRACHE_H */
