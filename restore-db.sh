#!/usr/bin/env bash
# Attendee EMS: restore a dump made by backup-db.sh into a target database.
#
#   ./restore-db.sh --target postgresql://user:pass@host:5432/attendee_ems_restore \
#                   --confirm attendee_ems_restore [--create] backup_attendee_ems_2026-01-15T03-00-00Z.dump
#
#   --target URL      database to restore into (or TARGET_DATABASE_URL)
#   --confirm NAME    required: the target database's name, typed out (nothing happens without it)
#   --create          create the target database first when it does not exist
#   --force           restore even when the target already has tables (they are dropped first
#                     by pg_restore --clean for custom dumps; plain dumps need an empty database)
#
# Restoring into a fresh database and switching DATABASE_URL is safer than overwriting the live
# one: the old data stays available until you drop it. Needs pg_restore/psql of the server's major
# version or newer. The restore runs in one transaction: it applies fully or not at all.
set -euo pipefail

log() { printf '%s restore-db: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

TARGET=${TARGET_DATABASE_URL:-}
CONFIRM=""
CREATE=false
FORCE=false
FILE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) TARGET=${2:-}; shift 2 ;;
    --confirm) CONFIRM=${2:-}; shift 2 ;;
    --create) CREATE=true; shift ;;
    --force) FORCE=true; shift ;;
    -h | --help) usage ;;
    -*) die "unknown option $1" ;;
    *) FILE=$1; shift ;;
  esac
done

[[ -n "$FILE" ]] || usage
[[ -r "$FILE" ]] || die "cannot read $FILE"
[[ -n "$TARGET" ]] || die "--target (or TARGET_DATABASE_URL) is required"

TARGET=$(printf '%s' "$TARGET" | sed -E 's/([?&])schema=[^&]*&?/\1/; s/[?&]$//')
DB_NAME=$(printf '%s' "$TARGET" | sed -E 's#^[a-z]+://[^/]*/([^?]*).*$#\1#')
[[ -n "$DB_NAME" && "$DB_NAME" != "$TARGET" ]] || die "cannot read the database name in --target"
if [[ "$CONFIRM" != "$DB_NAME" ]]; then
  die "refusing to restore into '$DB_NAME' without --confirm $DB_NAME"
fi

if [[ -f "$FILE.sha256" ]]; then
  (cd "$(dirname "$FILE")" && sha256sum --check --status "$(basename "$FILE").sha256") || die "checksum mismatch for $FILE"
  log "checksum ok"
fi

# Same server, maintenance database, to create the target.
ADMIN_URL=$(printf '%s' "$TARGET" | sed -E "s#^([a-z]+://[^/]*/)[^?]*#\1postgres#")
exists=$(psql "$ADMIN_URL" -XAtq -v ON_ERROR_STOP=1 -v name="$DB_NAME" <<<"SELECT 1 FROM pg_database WHERE datname = :'name'" || true)
if [[ "$exists" != 1 ]]; then
  $CREATE || die "database $DB_NAME does not exist (add --create)"
  log "creating database $DB_NAME"
  psql "$ADMIN_URL" -Xq -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"${DB_NAME//\"/}\""
fi

tables=$(psql "$TARGET" -XAtq -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [[ "$tables" != 0 ]] && ! $FORCE; then
  die "database $DB_NAME already has $tables tables: restore into a fresh database, or add --force"
fi

log "restoring $FILE into $DB_NAME"
case "$FILE" in
  *.dump)
    clean=()
    if [[ "$tables" != 0 ]]; then clean=(--clean --if-exists); fi
    pg_restore --dbname="$TARGET" --no-owner --no-privileges --exit-on-error --single-transaction "${clean[@]}" "$FILE"
    ;;
  *.sql.gz)
    [[ "$tables" == 0 ]] || die "a plain dump needs an empty database"
    gunzip -c "$FILE" | psql "$TARGET" -Xq -v ON_ERROR_STOP=1 --single-transaction >/dev/null
    ;;
  *.sql)
    [[ "$tables" == 0 ]] || die "a plain dump needs an empty database"
    psql "$TARGET" -Xq -v ON_ERROR_STOP=1 --single-transaction -f "$FILE" >/dev/null
    ;;
  *) die "unknown dump type (expected .dump, .sql.gz or .sql): $FILE" ;;
esac

migrations=$(psql "$TARGET" -XAtq -c 'SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL' 2>/dev/null || echo '?')
log "done: $DB_NAME restored ($migrations migrations recorded). Point DATABASE_URL at it and reload the app."
