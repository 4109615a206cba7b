#!/bin/bash
# make demo — the main job on a fresh machine: installs what is missing (as .ci/run), builds and
# installs kaoa, starts a throwaway cluster (pg_virtualenv -t), and plays a school year of a Kreis
# through it (demo/schuljahr.sh).  Needs root, like make test.  Prints its running time last.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
[ "$(id -u)" -eq 0 ] || { echo "make demo needs root (it installs packages and kaoa into the system PostgreSQL)"; exit 1; }

. demo/sprache.sh
# gettext: msgfmt builds the message catalogues; locales-all: de_DE.UTF-8 for a German demo
packages=(postgresql-15 postgresql-server-dev-15 libjson-c-dev libpq-dev pkg-config make gcc python3 gettext)
if $DEMO_DE; then packages+=(locales-all); fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" > /tmp/kaoa-apt.log 2>&1 \
        || { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q "${missing[@]}" > /tmp/kaoa-apt.log 2>&1; } \
        || { tail -20 /tmp/kaoa-apt.log; echo "installing the packages failed"; exit 1; }
fi

echo "$(t 'building and installing kaoa …' 'kaoa wird gebaut und installiert …')"
make -s all > /tmp/kaoa-demo-build.log 2>&1 && make -s install >> /tmp/kaoa-demo-build.log 2>&1 \
    || { tail -30 /tmp/kaoa-demo-build.log; echo "$(t 'the build failed' 'der Bau ist fehlgeschlagen')"; exit 1; }

# The user's language: German when LANG (LC_MESSAGES, LC_ALL) asks for it (demo/sprache.sh), with
# the locale de_DE.UTF-8 generated where only the package `locales` is installed; else C.UTF-8.
if $DEMO_DE; then
    locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8' || localedef -i de_DE -f UTF-8 de_DE.UTF-8 \
        || echo "de_DE.UTF-8 is missing (apt-get install locales-all): the demo stays English"
    unset LC_ALL LC_MESSAGES LANGUAGE
    export LANG=de_DE.UTF-8
else
    export LANG=C.UTF-8 LC_ALL=C.UTF-8
fi
pg_virtualenv -t bash demo/schuljahr.sh; rc=$?
echo
echo "$(t 'demo finished in' 'Demo beendet nach') $(( $(date +%s) - start )) s (exit $rc)"
exit $rc
