#!/usr/bin/env bash
# Creates the migrations for a change of prisma/schema.prisma, for both databases the panel runs on:
#   prisma/migrations/<timestamp>_<name>/migration.sql            SQLite (the default)
#   prisma/postgres/migrations/<timestamp>_<name>/migration.sql   PostgreSQL (DATABASE_URL=postgresql://…)
# and rewrites prisma/postgres/schema.prisma (generated from prisma/schema.prisma).
# `prisma migrate dev` needs a shadow database, which the JS schema engine over a driver adapter
# cannot create here; so, for SQLite: apply the committed migrations to a scratch file, read its
# schema back (`db pull`) and diff that against prisma/schema.prisma; for PostgreSQL: diff the
# previous generated schema against the new one on a scratch server (scripts/db/scratch-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:?usage: scripts/db/new-migration.sh <name>}
stamp=$(date -u +%Y%m%d%H%M%S)
scratch=$(mktemp -d)
created=0

# SQLite
(
  export DATABASE_URL="file:$scratch/migrated.db"
  npx prisma migrate deploy >/dev/null 2>&1
  npx prisma db pull --print 2>/dev/null | sed -n '/^generator /,$p' >"$scratch/migrated.prisma"
  npx prisma migrate diff --from-schema-datamodel "$scratch/migrated.prisma" \
    --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null >"$scratch/sqlite.sql"
)
if grep -qE '^(CREATE|ALTER|DROP|INSERT|PRAGMA)' "$scratch/sqlite.sql"; then
  mkdir -p "prisma/migrations/${stamp}_${name}"
  cp "$scratch/sqlite.sql" "prisma/migrations/${stamp}_${name}/migration.sql"
  echo "Created prisma/migrations/${stamp}_${name}/migration.sql"
  created=1
fi

# PostgreSQL: from the schema its migrations last reached to the one prisma/schema.prisma says now.
bash scripts/db/postgres-schema.sh >"$scratch/postgres.prisma"
if ! cmp -s "$scratch/postgres.prisma" prisma/postgres/schema.prisma; then
  # shellcheck source=scripts/db/scratch-postgres.sh
  source scripts/db/scratch-postgres.sh
  start_scratch_postgres
  DATABASE_URL=$SCRATCH_PG_URL npx prisma migrate diff --from-schema-datamodel prisma/postgres/schema.prisma \
    --to-schema-datamodel "$scratch/postgres.prisma" --script 2>/dev/null >"$scratch/postgres.sql"
  mkdir -p "prisma/postgres/migrations/${stamp}_${name}"
  cp "$scratch/postgres.sql" "prisma/postgres/migrations/${stamp}_${name}/migration.sql"
  cp "$scratch/postgres.prisma" prisma/postgres/schema.prisma
  echo "Created prisma/postgres/migrations/${stamp}_${name}/migration.sql"
  created=1
fi
rm -rf "$scratch"
if [ "$created" = 0 ]; then
  echo "No schema change to migrate." >&2
  exit 1
fi
