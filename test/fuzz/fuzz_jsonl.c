/*
 * fuzz_jsonl.c — libFuzzer target for the JSON Lines helpers of the client: the repeated-key finder
 * `kaoa import` runs on every line (src/client/core/jsonl.c) and the string writer it relies on.
 *
 * Properties checked on every input (besides the sanitizers):
 *   - on arbitrary bytes the finder never reads outside them, and a name it reports lies inside
 *     the input, right after a quote;
 *   - the input written as a JSON string by kaoa_jsonl_string and used as a key twice,
 *     {"<input>":[{"<input>":0}],"<input>":2}, is found as repeated; once (and once inside a nested
 *     object) it is not;
 *   - the same name once plainly and once with every character \u-escaped is found as repeated.
 */
#include <stdio.h>

#include "client/core/jsonl.h"
#include "fuzz_util.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
roh(kaoa_jsonl *w, const char *s)
{
	size_t		n = strlen(s);

	if (w->len + n + 1 > w->cap)
	{
		w->cap = (w->len + n + 1) * 2;
		w->buf = realloc(w->buf, w->cap);
		if (!w->buf)
			abort();
	}
	memcpy(w->buf + w->len, s, n + 1);
	w->len += n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	size_t		pos,
				n;
	kaoa_jsonl	w;
	size_t		i;

	if (kaoa_jsonl_doppelter_schluessel(s, size, &pos, &n))
	{
		if (pos == 0 || pos > size || n > size - pos || s[pos - 1] != '"')
			abort();
	}

	/* the input as a key: twice is found, once is not */
	kaoa_jsonl_init(&w);
	w.len = 0;
	roh(&w, "{");
	kaoa_jsonl_string(&w, s, size);
	roh(&w, ":[{");
	kaoa_jsonl_string(&w, s, size);
	roh(&w, ":0}]}");
	if (w.kaputt)
		abort();
	if (kaoa_jsonl_doppelter_schluessel(w.buf, w.len, &pos, &n))
		abort();				/* once at the top, once nested: no repeat */
	w.len--;					/* drop the closing brace */
	roh(&w, ",");
	kaoa_jsonl_string(&w, s, size);
	roh(&w, ":2}");
	if (w.kaputt || !kaoa_jsonl_doppelter_schluessel(w.buf, w.len, &pos, &n))
		abort();

	/* a plain ASCII name and its \u-escaped spelling are the same key */
	{
		char		esc[8];
		bool		ascii = size > 0;

		for (i = 0; i < size; i++)
			if (data[i] < 0x20 || data[i] >= 0x7f || data[i] == '"' || data[i] == '\\')
				ascii = false;
		if (ascii)
		{
			w.len = 0;
			roh(&w, "{\"");
			for (i = 0; i < size; i++)
			{
				snprintf(esc, sizeof(esc), "\\u%04x", data[i]);
				roh(&w, esc);
			}
			roh(&w, "\":1,");
			kaoa_jsonl_string(&w, s, size);
			roh(&w, ":2}");
			if (!kaoa_jsonl_doppelter_schluessel(w.buf, w.len, &pos, &n) || pos != w.len - size - 4)
				abort();
		}
	}
	kaoa_jsonl_free(&w);
	return 0;
}
