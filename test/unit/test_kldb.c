/*
 * test_kldb.c — unit tests of the KldB 2010 core (docs/types.md).
 */
#include "unit.h"

#include <stdlib.h>

#include "types/core/kldb.h"

static kaoa_kldb
k(const char *s)
{
	kaoa_kldb	v = 0;
	kaoa_parse_error err;

	if (!kaoa_kldb_parse(s, strlen(s), &v, &err))
		return 0;
	return v;
}

static int
refused(const char *s, const char *detail_part)
{
	kaoa_kldb	v;
	kaoa_parse_error err = {{0}};

	return !kaoa_kldb_parse(s, strlen(s), &v, &err) && strstr(err.detail, detail_part) != NULL;
}

/* Random digit strings of length 1..5 (5th digit 1..4), as text. */
static void
random_code(char *out)
{
	int			n = 1 + rand() % 5;
	int			i;

	for (i = 0; i < n; i++)
		out[i] = (char) ('0' + (i == 4 ? 1 + rand() % 4 : rand() % 10));
	out[n] = '\0';
}

int
main(void)
{
	char		buf[8];
	int			i;

	/* round trips at every level, including a leading 0 (Militär) */
	static const char *codes[] = {"2", "26", "263", "2631", "26312", "0", "01104", "94134"};

	for (i = 0; i < 8; i++)
	{
		kaoa_kldb	v = k(codes[i]);

		OK(v != 0 && kaoa_kldb_valid(v), "%s parses to a valid packed value", codes[i]);
		kaoa_kldb_format(v, buf);
		IS_STR(buf, codes[i], "%s prints back", codes[i]);
		IS_INT(kaoa_kldb_ebene(v), (long long) strlen(codes[i]), "ebene of %s", codes[i]);
	}
	IS_INT(k("  26312\t"), k("26312"), "surrounding whitespace trimmed");
	IS_INT(kaoa_kldb_niveau(k("26312")), 2, "niveau of 26312 is 2");
	IS_INT(kaoa_kldb_niveau(k("2631")), 0, "no niveau below 5 digits");
	IS_INT(kaoa_kldb_niveau(k("94134")), 4, "niveau 4");

	/* refusals */
	OK(refused("", "empty"), "empty refused");
	OK(refused("   ", "empty"), "blank refused");
	OK(refused("263125", "6 digits"), "six digits refused");
	OK(refused("26315", "5th digit"), "5th digit 5 refused");
	OK(refused("26310", "5th digit"), "5th digit 0 refused");
	OK(refused("2631a", "position 5"), "letter refused with its position");
	OK(refused("26 312", "position 3"), "inner space refused");
	OK(refused("-2631", "position 1"), "sign refused");
	OK(refused("B 26312", "position 1"), "BA's 'B ' prefix refused");

	OK(refused("+5", "position 1"), "a plus sign refused");
	OK(refused("2631.2", "position 5"), "a dot refused");
	OK(refused("263-12", "position 4"), "a dash refused");
	OK(refused("\xEF\xBC\x92", "position 1"), "a full-width digit refused");
	OK(refused("1234567890123", "position") == 0 && refused("1234567890123", "13 digits"), "too many digits, counted");
	OK(refused("99995", "is 5"), "the detail names the wrong 5th digit");
	IS_INT(k("05"), k("05"), "05 parses");
	{
		char		out[8];

		kaoa_kldb_format(k("05"), out);
		IS_STR(out, "05", "leading zero is a digit: 05 stays 05 (not 5)");
		OK(k("05") != k("5"), "05 and 5 are different codes");
		kaoa_kldb_format(k("00001"), out);
		IS_STR(out, "00001", "00001 round-trips");
	}
	{
		kaoa_kldb	v;
		kaoa_parse_error err = {{0}};

		OK(!kaoa_kldb_parse("26\0", 3, &v, &err) && strstr(err.detail, "position 3") != NULL, "embedded NUL refused");
		OK(!kaoa_kldb_parse("x", 1, &v, NULL), "refusal with a NULL error sink");
	}

	/* the 5th-digit rule, exhaustively */
	for (i = 0; i <= 9; i++)
	{
		char		code[6] = "2631";

		code[4] = (char) ('0' + i);
		code[5] = '\0';
		if (i >= 1 && i <= 4)
			IS_INT(kaoa_kldb_niveau(k(code)), i, "%s: niveau %d", code, i);
		else
			OK(refused(code, "Anforderungsniveau"), "%s refused", code);
	}

	/* gemeinsam, <@ */
	IS_INT(kaoa_kldb_gemeinsam(k("26312"), k("26312")), 5, "same code: 5");
	IS_INT(kaoa_kldb_gemeinsam(k("26312"), k("26322")), 3, "26312 vs 26322: 3");
	IS_INT(kaoa_kldb_gemeinsam(k("26312"), k("263")), 3, "26312 vs 263: 3");
	IS_INT(kaoa_kldb_gemeinsam(k("263"), k("26312")), 3, "263 vs 26312: 3 (symmetric)");
	IS_INT(kaoa_kldb_gemeinsam(k("26312"), k("51312")), 0, "different Berufsbereich: 0");
	IS_INT(kaoa_kldb_gemeinsam(k("0"), k("01104")), 1, "leading 0 compares as a digit");
	OK(kaoa_kldb_liegt_in(k("26312"), k("263")), "26312 <@ 263");
	OK(kaoa_kldb_liegt_in(k("26312"), k("26312")), "a code lies in itself");
	OK(!kaoa_kldb_liegt_in(k("263"), k("26312")), "263 is not in 26312");
	OK(!kaoa_kldb_liegt_in(k("26412"), k("263")), "26412 is not in 263");
	OK(kaoa_kldb_liegt_in(k("0"), k("0")) && !kaoa_kldb_liegt_in(k("1"), k("0")), "1-digit branches");

	/* packed order is digit-string order */
	OK(k("1") < k("11") && k("11") < k("111") && k("111") < k("2") && k("0") < k("1"),
	   "1 < 11 < 111 < 2, 0 < 1");
	srand(7);
	{
		int			bad = 0;

		for (i = 0; i < 20000; i++)
		{
			char		a[8],
						b[8];
			kaoa_kldb	ka,
						kb;
			int			c,
						p;

			random_code(a);
			random_code(b);
			ka = k(a);
			kb = k(b);
			c = strcmp(a, b);
			p = (ka > kb) - (ka < kb);
			if ((c > 0) - (c < 0) != p)
				bad++;
			/* gemeinsam = length of the common prefix of the strings */
			{
				int			n = 0;

				while (a[n] && a[n] == b[n])
					n++;
				if (kaoa_kldb_gemeinsam(ka, kb) != n)
					bad++;
				if (kaoa_kldb_liegt_in(ka, kb) != (strncmp(a, b, strlen(b)) == 0))
					bad++;
			}
		}
		IS_INT(bad, 0, "20,000 random pairs: order, gemeinsam and <@ agree with the strings");
	}

	/* validity of raw values (recv) */
	OK(!kaoa_kldb_valid(0), "0 is not valid (no digit)");
	OK(!kaoa_kldb_valid(0x100000), "bits above bit 19 are not valid");
	OK(!kaoa_kldb_valid(0x30300), "a gap between digits is not valid");
	OK(!kaoa_kldb_valid(0xB0000), "nibble 11 is not a digit");
	OK(!kaoa_kldb_valid(0x37423 + 0x5), "5th digit 7 is not valid");	/* 2,6,3,1,(7) */
	OK(kaoa_kldb_valid(k("26314")), "26314 valid");
	{
		kaoa_parse_error err = {{0}};

		OK(!kaoa_kldb_check(0x100000, &err) && strstr(err.detail, "above bit 19"), "check: high bits named");
		OK(!kaoa_kldb_check(0, &err) && strstr(err.detail, "no digit"), "check: empty named");
		OK(!kaoa_kldb_check(0x30300, &err) && strstr(err.detail, "nibble 2 is 0 (no digit) but nibble 3 is not"), "check: gap named (%s)", err.detail);
		OK(!kaoa_kldb_check(0xB0000, &err) && strstr(err.detail, "nibble 1 is 11"), "check: non-digit nibble named");
		OK(!kaoa_kldb_check(0x37428, &err) && strstr(err.detail, "5th digit (the Anforderungsniveau) is 7"),
		   "check: bad Anforderungsniveau named");
		OK(!kaoa_kldb_check(0x37421, &err) && strstr(err.detail, "is 0;"), "check: 5th digit 0 named");
		OK(kaoa_kldb_check(0x37423, &err), "check: 26312 passes");
	}
	return unit_done();
}
