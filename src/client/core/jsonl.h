/*
 * jsonl.h — writes one JSON object per line (JSON Lines), pure C.
 *
 * Design note.  Used by `kaoa generate` for every record and by `kaoa import` for the reject
 * file.  Output must be valid JSON whatever the input bytes are: strings are escaped per RFC 8259
 * (quote, backslash, control characters), and bytes that are not well-formed UTF-8 are replaced by
 * U+FFFD, because JSON text cannot carry them (a reject line's "daten" then shows where the file
 * was broken).  Numbers are printed with a fixed number of decimals in the C locale, so output is
 * identical on every machine.  The buffer grows as needed; on allocation failure the writer
 * remembers it (`kaputt`) and the caller reports it once.
 */
#ifndef KAOA_JSONL_H
#define KAOA_JSONL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kaoa_jsonl
{
	char	   *buf;			/* the current line, NUL-terminated */
	size_t		len;
	size_t		cap;
	bool		erstes;			/* no member written yet in the open object */
	bool		kaputt;			/* an allocation failed; the line is incomplete */
} kaoa_jsonl;

void		kaoa_jsonl_init(kaoa_jsonl *w);
void		kaoa_jsonl_free(kaoa_jsonl *w);

/* Starts a new line with '{' (discarding the previous line). */
void		kaoa_jsonl_anfang(kaoa_jsonl *w);

/* Closes the object and appends '\n'. */
void		kaoa_jsonl_ende(kaoa_jsonl *w);

/* Members.  A NULL string is written as null. */
void		kaoa_jsonl_text(kaoa_jsonl *w, const char *key, const char *wert);
void		kaoa_jsonl_text_n(kaoa_jsonl *w, const char *key, const char *wert, size_t len);
void		kaoa_jsonl_int(kaoa_jsonl *w, const char *key, long long wert);
void		kaoa_jsonl_zahl(kaoa_jsonl *w, const char *key, double wert, int dezimalen);
void		kaoa_jsonl_bool(kaoa_jsonl *w, const char *key, bool wert);
void		kaoa_jsonl_null(kaoa_jsonl *w, const char *key);
void		kaoa_jsonl_text_liste(kaoa_jsonl *w, const char *key, const char *const *werte, int n);

/* Appends s (len bytes) as a JSON string literal, with quotes, escaping and UTF-8 repair. */
void		kaoa_jsonl_string(kaoa_jsonl *w, const char *s, size_t len);

/* Length of the well-formed UTF-8 sequence starting at s (1..4), or 0 when it is malformed
 * (overlong, surrogate, beyond U+10FFFF, truncated, stray continuation byte). */
int			kaoa_utf8_laenge(const unsigned char *s, size_t rest);

/*
 * Finds a member name that occurs twice at the top level of the JSON object text s (len bytes,
 * already validated as JSON).  Parsers (json-c, jsonb) keep only the last value of a repeated
 * key, so `kaoa import` looks at the text itself: a line must not lose a value silently.  Names
 * are compared after decoding their escapes ("a" and "\u0061" are the same key).  Returns true and
 * the first repeated name's position and length in s (its text between the quotes, escapes as
 * written) when there is one.
 */
bool		kaoa_jsonl_doppelter_schluessel(const char *s, size_t len, size_t *pos, size_t *name_len);

#endif							/* KAOA_JSONL_H */
