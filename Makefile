# kaoa — PostgreSQL extension for the NRW "Kein Abschluss ohne Anschluss" transition (see README.md and docs/).
#
#   make                 build the module, the install script and the client program
#   make install         install them (as root) into the PostgreSQL found by pg_config
#   make test            build, install, run every suite in a throwaway cluster; last line "N passed, M failed"
#   make unit            the C unit tests of the pure-C cores under ASan + UBSan
#   make fuzz            every libFuzzer target for FUZZ_SECONDS (default 60) each
#   make bench           the benchmarks (bench/run.sh), printed as ratios against baselines
#   make demo            the main job on a fresh machine (demo/run.sh)
#   make deb             the Debian package postgresql-15-kaoa in build/deb, checked by lintian
#   make update-po       extract the messages of src/ (xgettext) and merge them into po/de.po and
#                        po/client/de.po (msgmerge); then translate what is new (CONTRIBUTING.md)
#   make valgrind        the pg_regress and pgTAP suites against a server run under valgrind memcheck
#
# Set WERROR=1 to turn warnings into errors (CI does).

EXTENSION  = kaoa
# The version is defined once, in kaoa.control.
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

# --- the source tree: one folder per area above the base layer (src/base), each with its pure-C
# core (src/<area>/core: no PostgreSQL header).  The module is built from the server areas; the
# client from src/client plus the cores it needs.  CORES_<area> is an area's core with the cores
# it builds on, and so what a unit test or fuzz target of that area links.
MODULE_AREAS = base types kette match sbo
CORES_base   = $(sort $(wildcard src/base/core/*.c))
CORES_types  = $(sort $(wildcard src/types/core/*.c)) $(CORES_base)
CORES_kette  = $(sort $(wildcard src/kette/core/*.c)) $(CORES_base)
CORES_match  = $(sort $(wildcard src/match/core/*.c)) $(CORES_types)
CORES_sbo    = $(sort $(wildcard src/sbo/core/*.c)) $(CORES_base)
CORES_client = $(sort $(wildcard src/client/core/*.c)) $(CORES_types)
CORE_HDRS    = $(wildcard src/*/core/*.h)

# --- the loadable module: src/module.c (entry point), the backend files of each area and their cores ---
MODULE_big   = $(EXTENSION)
BACKEND_SRCS = src/module.c $(foreach a,$(MODULE_AREAS),$(sort $(wildcard src/$(a)/*.c)))
CORE_SRCS    = $(sort $(foreach a,$(MODULE_AREAS),$(CORES_$(a))))
OBJS         = $(BACKEND_SRCS:.c=.o) $(CORE_SRCS:.c=.o)
PGFILEDESC   = "kaoa - KAoA transition data, rules and matching"

# --- the install script, assembled from extension/NNN_*.sql in file-name order ---
EXTENSION_PARTS = $(sort $(wildcard extension/[0-9][0-9][0-9]_*.sql))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
# Installed beside it: the upgrade scripts kaoa--A--B.sql and the frozen install scripts of released
# versions (kaoa--0.1.0.sql), so that CREATE EXTENSION kaoa VERSION '0.1.0' and ALTER EXTENSION kaoa
# UPDATE work.
UPGRADE_SCRIPTS  = $(wildcard extension/$(EXTENSION)--*--*.sql)
RELEASED_SCRIPTS = $(filter-out $(UPGRADE_SCRIPTS),$(wildcard extension/$(EXTENSION)--[0-9]*.sql))
DATA       = $(UPGRADE_SCRIPTS) $(RELEASED_SCRIPTS)

# --- pg_regress (sql/, expected/) and isolation specs (test/isolation/) ---
REGRESS        = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS   = --inputdir=. --encoding=UTF8
ISOLATION      = $(basename $(notdir $(sort $(wildcard test/isolation/specs/*.spec))))
ISOLATION_OPTS = --inputdir=test/isolation --encoding=UTF8

WARNFLAGS  = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
PG_CPPFLAGS = -I$(srcdir)/src
PG_CFLAGS   = -std=gnu11 $(WARNFLAGS) -ffp-contract=off $(if $(WERROR),-Werror)

EXTRA_CLEAN = build po/*.pot po/client/*.pot output_iso results regression.diffs regression.out $(CLIENT)

# JIT bitcode is of no use for this extension and doubles the build time.
override with_llvm = no

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(EXTENSION_PARTS) $(EXTENSION).control
	@{ printf '%s\n' "-- $(EXTENSION) $(EXTVERSION): generated from extension/*.sql by make; do not edit."; \
	   printf '%s\n' '\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit'; \
	   for f in $(EXTENSION_PARTS); do printf '\n-- ==== %s ====\n' "$$f"; cat "$$f"; done; } > $@

$(OBJS): $(foreach a,$(MODULE_AREAS),$(wildcard src/$(a)/*.h)) $(CORE_HDRS)

# --- the client program `kaoa` (libpq + json-c), built with its own rules ---
CLIENT_SRCS = $(sort $(wildcard src/client/*.c))
ifneq ($(CLIENT_SRCS),)
CLIENT      = src/client/kaoa
CLIENT_OBJS = $(patsubst src/%.c,build/client/%.o,$(CLIENT_SRCS) $(sort $(CORES_client)))
# Hardened like the server (fortified libc calls, stack protector, read-only relocations); COPT
# carries the distribution's CFLAGS when the Debian package is built (pg_buildext sets it).
CLIENT_CFLAGS = -std=gnu11 -O2 -g $(WARNFLAGS) -Wmissing-prototypes -ffp-contract=off $(if $(WERROR),-Werror) \
	-D_FORTIFY_SOURCE=2 -fstack-protector-strong $(COPT) \
	-DKAOA_VERSION=\"$(EXTVERSION)\" -DKAOA_TEXTDOMAIN=\"$(CLIENT_DOMAIN)\" -DKAOA_LOCALEDIR=\"$(localedir)\" \
	-I$(srcdir)/src -I$(shell $(PG_CONFIG) --includedir) $(shell pkg-config --cflags json-c)
CLIENT_LIBS = -L$(shell $(PG_CONFIG) --libdir) -lpq $(shell pkg-config --libs json-c) -lm
CLIENT_LDFLAGS = -Wl,-z,relro -Wl,-z,now -Wl,--as-needed

all: $(CLIENT)
$(CLIENT): $(CLIENT_OBJS)
	$(CC) $(CLIENT_LDFLAGS) -o $@ $^ $(CLIENT_LIBS)
build/client/%.o: src/%.c $(wildcard src/client/*.h) $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CLIENT_CFLAGS) -c -o $@ $<

install: install-client
install-client: $(CLIENT)
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) $(CLIENT) '$(DESTDIR)$(bindir)/kaoa'
uninstall: uninstall-client
uninstall-client:
	rm -f '$(DESTDIR)$(bindir)/kaoa'
.PHONY: install-client uninstall-client
endif

# --- messages: English in the source, translated with gettext (po/; docs/operations.md) ---
# Two domains, each named with PostgreSQL's major version as PostgreSQL names its own (postgres-15,
# psql-15), so the packages of two PostgreSQL versions never ship the same file:
#   kaoa-15         the server module's errmsg/errdetail/errhint (TEXTDOMAIN in src/base/kaoa.h,
#                   bound in _PG_init); source list: every file of the module and its cores
#   kaoa-client-15  the client program's help, progress, summaries and messages (src/client)
# The catalogues are po/<lang>.po and po/client/<lang>.po; make builds build/po/<lang>/<domain>.mo
# with msgfmt -c (format strings checked against the English), make install puts them into
# PostgreSQL's locale directory (pg_config --localedir: <localedir>/<lang>/LC_MESSAGES/).  The
# templates po/kaoa.pot and po/client/kaoa-client.pot are generated, not kept in git;
# test/scripts/sprache_katalog.sh (make test, CI) fails when a message of the code is missing from a
# catalogue, untranslated or fuzzy.
PO_LANGUAGES  = de
PYTHON3      ?= /usr/bin/python3
SERVER_DOMAIN = $(EXTENSION)-$(MAJORVERSION)
CLIENT_DOMAIN = $(EXTENSION)-client-$(MAJORVERSION)
# PostgreSQL 15's BACKEND_COMMON_GETTEXT_TRIGGERS (src/nls-global.mk), c-format each; kaoa_fail:2 is
# the pure-C parsers' detail (translated through the hook set in _PG_init); _ is kaoa.h's dgettext
# on kaoa's domain.
SERVER_GETTEXT_TRIGGERS = _ gettext_noop errmsg errmsg_plural:1,2 errdetail errdetail_log errdetail_plural:1,2 \
	errdetail_log_plural:1,2 errhint errhint_plural:1,2 errcontext kaoa_fail:2
SERVER_GETTEXT_FLAGS = _:1:pass-c-format errmsg:1:c-format errmsg_plural:1:c-format errmsg_plural:2:c-format \
	errdetail:1:c-format errdetail_log:1:c-format errdetail_plural:1:c-format errdetail_plural:2:c-format \
	errdetail_log_plural:1:c-format errdetail_log_plural:2:c-format \
	errhint:1:c-format errhint_plural:1:c-format errhint_plural:2:c-format errcontext:1:c-format \
	kaoa_fail:2:c-format
# the client: _ and N_ (src/client/kaoa.h), ngettext, and its message functions, which translate
# their format themselves (gemeinsam.c)
CLIENT_GETTEXT_TRIGGERS = _ N_ ngettext:1,2 kaoa_meldung kaoa_fatal kaoa_usage_fehler
CLIENT_GETTEXT_FLAGS = _:1:pass-c-format N_:1:pass-c-format kaoa_meldung:1:c-format kaoa_fatal:1:c-format \
	kaoa_usage_fehler:1:c-format ngettext:1:c-format ngettext:2:c-format
SERVER_GETTEXT_FILES = $(sort $(BACKEND_SRCS) $(CORE_SRCS) $(wildcard src/module.h) \
	$(foreach a,$(MODULE_AREAS),$(wildcard src/$(a)/*.h src/$(a)/core/*.h)))
CLIENT_GETTEXT_FILES = $(sort $(CLIENT_SRCS) $(wildcard src/client/*.h src/client/core/*.[ch]))
XGETTEXT_OPTS = --from-code=UTF-8 --add-comments=TRANSLATORS: --no-wrap --sort-by-file -n --package-name=kaoa --package-version=$(EXTVERSION)
SERVER_MO = $(foreach l,$(PO_LANGUAGES),build/po/$(l)/$(SERVER_DOMAIN).mo)
CLIENT_MO = $(foreach l,$(PO_LANGUAGES),build/po/$(l)/$(CLIENT_DOMAIN).mo)

all: $(SERVER_MO) $(CLIENT_MO)
build/po/%/$(SERVER_DOMAIN).mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<
build/po/%/$(CLIENT_DOMAIN).mo: po/client/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

# The templates: every message of the sources, extracted with the keywords above; the server's
# also the texts of its SQL (kaoa.meldung('…') and literals marked /* _ */, po/sql_texte.py).
po/kaoa.pot: $(SERVER_GETTEXT_FILES) $(EXTENSION_PARTS) po/sql_texte.py Makefile
	@mkdir -p $(dir $@) build/po
	xgettext $(XGETTEXT_OPTS) $(addprefix -k,$(SERVER_GETTEXT_TRIGGERS)) $(addprefix --flag=,$(SERVER_GETTEXT_FLAGS)) -o build/po/kaoa-c.pot $(SERVER_GETTEXT_FILES)
	$(PYTHON3) po/sql_texte.py $(EXTENSION_PARTS) > build/po/kaoa-sql.pot
	msgcat --use-first --no-wrap -o $@ build/po/kaoa-c.pot build/po/kaoa-sql.pot
po/client/kaoa-client.pot: $(CLIENT_GETTEXT_FILES) Makefile
	@mkdir -p $(dir $@)
	xgettext $(XGETTEXT_OPTS) $(addprefix -k,$(CLIENT_GETTEXT_TRIGGERS)) $(addprefix --flag=,$(CLIENT_GETTEXT_FLAGS)) -o $@ $(CLIENT_GETTEXT_FILES)
# update-po: the templates anew, merged into each catalogue (new messages come in untranslated,
# changed ones fuzzy with the previous English beside them; both fail the check until translated).
update-po: po/kaoa.pot po/client/kaoa-client.pot
	@for l in $(PO_LANGUAGES); do \
	    msgmerge -q --no-wrap --previous --sort-by-file -U --backup=none po/$$l.po po/kaoa.pot || exit 1; \
	    msgmerge -q --no-wrap --previous --sort-by-file -U --backup=none po/client/$$l.po po/client/kaoa-client.pot || exit 1; \
	    msgattrib --no-wrap --no-obsolete -o po/$$l.po po/$$l.po && msgattrib --no-wrap --no-obsolete -o po/client/$$l.po po/client/$$l.po; \
	    echo "po/$$l.po: $$(msgfmt --statistics -o /dev/null po/$$l.po 2>&1)"; \
	    echo "po/client/$$l.po: $$(msgfmt --statistics -o /dev/null po/client/$$l.po 2>&1)"; \
	done

install: install-po
install-po: $(SERVER_MO) $(CLIENT_MO)
	@for l in $(PO_LANGUAGES); do \
	    $(MKDIR_P) '$(DESTDIR)$(localedir)'/$$l/LC_MESSAGES && \
	    $(INSTALL_DATA) build/po/$$l/$(SERVER_DOMAIN).mo build/po/$$l/$(CLIENT_DOMAIN).mo '$(DESTDIR)$(localedir)'/$$l/LC_MESSAGES/ || exit 1; \
	done
uninstall: uninstall-po
uninstall-po:
	rm -f $(foreach l,$(PO_LANGUAGES),'$(DESTDIR)$(localedir)/$(l)/LC_MESSAGES/$(SERVER_DOMAIN).mo' '$(DESTDIR)$(localedir)/$(l)/LC_MESSAGES/$(CLIENT_DOMAIN).mo')
.PHONY: update-po install-po uninstall-po

# --- C unit tests of the pure-C cores, under AddressSanitizer + UBSan ---
SAN_CC     ?= clang
SAN_FLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_CFLAGS = -std=gnu11 -g -O1 -Wall -Wextra -Werror -ffp-contract=off -I$(srcdir)/src -I$(srcdir)/test/unit
UNIT_SRCS   = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS   = $(patsubst test/unit/%.c,build/unit/%,$(UNIT_SRCS))

# The cores a test or fuzz target links: those of every area whose core headers it includes
# ("<area>/core/x.h"), with the cores they build on.
cores_for = $(sort $(foreach a,$(shell sed -n 's,^\#include "\([a-z]*\)/core/.*,\1,p' $(1)),$(CORES_$(a))))

.SECONDEXPANSION:
build/unit/%: test/unit/%.c $$(call cores_for,test/unit/$$*.c) $(CORE_HDRS) test/unit/unit.h
	@mkdir -p $(dir $@)
	$(SAN_CC) $(UNIT_CFLAGS) $(SAN_FLAGS) -pthread -o $@ $(filter %.c,$^) -lm

unit-build: $(UNIT_BINS)
unit: unit-build
	@test/unit/run.sh $(UNIT_BINS)

# --- libFuzzer targets: test/fuzz/fuzz_<name>.c with seeds and regressions in test/fuzz/corpus/<name>/ ---
FUZZ_SECONDS ?= 60
FUZZ_SRCS = $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS = $(patsubst test/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))

