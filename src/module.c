/*
 * module.c — the loadable module's entry point, the one file that knows every area.
 *
 * The areas sit above the base layer and below this file: base (src/base) knows no area, an area
 * knows the base and the public header of an area below it (kette/kette.h), and _PG_init here
 * starts each of them once when the library is loaded.
 */
#include "base/kaoa.h"

#include "miscadmin.h"
#include "utils/guc.h"

#include "base/akteur.h"
#include "base/plan_sperre.h"
#include "kette/kette.h"
#include "match/match.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Module load: kaoa's message catalogue first (so that even an error of an init speaks the
 * session's language), then each part defines its own settings and callbacks (see their *_init
 * functions).
 */
void
_PG_init(void)
{
	pg_bindtextdomain(TEXTDOMAIN);
	kaoa_meldungen_init();
	kaoa_akteur_init();
	kaoa_plan_sperre_init();
	kaoa_kette_init();
	kaoa_match_init();
	MarkGUCPrefixReserved("kaoa");
}
