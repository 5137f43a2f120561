#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries (initdb, postgres) are installed
# for the tests in ./postgres, which start a throwaway server on loopback
# themselves (see postgres/pgtest). Idempotent: returns at once when they are
# present (in PATH or /usr/lib/postgresql/*/bin) or when
# IAFBOT_TEST_DATABASE_URL names a server to use instead; otherwise installs
# Debian's postgresql package, quietly, without creating or starting the
# package's default cluster. Installing needs apt-get and root (or sudo).
set -euo pipefail

found() {
	command -v initdb >/dev/null 2>&1 && return 0
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && [ -x "$d/postgres" ] && return 0
	done
	return 1
}

if [ -n "${IAFBOT_TEST_DATABASE_URL:-}" ] || found; then
	exit 0
fi

fail() { echo "postgres.sh: $*" >&2; exit 1; }

command -v apt-get >/dev/null 2>&1 ||
	fail "PostgreSQL not found and no apt-get here: install the PostgreSQL server or set IAFBOT_TEST_DATABASE_URL"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || fail "PostgreSQL not found; installing it needs root or sudo"
	sudo=(sudo)
fi

echo "== installing PostgreSQL (Debian package postgresql)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The tests run their own server: no default cluster on port 5432.
"${sudo[@]}" mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" | "${sudo[@]}" tee /etc/postgresql-common/createcluster.d/iafbot-ci.conf >/dev/null
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -o Dpkg::Use-Pty=0)
if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends postgresql; } >"$log" 2>&1; then
	cat "$log" >&2
	fail "installing the postgresql package failed"
fi
found || fail "the postgresql package is installed, but initdb was not found"
echo "== PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -1) installed"