build/fuzz/%: test/fuzz/%.c $$(call cores_for,test/fuzz/$$*.c) $(CORE_HDRS) $(wildcard test/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(SAN_CC) $(UNIT_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $(filter %.c,$^) -lm

fuzz: $(FUZZ_BINS)
	@test/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
# Replays the committed seeds and past findings only (part of `make test`).
fuzz-regress: $(FUZZ_BINS)
	@test/fuzz/run.sh 0 $(FUZZ_BINS)

# --- the suites against the installed copy, called by test/run-tests.sh inside pg_virtualenv ---
installcheck-regress:
	$(pg_regress_installcheck) $(REGRESS_OPTS) --dbname=$(CONTRIB_TESTDB) $(REGRESS)
installcheck-isolation:
ifneq ($(ISOLATION),)
	$(pg_isolation_regress_installcheck) $(ISOLATION_OPTS) --dbname=$(ISOLATION_TESTDB) $(ISOLATION)
endif

test:
	@test/run-tests.sh

bench: all
	@bench/run.sh

demo:
	@demo/run.sh

# pg_regress and pgTAP against a server run under valgrind memcheck (test/valgrind/run.sh; slow,
# not part of `make test` or CI).
valgrind: install
	@test/valgrind/run.sh

# The Debian package, built in a copy of the tree with dpkg-buildpackage (debian/build-deb).
deb:
	@debian/build-deb build/deb

.PHONY: test unit unit-build fuzz fuzz-regress bench demo deb valgrind installcheck-regress installcheck-isolation
