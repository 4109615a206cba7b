/*
 * test_kompetenzen.c — unit tests of the Potenzialanalyse core (docs/types.md, docs/matching.md).
 */
#include "unit.h"

#include "types/core/kompetenzen.h"

static int
parse(const char *s, kaoa_kompetenzen *k)
{
	kaoa_parse_error err;

	return kaoa_kompetenzen_parse(s, strlen(s), k, &err);
}

static const char *
show(const char *s)
{
	static char out[KAOA_KOMPETENZEN_TEXT_MAX];
	kaoa_kompetenzen k;

	if (!parse(s, &k))
		return "(refused)";
	kaoa_kompetenzen_format(&k, out);
	return out;
}

static int
refused(const char *s, const char *detail_part)
{
	kaoa_kompetenzen k;
	kaoa_parse_error err = {{0}};

	return !kaoa_kompetenzen_parse(s, strlen(s), &k, &err) && strstr(err.detail, detail_part) != NULL;
}

static double
grad(const char *hat, const char *braucht)
{
	kaoa_kompetenzen a,
				b;

	if (!parse(hat, &a) || !parse(braucht, &b))
		return -1;
	return kaoa_kompetenzen_erfuellungsgrad(&a, &b);
}

int
main(void)
{
	static const char *all =
		"motivation=1,zuverlaessigkeit=2,konzentration=3,sorgfalt=4,teamfaehigkeit=5,kommunikation=1,"
		"konfliktfaehigkeit=2,planung=3,problemloesung=4,feinmotorik=5,grobmotorik=1,raumvorstellung=2";
	char		longest[KAOA_KOMPETENZEN_TEXT_MAX];
	kaoa_kompetenzen five;
	int			i;

	IS_STR(show("sorgfalt=3, teamfaehigkeit=4"), "sorgfalt=3,teamfaehigkeit=4", "the documented example");
	IS_STR(show("teamfaehigkeit=4,sorgfalt=3"), "sorgfalt=3,teamfaehigkeit=4", "output in dimension order");
	IS_STR(show(all), all, "all twelve round-trip");
	IS_STR(show(""), "", "empty string is all zero");
	IS_STR(show("  "), "", "blank is all zero");
	IS_STR(show("sorgfalt=0"), "", "level 0 is not printed");
	IS_STR(show("Teamfähigkeit=4"), "teamfaehigkeit=4", "umlaut spelling ä");
	IS_STR(show("TEAMFÄHIGKEIT = 4"), "teamfaehigkeit=4", "upper-case umlaut Ä, spaces around '='");
	IS_STR(show("zuverlässigkeit=2"), "zuverlaessigkeit=2", "zuverlässigkeit");
	IS_STR(show("Problemlösung=5"), "problemloesung=5", "problemlösung");
	IS_STR(show("konfliktfähigkeit=1"), "konfliktfaehigkeit=1", "konfliktfähigkeit");
	IS_STR(show("PROBLEMLÖSUNG=3"), "problemloesung=3", "upper-case Ö");
	IS_STR(show("ZUVERLÄSSIGKEIT=1, KonfliktFähigkeit=2"), "zuverlaessigkeit=1,konfliktfaehigkeit=2",
		   "upper-case Ä, mixed case");
	IS_STR(show("teamfa\xCC\x88higkeit=3"), "teamfaehigkeit=3", "decomposed ä (a + U+0308, NFD)");
	IS_STR(show("PROBLEMLO\xCC\x88SUNG=2"), "problemloesung=2", "decomposed Ö (O + U+0308)");
	IS_STR(show("sorgfalt=05"), "sorgfalt=5", "leading zero: 05 is 5");
	IS_STR(show("sorgfalt = 0003"), "sorgfalt=3", "several leading zeros");
	IS_STR(show("\t sorgfalt\t=\t2 ,\nplanung=1\r\n"), "sorgfalt=2,planung=1", "tabs and newlines count as spaces");
	IS_STR(show("sorgfalt=0,planung=0"), "", "all levels 0 print as the empty string");
	{
		kaoa_kompetenzen a,
					b;

		OK(parse("sorgfalt=0", &a) && parse("", &b) && memcmp(&a, &b, sizeof(a)) == 0,
		   "sorgfalt=0 equals the empty string");
		OK(!kaoa_kompetenzen_parse("sorgfalt=3", 11, &a, NULL), "an embedded NUL is refused (with a NULL error sink)");
	}

	OK(refused("sorgfalt=3,sorgfalt=4", "twice"), "a dimension twice refused");
	OK(refused("sorgfalt=3,Sorgfalt=3", "twice"), "twice in another case refused");
	OK(refused("teamfaehigkeit=1,teamfähigkeit=1", "twice"), "twice in another spelling refused");
	OK(refused("sorgfalt=6", "out of range"), "level 6 refused");
	OK(refused("sorgfalt=10", "out of range"), "level 10 refused as out of range");
	OK(refused("sorgfalt=99999999999999999999", "out of range"), "huge level refused without overflow");
	OK(refused("sorgfalt=-1", "whole number"), "negative refused");
	OK(refused("sorgfalt=+5", "whole number"), "plus sign refused");
	OK(refused("sorgfalt=2.5", "whole number"), "decimal refused");
	OK(refused("sorgfalt=4 5", "whole number"), "two numbers refused");
	OK(refused("sorgfalt=drei", "whole number"), "a word refused");
	OK(refused("sorgfalt", "name=level"), "missing '=' refused");
	OK(refused("sorgfalt=", "whole number"), "missing level refused");
	OK(refused("sorgfalt==3", "whole number"), "double '=' refused");
	OK(refused("sorgfalt=3;planung=2", "whole number"), "semicolon as separator refused");
	OK(refused(",", "Entry 1 is empty"), "a lone comma refused");
	OK(refused("sorgfalt=3,,planung=2", "Entry 2 is empty"), "two commas in a row refused");
	OK(refused("zuverlässigkeit=2,ZUVERLÄSSIGKEIT=3", "twice"), "twice with upper- and lower-case umlaut refused");
	OK(refused("sorgfält=3", "twelve dimensions"), "an umlaut where the name has none refused");
	OK(refused("teamfa\xCC\x88\xCC\x88higkeit=1", "twelve dimensions"), "a doubled combining diaeresis refused");
	OK(refused("\xCC\x88sorgfalt=1", "twelve dimensions"), "a combining diaeresis with no letter refused");
	OK(refused("teamfaehigkeitx=1", "twelve dimensions"), "a name with a suffix refused");
	OK(refused("konfliktfaehigkeitkonfliktfaehigkeit=1", "twelve dimensions"), "an over-long name refused");
	OK(refused("fleiss=3", "twelve dimensions"), "unknown dimension refused");
	OK(refused("=3", "twelve dimensions"), "missing name refused");
	OK(refused("sorgfalt=3,", "Entry 2 is empty"), "trailing comma refused");
	OK(refused("sorg falt=3", "twelve dimensions"), "inner space in a name refused");
	OK(refused("sorgfalt\xC3=3", "twelve dimensions"), "a broken UTF-8 byte refused");

	for (i = 0; i < KAOA_KOMPETENZEN_DIMS; i++)
		five.v[i] = 5;
	IS_INT(kaoa_kompetenzen_format(&five, longest), (long long) strlen(longest), "format returns its length");
	OK(strlen(longest) < KAOA_KOMPETENZEN_TEXT_MAX, "longest output fits the buffer (%zu bytes)", strlen(longest));

	/* erfuellungsgrad: credit 1 when met, 0.5 when unknown (0), else 0; mean; nothing required -> 1 */
	IS_DBL(grad("sorgfalt=3", ""), 1.0, 0, "nothing required: 1");
	IS_DBL(grad("", ""), 1.0, 0, "nothing on either side: 1");
	IS_DBL(grad("sorgfalt=3", "sorgfalt=3"), 1.0, 0, "met exactly: 1");
	IS_DBL(grad("sorgfalt=2", "sorgfalt=3"), 0.0, 0, "below: 0");
	IS_DBL(grad("", "sorgfalt=3"), 0.5, 0, "unknown: 0.5");
	IS_DBL(grad("sorgfalt=5,planung=1", "sorgfalt=3,planung=2,teamfaehigkeit=4"), (1 + 0 + 0.5) / 3.0, 1e-15,
		   "mixed: (1 + 0 + 0.5) / 3");
	IS_DBL(grad("motivation=5", "sorgfalt=1"), 0.5, 0, "levels in other dimensions do not count");
	{
		uint8_t		ok[12] = {5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5};
		uint8_t		bad[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0};

		OK(kaoa_kompetenzen_valid(ok) && !kaoa_kompetenzen_valid(bad), "valid: levels 0..5 only");
	}
	{
		/*
		 * The word-wise version the top-k searches use against the loop, bit for bit: every pair
		 * of vectors over the levels 0..5 on three dimensions (the rest 0, and the same pairs
		 * spread over all twelve), random vectors of valid levels, and bytes of 128 and more (which
		 * take the loop).
		 */
		kaoa_kompetenzen a,
					b;
		uint64_t	z = 12345;
		long		abweichungen = 0,
					paare = 0;
		int			x,
					y,
					d;

		for (x = 0; x < 216; x++)
			for (y = 0; y < 216; y++)
			{
				memset(&a, 0, sizeof(a));
				memset(&b, 0, sizeof(b));
				for (d = 0; d < 3; d++)
				{
					a.v[d * 5] = (uint8_t) (x / (d == 0 ? 1 : d == 1 ? 6 : 36) % 6);
					b.v[d * 5 + 1 - (d == 2)] = (uint8_t) (y / (d == 0 ? 1 : d == 1 ? 6 : 36) % 6);
				}
				paare++;
				abweichungen += kaoa_kompetenzen_erfuellungsgrad_schnell(&a, &b) != kaoa_kompetenzen_erfuellungsgrad(&a, &b);
			}
		for (x = 0; x < 200000; x++)
		{
			for (d = 0; d < KAOA_KOMPETENZEN_DIMS; d++)
			{
				z = z * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
				a.v[d] = (uint8_t) ((z >> 33) % 6);
				b.v[d] = (uint8_t) ((z >> 45) % (x % 3 == 0 ? 3 : 6));
				if (x % 1000 == 999 && d == x % KAOA_KOMPETENZEN_DIMS)
					a.v[d] = (uint8_t) (128 + (z >> 50) % 128);
			}
			paare++;
			abweichungen += kaoa_kompetenzen_erfuellungsgrad_schnell(&a, &b) != kaoa_kompetenzen_erfuellungsgrad(&a, &b);
		}
		IS_INT(abweichungen, 0, "erfuellungsgrad word-wise equals the loop bit for bit (%ld pairs)", paare);
	}
	IS_STR(kaoa_kompetenzen_name(4), "teamfaehigkeit", "name of dimension 4");
	OK(kaoa_kompetenzen_name(12) == NULL && kaoa_kompetenzen_name(-1) == NULL, "no name outside 0..11");
	return unit_done();
}
