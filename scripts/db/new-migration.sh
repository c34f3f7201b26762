#!/usr/bin/env bash
# Creates prisma/migrations/<timestamp>_<name>/migration.sql from the schema change.
# `prisma migrate dev` needs a shadow database, which the JS schema engine over a driver adapter
# cannot create here; so: apply the committed migrations to a scratch SQLite file, read its schema
# back (`db pull`), and diff that against prisma/schema.prisma.
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:?usage: scripts/db/new-migration.sh <name>}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export DATABASE_URL="file:$scratch/migrated.db"
npx prisma migrate deploy >/dev/null 2>&1
npx prisma db pull --print 2>/dev/null | sed -n '/^generator /,$p' >"$scratch/migrated.prisma"
sql=$(npx prisma migrate diff --from-schema-datamodel "$scratch/migrated.prisma" \
  --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null)
if ! grep -qE '^(CREATE|ALTER|DROP|INSERT|PRAGMA)' <<<"$sql"; then
  echo "No schema change to migrate." >&2
  exit 1
fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" >"$dir/migration.sql"
echo "Created $dir/migration.sql"
