#!/bin/bash
# The Debian package and the manual page: kaoa(1) renders without a groff warning and documents
# every subcommand and every long option the client's --help names; when the package
# postgresql-15-kaoa is installed (CI, autopkgtest), its version is the extension's and the
# client, the man page, every script of the release and the German message catalogues are where
# the package puts them.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
man_page=docs/kaoa.1

warnings=$(MANWIDTH=100 man --warnings -l "$man_page" 2>&1 > /dev/null)
t_is "$warnings" "" "kaoa(1) renders without a warning"

t_run "$KAOA" --help
subcommands=$(printf '%s\n' "$out" | sed -n '/^Subcommands:/,/^$/p' | awk 'NF && $1 != "Subcommands:" && $1 != "help" && /^  [a-z]/ {print $1}')
t_like "$subcommands" 'generate' "the client's --help lists its subcommands"
for s in $subcommands; do
    t_ok "kaoa(1) has a section for \"$s\"" grep -qx ".SS $s" "$man_page"
    t_run "$KAOA" "$s" --help
    missing=""
    for opt in $(printf '%s\n' "$out" | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
        [ "$opt" = --help ] && continue
        man_opt=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        grep -q -- "$man_opt" "$man_page" || missing="$missing $opt"
    done
    t_is "$missing" "" "kaoa(1) documents every option of \"kaoa $s\""
done
for status in 0 1 2 3; do
    t_ok "kaoa(1) explains exit status $status" grep -qx ".B $status" "$man_page"
done

version=$(sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" kaoa.control)
if dpkg-query -W -f='${Status}' postgresql-15-kaoa 2>/dev/null | grep -q 'install ok installed'; then
    pkg=$(dpkg-query -W -f='${Version}' postgresql-15-kaoa)
    t_is "${pkg%-*}" "$version" "the installed package's version is the extension's ($version)"
    share=$(pg_config --sharedir)/extension
    t_is "$(sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$share/kaoa.control")" "$version" \
        "the installed kaoa.control names the same default_version"
    files=$(dpkg -L postgresql-15-kaoa)
    for f in "$(pg_config --pkglibdir)/kaoa.so" "$share/kaoa--$version.sql" /usr/bin/kaoa \
             "$(pg_config --bindir)/kaoa" /usr/share/man/man1/kaoa.1.gz $(ls extension/kaoa--*.sql | sed "s,^extension,$share,"); do
        t_ok "the package installs $f" grep -qx "$f" <<< "$files"
    done
    # the German catalogues: checked when the suites test the package (CI, autopkgtest); a `make
    # test` of the tree may find an older build of the same version installed
    if [ "${KAOA_TEST_MODUS:-}" != tree ]; then
        for f in "$(pg_config --localedir)/de/LC_MESSAGES/kaoa-15.mo" "$(pg_config --localedir)/de/LC_MESSAGES/kaoa-client-15.mo"; do
            t_ok "the package installs $f" grep -qx "$f" <<< "$files"
        done
    fi
    t_run /usr/bin/kaoa --version
    t_like "$out" "^kaoa $version " "/usr/bin/kaoa --version names $version"
    t_ok "man finds kaoa(1)" man -w kaoa
else
    echo "# postgresql-15-kaoa is not installed: the package checks are left out (make test installs from the tree)"
fi
t_done
