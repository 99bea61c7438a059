# shellcheck shell=bash
# A PostgreSQL server of the tests' own: Debian's PostgreSQL 15 binaries,
# a cluster in a fresh directory under /tmp, listening only on a Unix socket
# there, with trust authentication for the role "rt".  initdb refuses to run
# as root, so as root (CI) the server runs as nobody.
#
#   setup_file()    { pg_start; }     # exports PGHOST, PGPORT, PGUSER
#   teardown_file() { pg_stop; }      # stops it and removes its directory, failed or not
#   pg_db NAME                        # a new empty database; prints its postgresql:// URI
#
# Programs then reach it as postgresql:///NAME (libpq takes the host, port
# and user from the environment), and psql as psql -d NAME.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# Runs a command as the owner of the cluster.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	PG_DIR=$(mktemp -d /tmp/rt-pg.XXXXXX) || return 1
	export PG_DIR
	chmod 755 "$PG_DIR"
	if [ "$(id -u)" = 0 ]; then
		chown nobody:nogroup "$PG_DIR" || return 1
	fi
	if ! pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U rt -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
		>"$PG_DIR/initdb.log" 2>&1; then
		cat "$PG_DIR/initdb.log" >&2
		return 1
	fi
	# No TCP at all; fsync off: the tests kill clients, never the server.
	if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-k $PG_DIR -h '' -p 5432 -c fsync=off -c full_page_writes=off -c max_connections=50" \
		start >/dev/null; then
		cat "$PG_DIR/server.log" >&2
		return 1
	fi
	export PGHOST=$PG_DIR PGPORT=5432 PGUSER=rt
	unset PGDATABASE PGPASSWORD PGSERVICE
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	if [ -f "$PG_DIR/data/postmaster.pid" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$PG_DIR"
}

# pg_db NAME: (re)creates the database NAME, empty, and prints its URI.
pg_db() {
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\"" >&2 ||
		return 1
	echo "postgresql:///$1"
}
