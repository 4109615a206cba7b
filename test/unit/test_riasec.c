/*
 * test_riasec.c — unit tests of the RIASEC core (docs/types.md).
 */
#include "unit.h"

#include "types/core/riasec.h"

static int
parse(const char *s, kaoa_riasec *r)
{
	kaoa_parse_error err;

	return kaoa_riasec_parse(s, strlen(s), r, &err);
}

static const char *
show(const char *s)
{
	static char out[KAOA_RIASEC_TEXT_MAX];
	kaoa_riasec r;

	if (!parse(s, &r))
		return "(refused)";
	kaoa_riasec_format(&r, out);
	return out;
}

static int
refused(const char *s, const char *detail_part)
{
	kaoa_riasec r;
	kaoa_parse_error err = {{0}};

	return !kaoa_riasec_parse(s, strlen(s), &r, &err) && strstr(err.detail, detail_part) != NULL;
}

static const char *
holland(const char *s)
{
	static char out[4];
	kaoa_riasec r;

	if (!parse(s, &r))
		return "(refused)";
	kaoa_riasec_holland(&r, out);
	return out;
}

static double
kongruenz(const char *a, const char *b)
{
	kaoa_riasec ra,
				rb;

	if (!parse(a, &ra) || !parse(b, &rb))
		return -1;
	return kaoa_riasec_kongruenz(&ra, &rb);
}

