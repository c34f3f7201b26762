#!/usr/bin/env bash
# Generates both Prisma clients (npm's postinstall and build run it): generated/prisma (SQLite, the
# default) and generated/prisma-pg (PostgreSQL). Generating needs no database; the URLs only pick
# the schema in prisma.config.ts.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATABASE_URL="file:$(pwd)/data/panel.db" npx prisma generate
DATABASE_URL="postgresql://generate@127.0.0.1:1/none" npx prisma generate
