/*
 * parse_util.h — what the pure-C parsers of kaoa share.
 *
 * Design note.  Every parser of a kaoa type lives in a file that includes no PostgreSQL header, so
 * that it can be unit-tested under AddressSanitizer/UBSan and fuzzed with libFuzzer.  A parser
 * never allocates and never longjmps: it takes the raw bytes (pointer + length, so the fuzzer can
 * hand it anything, embedded NULs included), returns true with the value, or returns false with a
 * kaoa_parse_error whose `detail` names the rule that failed and what was found.  The fmgr wrapper
 * turns that into ereport(ERROR) with SQLSTATE 22P02, the detail as errdetail and the type's
 * accepted forms as errhint.
 */
#ifndef KAOA_PARSE_UTIL_H
#define KAOA_PARSE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KAOA_DETAIL_MAX 256

typedef struct kaoa_parse_error
{
	char		detail[KAOA_DETAIL_MAX];	/* the failed rule, with what was found */
} kaoa_parse_error;

/* Fills err->detail printf-style (truncating safely) and returns false, so parsers can
 * `return kaoa_fail(err, ...)`.  err may be NULL when the caller only wants a yes/no.  fmt is a
 * fixed text with parameters (xgettext collects it: keyword kaoa_fail:2), translated through
 * kaoa_fail_uebersetzen before it is filled in. */
bool		kaoa_fail(kaoa_parse_error *err, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* Translates a detail's format (the server module sets it to its gettext domain in _PG_init; the
 * client and the unit tests leave it NULL, so details stay English there). */
extern const char *(*kaoa_fail_uebersetzen) (const char *fmt);

/* Narrows [*s, *s + *len) to drop surrounding ASCII whitespace (space, tab, CR, LF, VT, FF). */
void		kaoa_trim(const char **s, size_t *len);

/* ASCII whitespace as the parsers understand it; locale-independent on purpose. */
bool		kaoa_is_space(unsigned char c);

/* ASCII-only case folding, locale-independent on purpose (the server's locale must not change
 * what a literal means). */
unsigned char kaoa_ascii_upper(unsigned char c);
unsigned char kaoa_ascii_lower(unsigned char c);

/* Writes at most `max` bytes of [s, s+len) into out (size outsz) as a printable, quoted excerpt
 * for error details: non-printable bytes become \xNN, long inputs are cut with "...". */
void		kaoa_excerpt(char *out, size_t outsz, const char *s, size_t len, size_t max);

#endif							/* KAOA_PARSE_UTIL_H */
