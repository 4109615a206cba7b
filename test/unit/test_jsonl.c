/*
 * test_jsonl.c — unit tests of the JSON Lines helpers of the client (src/client/core/jsonl.c): the
 * repeated-key finder `kaoa import` uses so that no value of a line is dropped silently, and the
 * UTF-8 check.
 */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "client/core/jsonl.h"

/* The repeated name as written, or "-" when there is none. */
static const char *
doppelt(const char *s)
{
	static char out[64];
	size_t		pos,
				n;

	if (!kaoa_jsonl_doppelter_schluessel(s, strlen(s), &pos, &n))
		return "-";
	snprintf(out, sizeof(out), "%.*s", (int) n, s + pos);
	return out;
}

int
main(void)
{
	IS_STR(doppelt("{\"typ\":\"person\",\"pseudonym\":\"A\",\"pseudonym\":\"B\"}"), "pseudonym", "a repeated key is found");
	IS_STR(doppelt("{\"typ\":\"person\",\"pseudonym\":\"A\"}"), "-", "distinct keys: none");
	IS_STR(doppelt("{}"), "-", "empty object: none");
	IS_STR(doppelt("{\"a\":1,\"\\u0061\":2}"), "\\u0061", "an escaped spelling of the same key is found (as written)");
	IS_STR(doppelt("{\"a\\\"b\":1,\"a\\u0022b\":2}"), "a\\u0022b", "escaped quotes inside names");
	IS_STR(doppelt("{\"x\":{\"a\":1,\"a\":2},\"y\":3}"), "-", "repeats inside a nested object do not count");
	IS_STR(doppelt("{\"x\":[{\"a\":1},{\"a\":2}],\"a\":3}"), "-", "keys in array elements are not top-level");
	IS_STR(doppelt("{\"x\":\"a\",\"a\":\"x\"}"), "-", "a value equal to a key is not a key");
	IS_STR(doppelt("{\"x\":\"\\\",\\\"x\\\":\",\"y\":1}"), "-", "quotes and commas inside a string value");
	IS_STR(doppelt("{\"w\":[\"a\",\"b\"],\"v\":1,\"w\":2}"), "w", "a repeat after an array value");
	IS_STR(doppelt("{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}"), "\xf0\x9f\x98\x80", "a surrogate pair equals its UTF-8 form");
	IS_STR(doppelt("{\"k\" : 1 , \"k\" : 2}"), "k", "whitespace around names and colons");
	IS_STR(doppelt("{\"A\":1,\"a\":2}"), "-", "names are case-sensitive");

	IS_INT(kaoa_utf8_laenge((const unsigned char *) "\xc3\xa4", 2), 2, "ä is two bytes");
	IS_INT(kaoa_utf8_laenge((const unsigned char *) "\xc3", 1), 0, "a truncated sequence is malformed");
	IS_INT(kaoa_utf8_laenge((const unsigned char *) "\xef\xbb\xbf", 3), 3, "the BOM is well-formed UTF-8 (import skips it at the start)");
	IS_INT(kaoa_utf8_laenge((const unsigned char *) "\xed\xa0\x80", 3), 0, "an encoded surrogate is malformed");
	return unit_done();
}
