#!/bin/bash
# make demo — the main job on a fresh machine: installs what is missing (as .ci/run), builds and
# installs kaoa, starts a throwaway cluster (pg_virtualenv -t), and plays a school year of a Kreis
# through it (demo/schuljahr.sh).  Needs root, like make test.  Prints its running time last.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
[ "$(id -u)" -eq 0 ] || { echo "make demo needs root (it installs packages and kaoa into the system PostgreSQL)"; exit 1; }

packages=(postgresql-15 postgresql-server-dev-15 libjson-c-dev libpq-dev pkg-config make gcc python3)
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

echo "building and installing kaoa …"
make -s all > /tmp/kaoa-demo-build.log 2>&1 && make -s install >> /tmp/kaoa-demo-build.log 2>&1 \
    || { tail -30 /tmp/kaoa-demo-build.log; echo "the build failed"; exit 1; }

export LANG=C.UTF-8 LC_ALL=C.UTF-8
pg_virtualenv -t bash demo/schuljahr.sh; rc=$?
echo
echo "demo finished in $(( $(date +%s) - start )) s (exit $rc)"
exit $rc
