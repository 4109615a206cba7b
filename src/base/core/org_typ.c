/*
 * org_typ.c — labels of the organisation types (see org_typ.h).
 */
#include "base/core/org_typ.h"

#include <string.h>

const char *const kaoa_org_typ_namen[KO_ANZAHL] = {
	"schule", "berufskolleg", "agentur", "jobcenter", "jugendamt", "jba", "koko", "kammer",
	"traeger", "betrieb"
};

/* A linear search: ten labels, and the callers cache the result (the actor per transaction). */
int
kaoa_org_typ_aus_name(const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < KO_ANZAHL; i++)
		if (strcmp(kaoa_org_typ_namen[i], name) == 0)
			return i;
	return -1;
}

/* Messages name the type of an organisation; a value from a damaged row must not index past the
 * table. */
const char *
kaoa_org_typ_name(int t)
{
	return t >= 0 && t < KO_ANZAHL ? kaoa_org_typ_namen[t] : "unknown";
}
