#!/usr/bin/env bash
# Prints prisma/schema.prisma (SQLite, the one schema people edit) as the PostgreSQL schema: the same
# models, another provider and client output. prisma/postgres/schema.prisma is this output as of its
# last migration (lib/db/postgres-schema.test.ts fails when the two drift apart).
set -euo pipefail
cd "$(dirname "$0")/../.."
sed -e 's#^  output     = "../generated/prisma"$#  output     = "../../generated/prisma-pg"#' \
  -e 's#^  provider = "sqlite"$#  provider = "postgresql"#' \
  -e 's#^// The panel.s own records\..*$#// GENERATED from prisma/schema.prisma by scripts/db/new-migration.sh: edit that file, not this one.#' \
  prisma/schema.prisma