int
main(void)
{
	/* the key-value form */
	IS_STR(show("R=40,I=10,A=0,S=80,E=20,C=5"), "R=40,I=10,A=0,S=80,E=20,C=5", "canonical form round-trips");
	IS_STR(show("s=80, r = 40 ,C=5,  e=20 , i=10"), "R=40,I=10,A=0,S=80,E=20,C=5", "any order, case, spaces");
	IS_STR(show("S=100"), "R=0,I=0,A=0,S=100,E=0,C=0", "missing letters are 0");
	IS_STR(show("R=0"), "R=0,I=0,A=0,S=0,E=0,C=0", "all zero is writable");
	IS_STR(show("A=007"), "R=0,I=0,A=7,S=0,E=0,C=0", "leading zeros read as decimal");
	IS_STR(show(" SEC "), "R=0,I=0,A=0,S=100,E=67,C=33", "Holland SEC -> 100, 67, 33");
	IS_STR(show("se"), "R=0,I=0,A=0,S=100,E=50,C=0", "Holland SE -> 100, 50");
	IS_STR(show("S"), "R=0,I=0,A=0,S=100,E=0,C=0", "Holland S -> 100");
	IS_STR(show("CRI"), "R=67,I=33,A=0,S=0,E=0,C=100", "Holland order is the code's order");

	IS_STR(show("\tsEc\n"), "R=0,I=0,A=0,S=100,E=67,C=33", "Holland code in mixed case, tab/newline trimmed");
	IS_STR(show("R=0100"), "R=100,I=0,A=0,S=0,E=0,C=0", "leading zero before 100");
	IS_STR(show("C=100,E=100,S=100,A=100,I=100,R=100"), "R=100,I=100,A=100,S=100,E=100,C=100", "all 100");
	IS_STR(show("R\t=\t4"), "R=4,I=0,A=0,S=0,E=0,C=0", "tabs around '='");
	IS_STR(show("R"), "R=100,I=0,A=0,S=0,E=0,C=0", "a single R is a Holland code, not a letter=value entry");
	IS_STR(show("IA"), "R=0,I=100,A=50,S=0,E=0,C=0", "Holland IA -> 100, 50");
	IS_STR(show("ECR"), "R=33,I=0,A=0,S=0,E=100,C=67", "Holland ECR -> E 100, C 67, R 33");

	OK(refused("", "empty"), "empty refused");
	OK(refused(" \t ", "empty"), "blank refused");
	OK(refused("R=40,r=10", "twice"), "a letter twice in another case refused");
	OK(refused("R=40;I=10", "whole number"), "semicolon separator refused");
	OK(refused("R:40", "neither letter=value pairs"), "colon instead of '=' refused");
	OK(refused("Realistic=40", "form letter=value"), "a full word refused");
	OK(refused("=40", "does not start"), "missing letter refused");
	OK(refused("R=4 0", "whole number"), "inner space in a number refused");
	OK(refused("S\xC3\xA9", "not a Holland code"), "non-ASCII letter in a code refused");
	{
		kaoa_riasec r;
		kaoa_parse_error err = {{0}};

		OK(!kaoa_riasec_parse("S\0E", 3, &r, &err) && strstr(err.detail, "NUL") != NULL, "embedded NUL refused");
		OK(!kaoa_riasec_parse("X", 1, &r, NULL), "refusal with a NULL error sink");
	}
	OK(refused("R=40,R=10", "twice"), "a letter twice refused");
	OK(refused("R=101", "out of range"), "101 refused");
	OK(refused("R=1000000000000", "out of range"), "huge number refused without overflow");
	OK(refused("R=-5", "whole number"), "negative refused");
	OK(refused("R=+5", "whole number"), "plus sign refused");
	OK(refused("R=4.5", "whole number"), "decimal refused");
	OK(refused("R=", "whole number"), "missing value refused");
	OK(refused("X=5", "does not start"), "unknown letter refused");
	OK(refused("RI=5", "form letter=value"), "two letters before '=' refused");
	OK(refused("R=5,,I=3", "Entry 2 is empty"), "empty entry refused");
	OK(refused("R=5,", "Entry 2 is empty"), "trailing comma refused");
	OK(refused("SES", "repeats"), "Holland code with a repeated letter refused");
	OK(refused("SECR", "1 to 3 letters"), "four letters refused");
	OK(refused("SXE", "not a Holland code"), "unknown letter in a code refused");
	OK(refused("S E", "not a Holland code"), "inner space in a code refused");

	/* holland_code: up to three highest non-zero, ties in R I A S E C order */
	IS_STR(holland("R=40,I=10,A=0,S=80,E=20,C=5"), "SRE", "highest three");
	IS_STR(holland("R=50,I=50,A=50,S=50"), "RIA", "ties in RIASEC order");
	IS_STR(holland("C=10,E=10"), "EC", "only non-zero letters");
	IS_STR(holland("R=0"), "", "all zero has no code");
	IS_STR(holland("SEC"), "SEC", "a Holland code gives itself back");
	IS_STR(holland("S=80,E=50,A=50,C=50"), "SAE", "tie for the second place in RIASEC order");
	IS_STR(holland("C=1"), "C", "one non-zero letter gives one letter");
	IS_STR(holland("R=1,I=2,A=3,S=4,E=5,C=6"), "CES", "strictly ordered scores");
	IS_STR(holland("R=100,I=100,A=100,S=100,E=100,C=100"), "RIA", "all equal: first three in RIASEC order");

	/* kongruenz: cosine; 0.5 when either is all zero */
	IS_DBL(kongruenz("S", "S=50"), 1.0, 1e-12, "parallel profiles: 1");
	IS_DBL(kongruenz("R", "S"), 0.0, 1e-12, "orthogonal profiles: 0");
	IS_DBL(kongruenz("R=0", "S"), 0.5, 0, "all zero: 0.5");
	IS_DBL(kongruenz("S", "R=0"), 0.5, 0, "all zero on the other side: 0.5");
	IS_DBL(kongruenz("R=3,I=4", "R=4,I=3"), 24.0 / 25.0, 1e-12, "3-4 vs 4-3: 24/25");
	IS_DBL(kongruenz("R=4,I=3", "R=3,I=4"), 24.0 / 25.0, 1e-12, "symmetric");
	IS_DBL(kongruenz("R=0", "R=0"), 0.5, 0, "both all zero: 0.5");
	IS_DBL(kongruenz("R=1,I=2,A=3,S=4,E=5,C=6", "R=1,I=2,A=3,S=4,E=5,C=6"), 1.0, 0, "a profile with itself: exactly 1 (not above)");
	IS_DBL(kongruenz("R=100,I=1", "R=1,I=100"), 200.0 / 10001.0, 1e-12, "nearly orthogonal");
	{
		int			a,
					b,
					bad = 0;

		/* never outside [0, 1], whatever the inputs */
		for (a = 0; a <= 100; a += 7)
			for (b = 0; b <= 100; b += 9)
			{
				kaoa_riasec x = {{a, b, 100 - a, b / 2, 3, 0}};
				kaoa_riasec y = {{b, a, 1, 100 - b, a / 3, 100}};
				double		c = kaoa_riasec_kongruenz(&x, &y);

				if (c < 0 || c > 1)
					bad++;
			}
		IS_INT(bad, 0, "kongruenz stays within [0, 1]");
	}
	{
		kaoa_riasec lo,
					hi;

		/* the byte layout is R I A S E C, so memcmp is the lexicographic btree order */
		OK(parse("R=1", &lo) && parse("I=100,A=100,S=100,E=100,C=100", &hi) && memcmp(&lo, &hi, 6) > 0,
		   "R decides before I..C");
		OK(parse("C=2", &lo) && parse("C=10", &hi) && memcmp(&lo, &hi, 6) < 0, "C=2 sorts before C=10 (numeric, not text)");
		IS_INT(sizeof(kaoa_riasec), 6, "the struct has no padding: 6 bytes");
	}
	IS_DBL(kongruenz("SEC", "SE"), (100.0 * 100 + 67 * 50) / (sqrt(100.0 * 100 + 67 * 67 + 33 * 33) * sqrt(100.0 * 100 + 50 * 50)),
		   1e-12, "SEC vs SE by the formula");
	{
		uint8_t		ok[6] = {100, 0, 0, 0, 0, 100};
		uint8_t		bad[6] = {0, 0, 101, 0, 0, 0};

		OK(kaoa_riasec_valid(ok) && !kaoa_riasec_valid(bad), "valid: values 0..100 only");
	}
	return unit_done();
}
