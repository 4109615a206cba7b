/*
 * test_abschluss.c — unit tests of the kaoa.abschluss catalogue and parser (docs/types.md).
 */
#include "unit.h"

#include "types/core/abschluss.h"

/* Parses s and returns the code, or 0 when refused. */
static int
parse(const char *s)
{
	int16_t		code = 0;
	kaoa_parse_error err;

	return kaoa_abschluss_parse(s, strlen(s), &code, &err) ? code : 0;
}

static int
itnrw(const char *s)
{
	int16_t		code = 0;
	kaoa_parse_error err;

	return kaoa_abschluss_parse_itnrw(s, strlen(s), &code, &err) ? code : 0;
}

int
main(void)
{
	static const char *current[] = {"OA", "ESAA", "ESA", "ESA_FOE", "ESA_Q", "EESA", "EESA_Q", "MSA",
		"MSA_Q", "MSA_Q1", "VS_11", "FHR_S", "FHR", "FGHR", "ABITUR", "FOEG", "FOEL", "WALD"};
	static const int rang[] = {0, 1, 1, 1, 1, 2, 2, 3, 4, 4, 4, 5, 5, 6, 7, -1, -1, -1};
	static const char keys[] = "ABCSODUFGIPHJQKMVW";
	int			i;
	kaoa_parse_error err;
	int16_t		code;

	/* every current code parses to its idStatistik, prints back, has its rank and key */
	for (i = 0; i < 18; i++)
	{
		IS_INT(parse(current[i]), i + 1, "%s parses to idStatistik %d", current[i], i + 1);
		IS_STR(kaoa_abschluss_code(i + 1), current[i], "code %d prints as %s", i + 1, current[i]);
		IS_INT(kaoa_abschluss_rang(i + 1), rang[i], "rank of %s", current[i]);
		IS_INT(kaoa_abschluss_itnrw_key(i + 1), keys[i], "IT.NRW key of %s", current[i]);
		{
			char		k[2] = {keys[i], 0};
			char		lower[2] = {(char) (keys[i] - 'A' + 'a'), 0};

			IS_INT(itnrw(k), i + 1, "IT.NRW key %s maps to %s", k, current[i]);
			IS_INT(itnrw(lower), i + 1, "IT.NRW key %s (lower case) maps to %s", lower, current[i]);
		}
		OK(kaoa_abschluss_bezeichnung(i + 1) != NULL, "%s has a long name", current[i]);
	}

	/* case, trimming, pre-2022 codes, aliases */
	IS_INT(parse("msa_q"), 9, "lower case");
	IS_INT(parse("  Abitur \t\n"), 15, "surrounding whitespace trimmed");
	IS_INT(parse("HA9A"), 2, "HA9A -> ESAA");
	IS_INT(parse("HA9"), 3, "HA9 -> ESA");
	IS_INT(parse("ha9_foe"), 4, "HA9_FOE -> ESA_FOE");
	IS_INT(parse("HA9_Q"), 5, "HA9_Q -> ESA_Q");
	IS_INT(parse("HA10"), 6, "HA10 -> EESA");
	IS_INT(parse("HA10_Q"), 7, "HA10_Q -> EESA_Q");
	IS_INT(parse("HSA"), 3, "HSA -> ESA");
	IS_INT(parse("FOR"), 8, "FOR -> MSA");
	IS_INT(parse("FOR-Q"), 9, "FOR-Q -> MSA_Q");
	IS_INT(parse("forq"), 9, "FORQ -> MSA_Q");
	IS_INT(parse("FOR_Q"), 9, "FOR_Q -> MSA_Q");
	IS_INT(parse("FHR-S"), 12, "FHR-S -> FHR_S");
	IS_INT(parse("AHR"), 15, "AHR -> ABITUR");
	IS_INT(parse("abi"), 15, "ABI -> ABITUR");

	/* refusals, with a detail that names what was found */
	OK(!kaoa_abschluss_parse("", 0, &code, &err), "empty refused");
	OK(strstr(err.detail, "empty") != NULL, "detail says empty: %s", err.detail);
	OK(!kaoa_abschluss_parse("   ", 3, &code, &err), "blank refused");
	OK(!kaoa_abschluss_parse("MSA Q", 5, &code, &err), "inner space refused");
	OK(strstr(err.detail, "\"MSA Q\"") != NULL, "detail quotes the input: %s", err.detail);
	OK(!kaoa_abschluss_parse("ABITURX", 7, &code, &err), "unknown 7-byte code refused");
	OK(!kaoa_abschluss_parse("ABITUR_LONGER", 13, &code, &err), "over-long code refused");
	OK(!kaoa_abschluss_parse("MS\0A", 4, &code, &err), "embedded NUL refused");
	OK(!kaoa_abschluss_parse("HA", 2, &code, &err), "prefix of a code refused");
	OK(!kaoa_abschluss_parse("Mßa", 4, &code, &err), "non-ASCII refused");
	OK(itnrw("") == 0 && itnrw("AB") == 0 && itnrw("E") == 0 && itnrw("1") == 0,
	   "IT.NRW: empty, two letters, unknown letter E, digit refused");
	IS_INT(itnrw(" k "), 15, "IT.NRW key trimmed");

	/* validity range and erfuellt */
	OK(!kaoa_abschluss_valid(0) && !kaoa_abschluss_valid(19) && kaoa_abschluss_valid(1) &&
	   kaoa_abschluss_valid(18), "valid range is 1..18");
	IS_INT(kaoa_abschluss_rang(0), -1, "invalid code has no rank");
	OK(kaoa_abschluss_code(19) == NULL && kaoa_abschluss_bezeichnung(0) == NULL, "invalid code has no text");
	IS_INT(kaoa_abschluss_erfuellt(15, 8), 1, "ABITUR fulfils MSA");
	IS_INT(kaoa_abschluss_erfuellt(8, 8), 1, "MSA fulfils MSA");
	IS_INT(kaoa_abschluss_erfuellt(3, 8), 0, "ESA does not fulfil MSA");
	IS_INT(kaoa_abschluss_erfuellt(2, 5), 1, "ESAA fulfils ESA_Q (same rank)");
	IS_INT(kaoa_abschluss_erfuellt(17, 1), -1, "FOEL is not comparable");
	IS_INT(kaoa_abschluss_erfuellt(1, 18), -1, "WALD is not comparable");
	{
		int			a,
					b,
					same = 0;

		/* every long name tells its entry apart (ESA and ESAA differ only in the Klasse 10 entitlement) */
		for (a = KAOA_ABSCHLUSS_MIN; a <= KAOA_ABSCHLUSS_MAX; a++)
			for (b = a + 1; b <= KAOA_ABSCHLUSS_MAX; b++)
				if (strcmp(kaoa_abschluss_bezeichnung(a), kaoa_abschluss_bezeichnung(b)) == 0)
					same++;
		IS_INT(same, 0, "the 18 long names are distinct");
		IS_STR(kaoa_abschluss_bezeichnung(3), "Erster Schulabschluss mit Berechtigung zum Besuch der Klasse 10 Typ B",
			   "ESA names its Klasse 10 entitlement");
	}
	return unit_done();
}
