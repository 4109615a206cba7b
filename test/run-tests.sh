#!/bin/bash
# The one test runner.  The last line is "N passed, M failed", summed over every suite.  Needs root
# (make install / apt-get install, pg_virtualenv, clusters started as user postgres).
#
#   test/run-tests.sh             `make test` for developers: build the tree, `make install` it, then
#                                 the shape of the source tree (test/layout.py), the C unit tests
#                                 under sanitizers, the fuzz corpus replay and every database suite
#                                 in a throwaway cluster (pg_virtualenv -t)
#   test/run-tests.sh --package   what CI runs (.ci/run): build the Debian package with
#                                 dpkg-buildpackage (debian/build-deb, lintian must find no error),
#                                 install it with apt-get, and run the same suites against the
#                                 installed package instead of a `make install` of the tree
#   test/run-tests.sh --installed the suites against a kaoa that is already installed (no build)
#   --db-only                     (with --installed) only the database suites: the autopkgtest
#                                 debian/tests/suites, which has no compiler for the sanitizer builds
set -uo pipefail
cd "$(dirname "$0")/.."
. test/lib.sh
export LANG=C.UTF-8 LC_ALL=C.UTF-8
KAOA_RESULTS=$(mktemp -d /tmp/kaoa-results.XXXXXX)
export KAOA_RESULTS
trap 'rm -rf "$KAOA_RESULTS"' EXIT
makeflags=(-s ${WERROR:+WERROR=1})
mode=tree; db_only=
for arg in "$@"; do
    case $arg in
        --package) mode=package ;;
        --installed) mode=installed ;;
        --db-only) db_only=1 ;;
        *) echo "usage: test/run-tests.sh [--package | --installed [--db-only]]" >&2; exit 2 ;;
    esac
done
PACKAGE=postgresql-15-kaoa
# the suites may ask what they test: the tree's `make install`, or the package (CI, autopkgtest)
export KAOA_TEST_MODUS=$mode

summary() {
    awk -F'\t' '{p += $2; f += $3} END {printf "%d passed, %d failed\n", p, f}' "$KAOA_RESULTS/counts"
}
# step NAME SECONDS_SINCE: prints how long a step took (CI's time budget is read from these lines)
took() { echo "   ($1: $(( SECONDS - $2 )) s)"; }

# The package's version and the extension's must agree (debian/check-version), in every mode.
if debian/check-version > /dev/null 2>&1; then record "version (control = changelog)" 1 0
else debian/check-version; record "version (control = changelog)" 0 1; fi

case $mode in
tree)
    echo "== build and install (make install of the tree)"
    t=$SECONDS
    if make "${makeflags[@]}" all && make "${makeflags[@]}" install > /dev/null; then
        record "build + install" 1 0
    else
        record "build + install" 0 1
        summary; exit 1
    fi
    took "build + install" $t
    ;;
package)
    echo "== Debian package: dpkg-buildpackage -us -uc -b, lintian"
    t=$SECONDS
    debian/build-deb build/deb; status=$?
    if [ $status -eq 1 ]; then record "package build" 0 1; summary; exit 1; fi
    record "package build" 1 0
    if [ $status -eq 0 ]; then record "lintian (no error)" 1 0; else record "lintian (no error)" 0 1; fi
    took "package build + lintian" $t
    deb=$(ls build/deb/${PACKAGE}_*_amd64.deb 2>/dev/null | head -1)
    echo "== install $deb with apt-get"
    t=$SECONDS
    # --reinstall: the same version may already be installed from an earlier build; its files
    # must be replaced by this build's.
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "./$deb" > build/deb/apt.log 2>&1; then
        record "package install (apt-get)" 1 0
    else
        tail -20 build/deb/apt.log; record "package install (apt-get)" 0 1; summary; exit 1
    fi
    took "package install" $t
    ;;
esac

if [ "$mode" != tree ]; then
    # The suites below must test the package's files, not a `make install` left behind: dpkg --verify
    # compares every installed file with the package's checksums.
    if ! dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q 'install ok installed'; then
        echo "$PACKAGE is not installed"; record "installed package intact" 0 1; summary; exit 1
    fi
    changed=$(dpkg --verify "$PACKAGE" 2>&1)
    if [ -z "$changed" ]; then record "installed package intact" 1 0
    else echo "files of $PACKAGE differ from the package:"; echo "$changed"; record "installed package intact" 0 1; fi
    echo "   testing $PACKAGE $(dpkg-query -W -f='${Version}' "$PACKAGE") as installed: $(dpkg -L "$PACKAGE" | grep -cE '\.(so|sql)$|/bin/kaoa$') module/script/program files"
fi

if [ -z "$db_only" ]; then
    if [ "$mode" != tree ]; then
        # the layout check reads the objects and kaoa.so of the tree (the package was built in a copy)
        make "${makeflags[@]}" all > /dev/null || record "build of the tree (for the layout check)" 0 1
    fi
    echo "== source layout (include and call graph, kaoa.so without the generator)"
    out=$(mktemp)
    /usr/bin/python3 test/layout.py > "$out" 2>&1; status=$?
    read -r p f < <(tap_count "$out" "$status")
    record "layout" "$p" "$f"
    if [ "$f" -ne 0 ]; then show_failures "$out"; tail -5 "$out"; fi
    rm -f "$out"

    echo "== C unit tests (ASan + UBSan)"
    t=$SECONDS
    make "${makeflags[@]}" unit-build > /dev/null && make -s unit || true
    grep -q '^unit' "$KAOA_RESULTS/counts" || record "unit (ASan+UBSan)" 0 1
    took "unit" $t

    echo "== fuzz corpus replay"
    t=$SECONDS
    make "${makeflags[@]}" fuzz-regress || true
    grep -q '^fuzz' "$KAOA_RESULTS/counts" || record "fuzz corpus replay" 0 1
    took "fuzz replay" $t
fi

echo "== database suites (throwaway cluster)"
t=$SECONDS
# pg_createcluster picks the first port no cluster *it knows* uses; two pg_virtualenv started at the
# same moment on one machine can pick the same one and the second fails at once.  Try again then.
for try in 1 2 3; do
    pg_virtualenv -t test/run-db-suites.sh 2>&1 | tee "$KAOA_RESULTS/venv.log"
    grep -q 'Port conflict' "$KAOA_RESULTS/venv.log" && ! grep -qP '^pg_regress\t' "$KAOA_RESULTS/counts" || break
    echo "   (port taken by another cluster starting at the same time; trying again)"; sleep $((RANDOM % 10 + 1))
done
# run-db-suites.sh records pg_regress first; without it the cluster never came up.
grep -qP '^pg_regress\t' "$KAOA_RESULTS/counts" || record "cluster start" 0 1
took "database suites" $t

echo "=="
summary
awk -F'\t' '{f += $3} END {exit f > 0}' "$KAOA_RESULTS/counts"
