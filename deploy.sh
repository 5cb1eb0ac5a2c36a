#!/usr/bin/env bash
# Attendee EMS: zero-downtime deploy on a VPS (PM2 + nginx), with automatic rollback.
#
#   ./deploy.sh [--ref <git ref>] [--dry-run]
#
# Layout (created on first run; see docs/operations.md):
#   $APP_DIR/repo/             bare-ish clone used to fetch
#   $APP_DIR/releases/<sha>/   one folder per deployed commit (the last $KEEP_RELEASES are kept)
#   $APP_DIR/current           symlink to the live release (nginx root, PM2 cwd)
#   $APP_DIR/shared/.env       production settings, linked into every release
#   $APP_DIR/shared/logs/      PM2 logs
#
# Steps: fetch → new release folder → npm ci → build (back + front) → migrate → switch `current`
# → pm2 startOrReload (cluster: one instance at a time) → health check with retries. When the
# health check fails, `current` goes back to the previous release and PM2 reloads it. Migrations
# must stay backward compatible with the previous release (expand/contract): rollback does not
# undo them.
#
# Settings (environment): APP_DIR (/srv/attendee), REPO_URL (origin of $APP_DIR/repo), BRANCH
# (main), HEALTH_URL (http://127.0.0.1:3000/api/health/ready), HEALTH_RETRIES (30),
# HEALTH_DELAY (2 s), KEEP_RELEASES (5).
set -euo pipefail

APP_DIR=${APP_DIR:-/srv/attendee}
BRANCH=${BRANCH:-main}
HEALTH_URL=${HEALTH_URL:-http://127.0.0.1:3000/api/health/ready}
HEALTH_RETRIES=${HEALTH_RETRIES:-30}
HEALTH_DELAY=${HEALTH_DELAY:-2}
KEEP_RELEASES=${KEEP_RELEASES:-5}
DRY_RUN=false
REF=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) DRY_RUN=true; shift ;;
    --ref) REF=${2:?--ref needs a value}; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deploy: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { printf '%s deploy: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# Prints the command; runs it unless --dry-run.
run() {
  log "+ $*"
  if ! $DRY_RUN; then "$@"; fi
}

for tool in git node npm; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
PM2=${PM2:-pm2}
command -v "$PM2" >/dev/null || $DRY_RUN || die "pm2 is not installed (npm install -g pm2)"

REPO="$APP_DIR/repo"
RELEASES="$APP_DIR/releases"
SHARED="$APP_DIR/shared"
CURRENT="$APP_DIR/current"

[[ -f "$SHARED/.env" ]] || $DRY_RUN || die "$SHARED/.env is missing (copy .env.example and fill it in)"
run mkdir -p "$RELEASES" "$SHARED/logs"

# Only one deploy at a time.
if ! $DRY_RUN && command -v flock >/dev/null; then
  exec 9>"$APP_DIR/.deploy.lock"
  flock -n 9 || die "another deploy is running"
fi

if [[ ! -d "$REPO/.git" ]]; then
  [[ -n "${REPO_URL:-}" ]] || $DRY_RUN || die "$REPO does not exist: set REPO_URL for the first deploy"
  run git clone --quiet "${REPO_URL:-<REPO_URL>}" "$REPO"
fi
if [[ -d "$REPO/.git" ]]; then
  run git -C "$REPO" fetch --quiet --prune origin
fi
TARGET_REF=${REF:-origin/$BRANCH}
if $DRY_RUN && [[ ! -d "$REPO/.git" ]]; then
  SHA=dry-run
else
  SHA=$(git -C "$REPO" rev-parse --verify "$TARGET_REF^{commit}")
fi
RELEASE="$RELEASES/$SHA"
PREVIOUS=$(readlink -f "$CURRENT" 2>/dev/null || true)
log "deploying $TARGET_REF ($SHA); live release: ${PREVIOUS:-none}"

if [[ "$PREVIOUS" == "$RELEASE" ]]; then
  log "$SHA is already live: reloading only"
else
  if [[ ! -d "$RELEASE" ]]; then
    run mkdir -p "$RELEASE"
    # A clean tree of that commit (no .git, no stray files).
    if $DRY_RUN; then
      log "+ git -C $REPO archive $SHA | tar -x -C $RELEASE"
    else
      git -C "$REPO" archive "$SHA" | tar -x -C "$RELEASE"
    fi
  fi
  run ln -sfn "$SHARED/.env" "$RELEASE/.env"
  run ln -sfn "$SHARED/logs" "$RELEASE/logs"
  (
    if ! $DRY_RUN; then cd "$RELEASE"; fi
    log "in $RELEASE:"
    run npm ci --no-audit --no-fund
    run npm run build
    # Plain SQL migrations, applied under an advisory lock (safe while the old release runs;
    # the Prisma CLI cannot migrate offline). Each app process also migrates at boot: no-op then.
    run node --env-file="$SHARED/.env" attendee-ems-back/dist/src/cli/migrate.js
  )
fi

health_check() {
  local attempt
  for ((attempt = 1; attempt <= HEALTH_RETRIES; attempt++)); do
    if curl --silent --fail --max-time 5 --output /dev/null "$HEALTH_URL"; then
      log "healthy after $attempt attempt(s): $HEALTH_URL"
      return 0
    fi
    sleep "$HEALTH_DELAY"
  done
  return 1
}

activate() {
  local release=$1
  run ln -sfn "$release" "$CURRENT.next"
  run mv -T "$CURRENT.next" "$CURRENT"
  # startOrReload: starts the apps on a fresh server, otherwise a rolling reload of the API cluster
  # (each new instance must listen before an old one is stopped) and a restart of the worker.
  run env ATTENDEE_ROOT="$CURRENT" ATTENDEE_LOG_DIR="$SHARED/logs" "$PM2" startOrReload "$CURRENT/ecosystem.config.js" --env production --update-env
}

activate "$RELEASE"
if $DRY_RUN; then
  log "dry run: would check $HEALTH_URL, then keep the last $KEEP_RELEASES releases"
  exit 0
fi

if ! health_check; then
  log "health check failed: $HEALTH_URL"
  if [[ -n "$PREVIOUS" && -d "$PREVIOUS" && "$PREVIOUS" != "$RELEASE" ]]; then
    log "rolling back to $PREVIOUS"
    activate "$PREVIOUS"
    health_check || die "the previous release is not healthy either: investigate now (pm2 logs)"
    die "deploy of $SHA failed; rolled back to $(basename "$PREVIOUS")"
  fi
  die "deploy of $SHA failed and there is no previous release to roll back to"
fi

"$PM2" save >/dev/null
# Keep the last releases (never the live one).
mapfile -t old < <(find "$RELEASES" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' | sort -rn | tail -n +"$((KEEP_RELEASES + 1))" | cut -d' ' -f2-)
for dir in "${old[@]}"; do
  [[ "$(readlink -f "$dir")" == "$(readlink -f "$CURRENT")" ]] && continue
  log "removing old release $dir"
  rm -rf "$dir"
done
log "live: $SHA"
