/*
 * fuzz_util.h — properties every kaoa parser must keep, shared by the libFuzzer targets.
 *
 * Besides "no crash, no undefined behaviour" (the sanitizers) and each type's round trip, every
 * target checks two metamorphic properties of the input rules and one of the error detail:
 *   - surrounding whitespace never changes the outcome (the input is trimmed);
 *   - ASCII case never changes the outcome (every kaoa literal is case-insensitive);
 *   - a refusal's detail is non-empty, valid UTF-8 and free of control characters, because it goes
 *     verbatim into errdetail, the server log and the client's terminal.
 */
#ifndef KAOA_FUZZ_UTIL_H
#define KAOA_FUZZ_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* True when d is a non-empty, valid UTF-8 string without control characters. */
static inline bool
fuzz_detail_ok(const char *d)
{
	const unsigned char *u = (const unsigned char *) d;
	size_t		i = 0;

	if (u[0] == '\0')
		return false;
	while (u[i] != '\0')
	{
		size_t		need,
					k;

		if (u[i] < 0x20 || u[i] == 0x7f)
			return false;
		if (u[i] < 0x80)
		{
			i++;
			continue;
		}
		if (u[i] >= 0xC2 && u[i] <= 0xDF)
			need = 1;
		else if (u[i] >= 0xE0 && u[i] <= 0xEF)
			need = 2;
		else if (u[i] >= 0xF0 && u[i] <= 0xF4)
			need = 3;
		else
			return false;
		for (k = 1; k <= need; k++)
			if ((u[i + k] & 0xC0) != 0x80)
				return false;
		i += need + 1;
	}
	return true;
}

/* A malloc'd copy of data with ASCII letters lower-cased (other bytes unchanged). */
static inline char *
fuzz_lowered(const uint8_t *data, size_t size)
{
	char	   *out = malloc(size + 1);
	size_t		i;

	for (i = 0; i < size; i++)
		out[i] = (char) ((data[i] >= 'A' && data[i] <= 'Z') ? data[i] - 'A' + 'a' : data[i]);
	out[size] = '\0';
	return out;
}

/* A malloc'd copy of data between " \t" and "\r\n " (*outlen gets its length). */
static inline char *
fuzz_padded(const uint8_t *data, size_t size, size_t *outlen)
{
	char	   *out = malloc(size + 5);

	memcpy(out, " \t", 2);
	if (size > 0)
		memcpy(out + 2, data, size);
	memcpy(out + 2 + size, "\r\n ", 3);
	*outlen = size + 5;
	return out;
}

#endif							/* KAOA_FUZZ_UTIL_H */
