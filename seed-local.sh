#!/usr/bin/env bash
# Attendee EMS: (re)load the local demo data into the development database.
#
#   ./seed-local.sh
#
# `npm start` already seeds the demo in development; use this to seed again, or to seed a local
# database given as DATABASE_URL. It starts nothing itself: without DATABASE_URL the CLI uses the
# embedded PostgreSQL of the checkout (.data/), which `npm start` creates on its first run.
# Demo content: a test organisation, its users (one per role, SUPER_ADMIN included), the system
# roles and permissions, a demo event and 50+ registrations. Refused when NODE_ENV=production.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLI="$ROOT/attendee-ems-back/dist/src/cli/seed-demo.js"

if [[ "${NODE_ENV:-development}" == production ]]; then
  echo "seed-local: refusing to load demo data with NODE_ENV=production (use seed-production.sql)" >&2
  exit 1
fi
if [[ ! -f "$CLI" ]]; then
  echo "seed-local: $CLI is missing: run \`npm run build\` first" >&2
  exit 1
fi

cd "$ROOT"
exec node "$CLI" "$@"
