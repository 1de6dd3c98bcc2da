#!/usr/bin/env bash
# install-pgvector.sh builds and installs the pgvector extension for the local
# PostgreSQL 15 from Debian trixie's source package (bookworm ships none), then
# enables it in the database Tremplin's tests use. It is idempotent: when the
# extension is already installed it only runs CREATE EXTENSION.
#
# Environment:
#   PGVECTOR_PG_CONFIG  pg_config of the target server (default: PostgreSQL 15)
#   PGVECTOR_DB_HOST    database host for CREATE EXTENSION (default 127.0.0.1)
#   PGVECTOR_DB_USER    database user (default postgres)
#   PGVECTOR_DB_NAME    database name (default test)
#   PGVECTOR_FORCE=1    rebuild and reinstall even when already installed
set -euo pipefail

pg_config=${PGVECTOR_PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
db_host=${PGVECTOR_DB_HOST:-127.0.0.1}
db_user=${PGVECTOR_DB_USER:-postgres}
db_name=${PGVECTOR_DB_NAME:-test}
sources=/etc/apt/sources.list.d/debian.sources

log() { printf 'install-pgvector: %s\n' "$*" >&2; }

sudo_if_needed() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# mirror_uri prints the first URIs: entry of the Debian sources file, so that
# the script uses whichever mirror this machine is configured with.
mirror_uri() {
	local uri
	uri=$(awk '/^URIs:/ { print $2; exit }' "$sources")
	if [ -z "$uri" ]; then
		log "no URIs: line in $sources"
		return 1
	fi
	printf '%s\n' "$uri"
}

work=""
cleanup() {
	if [ -n "$work" ]; then sudo_if_needed rm -rf "$work"; fi
}
trap cleanup EXIT

build_and_install() {
	local uri
	work=$(mktemp -d)
	log "installing build dependencies"
	sudo_if_needed apt-get update -qq
	sudo_if_needed env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq postgresql-server-dev-15 build-essential >/dev/null
	uri=$(mirror_uri)
	printf 'deb-src %s trixie main\n' "$uri" >"$work/sources.list"
	mkdir -p "$work/lists/partial" "$work/download" "$work/build"
	# Let apt's unprivileged download user write there (no sandbox warning).
	chmod 0755 "$work"
	if id _apt >/dev/null 2>&1; then
		sudo_if_needed chown -R _apt "$work/lists" "$work/download"
	fi
	local apt_opts=(
		-o "Dir::Etc::SourceList=$work/sources.list"
		-o "Dir::Etc::SourceParts=/dev/null"
		-o "Dir::State::Lists=$work/lists"
	)
	log "fetching the trixie source package"
	sudo_if_needed apt-get "${apt_opts[@]}" update -qq
	(cd "$work/download" && sudo_if_needed apt-get "${apt_opts[@]}" source --download-only pgvector >/dev/null)
	local tarball dir
	tarball=$(find "$work/download" -maxdepth 1 -name 'pgvector_*.orig.tar.*' | head -n 1)
	if [ -z "$tarball" ]; then
		log "no pgvector orig tarball downloaded"
		return 1
	fi
	tar -xf "$tarball" -C "$work/build"
	dir=$(find "$work/build" -mindepth 1 -maxdepth 1 -type d -name 'pgvector*' | head -n 1)
	log "building $(basename "$dir")"
	make -s -C "$dir" PG_CONFIG="$pg_config" >/dev/null
	sudo_if_needed make -s -C "$dir" PG_CONFIG="$pg_config" install >/dev/null
}

main() {
	local sharedir
	sharedir=$("$pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)
	if [ -f "$sharedir/extension/vector.control" ] && [ "${PGVECTOR_FORCE:-}" != 1 ]; then
		log "pgvector already installed in $sharedir"
	else
		build_and_install
	fi
	PGOPTIONS="-c client_min_messages=warning" psql -v ON_ERROR_STOP=1 -q -h "$db_host" -U "$db_user" -d "$db_name" \
		-c 'CREATE EXTENSION IF NOT EXISTS vector'
	log "extension vector $(psql -tAq -h "$db_host" -U "$db_user" -d "$db_name" \
		-c "SELECT extversion FROM pg_extension WHERE extname = 'vector'") enabled in $db_name"
}

main "$@"
