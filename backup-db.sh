#!/usr/bin/env bash
# Attendee EMS: logical backup of the PostgreSQL database (cron, e.g. hourly or nightly).
#
#   DATABASE_URL=postgresql://user:pass@host:5432/attendee_ems ./backup-db.sh
#   ENV_FILE=/srv/attendee/shared/.env ./backup-db.sh          # reads DATABASE_URL from the app's .env
#
# Settings (environment):
#   DATABASE_URL          database to dump (required, directly or through ENV_FILE)
#   BACKUP_DIR            where dumps go (default /var/backups/attendee-ems)
#   BACKUP_FORMAT         custom (default: pg_dump -Fc, compressed, pg_restore can pick tables)
#                         or plain (SQL through gzip, readable anywhere)
#   RETENTION_DAYS        local dumps older than this are deleted (default 30; 0 keeps all)
#   BACKUP_R2_BUCKET      when set, each dump is also copied to this (private!) R2/S3 bucket with
#                         `aws s3 cp --endpoint-url`; needs the aws CLI and
#                         R2_ACCOUNT_ID (or R2_ENDPOINT), R2_ACCESS_KEY, R2_SECRET_KEY
#   BACKUP_R2_PREFIX      key prefix in the bucket (default postgres/)
#
# A dump is written under a temporary name, checked (pg_restore --list / gzip -t), then renamed,
# with a .sha256 beside it: a half-written file never looks like a backup. Any failure exits non-zero.
# pg_dump must be at least the server's major version (PostgreSQL 16 in production: postgresql-client-16).
# This is the daily safety net; point-in-time recovery (WAL archiving) is in docs/operations.md.
set -euo pipefail

log() { printf '%s backup-db: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [[ -n "${ENV_FILE:-}" ]]; then
  [[ -r "$ENV_FILE" ]] || die "ENV_FILE $ENV_FILE is not readable"
  # Only DATABASE_URL is taken from the app's env file; nothing in it is executed.
  if [[ -z "${DATABASE_URL:-}" ]]; then
    DATABASE_URL=$(sed -n 's/^[[:space:]]*DATABASE_URL[[:space:]]*=[[:space:]]*//p' "$ENV_FILE" | tail -n 1 | sed -e 's/^["'\'']//' -e 's/["'\'']$//')
  fi
fi
[[ -n "${DATABASE_URL:-}" ]] || die "DATABASE_URL is not set"

BACKUP_DIR=${BACKUP_DIR:-/var/backups/attendee-ems}
BACKUP_FORMAT=${BACKUP_FORMAT:-custom}
RETENTION_DAYS=${RETENTION_DAYS:-30}
[[ "$RETENTION_DAYS" =~ ^[0-9]+$ ]] || die "RETENTION_DAYS must be a number of days"

# Prisma-style URLs may carry ?schema=public, which libpq rejects.
PG_URL=$(printf '%s' "$DATABASE_URL" | sed -E 's/([?&])schema=[^&]*&?/\1/; s/[?&]$//')
DB_NAME=$(printf '%s' "$PG_URL" | sed -E 's#^[a-z]+://[^/]*/([^?]*).*$#\1#')
[[ -n "$DB_NAME" && "$DB_NAME" != "$PG_URL" ]] || DB_NAME=database

command -v pg_dump >/dev/null || die "pg_dump not found (apt-get install postgresql-client-16)"

mkdir -p "$BACKUP_DIR"
chmod 700 "$BACKUP_DIR"
umask 077

# One backup at a time (a slow dump must not pile up under cron).
if command -v flock >/dev/null; then
  exec 9>"$BACKUP_DIR/.backup.lock"
  flock -n 9 || die "another backup is running"
fi

STAMP=$(date -u +%Y-%m-%dT%H-%M-%SZ)
case "$BACKUP_FORMAT" in
  custom) FILE="$BACKUP_DIR/backup_${DB_NAME}_${STAMP}.dump" ;;
  plain) FILE="$BACKUP_DIR/backup_${DB_NAME}_${STAMP}.sql.gz" ;;
  *) die "BACKUP_FORMAT must be custom or plain" ;;
esac
PARTIAL="$FILE.partial"
trap 'rm -f "$PARTIAL"' EXIT

log "dumping $DB_NAME ($BACKUP_FORMAT) to $FILE"
if [[ "$BACKUP_FORMAT" == custom ]]; then
  pg_dump --dbname="$PG_URL" --format=custom --compress=6 --no-owner --no-privileges --file="$PARTIAL"
  pg_restore --list "$PARTIAL" >/dev/null || die "the dump cannot be read back"
else
  pg_dump --dbname="$PG_URL" --format=plain --no-owner --no-privileges | gzip -6 >"$PARTIAL"
  gzip -t "$PARTIAL" || die "the dump cannot be read back"
fi
[[ -s "$PARTIAL" ]] || die "empty dump"
mv "$PARTIAL" "$FILE"
(cd "$BACKUP_DIR" && sha256sum "$(basename "$FILE")" >"$(basename "$FILE").sha256")
log "done: $(du -h "$FILE" | cut -f1)"

if [[ -n "${BACKUP_R2_BUCKET:-}" ]]; then
  command -v aws >/dev/null || die "BACKUP_R2_BUCKET is set but the aws CLI is missing"
  ENDPOINT=${R2_ENDPOINT:-}
  if [[ -z "$ENDPOINT" ]]; then
    [[ -n "${R2_ACCOUNT_ID:-}" ]] || die "set R2_ACCOUNT_ID or R2_ENDPOINT for the upload"
    ENDPOINT="https://${R2_ACCOUNT_ID}.r2.cloudflarestorage.com"
  fi
  PREFIX=${BACKUP_R2_PREFIX:-postgres/}
  for object in "$FILE" "$FILE.sha256"; do
    AWS_ACCESS_KEY_ID=${R2_ACCESS_KEY:?R2_ACCESS_KEY is required for the upload} \
      AWS_SECRET_ACCESS_KEY=${R2_SECRET_KEY:?R2_SECRET_KEY is required for the upload} \
      AWS_DEFAULT_REGION=auto \
      aws s3 cp --only-show-errors --endpoint-url "$ENDPOINT" "$object" "s3://${BACKUP_R2_BUCKET}/${PREFIX}$(basename "$object")"
  done
  log "uploaded to s3://${BACKUP_R2_BUCKET}/${PREFIX} (retention there: bucket lifecycle rule)"
fi

if [[ "$RETENTION_DAYS" -gt 0 ]]; then
  find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'backup_*.dump' -o -name 'backup_*.sql.gz' -o -name 'backup_*.sha256' \) \
    -mtime +"$RETENTION_DAYS" -print -delete | sed 's/^/removed old backup: /' >&2
fi
