#!/bin/bash
# TAP: the NULL sweep — no statement with NULL in any column or argument, by any role, crashes the
# server or raises an internal error (test/scripts/lib/sicherheit_null.py says what it runs).  The
# database is a generated cohort with a school year played on it (test/scripts/lib/welt.sh).
# Runs inside the test cluster (PG* variables set, superuser), like every test/scripts/*.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/scripts/lib/welt.sh
DB=kaoa_sicherheit_null
trap 'welt_abbauen $DB' EXIT
if ! welt_anlegen "$DB" > /tmp/kaoa_sicherheit_null.log 2>&1; then
    echo "not ok 1 - the world of the sweep (test/scripts/lib/welt.sh) could not be built"
    sed 's/^/# /' /tmp/kaoa_sicherheit_null.log | tail -20
    echo "1..1"; exit 1
fi
/usr/bin/python3 test/scripts/lib/sicherheit_null.py "$DB"
