#!/usr/bin/env bash
# Run a command with a private PostgreSQL cluster up, for the PostgreSQL half of the tests:
#   .ci/pg.sh pytest            (the command sees NET_TEST_PG=postgresql:///postgres?host=DIR&user=…)
# The cluster lives in a temporary folder and listens only on a Unix socket in it (no TCP);
# it is stopped and the folder removed when the command ends, however it ends.
# Installs Debian's `postgresql` package first when no PostgreSQL server is on the machine
# (CI runs as root). initdb and postgres refuse to run as root: as root, the cluster runs as
# an unprivileged user (`postgres` when the package made one, else `nobody`).
set -euo pipefail

find_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$bin" ] && [ -x "$bin/initdb" ]; then echo "$bin"; return; fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
}

PGBIN=$(find_bin)
if [ -z "$PGBIN" ]; then
    echo "pg.sh: no PostgreSQL server here; installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    PGBIN=$(find_bin)
fi

# In memory when the machine has a roomy /dev/shm (a container's is often 64 MiB: too small):
# each test copies a template database, which costs ~0.07 s there against ~1.3 s on a busy
# disk (durability is not needed for tests).
base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ] \
    && [ "$(df -Pk /dev/shm | awk 'NR == 2 {print $4}')" -ge 1048576 ]; then
    base=/dev/shm
fi
dir=$(mktemp -d "$base/netcli-pg.XXXXXX")
as_owner=()
if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || owner=nobody
    chown "$owner" "$dir"
    as_owner=(setpriv --reuid="$owner" --regid="$(id -g "$owner")" --clear-groups --)
fi

stop() {
    "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

role=netcli_test
(cd "$dir" && "${as_owner[@]}" "$PGBIN/initdb" -D "$dir/data" -U "$role" --auth=trust \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1) || { cat "$dir/initdb.log" >&2; exit 1; }
# Unix socket only, in the private folder; durability is not needed for tests.
if ! (cd "$dir" && "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=200" start >/dev/null); then
    cat "$dir/server.log" >&2
    exit 1
fi

export NET_TEST_PG="postgresql:///postgres?host=$dir&user=$role"
echo "pg.sh: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') up: NET_TEST_PG=$NET_TEST_PG" >&2
"$@"
