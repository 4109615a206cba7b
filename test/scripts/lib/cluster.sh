# test/scripts/lib/cluster.sh — clusters of a test's own (sourced, not run), for the tests that need
# a server configured unlike the throwaway cluster of pg_virtualenv: pg_cron preloaded, a primary
# with a streaming standby, a server under valgrind.  Each cluster lives in a temporary directory
# owned by user postgres, listens on the loopback (127.0.0.1) and on a socket in that directory,
# on a port found free, and is stopped and removed when the test's shell exits.
#
#   cluster_init NAME [initdb options]   initdb (trust for local and loopback connections)
#   cluster_conf NAME 'guc = value' ...  append settings to postgresql.conf
#   cluster_start NAME / cluster_stop NAME
#   cluster_psql NAME [psql options]     psql -X -v ON_ERROR_STOP=1 as postgres into that cluster
#   cluster_port NAME / cluster_dir NAME / cluster_sock NAME
# Needs root (runs the server as postgres).
CLUSTER_ROOT=$(mktemp -d /tmp/kaoa-cluster.XXXXXX)
chown postgres:postgres "$CLUSTER_ROOT"
chmod 0755 "$CLUSTER_ROOT"
PG_BIN=$(pg_config --bindir)
declare -A CLUSTER_PORT=()

cluster_cleanup() {
    local n
    for n in "${!CLUSTER_PORT[@]}"; do
        [ -f "$CLUSTER_ROOT/$n/data/postmaster.pid" ] &&
            runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$CLUSTER_ROOT/$n/data" -m immediate -w stop > /dev/null 2>&1
    done
    rm -rf "$CLUSTER_ROOT"
}
trap cluster_cleanup EXIT

# A port nobody listens on and no socket file claims (several test runs may share the machine).
cluster_free_port() {
    local p
    while :; do
        p=$(( 20000 + RANDOM % 30000 ))
        ss -Hltn "sport = :$p" 2>/dev/null | grep -q . && continue
        ls /var/run/postgresql/.s.PGSQL.$p "$CLUSTER_ROOT"/*/.s.PGSQL.$p > /dev/null 2>&1 && continue
        [[ " ${CLUSTER_PORT[*]} " == *" $p "* ]] && continue
        echo "$p"; return
    done
}

cluster_dir()  { echo "$CLUSTER_ROOT/$1/data"; }
cluster_sock() { echo "$CLUSTER_ROOT/$1"; }
cluster_port() { echo "${CLUSTER_PORT[$1]}"; }

cluster_init() {
    local name=$1; shift
    runuser -u postgres -- mkdir -p "$CLUSTER_ROOT/$name"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$CLUSTER_ROOT/$name/data" -A trust -U postgres \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync "$@" > "$CLUSTER_ROOT/$name/initdb.log" 2>&1 ||
        { cat "$CLUSTER_ROOT/$name/initdb.log"; return 1; }
    cluster_set_port "$name" "$(cluster_free_port)"
}

# cluster_set_port NAME PORT: the port and socket of a data directory made otherwise (pg_basebackup)
cluster_set_port() {
    CLUSTER_PORT[$1]=$2
    cluster_conf "$1" "port = $2" "listen_addresses = '127.0.0.1'" \
        "unix_socket_directories = '$CLUSTER_ROOT/$1'" "fsync = off" "logging_collector = off"
}

cluster_conf() {
    local name=$1; shift
    printf '%s\n' "$@" >> "$CLUSTER_ROOT/$name/data/postgresql.conf"
}

cluster_start() {
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$CLUSTER_ROOT/$1/data" -l "$CLUSTER_ROOT/$1/server.log" -w -t 120 start > /dev/null ||
        { tail -30 "$CLUSTER_ROOT/$1/server.log"; return 1; }
}

cluster_stop() {
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$CLUSTER_ROOT/$1/data" -m fast -w stop > /dev/null
}

cluster_log() { cat "$CLUSTER_ROOT/$1/server.log"; }

cluster_psql() {
    local name=$1; shift
    PGHOST="$CLUSTER_ROOT/$name" PGPORT="${CLUSTER_PORT[$name]}" PGUSER=postgres PGPASSWORD= \
        psql -X -q -v ON_ERROR_STOP=1 "$@"
}
